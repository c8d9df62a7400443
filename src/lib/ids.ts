import { v7 } from 'uuid';

/**
 * Time-ordered UUIDs (RFC 9562 version 7, from the `uuid` package): new rows land at the end of
 * the primary-key index, and the id doubles as a stable tie-breaker for keyset pagination. SQL that
 * writes rows in sets calls uuid_v7(), the same layout, defined by a migration.
 */
export function uuidv7(): string {
  return v7();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A UUID as PostgreSQL prints it (lower-case): safe to compare with a uuid column. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * Global IDs are opaque to clients: base64url of "Type:uuid". Clients must not parse them;
 * the type prefix lets `node(id:)` find the object and refuses an ID of the wrong type.
 */
export function toGlobalId(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

export function fromGlobalId(globalId: string): { type: string; id: string } | null {
  if (typeof globalId !== 'string' || globalId.length > 200 || !/^[A-Za-z0-9_-]+$/.test(globalId)) return null;
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const sep = decoded.indexOf(':');
  if (sep <= 0) return null;
  const type = decoded.slice(0, sep);
  const id = decoded.slice(sep + 1);
  if (!UUID.test(id)) return null;
  return { type, id };
}

/** The database id behind a global ID of the expected type, or null when it is not one. */
export function idOf(type: string, globalId: string): string | null {
  const parsed = fromGlobalId(globalId);
  return parsed && parsed.type === type ? parsed.id : null;
}

/** Stands in for an ID that did not decode, where null would mean "none": it matches no row. */
export const NO_SUCH_ID = '00000000-0000-0000-0000-000000000000';

import { DomainError } from '../../lib/errors';
import { MAX_FEN } from '../../lib/money';
import { LiveErrorCode as E } from './errors';

/**
 * The shapes of a live session's and a lineup item's input. The schema states the bounds (the edge
 * refuses more before anything runs); these check what a bound cannot say, and answer with a code.
 */
export const MAX_TITLE_LENGTH = 100;
export const MAX_URL_LENGTH = 2000;
export const MAX_APPS = 20;
export const MAX_LINEUP = 200;
/** The most one item's quota may hold, and the largest change at once. */
export const MAX_QUOTA = 1_000_000;
export const MAX_PER_CUSTOMER_LIMIT = 999;
export const MAX_POSITION = 10_000;
/** How far back a scheduled start may be (a session announced late) and how far ahead. */
const SCHEDULE_PAST_MS = 24 * 3600 * 1000;
const SCHEDULE_AHEAD_MS = 366 * 24 * 3600 * 1000;

export function cleanTitle(title: string, field: string[]): string {
  const clean = title.trim();
  if (clean.length < 1 || clean.length > MAX_TITLE_LENGTH) throw new DomainError(E.INVALID_TITLE, `Give a title of 1 to ${MAX_TITLE_LENGTH} characters`, field);
  return clean;
}

/** An absolute http(s) URL (a cover image, the provider's stream or replay); null or empty clears it. */
export function cleanUrl(url: string | null, field: string[]): string | null {
  if (url === null) return null;
  const clean = url.trim();
  if (clean === '') return null;
  let parsed: URL | null = null;
  try {
    parsed = new URL(clean);
  } catch {
    parsed = null;
  }
  if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || !parsed.hostname || clean.length > MAX_URL_LENGTH)
    throw new DomainError(E.INVALID_URL, `"${clean.slice(0, 100)}" is not an absolute http:// or https:// URL`, field);
  return clean;
}

export function checkSchedule(at: Date, now: Date, field: string[]): Date {
  if (Number.isNaN(at.getTime()) || at.getTime() < now.getTime() - SCHEDULE_PAST_MS || at.getTime() > now.getTime() + SCHEDULE_AHEAD_MS)
    throw new DomainError(E.INVALID_SCHEDULE, 'Schedule the start from a day ago to a year ahead', field);
  return at;
}

export function checkPrice(fen: number, field: string[]): number {
  if (!Number.isInteger(fen) || fen <= 0 || fen > MAX_FEN) throw new DomainError(E.INVALID_PRICE, 'The live price must be above 0', field);
  return fen;
}

/** A quota to carve: 1 to MAX_QUOTA. */
export function checkQuota(n: number, field: string[]): number {
  if (!Number.isInteger(n) || n < 1 || n > MAX_QUOTA)
    throw new DomainError(E.INVALID_QUANTITY, `The quota must be a whole number from 1 to ${MAX_QUOTA}`, field);
  return n;
}

/** A change of quota: a non-zero whole number within ±MAX_QUOTA. */
export function checkQuotaChange(n: number, field: string[]): number {
  if (!Number.isInteger(n) || n === 0 || Math.abs(n) > MAX_QUOTA)
    throw new DomainError(E.INVALID_QUANTITY, `The change must be a non-zero whole number from -${MAX_QUOTA} to ${MAX_QUOTA}`, field);
  return n;
}

export function checkLimit(n: number | null, field: string[]): number | null {
  if (n !== null && (!Number.isInteger(n) || n < 1 || n > MAX_PER_CUSTOMER_LIMIT))
    throw new DomainError(E.INVALID_LIMIT, `The per-customer limit must be from 1 to ${MAX_PER_CUSTOMER_LIMIT}`, field);
  return n;
}

export function checkPosition(n: number, field: string[]): number {
  if (!Number.isInteger(n) || n < 0 || n > MAX_POSITION) throw new DomainError(E.INVALID_POSITION, `The position must be from 0 to ${MAX_POSITION}`, field);
  return n;
}

/** The storefront apps a session shows on: 1 to MAX_APPS distinct ids, all decoded. */
export function checkApps(ids: (string | null)[], field: string[]): string[] {
  if (ids.length === 0 || ids.length > MAX_APPS || ids.some((id) => id === null) || new Set(ids).size !== ids.length)
    throw new DomainError(E.INVALID_APPS, `Show the session on 1 to ${MAX_APPS} distinct storefront apps`, field);
  return ids as string[];
}

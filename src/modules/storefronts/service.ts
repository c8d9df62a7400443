import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';
import type { KeyKind, StorefrontCaller } from '../../lib/caller';
import { DomainError } from '../../lib/errors';
import { LookupCache } from '../../lib/lookup-cache';
import { keysetPage, type PageArgs } from '../../lib/pagination';
import { OriginSet, parseOriginEntry } from '../../lib/origins';
import { count } from '../../lib/sql';
import { StorefrontApp } from './entities';
import { Dependency } from '../../lib/dependency';
import type { RequestContext } from '../../lib/request-context';

export enum StorefrontErrorCode {
  NOT_FOUND = 'NOT_FOUND',
  INVALID_NAME = 'INVALID_NAME',
  INVALID_ORIGIN = 'INVALID_ORIGIN',
  INVALID_REASON = 'INVALID_REASON',
}

export interface StorefrontAppRow {
  id: string;
  name: string;
  public_key: string;
  enabled: boolean;
  allowed_origins: string[];
  sharing_games: boolean;
  sharing_games_off_reason: string | null;
  created_at: string;
}

type KeyAnswer = StorefrontCaller | 'disabled' | null;

/**
 * Storefront keys are checked on every request, and browser requests against the origins enabled
 * apps allow, so both answers are kept for a few seconds per process (see LookupCache). A change
 * made through this process clears them at once; other processes see it within the TTL.
 */
export class StorefrontKeyCache {
  private readonly keys: LookupCache<KeyAnswer>;
  private readonly origins: LookupCache<OriginSet>;

  constructor(ttlMs = 5000) {
    this.keys = new LookupCache<KeyAnswer>(ttlMs);
    this.origins = new LookupCache<OriginSet>(ttlMs);
  }

  /** The cached answer for `key`, or the answer of `lookup`, shared by every caller until the TTL passes. */
  answer(key: string, lookup: () => Promise<KeyAnswer>): Promise<KeyAnswer> {
    return this.keys.answer(key, lookup);
  }

  /** Every origin some enabled app allows, cached as the keys are. */
  allowedOrigins(lookup: () => Promise<OriginSet>): Promise<OriginSet> {
    return this.origins.answer('enabled apps', lookup);
  }

  clear(): void {
    this.keys.clear();
    this.origins.clear();
  }
}

/** The process's cache of storefront keys and origins, supplied by the composition root. */
export const STOREFRONT_KEYS = new Dependency<StorefrontKeyCache>('the storefront key cache');

export const STOREFRONT_KEY_HEADER = 'x-storefront-key';

function invalidKey(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'INVALID_STOREFRONT_KEY', http: { status: 401 } } });
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function newKey(prefix: 'pk' | 'sk'): string {
  return `${prefix}_${randomBytes(prefix === 'pk' ? 16 : 32).toString('base64url')}`;
}

export class StorefrontService {
  constructor(
    private readonly em: EntityManager,
    private readonly cache: StorefrontKeyCache,
  ) {}

  /** The app behind a storefront key header, or a clear top-level error for an unknown or disabled key. */
  async resolveKey(key: string): Promise<StorefrontCaller> {
    const caller = await this.cache.answer(key, async () => {
      const kind: KeyKind | null = key.startsWith('pk_') ? 'public' : key.startsWith('sk_') ? 'secret' : null;
      if (!kind) return null;
      const [row] = await this.em
        .getConnection()
        .execute<StorefrontAppRow[]>(
          `select id, name, enabled, allowed_origins from storefront_app where ${kind === 'public' ? 'public_key' : 'secret_key_hash'} = ?`,
          [kind === 'public' ? key : hashSecret(key)],
        );
      return !row ? null : row.enabled ? { appId: row.id, name: row.name, keyKind: kind, allowedOrigins: new OriginSet(row.allowed_origins) } : 'disabled';
    });
    if (caller === null) throw invalidKey(`Unknown storefront key in the X-Storefront-Key header`);
    if (caller === 'disabled') throw invalidKey('This storefront app is disabled: ask the operator to enable it');
    return caller;
  }

  /** Every origin some enabled app allows: one query, cached a few seconds (see StorefrontKeyCache). */
  enabledAppOrigins(): Promise<OriginSet> {
    return this.cache.allowedOrigins(async () => {
      const rows = await this.em
        .getConnection()
        .execute<{ origin: string }[]>('select distinct unnest(allowed_origins) as origin from storefront_app where enabled');
      return new OriginSet(rows.map((r) => r.origin));
    });
  }

  async create(name: string, allowedOrigins?: string[] | null): Promise<{ app: StorefrontApp; secretKey: string }> {
    const clean = validName(name, ['name']);
    const origins = allowedOrigins == null ? [] : validOrigins(allowedOrigins, ['allowedOrigins']);
    const secretKey = newKey('sk');
    const app = this.em.create(StorefrontApp, {
      name: clean,
      publicKey: newKey('pk'),
      secretKeyHash: hashSecret(secretKey),
      enabled: true,
      allowedOrigins: origins,
    } as never);
    await this.em.flush();
    this.cache.clear();
    return { app, secretKey };
  }

  async update(
    id: string,
    changes: {
      name?: string | null;
      enabled?: boolean | null;
      allowedOrigins?: string[] | null;
      sharingGames?: boolean | null;
      sharingGamesOffReason?: string | null;
    },
  ): Promise<StorefrontApp> {
    const app = await this.find(id);
    const name = changes.name == null ? null : validName(changes.name, ['input', 'name']);
    const origins = changes.allowedOrigins == null ? null : validOrigins(changes.allowedOrigins, ['input', 'allowedOrigins']);
    const reason = changes.sharingGamesOffReason == null ? null : changes.sharingGamesOffReason.trim();
    if (reason !== null && reason.length > MAX_OFF_REASON_LENGTH)
      throw new DomainError(StorefrontErrorCode.INVALID_REASON, `The reason must be at most ${MAX_OFF_REASON_LENGTH} characters`, [
        'input',
        'sharingGamesOffReason',
      ]);
    if (name !== null) app.name = name;
    if (origins !== null) app.allowedOrigins = origins;
    if (changes.enabled != null) app.enabled = changes.enabled;
    if (changes.sharingGames != null) app.sharingGames = changes.sharingGames;
    // Turned back on, the old reason goes; an empty reason clears it.
    if (reason !== null) app.sharingGamesOffReason = reason || null;
    else if (changes.sharingGames === true) app.sharingGamesOffReason = null;
    await this.em.flush();
    this.cache.clear();
    return app;
  }

  /** A new secret key; the old one stops working. The public key stays. */
  async rotateSecret(id: string): Promise<{ app: StorefrontApp; secretKey: string }> {
    const app = await this.find(id);
    const secretKey = newKey('sk');
    app.secretKeyHash = hashSecret(secretKey);
    await this.em.flush();
    this.cache.clear();
    return { app, secretKey };
  }

  async findById(id: string): Promise<StorefrontApp | null> {
    return this.em.findOne(StorefrontApp, id);
  }

  list(args: PageArgs) {
    const knex = this.em.getKnex();
    const query = knex('storefront_app as a').select(
      'a.id',
      'a.name',
      'a.public_key',
      'a.enabled',
      'a.allowed_origins',
      'a.sharing_games',
      'a.sharing_games_off_reason',
      'a.created_at',
    );
    return keysetPage<StorefrontAppRow>(
      this.em,
      query,
      args,
      [
        { sql: 'a.created_at', direction: 'desc', value: (r) => r.created_at },
        { sql: 'a.id', direction: 'desc', value: (r) => r.id },
      ],
      () => count(this.em, knex('storefront_app')),
    );
  }

  private async find(id: string): Promise<StorefrontApp> {
    const app = await this.em.findOne(StorefrontApp, id);
    if (!app) throw new DomainError(StorefrontErrorCode.NOT_FOUND, 'No storefront app has this id', ['id']);
    return app;
  }
}

/** Built per request, over its EntityManager, when the request first asks (`ctx.use`). */
export const storefrontService = (ctx: RequestContext): StorefrontService => new StorefrontService(ctx.em, ctx.need(STOREFRONT_KEYS));

export const MAX_NAME_LENGTH = 80;
export const MAX_OFF_REASON_LENGTH = 200;

/** `field` differs: createStorefrontApp takes the name as an argument, updateStorefrontApp inside its input. */
function validName(name: string, field: string[]): string {
  const clean = name.trim();
  if (clean.length < 1 || clean.length > MAX_NAME_LENGTH)
    throw new DomainError(StorefrontErrorCode.INVALID_NAME, `Name must be 1 to ${MAX_NAME_LENGTH} characters`, field);
  return clean;
}

/**
 * Normalized entries (src/lib/origins.ts), duplicates dropped, order kept. A bad entry is named by
 * its index in `field`; nothing is written when any entry is refused.
 */
function validOrigins(entries: string[], field: string[]): string[] {
  const origins = new Set<string>();
  entries.forEach((entry, i) => {
    const parsed = parseOriginEntry(entry);
    if ('refused' in parsed) throw new DomainError(StorefrontErrorCode.INVALID_ORIGIN, `Allowed origin ${i} ${parsed.refused}`, [...field, String(i)]);
    origins.add(parsed.origin);
  });
  return [...origins];
}

/** What each StorefrontErrorCode means, for the schema. */
export const storefrontErrorCodeDescriptions: Record<keyof typeof StorefrontErrorCode, { description: string }> = {
  NOT_FOUND: { description: 'No storefront app has this id.' },
  INVALID_NAME: { description: 'The name is not 1 to 80 characters.' },
  INVALID_REASON: { description: 'sharingGamesOffReason is longer than 200 characters.' },
  INVALID_ORIGIN: {
    description:
      'An allowed origin is not scheme://host[:port] (http or https, no path, query, fragment or trailing slash; * only as the first label of a domain) or is longer than 200 characters; `field` ends with its index.',
  },
};

import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';
import { DomainError } from '../../lib/errors';
import { LookupCache } from '../../lib/lookup-cache';
import { keysetPage, type PageArgs } from '../../lib/pagination';
import { count } from '../../lib/sql';
import { StorefrontApp } from './entities';

export enum StorefrontErrorCode {
  NOT_FOUND = 'NOT_FOUND',
  INVALID_NAME = 'INVALID_NAME',
}

export type KeyKind = 'public' | 'secret';

/** The sales channel a request came through. */
export interface StorefrontCaller {
  appId: string;
  name: string;
  keyKind: KeyKind;
}

export interface StorefrontAppRow {
  id: string;
  name: string;
  public_key: string;
  enabled: boolean;
  created_at: string;
}

type KeyAnswer = StorefrontCaller | 'disabled' | null;

/**
 * Storefront keys are checked on every request, so answers are kept for a few seconds per process
 * (see LookupCache). A change made through this process clears the cache at once; other processes
 * see it within the TTL.
 */
export class StorefrontKeyCache extends LookupCache<KeyAnswer> {}

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
      const [row] = await this.em.getConnection().execute<StorefrontAppRow[]>(
        `select id, name, enabled from storefront_app where ${kind === 'public' ? 'public_key' : 'secret_key_hash'} = ?`,
        [kind === 'public' ? key : hashSecret(key)],
      );
      return !row ? null : row.enabled ? { appId: row.id, name: row.name, keyKind: kind } : 'disabled';
    });
    if (caller === null) throw invalidKey(`Unknown storefront key in the X-Storefront-Key header`);
    if (caller === 'disabled') throw invalidKey('This storefront app is disabled: ask the operator to enable it');
    return caller;
  }

  async create(name: string): Promise<{ app: StorefrontApp; secretKey: string }> {
    const clean = validName(name, ['name']);
    const secretKey = newKey('sk');
    const app = this.em.create(StorefrontApp, { name: clean, publicKey: newKey('pk'), secretKeyHash: hashSecret(secretKey), enabled: true } as never);
    await this.em.flush();
    return { app, secretKey };
  }

  async update(id: string, changes: { name?: string | null; enabled?: boolean | null }): Promise<StorefrontApp> {
    const app = await this.find(id);
    if (changes.name != null) app.name = validName(changes.name, ['input', 'name']);
    if (changes.enabled != null) app.enabled = changes.enabled;
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
    const query = knex('storefront_app as a').select('a.id', 'a.name', 'a.public_key', 'a.enabled', 'a.created_at');
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

/** `field` differs: createStorefrontApp takes the name as an argument, updateStorefrontApp inside its input. */
function validName(name: string, field: string[]): string {
  const clean = name.trim();
  if (clean.length < 1 || clean.length > 80) throw new DomainError(StorefrontErrorCode.INVALID_NAME, 'Name must be 1 to 80 characters', field);
  return clean;
}

/** What each StorefrontErrorCode means, for the schema. */
export const storefrontErrorCodeDescriptions: Record<keyof typeof StorefrontErrorCode, { description: string }> = {
  NOT_FOUND: { description: 'No storefront app has this id.' },
  INVALID_NAME: { description: 'The name is not 1 to 80 characters.' },
};

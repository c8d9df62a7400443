import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { one, run } from '../../lib/sql';

/**
 * What other modules may read of the storefronts' table: a relation to join under an alias of their
 * own. Their SQL never names it.
 */

/** Storefront apps (sales channels, "sites"): id and name only — never keys or origins. */
export const STOREFRONT_APPS = '(select id, name from storefront_app)';

/** Whether the sharing games run on this storefront app, and why not; off for no such app. */
export async function sharingGamesOf(em: EntityManager, appId: string | null): Promise<{ on: boolean; reason: string | null }> {
  const row = appId
    ? await one<{ sharing_games: boolean; reason: string | null }>(
        em,
        'select sharing_games, sharing_games_off_reason as reason from storefront_app where id = ?',
        [appId],
      )
    : null;
  if (!row) return { on: false, reason: 'Sharing games run only through a storefront app: send its key' };
  return { on: row.sharing_games, reason: row.sharing_games ? null : (row.reason ?? 'Not offered on this channel') };
}

/** Which of these ids are storefront apps. */
export async function existingStorefrontAppIds(em: EntityManager, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const found = await run<{ id: string }>(em, 'select id from storefront_app where id = any(?::uuid[])', [`{${ids.join(',')}}`]);
  return new Set(found.map((r) => r.id));
}

/**
 * The storefront apps a campaign is to run on, as an operator gave them (`input.storefrontAppIds`):
 * each must be an app — the first that is not is refused with the caller's `code`, named by its
 * index — and a repeated one counts once.
 */
export async function knownStorefrontApps(em: EntityManager, ids: readonly (string | null)[], code: string): Promise<string[]> {
  const known = await existingStorefrontAppIds(
    em,
    ids.filter((id): id is string => !!id),
  );
  const unknown = ids.findIndex((id) => !id || !known.has(id));
  if (unknown >= 0) throw new DomainError(code, `No storefront app has the id at index ${unknown}`, ['input', 'storefrontAppIds', String(unknown)]);
  return [...new Set(ids as string[])];
}

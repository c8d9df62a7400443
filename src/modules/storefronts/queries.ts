import type { EntityManager } from '@mikro-orm/postgresql';
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

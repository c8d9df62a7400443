import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Bargains whose time ran out without being ordered fail (EXPIRED), set-based; safe anywhere at
 * once (the update is conditional on the status). An ORDERED bargain waits for its order instead:
 * paid, it is PURCHASED; cancelled after the time, EXPIRED.
 */
export async function expireBargains(em: EntityManager): Promise<number> {
  const rows = await em.getConnection().execute<{ id: string }[]>(
    `update bargain set status = 'expired' where id in (select id from bargain where status = 'active' and expires_at <= now() order by expires_at limit 1000 for update skip locked) returning id`,
  );
  return rows.length;
}

import type { EntityManager, EntityName } from '@mikro-orm/postgresql';

/**
 * A module's settings live in a single row (id = 1, held there by a check constraint), created
 * with the column defaults the first time anyone reads it. Two first readers at once: the insert
 * that loses does nothing, and both then read the one row.
 */
export async function settingsRow<T extends object>(em: EntityManager, entity: EntityName<T>, table: string): Promise<T> {
  const existing = await em.findOne(entity, 1 as never);
  if (existing) return existing;
  await em.getConnection().execute(`insert into ${table} (id, updated_at) values (1, now()) on conflict do nothing`, [], 'run', em.getTransactionContext());
  return em.findOneOrFail(entity, 1 as never);
}

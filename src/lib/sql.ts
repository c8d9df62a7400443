import type { EntityManager, Knex } from '@mikro-orm/postgresql';

/**
 * Runs a Knex query through MikroORM's connection (so it is counted, logged and joins the
 * current transaction) and returns plain rows.
 */
export function rows<T>(em: EntityManager, query: Knex.QueryBuilder): Promise<T[]> {
  return em.getConnection().execute<T[]>(query, [], 'all', em.getTransactionContext());
}

export async function firstRow<T>(em: EntityManager, query: Knex.QueryBuilder): Promise<T | null> {
  return (await rows<T>(em, query.limit(1)))[0] ?? null;
}

export async function count(em: EntityManager, query: Knex.QueryBuilder): Promise<number> {
  const [row] = await rows<{ n: string | number }>(em, query.count({ n: '*' }));
  return Number(row.n);
}

import { createHash } from 'node:crypto';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { sqlStatements } from './metrics';
import { requestScope } from './request-scope';

/** The part of Knex's PostgreSQL client used to run a named statement on a pooled `pg` connection. */
interface PooledClient {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(connection: PgConnection): void;
}

interface PgConnection {
  query(statement: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Runs a read query and returns plain rows. Outside a transaction it runs as a named prepared
 * statement (with $n parameters), so PostgreSQL plans each distinct query shape once per
 * connection instead of on every request; inside one it goes through MikroORM's connection so
 * it joins the transaction. Either way it is counted in the SQL statement metrics.
 */
export async function rows<T>(em: EntityManager, query: Knex.QueryBuilder): Promise<T[]> {
  const trx = em.getTransactionContext<Knex.Transaction>();
  if (trx) return em.getConnection().execute<T[]>(query, [], 'all', trx);
  const native = query.toSQL().toNative();
  const name = `q_${createHash('sha1').update(native.sql).digest('base64url')}`;
  const client = em.getKnex().client as PooledClient;
  const connection = await client.acquireConnection();
  try {
    sqlStatements.inc();
    const scope = requestScope.getStore();
    if (scope) scope.sqlStatements++;
    const result = await connection.query({ name, text: native.sql, values: native.bindings as unknown[] });
    return result.rows as T[];
  } finally {
    client.releaseConnection(connection);
  }
}

/**
 * Runs SQL written by hand (`?` placeholders) inside the entity manager's transaction when it has
 * one, and returns plain rows. The one helper every module's queries use for raw SQL. A knex raw
 * query or builder is accepted too, for a statement composed of another module's builder (its
 * bindings travel with it; `params` is then unused).
 */
export function run<T = unknown>(em: EntityManager, sql: string | Knex.Raw | Knex.QueryBuilder, params: unknown[] = []): Promise<T[]> {
  return em.getConnection().execute<T[]>(sql, params, 'all', em.getTransactionContext<Knex.Transaction>());
}

/** The first row of `run`, or null. */
export async function one<T>(em: EntityManager, sql: string | Knex.Raw | Knex.QueryBuilder, params: unknown[] = []): Promise<T | null> {
  return (await run<T>(em, sql, params))[0] ?? null;
}

export async function firstRow<T>(em: EntityManager, query: Knex.QueryBuilder): Promise<T | null> {
  return (await rows<T>(em, query.limit(1)))[0] ?? null;
}

export async function count(em: EntityManager, query: Knex.QueryBuilder): Promise<number> {
  const [row] = await rows<{ n: string | number }>(em, query.count({ n: '*' }));
  return Number(row.n);
}

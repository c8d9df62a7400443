import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { countStatements } from './metrics';

/** The part of Knex's PostgreSQL client used to run a named statement on a pooled `pg` connection. */
interface PooledClient {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(connection: PgConnection): void;
}

interface PgConnection {
  query(statement: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/** Entity managers made by publicReads: their reads outside a transaction go to a read replica. */
const replicaReaders = new WeakSet<EntityManager>();

/**
 * An entity manager for public reads — what any storefront may see and nobody needs to read back
 * the moment they wrote it (the catalog's listing and product pages): `rows` on it, outside a
 * transaction, runs on a read replica (DATABASE_READ_URLS, MikroORM's `replicas`, one picked at
 * random per statement), which may lag the primary by its replication delay. Without replicas it is
 * `em` itself.
 */
export function publicReads(em: EntityManager): EntityManager {
  if (!em.config.get('replicas')?.length) return em;
  const reader = em.fork();
  replicaReaders.add(reader);
  return reader;
}

/**
 * Runs a read query and returns plain rows. Outside a transaction it runs as a named prepared
 * statement (with $n parameters), so PostgreSQL plans each distinct query shape once per
 * connection instead of on every request — on a read replica for an entity manager from
 * publicReads, else on the primary; inside one it goes through MikroORM's connection so it joins
 * the transaction. Either way it is counted in the SQL statement metrics.
 */
export async function rows<T>(em: EntityManager, query: Knex.QueryBuilder): Promise<T[]> {
  const trx = em.getTransactionContext<Knex.Transaction>();
  if (trx) return em.getConnection().execute<T[]>(query, [], 'all', trx);
  return (await runNamed(em, query.toSQL().toNative())) as T[];
}

/**
 * Runs a statement with $n parameters as a named prepared statement — named by its text, so each
 * connection parses it once and PostgreSQL may keep a generic plan for it — on the transaction's
 * connection when `em` has one, else on a pooled connection (a replica's for publicReads).
 */
async function runNamed(em: EntityManager, native: { sql: string; bindings: readonly unknown[] }, name = statementName(native.sql)): Promise<unknown[]> {
  const trx = em.getTransactionContext<Knex.Transaction>();
  // Inside a transaction, knex's client hands out the transaction's own connection (and releasing it is a no-op).
  const client = (trx ? trx.client : em.getKnex(replicaReaders.has(em) ? 'read' : 'write').client) as PooledClient;
  const connection = await client.acquireConnection();
  try {
    countStatements();
    const result = await connection.query({ name, text: native.sql, values: native.bindings as unknown[] });
    return result.rows;
  } finally {
    client.releaseConnection(connection);
  }
}

function statementName(text: string): string {
  return `q_${createHash('sha1').update(text).digest('base64url')}`;
}

/**
 * A composed statement's text with $n placeholders and its prepared statement's name, by its text
 * with `?` placeholders. Checkouts compose the same few texts again and again (only their values
 * differ), and converting and hashing a statement of many kilobytes cost a checkout more of the
 * API's CPU than anything else it does with the statement. Keyed by a fingerprint of the text
 * (textKey) and checked against the whole text: a map keyed by the text itself hashed all of its
 * 4–12 kB on every lookup.
 */
const positionalTexts = new LRUCache<string, { text: string; sql: string; name: string }>({ max: 1_000 });

/** The text's length and 64 characters spread over it: cheap to compute, and two texts alike in all of it are compared in full. */
function textKey(text: string): string {
  const step = Math.max(1, Math.floor(text.length / 64));
  let hash = 0;
  for (let i = 0; i < text.length; i += step) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return `${text.length}:${hash}`;
}

/**
 * The statement as $n text and values. Knex converts it (`?` → `$n`, `\\?` → `?`); while every
 * value is a plain value, that conversion depends on the text alone and is reused. A value that is
 * itself SQL (a knex raw or builder, inlined by knex) or a `??` identifier placeholder makes the
 * text depend on the values, so such statements are converted every time.
 */
function positional(em: EntityManager, statement: SqlPart): { sql: string; bindings: unknown[]; name: string } {
  const bindings = statement.values.map((v) => v ?? null);
  const reusable = !statement.text.includes('??') && bindings.every(isPlainValue);
  const key = reusable ? textKey(statement.text) : '';
  const known = reusable ? positionalTexts.get(key) : undefined;
  if (known && known.text === statement.text) return { sql: known.sql, bindings, name: known.name };
  const native = em
    .getKnex()
    .raw(statement.text, bindings as Knex.RawBinding[])
    .toSQL()
    .toNative();
  const converted = { sql: native.sql, name: statementName(native.sql) };
  if (reusable) positionalTexts.set(key, { text: statement.text, ...converted });
  return { ...converted, bindings: native.bindings as unknown[] };
}

/** A value knex passes to the driver as it is (not SQL it would inline). */
function isPlainValue(value: unknown): boolean {
  if (typeof value === 'function') return false;
  if (typeof value !== 'object' || value === null) return true;
  return !('toSQL' in value);
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

/**
 * A piece of hand-written SQL with its `?` values. Parts from several modules compose into one
 * statement (the checkout reads what pricing needs in one, and writes the order in one), each
 * module writing only the SQL of its own tables.
 */
export interface SqlPart {
  readonly text: string;
  readonly values: readonly unknown[];
}

export function sql(text: string, values: readonly unknown[] = []): SqlPart {
  return { text, values };
}

function isSqlPart(x: unknown): x is SqlPart {
  return typeof x === 'object' && x !== null && 'text' in x && 'values' in x;
}

/** A uuid[] value (knex would spread a JS array into a list of values). Ids are checked, so the literal is safe. */
export function uuids(ids: readonly string[]): SqlPart {
  for (const id of ids) if (!/^[0-9a-f-]{36}$/i.test(id)) throw new Error(`not a uuid: ${id}`);
  return sql('?::uuid[]', [`{${ids.join(',')}}`]);
}

/**
 * SQL as a template: an interpolated SqlPart is inlined with its values, anything else becomes a
 * `?` value. `q\`select … where id = ${id} and ${ownersPart}\``.
 */
export function q(strings: TemplateStringsArray, ...args: unknown[]): SqlPart {
  let text = strings[0];
  const values: unknown[] = [];
  args.forEach((arg, i) => {
    if (isSqlPart(arg)) {
      text += arg.text;
      values.push(...arg.values);
    } else {
      text += '?';
      values.push(arg);
    }
    text += strings[i + 1];
  });
  return { text, values };
}

/**
 * One module's part of a composed statement: named common table expressions (data-modifying ones
 * — insert/update … returning — run once each, all on the statement's one snapshot) and one JSON
 * value over them or over the module's tables, which `check` reads once the statement has run.
 * CTE names must be unique in the statement: a part prefixes its own.
 */
export interface StatementPart {
  readonly with?: readonly (readonly [name: string, body: SqlPart])[];
  /** One JSON value: a scalar subquery, typically `(select coalesce(json_agg(x), '[]') from x)`. */
  readonly result: SqlPart;
  /** Refuses (throws a DomainError) from the result what the database did not do, e.g. a conditional update that matched nothing. */
  readonly check?: (result: unknown) => void;
  /**
   * A boolean over the part's CTEs, true exactly when `check` refuses: the statement then fails in
   * the database instead of answering, so nothing it wrote stays even outside a transaction (one
   * statement is atomic), and `check` reads the results from the failure. A write whose refusals
   * are all said here needs no transaction of its own: its row locks last the statement, not a
   * round trip to this process and back.
   */
  readonly refusedWhen?: SqlPart;
}

/** The SQLSTATE of statement_refused() (Migration20261208000000), whose DETAIL is the statement's results. */
const STATEMENT_REFUSED = 'CK001';

/**
 * `with … select json_build_array(result₁, …)`: the parts as one statement, their results in their
 * order. With refusals: `select case when refused₁ or … then statement_refused(results) else results end`.
 *
 * The parts run in their order: a data-modifying CTE runs when a result first reads it, and the
 * results are worked out before the refusals are looked at (`offset 0` keeps PostgreSQL from
 * pulling the results into the CASE, which would run every refusal's CTEs first). So a caller
 * decides which rows are locked last — a hot item's stock, held until commit.
 */
export function composeStatement(parts: readonly StatementPart[]): SqlPart {
  const ctes = parts.flatMap((p) => p.with ?? []);
  const values: unknown[] = [];
  const withText = ctes.length === 0 ? '' : `with ${ctes.map(([name, body]) => (values.push(...body.values), `${name} as (${body.text})`)).join(',\n')}\n`;
  // json_build_array takes at most 100 arguments; parts nest their many values inside one result.
  if (parts.length > 100) throw new Error(`a composed statement takes at most 100 parts, not ${parts.length}`);
  const refusals = parts.flatMap((p) => (p.refusedWhen ? [p.refusedWhen] : []));
  // In text order: the refusals come before the results.
  const refusedText = refusals.map((r) => (values.push(...r.values), `(${r.text})`)).join(' or ');
  const results = parts.map((p) => (values.push(...p.result.values), p.result.text));
  const built = `json_build_array(${results.join(',\n')})`;
  if (refusals.length === 0) return sql(`${withText}select ${built} as results`, values);
  return sql(
    `${withText}select case when ${refusedText} then statement_refused(r.results) else r.results end as results from (select ${built} as results offset 0) r`,
    values,
  );
}

/**
 * Runs the parts as one statement in the entity manager's transaction (or, outside one, as a
 * statement of its own), checks each part's result in order, and returns the results. A refused
 * statement (StatementPart.refusedWhen) changed nothing: its checks say why.
 */
export async function runStatement(em: EntityManager, parts: readonly StatementPart[]): Promise<unknown[]> {
  // A named prepared statement: composed statements are long, and planning them anew each time cost more than running them.
  const native = positional(em, composeStatement(parts));
  let results: unknown[];
  try {
    const [row] = (await runNamed(em, native, native.name)) as { results: unknown[] }[];
    results = row.results;
  } catch (err) {
    const failure = err as { code?: string; detail?: string };
    if (failure.code !== STATEMENT_REFUSED || failure.detail === undefined) throw err;
    const refused = JSON.parse(failure.detail) as unknown[];
    parts.forEach((p, i) => p.check?.(refused[i]));
    throw new Error(`a statement was refused by its refusedWhen, but no part's check refused: ${failure.detail.slice(0, 500)}`);
  }
  parts.forEach((p, i) => p.check?.(results[i]));
  return results;
}

import 'reflect-metadata';
import { PostgreSqlKnexDialect, knex, type EntityManager, type Knex } from '@mikro-orm/postgresql';
import { PageArgs } from '../../../src/lib/pagination';
import { CatalogReads, LISTED_STATUSES, ProductSort, VISIBLE_STATUSES } from '../../../src/modules/catalog/reads';

/** A statement as the API sends it to PostgreSQL: a named prepared statement with $n parameters. */
export interface Statement {
  name: string;
  text: string;
  values: unknown[];
}

/**
 * The statement `query` sends, caught where src/lib/sql.ts hands it to a pooled connection: the
 * catalog's own read functions build it with MikroORM's PostgreSQL dialect of Knex, so the text is
 * the API's to the byte, without an ORM, a schema or a database.
 */
async function captured(query: (reads: CatalogReads) => Promise<unknown>): Promise<Statement> {
  const builder = knex({ client: PostgreSqlKnexDialect as unknown as typeof Knex.Client });
  const seen: Statement[] = [];
  const connection = {
    query: async (statement: Statement) => {
      seen.push(statement);
      return { rows: [] };
    },
  };
  Object.assign(builder.client, { acquireConnection: async () => connection, releaseConnection: () => undefined });
  const em = { getKnex: () => builder, getTransactionContext: () => undefined } as unknown as EntityManager;
  try {
    await query(new CatalogReads(em));
  } finally {
    await builder.destroy();
  }
  if (seen.length !== 1) throw new Error(`expected one statement, the catalog read sent ${seen.length}`);
  return seen[0];
}

/** `products(first: 20)` for a storefront: the listing's one statement (CatalogReads.products, as ProductResolver.products calls it). */
export function listingStatement(first: number): Promise<Statement> {
  const page = Object.assign(new PageArgs(), { first });
  return captured((reads) => reads.products(page, { categoryId: null }, ProductSort.NEWEST, LISTED_STATUSES));
}

/** Stands for the slug in the captured product page statement; each request puts its own slug in its place. */
export const SLUG_PLACEHOLDER = '\u0000slug';

/** `product(slug:)` for a storefront (CatalogReads.product, as ProductResolver.product calls it), its slug a placeholder. */
export function productPageStatement(): Promise<Statement> {
  return captured((reads) => reads.product({ slug: SLUG_PLACEHOLDER }, VISIBLE_STATUSES));
}

import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { rows as run } from '../../lib/sql';
import type { RequestContext } from '../../lib/request-context';
import { PRODUCT_COLUMNS } from './queries';
import type { CategoryRow, ImageRow, ProductRow, SkuRow } from './reads';

/** Per-request batches: a page of 100 products costs one query per relation, not 100. */
export class CatalogLoaders {
  constructor(private readonly em: EntityManager) {}

  private get knex() {
    return this.em.getKnex();
  }

  readonly skusByProduct = new DataLoader<string, SkuRow[]>(async (productIds) => {
    const rows = await run<SkuRow>(
      this.em,
      this.knex('sku')
        .select('id', 'product_id', 'code', 'specs', 'price', 'member_price', 'stock', 'position')
        .whereIn('product_id', productIds as string[])
        .orderBy([{ column: 'position' }, { column: 'id' }]),
    );
    return group(productIds, rows, (r) => r.product_id);
  });

  readonly imagesByProduct = new DataLoader<string, ImageRow[]>(async (productIds) => {
    const rows = await run<ImageRow>(
      this.em,
      this.knex('product_image')
        .select('id', 'product_id', 'url', 'alt_text', 'position')
        .whereIn('product_id', productIds as string[])
        .orderBy([{ column: 'position' }, { column: 'id' }]),
    );
    return group(productIds, rows, (r) => r.product_id);
  });

  readonly category = new DataLoader<string, CategoryRow | null>(async (ids) => {
    const rows = await run<CategoryRow>(
      this.em,
      this.knex('category')
        .select('id', 'parent_id', 'name', 'slug', 'path', 'position')
        .whereIn('id', ids as string[]),
    );
    return pick(ids, rows);
  });

  readonly childCategories = new DataLoader<string, CategoryRow[]>(async (parentIds) => {
    const rows = await run<CategoryRow>(
      this.em,
      this.knex('category')
        .select('id', 'parent_id', 'name', 'slug', 'path', 'position')
        .whereIn('parent_id', parentIds as string[])
        .orderBy([{ column: 'position' }, { column: 'name' }]),
    );
    return group(parentIds, rows, (r) => r.parent_id!);
  });

  /** Unfiltered by status: callers decide what the viewer may see. */
  readonly product = new DataLoader<string, ProductRow | null>(async (ids) => {
    const rows = await run<ProductRow>(
      this.em,
      this.knex('product as p')
        .select(PRODUCT_COLUMNS)
        .whereIn('p.id', ids as string[]),
    );
    return pick(ids, rows);
  });

  readonly sku = new DataLoader<string, SkuRow | null>(async (ids) => {
    const rows = await run<SkuRow>(
      this.em,
      this.knex('sku')
        .select('id', 'product_id', 'code', 'specs', 'price', 'member_price', 'stock', 'position')
        .whereIn('id', ids as string[]),
    );
    return pick(ids, rows);
  });
}

/** One set per request (`ctx.use`): a DataLoader's cache must not outlive the request. */
export const catalogLoaders = (ctx: RequestContext): CatalogLoaders => new CatalogLoaders(ctx.em);

function group<T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string): T[][] {
  const byKey = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) byKey.get(keyOf(row))?.push(row);
  return keys.map((k) => byKey.get(k)!);
}

function pick<T extends { id: string }>(keys: readonly string[], rows: T[]): (T | null)[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return keys.map((k) => byId.get(k) ?? null);
}

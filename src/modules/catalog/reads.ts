import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { badInput } from '../../lib/errors';
import type { Fen } from '../../lib/money';
import { count, firstRow, rows } from '../../lib/sql';
import { keysetPage, type PageArgs, type SortKey } from '../../lib/pagination';
import type { SpecValue } from './entities';
import { PRODUCT_COLUMNS, WITH_RELATIONS, whereProductMatches } from './queries';
import { ProductStatus } from './rules';

/**
 * The catalog's read path: plain rows straight from SQL (no entity hydration), because listings
 * are the hottest requests. Related rows (SKUs, images, categories) come through loaders.ts.
 */
/** Timestamps arrive as PostgreSQL's text (MikroORM keeps pg from parsing them): exact to the microsecond, good for cursors. */
export type Timestamp = string;

export interface ProductRow {
  id: string;
  slug: string;
  name: string;
  description: string;
  category_id: string;
  tags: string[];
  publication: string;
  sale_starts_at: Timestamp | null;
  price_floor: Fen | null;
  price_ceiling: Fen | null;
  min_price: Fen;
  max_price: Fen;
  sales_count: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SkuRow {
  id: string;
  product_id: string;
  code: string;
  specs: SpecValue[];
  price: Fen;
  member_price: Fen | null;
  stock: number;
  position: number;
}

export interface ImageRow {
  id: string;
  product_id: string;
  url: string;
  alt_text: string;
  position: number;
}

export interface CategoryRow {
  id: string;
  parent_id: string | null;
  name: string;
  slug: string;
  path: string;
  position: number;
}

export interface StockMovementRow {
  id: string;
  sku_id: string;
  delta: number;
  stock_after: number;
  reason: string;
  actor_id: string | null;
  created_at: Timestamp;
}

/**
 * A product page or listing row carries its SKUs, images and category as JSON built by PostgreSQL,
 * so a whole page is one statement; resolvers prime the per-request loaders with them.
 */
export interface ProductWithRelations extends ProductRow {
  skus_json: SkuRow[];
  images_json: ImageRow[];
  category_json: CategoryRow;
}

export enum ProductSort {
  NEWEST = 'NEWEST',
  PRICE_ASC = 'PRICE_ASC',
  PRICE_DESC = 'PRICE_DESC',
  BEST_SELLING = 'BEST_SELLING',
}

export interface ProductFilter {
  categoryId?: string | null;
  query?: string | null;
  minPrice?: Fen | null;
  maxPrice?: Fen | null;
  tags?: string[] | null;
  inStock?: boolean | null;
  statuses?: ProductStatus[] | null;
}

const SORTS: Record<ProductSort, SortKey<ProductRow>[]> = {
  [ProductSort.NEWEST]: [
    { sql: 'p.created_at', direction: 'desc', value: (r) => r.created_at },
    { sql: 'p.id', direction: 'desc', value: (r) => r.id },
  ],
  [ProductSort.PRICE_ASC]: [
    { sql: 'p.min_price', direction: 'asc', value: (r) => r.min_price },
    { sql: 'p.id', direction: 'asc', value: (r) => r.id },
  ],
  [ProductSort.PRICE_DESC]: [
    { sql: 'p.min_price', direction: 'desc', value: (r) => r.min_price },
    { sql: 'p.id', direction: 'desc', value: (r) => r.id },
  ],
  [ProductSort.BEST_SELLING]: [
    { sql: 'p.sales_count', direction: 'desc', value: (r) => r.sales_count },
    { sql: 'p.id', direction: 'desc', value: (r) => r.id },
  ],
};

/** Statuses a storefront may list; drafts are the operator's, off-sale items leave listings. */
export const LISTED_STATUSES = [ProductStatus.PREVIEW, ProductStatus.ON_SALE];
/** Statuses a storefront may open by id or slug: off-sale pages stay reachable from old share links. */
export const VISIBLE_STATUSES = [ProductStatus.PREVIEW, ProductStatus.ON_SALE, ProductStatus.OFF_SALE];

function whereStatuses(query: Knex.QueryBuilder, statuses: ProductStatus[]): void {
  const wanted = new Set(statuses);
  // Previews and on-sale together are simply "published": one indexable condition instead of two.
  if (wanted.has(ProductStatus.PREVIEW) && wanted.has(ProductStatus.ON_SALE)) {
    wanted.delete(ProductStatus.PREVIEW);
    wanted.delete(ProductStatus.ON_SALE);
    wanted.add('PUBLISHED' as ProductStatus);
  }
  query.where((q) => {
    for (const status of wanted) {
      if ((status as string) === 'PUBLISHED') q.orWhere('p.publication', 'published');
      if (status === ProductStatus.DRAFT) q.orWhere('p.publication', 'draft');
      if (status === ProductStatus.OFF_SALE) q.orWhere('p.publication', 'unpublished');
      if (status === ProductStatus.PREVIEW) q.orWhereRaw(`p.publication = 'published' and p.sale_starts_at > now()`);
      if (status === ProductStatus.ON_SALE) q.orWhereRaw(`p.publication = 'published' and (p.sale_starts_at is null or p.sale_starts_at <= now())`);
    }
  });
}

export class CatalogReads {
  constructor(private readonly em: EntityManager) {}

  private get knex(): Knex {
    return this.em.getKnex();
  }

  async product(by: { id?: string; slug?: string }, statuses: ProductStatus[]): Promise<ProductWithRelations | null> {
    const query = this.knex('product as p').select([...PRODUCT_COLUMNS, ...WITH_RELATIONS.map((sql) => this.knex.raw(sql))]);
    if (by.id) query.where('p.id', by.id);
    if (by.slug) query.where('p.slug', by.slug);
    whereStatuses(query, statuses);
    return firstRow<ProductWithRelations>(this.em, query);
  }

  products(args: PageArgs, filter: ProductFilter, sort: ProductSort, allowed: ProductStatus[]) {
    const build = () => {
      const query = this.knex('product as p');
      const statuses = filter.statuses?.length ? filter.statuses.filter((s) => allowed.includes(s)) : allowed;
      if (filter.statuses?.length && statuses.length < filter.statuses.length) {
        throw badInput(`A storefront may list products with status ${allowed.join(' or ')} only`, 'filter.statuses');
      }
      whereStatuses(query, statuses);
      whereProductMatches(this.knex, query, filter);
      if (filter.tags?.length) {
        const tags = filter.tags.map((t) => t.trim().toLowerCase());
        query.whereRaw(`p.tags && array[${tags.map(() => '?').join(', ')}]::text[]`, tags);
      }
      if (filter.minPrice != null || filter.maxPrice != null) {
        // A product matches when one of its SKUs is priced inside the range.
        query.whereExists(
          this.knex('sku as s')
            .whereRaw('s.product_id = p.id')
            .andWhere('s.price', '>=', filter.minPrice ?? 0)
            .andWhere('s.price', '<=', filter.maxPrice ?? Number.MAX_SAFE_INTEGER),
        );
      }
      return query;
    };
    if (filter.minPrice != null && filter.maxPrice != null && filter.minPrice > filter.maxPrice) {
      throw badInput('filter.minPrice must not be above filter.maxPrice', 'filter.minPrice');
    }
    const page = build().select([...PRODUCT_COLUMNS, ...WITH_RELATIONS.map((sql) => this.knex.raw(sql))]);
    return keysetPage<ProductWithRelations>(this.em, page, args, SORTS[sort], () => count(this.em, build()));
  }

  async categories(parentId: string | null): Promise<CategoryRow[]> {
    const query = this.knex('category')
      .select('id', 'parent_id', 'name', 'slug', 'path', 'position')
      .orderBy([{ column: 'position' }, { column: 'name' }]);
    if (parentId) query.where('parent_id', parentId);
    else query.whereNull('parent_id');
    return rows<CategoryRow>(this.em, query);
  }

  async categoryBySlug(slug: string): Promise<CategoryRow | null> {
    return firstRow<CategoryRow>(this.em, this.knex('category').select('id', 'parent_id', 'name', 'slug', 'path', 'position').where('slug', slug));
  }

  stockMovements(skuId: string, args: PageArgs) {
    const build = () => this.knex('stock_movement as m').where('m.sku_id', skuId);
    return keysetPage<StockMovementRow>(
      this.em,
      build().select('m.id', 'm.sku_id', 'm.delta', 'm.stock_after', 'm.reason', 'm.actor_id', 'm.created_at'),
      args,
      [
        { sql: 'm.created_at', direction: 'desc', value: (r) => r.created_at },
        { sql: 'm.id', direction: 'desc', value: (r) => r.id },
      ],
      () => count(this.em, build()),
    );
  }
}

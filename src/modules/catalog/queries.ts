import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { run } from '../../lib/sql';

/**
 * What other modules may read and write of the catalog's tables. Their SQL never names a catalog
 * table: it joins PRODUCTS or SKUS under an alias of its own (PostgreSQL pulls the subquery up, so
 * the plan is the one a join of the table would get), or calls one of the functions below.
 */

export const PRODUCT_COLUMNS = [
  'p.id',
  'p.slug',
  'p.name',
  'p.description',
  'p.category_id',
  'p.tags',
  'p.publication',
  'p.sale_starts_at',
  'p.price_floor',
  'p.price_ceiling',
  'p.min_price',
  'p.max_price',
  'p.sales_count',
  'p.created_at',
  'p.updated_at',
];

/**
 * A product page or listing row carries its SKUs, images and category as JSON built by PostgreSQL,
 * so a whole page is one statement (products aliased `p`); listings of products held elsewhere (a
 * member shop's selection) use it too.
 */
export const WITH_RELATIONS = [
  `(select coalesce(json_agg(json_build_object('id', s.id, 'product_id', s.product_id, 'code', s.code, 'specs', s.specs, 'price', s.price,
      'member_price', s.member_price, 'stock', s.stock, 'position', s.position) order by s.position, s.id), '[]') from sku s where s.product_id = p.id) as skus_json`,
  `(select coalesce(json_agg(json_build_object('id', i.id, 'product_id', i.product_id, 'url', i.url, 'alt_text', i.alt_text, 'position', i.position)
      order by i.position, i.id), '[]') from product_image i where i.product_id = p.id) as images_json`,
  `(select json_build_object('id', c.id, 'parent_id', c.parent_id, 'name', c.name, 'slug', c.slug, 'path', c.path, 'position', c.position)
      from category c where c.id = p.category_id) as category_json`,
];

/** Products with the columns of a listing row (PRODUCT_COLUMNS, WITH_RELATIONS and SHOP_PRICE_APPLIES read them under the alias `p`). */
export const PRODUCTS = `(select ${PRODUCT_COLUMNS.map((c) => c.replace(/^p\./, '')).join(', ')} from product)`;

/** SKUs: their product, code, prices, stock and place in the product's order. */
export const SKUS = '(select id, product_id, code, price, member_price, stock, position from sku)';

export interface ProductMatch {
  categoryId?: string | null;
  query?: string | null;
  inStock?: boolean | null;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Narrows a query over products (aliased `p`) to those in the category or any of its descendants,
 * whose name or description contains the text (case-insensitive), and with a SKU in stock (or none).
 */
export function whereProductMatches(knex: Knex, query: Knex.QueryBuilder, filter: ProductMatch): Knex.QueryBuilder {
  if (filter.categoryId) {
    query.whereIn(
      'p.category_id',
      knex('category as c').select('c.id').whereRaw(`c.path like (select path from category where id = ?) || '%'`, [filter.categoryId]),
    );
  }
  const text = filter.query?.trim();
  if (text) query.whereRaw(`(p.name || ' ' || p.description) ilike ?`, [`%${escapeLike(text)}%`]);
  if (filter.inStock != null) {
    const inStock = knex('sku as s').whereRaw('s.product_id = p.id and s.stock > 0');
    if (filter.inStock) query.whereExists(inStock);
    else query.whereNotExists(inStock);
  }
  return query;
}

/** These products' names and publication states, by id; unknown ids are left out. */
export async function productPublications(em: EntityManager, productIds: string[]): Promise<Map<string, { name: string; publication: string }>> {
  if (productIds.length === 0) return new Map();
  const found = await run<{ id: string; name: string; publication: string }>(
    em,
    `select id, name, publication from product where id in (${productIds.map(() => '?').join(', ')})`,
    productIds,
  );
  return new Map(found.map((p) => [p.id, { name: p.name, publication: p.publication }]));
}

export async function productExists(em: EntityManager, productId: string): Promise<boolean> {
  return (await run(em, 'select 1 from product where id = ?', [productId])).length > 0;
}

export async function skuOfProduct(em: EntityManager, skuId: string, productId: string): Promise<boolean> {
  return (await run(em, 'select 1 from sku where id = ? and product_id = ?', [skuId, productId])).length > 0;
}

/**
 * A SKU's retail price; null when there is no such SKU. With `forUpdate` the row stays locked for
 * the rest of the caller's transaction, so the price cannot change under a decision made from it.
 */
export async function skuPrice(em: EntityManager, skuId: string, options: { forUpdate?: boolean } = {}): Promise<number | null> {
  const [sku] = await run<{ price: number }>(em, `select price from sku where id = ?${options.forUpdate ? ' for update' : ''}`, [skuId]);
  return sku ? Number(sku.price) : null;
}

/** The price of the product's cheapest SKU; null when it has none. */
export async function lowestSkuPrice(em: EntityManager, productId: string): Promise<number | null> {
  const [row] = await run<{ price: string | null }>(em, 'select min(price) as price from sku where product_id = ?', [productId]);
  return row?.price == null ? null : Number(row.price);
}

export interface SkuForSale {
  id: string;
  code: string;
  specs: { name: string; value: string }[];
  price: number;
  member_price: number | null;
  stock: number;
  product_id: string;
  product_name: string;
  category_id: string;
  publication: string;
  sale_starts_at: string | null;
}

/** The SKUs of the lines with what pricing and the buyability check need, in one statement. */
export async function skusForSale(em: EntityManager, skuIds: string[]): Promise<Map<string, SkuForSale>> {
  if (skuIds.length === 0) return new Map();
  const rows = await run<SkuForSale>(
    em,
    `select s.id, s.code, s.specs, s.price, s.member_price, s.stock, s.product_id, p.name as product_name, p.category_id, p.publication, p.sale_starts_at
       from sku s join product p on p.id = s.product_id where s.id in (${skuIds.map(() => '?').join(', ')})`,
    skuIds,
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/** Each category with all of its descendants (itself included), by category id, in one statement. */
export async function categoryDescendants(em: EntityManager, categoryIds: string[]): Promise<Map<string, string[]>> {
  const below = new Map<string, string[]>();
  if (categoryIds.length === 0) return below;
  const tree = await run<{ root: string; id: string }>(
    em,
    `select r.id as root, c.id from category r join category c on c.path like r.path || '%' where r.id in (${categoryIds.map(() => '?').join(', ')})`,
    categoryIds,
  );
  for (const { root, id } of tree) below.set(root, [...(below.get(root) ?? []), id]);
  return below;
}

/**
 * Adds sold quantities to the products' sales counts (what BEST_SELLING sorts by), inside the
 * caller's transaction, in one statement: `sold` is the caller's subquery of (product_id, quantity).
 */
export async function addProductSales(tx: EntityManager, sold: Knex.QueryBuilder): Promise<void> {
  await run(tx, tx.getKnex().raw('update product p set sales_count = p.sales_count + l.quantity from ? l where p.id = l.product_id', [sold]));
}

import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { one, q, run, sql, uuids, type SqlPart, type StatementPart } from '../../lib/sql';

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

const SKU_FOR_SALE_COLUMNS =
  's.id, s.code, s.specs, s.price, s.member_price, s.stock, s.product_id, p.name as product_name, p.category_id, p.publication, p.sale_starts_at';

/** The SKUs of the lines with what pricing and the buyability check need, in one statement. */
export async function skusForSale(em: EntityManager, skuIds: string[]): Promise<Map<string, SkuForSale>> {
  if (skuIds.length === 0) return new Map();
  const rows = await run<SkuForSale>(
    em,
    `select ${SKU_FOR_SALE_COLUMNS} from sku s join product p on p.id = s.product_id where s.id in (${skuIds.map(() => '?').join(', ')})`,
    skuIds,
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/** The same as skusForSale, as one JSON array for a composed statement (the checkout's one read); `skusForSaleFound` reads it. */
export function skusForSaleQuery(skuIds: readonly string[]): StatementPart {
  return {
    result: q`(select coalesce(json_agg(x), '[]') from (select ${sql(SKU_FOR_SALE_COLUMNS)} from sku s join product p on p.id = s.product_id where s.id = any(${uuids(skuIds)})) x)`,
  };
}

export function skusForSaleFound(found: unknown): Map<string, SkuForSale> {
  return new Map((found as SkuForSale[]).map((r) => [r.id, r]));
}

/**
 * Takes the lines' stock in a composed statement (the checkout's one write), refused as a whole
 * when any SKU has too little: one conditional decrement per SKU, in SKU order (rows locked in
 * one order by every checkout, so two never deadlock), and a stock movement for each. Its result
 * is the number of SKUs whose stock was taken. With `refusal`, a short SKU fails the whole
 * statement (StatementPart.refusedWhen) with that error; without, the caller reads the count.
 */
export function takeStockPart(lines: readonly { skuId: string; quantity: number }[], reason: string, refusal?: () => Error): StatementPart {
  const wanted = JSON.stringify(lines.map((l) => ({ sku_id: l.skuId, quantity: l.quantity })));
  const skuIds = lines.map((l) => l.skuId);
  // Several SKUs: their rows are locked first, in id order, so two checkouts never wait on each other crosswise.
  const locked: (readonly [string, SqlPart])[] =
    lines.length > 1 ? [['stock_locked', q`select id from sku where id = any(${uuids(skuIds)}) order by id for no key update`]] : [];
  return {
    with: [
      ...locked,
      [
        'stock_taken',
        // The ids as an array too, so the SKUs are found by their key: the planner takes
        // json_to_recordset for 100 rows and would otherwise scan the whole table for one or two.
        q`update sku s set stock = s.stock - w.quantity, updated_at = now()
            from json_to_recordset(${wanted}::json) as w(sku_id uuid, quantity int)
           where s.id = w.sku_id and s.id = any(${uuids(skuIds)}) and s.stock >= w.quantity${sql(lines.length > 1 ? ' and s.id in (select id from stock_locked)' : '')}
           returning s.id, s.stock, w.quantity`,
      ],
      [
        'stock_moved',
        sql(
          `insert into stock_movement (id, sku_id, delta, stock_after, reason, created_at) select uuid_v7(), id, -quantity, stock, ?, now() from stock_taken returning 1`,
          [reason],
        ),
      ],
    ],
    result: sql('(select count(*) from stock_moved)'),
    ...(refusal && {
      refusedWhen: sql(`(select count(*) from stock_moved) < ${lines.length}`),
      check: (taken) => {
        if (Number(taken) < lines.length) throw refusal();
      },
    }),
  };
}

/**
 * Gives stock back in a composed statement: `returned` is the caller's SQL of (sku_id, quantity)
 * rows — typically a select from its own data-modifying CTE, so what it frees and what the SKUs get
 * back are one statement. Quantities of one SKU are summed; the SKUs' rows are locked in id order
 * first (as takeStockPart does), and each change is a stock movement. Its result is the number of
 * SKUs given stock. CTE names start with `stock_returned`.
 */
export function returnStockPart(returned: SqlPart, reason: string): StatementPart {
  return {
    with: [
      ['stock_returned_lines', q`select sku_id, sum(quantity)::int as quantity from (${returned}) r where quantity > 0 group by sku_id`],
      ['stock_returned_locked', sql('select id from sku where id in (select sku_id from stock_returned_lines) order by id for no key update')],
      [
        'stock_returned',
        sql(
          `update sku s set stock = s.stock + r.quantity, updated_at = now()
             from stock_returned_lines r
            where s.id = r.sku_id and s.id in (select id from stock_returned_locked)
            returning s.id, s.stock, r.quantity`,
        ),
      ],
      [
        'stock_returned_moved',
        sql(
          `insert into stock_movement (id, sku_id, delta, stock_after, reason, created_at) select uuid_v7(), id, quantity, stock, ?, now() from stock_returned returning 1`,
          [reason],
        ),
      ],
    ],
    result: sql('(select count(*) from stock_returned_moved)'),
  };
}

/** When takeStockPart took less than every line: the first SKU short of stock, with what is left, for the refusal's message. */
export async function firstShortSku(
  em: EntityManager,
  lines: readonly { skuId: string; quantity: number }[],
): Promise<{ id: string; code: string; stock: number } | null> {
  const wanted = JSON.stringify(lines.map((l) => ({ sku_id: l.skuId, quantity: l.quantity })));
  return one(
    em,
    `select s.id, s.code, s.stock from sku s join json_to_recordset(?::json) as w(sku_id uuid, quantity int) on w.sku_id = s.id where s.stock < w.quantity order by s.id limit 1`,
    [wanted],
  );
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

/** Every category under these (themselves included), as a SQL uuid[] expression over the caller's array expression. */
export function categoriesUnder(rootIds: SqlPart): SqlPart {
  return q`(select coalesce(array_agg(c.id), '{}') from category r join category c on c.path like r.path || '%' where r.id = any(${rootIds}))`;
}

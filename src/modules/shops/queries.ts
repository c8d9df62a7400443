import type { EntityManager } from '@mikro-orm/postgresql';
import { q, run, sql, uuids, type SqlPart } from '../../lib/sql';
import { PRODUCTS, SKUS } from '../catalog/queries';
import { SHOP_PRICE_APPLIES } from './rules';
import { ACCOUNTS } from '../accounts/queries';

/**
 * What other modules may read of the shops' tables. Their SQL never names a shops table: it joins
 * a relation below under an alias of its own (PostgreSQL pulls the subquery up, so the plan is the
 * one a join of the table would get), or calls one of the functions below.
 */

/** Visits to shop pages, one row per shop and calendar day (China time). */
export const SHOP_VISIT_DAYS = '(select shop_id, day, visits from shop_visit_day)';

/** Each shop owner's avatar (their shop's), as (account_id, avatar_url): what referral profiles show. */
export const SHOP_OWNER_AVATARS = '(select owner_id as account_id, avatar_url from shop)';

/**
 * The prices members set for products of their shops, as (owner_id, product_id, shop_price), for
 * shops open now (their owner is a member). Whether a price applies also depends on the product's
 * price-control band: join it over products `p` with `shopPriceApplies('<alias>.shop_price')` (rules.ts).
 */
export const OPEN_SHOP_PRICES = `(select s.owner_id, sp.product_id, sp.shop_price from shop s join shop_product sp on sp.shop_id = s.id
  join ${ACCOUNTS} a on a.id = s.owner_id and a.role = 'member' where sp.shop_price is not null)`;

/** The shop of this member when its selection carries the product; null otherwise. */
export async function shopCarrying(tx: EntityManager, ownerId: string, productId: string): Promise<string | null> {
  const [row] = await run<{ id: string }>(tx, 'select s.id from shop s join shop_product sp on sp.shop_id = s.id where s.owner_id = ? and sp.product_id = ?', [
    ownerId,
    productId,
  ]);
  return row?.id ?? null;
}

/** Who owns a shop; null when there is no such shop. */
export async function shopOwner(tx: EntityManager, shopId: string): Promise<string | null> {
  const [row] = await run<{ owner_id: string }>(tx, 'select owner_id from shop where id = ?', [shopId]);
  return row?.owner_id ?? null;
}

/** shopCarrying as a SQL expression, for a composed statement: the owner's shop when its selection carries the product, else null. */
export function shopCarryingSql(ownerId: SqlPart, productId: SqlPart): SqlPart {
  return q`(select s.id from shop s join shop_product sp on sp.shop_id = s.id where s.owner_id = ${ownerId} and sp.product_id = ${productId} limit 1)`;
}

/** The shop's prices that apply now for the products of these SKUs, as a JSON object { productId: fen }; `{}` when the shop is null. */
export function shopPricesSql(shopId: SqlPart, skuIds: readonly string[]): SqlPart {
  return q`(select coalesce(json_object_agg(sp.product_id, sp.shop_price), '{}') from shop_product sp join ${sql(PRODUCTS)} p on p.id = sp.product_id
             where sp.shop_id = ${shopId} and sp.product_id in (select k.product_id from ${sql(SKUS)} k where k.id = any(${uuids(skuIds)})) and ${sql(SHOP_PRICE_APPLIES)})`;
}

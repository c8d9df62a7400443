import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { one, rows, run } from '../../lib/sql';
import { OrderStatus } from './entities';
import { ORDER_COLUMNS, type OrderRow } from './reads';

/**
 * What other modules may read of the orders' tables. Their SQL never names an orders table: it
 * joins ORDERS under an alias of its own (PostgreSQL pulls the subquery up, so the plan is the one
 * a join of the table would get), or calls one of the functions below.
 */

/** Orders: number, buyer, the storefront app it was placed through, status, what was paid and refunded, when placed and paid. No address or contact details. */
export const ORDERS = '(select id, number, customer_id, storefront_app_id, status, total, refunded_total, placed_at, paid_at from customer_order)';

/** Orders by id, in one statement (a batch of a per-request loader). */
export function ordersByIds(em: EntityManager, orderIds: readonly string[]): Promise<OrderRow[]> {
  return rows<OrderRow>(
    em,
    em
      .getKnex()('customer_order as o')
      .select(ORDER_COLUMNS)
      .whereIn('o.id', orderIds as string[]),
  );
}

/** Whether the customer has ever had an order paid, whatever happened to it after (what "new customer" offers look at). */
export async function hasPaidOrder(em: EntityManager, customerId: string): Promise<boolean> {
  return !!(await one(em, 'select 1 from customer_order where customer_id = ? and paid_at is not null limit 1', [customerId]));
}

/** Whether everything the order cost has been refunded; false for no such order. */
export async function isFullyRefunded(em: EntityManager, orderId: string): Promise<boolean> {
  return (await one<{ full: boolean }>(em, 'select refunded_total >= total as full from customer_order where id = ?', [orderId]))?.full ?? false;
}

/**
 * Locks orders (FOR UPDATE) for the rest of the caller's transaction, in id order so two lockers
 * never deadlock: these ids, or those the caller's subquery of order ids selects.
 */
export async function lockOrders(tx: EntityManager, orderIds: string[] | Knex.QueryBuilder): Promise<void> {
  await run(tx, tx.getKnex()('customer_order').select('id').whereIn('id', orderIds).orderBy('id').forUpdate());
}

/**
 * The statuses of an order whose goods the buyer has received (lifecycle.ts: receive, then complete
 * when the after-sale window closes): what a review of its lines waits for.
 */
export const GOODS_RECEIVED: readonly OrderStatus[] = [OrderStatus.RECEIVED, OrderStatus.COMPLETED];

/** Order lines: what was bought (product, SKU, its specs, how many), what the buyer paid for the line (total, fen), how many units and how much (fen) were refunded. */
export const ORDER_LINES =
  '(select id, order_id, product_id, sku_id, product_name, sku_code, specs, quantity, total, refunded_quantity, refunded_amount from order_line)';

/** An order line with its order's buyer and status, as a review of it needs them. */
export interface BoughtLine {
  id: string;
  order_id: string;
  product_id: string;
  specs: { name: string; value: string }[];
  quantity: number;
  refunded_quantity: number;
  customer_id: string;
  status: OrderStatus;
}

/**
 * The line and its order as they are, after locking the order FOR SHARE for the rest of the caller's
 * transaction: a refund (which locks the order FOR UPDATE) waits for the caller's commit, or the
 * caller waited for the refund and reads what it booked. Two statements, so the read sees the rows
 * as committed when the lock was granted. Null: no such line.
 */
export async function lockBoughtLine(tx: EntityManager, lineId: string): Promise<BoughtLine | null> {
  await run(tx, 'select o.id from customer_order o join order_line l on l.order_id = o.id where l.id = ? for share of o', [lineId]);
  return one<BoughtLine>(
    tx,
    `select l.id, l.order_id, l.product_id, l.specs, l.quantity, l.refunded_quantity, o.customer_id, o.status
       from order_line l join customer_order o on o.id = l.order_id where l.id = ?`,
    [lineId],
  );
}

/** What the price adjustments of one code cost over the orders paid in a window: the discount given (fen, positive) and on how many orders. */
export interface AdjustmentCost {
  code: string;
  cost: number;
  orders: number;
}

/**
 * The discounts (negative adjustments: COUPON, DISCOUNT, FULL_REDUCTION, NEW_CUSTOMER_PRICE, …) of
 * the orders paid in [from, to), per code, in one statement: what each kind of offer cost.
 */
export async function adjustmentCosts(em: EntityManager, from: Date, to: Date): Promise<AdjustmentCost[]> {
  const found = await run<{ code: string; cost: string; orders: number }>(
    em,
    `select a.code, -sum(a.amount) as cost, count(distinct o.id)::int as orders
       from customer_order o cross join lateral jsonb_to_recordset(o.adjustments) as a(code text, amount int)
      where o.paid_at >= ? and o.paid_at < ? and a.amount < 0
      group by a.code order by a.code`,
    [from, to],
  );
  return found.map((r) => ({ code: r.code, cost: Number(r.cost), orders: r.orders }));
}

import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { one, rows, run } from '../../lib/sql';
import { ORDER_COLUMNS, type OrderRow } from './reads';

/**
 * What other modules may read of the orders' tables. Their SQL never names an orders table: it
 * joins ORDERS under an alias of its own (PostgreSQL pulls the subquery up, so the plan is the one
 * a join of the table would get), or calls one of the functions below.
 */

/** Orders: number, buyer, status, what was paid and refunded, when placed and paid. No address or contact details. */
export const ORDERS = '(select id, number, customer_id, status, total, refunded_total, placed_at, paid_at from customer_order)';

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

import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { OrderErrorCode as E } from './errors';
import { OrderStatus as S } from './entities';

/**
 * The order state machine, in one place:
 *
 *   pending_payment ─pay─▶ paid ─ship─▶ shipped ─receive─▶ received ─complete─▶ completed
 *          │                 │
 *          │                 └─close (refunded in full before shipping; stock returned by the refund)─┐
 *          └─cancel (buyer, or unpaid timeout)─▶ cancelled (stock returned) ◀──────────────────────────┘
 *
 * Every transition is one conditional UPDATE on the expected current status, so of two racing
 * transitions exactly one wins, and an illegal one changes nothing. The transition's event is
 * written to the outbox in the same transaction.
 */
export type Transition = 'pay' | 'ship' | 'receive' | 'complete' | 'cancel' | 'close';

export const TRANSITIONS: Record<Transition, { from: S[]; to: S; stamp: string; event: string; when?: string }> = {
  pay: { from: [S.PENDING_PAYMENT], to: S.PAID, stamp: 'paid_at', event: 'order.paid' },
  // A held order (a group-buy whose session has not succeeded) must not ship.
  ship: { from: [S.PAID], to: S.SHIPPED, stamp: 'shipped_at', event: 'order.shipped', when: 'not fulfilment_hold' },
  receive: { from: [S.SHIPPED], to: S.RECEIVED, stamp: 'received_at', event: 'order.received' },
  complete: { from: [S.RECEIVED], to: S.COMPLETED, stamp: 'completed_at', event: 'order.completed' },
  cancel: { from: [S.PENDING_PAYMENT], to: S.CANCELLED, stamp: 'cancelled_at', event: 'order.cancelled' },
  close: { from: [S.PAID], to: S.CANCELLED, stamp: 'cancelled_at', event: 'order.cancelled' },
};

/**
 * Applies a transition inside the caller's transaction. `extra` sets more columns (carrier…);
 * `where` adds conditions (e.g. the buyer's id). Returns the order's id, or throws
 * ORDER_NOT_FOUND / ILLEGAL_TRANSITION naming the current status.
 */
export async function transition(
  tx: EntityManager,
  orderId: string,
  name: Transition,
  options: { extra?: Record<string, unknown>; customerId?: string; payload?: Record<string, unknown> } = {},
): Promise<void> {
  const t = TRANSITIONS[name];
  const conn = tx.getConnection();
  const ctx = tx.getTransactionContext<Knex.Transaction>();
  const sets = Object.keys(options.extra ?? {})
    .map((column) => `, ${column} = ?`)
    .join('');
  const updated = await conn.execute<{ id: string }[]>(
    `update customer_order set status = ?, ${t.stamp} = now(), updated_at = now()${sets}
      where id = ? and status in (${t.from.map(() => '?').join(', ')})${t.when ? ` and ${t.when}` : ''}${options.customerId ? ' and customer_id = ?' : ''}
      returning id`,
    [t.to, ...Object.values(options.extra ?? {}), orderId, ...t.from, ...(options.customerId ? [options.customerId] : [])],
    'all',
    ctx,
  );
  if (updated.length === 0) {
    const [row] = await conn.execute<{ status: string; customer_id: string; fulfilment_hold: boolean }[]>(
      'select status, customer_id, fulfilment_hold from customer_order where id = ?',
      [orderId],
      'all',
      ctx,
    );
    if (!row || (options.customerId && row.customer_id !== options.customerId))
      throw new DomainError(E.ORDER_NOT_FOUND, 'No order of yours has this id', ['orderId']);
    if (t.when && row.fulfilment_hold && t.from.includes(row.status as S)) {
      throw new DomainError(E.FULFILMENT_ON_HOLD, 'The order is on hold: its group-buy session has not succeeded yet, so it cannot ship', ['orderId']);
    }
    throw new DomainError(
      E.ILLEGAL_TRANSITION,
      `The order is ${row.status.toUpperCase()}: it cannot ${name} now (only from ${t.from.map((s) => s.toUpperCase()).join(' or ')})`,
      ['orderId'],
    );
  }
  await recordEvent(tx, orderId, t.event, options.payload ?? {});
}

/** Into the outbox; events.ts delivers it after commit to the `orderEventSubscribers` of the modules in src/modules/index.ts, in that order. */
export async function recordEvent(tx: EntityManager, orderId: string, type: string, payload: Record<string, unknown>): Promise<void> {
  await tx
    .getConnection()
    .execute(
      'insert into order_event (order_id, type, payload, created_at, attempts) values (?, ?, ?, now(), 0)',
      [orderId, type, JSON.stringify(payload)],
      'run',
      tx.getTransactionContext(),
    );
}

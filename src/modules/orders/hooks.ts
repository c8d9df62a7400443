import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * What campaign modules (group-buy) do inside the order's own transactions. Registered when the
 * module is imported; each runs in the transaction of the change it follows, so it commits or rolls
 * back with it.
 */
export interface OrderHooks {
  /** Before a payment is applied: a reason refuses it — the order is cancelled and the payment given back. */
  refusePayment?(tx: EntityManager, orderId: string): Promise<string | null>;
  /** After the order is marked paid. */
  paid?(tx: EntityManager, orderId: string): Promise<void>;
  /** After an unpaid order is cancelled (by the buyer, the timeout, or a refused payment). */
  cancelled?(tx: EntityManager, orderId: string): Promise<void>;
  /** Before money goes back on a paid order (refund, after-sale request), the order locked: a reason refuses it. */
  refuseRefund?(tx: EntityManager, orderId: string): Promise<string | null>;
  /** After a refund is booked; `restockedUnits`: units that went back to stock (the goods had not shipped), else 0. */
  refunded?(tx: EntityManager, orderId: string, restockedUnits: number): Promise<void>;
}

export const orderHooks: OrderHooks[] = [];

export function registerOrderHooks(hooks: OrderHooks): void {
  orderHooks.push(hooks);
}

/** Why no money may go back on this order now, from the first hook that refuses; null when it may. */
export async function refundRefusal(tx: EntityManager, orderId: string): Promise<string | null> {
  for (const hooks of orderHooks) {
    const refused = await hooks.refuseRefund?.(tx, orderId);
    if (refused) return refused;
  }
  return null;
}

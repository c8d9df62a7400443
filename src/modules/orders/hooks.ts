import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * What campaign modules (group-buy, bargain) do inside the order's own transactions. Each module
 * declares its hooks as `orderHooks` in its manifest (src/modules/<name>/index.ts); the install step
 * (src/server/modules.ts) puts them in `orderHooks` in the order of src/modules/index.ts. Each runs
 * in the transaction of the change it follows, so it commits or rolls back with it.
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

/** The modules' hooks, in the order of src/modules/index.ts: run one after the other, in this order. */
export const orderHooks: OrderHooks[] = [];

/** Called by the install step only. */
export function registerOrderHooks(hooks: OrderHooks): void {
  orderHooks.push(hooks);
}

/** Why no money may go back on this order now, from the first hook that refuses; null when it may. */
export async function refundRefusal(tx: EntityManager, orderId: string): Promise<string | null> {
  // The hooks of the modules in src/modules/index.ts that declare `orderHooks`, in that order.
  for (const hooks of orderHooks) {
    const refused = await hooks.refuseRefund?.(tx, orderId);
    if (refused) return refused;
  }
  return null;
}

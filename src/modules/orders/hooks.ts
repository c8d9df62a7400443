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
}

export const orderHooks: OrderHooks[] = [];

export function registerOrderHooks(hooks: OrderHooks): void {
  orderHooks.push(hooks);
}

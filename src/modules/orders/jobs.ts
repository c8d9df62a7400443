import type { EntityManager } from '@mikro-orm/postgresql';
import type { JobQueue } from '../../lib/jobs';
import { CatalogService } from '../catalog/service';
import { expireGuestCarts } from './cart';
import { CANCEL_UNPAID, OrderService } from './service';

/**
 * The order timers. `orders.cancel-unpaid` fires at an order's payment deadline; the
 * `orders.sweep` runs every minute and does, set by set, whatever is due — unpaid orders past
 * their deadline, automatic receipt, completion after the after-sale window, guest carts untouched for GUEST_CART_DAYS (cart.ts) — so a lost or late
 * timer only delays, never skips. Both are safe to run in several processes at once.
 */
export { CANCEL_UNPAID };
export const SWEEP = 'orders.sweep';

const orders = (em: EntityManager) => new OrderService(em, new CatalogService(em));

/** Everything due now, in one go: what the sweep job runs. */
export async function sweepOrders(em: EntityManager): Promise<{ cancelled: number; received: number; completed: number; guestCartsExpired: number }> {
  return {
    cancelled: await orders(em.fork()).cancelOverdue(),
    received: await orders(em.fork()).receiveOverdue(),
    completed: await orders(em.fork()).completeDue(),
    guestCartsExpired: await expireGuestCarts(em.fork()),
  };
}

export async function registerOrderJobs(queue: JobQueue, fork: () => EntityManager): Promise<void> {
  await queue.register<{ orderId: string }>(CANCEL_UNPAID, async ({ orderId }) => {
    await orders(fork()).cancelOverdue([orderId]);
  });
  await queue.register(
    SWEEP,
    async () => {
      await sweepOrders(fork());
    },
    { cron: '* * * * *' },
  );
}

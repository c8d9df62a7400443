import type { OrderEventSubscriber } from '../orders/events';
import { countOrder } from './team-figures';

/**
 * Order events count the order again in its buyer's ancestors' team sales (team-figures.ts): a
 * payment adds it, a refund or a cancellation after payment takes back what it took back.
 */
export const countInTeamSales: OrderEventSubscriber = async (event, em) => {
  await em.transactional((tx) => countOrder(tx, event.orderId));
};

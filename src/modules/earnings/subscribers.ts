import type { OrderEventSubscriber } from '../orders/events';
import { accrueForPaidOrder, recordCompletion, reverseForCancellation, reverseForRefund } from './accrual';

/**
 * Earnings follow their orders' events. Subscribed in the manifest (index.ts); earnings come after
 * members in src/modules/index.ts, so on `order.paid` of a package the membership is open before
 * the bonus looks for it. Every handler is idempotent: delivery is at least once.
 */
export const accrueOnPaid: OrderEventSubscriber = async (event, em) => {
  await accrueForPaidOrder(em, event.orderId, event.createdAt);
};
export const recordCompletionOnCompleted: OrderEventSubscriber = async (event, em) => {
  await recordCompletion(em, event.orderId, event.createdAt);
};
export const reverseOnRefunded: OrderEventSubscriber = async (event, em) => {
  const payload = event.payload as { refundId: string; lines?: { orderLineId: string; amount: number }[] };
  await reverseForRefund(em, event.orderId, payload.refundId, payload.lines ?? []);
};
export const reverseOnCancelled: OrderEventSubscriber = async (event, em) => {
  await reverseForCancellation(em, event.orderId);
};

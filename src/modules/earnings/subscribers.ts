import { subscribeToOrderEvents } from '../orders/events';
import { accrueForPaidOrder, recordCompletion, reverseForCancellation, reverseForRefund } from './accrual';

/**
 * Earnings follow their orders' events. Registered on import, after the membership subscribers
 * (the schema imports this file after theirs), so on `order.paid` of a package the membership is
 * open before the bonus looks for it. Every handler is idempotent: delivery is at least once.
 */
subscribeToOrderEvents('order.paid', async (event, em) => {
  await accrueForPaidOrder(em, event.orderId, event.createdAt);
});
subscribeToOrderEvents('order.completed', async (event, em) => {
  await recordCompletion(em, event.orderId, event.createdAt);
});
subscribeToOrderEvents('order.refunded', async (event, em) => {
  const payload = event.payload as { refundId: string; lines?: { orderLineId: string; amount: number }[] };
  await reverseForRefund(em, event.orderId, payload.refundId, payload.lines ?? []);
});
subscribeToOrderEvents('order.cancelled', async (event, em) => {
  await reverseForCancellation(em, event.orderId);
});

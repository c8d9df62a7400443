import type { OrderEventSubscriber } from '../orders/events';
import { isFullyRefunded } from '../orders/queries';
import { giveBackFlashStock } from './flash-pricing';
import { issueGift, releaseNewCustomerPrice, takeBackGift } from './gifts';

/**
 * Promotions follow their order through its events (subscribed in the manifest, index.ts; each
 * handler idempotent, as delivery is at least once):
 * - an unpaid order cancelled (by the buyer or for not being paid in time) gives its flash stock
 *   back, once; an order closed by a full refund after payment keeps its sale;
 * - `order.paid` issues the full-reduction gift coupon; a cancellation or a full refund takes it back;
 * - a cancelled order gives the buyer's new-customer prices back.
 */
export const releaseCancelledOrderPromotions: OrderEventSubscriber = async (event, em) => {
  if (event.payload.by !== 'refund') await giveBackFlashStock(em, event.orderId);
  await takeBackGift(em, event.orderId);
  await releaseNewCustomerPrice(em, event.orderId);
};
export const issueGiftOfPaidOrder: OrderEventSubscriber = async (event, em) => {
  await issueGift(em, event.orderId);
};
export const takeBackGiftOfRefundedOrder: OrderEventSubscriber = async (event, em) => {
  if (await isFullyRefunded(em, event.orderId)) await takeBackGift(em, event.orderId);
};

import type { OrderEventSubscriber } from '../orders/events';
import { CouponRedemption } from './redemption';

/**
 * Coupons follow their order (the lock itself is taken in the checkout transaction): used on
 * `order.paid`, given back on `order.cancelled` (unpaid, or refunded in full before shipping) and on
 * a refund that leaves nothing paid. Subscribed in the manifest (index.ts); idempotent, as delivery
 * is at least once.
 */
export const useCouponOfPaidOrder: OrderEventSubscriber = async (event, em) => {
  await new CouponRedemption(em).use(event.orderId);
};
export const giveBackCouponOfCancelledOrder: OrderEventSubscriber = async (event, em) => {
  await new CouponRedemption(em).giveBack(event.orderId);
};
export const giveBackCouponOfRefundedOrder: OrderEventSubscriber = async (event, em) => {
  await new CouponRedemption(em).giveBackIfFullyRefunded(event.orderId);
};

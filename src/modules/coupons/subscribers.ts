import { subscribeToOrderEvents } from '../orders/events';
import { CouponRedemption } from './redemption';

/**
 * Coupons follow their order (the lock itself is taken in the checkout transaction): used on
 * `order.paid`, given back on `order.cancelled` (unpaid, or refunded in full before shipping) and on
 * a refund that leaves nothing paid. Registered on import; idempotent, as delivery is at least once.
 */
subscribeToOrderEvents('order.paid', async (event, em) => {
  await new CouponRedemption(em).use(event.orderId);
});
subscribeToOrderEvents('order.cancelled', async (event, em) => {
  await new CouponRedemption(em).giveBack(event.orderId);
});
subscribeToOrderEvents('order.refunded', async (event, em) => {
  await new CouponRedemption(em).giveBackIfFullyRefunded(event.orderId);
});

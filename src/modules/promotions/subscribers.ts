import { subscribeToOrderEvents } from '../orders/events';
import { giveBackFlashStock } from './flash-pricing';

/**
 * An unpaid order cancelled (by the buyer or for not being paid in time) gives its flash stock back;
 * an order closed by a full refund after payment does not (the sale happened). Registered on
 * import; idempotent: each purchase is given back once (returned_at).
 */
subscribeToOrderEvents('order.cancelled', async (event, em) => {
  if (event.payload.by === 'refund') return;
  await giveBackFlashStock(em, event.orderId);
});

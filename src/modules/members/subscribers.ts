import { subscribeToOrderEvents } from '../orders/events';
import { MemberService } from './service';

/**
 * Memberships bought as a package follow their order: `order.paid` opens one, a refund that leaves
 * no paid unit of the package (or the order cancelled after payment) ends it. Registered when this
 * file is imported (the schema does, so the app and the tests both have them); each handler is
 * idempotent, as delivery is at least once.
 */
subscribeToOrderEvents('order.paid', async (event, em) => {
  await new MemberService(em).openForPaidOrder(event.orderId);
});
subscribeToOrderEvents('order.refunded', async (event, em) => {
  await new MemberService(em).endForOrder(event.orderId, 'refunded');
});
subscribeToOrderEvents('order.cancelled', async (event, em) => {
  await new MemberService(em).endForOrder(event.orderId, 'cancelled');
});

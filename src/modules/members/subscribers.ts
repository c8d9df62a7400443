import type { OrderEventSubscriber } from '../orders/events';
import { MemberService } from './service';

/**
 * Memberships bought as a package follow their order: `order.paid` opens one, a refund that leaves
 * no paid unit of the package (or the order cancelled after payment) ends it. Subscribed in the
 * manifest (index.ts); each handler is idempotent, as delivery is at least once.
 */
export const openMembershipOfPaidOrder: OrderEventSubscriber = async (event, em) => {
  await new MemberService(em).openForPaidOrder(event.orderId);
};
export const endMembershipOfRefundedOrder: OrderEventSubscriber = async (event, em) => {
  await new MemberService(em).endForOrder(event.orderId, 'refunded');
};
export const endMembershipOfCancelledOrder: OrderEventSubscriber = async (event, em) => {
  await new MemberService(em).endForOrder(event.orderId, 'cancelled');
};

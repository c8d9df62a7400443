import type { EntityManager } from '@mikro-orm/postgresql';
import { run } from '../../lib/sql';
import type { OrderEventMessage } from '../orders/events';
import { ORDER_LINES } from '../orders/queries';
import { ReviewStatus } from './entities';
import { moveRatingSummaries } from './summary';

/**
 * `order.refunded`: the reviews of the order's lines that are now refunded in full (every unit) are
 * marked refunded — still shown, with the mark, their ratings out of the summary. A line refunded in
 * part keeps its review counted: the buyer kept some of what they rated.
 *
 * It reads the lines as they are, not the event's amounts, and marks only reviews not marked yet
 * (one conditional update), so a second delivery of the event, or of a later refund's, changes
 * nothing and the summary moves once per review. A review written while the refund was being booked
 * is not missed: writing one locks the order FOR SHARE (orders' lockBoughtLine), so it either
 * committed before the refund (and is here) or read the line refunded in full and was refused.
 */
export async function markReviewsOfRefundedLines(event: OrderEventMessage, em: EntityManager): Promise<void> {
  await em.transactional(async (tx) => {
    const marked = await run<{ product_id: string; rating: number; status: ReviewStatus }>(
      tx,
      `update review r set refunded = true, refunded_at = now()
         from ${ORDER_LINES} l
        where r.order_id = ? and not r.refunded and l.id = r.order_line_id and l.refunded_quantity >= l.quantity
       returning r.product_id, r.rating, r.status`,
      [event.orderId],
    );
    await moveRatingSummaries(
      tx,
      marked.filter((r) => r.status === ReviewStatus.PUBLISHED).map((r) => ({ productId: r.product_id, rating: r.rating, delta: -1 as const })),
    );
  });
}

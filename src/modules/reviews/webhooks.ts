import type { EntityManager } from '@mikro-orm/postgresql';
import { toGlobalId } from '../../lib/ids';
import { run } from '../../lib/sql';
import { ORDERS } from '../orders/queries';
import { publishWebhookEvent } from '../webhooks/events';

/** Tells the reviewed order's app's webhooks of a new review, inside the transaction that wrote it. */
export async function publishReviewWebhook(tx: EntityManager, reviewId: string): Promise<void> {
  const [r] = await run<{
    id: string;
    order_id: string;
    order_line_id: string;
    product_id: string;
    author_id: string;
    storefront_app_id: string;
    rating: number;
    text: string | null;
    images: string[];
    anonymous: boolean;
    created_at: string;
  }>(
    tx,
    `select r.id, r.order_id, r.order_line_id, r.product_id, r.author_id, o.storefront_app_id, r.rating, r.text, r.images, r.anonymous, r.created_at
       from review r join ${ORDERS} o on o.id = r.order_id where r.id = ?`,
    [reviewId],
  );
  const id = toGlobalId('Review', r.id);
  await publishWebhookEvent(tx, {
    type: 'review.created',
    storefrontAppId: r.storefront_app_id,
    resourceType: 'review',
    resourceId: id,
    resourceVersion: 1,
    source: `review:${r.id}:created`,
    data: {
      review: {
        id,
        orderId: toGlobalId('Order', r.order_id),
        orderLineId: toGlobalId('OrderLine', r.order_line_id),
        productId: toGlobalId('Product', r.product_id),
        authorId: toGlobalId('Account', r.author_id),
        rating: r.rating,
        text: r.text,
        imageUrls: r.images,
        anonymous: r.anonymous,
        createdAt: new Date(r.created_at).toISOString(),
      },
    },
  });
}

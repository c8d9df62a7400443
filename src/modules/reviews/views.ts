import { toGlobalId } from '../../lib/ids';
import type { ReviewableLineRow, ReviewRow } from './reads';
import type { RatingSummaryRow } from './summary';
import { FOLLOW_UP_DAYS } from './rules';
import type { RatingSummary, Review, ReviewableLine, ReviewStatusEnum } from './types';

/** A review as the API shows it, with what its field resolvers need (who wrote it, why it is hidden) kept off the schema. */
export type ReviewView = Review & { dbId: string; authorDbId: string; productDbId: string; hiddenReasonText: string | null };

const DAY_MS = 86_400_000;

export function reviewView(row: ReviewRow): ReviewView {
  const createdAt = new Date(row.created_at);
  return {
    __typename: 'Review',
    id: toGlobalId('Review', row.id),
    dbId: row.id,
    authorDbId: row.author_id,
    productDbId: row.product_id,
    hiddenReasonText: row.hidden_reason,
    rating: row.rating,
    text: row.text,
    imageUrls: row.images,
    anonymous: row.anonymous,
    authorName: row.anonymous ? null : row.author_name,
    specs: row.specs,
    productId: toGlobalId('Product', row.product_id),
    status: row.status.toUpperCase() as ReviewStatusEnum,
    refunded: row.refunded,
    followUp: row.follow_up_at == null ? null : { text: row.follow_up_text!, imageUrls: row.follow_up_images ?? [], createdAt: new Date(row.follow_up_at) },
    followUpUntil: new Date(createdAt.getTime() + FOLLOW_UP_DAYS * DAY_MS),
    reply:
      row.replied_at == null
        ? null
        : { text: row.reply_text!, repliedAt: new Date(row.replied_at), editedAt: row.reply_edited_at == null ? null : new Date(row.reply_edited_at) },
    createdAt,
  } as ReviewView;
}

export function reviewableLineView(row: ReviewableLineRow): ReviewableLine & { productDbId: string } {
  return {
    orderLineId: toGlobalId('OrderLine', row.id),
    orderId: toGlobalId('Order', row.order_id),
    orderNumber: row.order_number,
    productId: toGlobalId('Product', row.product_id),
    productDbId: row.product_id,
    productName: row.product_name,
    skuCode: row.sku_code,
    specs: row.specs,
    quantity: row.quantity,
  };
}

/** Counts per star from the summary row (none: no counted review); the average from those integers. */
export function ratingSummaryView(row: RatingSummaryRow | null): RatingSummary {
  const counts = row ? [row.one_star, row.two_stars, row.three_stars, row.four_stars, row.five_stars] : [0, 0, 0, 0, 0];
  const count = counts.reduce((a, b) => a + b, 0);
  const stars = counts.reduce((sum, n, i) => sum + n * (i + 1), 0);
  return {
    count,
    average: count === 0 ? null : Math.round((stars * 100) / count) / 100,
    stars: counts.map((n, i) => ({ stars: i + 1, count: n })).reverse(),
  };
}

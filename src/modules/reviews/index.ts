import type { ModuleManifest } from '../manifest';
import { Review, ReviewRatingSummary } from './entities';
import { markReviewsOfRefundedLines } from './refunds';
import { ProductReviewsResolver, ReviewableLineResolver, ReviewResolver, reviewNode } from './resolver';

/** Buyers' reviews (晒单) of the lines they received, operators' moderation and replies, and each product's rating summary. */
export const reviewsModule: ModuleManifest = {
  name: 'reviews',
  entities: [Review, ReviewRatingSummary],
  resolvers: [ReviewResolver, ReviewableLineResolver, ProductReviewsResolver],
  nodeTypes: { Review: reviewNode },
  orderEventSubscribers: [{ event: 'order.refunded', handler: markReviewsOfRefundedLines }],
};

import type { ModuleManifest } from '../manifest';
import { Review, ReviewRatingSummary } from './entities';
import { ReviewBlockResolver } from './block-resolver';
import { markReviewsOfRefundedLines } from './refunds';
import { ProductReviewsResolver, ReviewableLineResolver, ReviewResolver, reviewNode } from './resolver';

/** Buyers' reviews (晒单) of the lines they received, operators' moderation and replies, each product's rating summary, and the review an article's review block features. */
export const reviewsModule: ModuleManifest = {
  name: 'reviews',
  entities: [Review, ReviewRatingSummary],
  resolvers: [ReviewResolver, ReviewableLineResolver, ProductReviewsResolver, ReviewBlockResolver],
  nodeTypes: { Review: reviewNode },
  orderEventSubscribers: [{ event: 'order.refunded', handler: markReviewsOfRefundedLines }],
};

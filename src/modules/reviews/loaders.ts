import DataLoader from 'dataloader';
import type { RequestContext } from '../../lib/request-context';
import { ReviewReads, type ReviewRow } from './reads';
import { ratingSummaries, type RatingSummaryRow } from './summary';

/** Per-request batches: `nodes(ids:)` reads its reviews in one statement, a page of products its summaries in one. */
export interface ReviewLoaders {
  /** Reviews by id in any state; the caller decides who may see which. */
  review: DataLoader<string, ReviewRow | null>;
  /** Rating summaries by product id; null: the product has no counted review. */
  ratingSummary: DataLoader<string, RatingSummaryRow | null>;
}

export const reviewLoaders = (ctx: RequestContext): ReviewLoaders => ({
  review: new DataLoader(async (ids) => {
    const found = new Map((await new ReviewReads(ctx.em).byIds(ids)).map((r) => [r.id, r]));
    return ids.map((id) => found.get(id) ?? null);
  }),
  ratingSummary: new DataLoader(async (productIds) => {
    const found = new Map((await ratingSummaries(ctx.em, productIds)).map((r) => [r.product_id, r]));
    return productIds.map((id) => found.get(id) ?? null);
  }),
});

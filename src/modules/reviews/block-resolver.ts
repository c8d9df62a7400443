import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../lib/request-context';
import { ReviewBlock } from '../content/types';
import { ReviewStatus } from './entities';
import { reviewLoaders } from './loaders';
import { Review } from './types';
import { reviewView, type ReviewView } from './views';

/**
 * The review an article's review block features. Content comes before reviews in the module list,
 * so the field is declared here, on the content module's ReviewBlock: every review block of a page
 * is read in one statement (the per-request loader).
 */
@Resolver(() => ReviewBlock)
export class ReviewBlockResolver {
  @FieldResolver(() => Review, {
    nullable: true,
    description:
      "The featured review while it is public (PUBLISHED). Null when it is unavailable: an operator hid it, or no review has this id (any more) — storefronts then leave the block out. Every reader sees the same, the review's author and operators included: an article shows only public reviews.",
  })
  async review(@Root() block: ReviewBlock, @Ctx() ctx: RequestContext): Promise<ReviewView | null> {
    const row = await ctx.use(reviewLoaders).review.load(block.reviewDbId);
    return row?.status === ReviewStatus.PUBLISHED ? reviewView(row) : null;
  }
}

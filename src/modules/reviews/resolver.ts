import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { badInput } from '../../lib/errors';
import { idOf } from '../../lib/ids';
import { mapConnection, PageArgs, pageCost } from '../../lib/pagination';
import { payload } from '../../lib/payload';
import type { RequestContext } from '../../lib/request-context';
import { Role } from '../../lib/roles';
import { visibleProduct } from '../catalog/resolver';
import { Product } from '../catalog/types';
import type { NodeFetcher } from '../manifest';
import { ReviewStatus } from './entities';
import { reviewLoaders } from './loaders';
import { reviewModeration } from './moderation';
import { ReviewReads, type ReviewRow } from './reads';
import { reviewService } from './service';
import {
  FollowUpReviewInput,
  HideReviewInput,
  ProductReviewFilterInput,
  RatingSummary,
  ReplyToReviewInput,
  Review,
  ReviewableLine,
  ReviewableLineConnection,
  ReviewConnection,
  ReviewFilterInput,
  ReviewPayload,
  UnhideReviewInput,
  WriteReviewInput,
} from './types';
import { ratingSummaryView, reviewableLineView, reviewView, type ReviewView } from './views';

/** Who sees a review: anyone while it is published; once hidden, its author and operators. */
function maySee(ctx: RequestContext, row: ReviewRow): boolean {
  return row.status === ReviewStatus.PUBLISHED || ctx.isOperator || ctx.viewer?.accountId === row.author_id;
}

export const reviewNode: NodeFetcher = async (ctx, id) => {
  const row = await ctx.use(reviewLoaders).review.load(id);
  return row && maySee(ctx, row) ? reviewView(row) : null;
};

/** The review a mutation changed, as it is now (the caller wrote or moderated it, so may see it). */
async function changed(ctx: RequestContext, work: Promise<{ reviewId: string }>): Promise<{ review: ReviewView }> {
  const { reviewId } = await work;
  const [row] = await new ReviewReads(ctx.em).byIds([reviewId]);
  return { review: reviewView(row) };
}

const reviewIdOf = (id: string) => idOf('Review', id);

@Resolver(() => Review)
export class ReviewResolver {
  @Authorized(Role.CUSTOMER)
  @Query(() => ReviewConnection, { complexity: pageCost, description: 'Your reviews in every state (hidden ones with their reason), newest first.' })
  async myReviews(@Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    return mapConnection(await new ReviewReads(ctx.em).authorReviews(ctx.viewer!.accountId, page), reviewView);
  }

  @Authorized(Role.OPERATOR)
  @Query(() => ReviewConnection, { complexity: pageCost, description: 'Every review, published and hidden, newest first, filtered. Operators only.' })
  async reviews(
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('filter', () => ReviewFilterInput, { nullable: true, description: 'Filters; all given must match.' }) filter?: ReviewFilterInput,
  ) {
    let productId: string | null = null;
    if (filter?.productId) {
      productId = idOf('Product', filter.productId);
      if (!productId) throw badInput('filter.productId is not a product ID', 'filter.productId');
    }
    return mapConnection(await new ReviewReads(ctx.em).allReviews({ ...filter, productId }, page), reviewView);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Why an operator hid it; shown to its author and to operators (null for anyone else, and while it is published).',
  })
  hiddenReason(@Root() review: ReviewView, @Ctx() ctx: RequestContext): string | null {
    return ctx.isOperator || ctx.viewer?.accountId === review.authorDbId ? review.hiddenReasonText : null;
  }

  @FieldResolver(() => Product, { nullable: true, description: 'The product reviewed; null when this storefront may not see it.' })
  product(@Root() review: ReviewView, @Ctx() ctx: RequestContext): Promise<Product | null> {
    return visibleProduct(ctx, review.productDbId);
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => ReviewPayload, {
    description: `Reviews a line of one of your orders once it is received (RECEIVED or COMPLETED), once per line: stars, text, images, anonymous or not. Published at once.`,
  })
  writeReview(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => WriteReviewInput, { description: 'The line and the review.' }) input: WriteReviewInput,
  ): Promise<ReviewPayload> {
    return payload(
      () =>
        changed(
          ctx,
          ctx.use(reviewService).write(ctx.viewer!.accountId, idOf('OrderLine', input.orderLineId), {
            rating: input.rating,
            text: input.text ?? '',
            imageUrls: input.imageUrls ?? [],
            anonymous: input.anonymous ?? false,
          }),
        ),
      { review: null },
    );
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => ReviewPayload, { description: 'Adds the follow-up review (追评) to your review: once, within 30 days of it. It has no rating of its own.' })
  followUpReview(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => FollowUpReviewInput, { description: 'The review and what you add.' }) input: FollowUpReviewInput,
  ): Promise<ReviewPayload> {
    return payload(
      () =>
        changed(
          ctx,
          ctx.use(reviewService).followUp(ctx.viewer!.accountId, reviewIdOf(input.reviewId), { text: input.text, imageUrls: input.imageUrls ?? [] }),
        ),
      { review: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => ReviewPayload, {
    description: "Hides a published review, with a reason its author sees; its rating leaves the product's summary. Operators only.",
  })
  hideReview(@Ctx() ctx: RequestContext, @Arg('input', () => HideReviewInput, { description: 'The review and why.' }) input: HideReviewInput) {
    return payload<ReviewPayload>(() => changed(ctx, ctx.use(reviewModeration).hide(reviewIdOf(input.reviewId), input.reason)), { review: null });
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => ReviewPayload, { description: 'Shows a hidden review again; its rating counts again (unless its line was refunded). Operators only.' })
  unhideReview(@Ctx() ctx: RequestContext, @Arg('input', () => UnhideReviewInput, { description: 'The review.' }) input: UnhideReviewInput) {
    return payload<ReviewPayload>(() => changed(ctx, ctx.use(reviewModeration).unhide(reviewIdOf(input.reviewId))), { review: null });
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => ReviewPayload, { description: "Replies to a review on the shop's behalf; one reply per review, replying again edits it. Operators only." })
  replyToReview(@Ctx() ctx: RequestContext, @Arg('input', () => ReplyToReviewInput, { description: 'The review and the reply.' }) input: ReplyToReviewInput) {
    return payload<ReviewPayload>(() => changed(ctx, ctx.use(reviewModeration).reply(reviewIdOf(input.reviewId), input.text)), { review: null });
  }
}

@Resolver(() => ReviewableLine)
export class ReviewableLineResolver {
  @Authorized(Role.CUSTOMER)
  @Query(() => ReviewableLineConnection, {
    complexity: pageCost,
    description: 'Lines of your orders you may still review: received, not refunded in full, not reviewed yet; newest order first.',
  })
  async reviewableLines(@Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    return mapConnection(await new ReviewReads(ctx.em).reviewableLines(ctx.viewer!.accountId, page), reviewableLineView);
  }

  @FieldResolver(() => Product, { nullable: true, description: 'The product bought, as it is now; null when this storefront may not see it.' })
  product(@Root() line: ReviewableLine & { productDbId: string }, @Ctx() ctx: RequestContext): Promise<Product | null> {
    return visibleProduct(ctx, line.productDbId);
  }
}

/** The reviews' fields of the catalog's Product. */
@Resolver(() => Product)
export class ProductReviewsResolver {
  @FieldResolver(() => ReviewConnection, {
    complexity: pageCost,
    description: 'Its published reviews, newest first (refunded ones too, marked `refunded`); filters: with images, stars.',
  })
  async reviews(
    @Root() product: Product,
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('filter', () => ProductReviewFilterInput, { nullable: true, description: 'Filters; all given must match.' }) filter?: ProductReviewFilterInput,
  ) {
    return mapConnection(await new ReviewReads(ctx.em).productReviews(product.dbId, filter ?? {}, page), reviewView);
  }

  @FieldResolver(() => RatingSummary, { description: 'Its ratings: how many counted reviews, their average, and how many per number of stars.' })
  async ratingSummary(@Root() product: Product, @Ctx() ctx: RequestContext): Promise<RatingSummary> {
    return ratingSummaryView(await ctx.use(reviewLoaders).ratingSummary.load(product.dbId));
  }
}

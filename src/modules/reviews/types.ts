import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { maxChars, maxItems, range } from '../../lib/bounds';
import { UserError } from '../../lib/errors';
import { Node } from '../../lib/node';
import { ConnectionType } from '../../lib/pagination';
import { SpecValue } from '../catalog/types';
import { ReviewErrorCode, reviewErrorCodeDescriptions } from './errors';
import { FOLLOW_UP_DAYS, MAX_HIDE_REASON_LENGTH, MAX_IMAGE_URL_LENGTH, MAX_IMAGES, MAX_RATING, MAX_REPLY_LENGTH, MAX_TEXT_LENGTH, MIN_RATING } from './rules';

export enum ReviewStatusEnum {
  PUBLISHED = 'PUBLISHED',
  HIDDEN = 'HIDDEN',
}
registerEnumType(ReviewStatusEnum, {
  name: 'ReviewStatus',
  description: 'Whether a review is shown. PUBLISHED → HIDDEN (an operator hides it, with a reason) → PUBLISHED (shown again).',
  valuesConfig: {
    PUBLISHED: { description: "Shown on the product's page; its rating counts in the summary unless its line was refunded." },
    HIDDEN: { description: 'Hidden by an operator: only its author and operators see it, and its rating does not count.' },
  },
});

registerEnumType(ReviewErrorCode, {
  name: 'ReviewErrorCode',
  description: 'Why a review, follow-up, hide or reply was refused.',
  valuesConfig: reviewErrorCodeDescriptions,
});

@ObjectType({ description: 'A review refusal: nothing was written.', implements: UserError })
export class ReviewUserError extends UserError {
  @Field(() => ReviewErrorCode, { description: 'What kind of failure this is.' })
  code: ReviewErrorCode;
}

@ObjectType({ description: 'The follow-up review (追评) a buyer adds once, within 30 days of the review.' })
export class ReviewFollowUp {
  @Field({ description: 'What the buyer adds after using it for a while.' })
  text: string;

  @Field(() => [String], { description: 'Image URLs (http or https), in the order given.' })
  imageUrls: string[];

  @Field(() => GraphQLDateTimeISO, { description: 'When it was added.' })
  createdAt: Date;
}

@ObjectType({ description: "The shop's reply to a review: one per review, editable by operators." })
export class ReviewReply {
  @Field({ description: 'The reply.' })
  text: string;

  @Field(() => GraphQLDateTimeISO, { description: 'When the shop first replied.' })
  repliedAt: Date;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When the reply was last edited; null if never.' })
  editedAt: Date | null;
}

@ObjectType({
  description:
    "A buyer's review (晒单) of one order line they received: every review is of a bought line (a verified purchase). Refetch with `node(id:)`: published reviews for anyone, a hidden one for its author and operators.",
  implements: Node,
})
export class Review extends Node {
  @Field(() => Int, { description: 'Stars, 1 to 5.' })
  rating: number;

  @Field({ description: 'What the buyer wrote; may be empty (a rating alone).' })
  text: string;

  @Field(() => [String], { description: 'Image URLs (http or https), in the order given; at most 9.' })
  imageUrls: string[];

  @Field({ description: 'The buyer asked not to be named: authorName is null and nothing else shows who it is.' })
  anonymous: boolean;

  @Field(() => String, {
    nullable: true,
    description: "The buyer's public name (a name chosen, or an email's default masked to its first character and **); null for an anonymous review.",
  })
  authorName: string | null;

  @Field(() => [SpecValue], { description: 'The spec values of the SKU bought, e.g. 颜色 = 红色.' })
  specs: SpecValue[];

  @Field(() => ID, { description: 'The product reviewed (a Product id).' })
  productId: string;

  @Field(() => ReviewStatusEnum, { description: 'Shown or hidden.' })
  status: ReviewStatusEnum;

  @Field({
    description:
      "Every unit of the line was refunded after the review: the review is still shown, with this mark, and its rating no longer counts in the product's summary.",
  })
  refunded: boolean;

  @Field(() => ReviewFollowUp, { nullable: true, description: 'The follow-up review (追评); null until the buyer adds it.' })
  followUp: ReviewFollowUp | null;

  @Field(() => GraphQLDateTimeISO, { description: `Until when the buyer may add the follow-up: ${FOLLOW_UP_DAYS} days after the review.` })
  followUpUntil: Date;

  @Field(() => ReviewReply, { nullable: true, description: "The shop's reply; null until an operator replies." })
  reply: ReviewReply | null;

  @Field(() => GraphQLDateTimeISO, { description: 'When the review was written.' })
  createdAt: Date;
}

@ObjectType({ description: 'How many counted reviews gave a number of stars.' })
export class RatingStarCount {
  @Field(() => Int, { description: 'The number of stars, 1 to 5.' })
  stars: number;

  @Field(() => Int, { description: 'How many counted reviews gave it.' })
  count: number;
}

@ObjectType({
  description:
    "A product's ratings: counted are its published reviews whose line was not refunded. Exact at every moment: each review, hide, unhide and refund moves it in the same transaction.",
})
export class RatingSummary {
  @Field(() => Int, { description: 'Counted reviews.' })
  count: number;

  @Field(() => Float, { nullable: true, description: 'Average stars of the counted reviews, rounded to 2 decimals; null when there is none.' })
  average: number | null;

  @Field(() => [RatingStarCount], { description: 'Counted reviews per number of stars, 5 stars first; always 5 entries.' })
  stars: RatingStarCount[];
}

@ObjectType({ description: 'An order line its buyer may still review: its order was received, it was not refunded in full, it has no review yet.' })
export class ReviewableLine {
  @Field(() => ID, { description: 'The line (an OrderLine id): what writeReview takes.' })
  orderLineId: string;

  @Field(() => ID, { description: 'Its order (an Order id).' })
  orderId: string;

  @Field({ description: "The order's number." })
  orderNumber: string;

  @Field(() => ID, { description: 'The product bought (a Product id).' })
  productId: string;

  @Field({ description: 'The product name at checkout.' })
  productName: string;

  @Field({ description: 'The SKU code at checkout.' })
  skuCode: string;

  @Field(() => [SpecValue], { description: 'The spec values at checkout.' })
  specs: SpecValue[];

  @Field(() => Int, { description: 'How many were bought.' })
  quantity: number;
}

export const ReviewConnection = ConnectionType(Review, 'Review', 'review');
export const ReviewableLineConnection = ConnectionType(ReviewableLine, 'ReviewableLine', 'reviewable line');

const ratingFilter = range(MIN_RATING, MAX_RATING, 'Only reviews with this many stars.');
const imageUrls = (what: string) => maxItems(MAX_IMAGES, `${what} Absolute http or https URLs.`, { maxLength: MAX_IMAGE_URL_LENGTH });

@InputType({ description: "A product page's filters of its reviews; all given must match." })
export class ProductReviewFilterInput {
  @Field(() => Boolean, { nullable: true, description: 'true: only reviews with images (in the review or its follow-up).' })
  withImages?: boolean | null;

  @Field(() => Int, { nullable: true, ...ratingFilter })
  rating?: number | null;
}

@InputType({ description: "Operators' filters of reviews; all given must match." })
export class ReviewFilterInput {
  @Field(() => Boolean, { nullable: true, description: 'true: only hidden reviews; false: only published ones; omitted: both.' })
  hidden?: boolean | null;

  @Field(() => Int, { nullable: true, ...ratingFilter })
  rating?: number | null;

  @Field(() => ID, { nullable: true, description: 'Only reviews of this product (a Product id).' })
  productId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only reviews with images (in the review or its follow-up).' })
  withImages?: boolean | null;
}

@InputType({ description: 'A review of one order line.' })
export class WriteReviewInput {
  @Field(() => ID, { description: 'The line reviewed (an OrderLine id, from the order or reviewableLines).' })
  orderLineId: string;

  @Field(() => Int, range(MIN_RATING, MAX_RATING, 'Stars.'))
  rating: number;

  @Field(() => String, { nullable: true, ...maxChars(MAX_TEXT_LENGTH, 'What you think of it; omitted or empty: the rating alone. Trimmed.') })
  text?: string | null;

  @Field(() => [String], { nullable: true, ...imageUrls('Photos of what you received, in display order.') })
  imageUrls?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: 'true: show no name with the review (default false).' })
  anonymous?: boolean | null;
}

@InputType({ description: 'The follow-up review (追评): once per review, within 30 days of it.' })
export class FollowUpReviewInput {
  @Field(() => ID, { description: 'Your review.' })
  reviewId: string;

  @Field(() => String, maxChars(MAX_TEXT_LENGTH, 'What you add; not blank. Trimmed.'))
  text: string;

  @Field(() => [String], { nullable: true, ...imageUrls('More photos, in display order.') })
  imageUrls?: string[] | null;
}

@InputType({ description: 'A review to hide, and why.' })
export class HideReviewInput {
  @Field(() => ID, { description: 'The review.' })
  reviewId: string;

  @Field(() => String, maxChars(MAX_HIDE_REASON_LENGTH, 'Why it is hidden (its author sees it); not blank.'))
  reason: string;
}

@InputType({ description: 'A hidden review to show again.' })
export class UnhideReviewInput {
  @Field(() => ID, { description: 'The review.' })
  reviewId: string;
}

@InputType({ description: "The shop's reply to a review." })
export class ReplyToReviewInput {
  @Field(() => ID, { description: 'The review.' })
  reviewId: string;

  @Field(() => String, maxChars(MAX_REPLY_LENGTH, 'The reply; replaces an earlier one. Not blank.'))
  text: string;
}

@ObjectType({ description: 'The result of a review mutation.' })
export class ReviewPayload {
  @Field(() => Review, { nullable: true, description: 'The review as it is now; null when refused.' })
  review: Review | null;

  @Field(() => [ReviewUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: ReviewUserError[];
}

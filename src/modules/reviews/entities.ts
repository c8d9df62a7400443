import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7 } from '../../lib/ids';
import type { SpecValue } from '../catalog/entities';
import { Account } from '../accounts/entities';
import { Product } from '../catalog/entities';
import { Order, OrderLine } from '../orders/entities';
import { MAX_IMAGES, MAX_RATING, MAX_TEXT_LENGTH, MIN_RATING } from './rules';

export enum ReviewStatus {
  /** Shown on the product's page, counted in its rating summary (unless refunded). */
  PUBLISHED = 'published',
  /** Taken down by an operator, with a reason: only its author and operators see it. */
  HIDDEN = 'hidden',
}

/**
 * A buyer's review (晒单) of one order line: one per line (unique order_line_id, so two parallel
 * submissions give one review), written once the order was received. The rating counts in the
 * product's summary (ReviewRatingSummary) while the review is PUBLISHED and its line not refunded;
 * every change of either moves the summary in the same transaction. The checks keep the parts that
 * belong together together: a hidden review has its reason, a follow-up its time, a reply its time,
 * and has_images says whether the review or its follow-up carries an image (what the "with images"
 * filter reads from its index).
 */
@Entity({ tableName: 'review' })
@Check({ name: 'review_rating', expression: `rating >= ${MIN_RATING} and rating <= ${MAX_RATING}` })
@Check({
  name: 'review_text_length',
  expression: `char_length(text) <= ${MAX_TEXT_LENGTH} and (follow_up_text is null or char_length(follow_up_text) <= ${MAX_TEXT_LENGTH})`,
})
@Check({
  name: 'review_image_count',
  expression: `cardinality(images) <= ${MAX_IMAGES} and (follow_up_images is null or cardinality(follow_up_images) <= ${MAX_IMAGES})`,
})
@Check({ name: 'review_has_images', expression: 'has_images = (cardinality(images) > 0 or coalesce(cardinality(follow_up_images), 0) > 0)' })
@Check({ name: 'review_hidden_with_reason', expression: `(status = 'hidden') = (hidden_reason is not null and hidden_at is not null)` })
@Check({ name: 'review_refunded_when', expression: 'refunded = (refunded_at is not null)' })
@Check({
  name: 'review_follow_up_whole',
  expression: '(follow_up_at is null) = (follow_up_text is null) and (follow_up_at is null) = (follow_up_images is null)',
})
@Check({ name: 'review_reply_whole', expression: '(reply_text is null) = (replied_at is null) and (reply_edited_at is null or replied_at is not null)' })
// A product's reviews, newest first: the storefront's list (hidden ones skipped) and the operators' by product.
@Index({ name: 'review_by_product', properties: ['product', 'createdAt', 'id'] })
@Index({ name: 'review_by_product_rating', properties: ['product', 'rating', 'createdAt', 'id'] })
@Index({
  name: 'review_by_product_with_images',
  expression: 'create index "review_by_product_with_images" on "review" ("product_id", "created_at", "id") where "has_images"',
})
@Index({ name: 'review_by_author', properties: ['author', 'createdAt', 'id'] })
@Index({ name: 'review_created', properties: ['createdAt', 'id'] })
@Index({ name: 'review_hidden', expression: `create index "review_hidden" on "review" ("created_at", "id") where "status" = 'hidden'` })
export class Review {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** What was bought: one review per line. */
  @ManyToOne(() => OrderLine, { unique: true, deleteRule: 'restrict' })
  orderLine: OrderLine;

  /** The line's order: a refund of the order finds its reviews by it. */
  @ManyToOne(() => Order, { index: true, deleteRule: 'restrict' })
  order: Order;

  /** Covered by review_by_product, whose first column it is. */
  @ManyToOne(() => Product, { deleteRule: 'restrict' })
  product: Product;

  /** The buyer; covered by review_by_author, whose first column it is. */
  @ManyToOne(() => Account, { deleteRule: 'restrict' })
  author: Account;

  /** The SKU's spec values as bought (from the order line), shown with the review: "颜色: 红". */
  @Property({ type: 'jsonb' })
  specs: SpecValue[];

  @Property({ type: 'smallint' })
  rating: number;

  @Property({ type: 'text', default: '' })
  text: string = '';

  @Property({ type: 'text[]', default: '{}' })
  images: string[] = [];

  @Property({ type: 'boolean', default: false })
  hasImages: boolean = false;

  /** Listings show no name for it. */
  @Property({ type: 'boolean', default: false })
  anonymous: boolean = false;

  @Enum({ items: () => ReviewStatus, nativeEnumName: 'review_status', default: ReviewStatus.PUBLISHED })
  status: ReviewStatus = ReviewStatus.PUBLISHED;

  @Property({ type: 'text', nullable: true })
  hiddenReason: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  hiddenAt: Date | null = null;

  /** The line was refunded in full after the review: still shown, marked, its rating no longer counted. */
  @Property({ type: 'boolean', default: false })
  refunded: boolean = false;

  @Property({ type: 'timestamptz', nullable: true })
  refundedAt: Date | null = null;

  /** The follow-up review (追评), once, within FOLLOW_UP_DAYS of the review. */
  @Property({ type: 'text', nullable: true })
  followUpText: string | null = null;

  @Property({ type: 'text[]', nullable: true })
  followUpImages: string[] | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  followUpAt: Date | null = null;

  /** The shop's reply, one per review; an operator may edit it. */
  @Property({ type: 'text', nullable: true })
  replyText: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  repliedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  replyEditedAt: Date | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

/**
 * A product's rating summary: how many counted reviews gave each number of stars. Counted: PUBLISHED
 * and not refunded. Never recomputed: every review, hide, unhide and refund adds +1 or −1 to one
 * column in the same transaction as its change (reviews/summary.ts), so parallel changes add up
 * exactly and a product page reads one row, whatever the number of its reviews.
 */
@Entity({ tableName: 'review_rating_summary' })
@Check({
  name: 'review_rating_summary_counts',
  expression: 'one_star >= 0 and two_stars >= 0 and three_stars >= 0 and four_stars >= 0 and five_stars >= 0',
})
export class ReviewRatingSummary {
  @ManyToOne(() => Product, { primary: true, deleteRule: 'cascade' })
  product: Product;

  @Property({ type: 'integer', default: 0 })
  oneStar: number = 0;

  @Property({ type: 'integer', default: 0 })
  twoStars: number = 0;

  @Property({ type: 'integer', default: 0 })
  threeStars: number = 0;

  @Property({ type: 'integer', default: 0 })
  fourStars: number = 0;

  @Property({ type: 'integer', default: 0 })
  fiveStars: number = 0;

  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();
}

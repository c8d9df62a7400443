import { announceCatalogChange } from '../../lib/public-reads';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { uuidv7 } from '../../lib/ids';
import type { RequestContext } from '../../lib/request-context';
import { run } from '../../lib/sql';
import { GOODS_RECEIVED, lockBoughtLine } from '../orders/queries';
import { ReviewErrorCode as E } from './errors';
import { checkImageUrls, checkRating, checkText, FOLLOW_UP_DAYS } from './rules';
import { countNewReview } from './summary';
import { publishReviewWebhook } from './webhooks';

export interface ReviewInput {
  rating: number;
  text: string;
  imageUrls: string[];
  anonymous: boolean;
}

export interface FollowUpInput {
  text: string;
  imageUrls: string[];
}

/** What a buyer does: review a line they received, once, and follow it up once within FOLLOW_UP_DAYS. */
export class ReviewService {
  constructor(private readonly em: EntityManager) {}

  /**
   * Reviews one order line of the buyer's. In one transaction: the line's order locked FOR SHARE and
   * the line read (received, not refunded in full), the review inserted — `on conflict do nothing` on
   * the unique line, so of two parallel reviews of one line the second inserts nothing and is told
   * ALREADY_REVIEWED — and the rating added to the product's summary. (Image lists are written as
   * `array[?]::text[]`: the SQL helper spells a list parameter as its items, comma-separated; and
   * created_at comes from here, in milliseconds as entities write it, because the listings' cursors
   * carry it in milliseconds.)
   */
  async write(customerId: string, lineId: string | null, input: ReviewInput): Promise<{ reviewId: string }> {
    checkRating(input.rating);
    const text = checkText(input.text, 'text', false);
    const images = checkImageUrls(input.imageUrls);
    return this.em.transactional(async (tx) => {
      const line = lineId ? await lockBoughtLine(tx, lineId) : null;
      if (!line || line.customer_id !== customerId) throw new DomainError(E.LINE_NOT_FOUND, 'No order line of yours has this id', ['input', 'orderLineId']);
      if (!GOODS_RECEIVED.includes(line.status))
        throw new DomainError(E.NOT_RECEIVED, `The order is ${line.status.toUpperCase()}: a line is reviewed once its order is received`, [
          'input',
          'orderLineId',
        ]);
      if (line.refunded_quantity >= line.quantity) throw new DomainError(E.LINE_REFUNDED, 'Every unit of this line was refunded', ['input', 'orderLineId']);
      const [inserted] = await run<{ id: string }>(
        tx,
        `insert into review (id, order_line_id, order_id, product_id, author_id, specs, rating, text, images, has_images, anonymous, status, created_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, array[?]::text[], ?, ?, 'published', ?)
         on conflict (order_line_id) do nothing returning id`,
        [
          uuidv7(),
          line.id,
          line.order_id,
          line.product_id,
          customerId,
          JSON.stringify(line.specs),
          input.rating,
          text,
          images,
          images.length > 0,
          input.anonymous,
          new Date(),
        ],
      );
      if (!inserted) throw new DomainError(E.ALREADY_REVIEWED, 'This line already has your review: add a follow-up to say more', ['input', 'orderLineId']);
      await countNewReview(tx, line.product_id, input.rating);
      await publishReviewWebhook(tx, inserted.id);
      return { reviewId: inserted.id };
    });
  }

  /**
   * The follow-up review (追评): ONE conditional update — only the author's review, only without a
   * follow-up, only within FOLLOW_UP_DAYS of the review — so two parallel follow-ups give one. It adds
   * words and pictures, not a rating: the summary does not move.
   */
  async followUp(customerId: string, reviewId: string | null, input: FollowUpInput): Promise<{ reviewId: string }> {
    const text = checkText(input.text, 'text', true);
    const images = checkImageUrls(input.imageUrls);
    const [done] = reviewId
      ? await run<{ id: string }>(
          this.em,
          `update review set follow_up_text = ?, follow_up_images = array[?]::text[], follow_up_at = now(), has_images = has_images or ?
            where id = ? and author_id = ? and follow_up_at is null and created_at > now() - make_interval(days => ?) returning id`,
          [text, images, images.length > 0, reviewId, customerId, FOLLOW_UP_DAYS],
        )
      : [];
    if (done) {
      await announceCatalogChange(this.em);
      return { reviewId: done.id };
    }
    const [review] = reviewId
      ? await run<{ followed_up: boolean }>(this.em, 'select follow_up_at is not null as followed_up from review where id = ? and author_id = ?', [
          reviewId,
          customerId,
        ])
      : [];
    if (!review) throw new DomainError(E.REVIEW_NOT_FOUND, 'No review of yours has this id', ['input', 'reviewId']);
    if (review.followed_up) throw new DomainError(E.ALREADY_FOLLOWED_UP, 'This review already has its follow-up', ['input', 'reviewId']);
    throw new DomainError(E.FOLLOW_UP_CLOSED, `A follow-up is added within ${FOLLOW_UP_DAYS} days of the review`, ['input', 'reviewId']);
  }
}

/** Built per request, over its EntityManager, when the request first asks (`ctx.use`). */
export const reviewService = (ctx: RequestContext): ReviewService => new ReviewService(ctx.em);

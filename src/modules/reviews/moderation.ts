import { announceCatalogChange } from '../../lib/public-reads';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import type { RequestContext } from '../../lib/request-context';
import { run } from '../../lib/sql';
import { ReviewErrorCode as E } from './errors';
import { moveReview } from './lifecycle';
import { checkNote, MAX_HIDE_REASON_LENGTH, MAX_REPLY_LENGTH } from './rules';
import { moveRatingSummaries } from './summary';

/** What operators do with reviews: hide (with a reason) and show again, and reply on the shop's behalf. */
export class ReviewModeration {
  constructor(private readonly em: EntityManager) {}

  /**
   * Hides a published review: its move and, unless its line was refunded (then it no longer counts),
   * its rating out of the summary, in one transaction. The move returns the row as it is after any
   * refund that committed first, so a hide and a refund racing take the rating out once.
   */
  async hide(reviewId: string | null, reason: string): Promise<{ reviewId: string }> {
    const text = checkNote(reason, 'reason', MAX_HIDE_REASON_LENGTH, E.INVALID_REASON);
    return this.em.transactional(async (tx) => {
      const moved = await moveReview(tx, reviewId, 'hide', text);
      if (!moved.refunded) await moveRatingSummaries(tx, [{ productId: moved.product_id, rating: moved.rating, delta: -1 }]);
      return { reviewId: reviewId! };
    });
  }

  /** Shows a hidden review again; its rating counts again unless its line was refunded meanwhile. */
  async unhide(reviewId: string | null): Promise<{ reviewId: string }> {
    return this.em.transactional(async (tx) => {
      const moved = await moveReview(tx, reviewId, 'unhide');
      if (!moved.refunded) await moveRatingSummaries(tx, [{ productId: moved.product_id, rating: moved.rating, delta: 1 }]);
      return { reviewId: reviewId! };
    });
  }

  /**
   * The shop's reply: one per review, in its columns; replying again edits it (replied_at stays the
   * first reply's time, reply_edited_at says when it last changed). Hidden reviews can be answered too.
   */
  async reply(reviewId: string | null, text: string): Promise<{ reviewId: string }> {
    const reply = checkNote(text, 'text', MAX_REPLY_LENGTH, E.INVALID_REPLY);
    const [done] = reviewId
      ? await run<{ id: string }>(
          this.em,
          `update review set reply_text = ?, replied_at = coalesce(replied_at, now()), reply_edited_at = case when replied_at is null then null else now() end
            where id = ? returning id`,
          [reply, reviewId],
        )
      : [];
    if (!done) throw new DomainError(E.REVIEW_NOT_FOUND, 'No review has this id', ['input', 'reviewId']);
    await announceCatalogChange(this.em);
    return { reviewId: done.id };
  }
}

/** Built per request, over its EntityManager, when the request first asks (`ctx.use`). */
export const reviewModeration = (ctx: RequestContext): ReviewModeration => new ReviewModeration(ctx.em);

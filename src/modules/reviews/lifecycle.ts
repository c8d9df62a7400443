import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { machine, refusal, setStatus, whereAllowed } from '../../lib/state-machine';
import { run } from '../../lib/sql';
import { ReviewStatus as R } from './entities';
import { ReviewErrorCode as E } from './errors';

/**
 * The review as a state machine. The table is the whole list of moves: any other is refused. Every
 * status change is ONE conditional UPDATE built from it, so of two racing changes one wins and the
 * other changes nothing (and does not move the rating summary).
 *
 * REVIEW (review.status)
 *
 *   transition  from       to         sets
 *   hide        published  hidden     the operator's reason, hidden_at
 *   unhide      hidden     published  clears the reason and hidden_at
 *
 * A review is born PUBLISHED (a buyer's review needs no approval: it is of a line they bought and
 * received). Refunds, follow-ups and replies are no change of state.
 */
export type ReviewTransition = 'hide' | 'unhide';

export const REVIEW = machine<R, ReviewTransition>({
  noun: 'review',
  states: Object.values(R),
  alias: 'r',
  enumType: 'review_status',
  transitions: {
    hide: { from: [R.PUBLISHED], to: R.HIDDEN, set: { hidden_at: 'now()' } },
    unhide: { from: [R.HIDDEN], to: R.PUBLISHED, set: { hidden_reason: 'null', hidden_at: 'null' } },
  },
});

/** What a move changed: the summary moves by the review's rating unless its line was refunded. */
export interface MovedReview {
  product_id: string;
  rating: number;
  refunded: boolean;
}

/**
 * Moves one review by `name` inside the caller's transaction; `reason` is the hide's. Throws
 * REVIEW_NOT_FOUND, or ILLEGAL_TRANSITION naming the review's state.
 */
export async function moveReview(tx: EntityManager, reviewId: string | null, name: ReviewTransition, reason?: string): Promise<MovedReview> {
  const names = [name] as const;
  const [moved] = reviewId
    ? await run<MovedReview>(
        tx,
        `update review r set ${setStatus(REVIEW, names)}${reason === undefined ? '' : ', hidden_reason = ?'}
          where r.id = ? and ${whereAllowed(REVIEW, names)} returning r.product_id, r.rating, r.refunded`,
        reason === undefined ? [reviewId] : [reason, reviewId],
      )
    : [];
  if (moved) return moved;
  const [now] = reviewId ? await run<{ status: R }>(tx, 'select status from review where id = ?', [reviewId]) : [];
  if (!now) throw new DomainError(E.REVIEW_NOT_FOUND, 'No review has this id', ['input', 'reviewId']);
  throw new DomainError(E.ILLEGAL_TRANSITION, refusal(REVIEW, name, now.status), ['input', 'reviewId']);
}

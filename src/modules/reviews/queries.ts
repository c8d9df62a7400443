import type { EntityManager } from '@mikro-orm/postgresql';
import { ReviewStatus } from './entities';
import { ReviewReads, type ReviewRow } from './reads';

/**
 * What other modules may read of the reviews' tables (an article's review block features one): they
 * call these, never name a reviews table. Show them as the GraphQL `Review` (types.ts) through
 * `reviewView` (views.ts).
 */

export type { ReviewRow };

/**
 * The public reviews among these ids, in one statement (a batch of a per-request loader): PUBLISHED
 * ones only — a hidden review, or an id that is none, is simply missing from the answer. An anonymous
 * review's row carries no author name.
 */
export async function publicReviewsByIds(em: EntityManager, reviewIds: readonly string[]): Promise<ReviewRow[]> {
  if (reviewIds.length === 0) return [];
  return (await new ReviewReads(em).byIds(reviewIds)).filter((r) => r.status === ReviewStatus.PUBLISHED);
}

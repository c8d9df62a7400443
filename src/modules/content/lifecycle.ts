import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { run } from '../../lib/sql';
import { machine, refusal, setStatus, whereAllowed } from '../../lib/state-machine';
import { ArticleStatus as A } from './entities';
import { ContentErrorCode as E } from './errors';

/**
 * The article as a state machine. The table is the whole list of moves: any other is refused,
 * naming the article's state. Every status change is ONE conditional UPDATE built from it, so of two
 * racing changes (an author unpublishing while the operator hides) one wins and the other is refused.
 *
 * ARTICLE (article.status)
 *
 *   transition  from                  to           who       guard
 *   publish     draft, unpublished    published    author    it has at least one block (keeps its first publication time)
 *   unpublish   published             unpublished  author    —
 *   hide        published             hidden       operator  — (with a reason, shown to the author)
 *   unhide      hidden                published    operator  — (the reason is cleared)
 *
 * A hidden article is the operator's: its author can still edit it but neither publish nor
 * unpublish it. Only published articles are hidden: a draft or an unpublished article shows to
 * nobody but its author and operators, and publishing it again brings it back under their eyes.
 */
export type ArticleTransition = 'publish' | 'unpublish' | 'hide' | 'unhide';

export const ARTICLE = machine<A, ArticleTransition>({
  noun: 'article',
  states: Object.values(A),
  alias: 'a',
  enumType: 'article_status',
  transitions: {
    publish: {
      from: [A.DRAFT, A.UNPUBLISHED],
      to: A.PUBLISHED,
      guard: { says: 'it has at least one block', sql: 'jsonb_array_length(a.blocks) > 0' },
      set: { published_at: 'coalesce(a.published_at, now())' },
    },
    unpublish: { from: [A.PUBLISHED], to: A.UNPUBLISHED },
    hide: { from: [A.PUBLISHED], to: A.HIDDEN, set: { hidden_at: 'now()' } },
    unhide: { from: [A.HIDDEN], to: A.PUBLISHED, set: { hidden_reason: 'null', hidden_at: 'null' } },
  },
});

/** Which article a move is for: any (an operator), or one of this author's own. */
export interface ArticleTarget {
  articleId: string;
  authorId?: string;
}

/**
 * Moves an article if the table and its guard allow it now, in one conditional update; otherwise
 * refuses with INVALID_TRANSITION naming its state (or ARTICLE_NOT_FOUND). `hiddenReason` is written
 * with a hide.
 */
export async function moveArticle(em: EntityManager, target: ArticleTarget, name: ArticleTransition, hiddenReason?: string): Promise<void> {
  const own = target.authorId ? ' and a.author_id = ?' : '';
  const params = [...(name === 'hide' ? [hiddenReason] : []), target.articleId, ...(target.authorId ? [target.authorId] : [])];
  const moved = await run(
    em,
    `update article a set ${setStatus(ARTICLE, [name])}${name === 'hide' ? ', hidden_reason = ?' : ''}, updated_at = now()
      where a.id = ?${own} and ${whereAllowed(ARTICLE, [name])} returning a.id`,
    params,
  );
  if (moved.length > 0) return;
  const [current] = await run<{ status: A }>(em, `select a.status from article a where a.id = ?${own}`, [
    target.articleId,
    ...(target.authorId ? [target.authorId] : []),
  ]);
  if (!current) throw new DomainError(E.ARTICLE_NOT_FOUND, 'No article of yours has this id', ['id']);
  throw new DomainError(E.INVALID_TRANSITION, refusal(ARTICLE, name, current.status), ['id']);
}

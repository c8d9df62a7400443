import type { EntityManager } from '@mikro-orm/postgresql';
import { uuidv7 } from '../../lib/ids';
import { rows, run } from '../../lib/sql';
import { EntryPoint } from './entities';
import { newShareToken } from './rules';

/**
 * The link tokens of content cards, for the content module (listed after this one): a share token
 * of entry CONTENT whose sharer is the article's author, whose target is the card's block and which
 * names the article. Storefronts pass it as `shareToken` like any other share link.
 */
export interface ContentLinkRow {
  article_id: string;
  block_id: string;
  token: string;
}

/** Content card tokens as a relation other modules' statements join: (article_id, block_id, token). */
export const CONTENT_LINKS = '(select article_id, target_id as block_id, token from share_token where article_id is not null)';

/**
 * Makes the tokens of these blocks of an article that have none yet, in one statement inside the
 * caller's transaction; a block keeps its token for as long as it exists (the unique constraint on
 * sharer, entry and target settles two saves at once).
 */
export async function createContentLinks(tx: EntityManager, authorId: string, articleId: string, blockIds: string[]): Promise<void> {
  if (blockIds.length === 0) return;
  const values = blockIds.map(() => `(?::uuid, ?, ?::uuid, '${EntryPoint.CONTENT}'::entry_point, ?::uuid, ?::uuid, now())`).join(', ');
  await run(
    tx,
    `insert into share_token (id, token, sharer_id, entry, target_id, article_id, created_at) values ${values}
     on conflict on constraint share_token_per_target do nothing`,
    blockIds.flatMap((blockId) => [uuidv7(), newShareToken(), authorId, blockId, articleId]),
  );
}

/** The card tokens of these articles, in one statement (prepared: its text is the same for any number of articles). */
export async function contentLinks(em: EntityManager, articleIds: readonly string[]): Promise<ContentLinkRow[]> {
  if (articleIds.length === 0) return [];
  const knex = em.getKnex();
  return rows<ContentLinkRow>(
    em,
    knex
      .select('l.article_id', 'l.block_id', 'l.token')
      .from(knex.raw(`${CONTENT_LINKS} as l`))
      .whereRaw('l.article_id = any(?::uuid[])', [`{${articleIds.join(',')}}`]),
  );
}

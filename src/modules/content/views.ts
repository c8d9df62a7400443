import { toGlobalId } from '../../lib/ids';
import { BlockKind, type StoredBlock } from './blocks';
import { parseMarkup } from './markup';
import type { ArticleRow } from './reads';
import type {
  Article,
  ArticleStatusEnum,
  HeadingBlock,
  ImageBlock,
  ParagraphBlock,
  ProductCardBlock,
  ProductGridBlock,
  QuoteBlock,
  ReviewBlock,
} from './types';

/** Authors are named by an id that only means something to article listings: it does not open their account. */
export const authorId = (accountId: string) => toGlobalId('ArticleAuthor', accountId);
export const blockId = (blockDbId: string) => toGlobalId('ArticleBlock', blockDbId);

export function articleView(row: ArticleRow): Article {
  return {
    __typename: 'Article',
    id: toGlobalId('Article', row.id),
    dbId: row.id,
    authorDbId: row.author_id,
    storedBlocks: row.blocks,
    storedHiddenReason: row.hidden_reason,
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    coverImageUrl: row.cover_url,
    tags: row.tags,
    status: row.status.toUpperCase() as ArticleStatusEnum,
    publishedAt: row.published_at == null ? null : new Date(row.published_at),
    author: { id: authorId(row.author_id), name: row.author_name, avatarUrl: row.author_avatar_url },
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** A stored block as its GraphQL type; product blocks resolve their products and link token by field resolvers. */
export function blockView(
  article: Article,
  block: StoredBlock,
): ParagraphBlock | HeadingBlock | ImageBlock | QuoteBlock | ProductCardBlock | ProductGridBlock | ReviewBlock {
  const context = { id: blockId(block.id), blockDbId: block.id, articleDbId: article.dbId, authorDbId: article.authorDbId };
  switch (block.kind) {
    case BlockKind.PARAGRAPH:
      return { ...context, __typename: 'ParagraphBlock', text: block.text, spans: parseMarkup(block.text) } satisfies ParagraphBlock;
    case BlockKind.HEADING:
      return { ...context, __typename: 'HeadingBlock', text: block.text, level: block.level } satisfies HeadingBlock;
    case BlockKind.IMAGE:
      return { ...context, __typename: 'ImageBlock', url: block.url, alt: block.alt, caption: block.caption } satisfies ImageBlock;
    case BlockKind.QUOTE:
      return { ...context, __typename: 'QuoteBlock', text: block.text, spans: parseMarkup(block.text), source: block.source } satisfies QuoteBlock;
    case BlockKind.PRODUCT_CARD:
      return {
        ...context,
        __typename: 'ProductCardBlock',
        productDbId: block.productId,
        skuDbId: block.skuId,
        pitch: block.pitch,
      } satisfies ProductCardBlock;
    case BlockKind.PRODUCT_GRID:
      return { ...context, __typename: 'ProductGridBlock', productDbIds: block.productIds, title: block.title } satisfies ProductGridBlock;
    case BlockKind.REVIEW:
      return { ...context, __typename: 'ReviewBlock', reviewDbId: block.reviewId, reviewId: toGlobalId('Review', block.reviewId) } satisfies ReviewBlock;
  }
}

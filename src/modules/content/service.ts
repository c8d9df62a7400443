import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { uuidv7 } from '../../lib/ids';
import type { RequestContext } from '../../lib/request-context';
import { run } from '../../lib/sql';
import { createContentLinks } from '../attribution/content-links';
import { productPublications, skusForSale } from '../catalog/queries';
import { ContentAuthors } from './authors';
import { cleanBlocks, isProductBlock, plainText, productsOf, type BlockInput, type ProductReference, type StoredBlock } from './blocks';
import { ContentErrorCode as E } from './errors';
import { moveArticle } from './lifecycle';
import { cleanReason, cleanSlug, cleanTags, cleanTitle, cleanUrl, newSlug } from './rules';

/** An article as its author writes it (ids already decoded, see BlockInput). */
export interface ArticleDraft {
  title?: string | null;
  slug?: string | null;
  summary?: string | null;
  coverImageUrl?: string | null;
  tags?: string[] | null;
  blocks?: BlockInput[] | null;
}

const isSlugTaken = (err: unknown) =>
  (err instanceof UniqueConstraintViolationException || (err as { code?: string }).code === '23505') &&
  String((err as { constraint?: string }).constraint ?? (err as Error).message).includes('article_slug');

/**
 * Articles as their authors write them and operators police them. Every write is one transaction
 * that first checks the author's grant and locks the article row, so two edits of one article run
 * one after the other; the slug's uniqueness is the database's (SLUG_TAKEN), and each product block
 * gets its link token (attribution's share_token) in the same transaction.
 */
export class ArticleService {
  constructor(private readonly em: EntityManager) {}

  /** A new draft; returns its id. */
  async create(authorId: string, draft: ArticleDraft & { title: string; blocks: BlockInput[] }): Promise<string> {
    const fields = cleanFields(draft);
    const { blocks, products } = cleanBlocks(draft.blocks, new Set(), ['input', 'blocks']);
    const slug = fields.slug ?? newSlug();
    return this.saving(slug, () =>
      this.em.transactional(async (tx) => {
        await new ContentAuthors(tx).check(authorId);
        await checkProducts(tx, products);
        const id = uuidv7();
        await run(
          tx,
          `insert into article (id, author_id, slug, title, summary, cover_url, tags, blocks, product_ids, status, created_at, updated_at)
           values (?, ?, ?, ?, ?, ?, ?::text[], ?::jsonb, ?::uuid[], 'draft', now(), now())`,
          [
            id,
            authorId,
            slug,
            fields.title,
            fields.summary ?? '',
            fields.coverUrl ?? null,
            pgArray(fields.tags ?? []),
            JSON.stringify(blocks),
            featured(blocks),
          ],
        );
        await createContentLinks(
          tx,
          authorId,
          id,
          blocks.filter(isProductBlock).map((b) => b.id),
        );
        return id;
      }),
    );
  }

  /** Changes an article of the author's, in any state (a published article changes for readers at once). */
  async update(authorId: string, articleId: string | null, draft: ArticleDraft): Promise<string> {
    const fields = cleanFields(draft);
    return this.saving(fields.slug, () =>
      this.em.transactional(async (tx) => {
        await new ContentAuthors(tx).check(authorId);
        const [article] = articleId
          ? await run<{ blocks: StoredBlock[] }>(tx, 'select blocks from article where id = ? and author_id = ? for update', [articleId, authorId])
          : [];
        if (!article) throw new DomainError(E.ARTICLE_NOT_FOUND, 'No article of yours has this id', ['id']);
        let blocks: StoredBlock[] | null = null;
        if (draft.blocks) {
          const cleaned = cleanBlocks(draft.blocks, new Set(article.blocks.map((b) => b.id)), ['input', 'blocks']);
          await checkProducts(tx, cleaned.products);
          blocks = cleaned.blocks;
        }
        await run(
          tx,
          `update article set title = coalesce(?, title), slug = coalesce(?, slug), summary = coalesce(?, summary),
                  cover_url = case when ? then ? else cover_url end, tags = coalesce(?::text[], tags),
                  blocks = coalesce(?::jsonb, blocks), product_ids = coalesce(?::uuid[], product_ids), updated_at = now()
            where id = ?`,
          [
            fields.title ?? null,
            fields.slug ?? null,
            fields.summary ?? null,
            fields.coverUrl !== undefined,
            fields.coverUrl ?? null,
            fields.tags ? pgArray(fields.tags) : null,
            blocks ? JSON.stringify(blocks) : null,
            blocks ? featured(blocks) : null,
            articleId,
          ],
        );
        if (blocks)
          await createContentLinks(
            tx,
            authorId,
            articleId!,
            blocks.filter(isProductBlock).map((b) => b.id),
          );
        return articleId!;
      }),
    );
  }

  async publish(authorId: string, articleId: string | null): Promise<string> {
    return this.move(authorId, articleId, 'publish');
  }

  async unpublish(authorId: string, articleId: string | null): Promise<string> {
    return this.move(authorId, articleId, 'unpublish');
  }

  /** An operator takes a published article down, with a reason its author sees. */
  async hide(articleId: string | null, reason: string): Promise<string> {
    const clean = cleanReason(reason, ['reason']);
    if (!articleId) throw new DomainError(E.ARTICLE_NOT_FOUND, 'No article has this id', ['id']);
    await moveArticle(this.em, { articleId }, 'hide', clean);
    return articleId;
  }

  async unhide(articleId: string | null): Promise<string> {
    if (!articleId) throw new DomainError(E.ARTICLE_NOT_FOUND, 'No article has this id', ['id']);
    await moveArticle(this.em, { articleId }, 'unhide');
    return articleId;
  }

  private async move(authorId: string, articleId: string | null, name: 'publish' | 'unpublish'): Promise<string> {
    return this.em.transactional(async (tx) => {
      await new ContentAuthors(tx).check(authorId);
      if (!articleId) throw new DomainError(E.ARTICLE_NOT_FOUND, 'No article of yours has this id', ['id']);
      await moveArticle(tx, { articleId, authorId }, name);
      return articleId;
    });
  }

  /** Runs a save, turning the slug's unique violation into SLUG_TAKEN. */
  private async saving<T>(slug: string | null | undefined, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (isSlugTaken(err)) throw new DomainError(E.SLUG_TAKEN, `Another article already has the slug "${slug}": choose another`, ['input', 'slug']);
      throw err;
    }
  }
}

/** Built per request, over its EntityManager, when the request first asks (`ctx.use`). */
export const articleService = (ctx: RequestContext): ArticleService => new ArticleService(ctx.em);

function cleanFields(draft: ArticleDraft) {
  return {
    title: draft.title == null ? undefined : cleanTitle(draft.title, ['input', 'title']),
    slug: draft.slug == null ? undefined : cleanSlug(draft.slug, ['input', 'slug']),
    summary: draft.summary == null ? undefined : plainText(draft.summary, ['input', 'summary']),
    // An empty cover URL removes the cover; undefined leaves it.
    coverUrl: draft.coverImageUrl == null ? undefined : draft.coverImageUrl.trim() === '' ? null : cleanUrl(draft.coverImageUrl, ['input', 'coverImageUrl']),
    tags: draft.tags == null ? undefined : cleanTags(draft.tags, ['input', 'tags']),
  };
}

/** The products the blocks feature, once each, as a PostgreSQL array literal. */
function featured(blocks: StoredBlock[]): string {
  return pgArray([...new Set(blocks.flatMap(productsOf))]);
}

/** A text[] or uuid[] literal: the query builder would spread a JS array into a list. */
function pgArray(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

/**
 * Every product named is published (a preview or on sale) and every card's SKU is one of its
 * product's: two statements for the whole body.
 */
async function checkProducts(tx: EntityManager, references: ProductReference[]): Promise<void> {
  const products = await productPublications(tx, [...new Set(references.map((r) => r.productId))]);
  for (const ref of references) {
    const product = products.get(ref.productId);
    if (!product || product.publication === 'draft') throw new DomainError(E.PRODUCT_NOT_FOUND, 'No published product has this id', ref.field);
    if (product.publication !== 'published') throw new DomainError(E.PRODUCT_OFF_SALE, `${product.name} is off sale and cannot be featured`, ref.field);
  }
  const withSku = references.filter((r) => r.skuId);
  const skus = await skusForSale(tx, [...new Set(withSku.map((r) => r.skuId!))]);
  for (const ref of withSku)
    if (skus.get(ref.skuId!)?.product_id !== ref.productId) throw new DomainError(E.SKU_NOT_FOUND, "This SKU is not one of the card's product", ref.skuField);
}

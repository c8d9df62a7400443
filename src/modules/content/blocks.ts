import { DomainError } from '../../lib/errors';
import { uuidv7 } from '../../lib/ids';
import { ContentErrorCode as E } from './errors';
import { checkMarkup, looksLikeHtml } from './markup';
import { cleanUrl, MAX_PRODUCTS_PER_ARTICLE } from './rules';

/**
 * The blocks of an article's body as stored (article.blocks, a jsonb array in reading order), and
 * how an author's input becomes them. Every block keeps its id for as long as the author keeps it:
 * the funnel counts clicks per block id and each product block's link token names it.
 */
export enum BlockKind {
  PARAGRAPH = 'paragraph',
  HEADING = 'heading',
  IMAGE = 'image',
  QUOTE = 'quote',
  PRODUCT_CARD = 'product_card',
  PRODUCT_GRID = 'product_grid',
  REVIEW = 'review',
}

export type StoredBlock =
  | { id: string; kind: BlockKind.PARAGRAPH; text: string }
  | { id: string; kind: BlockKind.HEADING; text: string; level: number }
  | { id: string; kind: BlockKind.IMAGE; url: string; alt: string; caption: string }
  | { id: string; kind: BlockKind.QUOTE; text: string; source: string }
  | { id: string; kind: BlockKind.PRODUCT_CARD; productId: string; skuId: string | null; pitch: string }
  | { id: string; kind: BlockKind.PRODUCT_GRID; title: string; productIds: string[] }
  | { id: string; kind: BlockKind.REVIEW; reviewId: string };

export type ProductBlock = Extract<StoredBlock, { kind: BlockKind.PRODUCT_CARD | BlockKind.PRODUCT_GRID }>;

export const isProductBlock = (block: StoredBlock): block is ProductBlock => block.kind === BlockKind.PRODUCT_CARD || block.kind === BlockKind.PRODUCT_GRID;

/** The products a block features, in its order. */
export const productsOf = (block: StoredBlock): string[] =>
  block.kind === BlockKind.PRODUCT_CARD ? [block.productId] : block.kind === BlockKind.PRODUCT_GRID ? block.productIds : [];

/** One block as the author sends it: exactly one kind given; ids already decoded (an id that did not decode is NO_SUCH_ID, or null for a review). */
export interface BlockInput {
  /** The id of a block of this article to keep (its link token and counters stay with it); absent for a new block. */
  id?: string | null;
  paragraph?: { text: string } | null;
  heading?: { text: string; level?: number | null } | null;
  image?: { url: string; alt?: string | null; caption?: string | null } | null;
  quote?: { text: string; source?: string | null } | null;
  productCard?: { productId: string | null; skuId?: string | null; pitch?: string | null } | null;
  productGrid?: { title?: string | null; productIds: (string | null)[] } | null;
  review?: { reviewId: string | null } | null;
}

const KINDS = ['paragraph', 'heading', 'image', 'quote', 'productCard', 'productGrid', 'review'] as const;

/** What the service must still check against the catalog: each product and card SKU named, with where. */
export interface ProductReference {
  productId: string;
  skuId: string | null;
  field: string[];
  skuField: string[];
}

const fail = (code: E, message: string, field: (string | number)[]) => new DomainError(code, message, field.map(String));

/** Plain text: trimmed, and never anything that looks like HTML. */
export function plainText(text: string | null | undefined, field: (string | number)[]): string {
  const clean = (text ?? '').trim();
  if (looksLikeHtml(clean)) throw fail(E.HTML_NOT_ALLOWED, 'Text is plain: it may not hold HTML tags', field);
  return clean;
}

/** Text with the inline markup (markup.ts): not empty, links http(s) only, no HTML. */
function marked(text: string, field: (string | number)[]): string {
  const clean = text.trim();
  if (!clean) throw fail(E.INVALID_BLOCK, 'The text may not be empty', field);
  const problem = checkMarkup(clean);
  if (problem === 'HTML_NOT_ALLOWED') throw fail(E.HTML_NOT_ALLOWED, 'Text is plain with **bold**, *italic* and [links](https://…): no HTML tags', field);
  if (problem === 'INVALID_LINK') throw fail(E.INVALID_LINK, 'Links go to absolute http:// or https:// URLs only', field);
  return clean;
}

function required(text: string, field: (string | number)[]): string {
  const clean = plainText(text, field);
  if (!clean) throw fail(E.INVALID_BLOCK, 'This may not be empty', field);
  return clean;
}

/**
 * The author's blocks as they will be stored, with the products they name (checked against the
 * catalog by the caller). `existing` are the ids of the article's blocks now: only those may be kept.
 */
export function cleanBlocks(inputs: BlockInput[], existing: ReadonlySet<string>, field: string[]): { blocks: StoredBlock[]; products: ProductReference[] } {
  const kept = new Set<string>();
  const products: ProductReference[] = [];
  const blocks = inputs.map((input, i): StoredBlock => {
    const at = [...field, String(i)];
    const given = KINDS.filter((k) => input[k] != null);
    if (given.length !== 1) throw fail(E.INVALID_BLOCK, `Give exactly one kind of block (${KINDS.join(', ')}); ${given.length} given`, at);
    let id: string;
    if (input.id === undefined || input.id === null) id = uuidv7();
    else {
      if (!existing.has(input.id) || kept.has(input.id)) throw fail(E.UNKNOWN_BLOCK, 'This is not a block of the article, or it is given twice', [...at, 'id']);
      kept.add(input.id);
      id = input.id;
    }
    const kind = given[0];
    const where = (...rest: string[]) => [...at, kind, ...rest];
    switch (kind) {
      case 'paragraph':
        return { id, kind: BlockKind.PARAGRAPH, text: marked(input.paragraph!.text, where('text')) };
      case 'heading':
        return { id, kind: BlockKind.HEADING, text: required(input.heading!.text, where('text')), level: input.heading!.level ?? 2 };
      case 'image': {
        const image = input.image!;
        return {
          id,
          kind: BlockKind.IMAGE,
          url: cleanUrl(image.url, where('url')),
          alt: plainText(image.alt, where('alt')),
          caption: plainText(image.caption, where('caption')),
        };
      }
      case 'quote':
        return { id, kind: BlockKind.QUOTE, text: marked(input.quote!.text, where('text')), source: plainText(input.quote!.source, where('source')) };
      case 'productCard': {
        const card = input.productCard!;
        if (!card.productId) throw fail(E.PRODUCT_NOT_FOUND, 'No product has this id', where('productId'));
        products.push({ productId: card.productId, skuId: card.skuId ?? null, field: where('productId'), skuField: where('skuId') });
        return { id, kind: BlockKind.PRODUCT_CARD, productId: card.productId, skuId: card.skuId ?? null, pitch: plainText(card.pitch, where('pitch')) };
      }
      case 'productGrid': {
        const grid = input.productGrid!;
        if (grid.productIds.length === 0) throw fail(E.INVALID_BLOCK, 'A product grid needs at least one product', where('productIds'));
        const ids = grid.productIds.map((productId, k) => {
          if (!productId) throw fail(E.PRODUCT_NOT_FOUND, 'No product has this id', where('productIds', String(k)));
          if (grid.productIds.indexOf(productId) !== k) throw fail(E.INVALID_BLOCK, 'This product is in the grid twice', where('productIds', String(k)));
          products.push({ productId, skuId: null, field: where('productIds', String(k)), skuField: [] });
          return productId;
        });
        return { id, kind: BlockKind.PRODUCT_GRID, title: plainText(grid.title, where('title')), productIds: ids };
      }
      case 'review':
        if (!input.review!.reviewId) throw fail(E.INVALID_BLOCK, 'This is not a review id', where('reviewId'));
        return { id, kind: BlockKind.REVIEW, reviewId: input.review!.reviewId };
    }
  });
  if (products.length > MAX_PRODUCTS_PER_ARTICLE)
    throw fail(E.TOO_MANY_PRODUCTS, `An article features at most ${MAX_PRODUCTS_PER_ARTICLE} products (cards and grid items together)`, field);
  return { blocks, products };
}

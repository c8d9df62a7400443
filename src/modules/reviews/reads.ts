import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { keysetPage, type PageArgs, type SortKey } from '../../lib/pagination';
import { count, rows } from '../../lib/sql';
import { sqlStates } from '../../lib/state-machine';
import { ACCOUNTS } from '../accounts/queries';
import { GOODS_RECEIVED, ORDER_LINES, ORDERS } from '../orders/queries';
import { ReviewStatus } from './entities';

export interface ReviewRow {
  id: string;
  order_line_id: string;
  order_id: string;
  product_id: string;
  author_id: string;
  specs: { name: string; value: string }[];
  rating: number;
  text: string;
  images: string[];
  anonymous: boolean;
  status: ReviewStatus;
  hidden_reason: string | null;
  hidden_at: string | null;
  refunded: boolean;
  follow_up_text: string | null;
  follow_up_images: string[] | null;
  follow_up_at: string | null;
  reply_text: string | null;
  replied_at: string | null;
  reply_edited_at: string | null;
  created_at: string;
  /** The author's public name; null for an anonymous review. */
  author_name: string | null;
}

export interface ReviewableLineRow {
  id: string;
  order_id: string;
  order_number: string;
  product_id: string;
  product_name: string;
  sku_code: string;
  specs: { name: string; value: string }[];
  quantity: number;
}

/** Filters of the product page's list (published reviews only). */
export interface ProductReviewFilter {
  withImages?: boolean | null;
  rating?: number | null;
}

/** Filters of the operators' list (every review). */
export interface ReviewFilter extends ProductReviewFilter {
  hidden?: boolean | null;
  productId?: string | null;
}

const COLUMNS = [
  'r.id',
  'r.order_line_id',
  'r.order_id',
  'r.product_id',
  'r.author_id',
  'r.specs',
  'r.rating',
  'r.text',
  'r.images',
  'r.anonymous',
  'r.status',
  'r.hidden_reason',
  'r.hidden_at',
  'r.refunded',
  'r.follow_up_text',
  'r.follow_up_images',
  'r.follow_up_at',
  'r.reply_text',
  'r.replied_at',
  'r.reply_edited_at',
  'r.created_at',
];

/** Newest first; the id breaks ties. */
const NEWEST: SortKey<ReviewRow>[] = [
  { sql: 'r.created_at', direction: 'desc', value: (r) => new Date(r.created_at).toISOString() },
  { sql: 'r.id', direction: 'desc', value: (r) => r.id },
];

/** Plain rows of reviews for the listings and loaders; every list has an index that serves its filter and order (entities.ts). */
export class ReviewReads {
  constructor(private readonly em: EntityManager) {}

  private get knex() {
    return this.em.getKnex();
  }

  /** Reviews with their author's public name, which an anonymous review does not carry. */
  private reviews(): Knex.QueryBuilder {
    return this.knex('review as r')
      .join(this.knex.raw(`${ACCOUNTS} as a`), 'a.id', 'r.author_id')
      .select(...COLUMNS, this.knex.raw('case when r.anonymous then null else a.public_name end as author_name'));
  }

  private page(filtered: (q: Knex.QueryBuilder) => Knex.QueryBuilder, page: PageArgs) {
    return keysetPage<ReviewRow>(this.em, filtered(this.reviews()), page, NEWEST, () => count(this.em, filtered(this.knex('review as r'))));
  }

  /** Reviews by id (any state), in one statement: callers decide who may see which. */
  byIds(ids: readonly string[]): Promise<ReviewRow[]> {
    return rows<ReviewRow>(this.em, this.reviews().whereIn('r.id', ids as string[]));
  }

  /** A product's published reviews (refunded ones too, marked), newest first. */
  productReviews(productId: string, filter: ProductReviewFilter, page: PageArgs) {
    return this.page((q) => withFilter(q.where('r.product_id', productId).whereRaw(`r.status = '${ReviewStatus.PUBLISHED}'`), filter), page);
  }

  /** The author's reviews in every state, newest first. */
  authorReviews(authorId: string, page: PageArgs) {
    return this.page((q) => q.where('r.author_id', authorId), page);
  }

  /** Every review, for operators, newest first. */
  allReviews(filter: ReviewFilter, page: PageArgs) {
    return this.page((q) => {
      if (filter.hidden != null) q.whereRaw(`r.status = '${filter.hidden ? ReviewStatus.HIDDEN : ReviewStatus.PUBLISHED}'`);
      if (filter.productId) q.where('r.product_id', filter.productId);
      return withFilter(q, filter);
    }, page);
  }

  /**
   * The buyer's lines that may still be reviewed: of an order received (or completed), not refunded
   * in full, without a review. Newest order first (line ids are time-ordered, made at checkout).
   */
  reviewableLines(customerId: string, page: PageArgs) {
    const lines = () =>
      this.knex
        .from(this.knex.raw(`${ORDER_LINES} as l`))
        .join(this.knex.raw(`${ORDERS} as o`), 'o.id', 'l.order_id')
        .where('o.customer_id', customerId)
        .whereRaw(`o.status in (${sqlStates(GOODS_RECEIVED)})`)
        .whereRaw('l.refunded_quantity < l.quantity')
        .whereNotExists(this.knex('review as r').select(this.knex.raw('1')).whereRaw('r.order_line_id = l.id'));
    return keysetPage<ReviewableLineRow>(
      this.em,
      lines().select('l.id', 'l.order_id', 'o.number as order_number', 'l.product_id', 'l.product_name', 'l.sku_code', 'l.specs', 'l.quantity'),
      page,
      [{ sql: 'l.id', direction: 'desc', value: (r) => r.id }],
      () => count(this.em, lines()),
    );
  }
}

function withFilter(q: Knex.QueryBuilder, filter: ProductReviewFilter): Knex.QueryBuilder {
  // Written as the partial index's predicate, so the planner can use review_by_product_with_images.
  if (filter.withImages) q.whereRaw('r.has_images');
  if (filter.rating != null) q.where('r.rating', filter.rating);
  return q;
}

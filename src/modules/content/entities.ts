import { ArrayType, Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7 } from '../../lib/ids';
import { Account } from '../accounts/entities';
import type { StoredBlock } from './blocks';

/** Where an article stands (lifecycle.ts holds the moves between these). */
export enum ArticleStatus {
  DRAFT = 'draft',
  PUBLISHED = 'published',
  UNPUBLISHED = 'unpublished',
  HIDDEN = 'hidden',
}

/**
 * An account the operator made a content author (members and KOLs): only authors write articles.
 * Revoking deletes the row; the author's articles stay as they are (operators hide what they must).
 */
@Entity({ tableName: 'content_author' })
export class ContentAuthor {
  @ManyToOne(() => Account, { primary: true, deleteRule: 'cascade' })
  account: Account;

  @ManyToOne(() => Account, { nullable: true, index: true, deleteRule: 'set null' })
  grantedBy: Account | null = null;

  @Property({ type: 'timestamptz' })
  grantedAt: Date = new Date();
}

/**
 * A content-guide article (导购文章). Its body is one jsonb array of blocks, each with a stable id:
 * the body is written whole by its author and read whole by the article page, so one row holds it
 * (one statement to read, one to write, order kept by the array). What must be searched across
 * articles is kept beside it in indexed columns: the products its cards and grids feature
 * (`product_ids`, GIN) and its tags (GIN).
 */
@Entity({ tableName: 'article' })
@Check({ name: 'article_published_at', expression: `(status = 'draft') = (published_at is null)` })
@Check({ name: 'article_hidden_reason', expression: `(status = 'hidden') = (hidden_reason is not null)` })
@Check({ name: 'article_sales_non_negative', expression: 'paid_sales >= 0' })
@Index({ name: 'article_by_author', properties: ['author', 'createdAt', 'id'] })
@Index({ name: 'article_created', properties: ['createdAt', 'id'] })
@Index({ name: 'article_newest', expression: `create index "article_newest" on "article" ("published_at", "id") where "status" = 'published'` })
@Index({ name: 'article_most_sold', expression: `create index "article_most_sold" on "article" ("paid_sales", "id") where "status" = 'published'` })
@Index({ name: 'article_tags', expression: 'create index "article_tags" on "article" using gin ("tags")' })
@Index({ name: 'article_products', expression: 'create index "article_products" on "article" using gin ("product_ids")' })
export class Article {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Account, { deleteRule: 'cascade' })
  author: Account;

  @Property({ type: 'text', unique: true })
  slug: string;

  @Property({ type: 'text' })
  title: string;

  @Property({ type: 'text', default: '' })
  summary: string = '';

  @Property({ type: 'text', nullable: true })
  coverUrl: string | null = null;

  @Property({ type: 'text[]', default: '{}' })
  tags: string[] = [];

  @Property({ type: 'jsonb', default: '[]' })
  blocks: StoredBlock[] = [];

  /** Every product a card or grid of the body features, for "articles featuring this product". */
  @Property({ type: ArrayType, columnType: 'uuid[]', default: '{}' })
  productIds: string[] = [];

  @Enum({ items: () => ArticleStatus, nativeEnumName: 'article_status', default: ArticleStatus.DRAFT })
  status: ArticleStatus = ArticleStatus.DRAFT;

  /** First publication; kept when the author unpublishes and publishes again, so NEWEST does not reward toggling. */
  @Property({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  hiddenReason: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  hiddenAt: Date | null = null;

  /**
   * Paid sales of the lines attributed to the article's cards, net of refunds, in fen: what MOST_SOLD
   * ranks by. Added to and taken from by the order events (sales.ts).
   */
  @Property({ type: 'bigint', default: 0 })
  paidSales: string = '0';

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

/**
 * Who viewed an article on a day (calendar day in China time): the primary key makes a visitor's
 * second view of the day insert nothing, which is how unique views are counted exactly. `visitor` is
 * the signed-in account's id, or a digest of the storefront's visitor id (fixed size whatever was
 * sent). Rows older than yesterday are forgotten by a job (jobs.ts): the counts live in article_day.
 */
@Entity({ tableName: 'article_visitor_day' })
export class ArticleVisitorDay {
  @ManyToOne(() => Article, { primary: true, deleteRule: 'cascade' })
  article: Article;

  @PrimaryKey({ type: 'date' })
  day: string;

  @PrimaryKey({ type: 'uuid' })
  visitor: string;
}

/** An article's views on a day: every view, and the first view of each visitor that day. Only ever added to. */
@Entity({ tableName: 'article_day' })
@Check({ name: 'article_day_counts', expression: 'views >= 0 and unique_views >= 0 and unique_views <= views' })
export class ArticleDay {
  @ManyToOne(() => Article, { primary: true, deleteRule: 'cascade' })
  article: Article;

  @PrimaryKey({ type: 'date' })
  day: string;

  @Property({ type: 'integer', default: 0 })
  views: number = 0;

  @Property({ type: 'integer', default: 0 })
  uniqueViews: number = 0;
}

/**
 * One product block (card or grid) of an article on a day: clicks and add-to-carts recorded by
 * storefronts, and, from the order events (sales.ts), the orders with lines checkout attributed to
 * the block, what was paid for those lines and what was refunded of them (fen). Only ever added to.
 */
@Entity({ tableName: 'content_card_day' })
@Check({
  name: 'content_card_day_counts',
  expression: 'clicks >= 0 and add_to_carts >= 0 and orders >= 0 and paid_sales >= 0 and refunded_sales >= 0',
})
export class ContentCardDay {
  @ManyToOne(() => Article, { primary: true, deleteRule: 'cascade' })
  article: Article;

  @PrimaryKey({ type: 'uuid' })
  blockId: string;

  @PrimaryKey({ type: 'date' })
  day: string;

  @Property({ type: 'integer', default: 0 })
  clicks: number = 0;

  @Property({ type: 'integer', default: 0 })
  addToCarts: number = 0;

  @Property({ type: 'integer', default: 0 })
  orders: number = 0;

  @Property({ type: 'bigint', default: 0 })
  paidSales: string = '0';

  @Property({ type: 'bigint', default: 0 })
  refundedSales: string = '0';
}

/**
 * An order event the funnel has counted, by its outbox id (order_event.id): the outbox delivers at
 * least once, so the counters of content_card_day and article.paid_sales are added to in the same
 * statement that inserts this row, and only when it was new. Only events of orders with lines from
 * a content card get one.
 */
@Entity({ tableName: 'content_order_event' })
export class ContentOrderEvent {
  @PrimaryKey({ type: 'bigint', autoincrement: false })
  eventId: string;

  @Property({ type: 'timestamptz' })
  countedAt: Date = new Date();
}

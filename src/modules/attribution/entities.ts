import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { uuidv7 } from '../../lib/ids';
import { Account } from '../accounts/entities';
import { Order, OrderLine } from '../orders/entities';
import { PLACEMENT_PATTERN } from '../../lib/bounds';

/** Where a share link leads. Content pages and live sessions come with their modules. */
export enum EntryPoint {
  SHOP = 'shop',
  PRODUCT = 'product',
  CONTENT = 'content',
  LIVE = 'live',
}

/**
 * What won an order line (precedence.ts decides; the reasons are its ranks). The database enum already
 * holds the kinds of sources to come — a live session's link (entry LIVE) and a storefront's buy
 * button (a storefront app and its placement label) — so they plug in as new candidates of the same
 * precedence, without a change of this table.
 */
export enum LineSourceKind {
  CONTENT_CARD = 'content_card',
  SHOP_LINK = 'shop_link',
  PRODUCT_LINK = 'product_link',
  LIVE_SESSION = 'live_session',
  BUY_BUTTON = 'buy_button',
  INVITER = 'inviter',
  NONE = 'none',
}

/** Why the source of an order line won: the rank of precedence that decided it (precedence.ts). */
export enum LineSourceReason {
  TOKEN_AT_CHECKOUT = 'token_at_checkout',
  LAST_TOUCH = 'last_touch',
  BOUND_INVITER = 'bound_inviter',
  NO_SOURCE = 'no_source',
}

/**
 * A share link for one entry point: the token travels in the URL and attributes what follows. A
 * member's shop and product links are made on request (createShareLink); a content card's link is
 * made with its article, for the article's author (content-links.ts).
 */
@Entity({ tableName: 'share_token' })
@Unique({ name: 'share_token_per_target', properties: ['sharer', 'entry', 'targetId'] })
@Check({ name: 'share_token_content_article', expression: `(entry = 'content') = (article_id is not null)` })
@Index({ name: 'share_token_article', expression: 'create index "share_token_article" on "share_token" ("article_id") where "article_id" is not null' })
export class ShareToken {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** Short, random, unguessable; what share URLs carry. */
  @Property({ type: 'text', unique: true })
  token: string;

  @ManyToOne(() => Account, { index: true, deleteRule: 'cascade' })
  sharer: Account;

  @Enum({ items: () => EntryPoint, nativeEnumName: 'entry_point' })
  entry: EntryPoint;

  /** The shop, product or live session shared; for a content card, the card (its block id in the article). */
  @Property({ type: 'uuid' })
  targetId: string;

  /** For a content card (entry CONTENT): the article the card is in. Null for every other entry point. */
  @Property({ type: 'uuid', nullable: true })
  articleId: string | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

/** A customer arriving through a share link; the last valid touch within the window attributes an order. */
@Entity({ tableName: 'share_touch' })
@Index({ name: 'share_touch_latest', properties: ['customer', 'touchedAt'] })
export class ShareTouch {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Account, { deleteRule: 'cascade' })
  customer: Account;

  @ManyToOne(() => ShareToken, { index: true, deleteRule: 'cascade' })
  shareToken: ShareToken;

  @Property({ type: 'timestamptz' })
  touchedAt: Date = new Date();
}

/**
 * Who an order is attributed to, fixed when the order is placed (written in the checkout
 * transaction, never updated): the sharer and entry point of the last valid touch, and the buyer's
 * bound inviter at that moment. Earnings read it. The site an order came from is its storefront app
 * (the order's own); the placement is the label that site gave its buy button (rules.ts).
 */
@Entity({ tableName: 'order_attribution' })
@Check({ name: 'order_attribution_placement', expression: `placement ~ '${PLACEMENT_PATTERN}'` })
export class OrderAttribution {
  @ManyToOne(() => Order, { primary: true, deleteRule: 'cascade' })
  order: Order;

  /**
   * The link, its sharer and the buyer's inviter, without foreign keys: a KOL's link sells to
   * thousands at once, and a key would share-lock the link's and the sharer's rows in every one of
   * those checkouts. They are written from the rows the checkout has just read, and share links
   * and accounts are never deleted.
   */
  @ManyToOne(() => ShareToken, { nullable: true, index: true, createForeignKeyConstraint: false })
  shareToken: ShareToken | null = null;

  @ManyToOne(() => Account, { nullable: true, index: true, createForeignKeyConstraint: false })
  sharer: Account | null = null;

  @Enum({ items: () => EntryPoint, nativeEnumName: 'entry_point', nullable: true })
  entry: EntryPoint | null = null;

  @Property({ type: 'uuid', nullable: true })
  targetId: string | null = null;

  /** Set when the order was placed through a member's shop: its orders, customers and statistics. */
  @Property({ type: 'uuid', nullable: true, index: true })
  shopId: string | null = null;

  @ManyToOne(() => Account, { nullable: true, index: true, createForeignKeyConstraint: false })
  inviter: Account | null = null;

  /** The buyer bought through their own link or shop. */
  @Property({ type: 'boolean', default: false })
  selfPurchase: boolean = false;

  /** The label the site gave the buy button the order was placed through (e.g. "sidebar"); null when none was given. */
  @Property({ type: 'text', nullable: true })
  placement: string | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

/**
 * Which source won each order line and why, frozen when the order is placed (written in the
 * checkout's one write statement, never updated). A content card's link wins the lines of the
 * products its card (or grid) features; the order's other lines go to the next source by
 * precedence (precedence.ts). The article's title and the card's position are kept as they were
 * at checkout, for explanations; the funnel counts orders, paid and refunded sales per card from it.
 */
@Entity({ tableName: 'order_line_attribution' })
@Index({
  name: 'order_line_attribution_article',
  expression: 'create index "order_line_attribution_article" on "order_line_attribution" ("article_id") where "article_id" is not null',
})
@Index({
  name: 'order_line_attribution_card_order',
  expression: `create index "order_line_attribution_card_order" on "order_line_attribution" ("order_id") where "kind" = 'content_card'`,
})
@Check({
  name: 'order_line_attribution_card',
  expression: `(kind = 'content_card') = (article_id is not null and block_id is not null and card_position is not null)`,
})
export class OrderLineAttribution {
  @ManyToOne(() => OrderLine, { primary: true, deleteRule: 'cascade' })
  orderLine: OrderLine;

  @ManyToOne(() => Order, { index: true, deleteRule: 'cascade' })
  order: Order;

  @Enum({ items: () => LineSourceKind, nativeEnumName: 'line_source_kind' })
  kind: LineSourceKind;

  @Enum({ items: () => LineSourceReason, nativeEnumName: 'line_source_reason' })
  reason: LineSourceReason;

  /** The reason in words, as it was at checkout (e.g. 'last touch within 7 days: article "Spring teas", card 3'). */
  @Property({ type: 'text' })
  reasonText: string;

  /** No foreign key, as order_attribution's (a hot link's row would be share-locked by every checkout through it). */
  @ManyToOne(() => ShareToken, { nullable: true, index: true, createForeignKeyConstraint: false })
  shareToken: ShareToken | null = null;

  /** Who the line is attributed to: the link's sharer, or the bound inviter (kind INVITER); null for NONE. No foreign key, as shareToken. */
  @ManyToOne(() => Account, { nullable: true, index: true, createForeignKeyConstraint: false })
  sharer: Account | null = null;

  /** For a content card: the article, the card's block and its position among the article's cards and grids (1-based). */
  @Property({ type: 'uuid', nullable: true })
  articleId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  blockId: string | null = null;

  @Property({ type: 'smallint', nullable: true })
  cardPosition: number | null = null;

  @Property({ type: 'text', nullable: true })
  articleTitle: string | null = null;

  /** When the buyer came through the link: the touch that won, or the checkout for a token given then. */
  @Property({ type: 'timestamptz', nullable: true })
  touchedAt: Date | null = null;
}

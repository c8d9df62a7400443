import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { uuidv7 } from '../../lib/ids';
import { Account } from '../accounts/entities';
import { Order } from '../orders/entities';

/** Where a share link leads. Content pages and live sessions come with their modules. */
export enum EntryPoint {
  SHOP = 'shop',
  PRODUCT = 'product',
  CONTENT = 'content',
  LIVE = 'live',
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
 * bound inviter at that moment. Earnings read it.
 */
@Entity({ tableName: 'order_attribution' })
export class OrderAttribution {
  @ManyToOne(() => Order, { primary: true, deleteRule: 'cascade' })
  order: Order;

  @ManyToOne(() => ShareToken, { nullable: true, index: true, deleteRule: 'set null' })
  shareToken: ShareToken | null = null;

  @ManyToOne(() => Account, { nullable: true, index: true, deleteRule: 'set null' })
  sharer: Account | null = null;

  @Enum({ items: () => EntryPoint, nativeEnumName: 'entry_point', nullable: true })
  entry: EntryPoint | null = null;

  @Property({ type: 'uuid', nullable: true })
  targetId: string | null = null;

  /** Set when the order was placed through a member's shop: its orders, customers and statistics. */
  @Property({ type: 'uuid', nullable: true, index: true })
  shopId: string | null = null;

  @ManyToOne(() => Account, { nullable: true, index: true, deleteRule: 'set null' })
  inviter: Account | null = null;

  /** The buyer bought through their own link or shop. */
  @Property({ type: 'boolean', default: false })
  selfPurchase: boolean = false;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { uuidv7 } from '../../lib/ids';
import type { Fen } from '../../lib/money';
import { Account } from '../accounts/entities';
import { Product } from '../catalog/entities';
import { Order } from '../orders/entities';

export enum AssistCampaignStatus {
  ACTIVE = 'active',
  ENDED = 'ended',
}

/**
 * An assist-for-free campaign (助力享免单) on a product: a buyer whose paid order holds it gets an
 * assist link; when `helpersNeeded` friends assist within `timeLimitSeconds` (once each, new
 * customers only if `newCustomersOnly`), the order's paid amount is refunded, once.
 */
@Entity({ tableName: 'assist_campaign' })
@Check({ name: 'assist_campaign_limits', expression: 'helpers_needed >= 1 and helpers_needed <= 50 and time_limit_seconds >= 60 and links_per_customer >= 1' })
@Check({ name: 'assist_campaign_window', expression: 'ends_at > starts_at' })
@Index({ name: 'assist_campaign_created', properties: ['createdAt', 'id'] })
export class AssistCampaign {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Product, { index: true, deleteRule: 'restrict' })
  product: Product;

  @Property({ type: 'text' })
  name: string;

  @Property({ type: 'integer' })
  helpersNeeded: number;

  @Property({ type: 'integer' })
  timeLimitSeconds: number;

  /** Only customers who never had an order paid may assist. */
  @Property({ type: 'boolean', default: false })
  newCustomersOnly: boolean = false;

  /** Assist links one buyer may get in this campaign (one per paid order). */
  @Property({ type: 'integer', default: 1 })
  linksPerCustomer: number = 1;

  /** The storefront apps it runs on; empty: every app (whose sharing games are on). */
  @Property({ type: 'uuid[]', default: '{}' })
  storefrontAppIds: string[] = [];

  @Property({ type: 'timestamptz' })
  startsAt: Date;

  @Property({ type: 'timestamptz' })
  endsAt: Date;

  @Enum({ items: () => AssistCampaignStatus, nativeEnumName: 'assist_campaign_status', default: AssistCampaignStatus.ACTIVE })
  status: AssistCampaignStatus = AssistCampaignStatus.ACTIVE;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

export enum AssistLinkStatus {
  /** Friends can assist until the time runs out. */
  OPEN = 'open',
  /** The last assist needed came in time: the order's refund is due. */
  COMPLETED = 'completed',
  /** The order's paid amount was refunded through the provider (refund_id). */
  REFUNDED = 'refunded',
  /** The time ran out first: nothing happens. */
  EXPIRED = 'expired',
  /** Its order was refunded or cancelled some other way. */
  ENDED = 'ended',
}

/**
 * A buyer's assist link for one paid order (unique). Every assist is a conditional update of
 * `assists_count` below `helpers_needed` (a check holds it too), and the refund happens at most once:
 * the move COMPLETED → REFUNDED is conditional, and refund_id is unique.
 */
@Entity({ tableName: 'assist_link' })
@Check({ name: 'assist_link_count_within', expression: 'assists_count >= 0 and assists_count <= helpers_needed' })
@Check({ name: 'assist_link_complete_full', expression: 'completed_at is null or assists_count = helpers_needed' })
@Check({ name: 'assist_link_completed_when', expression: `(status <> 'completed' and status <> 'refunded') or completed_at is not null` })
@Check({ name: 'assist_link_refund_when_refunded', expression: `(status = 'refunded') = (refund_id is not null)` })
@Index({ name: 'assist_link_buyer_created', properties: ['buyer', 'createdAt', 'id'] })
@Index({ name: 'assist_link_by_campaign', properties: ['campaign', 'createdAt', 'id'] })
@Index({ name: 'assist_link_due', expression: `create index "assist_link_due" on "assist_link" ("expires_at") where "status" = 'open'` })
@Index({ name: 'assist_link_refund_due', expression: `create index "assist_link_refund_due" on "assist_link" ("completed_at") where "status" = 'completed'` })
export class AssistLink {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** Covered by assist_link_by_campaign, whose first column it is. */
  @ManyToOne(() => AssistCampaign, { deleteRule: 'restrict' })
  campaign: AssistCampaign;

  @ManyToOne(() => Order, { unique: true, deleteRule: 'restrict' })
  order: Order;

  /** Covered by assist_link_buyer_created, whose first column it is. */
  @ManyToOne(() => Account, { deleteRule: 'restrict' })
  buyer: Account;

  /** What friends open to assist (a link). */
  @Property({ type: 'text', unique: true })
  shareToken: string;

  @Property({ type: 'integer' })
  helpersNeeded: number;

  @Property({ type: 'integer', default: 0 })
  assistsCount: number = 0;

  @Enum({ items: () => AssistLinkStatus, nativeEnumName: 'assist_link_status', default: AssistLinkStatus.OPEN })
  status: AssistLinkStatus = AssistLinkStatus.OPEN;

  @Property({ type: 'timestamptz' })
  expiresAt: Date;

  @Property({ type: 'timestamptz', nullable: true })
  completedAt: Date | null = null;

  /** The refund that gave the order's money back. A payments-module id. */
  @Property({ type: 'uuid', nullable: true, unique: true })
  refundId: string | null = null;

  @Property({ type: 'integer', nullable: true })
  refundAmount: Fen | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

/** A friend's assist: once per link and friend (unique), never the buyer (check). */
@Entity({ tableName: 'assist' })
@Unique({ name: 'assist_once', properties: ['link', 'friend'] })
@Check({ name: 'assist_not_buyer', expression: 'friend_id <> buyer_id' })
export class Assist {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** Covered by assist_once, whose first column it is. */
  @ManyToOne(() => AssistLink, { deleteRule: 'cascade' })
  link: AssistLink;

  @ManyToOne(() => Account, { index: true, deleteRule: 'restrict' })
  friend: Account;

  /** The link's buyer, copied so the check can refuse a self-assist. */
  @ManyToOne(() => Account, { index: true, deleteRule: 'restrict' })
  buyer: Account;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

/** Links a buyer got in a campaign: a conditional upsert below the campaign's limit. */
@Entity({ tableName: 'assist_usage' })
@Check({ name: 'assist_usage_non_negative', expression: 'links >= 0' })
export class AssistUsage {
  @ManyToOne(() => AssistCampaign, { primary: true, deleteRule: 'cascade' })
  campaign: AssistCampaign;

  @ManyToOne(() => Account, { primary: true, index: true, deleteRule: 'cascade' })
  customer: Account;

  @Property({ type: 'integer', default: 0 })
  links: number = 0;
}

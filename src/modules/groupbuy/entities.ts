import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { uuidv7 } from '../../lib/ids';
import type { Fen } from '../../lib/money';
import { Account } from '../accounts/entities';
import { Product, Sku } from '../catalog/entities';
import { Order } from '../orders/entities';

export enum CampaignStatus {
  ACTIVE = 'active',
  ENDED = 'ended',
}

/**
 * A group-buy campaign (拼团): a product's SKUs at a group price each, sessions of `size` members
 * that must fill within `sessionSeconds`, open from `startsAt` to `endsAt`. Ended by an operator,
 * or by its window closing; sessions already running finish either way.
 */
@Entity({ tableName: 'group_buy_campaign' })
@Check({ name: 'group_buy_campaign_size', expression: 'size >= 2 and size <= 20' })
@Check({ name: 'group_buy_campaign_session_time', expression: 'session_seconds >= 60 and session_seconds <= 2592000' })
@Check({ name: 'group_buy_campaign_window', expression: 'ends_at > starts_at' })
@Check({ name: 'group_buy_campaign_limits', expression: 'per_customer_limit >= 1 and max_quantity >= 1 and max_quantity <= 999 and leader_discount >= 0' })
@Check({ name: 'group_buy_campaign_auto_fill', expression: 'auto_fill_percent is null or (auto_fill_percent >= 1 and auto_fill_percent <= 99)' })
@Index({ name: 'group_buy_campaign_created', properties: ['createdAt', 'id'] })
export class GroupBuyCampaign {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Product, { index: true, deleteRule: 'restrict' })
  product: Product;

  @Property({ type: 'text' })
  name: string;

  /** Members a session needs (N). */
  @Property({ type: 'integer' })
  size: number;

  /** How long a session has to fill, from its opening. */
  @Property({ type: 'integer' })
  sessionSeconds: number;

  @Property({ type: 'timestamptz' })
  startsAt: Date;

  @Property({ type: 'timestamptz' })
  endsAt: Date;

  /** How many sessions of this campaign one customer may be in (failed sessions do not count). */
  @Property({ type: 'integer', default: 1 })
  perCustomerLimit: number = 1;

  /** Units of the SKU one member may buy in a session. */
  @Property({ type: 'integer', default: 1 })
  maxQuantity: number = 1;

  /** Only customers without a paid order before may take part. */
  @Property({ type: 'boolean', default: false })
  newCustomersOnly: boolean = false;

  /** Taken off the group price for the customer who opens the session (团长优惠). */
  @Property({ type: 'integer', default: 0 })
  leaderDiscount: Fen = 0;

  /** At the deadline a session succeeds with fewer members when at least this share (percent) of the seats is paid; null: never. */
  @Property({ type: 'integer', nullable: true })
  autoFillPercent: number | null = null;

  @Enum({ items: () => CampaignStatus, nativeEnumName: 'group_buy_campaign_status', default: CampaignStatus.ACTIVE })
  status: CampaignStatus = CampaignStatus.ACTIVE;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  endedAt: Date | null = null;
}

/** A SKU of a campaign with its group price. */
@Entity({ tableName: 'group_buy_campaign_sku' })
@Unique({ name: 'group_buy_campaign_sku_once', properties: ['campaign', 'sku'] })
@Check({ name: 'group_buy_campaign_sku_price', expression: 'group_price > 0' })
export class GroupBuyCampaignSku {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** Covered by group_buy_campaign_sku_once, whose first column it is. */
  @ManyToOne(() => GroupBuyCampaign, { deleteRule: 'cascade' })
  campaign: GroupBuyCampaign;

  @ManyToOne(() => Sku, { index: true, deleteRule: 'restrict' })
  sku: Sku;

  @Property({ type: 'integer' })
  groupPrice: Fen;
}

export enum SessionStatus {
  /** The leader's order is placed but not paid: nobody can join yet. */
  OPENING = 'opening',
  /** The leader paid: friends join through the share token until it fills or the deadline. */
  OPEN = 'open',
  SUCCEEDED = 'succeeded',
  FAILED = 'failed',
  /** The leader's order was cancelled unpaid. */
  CANCELLED = 'cancelled',
}

/**
 * A session (团): `reserved` counts seats held by unpaid and paid members, `paid` the members who
 * paid. Checks keep paid ≤ reserved ≤ size: a join is a conditional increment of `reserved`, so a
 * session can never hold more than N members whatever races.
 */
@Entity({ tableName: 'group_buy_session' })
@Check({ name: 'group_buy_session_seats', expression: 'paid >= 0 and paid <= reserved and reserved <= size' })
@Check({ name: 'group_buy_session_succeeded', expression: `status <> 'succeeded' or paid >= 1` })
@Index({ name: 'group_buy_session_campaign', properties: ['campaign', 'openedAt', 'id'] })
@Index({
  name: 'group_buy_session_due',
  expression: `create index "group_buy_session_due" on "group_buy_session" ("expires_at") where "status" in ('opening', 'open')`,
})
@Index({
  name: 'group_buy_session_joinable',
  expression: `create index "group_buy_session_joinable" on "group_buy_session" ("product_id", "expires_at", "id") where "status" = 'open'`,
})
export class GroupBuySession {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => GroupBuyCampaign, { deleteRule: 'restrict' })
  campaign: GroupBuyCampaign;

  /** The campaign's product, copied for the product page's listing of joinable sessions. */
  @ManyToOne(() => Product, { index: true, deleteRule: 'restrict' })
  product: Product;

  @ManyToOne(() => Account, { index: true, deleteRule: 'restrict' })
  leader: Account;

  /** What friends join through (a link or a QR code); random, unguessable. */
  @Property({ type: 'text', unique: true })
  shareToken: string;

  @Property({ type: 'integer' })
  size: number;

  @Property({ type: 'integer', default: 0 })
  reserved: number = 0;

  @Property({ type: 'integer', default: 0 })
  paid: number = 0;

  @Enum({ items: () => SessionStatus, nativeEnumName: 'group_buy_session_status', default: SessionStatus.OPENING })
  status: SessionStatus = SessionStatus.OPENING;

  @Property({ type: 'timestamptz' })
  openedAt: Date = new Date();

  /** The deadline: unfilled then, the session fails (or auto-fills) and paid members are refunded. */
  @Property({ type: 'timestamptz' })
  expiresAt: Date;

  @Property({ type: 'timestamptz', nullable: true })
  closedAt: Date | null = null;
}

export enum MemberStatus {
  /** A seat is held for an unpaid order. */
  RESERVED = 'reserved',
  PAID = 'paid',
  /** The order was cancelled unpaid; the seat went back. */
  CANCELLED = 'cancelled',
  /** The payment came after the session had closed: the order was cancelled and the payment given back. */
  LATE_PAYMENT_REFUNDED = 'late_payment_refunded',
  /** The session failed: this paid member is owed a refund. */
  REFUND_DUE = 'refund_due',
  /** The session failed and the refund went through the provider. */
  REFUNDED = 'refunded',
}

/**
 * A customer in a session, through one order. The partial unique indexes keep a customer out of
 * the same session twice and out of two open sessions of one campaign (`active` is true while the
 * seat is held in a session still open); `refund_id` is unique, so a failed session's member is
 * refunded once.
 */
@Entity({ tableName: 'group_buy_member' })
@Index({
  name: 'group_buy_member_once_per_session',
  expression: `create unique index "group_buy_member_once_per_session" on "group_buy_member" ("session_id", "customer_id") where "status" <> 'cancelled'`,
})
@Index({
  name: 'group_buy_member_one_open_session',
  expression: 'create unique index "group_buy_member_one_open_session" on "group_buy_member" ("campaign_id", "customer_id") where "active"',
})
@Index({ name: 'group_buy_member_customer_joined', properties: ['customer', 'joinedAt', 'id'] })
@Index({ name: 'group_buy_member_session', properties: ['session', 'joinedAt', 'id'] })
@Index({
  name: 'group_buy_member_refund_due',
  expression: `create index "group_buy_member_refund_due" on "group_buy_member" ("id") where "status" = 'refund_due'`,
})
@Check({ name: 'group_buy_member_refunded', expression: `(status = 'refunded') = (refund_id is not null)` })
@Check({ name: 'group_buy_member_active', expression: `not active or status = 'reserved' or status = 'paid'` })
export class GroupBuyMember {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** Covered by group_buy_member_session, whose first column it is. */
  @ManyToOne(() => GroupBuySession, { deleteRule: 'restrict' })
  session: GroupBuySession;

  @ManyToOne(() => GroupBuyCampaign, { index: true, deleteRule: 'restrict' })
  campaign: GroupBuyCampaign;

  /** Covered by group_buy_member_customer_joined, whose first column it is. */
  @ManyToOne(() => Account, { deleteRule: 'restrict' })
  customer: Account;

  @ManyToOne(() => Order, { unique: true, deleteRule: 'restrict' })
  order: Order;

  @Property({ type: 'boolean', default: false })
  isLeader: boolean = false;

  @Enum({ items: () => MemberStatus, nativeEnumName: 'group_buy_member_status', default: MemberStatus.RESERVED })
  status: MemberStatus = MemberStatus.RESERVED;

  @Property({ type: 'boolean', default: true })
  active: boolean = true;

  /** The refund of a failed session's member (payments' refund id). */
  @Property({ type: 'uuid', nullable: true, unique: true })
  refundId: string | null = null;

  @Property({ type: 'timestamptz' })
  joinedAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  paidAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  closedAt: Date | null = null;
}

/**
 * How many sessions of a campaign a customer is in: raised by a conditional upsert at checkout
 * (`… where joined < limit`), lowered when a seat is given back or a session fails.
 */
@Entity({ tableName: 'group_buy_usage' })
@Check({ name: 'group_buy_usage_non_negative', expression: 'joined >= 0' })
export class GroupBuyUsage {
  @ManyToOne(() => GroupBuyCampaign, { primary: true, deleteRule: 'cascade' })
  campaign: GroupBuyCampaign;

  @ManyToOne(() => Account, { primary: true, index: true, deleteRule: 'cascade' })
  customer: Account;

  @Property({ type: 'integer', default: 0 })
  joined: number = 0;
}

/**
 * A customer's one order in new-customers-only group-buys while they have no paid order: one row per
 * customer (the primary key), inserted in the checkout transaction, so of two such orders placed at
 * once only one gets in. Deleted when that order is cancelled unpaid (the customer is new again);
 * once it is paid the customer is no longer new, and the row stays.
 */
@Entity({ tableName: 'group_buy_new_customer_claim' })
export class GroupBuyNewCustomerClaim {
  @ManyToOne(() => Account, { primary: true, deleteRule: 'cascade' })
  customer: Account;

  @ManyToOne(() => Order, { unique: true, deleteRule: 'cascade' })
  order: Order;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

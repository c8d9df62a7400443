import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { uuidv7 } from '../../lib/ids';
import type { Fen } from '../../lib/money';
import { Account } from '../accounts/entities';
import { Sku } from '../catalog/entities';
import { Order } from '../orders/entities';

export enum BargainCampaignStatus {
  ACTIVE = 'active',
  ENDED = 'ended',
}

/**
 * A bargain campaign (砍价): a SKU from `startPrice` down to `floorPrice` with `helpersNeeded`
 * friends' cuts, each bargain within `timeLimitSeconds`; `stock` bargains can be bought.
 */
@Entity({ tableName: 'bargain_campaign' })
@Check({ name: 'bargain_campaign_prices', expression: 'floor_price > 0 and start_price > floor_price' })
@Check({ name: 'bargain_campaign_helpers', expression: 'helpers_needed >= 1 and helpers_needed <= 100 and start_price - floor_price >= helpers_needed' })
@Check({
  name: 'bargain_campaign_limits',
  expression: 'stock >= 0 and per_customer_limit >= 1 and time_limit_seconds >= 60 and new_helper_boost_percent >= 100 and new_helper_boost_percent <= 300',
})
@Check({ name: 'bargain_campaign_window', expression: 'ends_at > starts_at' })
@Index({ name: 'bargain_campaign_created', properties: ['createdAt', 'id'] })
export class BargainCampaign {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Sku, { index: true, deleteRule: 'restrict' })
  sku: Sku;

  @Property({ type: 'text' })
  name: string;

  @Property({ type: 'integer' })
  startPrice: Fen;

  @Property({ type: 'integer' })
  floorPrice: Fen;

  @Property({ type: 'integer' })
  helpersNeeded: number;

  @Property({ type: 'integer' })
  timeLimitSeconds: number;

  /**
   * Bargains that can still be bought: taken at purchase (conditional update), given back when the
   * order is cancelled unpaid or refunded before shipping; an operator's change is applied to the
   * locked row as a difference.
   */
  @Property({ type: 'integer' })
  stock: number;

  /** Bargains one customer may start in this campaign. */
  @Property({ type: 'integer', default: 1 })
  perCustomerLimit: number = 1;

  /** Buying needs the floor reached; false: buy at any current price. */
  @Property({ type: 'boolean', default: true })
  buyAtFloorOnly: boolean = true;

  /** A new customer's cut may be up to this percent of the usual upper bound (100: no boost). */
  @Property({ type: 'integer', default: 100 })
  newHelperBoostPercent: number = 100;

  @Property({ type: 'timestamptz' })
  startsAt: Date;

  @Property({ type: 'timestamptz' })
  endsAt: Date;

  @Enum({ items: () => BargainCampaignStatus, nativeEnumName: 'bargain_campaign_status', default: BargainCampaignStatus.ACTIVE })
  status: BargainCampaignStatus = BargainCampaignStatus.ACTIVE;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

export enum BargainStatus {
  /** Friends can help cut until the deadline. */
  ACTIVE = 'active',
  /** Ordered at the price reached; waiting for payment. */
  ORDERED = 'ordered',
  PURCHASED = 'purchased',
  /** The time ran out before it was bought. */
  EXPIRED = 'expired',
}

/**
 * One customer's bargain. Checks keep the price within [floor, start] and `cut_total` equal to
 * start − current (every cut moves both by the same amount in one conditional update), and at most
 * one order ever buys it (unique order_id, and the move to ORDERED is conditional).
 */
@Entity({ tableName: 'bargain' })
@Check({ name: 'bargain_price_within', expression: 'current_price >= floor_price and current_price <= start_price' })
@Check({ name: 'bargain_cuts_add_up', expression: 'cut_total = start_price - current_price' })
@Check({ name: 'bargain_helpers_within', expression: 'helpers_count >= 0 and helpers_count <= helpers_needed' })
@Check({ name: 'bargain_order_when_bought', expression: `(status = 'ordered' or status = 'purchased') = (order_id is not null)` })
@Index({ name: 'bargain_starter_created', properties: ['starter', 'createdAt', 'id'] })
@Index({ name: 'bargain_by_campaign_created', properties: ['campaign', 'createdAt', 'id'] })
@Index({
  name: 'bargain_one_going',
  expression: `create unique index "bargain_one_going" on "bargain" ("campaign_id", "starter_id") where "status" in ('active', 'ordered')`,
})
@Index({ name: 'bargain_due', expression: `create index "bargain_due" on "bargain" ("expires_at") where "status" = 'active'` })
export class Bargain {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** Covered by bargain_by_campaign_created, whose first column it is. */
  @ManyToOne(() => BargainCampaign, { deleteRule: 'restrict' })
  campaign: BargainCampaign;

  /** Covered by bargain_starter_created, whose first column it is. */
  @ManyToOne(() => Account, { deleteRule: 'restrict' })
  starter: Account;

  /** What friends open to help (a link). */
  @Property({ type: 'text', unique: true })
  shareToken: string;

  @Property({ type: 'integer' })
  startPrice: Fen;

  @Property({ type: 'integer' })
  floorPrice: Fen;

  @Property({ type: 'integer' })
  currentPrice: Fen;

  @Property({ type: 'integer', default: 0 })
  cutTotal: Fen = 0;

  @Property({ type: 'integer' })
  helpersNeeded: number;

  @Property({ type: 'integer', default: 0 })
  helpersCount: number = 0;

  @Enum({ items: () => BargainStatus, nativeEnumName: 'bargain_status', default: BargainStatus.ACTIVE })
  status: BargainStatus = BargainStatus.ACTIVE;

  @Property({ type: 'timestamptz' })
  expiresAt: Date;

  @ManyToOne(() => Order, { nullable: true, unique: true, deleteRule: 'restrict' })
  order: Order | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

/** A friend's cut: once per bargain and helper (unique), never the starter (check). */
@Entity({ tableName: 'bargain_cut' })
@Unique({ name: 'bargain_cut_once', properties: ['bargain', 'helper'] })
@Check({ name: 'bargain_cut_not_starter', expression: 'helper_id <> starter_id' })
@Check({ name: 'bargain_cut_amount', expression: 'amount > 0' })
export class BargainCut {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** Covered by bargain_cut_once, whose first column it is. */
  @ManyToOne(() => Bargain, { deleteRule: 'cascade' })
  bargain: Bargain;

  @ManyToOne(() => Account, { index: true, deleteRule: 'restrict' })
  helper: Account;

  /** The bargain's starter, copied so the check can refuse a self-cut. */
  @ManyToOne(() => Account, { index: true, deleteRule: 'restrict' })
  starter: Account;

  @Property({ type: 'integer' })
  amount: Fen;

  @Property({ type: 'boolean', default: false })
  boosted: boolean = false;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

/** Bargains a customer started in a campaign: a conditional upsert below the campaign's limit. */
@Entity({ tableName: 'bargain_usage' })
@Check({ name: 'bargain_usage_non_negative', expression: 'started >= 0' })
export class BargainUsage {
  @ManyToOne(() => BargainCampaign, { primary: true, deleteRule: 'cascade' })
  campaign: BargainCampaign;

  @ManyToOne(() => Account, { primary: true, index: true, deleteRule: 'cascade' })
  customer: Account;

  @Property({ type: 'integer', default: 0 })
  started: number = 0;
}

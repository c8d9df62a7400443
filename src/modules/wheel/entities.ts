import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { uuidv7 } from '../../lib/ids';
import { Account } from '../accounts/entities';
import { CouponTemplate } from '../coupons/entities';

export enum WheelCampaignStatus {
  /** Being set up: prizes can be added; the seed's commitment is already published. */
  DRAFT = 'draft',
  /** Customers draw within the window. */
  RUNNING = 'running',
  /** Ended: the seed is revealed and every draw can be recomputed. */
  ENDED = 'ended',
}

/**
 * A lucky wheel (幸运大转盘): prize slots with weights and stock, drawn provably fairly from a
 * committed seed. Slot 0 is always the no-prize slot. Each customer has `dailyChances` draws a day
 * (in the operator's time zone) plus chances earned by signing in, paying an order or sharing, each
 * source within its own daily cap.
 */
@Entity({ tableName: 'wheel_campaign' })
@Check({ name: 'wheel_campaign_window', expression: 'ends_at > starts_at' })
@Check({
  name: 'wheel_campaign_chances',
  expression:
    'daily_chances >= 0 and daily_chances <= 100 and sign_in_chances >= 0 and sign_in_chances <= 100 and order_chances_per_day >= 0 and order_chances_per_day <= 100 and share_chances_per_day >= 0 and share_chances_per_day <= 100',
})
@Check({ name: 'wheel_campaign_revealed', expression: `(status = 'ended') = (revealed_at is not null)` })
@Index({ name: 'wheel_campaign_created', properties: ['createdAt', 'id'] })
@Index({ name: 'wheel_campaign_running', expression: `create index "wheel_campaign_running" on "wheel_campaign" ("ends_at") where "status" = 'running'` })
export class WheelCampaign {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'text' })
  name: string;

  @Enum({ items: () => WheelCampaignStatus, nativeEnumName: 'wheel_campaign_status', default: WheelCampaignStatus.DRAFT })
  status: WheelCampaignStatus = WheelCampaignStatus.DRAFT;

  @Property({ type: 'timestamptz' })
  startsAt: Date;

  @Property({ type: 'timestamptz' })
  endsAt: Date;

  /** The storefront apps it runs on; empty: every app. */
  @Property({ type: 'text[]', default: '{}' })
  storefrontAppIds: string[] = [];

  /** Free draws per customer per day. */
  @Property({ type: 'integer', default: 1 })
  dailyChances: number = 1;

  /** Chances the day's sign-in earns (once a day). */
  @Property({ type: 'integer', default: 0 })
  signInChances: number = 0;

  /** At most this many chances a day from paid orders (one per order). */
  @Property({ type: 'integer', default: 0 })
  orderChancesPerDay: number = 0;

  /** At most this many chances a day from sharing (one per share). */
  @Property({ type: 'integer', default: 0 })
  shareChancesPerDay: number = 0;

  /** The no-prize slot's label (slot 0). */
  @Property({ type: 'text' })
  noPrizeLabel: string;

  /** The secret seed (hex); shown only once the campaign has ended. */
  @Property({ type: 'text' })
  seed: string;

  /** SHA-256 of the seed, published from creation on. */
  @Property({ type: 'text' })
  seedCommitment: string;

  @Property({ type: 'timestamptz', nullable: true })
  revealedAt: Date | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

/**
 * A slot of the wheel. Slot 0 is the no-prize slot (no template, no stock); every other slot gives
 * one coupon of its template while `awarded < stock` (a conditional update in the draw's
 * transaction, backed by the check). Weights are fixed once the campaign runs.
 */
@Entity({ tableName: 'wheel_prize' })
@Unique({ name: 'wheel_prize_slot', properties: ['campaign', 'slot'] })
@Check({ name: 'wheel_prize_weight', expression: 'weight >= 0 and weight <= 1000000 and slot >= 0 and slot <= 20' })
@Check({ name: 'wheel_prize_kind', expression: '(slot = 0) = (template_id is null) and (template_id is null) = (stock is null)' })
@Check({ name: 'wheel_prize_stock', expression: 'stock is null or (stock >= 0 and awarded <= stock)' })
export class WheelPrize {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** Covered by wheel_prize_slot, whose first column it is. */
  @ManyToOne(() => WheelCampaign, { deleteRule: 'cascade' })
  campaign: WheelCampaign;

  @Property({ type: 'integer' })
  slot: number;

  @Property({ type: 'text' })
  name: string;

  @ManyToOne(() => CouponTemplate, { nullable: true, index: true, deleteRule: 'restrict' })
  template: CouponTemplate | null = null;

  @Property({ type: 'integer' })
  weight: number;

  @Property({ type: 'integer', nullable: true })
  stock: number | null = null;

  @Property({ type: 'integer', default: 0 })
  awarded: number = 0;
}

/**
 * A customer's chances on one day: `allowed` grows by the daily chances and what was earned, `used`
 * by each draw — only while `used < allowed` (a conditional update), so parallel draws never exceed it.
 */
@Entity({ tableName: 'wheel_chance' })
@Check({ name: 'wheel_chance_within', expression: 'used >= 0 and used <= allowed' })
@Check({ name: 'wheel_chance_earned', expression: 'from_sign_in >= 0 and from_orders >= 0 and from_shares >= 0' })
export class WheelChance {
  @ManyToOne(() => WheelCampaign, { primary: true, deleteRule: 'cascade' })
  campaign: WheelCampaign;

  @ManyToOne(() => Account, { primary: true, index: true, deleteRule: 'cascade' })
  customer: Account;

  @Property({ type: 'date', primary: true })
  day: string;

  @Property({ type: 'integer' })
  allowed: number;

  @Property({ type: 'integer', default: 0 })
  used: number = 0;

  @Property({ type: 'integer', default: 0 })
  fromSignIn: number = 0;

  @Property({ type: 'integer', default: 0 })
  fromOrders: number = 0;

  @Property({ type: 'integer', default: 0 })
  fromShares: number = 0;
}

/** A paid order that earned a chance on a wheel: once per order and campaign (primary key). */
@Entity({ tableName: 'wheel_order_credit' })
export class WheelOrderCredit {
  @ManyToOne(() => WheelCampaign, { primary: true, deleteRule: 'cascade' })
  campaign: WheelCampaign;

  @Property({ type: 'uuid', primary: true })
  orderId: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

/**
 * One draw. `slotDrawn` is what HMAC-SHA256(seed, id) picks on the weights; `slotAwarded` is what
 * the customer got: the same, or 0 (no prize) when the drawn prize's stock was gone or its coupon
 * could not be issued.
 */
@Entity({ tableName: 'wheel_draw' })
@Index({ name: 'wheel_draw_campaign_created', properties: ['campaign', 'createdAt', 'id'] })
@Index({ name: 'wheel_draw_customer_created', properties: ['customer', 'createdAt', 'id'] })
@Check({ name: 'wheel_draw_award', expression: 'slot_awarded = slot_drawn or slot_awarded = 0' })
export class WheelDraw {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  /** Covered by wheel_draw_campaign_created, whose first column it is. */
  @ManyToOne(() => WheelCampaign, { deleteRule: 'cascade' })
  campaign: WheelCampaign;

  /** Covered by wheel_draw_customer_created, whose first column it is. */
  @ManyToOne(() => Account, { deleteRule: 'cascade' })
  customer: Account;

  @Property({ type: 'integer' })
  slotDrawn: number;

  @Property({ type: 'integer' })
  slotAwarded: number;

  @ManyToOne(() => WheelPrize, { nullable: true, index: true, deleteRule: 'restrict' })
  prize: WheelPrize | null = null;

  /** The coupon won (a Coupon id), issued in the draw's transaction. */
  @Property({ type: 'uuid', nullable: true })
  couponId: string | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

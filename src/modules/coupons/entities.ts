import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { uuidv7 } from '../../lib/ids';
import type { Fen } from '../../lib/money';
import { Account } from '../accounts/entities';

export enum CouponKind {
  /** A fixed amount off when the eligible goods reach the threshold (满X减Y; threshold 0 = 无门槛). */
  AMOUNT_OFF = 'amount_off',
  /** A percentage off the eligible goods, in basis points, with an optional maximum discount. */
  PERCENT_OFF = 'percent_off',
}

export enum CouponScope {
  ALL = 'all',
  PRODUCTS = 'products',
  /** The listed categories and every category below them. */
  CATEGORIES = 'categories',
}

export enum CouponValidity {
  /** valid_from … valid_until of the template. */
  FIXED = 'fixed',
  /** valid_days from the moment the coupon is issued. */
  DAYS_AFTER_CLAIM = 'days_after_claim',
}

/** Who may get a template's coupons, and how. */
export enum CouponDistribution {
  CLAIMABLE = 'claimable',
  GRANT_ONLY = 'grant_only',
  NEW_CUSTOMER = 'new_customer',
  INVITE_REWARD = 'invite_reward',
  MEMBERSHIP_GIFT = 'membership_gift',
  SIGN_IN_REWARD = 'sign_in_reward',
  SHARE_PACK = 'share_pack',
}

export enum CouponStatus {
  AVAILABLE = 'available',
  /** Held by an unpaid order (order_id). */
  LOCKED = 'locked',
  /** Spent by a paid order (order_id). */
  USED = 'used',
  EXPIRED = 'expired',
  /** A gift coupon taken back because the order that earned it was cancelled or refunded. */
  REVOKED = 'revoked',
}

/**
 * A coupon template: the rule, the validity and the stock of coupons. `issued` only grows by a
 * conditional increment and a check holds it at or under `total_quantity`, so the last coupon goes
 * to exactly one of any number of parallel claims.
 */
@Entity({ tableName: 'coupon_template' })
@Check({ name: 'coupon_template_issued', expression: 'issued >= 0 and (total_quantity is null or issued <= total_quantity)' })
@Check({ name: 'coupon_template_total', expression: 'total_quantity is null or total_quantity >= 1' })
@Check({
  name: 'coupon_template_amount',
  expression:
    "(kind = 'amount_off' and amount_off >= 1 and percent_off_bp is null) or (kind = 'percent_off' and amount_off is null and percent_off_bp >= 1 and percent_off_bp <= 9999)",
})
@Check({ name: 'coupon_template_caps', expression: 'threshold >= 0 and (max_discount is null or max_discount >= 1) and per_customer_limit >= 1' })
@Check({
  name: 'coupon_template_validity',
  expression: "(validity = 'fixed' and valid_from is not null and valid_until > valid_from) or (validity = 'days_after_claim' and valid_days >= 1)",
})
@Check({ name: 'coupon_template_claim_window', expression: 'claim_starts_at is null or claim_ends_at is null or claim_ends_at > claim_starts_at' })
@Index({ name: 'coupon_template_distribution', properties: ['distribution', 'endedAt'] })
export class CouponTemplate {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'text' })
  name: string;

  @Property({ type: 'text', default: '' })
  description: string = '';

  @Enum({ items: () => CouponKind, nativeEnumName: 'coupon_kind' })
  kind: CouponKind;

  @Property({ type: 'integer', nullable: true })
  amountOff: Fen | null = null;

  @Property({ type: 'integer', nullable: true })
  percentOffBp: number | null = null;

  @Property({ type: 'integer', nullable: true })
  maxDiscount: Fen | null = null;

  @Property({ type: 'integer', default: 0 })
  threshold: Fen = 0;

  @Enum({ items: () => CouponScope, nativeEnumName: 'coupon_scope', default: CouponScope.ALL })
  scope: CouponScope = CouponScope.ALL;

  /** Product ids (scope = products). */
  @Property({ type: 'jsonb', default: '[]' })
  productIds: string[] = [];

  /** Category ids (scope = categories); their descendants count too. */
  @Property({ type: 'jsonb', default: '[]' })
  categoryIds: string[] = [];

  @Enum({ items: () => CouponValidity, nativeEnumName: 'coupon_validity' })
  validity: CouponValidity;

  @Property({ type: 'timestamptz', nullable: true })
  validFrom: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  validUntil: Date | null = null;

  @Property({ type: 'integer', nullable: true })
  validDays: number | null = null;

  /** null = unlimited. */
  @Property({ type: 'integer', nullable: true })
  totalQuantity: number | null = null;

  @Property({ type: 'integer', default: 0 })
  issued: number = 0;

  @Property({ type: 'integer', default: 1 })
  perCustomerLimit: number = 1;

  @Property({ type: 'timestamptz', nullable: true })
  claimStartsAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  claimEndsAt: Date | null = null;

  @Enum({ items: () => CouponDistribution, nativeEnumName: 'coupon_distribution' })
  distribution: CouponDistribution;

  /** Ended by an operator: no more coupons are issued; those issued stay valid. */
  @Property({ type: 'timestamptz', nullable: true })
  endedAt: Date | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

/**
 * How many coupons of a template a customer has had: the per-customer limit holds under parallel
 * claims because the counter only grows by an upsert that is refused at the limit (row lock).
 */
@Entity({ tableName: 'coupon_claim_count' })
@Check({ name: 'coupon_claim_count_positive', expression: 'claimed >= 0' })
export class CouponClaimCount {
  @ManyToOne(() => CouponTemplate, { primary: true, deleteRule: 'cascade' })
  template: CouponTemplate;

  @ManyToOne(() => Account, { primary: true, index: true, deleteRule: 'cascade' })
  account: Account;

  @Property({ type: 'integer' })
  claimed: number;
}

/**
 * An issued coupon. It is locked by one unpaid order (a conditional update from AVAILABLE, in the
 * checkout transaction), used when that order is paid, and available again when it is cancelled or
 * refunded in full. An order carries at most one coupon (partial unique index).
 */
@Entity({ tableName: 'coupon' })
@Index({ name: 'coupon_owner_status', properties: ['owner', 'status', 'validUntil'] })
@Index({ name: 'coupon_template_status', properties: ['template', 'status'] })
@Index({ name: 'coupon_one_per_order', expression: 'create unique index "coupon_one_per_order" on "coupon" ("order_id") where "order_id" is not null' })
@Index({ name: 'coupon_expiring', expression: `create index "coupon_expiring" on "coupon" ("valid_until") where "status" = 'available'` })
@Index({ name: 'coupon_membership', expression: 'create index "coupon_membership" on "coupon" ("membership_id") where "membership_id" is not null' })
@Check({ name: 'coupon_validity', expression: 'valid_until > valid_from' })
@Check({ name: 'coupon_order_held', expression: "order_id is not null or status = 'available' or status = 'expired' or status = 'revoked'" })
@Check({ name: 'coupon_order_free', expression: "order_id is null or status = 'locked' or status = 'used'" })
@Check({ name: 'coupon_own_amount', expression: 'amount_off is null or amount_off >= 1' })
export class Coupon {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => CouponTemplate, { index: true, deleteRule: 'cascade' })
  template: CouponTemplate;

  @ManyToOne(() => Account, { index: true, deleteRule: 'cascade' })
  owner: Account;

  @Enum({ items: () => CouponStatus, nativeEnumName: 'coupon_status', default: CouponStatus.AVAILABLE })
  status: CouponStatus = CouponStatus.AVAILABLE;

  @Property({ type: 'timestamptz' })
  validFrom: Date;

  @Property({ type: 'timestamptz' })
  validUntil: Date;

  @Property({ type: 'uuid', nullable: true })
  orderId: string | null = null;

  @Property({ type: 'timestamptz' })
  issuedAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  lockedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  usedAt: Date | null = null;

  /**
   * The coupon's own amount off, when it differs from its template's (a red-packet share: a
   * no-threshold AMOUNT_OFF coupon of the share's amount); null: the template's amount.
   */
  @Property({ type: 'integer', nullable: true })
  amountOff: Fen | null = null;

  /** The membership whose opening gave this coupon (a MEMBERSHIP_GIFT): taken back when it ends for a refund or cancellation. */
  @Property({ type: 'uuid', nullable: true })
  membershipId: string | null = null;

  /**
   * When the coupon was taken back (its gift's order or its membership was cancelled or refunded).
   * An available coupon is REVOKED at once; one locked or used by an order becomes REVOKED, not
   * available, if that order is cancelled or refunded in full.
   */
  @Property({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;
}

/** The promotions' settings: one row (id = 1). */
@Entity({ tableName: 'promotion_settings' })
@Check({ name: 'promotion_settings_single_row', expression: 'id = 1' })
export class PromotionSettings {
  @PrimaryKey({ type: 'integer', autoincrement: false })
  id: number = 1;

  /** The operator's time zone (IANA name): the calendar day of daily sign-in, the daily flash-sale slots, the times told to buyers. */
  @Property({ type: 'text', default: 'Asia/Shanghai' })
  timeZone: string = 'Asia/Shanghai';

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

/** A daily sign-in (签到): one row per customer and local calendar day — the primary key makes a double click one sign-in. */
@Entity({ tableName: 'sign_in' })
@Check({ name: 'sign_in_streak', expression: 'streak >= 1' })
export class SignIn {
  @ManyToOne(() => Account, { primary: true, deleteRule: 'cascade' })
  account: Account;

  @PrimaryKey({ type: 'date' })
  day: string;

  /** Consecutive days up to and including this one. */
  @Property({ type: 'integer' })
  streak: number;

  /** The streak reward issued for this day, if any. */
  @Property({ type: 'uuid', nullable: true })
  couponId: string | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

/** The coupon a sign-in streak earns on its Nth day. */
@Entity({ tableName: 'sign_in_reward' })
@Check({ name: 'sign_in_reward_day', expression: 'streak_day >= 1 and streak_day <= 365' })
export class SignInReward {
  @PrimaryKey({ type: 'integer', autoincrement: false })
  streakDay: number;

  @ManyToOne(() => CouponTemplate, { index: true, deleteRule: 'cascade' })
  template: CouponTemplate;
}

/**
 * A share-pack campaign (券包): a customer shares a pack; each friend who opens it claims one coupon
 * of `template` (once per campaign); when `friends_needed` friends have claimed from a pack, its
 * sharer gets one coupon of `reward_template`. A pack holds at most `pack_size` coupons.
 */
@Entity({ tableName: 'share_pack_campaign' })
@Check({ name: 'share_pack_campaign_sizes', expression: 'friends_needed >= 1 and pack_size >= friends_needed and pack_size <= 100' })
export class SharePackCampaign {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'text' })
  name: string;

  @ManyToOne(() => CouponTemplate, { index: true, deleteRule: 'restrict' })
  template: CouponTemplate;

  @ManyToOne(() => CouponTemplate, { index: true, deleteRule: 'restrict' })
  rewardTemplate: CouponTemplate;

  @Property({ type: 'integer' })
  friendsNeeded: number;

  @Property({ type: 'integer' })
  packSize: number;

  @Property({ type: 'timestamptz', nullable: true })
  endedAt: Date | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

/** A customer's pack of a campaign (one each): its share token, how many friends claimed, the reward once earned. */
@Entity({ tableName: 'share_pack' })
@Unique({ name: 'share_pack_one_per_sharer', properties: ['campaign', 'sharer'] })
@Check({ name: 'share_pack_claimed', expression: 'claimed >= 0' })
export class SharePack {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => SharePackCampaign, { index: true, deleteRule: 'cascade' })
  campaign: SharePackCampaign;

  @ManyToOne(() => Account, { index: true, deleteRule: 'cascade' })
  sharer: Account;

  @Property({ type: 'text', unique: true })
  token: string;

  @Property({ type: 'integer', default: 0 })
  claimed: number = 0;

  @Property({ type: 'uuid', nullable: true })
  rewardCouponId: string | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

/** A friend's claim from a pack: once per friend and campaign (the primary key). */
@Entity({ tableName: 'share_pack_claim' })
export class SharePackClaim {
  @ManyToOne(() => SharePackCampaign, { primary: true, deleteRule: 'cascade' })
  campaign: SharePackCampaign;

  @ManyToOne(() => Account, { primary: true, index: true, deleteRule: 'cascade' })
  friend: Account;

  @ManyToOne(() => SharePack, { index: true, deleteRule: 'cascade' })
  pack: SharePack;

  @Property({ type: 'uuid' })
  couponId: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

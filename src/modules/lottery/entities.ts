import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { uuidv7 } from '../../lib/ids';
import { Account } from '../accounts/entities';
import { CouponTemplate } from '../coupons/entities';

export enum LotteryCampaignStatus {
  /** Being set up: prizes can be added; the seed's commitment is already published. */
  DRAFT = 'draft',
  /** Customers enter until the deadline or the entry cap. */
  OPEN = 'open',
  /** Winners drawn, coupons issued, seed revealed. */
  DRAWN = 'drawn',
  /** Ended before it opened. */
  CANCELLED = 'cancelled',
}

/**
 * A mass lottery (万人抽奖): customers enter (once, plus one more entry per friend invited, up to
 * `inviteEntriesCap`) until `deadline` or until `entryCap` entries; then the winners are drawn from
 * the committed seed, their coupons issued, and losers optionally given a consolation coupon.
 */
@Entity({ tableName: 'lottery_campaign' })
@Check({ name: 'lottery_campaign_window', expression: 'deadline > starts_at' })
@Check({ name: 'lottery_campaign_entries', expression: 'entries >= 0 and (entry_cap is null or (entry_cap >= 1 and entries <= entry_cap))' })
@Check({ name: 'lottery_campaign_invites', expression: 'invite_entries_cap >= 0 and invite_entries_cap <= 100' })
@Check({ name: 'lottery_campaign_drawn', expression: `(status = 'drawn') = (drawn_at is not null)` })
@Index({ name: 'lottery_campaign_created', properties: ['createdAt', 'id'] })
@Index({ name: 'lottery_campaign_open', expression: `create index "lottery_campaign_open" on "lottery_campaign" ("deadline") where "status" = 'open'` })
export class LotteryCampaign {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'text' })
  name: string;

  @Enum({ items: () => LotteryCampaignStatus, nativeEnumName: 'lottery_campaign_status', default: LotteryCampaignStatus.DRAFT })
  status: LotteryCampaignStatus = LotteryCampaignStatus.DRAFT;

  @Property({ type: 'timestamptz' })
  startsAt: Date;

  /** Entries close then and the winners are drawn. */
  @Property({ type: 'timestamptz' })
  deadline: Date;

  /** The draw happens as soon as this many entries are in; null: no cap. */
  @Property({ type: 'integer', nullable: true })
  entryCap: number | null = null;

  /** Entries so far: grows by a conditional update below the cap. */
  @Property({ type: 'integer', default: 0 })
  entries: number = 0;

  /** Extra entries a customer may earn by inviting friends who enter (one per friend). */
  @Property({ type: 'integer', default: 0 })
  inviteEntriesCap: number = 0;

  /** Given to every entrant who wins nothing; null: none. */
  @ManyToOne(() => CouponTemplate, { nullable: true, index: true, deleteRule: 'restrict' })
  consolationTemplate: CouponTemplate | null = null;

  /** The storefront apps it runs on; empty: every app. */
  @Property({ type: 'text[]', default: '{}' })
  storefrontAppIds: string[] = [];

  /** The secret seed (hex); shown only once drawn. */
  @Property({ type: 'text' })
  seed: string;

  /** SHA-256 of the seed, published from creation on. */
  @Property({ type: 'text' })
  seedCommitment: string;

  @Property({ type: 'timestamptz', nullable: true })
  drawnAt: Date | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

/** A prize tier: `winners` customers each get one coupon of the template; tiers are filled by rank. */
@Entity({ tableName: 'lottery_prize' })
@Unique({ name: 'lottery_prize_rank', properties: ['campaign', 'rank'] })
@Check({ name: 'lottery_prize_winners', expression: 'winners >= 1 and winners <= 10000 and rank >= 1 and rank <= 20' })
export class LotteryPrize {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** Covered by lottery_prize_rank, whose first column it is. */
  @ManyToOne(() => LotteryCampaign, { deleteRule: 'cascade' })
  campaign: LotteryCampaign;

  @Property({ type: 'integer' })
  rank: number;

  @Property({ type: 'text' })
  name: string;

  @ManyToOne(() => CouponTemplate, { index: true, deleteRule: 'restrict' })
  template: CouponTemplate;

  @Property({ type: 'integer' })
  winners: number;
}

/**
 * A customer in a lottery: entries `allowed` (1, plus one per friend invited within the cap) and
 * `used` — entries are taken by a conditional update `used < allowed`. A friend is credited once
 * (invited_by is set on the friend's first entry only).
 */
@Entity({ tableName: 'lottery_participant' })
@Check({ name: 'lottery_participant_entries', expression: 'used >= 0 and used <= allowed and invites >= 0' })
@Check({ name: 'lottery_participant_not_self', expression: 'invited_by_id is null or invited_by_id <> customer_id' })
export class LotteryParticipant {
  @ManyToOne(() => LotteryCampaign, { primary: true, deleteRule: 'cascade' })
  campaign: LotteryCampaign;

  @ManyToOne(() => Account, { primary: true, index: true, deleteRule: 'cascade' })
  customer: Account;

  @Property({ type: 'integer', default: 1 })
  allowed: number = 1;

  @Property({ type: 'integer', default: 0 })
  used: number = 0;

  /** Friends credited to this customer. */
  @Property({ type: 'integer', default: 0 })
  invites: number = 0;

  @ManyToOne(() => Account, { nullable: true, index: true, deleteRule: 'set null' })
  invitedBy: Account | null = null;

  /** The consolation coupon (a Coupon id), given at the draw to a customer who won nothing. */
  @Property({ type: 'uuid', nullable: true })
  consolationCouponId: string | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

/**
 * One entry. At the draw every entry gets its ticket, fairInteger(seed, entry id, 2^48); entries
 * are ranked by (ticket, id) and the tiers filled in rank order, one prize per customer.
 */
@Entity({ tableName: 'lottery_entry' })
@Unique({ name: 'lottery_entry_number', properties: ['campaign', 'customer', 'number'] })
@Index({ name: 'lottery_entry_campaign_created', properties: ['campaign', 'createdAt', 'id'] })
@Index({ name: 'lottery_entry_customer_created', properties: ['customer', 'createdAt', 'id'] })
@Check({ name: 'lottery_entry_number_positive', expression: 'number >= 1' })
export class LotteryEntry {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  /** Covered by lottery_entry_number, whose first column it is. */
  @ManyToOne(() => LotteryCampaign, { deleteRule: 'cascade' })
  campaign: LotteryCampaign;

  /** Covered by lottery_entry_customer_created, whose first column it is. */
  @ManyToOne(() => Account, { deleteRule: 'cascade' })
  customer: Account;

  /** The customer's 1st, 2nd… entry in this campaign. */
  @Property({ type: 'integer' })
  number: number;

  /** Set at the draw. */
  @Property({ type: 'bigint', nullable: true })
  ticket: string | null = null;

  @ManyToOne(() => LotteryPrize, { nullable: true, index: true, deleteRule: 'restrict' })
  prize: LotteryPrize | null = null;

  /** The coupon won (a Coupon id). */
  @Property({ type: 'uuid', nullable: true })
  couponId: string | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

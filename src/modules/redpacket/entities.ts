import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { uuidv7 } from '../../lib/ids';
import type { Fen } from '../../lib/money';
import { Account } from '../accounts/entities';

export enum RedPacketCampaignStatus {
  ACTIVE = 'active',
  ENDED = 'ended',
}

/**
 * A red-packet split campaign (瓜分红包 / 天天拆红包): a customer opens a packet of `totalAmount`
 * to be split into `shares` among the opener and `shares - 1` friends who join within
 * `timeLimitSeconds`; each share is paid as a no-threshold coupon of its amount from
 * `shareTemplateId`. The split is drawn from the campaign's secret seed (lib/fair-draw.ts): its
 * commitment is published from the start, the seed itself once the campaign is over.
 */
@Entity({ tableName: 'red_packet_campaign' })
@Check({ name: 'red_packet_campaign_split', expression: 'shares >= 2 and shares <= 100 and minimum_share >= 1 and total_amount >= shares * minimum_share' })
@Check({ name: 'red_packet_campaign_limits', expression: 'time_limit_seconds >= 60 and opens_per_customer >= 1 and joins_per_customer >= 1' })
@Check({ name: 'red_packet_campaign_window', expression: 'ends_at > starts_at' })
@Index({ name: 'red_packet_campaign_created', properties: ['createdAt', 'id'] })
export class RedPacketCampaign {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'text' })
  name: string;

  @Property({ type: 'integer' })
  totalAmount: Fen;

  @Property({ type: 'integer' })
  shares: number;

  @Property({ type: 'integer' })
  minimumShare: Fen;

  @Property({ type: 'integer' })
  timeLimitSeconds: number;

  /** Packets one customer may open in this campaign. */
  @Property({ type: 'integer', default: 1 })
  opensPerCustomer: number = 1;

  /** Friends' packets one customer may join in this campaign. */
  @Property({ type: 'integer', default: 1 })
  joinsPerCustomer: number = 1;

  /** The coupon template each share is issued from (AMOUNT_OFF, threshold 0), with the share's amount. A coupons-module id. */
  @Property({ type: 'uuid' })
  shareTemplateId: string;

  /** The coupon the opener of a packet that expires unfinished gets; null: none. A coupons-module id. */
  @Property({ type: 'uuid', nullable: true })
  consolationTemplateId: string | null = null;

  /** The storefront apps it runs on; empty: every app (whose sharing games are on). */
  @Property({ type: 'uuid[]', default: '{}' })
  storefrontAppIds: string[] = [];

  @Property({ type: 'timestamptz' })
  startsAt: Date;

  @Property({ type: 'timestamptz' })
  endsAt: Date;

  @Enum({ items: () => RedPacketCampaignStatus, nativeEnumName: 'red_packet_campaign_status', default: RedPacketCampaignStatus.ACTIVE })
  status: RedPacketCampaignStatus = RedPacketCampaignStatus.ACTIVE;

  /** The secret seed every split of the campaign is drawn from; revealed once the campaign is over. */
  @Property({ type: 'text' })
  seed: string;

  /** SHA-256 of the seed, published from the start. */
  @Property({ type: 'text' })
  seedCommitment: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

export enum RedPacketStatus {
  /** Friends can join until the time runs out. */
  OPEN = 'open',
  /** Its last share was taken: split and paid out. */
  COMPLETED = 'completed',
  /** The time ran out unfinished. */
  EXPIRED = 'expired',
}

/**
 * A packet opened by a customer. `joins_count` counts its members, the opener included (its first);
 * every join is a conditional update of it below `shares` (the check holds it too), so a packet
 * never has more members than shares, whatever the concurrency.
 */
@Entity({ tableName: 'red_packet' })
@Check({ name: 'red_packet_joins_within', expression: 'joins_count >= 1 and joins_count <= shares' })
@Check({
  name: 'red_packet_completed_full',
  expression: `(status = 'completed') = (completed_at is not null) and (status <> 'completed' or joins_count = shares)`,
})
@Index({ name: 'red_packet_opener_created', properties: ['opener', 'createdAt', 'id'] })
@Index({ name: 'red_packet_by_campaign', properties: ['campaign', 'createdAt', 'id'] })
@Index({
  name: 'red_packet_open_by_campaign',
  expression: `create index "red_packet_open_by_campaign" on "red_packet" ("campaign_id") where "status" = 'open'`,
})
@Index({ name: 'red_packet_due', expression: `create index "red_packet_due" on "red_packet" ("expires_at") where "status" = 'open'` })
export class RedPacket {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** Covered by red_packet_by_campaign, whose first column it is. */
  @ManyToOne(() => RedPacketCampaign, { deleteRule: 'restrict' })
  campaign: RedPacketCampaign;

  /** Covered by red_packet_opener_created, whose first column it is. */
  @ManyToOne(() => Account, { deleteRule: 'restrict' })
  opener: Account;

  /** What friends open to join (a link). */
  @Property({ type: 'text', unique: true })
  shareToken: string;

  /** The storefront app it was opened through. A storefronts-module id. */
  @Property({ type: 'uuid' })
  storefrontAppId: string;

  @Property({ type: 'integer' })
  totalAmount: Fen;

  @Property({ type: 'integer' })
  shares: number;

  @Property({ type: 'integer' })
  minimumShare: Fen;

  @Property({ type: 'integer', default: 1 })
  joinsCount: number = 1;

  @Enum({ items: () => RedPacketStatus, nativeEnumName: 'red_packet_status', default: RedPacketStatus.OPEN })
  status: RedPacketStatus = RedPacketStatus.OPEN;

  @Property({ type: 'timestamptz' })
  expiresAt: Date;

  @Property({ type: 'timestamptz', nullable: true })
  completedAt: Date | null = null;

  /** The consolation coupon its opener got when it expired; null: none. A coupons-module id. */
  @Property({ type: 'uuid', nullable: true })
  consolationCouponId: string | null = null;

  /** What that consolation coupon takes off (fen), for the campaign's coupon cost. */
  @Property({ type: 'integer', nullable: true })
  consolationAmount: Fen | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

/**
 * A member of a packet: its opener (position 0) or a friend who joined (positions in join order).
 * Once per packet and customer, once per position; the share and its coupon are set when the packet completes.
 */
@Entity({ tableName: 'red_packet_member' })
@Unique({ name: 'red_packet_member_once', properties: ['packet', 'customer'] })
@Unique({ name: 'red_packet_member_position', properties: ['packet', 'position'] })
@Check({ name: 'red_packet_member_share', expression: 'position >= 0 and (share_amount is null or share_amount >= 1)' })
export class RedPacketMember {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** Covered by red_packet_member_once, whose first column it is. */
  @ManyToOne(() => RedPacket, { deleteRule: 'cascade' })
  packet: RedPacket;

  @ManyToOne(() => Account, { index: true, deleteRule: 'restrict' })
  customer: Account;

  @Property({ type: 'integer' })
  position: number;

  @Property({ type: 'integer', nullable: true })
  shareAmount: Fen | null = null;

  /** The coupon paying the share. A coupons-module id. */
  @Property({ type: 'uuid', nullable: true })
  couponId: string | null = null;

  @Property({ type: 'timestamptz' })
  joinedAt: Date = new Date();
}

/** Packets a customer opened and joined in a campaign: conditional upserts below the campaign's limits. */
@Entity({ tableName: 'red_packet_usage' })
@Check({ name: 'red_packet_usage_non_negative', expression: 'opened >= 0 and joined >= 0' })
export class RedPacketUsage {
  @ManyToOne(() => RedPacketCampaign, { primary: true, deleteRule: 'cascade' })
  campaign: RedPacketCampaign;

  @ManyToOne(() => Account, { primary: true, index: true, deleteRule: 'cascade' })
  customer: Account;

  @Property({ type: 'integer', default: 0 })
  opened: number = 0;

  @Property({ type: 'integer', default: 0 })
  joined: number = 0;
}

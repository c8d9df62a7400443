import { toGlobalId } from '../../lib/ids';
import { money } from '../../lib/money';
import type { MemberRow, RedPacketCampaignRow, RedPacketResultsRow, RedPacketRow } from './reads';
import {
  RedPacketPrizeKind,
  type RedPacket,
  type RedPacketCampaign,
  type RedPacketCampaignResults,
  type RedPacketCampaignStatusEnum,
  type RedPacketMember,
  type RedPacketStatusEnum,
} from './types';

export function redPacketCampaignView(row: RedPacketCampaignRow): RedPacketCampaign & { dbId: string } {
  return {
    __typename: 'RedPacketCampaign',
    id: toGlobalId('RedPacketCampaign', row.id),
    dbId: row.id,
    name: row.name,
    totalAmount: money(row.total_amount),
    shares: row.shares,
    minimumShare: money(row.minimum_share),
    timeLimitSeconds: row.time_limit_seconds,
    opensPerCustomer: row.opens_per_customer,
    joinsPerCustomer: row.joins_per_customer,
    shareTemplateId: toGlobalId('CouponTemplate', row.share_template_id),
    consolationTemplateId: row.consolation_template_id ? toGlobalId('CouponTemplate', row.consolation_template_id) : null,
    storefrontAppIds: row.storefront_app_ids.map((id) => toGlobalId('StorefrontApp', id)),
    startsAt: new Date(row.starts_at),
    endsAt: new Date(row.ends_at),
    status: row.status.toUpperCase() as RedPacketCampaignStatusEnum,
    seedCommitment: row.seed_commitment,
    seed: row.revealed_seed,
  } as RedPacketCampaign & { dbId: string };
}

export function redPacketView(row: RedPacketRow): RedPacket & { dbId: string } {
  return {
    __typename: 'RedPacket',
    id: toGlobalId('RedPacket', row.id),
    dbId: row.id,
    shareToken: row.share_token,
    campaignId: toGlobalId('RedPacketCampaign', row.campaign_id),
    status: row.status.toUpperCase() as RedPacketStatusEnum,
    totalAmount: money(row.total_amount),
    shares: row.shares,
    minimumShare: money(row.minimum_share),
    joinsCount: row.joins_count,
    sharesLeft: row.shares - row.joins_count,
    secondsLeft: row.seconds_left,
    expiresAt: new Date(row.expires_at),
    completedAt: row.completed_at ? new Date(row.completed_at) : null,
    openerName: row.opener_name,
    consolationGiven: row.consolation_coupon_id != null,
  } as RedPacket & { dbId: string };
}

export function memberView(row: MemberRow): RedPacketMember {
  return { position: row.position, name: row.name, share: row.share_amount == null ? null : money(row.share_amount), joinedAt: new Date(row.joined_at) };
}

export function redPacketResultsView(r: RedPacketResultsRow): RedPacketCampaignResults {
  const decided = r.completed + r.expired;
  return {
    packetsOpened: r.opened,
    packetsOpen: r.open,
    packetsCompleted: r.completed,
    packetsExpired: r.expired,
    joins: r.joins,
    completionRate: decided === 0 ? 0 : Math.round((r.completed / decided) * 10_000) / 10_000,
    prizesByKind: [
      { kind: RedPacketPrizeKind.SHARE, count: r.shares_paid, cost: money(r.share_cost) },
      { kind: RedPacketPrizeKind.CONSOLATION, count: r.consolations, cost: money(r.consolation_cost) },
    ],
    couponCost: money(r.share_cost + r.consolation_cost),
  };
}

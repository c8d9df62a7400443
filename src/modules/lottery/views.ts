import { toGlobalId } from '../../lib/ids';
import { money } from '../../lib/money';
import type { LotteryCampaignRow, LotteryEntryRow, LotteryParticipationRow, LotteryPrizeRow, LotteryResultsRow } from './reads';
import type { LotteryCampaign, LotteryCampaignResults, LotteryCampaignStatusEnum, LotteryEntry, LotteryParticipation, LotteryPrize } from './types';

export type LotteryCampaignView = LotteryCampaign & { dbId: string };
export type LotteryEntryView = LotteryEntry & { dbId: string; customerDbId: string; couponDbId: string | null };

export function lotteryCampaignView(row: LotteryCampaignRow): LotteryCampaignView {
  return {
    __typename: 'LotteryCampaign',
    id: toGlobalId('LotteryCampaign', row.id),
    dbId: row.id,
    name: row.name,
    status: row.status.toUpperCase() as LotteryCampaignStatusEnum,
    startsAt: new Date(row.starts_at),
    deadline: new Date(row.deadline),
    entryCap: row.entry_cap,
    entryCount: row.entries,
    inviteEntriesCap: row.invite_entries_cap,
    consolationTemplateId: row.consolation_template_id ? toGlobalId('CouponTemplate', row.consolation_template_id) : null,
    storefrontAppIds: row.storefront_app_ids.map((id) => toGlobalId('StorefrontApp', id)),
    seedCommitment: row.seed_commitment,
    seed: row.revealed_seed,
    drawnAt: row.drawn_at ? new Date(row.drawn_at) : null,
  } as LotteryCampaignView;
}

export function lotteryPrizeView(row: LotteryPrizeRow): LotteryPrize {
  return { rank: row.rank, name: row.name, templateId: toGlobalId('CouponTemplate', row.template_id), winners: row.winners, won: row.won };
}

export function lotteryEntryView(row: LotteryEntryRow): LotteryEntryView {
  return {
    __typename: 'LotteryEntry',
    id: toGlobalId('LotteryEntry', row.id),
    dbId: row.id,
    entryId: row.id,
    campaignId: toGlobalId('LotteryCampaign', row.campaign_id),
    customerDbId: row.customer_id,
    couponDbId: row.coupon_id,
    number: row.number,
    entrant: row.entrant,
    ticket: row.ticket,
    won: row.prize_id !== null,
    prizeRank: row.prize_rank,
    createdAt: new Date(row.created_at),
  } as LotteryEntryView;
}

export function participationView(row: LotteryParticipationRow): LotteryParticipation {
  return {
    allowed: row.allowed,
    used: row.used,
    left: Math.max(0, row.allowed - row.used),
    invites: row.invites,
    consolationCouponId: row.consolation_coupon_id ? toGlobalId('Coupon', row.consolation_coupon_id) : null,
  };
}

const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);

export function lotteryResultsView(row: LotteryResultsRow, entryCap: number | null): LotteryCampaignResults {
  const issued = row.prizes.issued + row.consolation.issued;
  const used = row.prizes.used + row.consolation.used;
  return {
    entries: row.entries,
    entrants: row.entrants,
    invitedEntrants: row.invited,
    fillRate: entryCap ? row.entries / entryCap : null,
    winners: row.winners,
    prizeCouponsIssued: row.prizes.issued,
    consolationCouponsIssued: row.consolation.issued,
    couponsUsed: used,
    couponUseRate: rate(used, issued),
    couponCost: money(row.prizes.faceValue + row.consolation.faceValue),
  };
}

import { toGlobalId } from '../../lib/ids';
import { money } from '../../lib/money';
import type { WheelCampaignRow, WheelChancesRow, WheelDrawRow, WheelPrizeRow, WheelResultsRow } from './reads';
import type { WheelCampaign, WheelCampaignResults, WheelCampaignStatusEnum, WheelChances, WheelDraw, WheelPrize } from './types';

export type WheelCampaignView = WheelCampaign & { dbId: string };
export type WheelDrawView = WheelDraw & { dbId: string; customerDbId: string; campaignDbId: string; couponDbId: string | null };

export function wheelCampaignView(row: WheelCampaignRow): WheelCampaignView {
  return {
    __typename: 'WheelCampaign',
    id: toGlobalId('WheelCampaign', row.id),
    dbId: row.id,
    name: row.name,
    // Stored as running; shown as ACTIVE, as every other campaign's.
    status: (row.status === 'running' ? 'ACTIVE' : row.status.toUpperCase()) as WheelCampaignStatusEnum,
    startsAt: new Date(row.starts_at),
    endsAt: new Date(row.ends_at),
    storefrontAppIds: row.storefront_app_ids.map((id) => toGlobalId('StorefrontApp', id)),
    dailyChances: row.daily_chances,
    signInChances: row.sign_in_chances,
    orderChancesPerDay: row.order_chances_per_day,
    shareChancesPerDay: row.share_chances_per_day,
    seedCommitment: row.seed_commitment,
    seed: row.revealed_seed,
    revealedAt: row.revealed_at ? new Date(row.revealed_at) : null,
  } as WheelCampaignView;
}

export function wheelPrizeView(row: WheelPrizeRow): WheelPrize {
  return {
    slot: row.slot,
    name: row.name,
    templateId: row.template_id ? toGlobalId('CouponTemplate', row.template_id) : null,
    weight: row.weight,
    stock: row.stock,
    remaining: row.stock === null ? null : row.stock - row.awarded,
  };
}

export function wheelDrawView(row: WheelDrawRow): WheelDrawView {
  return {
    __typename: 'WheelDraw',
    id: toGlobalId('WheelDraw', row.id),
    dbId: row.id,
    drawId: row.id,
    campaignId: toGlobalId('WheelCampaign', row.campaign_id),
    campaignDbId: row.campaign_id,
    customerDbId: row.customer_id,
    couponDbId: row.coupon_id,
    slotDrawn: row.slot_drawn,
    slotAwarded: row.slot_awarded,
    won: row.slot_awarded > 0,
    createdAt: new Date(row.created_at),
  } as WheelDrawView;
}

export function wheelChancesView(row: WheelChancesRow): WheelChances {
  return {
    day: row.day,
    allowed: row.allowed,
    used: row.used,
    left: Math.max(0, row.allowed - row.used),
    fromSignIn: row.from_sign_in,
    fromOrders: row.from_orders,
    fromShares: row.from_shares,
  };
}

const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);

export function wheelResultsView(row: WheelResultsRow): WheelCampaignResults {
  return {
    draws: row.draws,
    players: row.players,
    prizesWon: row.won,
    prizes: row.prizes,
    chancesAllowed: row.chances_allowed,
    chancesUsed: row.chances_used,
    chanceUseRate: rate(row.chances_used, row.chances_allowed),
    couponsIssued: row.coupons.issued,
    couponsUsed: row.coupons.used,
    couponUseRate: rate(row.coupons.used, row.coupons.issued),
    couponCost: money(row.coupons.faceValue),
  };
}

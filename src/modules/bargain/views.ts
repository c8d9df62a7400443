import { toGlobalId } from '../../lib/ids';
import { money } from '../../lib/money';
import type { BargainCampaignRow, BargainResultsRow, BargainRow, CutRow } from './reads';
import type { Bargain, BargainCampaign, BargainCampaignResults, BargainCampaignStatusEnum, BargainCut, BargainStatusEnum } from './types';

export function bargainCampaignView(row: BargainCampaignRow): BargainCampaign & { dbId: string } {
  return {
    __typename: 'BargainCampaign',
    id: toGlobalId('BargainCampaign', row.id),
    dbId: row.id,
    skuId: toGlobalId('Sku', row.sku_id),
    name: row.name,
    startPrice: money(row.start_price),
    floorPrice: money(row.floor_price),
    helpersNeeded: row.helpers_needed,
    timeLimitSeconds: row.time_limit_seconds,
    stock: row.stock,
    perCustomerLimit: row.per_customer_limit,
    buyAtFloorOnly: row.buy_at_floor_only,
    newHelperBoostPercent: row.new_helper_boost_percent,
    startsAt: new Date(row.starts_at),
    endsAt: new Date(row.ends_at),
    status: row.status.toUpperCase() as BargainCampaignStatusEnum,
  } as BargainCampaign & { dbId: string };
}

export function bargainView(row: BargainRow): Bargain & { dbId: string } {
  return {
    __typename: 'Bargain',
    id: toGlobalId('Bargain', row.id),
    dbId: row.id,
    shareToken: row.share_token,
    campaignId: toGlobalId('BargainCampaign', row.campaign_id),
    status: row.status.toUpperCase() as BargainStatusEnum,
    startPrice: money(row.start_price),
    floorPrice: money(row.floor_price),
    currentPrice: money(row.current_price),
    cutTotal: money(row.cut_total),
    helpersNeeded: row.helpers_needed,
    helpersCount: row.helpers_count,
    secondsLeft: row.seconds_left,
    expiresAt: new Date(row.expires_at),
    starterName: row.starter_name,
    starterDbId: row.starter_id,
    orderDbId: row.order_id,
  } as Bargain & { dbId: string };
}

export function cutView(row: CutRow): BargainCut {
  return { helperName: row.helper_name, amount: money(row.amount), boosted: row.boosted, createdAt: new Date(row.created_at) };
}

export function bargainResultsView(row: BargainResultsRow): BargainCampaignResults {
  return { started: row.started, active: row.active, floorReached: row.floor_reached, purchased: row.purchased, expired: row.expired };
}

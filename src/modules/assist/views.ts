import { toGlobalId } from '../../lib/ids';
import { money } from '../../lib/money';
import type { AssistCampaignRow, AssistLinkRow, AssistResultsRow, AssistRow } from './reads';
import type { AssistCampaign, AssistCampaignResults, AssistCampaignStatusEnum, AssistLink, AssistLinkStatusEnum, FriendAssist } from './types';

export function assistCampaignView(row: AssistCampaignRow): AssistCampaign & { dbId: string } {
  return {
    __typename: 'AssistCampaign',
    id: toGlobalId('AssistCampaign', row.id),
    dbId: row.id,
    productId: toGlobalId('Product', row.product_id),
    name: row.name,
    helpersNeeded: row.helpers_needed,
    timeLimitSeconds: row.time_limit_seconds,
    newCustomersOnly: row.new_customers_only,
    linksPerCustomer: row.links_per_customer,
    storefrontAppIds: row.storefront_app_ids.map((id) => toGlobalId('StorefrontApp', id)),
    startsAt: new Date(row.starts_at),
    endsAt: new Date(row.ends_at),
    status: row.status.toUpperCase() as AssistCampaignStatusEnum,
  } as AssistCampaign & { dbId: string };
}

export function assistLinkView(row: AssistLinkRow): AssistLink & { dbId: string } {
  return {
    __typename: 'AssistLink',
    id: toGlobalId('AssistLink', row.id),
    dbId: row.id,
    shareToken: row.share_token,
    campaignId: toGlobalId('AssistCampaign', row.campaign_id),
    status: row.status.toUpperCase() as AssistLinkStatusEnum,
    helpersNeeded: row.helpers_needed,
    assistsCount: row.assists_count,
    secondsLeft: row.seconds_left,
    expiresAt: new Date(row.expires_at),
    completedAt: row.completed_at ? new Date(row.completed_at) : null,
    refunded: row.refund_amount == null ? null : money(row.refund_amount),
    buyerName: row.buyer_name,
    buyerDbId: row.buyer_id,
    orderDbId: row.order_id,
  } as AssistLink & { dbId: string };
}

export function friendAssistView(row: AssistRow): FriendAssist {
  return { name: row.name, createdAt: new Date(row.created_at) };
}

export function assistResultsView(r: AssistResultsRow): AssistCampaignResults {
  const decided = r.completed + r.expired;
  return {
    linksCreated: r.created,
    linksOpen: r.open,
    linksCompleted: r.completed,
    linksExpired: r.expired,
    linksEnded: r.ended,
    assists: r.assists,
    completionRate: decided === 0 ? 0 : Math.round((r.completed / decided) * 10_000) / 10_000,
    refundsGiven: r.refunded,
    refundedAmount: money(r.refunded_amount),
  };
}

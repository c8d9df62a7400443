import { toGlobalId } from '../../lib/ids';
import { money } from '../../lib/money';
import type { CampaignResultsRow, CampaignRow, CampaignSkuRow, MembershipRow, SessionRow } from './reads';
import type { SessionProgressMessage } from './notify';
import type {
  GroupBuyCampaign,
  GroupBuyCampaignResults,
  GroupBuyCampaignSku,
  GroupBuyCampaignStatus,
  GroupBuyMembership,
  GroupBuyMemberStatus,
  GroupBuySession,
  GroupBuySessionEvent,
  GroupBuySessionProgress,
  GroupBuySessionStatus,
} from './types';

export function campaignView(row: CampaignRow): GroupBuyCampaign & { dbId: string; leaderDiscountFen: number } {
  const now = Date.now();
  return {
    __typename: 'GroupBuyCampaign',
    id: toGlobalId('GroupBuyCampaign', row.id),
    dbId: row.id,
    productId: toGlobalId('Product', row.product_id),
    name: row.name,
    size: row.size,
    sessionSeconds: row.session_seconds,
    startsAt: new Date(row.starts_at),
    endsAt: new Date(row.ends_at),
    perCustomerLimit: row.per_customer_limit,
    maxQuantity: row.max_quantity,
    newCustomersOnly: row.new_customers_only,
    leaderDiscount: money(row.leader_discount),
    leaderDiscountFen: row.leader_discount,
    autoFillPercent: row.auto_fill_percent,
    status: row.status.toUpperCase() as GroupBuyCampaignStatus,
    running: row.status === 'active' && new Date(row.starts_at).getTime() <= now && new Date(row.ends_at).getTime() > now,
    createdAt: new Date(row.created_at),
  } as GroupBuyCampaign & { dbId: string; leaderDiscountFen: number };
}

export function campaignSkuView(row: CampaignSkuRow, leaderDiscount: number): GroupBuyCampaignSku {
  return { skuId: toGlobalId('Sku', row.sku_id), groupPrice: money(row.group_price), leaderPrice: money(row.group_price - leaderDiscount) };
}

export function sessionView(row: SessionRow): GroupBuySession {
  return {
    __typename: 'GroupBuySession',
    id: toGlobalId('GroupBuySession', row.id),
    shareToken: row.share_token,
    campaignId: toGlobalId('GroupBuyCampaign', row.campaign_id),
    productId: toGlobalId('Product', row.product_id),
    status: row.status.toUpperCase() as GroupBuySessionStatus,
    size: row.size,
    joined: row.paid,
    remaining: row.size - row.paid,
    seatsFree: row.status === 'open' ? row.size - row.reserved : 0,
    secondsLeft: row.seconds_left,
    expiresAt: new Date(row.expires_at),
    openedAt: new Date(row.opened_at),
    closedAt: row.closed_at ? new Date(row.closed_at) : null,
    leader: { displayName: row.leader_name, avatarUrl: null },
  } as GroupBuySession;
}

export function membershipView(row: MembershipRow): GroupBuyMembership {
  return {
    __typename: 'GroupBuyMembership',
    id: toGlobalId('GroupBuyMembership', row.member_id),
    status: row.member_status.toUpperCase() as GroupBuyMemberStatus,
    isLeader: row.is_leader,
    orderId: toGlobalId('Order', row.order_id),
    joinedAt: new Date(row.joined_at),
    session: sessionView(row),
  } as GroupBuyMembership;
}

export function resultsView(row: CampaignResultsRow): GroupBuyCampaignResults {
  return {
    sessions: row.sessions,
    open: row.open,
    succeeded: row.succeeded,
    failed: row.failed,
    paidMembers: row.paid_members,
    refundedMembers: row.refunded_members,
    refundDueMembers: row.refund_due_members,
  };
}

export function progressView(message: SessionProgressMessage): GroupBuySessionProgress {
  return {
    event: message.event as GroupBuySessionEvent,
    shareToken: message.shareToken,
    status: message.status as GroupBuySessionStatus,
    joined: message.joined,
    size: message.size,
    remaining: message.size - message.joined,
    expiresAt: new Date(message.expiresAt),
  };
}

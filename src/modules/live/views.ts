import { toGlobalId } from '../../lib/ids';
import { money } from '../../lib/money';
import { LiveItemStatus } from './entities';
import type { LiveEventMessage } from './events';
import type { ItemRow, SessionRow } from './reads';
import type { LiveEventKind, LiveItem, LiveItemStatusType, LiveSession, LiveSessionEvent, LiveSessionStatusType } from './types';

/** A session as the schema shows it; `dbId` and `pinnedItemDbId` ride along for its field resolvers. */
export type LiveSessionView = LiveSession & { __typename: 'LiveSession'; dbId: string; pinnedItemDbId: string | null; status: LiveSessionStatusType };
export type LiveItemView = LiveItem & { __typename: 'LiveItem'; dbId: string; skuDbId: string; productDbId: string };

const upper = <T>(value: string): T => value.toUpperCase() as T;

export function sessionView(row: SessionRow): LiveSessionView {
  return {
    __typename: 'LiveSession',
    id: toGlobalId('LiveSession', row.id),
    dbId: row.id,
    host: { accountId: toGlobalId('Account', row.host_id), displayName: row.host_name },
    title: row.title,
    coverUrl: row.cover_url,
    scheduledStartAt: new Date(row.scheduled_start_at),
    streamUrl: row.stream_url,
    replayUrl: row.replay_url,
    status: upper<LiveSessionStatusType>(row.status),
    storefrontAppIds: row.app_ids.map((id) => toGlobalId('StorefrontApp', id)),
    viewers: row.viewers,
    peakViewers: row.peak_viewers,
    lastSeq: Number(row.last_seq ?? 0),
    createdAt: new Date(row.created_at),
    startedAt: row.started_at ? new Date(row.started_at) : null,
    endedAt: row.ended_at ? new Date(row.ended_at) : null,
    paymentWindowMinutes: row.payment_window_minutes,
    pinnedItemDbId: row.pinned_item_id,
  };
}

export function itemView(row: ItemRow, pinnedItemId: string | null): LiveItemView {
  return {
    __typename: 'LiveItem',
    id: toGlobalId('LiveItem', row.id),
    dbId: row.id,
    skuDbId: row.sku_id,
    productDbId: row.product_id,
    sessionId: toGlobalId('LiveSession', row.session_id),
    skuId: toGlobalId('Sku', row.sku_id),
    productId: toGlobalId('Product', row.product_id),
    livePrice: money(Number(row.live_price)),
    stockLeft: row.quota_left,
    sold: row.sold,
    perCustomerLimit: row.per_customer_limit,
    position: row.position,
    status: upper<LiveItemStatusType>(row.status),
    pinned: pinnedItemId === row.id && row.status === LiveItemStatus.ON_SALE,
  };
}

export function eventView(message: LiveEventMessage): LiveSessionEvent {
  const d = message.data;
  const has = (key: keyof typeof d) => Object.prototype.hasOwnProperty.call(d, key);
  return {
    sessionId: toGlobalId('LiveSession', message.sessionId),
    seq: message.seq,
    type: upper<LiveEventKind>(message.type),
    at: new Date(message.at),
    status: d.status ? upper<LiveSessionStatusType>(d.status) : null,
    title: d.title ?? null,
    coverUrl: d.coverUrl ?? null,
    streamUrl: d.streamUrl ?? null,
    replayUrl: d.replayUrl ?? null,
    itemId: d.itemId ? toGlobalId('LiveItem', d.itemId) : null,
    skuId: d.skuId ? toGlobalId('Sku', d.skuId) : null,
    livePrice: has('livePrice') ? money(d.livePrice!) : null,
    stockLeft: d.stockLeft ?? null,
    sold: d.sold ?? null,
    position: d.position ?? null,
    onSale: d.onSale ?? null,
    perCustomerLimit: d.perCustomerLimit ?? null,
    viewers: d.viewers ?? null,
    peakViewers: d.peakViewers ?? null,
  };
}

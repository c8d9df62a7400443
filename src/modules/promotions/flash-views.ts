import { toGlobalId } from '../../lib/ids';
import { money } from '../../lib/money';
import { formatTime } from './flash-admin';
import type { FlashSaleType, FlashSlotType } from './flash-types';
import type { FlashSaleRow, SlotRow } from './reads';

export function slotView(row: SlotRow): FlashSlotType {
  return {
    __typename: 'FlashSlot',
    id: toGlobalId('FlashSlot', row.id),
    name: row.name,
    startTime: formatTime(row.start_minute),
    endTime: formatTime(row.end_minute),
  } as FlashSlotType;
}

export function flashSaleView(row: FlashSaleRow): FlashSaleType {
  return {
    __typename: 'FlashSale',
    id: toGlobalId('FlashSale', row.id),
    dbId: row.id,
    slotDbId: row.slot_id,
    skuDbId: row.sku_id,
    flashPrice: money(row.flash_price),
    flashStock: row.flash_stock,
    sold: row.sold,
    sales: money(row.sold * row.flash_price),
    perCustomerLimit: row.per_customer_limit,
    startsAt: new Date(row.starts_at),
    endsAt: new Date(row.ends_at),
    endedAt: row.ended_at == null ? null : new Date(row.ended_at),
    isLive: row.live,
  } as FlashSaleType;
}

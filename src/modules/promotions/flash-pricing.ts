import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { OrderErrorCode } from '../orders/errors';
import type { ActivityPrice, PriceBreakdown } from '../orders/pricing/pipeline';
import { localParts } from '../coupons/local-time';
import { operatorTimeZone } from '../coupons/settings';

/** Minutes after local midnight in the operator's time zone: where "now" falls in the daily slots. */
export function minuteOfDay(at: Date, timeZone: string): number {
  const [hours, minutes] = localParts(at, timeZone).time.split(':').map(Number);
  return hours * 60 + minutes;
}

export interface LiveFlashSale {
  id: string;
  sku_id: string;
  flash_price: number;
  flash_stock: number;
  per_customer_limit: number;
}

/** The flash sales live now for these SKUs: running, inside their days, and inside their slot of the day. */
export async function liveFlashSales(em: EntityManager, skuIds: string[], now = new Date()): Promise<Map<string, LiveFlashSale>> {
  if (skuIds.length === 0) return new Map();
  const minute = minuteOfDay(now, await operatorTimeZone(em));
  const rows = await em.getConnection().execute<LiveFlashSale[]>(
    `select f.id, f.sku_id, f.flash_price, f.flash_stock, f.per_customer_limit
       from flash_sale f join flash_slot s on s.id = f.slot_id
      where f.sku_id in (${skuIds.map(() => '?').join(', ')}) and f.ended_at is null and f.starts_at <= ? and f.ends_at > ?
        and s.start_minute <= ? and s.end_minute > ?`,
    [...skuIds, now, now, minute, minute],
    'all',
    em.getTransactionContext(),
  );
  return new Map(rows.map((r) => [r.sku_id, r]));
}

export function flashActivityPrices(live: Map<string, LiveFlashSale>): Map<string, ActivityPrice> {
  return new Map([...live].map(([skuId, sale]) => [skuId, { kind: 'FLASH_SALE' as const, campaignId: sale.id, unitPrice: sale.flash_price }]));
}

/**
 * Inside the checkout transaction: the flash stock of each flash-sale line, taken with conditional
 * updates — the buyer's count first (an upsert refused past the per-customer limit), then the
 * campaign's stock (refused below zero) — and recorded against the order so a cancellation gives
 * it back exactly once.
 */
export async function takeFlashStock(tx: EntityManager, breakdown: PriceBreakdown, orderId: string, accountId: string, limits: Map<string, number>): Promise<void> {
  const conn = tx.getConnection();
  const ctx = tx.getTransactionContext();
  const lines = breakdown.lines.filter((l) => l.activity?.kind === 'FLASH_SALE').sort((a, b) => a.activity!.campaignId.localeCompare(b.activity!.campaignId));
  for (const line of lines) {
    const saleId = line.activity!.campaignId;
    const limit = limits.get(saleId)!;
    const counted = line.quantity > limit ? [] : await conn.execute<{ bought: number }[]>(
      `insert into flash_sale_customer (flash_sale_id, account_id, bought) values (?, ?, ?)
       on conflict (flash_sale_id, account_id) do update set bought = flash_sale_customer.bought + excluded.bought where flash_sale_customer.bought + excluded.bought <= ?
       returning bought`,
      [saleId, accountId, line.quantity, limit],
      'all',
      ctx,
    );
    if (counted.length === 0) throw new DomainError(OrderErrorCode.FLASH_SALE_LIMIT_REACHED, `At most ${limit} per customer in this flash sale, orders not cancelled included`, ['input', 'lines']);
    const taken = await conn.execute<{ flash_stock: number }[]>(
      'update flash_sale set flash_stock = flash_stock - ?, sold = sold + ? where id = ? and flash_stock >= ? and ended_at is null returning flash_stock',
      [line.quantity, line.quantity, saleId, line.quantity],
      'all',
      ctx,
    );
    if (taken.length === 0) throw new DomainError(OrderErrorCode.FLASH_SALE_SOLD_OUT, 'This flash sale is sold out (or has fewer left than asked for)', ['input', 'lines']);
    await conn.execute(
      'insert into flash_sale_purchase (id, flash_sale_id, customer_id, order_id, quantity, created_at) values (gen_random_uuid(), ?, ?, ?, ?, now())',
      [saleId, accountId, orderId, line.quantity],
      'run',
      ctx,
    );
  }
}

/** The order was cancelled unpaid: its flash stock and the buyer's count go back, once. */
export async function giveBackFlashStock(em: EntityManager, orderId: string): Promise<number> {
  const [row] = await em.getConnection().execute<{ n: number }[]>(
    `with r as (update flash_sale_purchase set returned_at = now() where order_id = ? and returned_at is null returning flash_sale_id, customer_id, quantity),
          s as (update flash_sale f set flash_stock = f.flash_stock + r.quantity, sold = f.sold - r.quantity from r where f.id = r.flash_sale_id returning f.id),
          c as (update flash_sale_customer c set bought = c.bought - r.quantity from r where c.flash_sale_id = r.flash_sale_id and c.account_id = r.customer_id returning c.account_id)
     select (select count(*) from r)::int as n, (select count(*) from s)::int as s, (select count(*) from c)::int as c`,
    [orderId],
  );
  return row.n;
}

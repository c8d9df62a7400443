import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { OrderErrorCode } from '../orders/errors';
import type { ActivityPrice, PriceBreakdown } from '../../lib/pricing/step';
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

function refuseSoldOut(flash: Map<string, LiveFlashSale>, lines: readonly { skuId: string; quantity: number }[]): void {
  lines.forEach((line, i) => {
    const sale = flash.get(line.skuId);
    if (sale && sale.flash_stock < line.quantity) {
      throw new DomainError(
        OrderErrorCode.FLASH_SALE_SOLD_OUT,
        sale.flash_stock === 0 ? 'This flash sale is sold out' : `This flash sale has ${sale.flash_stock} left`,
        ['input', 'lines', String(i)],
      );
    }
  });
}

/**
 * A pricing loader (src/server/pricing.ts): the flash sales live on the lines' SKUs, as their
 * activity prices; a line the sale has too few left for is refused. `activitySkuIds`: the SKUs a
 * campaign the buyer chose prices (group-buy, bargain): its price beats a flash sale's, so their
 * flash sales are neither looked up nor able to refuse the checkout.
 */
export async function loadFlashSalePrices(
  em: EntityManager,
  request: { lines: readonly { skuId: string; quantity: number }[]; activitySkuIds?: ReadonlySet<string> },
): Promise<{ activityPrices: Map<string, ActivityPrice> }> {
  const flash = await liveFlashSales(
    em,
    request.lines.filter((l) => !request.activitySkuIds?.has(l.skuId)).map((l) => l.skuId),
  );
  refuseSoldOut(flash, request.lines);
  return { activityPrices: new Map([...flash].map(([skuId, sale]) => [skuId, { kind: 'FLASH_SALE', campaignId: sale.id, unitPrice: sale.flash_price }])) };
}

/**
 * An early refusal (src/server/pricing.ts), before the checkout transaction opens: a line in a
 * sold-out flash sale is refused at once, in one read. In a rush nearly every buyer ends here, so
 * they cost one statement instead of a whole checkout. The conditional decrement inside the
 * transaction stays the guard.
 */
export async function refuseSoldOutFlashSales(em: EntityManager, lines: readonly { skuId: string; quantity: number }[]): Promise<void> {
  refuseSoldOut(
    await liveFlashSales(
      em,
      lines.map((l) => l.skuId),
    ),
    lines,
  );
}

/**
 * A stock taker (src/server/pricing.ts), inside the checkout transaction, last before the SKU
 * stock: the flash stock of each flash-sale line, in one statement per line — the buyer's count
 * grows by an upsert refused past the per-customer limit, the campaign's stock falls by a
 * conditional decrement refused below zero (only if the count grew), and the purchase is recorded
 * against the order so a cancellation gives it back exactly once. One statement holds the
 * campaign's row lock for the fewest round trips before commit.
 */
export async function takeFlashStock(tx: EntityManager, breakdown: Pick<PriceBreakdown, 'lines'>, orderId: string, accountId: string): Promise<void> {
  const conn = tx.getConnection();
  const ctx = tx.getTransactionContext<Knex.Transaction>();
  const lines = breakdown.lines.filter((l) => l.activity?.kind === 'FLASH_SALE').sort((a, b) => a.activity!.campaignId.localeCompare(b.activity!.campaignId));
  for (const line of lines) {
    const saleId = line.activity!.campaignId;
    const [result] = await conn.execute<{ counted: number; taken: number; per_customer_limit: number }[]>(
      `with c as (
         insert into flash_sale_customer (flash_sale_id, account_id, bought)
         select id, ?, ? from flash_sale where id = ? and ? <= per_customer_limit
         on conflict (flash_sale_id, account_id) do update set bought = flash_sale_customer.bought + excluded.bought
           where flash_sale_customer.bought + excluded.bought <= (select per_customer_limit from flash_sale where id = excluded.flash_sale_id)
         returning 1),
       f as (
         update flash_sale set flash_stock = flash_stock - ?, sold = sold + ?
          where id = ? and flash_stock >= ? and ended_at is null and exists (select 1 from c)
         returning id),
       p as (
         insert into flash_sale_purchase (id, flash_sale_id, customer_id, order_id, quantity, created_at)
         select gen_random_uuid(), f.id, ?, ?, ?, now() from f
         returning 1)
       select (select count(*) from c)::int as counted, (select count(*) from p)::int as taken, (select per_customer_limit from flash_sale where id = ?) as per_customer_limit`,
      [accountId, line.quantity, saleId, line.quantity, line.quantity, line.quantity, saleId, line.quantity, accountId, orderId, line.quantity, saleId],
      'all',
      ctx,
    );
    if (result.counted === 0)
      throw new DomainError(
        OrderErrorCode.FLASH_SALE_LIMIT_REACHED,
        `At most ${result.per_customer_limit} per customer in this flash sale, orders not cancelled included`,
        ['input', 'lines'],
      );
    if (result.taken === 0)
      throw new DomainError(OrderErrorCode.FLASH_SALE_SOLD_OUT, 'This flash sale is sold out (or has fewer left than asked for)', ['input', 'lines']);
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

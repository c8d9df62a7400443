import { Lanes } from '../../lib/lanes';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { OrderErrorCode } from '../orders/errors';
import type { PricingLoader } from '../../lib/pricing/loaders';
import type { ActivityPrice, PriceBreakdown } from '../../lib/pricing/step';
import { q, sql, uuids, type StatementPart } from '../../lib/sql';
import { OPERATOR_TIME_ZONE } from '../coupons/queries';
import { flashGate, type LiveFlashSale } from './flash-gate';
import { localParts } from '../coupons/local-time';

/** Minutes after local midnight in the operator's time zone: where "now" falls in the daily slots. */
export function minuteOfDay(at: Date, timeZone: string): number {
  const [hours, minutes] = localParts(at, timeZone).time.split(':').map(Number);
  return hours * 60 + minutes;
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

/** The flash sales live now on these SKUs, as one JSON array of a composed statement: "now" and the minute of the day are the database's, in the operator's time zone. */
function liveFlashSalesQuery(skuIds: readonly string[]): StatementPart {
  const local = q`(now() at time zone ${OPERATOR_TIME_ZONE})`;
  return {
    result: q`(select coalesce(json_agg(x), '[]') from (
                 select f.id, f.sku_id, f.flash_price, f.flash_stock, f.per_customer_limit
                   from flash_sale f join flash_slot s on s.id = f.slot_id,
                        (select (extract(hour from ${local}) * 60 + extract(minute from ${local}))::int as minute) m
                  where f.sku_id = any(${uuids(skuIds)}) and f.ended_at is null and f.starts_at <= now() and f.ends_at > now()
                    and s.start_minute <= m.minute and s.end_minute > m.minute) x)`,
  };
}

/**
 * A pricing loader (src/server/pricing.ts): the flash sales live on the lines' SKUs, as their
 * activity prices; a line the sale has too few left for is refused. `activitySkuIds`: the SKUs a
 * campaign the buyer chose prices (group-buy, bargain): its price beats a flash sale's, so their
 * flash sales neither price nor refuse the checkout.
 */
export const flashSaleLoader: PricingLoader<FlashRequest, { activityPrices: Map<string, ActivityPrice> }> = {
  query: (request) => (request.lines.length === 0 ? null : liveFlashSalesQuery(request.lines.map((l) => l.skuId))),
  read(found, request) {
    const flash = new Map(((found ?? []) as LiveFlashSale[]).filter((f) => !request.activitySkuIds?.has(f.sku_id)).map((f) => [f.sku_id, f]));
    refuseSoldOut(flash, request.lines);
    return { activityPrices: new Map([...flash].map(([skuId, sale]) => [skuId, { kind: 'FLASH_SALE', campaignId: sale.id, unitPrice: sale.flash_price }])) };
  },
};

interface FlashRequest {
  lines: readonly { skuId: string; quantity: number }[];
  activitySkuIds?: ReadonlySet<string>;
}

/**
 * An early refusal (src/server/pricing.ts), before the checkout transaction opens: a line in a
 * sold-out flash sale is refused at once, through the process's fast gate (flash-gate.ts: one read
 * per SKU per 200 ms, shared by every buyer of the process). In a rush nearly every buyer ends
 * here, so they cost no statement at all instead of a whole checkout. The conditional decrement
 * inside the transaction stays the guard.
 */
export async function refuseSoldOutFlashSales(em: EntityManager, lines: readonly { skuId: string; quantity: number }[]): Promise<void> {
  const live = await flashGate.live(
    em,
    lines.map((l) => l.skuId),
    liveFlashSalesQuery,
  );
  refuseSoldOut(new Map([...live].flatMap(([skuId, sale]) => (sale ? [[skuId, sale] as const] : []))), lines);
}

/** Flash-sale checkouts of one SKU that run at once in one process (below the pool of 10 connections); the rest wait their turn in memory. */
export const FLASH_LANE_WIDTH = 8;
const flashLanes = new Lanes(FLASH_LANE_WIDTH);

/**
 * The checkout's turn (src/server/pricing.ts): a checkout with a line this process knows to be in a
 * live flash sale waits for a place in that SKU's lane (lib/lanes.ts) — in a rush, thousands of
 * buyers would otherwise each hold a pooled connection while queueing on the sale's row. When
 * its turn comes the checkout refuses early again (refuseSoldOutFlashSales), so once the sale is
 * sold out the waiting buyers are turned away from memory. The conditional decrement stays the guard.
 */
export function inFlashSaleTurn<T>(lines: readonly { skuId: string; quantity: number }[], work: () => Promise<T>): Promise<T> {
  const flash = flashGate.flashSkus(lines.map((l) => l.skuId));
  return flash.length === 0 ? work() : flashLanes.through(flash, work);
}

/**
 * A stock taker (src/server/pricing.ts): parts of the checkout's one write statement, taking the
 * flash stock of each flash-sale line — the buyer's count grows by an upsert refused past the
 * per-customer limit, the campaign's stock falls by a conditional decrement refused below zero
 * (only if the count grew), and the purchase is recorded against the order so a cancellation
 * gives it back exactly once.
 */
export function flashStockParts(breakdown: Pick<PriceBreakdown, 'lines'>, orderId: string, accountId: string): StatementPart[] {
  const lines = breakdown.lines.filter((l) => l.activity?.kind === 'FLASH_SALE').sort((a, b) => a.activity!.campaignId.localeCompare(b.activity!.campaignId));
  return lines.map((line, i) => {
    const saleId = line.activity!.campaignId;
    const [c, f, p] = [`flash${i}_counted`, `flash${i}_taken`, `flash${i}_bought`];
    return {
      with: [
        [
          c,
          q`insert into flash_sale_customer (flash_sale_id, account_id, bought)
            select id, ${accountId}, ${line.quantity} from flash_sale where id = ${saleId} and ${line.quantity} <= per_customer_limit
            on conflict (flash_sale_id, account_id) do update set bought = flash_sale_customer.bought + excluded.bought
              where flash_sale_customer.bought + excluded.bought <= (select per_customer_limit from flash_sale where id = excluded.flash_sale_id)
            returning 1`,
        ],
        [
          f,
          q`update flash_sale set flash_stock = flash_stock - ${line.quantity}, sold = sold + ${line.quantity}
             where id = ${saleId} and flash_stock >= ${line.quantity} and ended_at is null and exists (select 1 from ${sql(c)}) returning id`,
        ],
        [
          p,
          q`insert into flash_sale_purchase (id, flash_sale_id, customer_id, order_id, quantity, created_at)
            select uuid_v7(), id, ${accountId}, ${orderId}, ${line.quantity}, now() from ${sql(f)} returning 1`,
        ],
      ],
      result: q`json_build_object('counted', (select count(*) from ${sql(c)}), 'taken', (select count(*) from ${sql(p)}),
                                  'limit', (select per_customer_limit from flash_sale where id = ${saleId}))`,
      refusedWhen: sql(`not exists (select 1 from ${c}) or not exists (select 1 from ${p})`),
      check(result) {
        const r = result as { counted: number; taken: number; limit: number };
        if (r.counted === 0)
          throw new DomainError(OrderErrorCode.FLASH_SALE_LIMIT_REACHED, `At most ${r.limit} per customer in this flash sale, orders not cancelled included`, [
            'input',
            'lines',
          ]);
        if (r.taken === 0) {
          flashGate.soldOut(line.skuId);
          throw new DomainError(OrderErrorCode.FLASH_SALE_SOLD_OUT, 'This flash sale is sold out (or has fewer left than asked for)', ['input', 'lines']);
        }
      },
    } satisfies StatementPart;
  });
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
  if (row.n > 0) flashGate.forgetAll();
  return row.n;
}

import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import type { Fen } from '../../lib/money';
import type { PriceBreakdown } from '../../lib/pricing/step';
import { OrderErrorCode } from '../orders/errors';
import { ORDERS } from '../orders/queries';
import type { DiscountFacts, DiscountOffer } from './discount-step';
import type { FullReductionFacts, FullReductionOffer, FullReductionOutcome } from './full-reduction-step';

/**
 * A pricing loader (src/server/pricing.ts): the limited-time discounts live now on the lines' SKUs,
 * the live full-reduction campaigns, and — when this is the buyer's first order (no order that was
 * not cancelled, no new-customer price already taken) — the SKUs' new-customer prices.
 */
export async function loadPriceCampaigns(
  em: EntityManager,
  request: { accountId: string | null; lines: readonly { skuId: string }[] },
): Promise<Required<DiscountFacts & FullReductionFacts>> {
  const { accountId } = request;
  const skuIds = request.lines.map((l) => l.skuId);
  const conn = em.getConnection();
  const ctx = em.getTransactionContext<Knex.Transaction>();
  const skus = skuIds.map(() => '?').join(', ');
  const discounts =
    skuIds.length === 0
      ? []
      : await conn.execute<{ id: string; name: string; sku_id: string; percent_off_bp: number | null; amount_off: number | null }[]>(
          `select id, name, sku_id, percent_off_bp, amount_off from discount where sku_id in (${skus}) and ended_at is null and starts_at <= now() and ends_at > now()`,
          skuIds,
          'all',
          ctx,
        );
  const reductions = await conn.execute<{ id: string; name: string; basis: 'amount' | 'count'; tiers: FullReductionOffer['tiers'] }[]>(
    'select id, name, basis, tiers from full_reduction where ended_at is null and starts_at <= now() and ends_at > now() order by id',
    [],
    'all',
    ctx,
  );
  let newCustomerPrices = new Map<string, Fen>();
  if (accountId && skuIds.length > 0) {
    const prices = await conn.execute<{ sku_id: string; price: number }[]>(
      `select p.sku_id, p.price from new_customer_price p
        where p.sku_id in (${skus}) and p.ended_at is null
          and not exists (select 1 from ${ORDERS} o where o.customer_id = ? and o.status <> 'cancelled')
          and not exists (select 1 from new_customer_redemption r where r.account_id = ?)`,
      [...skuIds, accountId, accountId],
      'all',
      ctx,
    );
    newCustomerPrices = new Map(prices.map((p) => [p.sku_id, p.price]));
  }
  return {
    discounts: new Map(
      discounts.map((d) => [d.sku_id, { id: d.id, name: d.name, percentOffBp: d.percent_off_bp, amountOff: d.amount_off } satisfies DiscountOffer]),
    ),
    newCustomerPrices,
    fullReductions: reductions.map((r) => ({ id: r.id, name: r.name, basis: r.basis === 'amount' ? 'AMOUNT' : 'COUNT', tiers: r.tiers })),
  };
}

/**
 * A checkout commit (src/server/pricing.ts), inside the checkout transaction once the order
 * exists: an order with new-customer prices takes the buyer's one redemption (of two first orders
 * at once, one gets them), the lines at a discount or new-customer price are recorded as those
 * campaigns' results, and the full-reduction tier it got is recorded so its gift coupon can follow
 * the order.
 */
export async function recordPriceCampaigns(
  tx: EntityManager,
  breakdown: Pick<PriceBreakdown, 'lines' | 'adjustments'> & { fullReduction?: FullReductionOutcome },
  orderId: string,
  accountId: string,
): Promise<void> {
  const conn = tx.getConnection();
  const ctx = tx.getTransactionContext<Knex.Transaction>();
  if (breakdown.adjustments.some((a) => a.code === 'NEW_CUSTOMER_PRICE')) {
    const taken = await conn.execute<{ order_id: string }[]>(
      'insert into new_customer_redemption (account_id, order_id, created_at) values (?, ?, now()) on conflict do nothing returning order_id',
      [accountId, orderId],
      'all',
      ctx,
    );
    if (taken.length === 0)
      throw new DomainError(
        OrderErrorCode.NEW_CUSTOMER_PRICE_USED,
        'New-customer prices are for your first order only, and another order of yours already has them',
        ['input', 'lines'],
      );
  }
  // The lines at a discount or a new-customer price, against the campaign live on their SKU now (one per SKU), in one statement.
  const priced = breakdown.lines.flatMap((l) =>
    l.discounts.filter((d) => d.code === 'DISCOUNT' || d.code === 'NEW_CUSTOMER_PRICE').map((d) => ({ line: l, d })),
  );
  if (priced.length > 0) {
    const arr = (xs: (string | number)[]) => `{${xs.join(',')}}`;
    await conn.execute(
      `insert into price_campaign_order (order_id, sku_id, kind, campaign_id, quantity, amount_off, sales, created_at)
       select ?, x.sku_id, x.kind, c.id, x.quantity, x.amount_off, x.sales, now()
         from unnest(?::uuid[], ?::text[], ?::int[], ?::int[], ?::int[]) as x(sku_id, kind, quantity, amount_off, sales)
         join lateral (
           select d.id from discount d where x.kind = 'discount' and d.sku_id = x.sku_id and d.ended_at is null and d.starts_at <= now() and d.ends_at > now()
           union all
           select n.id from new_customer_price n where x.kind = 'new_customer_price' and n.sku_id = x.sku_id and n.ended_at is null
           limit 1) c on true`,
      [
        orderId,
        arr(priced.map((p) => p.line.skuId)),
        arr(priced.map((p) => p.d.code.toLowerCase())),
        arr(priced.map((p) => p.line.quantity)),
        arr(priced.map((p) => p.d.amount)),
        arr(priced.map((p) => p.line.subtotal - p.d.amount)),
      ],
      'run',
      ctx,
    );
  }
  const reduction = breakdown.fullReduction;
  if (reduction) {
    await conn.execute(
      'insert into full_reduction_order (order_id, full_reduction_id, amount_off, gift_template_id, created_at) values (?, ?, ?, ?, now())',
      [orderId, reduction.campaignId, reduction.amountOff, reduction.giftTemplateId],
      'run',
      ctx,
    );
  }
}

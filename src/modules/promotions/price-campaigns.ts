import { DomainError } from '../../lib/errors';
import type { PricingLoader } from '../../lib/pricing/loaders';
import type { PriceBreakdown } from '../../lib/pricing/step';
import { q, sql, uuids, type StatementPart } from '../../lib/sql';
import { OrderErrorCode } from '../orders/errors';
import { ORDERS } from '../orders/queries';
import type { DiscountFacts, DiscountOffer } from './discount-step';
import type { FullReductionFacts, FullReductionOffer, FullReductionOutcome } from './full-reduction-step';

interface FoundCampaigns {
  discounts: { id: string; name: string; sku_id: string; percent_off_bp: number | null; amount_off: number | null }[];
  reductions: { id: string; name: string; basis: 'amount' | 'count'; tiers: FullReductionOffer['tiers'] }[];
  new_customer_prices: { sku_id: string; price: number }[];
}

/**
 * A pricing loader (src/server/pricing.ts): the limited-time discounts live now on the lines' SKUs,
 * the live full-reduction campaigns, and — when this is the buyer's first order (no order that was
 * not cancelled, no new-customer price already taken) — the SKUs' new-customer prices.
 */
export const priceCampaignLoader: PricingLoader<
  { accountId: string | null; lines: readonly { skuId: string }[] },
  Required<DiscountFacts & FullReductionFacts>
> = {
  query({ accountId, lines }) {
    const skus = uuids(lines.map((l) => l.skuId));
    const newCustomer = accountId
      ? q`(select coalesce(json_agg(x), '[]') from (
             select p.sku_id, p.price from new_customer_price p
              where p.sku_id = any(${skus}) and p.ended_at is null
                and not exists (select 1 from ${sql(ORDERS)} o where o.customer_id = ${accountId} and o.status <> 'cancelled')
                and not exists (select 1 from new_customer_redemption r where r.account_id = ${accountId})) x)`
      : sql(`'[]'::json`);
    return {
      result: q`json_build_object(
        'discounts', (select coalesce(json_agg(x), '[]') from (
           select id, name, sku_id, percent_off_bp, amount_off from discount
            where sku_id = any(${skus}) and ended_at is null and starts_at <= now() and ends_at > now()) x),
        'reductions', (select coalesce(json_agg(x order by x.id), '[]') from (
           select id, name, basis, tiers from full_reduction where ended_at is null and starts_at <= now() and ends_at > now()) x),
        'new_customer_prices', ${newCustomer})`,
    };
  },
  read(found) {
    const { discounts, reductions, new_customer_prices: prices } = found as FoundCampaigns;
    return {
      discounts: new Map(
        discounts.map((d) => [d.sku_id, { id: d.id, name: d.name, percentOffBp: d.percent_off_bp, amountOff: d.amount_off } satisfies DiscountOffer]),
      ),
      newCustomerPrices: new Map(prices.map((p) => [p.sku_id, p.price])),
      fullReductions: reductions.map((r) => ({ id: r.id, name: r.name, basis: r.basis === 'amount' ? 'AMOUNT' : 'COUNT', tiers: r.tiers })),
    };
  },
};

/**
 * A checkout commit (src/server/pricing.ts): parts of the checkout's one write statement. An
 * order with new-customer prices takes the buyer's one redemption (of two first orders at once,
 * one gets them), the lines at a discount or new-customer price are recorded as those campaigns'
 * results, and the full-reduction tier it got is recorded so its gift coupon can follow the order.
 */
export function priceCampaignParts(
  breakdown: Pick<PriceBreakdown, 'lines' | 'adjustments'> & { fullReduction?: FullReductionOutcome },
  orderId: string,
  accountId: string,
): StatementPart[] {
  const parts: StatementPart[] = [];
  if (breakdown.adjustments.some((a) => a.code === 'NEW_CUSTOMER_PRICE')) {
    parts.push({
      with: [
        [
          'new_customer_taken',
          q`insert into new_customer_redemption (account_id, order_id, created_at) values (${accountId}, ${orderId}, now()) on conflict do nothing returning order_id`,
        ],
      ],
      result: sql('(select count(*) from new_customer_taken)'),
      refusedWhen: sql('not exists (select 1 from new_customer_taken)'),
      check(taken) {
        if (taken === 0)
          throw new DomainError(
            OrderErrorCode.NEW_CUSTOMER_PRICE_USED,
            'New-customer prices are for your first order only, and another order of yours already has them',
            ['input', 'lines'],
          );
      },
    });
  }
  // The lines at a discount or a new-customer price, against the campaign live on their SKU now (one per SKU).
  const priced = breakdown.lines.flatMap((l) =>
    l.discounts
      .filter((d) => d.code === 'DISCOUNT' || d.code === 'NEW_CUSTOMER_PRICE')
      .map((d) => ({ sku_id: l.skuId, kind: d.code.toLowerCase(), quantity: l.quantity, amount_off: d.amount, sales: l.subtotal - d.amount })),
  );
  if (priced.length > 0) {
    parts.push({
      with: [
        [
          'price_campaign_lines',
          q`insert into price_campaign_order (order_id, sku_id, kind, campaign_id, quantity, amount_off, sales, created_at)
            select ${orderId}, x.sku_id, x.kind, c.id, x.quantity, x.amount_off, x.sales, now()
              from json_to_recordset(${JSON.stringify(priced)}::json) as x(sku_id uuid, kind text, quantity int, amount_off int, sales int)
              join lateral (
                select d.id from discount d where x.kind = 'discount' and d.sku_id = x.sku_id and d.ended_at is null and d.starts_at <= now() and d.ends_at > now()
                union all
                select n.id from new_customer_price n where x.kind = 'new_customer_price' and n.sku_id = x.sku_id and n.ended_at is null
                limit 1) c on true
            returning 1`,
        ],
      ],
      result: sql('null'),
    });
  }
  const reduction = breakdown.fullReduction;
  if (reduction) {
    parts.push({
      with: [
        [
          'full_reduction_taken',
          q`insert into full_reduction_order (order_id, full_reduction_id, amount_off, gift_template_id, created_at)
            values (${orderId}, ${reduction.campaignId}, ${reduction.amountOff}, ${reduction.giftTemplateId}, now()) returning 1`,
        ],
      ],
      result: sql('null'),
    });
  }
  return parts;
}

import { formatFen, type Fen } from '../../lib/money';
import { spreadDiscount } from '../orders/pricing/spread';
import type { PricingStep } from '../orders/pricing/pipeline';

/** A limited-time discount live now on a SKU: percent (basis points) or an amount off each unit's retail price. */
export interface DiscountOffer {
  id: string;
  name: string;
  percentOffBp: number | null;
  amountOff: Fen | null;
}

/** A full-reduction campaign live now; its tiers by amount (fen) or by item count. */
export interface FullReductionOffer {
  id: string;
  name: string;
  basis: 'AMOUNT' | 'COUNT';
  tiers: { threshold: number; amountOff: Fen; freeShipping: boolean; giftTemplateId: string | null }[];
}

export interface FullReductionOutcome {
  campaignId: string;
  tierIndex: number;
  amountOff: Fen;
  freeShipping: boolean;
  giftTemplateId: string | null;
}

const yuan = (fen: Fen) => `¥${formatFen(fen)}`;

/**
 * Step 4: limited-time discounts (限时折扣) and the new-customer price (新人特价). Each is a price per
 * unit off the retail price; the buyer gets the lowest of it and the price the line already has
 * (member or shop price) — they never stack. Lines at a campaign's activity price are left alone.
 * What a line saves shows as its own adjustment, DISCOUNT or NEW_CUSTOMER_PRICE. The new-customer
 * price covers one unit of each SKU that has one, on the buyer's first order.
 */
export const discountStep: PricingStep = {
  name: 'discount',
  apply(state, ctx) {
    const totals = { DISCOUNT: 0, NEW_CUSTOMER_PRICE: 0 };
    state.lines.forEach((line, i) => {
      const input = ctx.lines[i];
      if (line.activity) return;
      const discount = ctx.discounts?.get(input.skuId);
      const perUnit = discount
        ? Math.max(0, discount.amountOff != null ? input.retailPrice - discount.amountOff : input.retailPrice - Math.floor((input.retailPrice * (discount.percentOffBp ?? 0)) / 10_000))
        : null;
      const newPrice = ctx.newCustomerPrices?.get(input.skuId) ?? null;
      const viaDiscount = perUnit != null && perUnit < line.unitPrice ? (line.unitPrice - perUnit) * line.quantity : 0;
      const viaNewPrice = newPrice != null && newPrice < line.unitPrice ? line.unitPrice - newPrice : 0;
      if (viaDiscount === 0 && viaNewPrice === 0) return;
      const [code, amount] = viaNewPrice > viaDiscount ? (['NEW_CUSTOMER_PRICE', viaNewPrice] as const) : (['DISCOUNT', viaDiscount] as const);
      const taken = Math.min(amount, line.total);
      line.discounts.push({ code, amount: taken });
      line.total -= taken;
      totals[code] += taken;
    });
    if (totals.DISCOUNT > 0) state.adjustments.push({ code: 'DISCOUNT', label: '限时折扣 Limited-time discount', amount: -totals.DISCOUNT });
    if (totals.NEW_CUSTOMER_PRICE > 0) state.adjustments.push({ code: 'NEW_CUSTOMER_PRICE', label: '新人特价 New-customer price', amount: -totals.NEW_CUSTOMER_PRICE });
  },
};

/**
 * Step 5: full reduction (满减 / 满送). Over the lines not at an activity price, by what they cost
 * after discounts or by how many items they hold, the highest tier reached of each live campaign
 * counts, and of those the one taking the most off applies: its amount off spread over those
 * lines, free shipping, and a gift coupon issued when the order is paid.
 */
export const fullReductionStep: PricingStep = {
  name: 'full-reduction',
  apply(state, ctx) {
    const campaigns = ctx.fullReductions ?? [];
    if (campaigns.length === 0) return;
    const eligible = state.lines.map((l) => !l.activity);
    const amount = state.lines.reduce((sum, l, i) => sum + (eligible[i] ? l.total : 0), 0);
    const count = state.lines.reduce((sum, l, i) => sum + (eligible[i] ? l.quantity : 0), 0);
    let best: (FullReductionOutcome & { label: string }) | null = null;
    for (const campaign of campaigns) {
      const basis = campaign.basis === 'AMOUNT' ? amount : count;
      let tierIndex = -1;
      campaign.tiers.forEach((tier, t) => {
        if (basis >= tier.threshold && (tierIndex < 0 || tier.threshold > campaign.tiers[tierIndex].threshold)) tierIndex = t;
      });
      if (tierIndex < 0) continue;
      const tier = campaign.tiers[tierIndex];
      const amountOff = Math.min(tier.amountOff, amount);
      const better = !best || amountOff > best.amountOff || (amountOff === best.amountOff && tier.freeShipping && !best.freeShipping);
      if (!better) continue;
      const reached = campaign.basis === 'AMOUNT' ? `满${yuan(tier.threshold)}` : `满${tier.threshold}件`;
      best = { campaignId: campaign.id, tierIndex, amountOff, freeShipping: tier.freeShipping, giftTemplateId: tier.giftTemplateId, label: `满减 Full reduction: ${campaign.name} (${reached})` };
    }
    if (!best) return;
    if (best.amountOff > 0) spreadDiscount(state, 'FULL_REDUCTION', best.label, best.amountOff, eligible);
    if (best.freeShipping) state.freeShipping = true;
    const { label: _label, ...outcome } = best;
    state.fullReduction = outcome;
  },
};

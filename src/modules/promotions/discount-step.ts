import type { Fen } from '../../lib/money';
import type { PricingStep } from '../../lib/pricing/step';

/** A limited-time discount live now on a SKU: percent (basis points) or an amount off each unit's retail price. */
export interface DiscountOffer {
  id: string;
  name: string;
  percentOffBp: number | null;
  amountOff: Fen | null;
}

/** What the discount step reads, loaded before pricing (price-campaigns.ts). */
export interface DiscountFacts {
  /** Limited-time discounts live now, by SKU id. */
  discounts?: ReadonlyMap<string, DiscountOffer>;
  /** New-customer prices by SKU id; given only for the buyer's first order. */
  newCustomerPrices?: ReadonlyMap<string, Fen>;
}

/**
 * Step 4 of PIPELINE: limited-time discounts (限时折扣) and the new-customer price (新人特价). Each is a
 * price per unit off the retail price; the buyer gets the lowest of it and the price the line
 * already has (member or shop price) — they never stack. Lines at a campaign's activity price are
 * left alone. What a line saves shows as its own adjustment, DISCOUNT or NEW_CUSTOMER_PRICE. The
 * new-customer price covers one unit of each SKU that has one, on the buyer's first order.
 */
export const discountStep: PricingStep<object, DiscountFacts> = {
  name: 'discount',
  apply(state, input) {
    const totals = { DISCOUNT: 0, NEW_CUSTOMER_PRICE: 0 };
    state.lines.forEach((line, i) => {
      const item = input.lines[i];
      if (line.activity) return;
      const discount = input.discounts?.get(item.skuId);
      const perUnit = discount
        ? Math.max(
            0,
            discount.amountOff != null
              ? item.retailPrice - discount.amountOff
              : item.retailPrice - Math.floor((item.retailPrice * (discount.percentOffBp ?? 0)) / 10_000),
          )
        : null;
      const newPrice = input.newCustomerPrices?.get(item.skuId) ?? null;
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
    if (totals.NEW_CUSTOMER_PRICE > 0)
      state.adjustments.push({ code: 'NEW_CUSTOMER_PRICE', label: '新人特价 New-customer price', amount: -totals.NEW_CUSTOMER_PRICE });
  },
};

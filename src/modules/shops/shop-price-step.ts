import type { Fen } from '../../lib/money';
import type { PricingStep } from '../../lib/pricing/step';
import { setUnitPrice } from '../../lib/pricing/unit-price';

export interface ShopPriceLine {
  /** The shop price that applies to this product (the order goes through a shop, the price is in band); absent otherwise. */
  shopPrice?: Fen | null;
}

/**
 * Step 3 of PIPELINE: through a member's shop, the shop's price replaces the retail price of the
 * products it sets one for — up or down: it is the member's resale price inside the price-control
 * band — but never a member buyer's lower member price. It comes after the unit price for that
 * reason, and before every discount, which is computed on what the line costs.
 */
export const shopPriceStep: PricingStep<ShopPriceLine> = {
  name: 'shop-price',
  apply(state, input) {
    const shopPrices = new Map(input.lines.map((l) => [l.skuId, l.shopPrice ?? null]));
    for (const line of state.lines) {
      const shopPrice = shopPrices.get(line.skuId);
      if (shopPrice == null || line.activity) continue;
      const replaces = line.priceReason === 'RETAIL' || (line.priceReason === 'MEMBER_PRICE' && shopPrice < line.unitPrice);
      if (replaces) setUnitPrice(line, shopPrice, 'SHOP_PRICE');
    }
  },
};

import type { Fen } from '../../lib/money';
import type { PricingStep } from '../../lib/pricing/step';
import { setUnitPrice } from '../../lib/pricing/unit-price';

export interface UnitPriceLine {
  /** The SKU's member price, if it has one. */
  memberPrice: Fen | null;
}
export interface UnitPriceFacts {
  buyerIsMember: boolean;
}

/** Step 2 of PIPELINE: members pay the member price where a SKU has a lower one (campaign lines keep theirs). */
export const unitPriceStep: PricingStep<UnitPriceLine, UnitPriceFacts> = {
  name: 'unit-price',
  apply(state, input) {
    if (!input.buyerIsMember) return;
    const memberPrices = new Map(input.lines.map((l) => [l.skuId, l.memberPrice]));
    for (const line of state.lines) {
      const memberPrice = memberPrices.get(line.skuId);
      if (line.activity || memberPrice == null || memberPrice >= line.unitPrice) continue;
      setUnitPrice(line, memberPrice, 'MEMBER_PRICE');
    }
  },
};

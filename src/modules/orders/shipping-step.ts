import type { Fen } from '../../lib/money';
import type { PricingStep } from '../../lib/pricing/step';

/** What the shipping step reads: the order settings' rule. */
export interface ShippingFacts {
  shipping: { flatFee: Fen; freeAbove: Fen | null };
}

/**
 * Step 7 of PIPELINE, last: a flat fee, waived when the goods (after every discount) reach the
 * free-shipping threshold or an earlier step waived it (a full-reduction tier).
 */
export const shippingStep: PricingStep<object, ShippingFacts> = {
  name: 'shipping',
  apply(state, input) {
    const goods = state.lines.reduce((sum, l) => sum + l.total, 0);
    const free = state.freeShipping || (input.shipping.freeAbove != null && goods >= input.shipping.freeAbove);
    state.shippingFee = free || state.lines.length === 0 ? 0 : input.shipping.flatFee;
    if (state.shippingFee > 0) state.adjustments.push({ code: 'SHIPPING', label: '运费 Shipping', amount: state.shippingFee });
  },
};

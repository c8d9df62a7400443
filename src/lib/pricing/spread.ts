import type { Fen } from '../money';
import { allocate } from './allocate';
import type { PricingState } from './step';

/**
 * A discount carried by some of the lines (a coupon valid for some products, a full reduction over
 * the lines not at a campaign's price): spread over the eligible lines by their current totals
 * (allocate: exact, in whole fen), capped at what they cost, and added to the breakdown as one
 * named adjustment. Returns the amount taken.
 */
export function spreadDiscount(state: PricingState, code: string, label: string, amount: Fen, eligible: boolean[]): Fen {
  const weights = state.lines.map((l, i) => (eligible[i] ? l.total : 0));
  const capped = Math.min(
    amount,
    weights.reduce((sum, w) => sum + w, 0),
  );
  if (capped <= 0) return 0;
  const shares = allocate(capped, weights);
  state.lines.forEach((line, i) => {
    if (shares[i] === 0) return;
    line.discounts.push({ code, amount: shares[i] });
    line.total -= shares[i];
  });
  state.adjustments.push({ code, label, amount: -capped });
  return capped;
}

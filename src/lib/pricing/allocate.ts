import type { Fen } from '../money';

/**
 * Splits `amount` fen across lines in proportion to `weights` so the parts add up exactly to the
 * amount (largest-remainder method; ties go to the earlier line). Used wherever an order-level
 * discount must be carried by its lines, e.g. for refunds and commissions.
 */
export function allocate(amount: Fen, weights: number[]): Fen[] {
  const total = weights.reduce((sum, w) => sum + w, 0);
  if (total <= 0) {
    const parts: Fen[] = weights.map(() => 0);
    if (parts.length > 0) parts[0] = amount;
    return parts;
  }
  const exact = weights.map((w) => (amount * w) / total);
  const parts: Fen[] = exact.map((x) => Math.floor(x));
  let left = amount - parts.reduce((sum, p) => sum + p, 0);
  const order = exact.map((x, i) => ({ i, frac: x - Math.floor(x) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) parts[order[k].i] += 1;
  return parts;
}

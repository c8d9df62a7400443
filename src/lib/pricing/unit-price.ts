import type { Fen } from '../money';
import type { PricedLine } from './step';

/** Gives a line another unit price (a campaign's, the member's, the shop's): its subtotal follows, and its total keeps the discounts it already has. */
export function setUnitPrice(line: PricedLine, unitPrice: Fen, priceReason: string): void {
  line.unitPrice = unitPrice;
  line.priceReason = priceReason;
  line.subtotal = unitPrice * line.quantity;
  line.total = line.subtotal - line.discounts.reduce((sum, d) => sum + d.amount, 0);
}

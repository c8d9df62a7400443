import { DomainError } from '../../lib/errors';
import type { Fen } from '../../lib/money';
import { MAX_LINE_QUANTITY } from '../orders/entities';
import { allocate } from '../../lib/pricing/allocate';
import type { RefundableOrder } from '../orders/service';
import { PaymentErrorCode as E } from './errors';

/** A line to refund as asked: `orderLineId` is null when the given id did not decode. */
export interface RefundRequestLine {
  orderLineId: string | null;
  quantity: number;
}

export interface PlannedLine {
  orderLineId: string;
  quantity: number;
  amount: Fen;
}

export interface RefundPlan {
  lines: PlannedLine[];
  /** Shipping given back: only a whole-order refund returns what is left of it. */
  shipping: Fen;
  /** Lines plus shipping. */
  amount: Fen;
}

export const MAX_REFUND_LINES = 50;

type Line = RefundableOrder['lines'][number];

/**
 * What refunding `quantity` more units of a line gives back. The line's total (after its share of
 * order discounts) is split over its units with allocate(), units refunded in order, so partial
 * refunds add up to the line total exactly; the last unit takes precisely what is left.
 */
export function unitsAmount(line: Line, quantity: number): Fen {
  const from = line.refundedQuantity;
  const to = from + quantity;
  if (to === line.quantity) return line.total - line.refundedAmount;
  return allocate(line.total, new Array<number>(line.quantity).fill(1))
    .slice(from, to)
    .reduce((sum, unit) => sum + unit, 0);
}

/** Checks the shape of the asked lines before anything is read; field paths point into the input. */
export function checkRequestLines(lines: RefundRequestLine[] | null, field: string[]): void {
  if (lines == null) return;
  if (lines.length === 0) throw new DomainError(E.NOTHING_TO_REFUND, 'Give at least one line, or leave lines out to refund the whole order', field);
  if (lines.length > MAX_REFUND_LINES) throw new DomainError(E.TOO_MANY_LINES, `At most ${MAX_REFUND_LINES} lines per refund`, field);
  lines.forEach((line, i) => {
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_LINE_QUANTITY) {
      throw new DomainError(E.INVALID_QUANTITY, `Quantity must be from 1 to ${MAX_LINE_QUANTITY}`, [...field, String(i), 'quantity']);
    }
  });
}

/**
 * The refund of the asked lines (null: everything not yet refunded, shipping included) as amounts
 * per line, from the order as it is now. Refuses unknown lines, more units than are left, and a
 * refund of nothing.
 */
export function planRefund(order: RefundableOrder, asked: RefundRequestLine[] | null, field: string[]): RefundPlan {
  checkRequestLines(asked, field);
  let wanted: { line: Line; quantity: number; index: number }[];
  let shipping = 0;
  if (asked == null) {
    wanted = order.lines
      .filter((l) => l.refundedQuantity < l.quantity)
      .map((line, index) => ({ line, quantity: line.quantity - line.refundedQuantity, index }));
    const linesRefunded = order.lines.reduce((sum, l) => sum + l.refundedAmount, 0);
    shipping = Math.max(0, order.shippingFee - (order.refundedTotal - linesRefunded));
  } else {
    const byId = new Map(order.lines.map((l) => [l.id, l]));
    const merged = new Map<string, { line: Line; quantity: number; index: number }>();
    asked.forEach((a, index) => {
      const line = a.orderLineId ? byId.get(a.orderLineId) : undefined;
      if (!line) throw new DomainError(E.ORDER_LINE_NOT_FOUND, 'The order has no line with this id', [...field, String(index), 'orderLineId']);
      const seen = merged.get(line.id);
      merged.set(line.id, { line, quantity: (seen?.quantity ?? 0) + a.quantity, index: seen?.index ?? index });
    });
    wanted = [...merged.values()];
    for (const { line, quantity, index } of wanted) {
      const left = line.quantity - line.refundedQuantity;
      if (quantity > left) {
        throw new DomainError(
          E.EXCEEDS_REFUNDABLE,
          `${line.productName} (${line.skuCode}): ${line.refundedQuantity} of ${line.quantity} already refunded, so at most ${left} more`,
          [...field, String(index), 'quantity'],
        );
      }
    }
  }
  const lines = wanted.map(({ line, quantity }) => ({ orderLineId: line.id, quantity, amount: unitsAmount(line, quantity) }));
  const amount = lines.reduce((sum, l) => sum + l.amount, shipping);
  if (amount === 0) {
    if (asked == null) throw new DomainError(E.NOTHING_TO_REFUND, 'Everything paid for this order has already been refunded', null);
    throw new DomainError(E.NOTHING_TO_REFUND, 'These units cost nothing: there is no money to refund', field);
  }
  return { lines, shipping, amount };
}

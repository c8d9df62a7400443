import { DomainError } from '../../src/lib/errors';
import { OrderStatus } from '../../src/modules/orders/entities';
import type { RefundableOrder } from '../../src/modules/orders/service';
import { planRefund, unitsAmount } from '../../src/modules/payments/refund-plan';

const line = (id: string, quantity: number, total: number, refundedQuantity = 0, refundedAmount = 0) => ({
  id,
  skuId: `s-${id}`,
  productName: `P ${id}`,
  skuCode: `C-${id}`,
  quantity,
  total,
  refundedQuantity,
  refundedAmount,
});
const order = (lines: RefundableOrder['lines'], shippingFee = 1000, refundedTotal = 0): RefundableOrder => ({
  id: 'o',
  number: 'N1',
  customerId: 'c',
  status: OrderStatus.PAID,
  receivedAt: null,
  total: lines.reduce((s, l) => s + l.total, shippingFee),
  refundedTotal,
  shippingFee,
  lines,
});
const codeOf = (work: () => unknown) => {
  try {
    work();
  } catch (err) {
    return err instanceof DomainError ? [err.code, err.field] : err;
  }
  return 'no error';
};

describe('unitsAmount', () => {
  it('splits a line total over its units, and the last unit takes what is left', () => {
    expect(unitsAmount(line('a', 3, 2999), 1)).toBe(1000);
    expect(unitsAmount(line('a', 3, 2999, 1, 1000), 1)).toBe(1000);
    expect(unitsAmount(line('a', 3, 2999, 2, 2000), 1)).toBe(999);
    expect(unitsAmount(line('a', 3, 2999), 3)).toBe(2999);
    // Even if earlier refunds were priced differently, the last unit never over- or under-refunds.
    expect(unitsAmount(line('a', 3, 2999, 2, 1990), 1)).toBe(1009);
    expect(unitsAmount(line('a', 7, 100), 1)).toBe(15);
  });
});

describe('planRefund', () => {
  it('refunds what is left of everything, shipping included, for the whole order', () => {
    const o = order([line('a', 2, 2000, 1, 1000), line('b', 1, 500)], 1000, 1000);
    expect(planRefund(o, null, ['lines'])).toEqual({
      lines: [
        { orderLineId: 'a', quantity: 1, amount: 1000 },
        { orderLineId: 'b', quantity: 1, amount: 500 },
      ],
      shipping: 1000,
      amount: 2500,
    });
  });

  it('does not refund shipping twice', () => {
    const o = order([line('a', 1, 2000, 0, 0)], 1000, 1000);
    expect(planRefund(o, null, ['lines'])).toEqual({ lines: [{ orderLineId: 'a', quantity: 1, amount: 2000 }], shipping: 0, amount: 2000 });
  });

  it('merges repeated lines and checks what is left', () => {
    const o = order([line('a', 3, 3000, 1, 1000)]);
    expect(
      planRefund(
        o,
        [
          { orderLineId: 'a', quantity: 1 },
          { orderLineId: 'a', quantity: 1 },
        ],
        ['lines'],
      ).lines,
    ).toEqual([{ orderLineId: 'a', quantity: 2, amount: 2000 }]);
    expect(codeOf(() => planRefund(o, [{ orderLineId: 'a', quantity: 3 }], ['lines']))).toEqual(['EXCEEDS_REFUNDABLE', ['lines', '0', 'quantity']]);
    expect(codeOf(() => planRefund(o, [{ orderLineId: 'x', quantity: 1 }], ['lines']))).toEqual(['ORDER_LINE_NOT_FOUND', ['lines', '0', 'orderLineId']]);
    expect(codeOf(() => planRefund(o, [{ orderLineId: null, quantity: 1 }], ['lines']))).toEqual(['ORDER_LINE_NOT_FOUND', ['lines', '0', 'orderLineId']]);
    expect(codeOf(() => planRefund(o, [{ orderLineId: 'a', quantity: 1.5 }], ['lines']))).toEqual(['INVALID_QUANTITY', ['lines', '0', 'quantity']]);
  });

  it('refuses a refund of nothing', () => {
    expect(codeOf(() => planRefund(order([line('a', 1, 1000, 1, 1000)], 0, 1000), null, ['lines']))).toEqual(['NOTHING_TO_REFUND', null]);
    expect(codeOf(() => planRefund(order([line('a', 1, 0)], 0), [{ orderLineId: 'a', quantity: 1 }], ['lines']))).toEqual(['NOTHING_TO_REFUND', ['lines']]);
  });
});

import { loadConfig } from '../src/config';
import { DomainError } from '../src/lib/errors';
import { toGlobalId } from '../src/lib/ids';
import { CatalogService } from '../src/modules/catalog/service';
import { OrderService } from '../src/modules/orders/service';
import { ProviderError } from '../src/modules/payments/provider';
import { PaymentProviders } from '../src/modules/payments/providers';
import { RefundService } from '../src/modules/payments/refunds';
import { SandboxProvider } from '../src/modules/payments/sandbox';
import { startHarness, type Harness } from './harness';
import { checkout, completeSandbox, ORDER, paidOrder, payOrder, products, stockOf } from './shop';

let h: Harness;
let customer: string;
let bob: string;
let op: string;

beforeAll(async () => {
  h = await startHarness();
  customer = await h.customerToken();
  bob = await h.login('bob@demo.example', 'customer-demo-2');
  op = await h.operatorToken();
});
afterAll(() => h.close());

const REFUND = `mutation($input: RefundOrderInput!) {
  refundOrder(input: $input) {
    refund { id kind amount { amount } shipping { amount } reason lines { orderLineId quantity amount { amount } restocked } }
    order { status refundedTotal { amount } cancelReason }
    userErrors { code field message }
  }
}`;
const REQUEST = `mutation($input: AfterSaleRequestInput!) {
  requestAfterSale(input: $input) { afterSaleRequest { id orderId status lines { orderLineId quantity } reason } userErrors { code field message } }
}`;
const APPROVE = `mutation($input: ApproveAfterSaleInput!) {
  approveAfterSale(input: $input) { afterSaleRequest { id status refundId decidedAt } userErrors { code field message } }
}`;
const REJECT = `mutation($input: RejectAfterSaleInput!) {
  rejectAfterSale(input: $input) { afterSaleRequest { id status decisionReason decidedAt } userErrors { code field message } }
}`;

const refund = async (input: Record<string, unknown>) => (await h.gql(REFUND, { input }, { token: op, key: null })).data.refundOrder;
const order = async (id: string) => (await h.gql(ORDER, { id }, { token: customer })).data.order;
const ship = (orderId: string) =>
  h.gql(
    'mutation($input: ShipOrderInput!) { shipOrder(input: $input) { order { status } userErrors { code } } }',
    { input: { orderId, carrier: '顺丰', trackingNumber: 'SF20261124' } },
    { token: op, key: null },
  );

/** Everything a refund could write. */
async function snapshot(): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const table of ['refund', 'refund_line', 'payment', 'customer_order', 'order_line', 'order_event', 'sku', 'stock_movement', 'after_sale_request']) {
    const [{ digest }] = await h.sql(`select md5(coalesce(string_agg(row_to_json(t)::text, ',' order by row_to_json(t)::text), '')) as digest from ${table} t`);
    digests[table] = digest;
  }
  return digests;
}

/**
 * An order of 3 × A at 10.00 and 2 × B at 7.50, with a coupon-like order discount of 0.01 carried
 * by A (A's total 29.99), paid through the sandbox: total 29.99 + 15.00 + 10.00 shipping = 54.99.
 */
async function discountedOrder() {
  const [a, b] = await products(h, op, ['10.00', '7.50'], 10);
  const placed = await checkout(h, customer, [
    { skuId: a.skuId, quantity: 3 },
    { skuId: b.skuId, quantity: 2 },
  ]);
  await h.sql(`update customer_order set discount_total = 1, total = total - 1 where id = $1`, [placed.dbId]);
  await h.sql(`update order_line set discount = 1, total = total - 1 where order_id = $1 and sku_code = $2`, [placed.dbId, a.code]);
  const { payment } = await payOrder(h, customer, placed.id);
  expect((await completeSandbox(h, payment!.redirectUrl)).body.outcome).toBe('paid');
  const lines = (await order(placed.id)).lines as { id: string; quantity: number }[];
  const [lineA, lineB] = lines[0].quantity === 3 ? lines : [lines[1], lines[0]];
  return { ...placed, a, b, lineA: lineA.id, lineB: lineB.id };
}

describe('refunds by line and quantity', () => {
  it('prices units from the line total, the last unit taking exactly what is left, and returns unshipped stock', async () => {
    const o = await discountedOrder();
    expect(await stockOf(h, o.a.code)).toBe(7);

    const first = await refund({ orderId: o.id, lines: [{ orderLineId: o.lineA, quantity: 1 }], reason: 'Damaged box', idempotencyKey: `r1-${o.number}` });
    expect(first.userErrors).toEqual([]);
    expect(first.refund).toMatchObject({
      kind: 'ORDER',
      amount: { amount: '10.00' },
      shipping: { amount: '0.00' },
      reason: 'Damaged box',
      lines: [{ orderLineId: o.lineA, quantity: 1, amount: { amount: '10.00' }, restocked: true }],
    });
    expect(first.order).toEqual({ status: 'PAID', refundedTotal: { amount: '10.00' }, cancelReason: null });
    expect(await stockOf(h, o.a.code)).toBe(8);

    const rest = await refund({
      orderId: o.id,
      lines: [
        { orderLineId: o.lineA, quantity: 1 },
        { orderLineId: o.lineA, quantity: 1 },
        { orderLineId: o.lineB, quantity: 1 },
      ],
      reason: 'Not needed',
    });
    expect(rest.userErrors).toEqual([]);
    // A's two remaining units: 10.00 and the last, 9.99; B's unit: 7.50.
    expect(rest.refund.amount).toEqual({ amount: '27.49' });
    expect(rest.refund.lines).toEqual(
      expect.arrayContaining([
        { orderLineId: o.lineA, quantity: 2, amount: { amount: '19.99' }, restocked: true },
        { orderLineId: o.lineB, quantity: 1, amount: { amount: '7.50' }, restocked: true },
      ]),
    );
    expect(await stockOf(h, o.a.code)).toBe(10);
    expect(await stockOf(h, o.b.code)).toBe(9);

    const after = await order(o.id);
    expect(after.refundedTotal).toEqual({ amount: '37.49' });
    const lineA = after.lines.find((l: { id: string }) => l.id === o.lineA);
    expect(lineA).toMatchObject({ quantity: 3, total: { amount: '29.99' }, refundedQuantity: 3, refundedAmount: { amount: '29.99' } });
    expect(after.payments[0].refunded).toEqual({ amount: '37.49' });
    const events = await h.sql(`select type, payload from order_event where order_id = $1 and type = 'order.refunded' order by id`, [o.dbId]);
    expect(events.map((e) => e.payload.amount)).toEqual([1000, 2749]);

    // What is left — one unit of B and the shipping — goes with a whole-order refund, which closes the unshipped order.
    const whole = await refund({ orderId: o.id, reason: 'Cancel the rest' });
    expect(whole.refund).toMatchObject({
      amount: { amount: '17.50' },
      shipping: { amount: '10.00' },
      lines: [{ orderLineId: o.lineB, quantity: 1, amount: { amount: '7.50' }, restocked: true }],
    });
    expect(whole.order).toEqual({ status: 'CANCELLED', refundedTotal: { amount: '54.99' }, cancelReason: 'refunded in full before shipping' });
    expect(await stockOf(h, o.b.code)).toBe(10);
    const [provider] = await h.sql(
      'select sum(amount)::int as refunded, count(*)::int as n, count(distinct provider_refund_id)::int as ids from refund where order_id = $1',
      [o.dbId],
    );
    expect(provider).toEqual({ refunded: 5499, n: 3, ids: 3 });
    const again = await refund({ orderId: o.id, reason: 'Once more' });
    expect(again.userErrors[0]).toMatchObject({ code: 'ORDER_NOT_REFUNDABLE', message: expect.stringContaining('CANCELLED') });
  });

  it('returns no stock for goods already shipped, and a shipped order stays shipped when refunded in full', async () => {
    const [sku] = await products(h, op, ['20.00'], 10);
    const o = await paidOrder(h, customer, [{ skuId: sku.skuId, quantity: 2 }]);
    expect((await ship(o.id)).data.shipOrder.order.status).toBe('SHIPPED');
    const lineId = (await order(o.id)).lines[0].id;
    expect(await stockOf(h, sku.code)).toBe(8);

    const part = await refund({ orderId: o.id, lines: [{ orderLineId: lineId, quantity: 1 }], reason: 'Lost in transit' });
    expect(part.refund.lines).toEqual([{ orderLineId: lineId, quantity: 1, amount: { amount: '20.00' }, restocked: false }]);
    expect(await stockOf(h, sku.code)).toBe(8);

    const whole = await refund({ orderId: o.id, reason: 'Lost in transit' });
    expect(whole.refund.amount).toEqual({ amount: '30.00' });
    expect(whole.order).toEqual({ status: 'SHIPPED', refundedTotal: { amount: '50.00' }, cancelReason: null });
    expect(await stockOf(h, sku.code)).toBe(8);
    const nothing = await refund({ orderId: o.id, reason: 'Again' });
    expect(nothing.userErrors[0]).toMatchObject({ code: 'NOTHING_TO_REFUND', field: null });
    const more = await refund({ orderId: o.id, lines: [{ orderLineId: lineId, quantity: 1 }], reason: 'Again' });
    expect(more.userErrors[0]).toMatchObject({
      code: 'EXCEEDS_REFUNDABLE',
      field: ['input', 'lines', '0', 'quantity'],
      message: expect.stringContaining('2 of 2 already refunded'),
    });
  });

  it('parallel refunds of one order never give back more than was paid', async () => {
    const [sku] = await products(h, op, ['5.00'], 20);
    const o = await paidOrder(h, customer, [{ skuId: sku.skuId, quantity: 5 }]);
    const lineId = (await order(o.id)).lines[0].id;
    const units = await Promise.all(
      Array.from({ length: 12 }, () => refund({ orderId: o.id, lines: [{ orderLineId: lineId, quantity: 1 }], reason: 'One unit back' })),
    );
    expect(units.filter((r) => r.refund)).toHaveLength(5);
    expect(units.filter((r) => r.userErrors[0]?.code === 'EXCEEDS_REFUNDABLE')).toHaveLength(7);
    const wholes = await Promise.all(Array.from({ length: 6 }, () => refund({ orderId: o.id, reason: 'Everything back' })));
    expect(wholes.filter((r) => r.refund)).toHaveLength(1);
    expect(wholes.find((r) => r.refund).refund.amount).toEqual({ amount: '10.00' });
    for (const r of wholes.filter((w) => !w.refund)) expect(r.userErrors[0].code).toBe('ORDER_NOT_REFUNDABLE');
    const [row] = await h.sql(
      `select o.total, o.refunded_total, (select sum(amount)::int from refund where order_id = o.id) as refunds, p.refunded_amount, l.refunded_quantity
         from customer_order o join payment p on p.order_id = o.id join order_line l on l.order_id = o.id where o.id = $1`,
      [o.dbId],
    );
    expect(row).toEqual({ total: 3500, refunded_total: 3500, refunds: 3500, refunded_amount: 3500, refunded_quantity: 5 });
    expect(await stockOf(h, sku.code)).toBe(20);
  });

  it('replays an idempotency key, and refuses it with other input', async () => {
    const [sku] = await products(h, op, ['5.00'], 20);
    const o = await paidOrder(h, customer, [{ skuId: sku.skuId, quantity: 4 }]);
    const lineId = (await order(o.id)).lines[0].id;
    const input = { orderId: o.id, lines: [{ orderLineId: lineId, quantity: 1 }], reason: 'Scratched', idempotencyKey: `refund-${o.number}` };
    const results = await Promise.all(Array.from({ length: 4 }, () => refund(input)));
    expect(new Set(results.map((r) => r.refund.id)).size).toBe(1);
    expect((await h.sql('select count(*)::int as n from refund where order_id = $1', [o.dbId]))[0].n).toBe(1);
    expect(await stockOf(h, sku.code)).toBe(17);
    const other = await refund({ ...input, lines: [{ orderLineId: lineId, quantity: 2 }] });
    expect(other.userErrors[0]).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: ['idempotencyKey'] });
    expect((await h.sql('select count(*)::int as n from refund where order_id = $1', [o.dbId]))[0].n).toBe(1);
  });
});

describe('refund refusals', () => {
  it('refuses every bad input with a clear error and writes nothing', async () => {
    const [sku] = await products(h, op, ['6.00'], 50);
    const paid = await paidOrder(h, customer, [{ skuId: sku.skuId, quantity: 2 }]);
    const lineId = (await order(paid.id)).lines[0].id;
    const otherLine = (await order((await paidOrder(h, customer, [{ skuId: sku.skuId, quantity: 1 }])).id)).lines[0].id;
    const pending = await checkout(h, customer, [{ skuId: sku.skuId, quantity: 1 }]);
    const cancelled = await checkout(h, customer, [{ skuId: sku.skuId, quantity: 1 }]);
    await h.gql('mutation($id: ID!) { cancelOrder(orderId: $id) { userErrors { code } } }', { id: cancelled.id }, { token: customer });
    const paidByHand = await checkout(h, customer, [{ skuId: sku.skuId, quantity: 1 }]);
    await h.sql(`update customer_order set status = 'paid', paid_at = now() where id = $1`, [paidByHand.dbId]);

    const line = (quantity: number, orderLineId = lineId) => [{ orderLineId, quantity }];
    const cases: [Record<string, unknown>, string, string[] | null, RegExp][] = [
      [{ orderId: toGlobalId('Order', '00000000-0000-0000-0000-000000000000') }, 'ORDER_NOT_FOUND', ['input', 'orderId'], /No order/],
      [{ orderId: 'garbage' }, 'ORDER_NOT_FOUND', ['input', 'orderId'], /No order/],
      [{ orderId: pending.id }, 'ORDER_NOT_REFUNDABLE', ['input', 'orderId'], /PENDING_PAYMENT/],
      [{ orderId: cancelled.id }, 'ORDER_NOT_REFUNDABLE', ['input', 'orderId'], /CANCELLED/],
      [{ orderId: paidByHand.id }, 'ORDER_NOT_REFUNDABLE', ['input', 'orderId'], /no payment/],
      [{ orderId: paid.id, lines: line(3) }, 'EXCEEDS_REFUNDABLE', ['input', 'lines', '0', 'quantity'], /at most 2 more/],
      [{ orderId: paid.id, lines: [...line(1), ...line(2)] }, 'EXCEEDS_REFUNDABLE', ['input', 'lines', '0', 'quantity'], /at most 2 more/],
      [{ orderId: paid.id, lines: line(1, otherLine) }, 'ORDER_LINE_NOT_FOUND', ['input', 'lines', '0', 'orderLineId'], /no line/],
      [{ orderId: paid.id, lines: line(1, 'garbage') }, 'ORDER_LINE_NOT_FOUND', ['input', 'lines', '0', 'orderLineId'], /no line/],
      [{ orderId: paid.id, lines: [] }, 'NOTHING_TO_REFUND', ['input', 'lines'], /at least one line/],
      [{ orderId: paid.id, reason: ' x ' }, 'INVALID_REASON', ['input', 'reason'], /2 to 200/],
      [{ orderId: paid.id, idempotencyKey: 'bad key!' }, 'INVALID_IDEMPOTENCY_KEY', ['idempotencyKey'], /idempotencyKey/],
    ];
    const before = await snapshot();
    for (const [input, code, field, message] of cases) {
      const res = await refund({ reason: 'A fine reason', ...input });
      expect({ input, refund: res.refund, error: res.userErrors[0] }).toEqual({
        input,
        refund: null,
        error: { code, field, message: expect.stringMatching(message) },
      });
    }
    // Outside the bounds the schema documents (quantities 1 to 999, 50 lines, reasons of 200 characters): refused at the edge before anything runs.
    const outOfBounds: [Record<string, unknown>, string[]][] = [
      [{ orderId: paid.id, lines: line(0) }, ['input', 'lines', '0', 'quantity']],
      [{ orderId: paid.id, lines: line(-1) }, ['input', 'lines', '0', 'quantity']],
      [{ orderId: paid.id, lines: Array.from({ length: 51 }, () => line(1)[0]) }, ['input', 'lines']],
      [{ orderId: paid.id, reason: 'y'.repeat(201) }, ['input', 'reason']],
    ];
    for (const [input, field] of outOfBounds) {
      const res = await h.gql(REFUND, { input: { reason: 'A fine reason', ...input } }, { token: op, key: null });
      expect(res.status).toBe(400);
      expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await snapshot()).toEqual(before);
  });

  it('when the provider fails, nothing is written and the same idempotency key can be tried again', async () => {
    const [sku] = await products(h, op, ['6.00'], 50);
    const paid = await paidOrder(h, customer, [{ skuId: sku.skuId, quantity: 2 }]);
    const secret = loadConfig({ NODE_ENV: 'test' }).paymentSandboxSecret;
    class Unreachable extends SandboxProvider {
      override async refund(): Promise<{ providerRefundId: string }> {
        throw new ProviderError('sandbox: connection reset');
      }
    }
    const service = (sandbox: SandboxProvider) => {
      const em = h.orm.em.fork();
      return new RefundService(em, new OrderService(em, new CatalogService(em)), new PaymentProviders(sandbox));
    };
    const [operator] = await h.sql(`select id from account where role = 'operator' limit 1`);
    const input = { orderId: paid.dbId, lines: null, reason: 'Provider trouble', idempotencyKey: `retry-${paid.number}` };
    const before = await snapshot();
    const failed = await service(new Unreachable(secret))
      .refundOrder(operator.id, input)
      .catch((err) => err);
    expect(failed).toBeInstanceOf(DomainError);
    expect(failed).toMatchObject({ code: 'PROVIDER_ERROR', message: expect.stringContaining('connection reset') });
    expect(await snapshot()).toEqual(before);
    expect(await h.sql('select 1 from idempotency_record where key = $1', [input.idempotencyKey])).toEqual([]);
    const retried = await service(new SandboxProvider(secret)).refundOrder(operator.id, input);
    expect((await h.sql('select amount from refund where id = $1', [retried.refundId]))[0].amount).toBe(2200);
  });

  it('is for operators: customers are FORBIDDEN and nothing is written', async () => {
    const [sku] = await products(h, op, ['6.00'], 50);
    const paid = await paidOrder(h, customer, [{ skuId: sku.skuId, quantity: 1 }]);
    const before = await snapshot();
    const res = await h.gql(REFUND, { input: { orderId: paid.id, reason: 'Give it back' } }, { token: customer });
    expect(res.errors![0].extensions.code).toBe('FORBIDDEN');
    expect(await snapshot()).toEqual(before);
  });
});

describe('after-sale requests', () => {
  it('a buyer asks, an operator approves: the refund is made and the request shows it', async () => {
    const o = await discountedOrder();
    const asked = await h.gql(
      REQUEST,
      { input: { orderId: o.id, lines: [{ orderLineId: o.lineB, quantity: 2 }], reason: '尺码不合适 wrong size' } },
      { token: customer },
    );
    expect(asked.data.requestAfterSale.userErrors).toEqual([]);
    const request = asked.data.requestAfterSale.afterSaleRequest;
    expect(request).toMatchObject({ orderId: o.id, status: 'OPEN', lines: [{ orderLineId: o.lineB, quantity: 2 }] });

    const twice = await h.gql(REQUEST, { input: { orderId: o.id, reason: 'And the rest' } }, { token: customer });
    expect(twice.data.requestAfterSale.userErrors[0]).toMatchObject({ code: 'AFTER_SALE_ALREADY_OPEN', field: ['input', 'orderId'] });
    const listed = await h.gql(
      '{ afterSaleRequests(first: 100, filter: { statuses: [OPEN] }) { totalCount nodes { id status } } }',
      {},
      { token: op, key: null },
    );
    expect(listed.data.afterSaleRequests.nodes).toContainEqual({ id: request.id, status: 'OPEN' });

    const approved = await h.gql(APPROVE, { input: { requestId: request.id, idempotencyKey: `approve-${o.number}` } }, { token: op, key: null });
    expect(approved.data.approveAfterSale.userErrors).toEqual([]);
    expect(approved.data.approveAfterSale.afterSaleRequest).toMatchObject({ status: 'APPROVED', refundId: expect.any(String), decidedAt: expect.any(String) });
    const after = await h.gql(
      'query($id: ID!) { order(id: $id) { status refundedTotal { amount } refunds { id amount { amount } reason } afterSaleRequests { id status refundId } } }',
      { id: o.id },
      { token: customer },
    );
    expect(after.data.order).toEqual({
      status: 'PAID',
      refundedTotal: { amount: '15.00' },
      refunds: [{ id: approved.data.approveAfterSale.afterSaleRequest.refundId, amount: { amount: '15.00' }, reason: 'After-sale: 尺码不合适 wrong size' }],
      afterSaleRequests: [{ id: request.id, status: 'APPROVED', refundId: approved.data.approveAfterSale.afterSaleRequest.refundId }],
    });
    expect(await stockOf(h, o.b.code)).toBe(10);
    // Approving twice: the key replays; without it, the request is already decided.
    const replay = await h.gql(APPROVE, { input: { requestId: request.id, idempotencyKey: `approve-${o.number}` } }, { token: op, key: null });
    expect(replay.data.approveAfterSale.afterSaleRequest.refundId).toBe(approved.data.approveAfterSale.afterSaleRequest.refundId);
    const decided = await h.gql(APPROVE, { input: { requestId: request.id } }, { token: op, key: null });
    expect(decided.data.approveAfterSale.userErrors[0]).toMatchObject({ code: 'AFTER_SALE_ALREADY_DECIDED', message: expect.stringContaining('approved') });
    expect((await h.sql('select count(*)::int as n from refund where order_id = $1', [o.dbId]))[0].n).toBe(1);
  });

  it('an operator rejects with a reason; nothing is refunded and the buyer may ask again', async () => {
    const [sku] = await products(h, op, ['6.00'], 50);
    const o = await paidOrder(h, customer, [{ skuId: sku.skuId, quantity: 1 }]);
    const request = (await h.gql(REQUEST, { input: { orderId: o.id, reason: 'Changed my mind' } }, { token: customer })).data.requestAfterSale.afterSaleRequest;
    expect(request.lines).toBeNull();
    const short = await h.gql(REJECT, { input: { requestId: request.id, reason: 'x' } }, { token: op, key: null });
    expect(short.data.rejectAfterSale.userErrors[0]).toMatchObject({ code: 'INVALID_REASON', field: ['input', 'reason'] });
    const before = await snapshot();
    const both = await Promise.all([
      h.gql(REJECT, { input: { requestId: request.id, reason: 'Custom-made goods cannot be returned' } }, { token: op, key: null }),
      h.gql(APPROVE, { input: { requestId: request.id } }, { token: op, key: null }),
    ]);
    const rejected = both[0].data.rejectAfterSale;
    const approved = both[1].data.approveAfterSale;
    // Whoever came first decided; the other was told so.
    expect([rejected.userErrors.length, approved.userErrors.length].sort()).toEqual([0, 1]);
    if (rejected.userErrors.length === 0) {
      expect(rejected.afterSaleRequest).toMatchObject({
        status: 'REJECTED',
        decisionReason: 'Custom-made goods cannot be returned',
        decidedAt: expect.any(String),
      });
      expect(approved.userErrors[0].code).toBe('AFTER_SALE_ALREADY_DECIDED');
      const after = await snapshot();
      expect({ ...after, after_sale_request: '' }).toEqual({ ...before, after_sale_request: '' });
      expect((await h.gql(REQUEST, { input: { orderId: o.id, reason: 'Asking again' } }, { token: customer })).data.requestAfterSale.userErrors).toEqual([]);
    } else {
      expect(rejected.userErrors[0].code).toBe('AFTER_SALE_ALREADY_DECIDED');
    }
  });

  it('refuses requests outside the rules and writes nothing', async () => {
    const [sku] = await products(h, op, ['6.00'], 50);
    const paid = await paidOrder(h, customer, [{ skuId: sku.skuId, quantity: 1 }]);
    const lineId = (await order(paid.id)).lines[0].id;
    const pending = await checkout(h, customer, [{ skuId: sku.skuId, quantity: 1 }]);
    const late = await paidOrder(h, customer, [{ skuId: sku.skuId, quantity: 1 }]);
    await ship(late.id);
    await h.gql('mutation($id: ID!) { confirmOrderReceipt(orderId: $id) { userErrors { code } } }', { id: late.id }, { token: customer });
    await h.sql(`update customer_order set received_at = now() - interval '8 days' where id = $1`, [late.dbId]);
    const cases: [string, Record<string, unknown>, string, string[], RegExp][] = [
      [bob, { orderId: paid.id }, 'ORDER_NOT_FOUND', ['input', 'orderId'], /No order of yours/],
      [customer, { orderId: 'garbage' }, 'ORDER_NOT_FOUND', ['input', 'orderId'], /No order of yours/],
      [customer, { orderId: pending.id }, 'AFTER_SALE_NOT_ALLOWED', ['input', 'orderId'], /PENDING_PAYMENT/],
      [customer, { orderId: late.id }, 'AFTER_SALE_NOT_ALLOWED', ['input', 'orderId'], /window \(7 days after receipt\) has closed/],
      [
        customer,
        { orderId: paid.id, lines: [{ orderLineId: lineId, quantity: 2 }] },
        'EXCEEDS_REFUNDABLE',
        ['input', 'lines', '0', 'quantity'],
        /at most 1 more/,
      ],
      [customer, { orderId: paid.id, reason: '?' }, 'INVALID_REASON', ['input', 'reason'], /2 to 200/],
    ];
    const before = await snapshot();
    for (const [token, input, code, field, message] of cases) {
      const res = await h.gql(REQUEST, { input: { reason: 'Broken on arrival', ...input } }, { token });
      expect({ input, request: res.data.requestAfterSale.afterSaleRequest, error: res.data.requestAfterSale.userErrors[0] }).toEqual({
        input,
        request: null,
        error: { code, field, message: expect.stringMatching(message) },
      });
    }
    const unknown = await h.gql(
      APPROVE,
      { input: { requestId: toGlobalId('AfterSaleRequest', '00000000-0000-0000-0000-000000000000') } },
      { token: op, key: null },
    );
    expect(unknown.data.approveAfterSale.userErrors[0]).toMatchObject({ code: 'AFTER_SALE_NOT_FOUND', field: ['input', 'requestId'] });
    expect(await snapshot()).toEqual(before);
  });
});

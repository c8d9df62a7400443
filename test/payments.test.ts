import pino from 'pino';
import request from 'supertest';
import { loadConfig } from '../src/config';
import { toGlobalId } from '../src/lib/ids';
import { SandboxProvider } from '../src/modules/payments/sandbox';
import { createApp } from '../src/server/app';
import { startHarness, type Harness } from './harness';
import { checkout, completeSandbox, ORDER, PAY, payOrder, products, stockOf } from './shop';

let h: Harness;
let customer: string;
let bob: string;
let op: string;
/** The same sandbox the app runs (same secret): signs callbacks as the provider would. */
const sandbox = new SandboxProvider(loadConfig({ NODE_ENV: 'test' }).paymentSandboxSecret);

beforeAll(async () => {
  h = await startHarness();
  customer = await h.customerToken();
  bob = await h.login('bob@demo.example', 'customer-demo-2');
  op = await h.operatorToken();
});
afterAll(() => h.close());

const order = async (id: string, token = customer) => (await h.gql(ORDER, { id }, { token })).data.order;

/** A signed callback for a payment, as the sandbox would send it, with optional tampering. */
function callback(providerPaymentId: string, amount: number, options: { type?: 'succeeded' | 'failed'; at?: Date } = {}) {
  return sandbox.callback({ providerPaymentId, amount, orderNumber: '' }, options.type ?? 'succeeded', options.at);
}

const send = (cb: { rawBody: Buffer; signature: string }) => postCallback(cb.rawBody, cb.signature);

function postCallback(rawBody: Buffer, signature: string | null, app = h.app) {
  const req = request(app.http).post('/payments/sandbox/callback').set('content-type', 'application/json');
  if (signature != null) req.set('x-sandbox-signature', signature);
  // As text: superagent would serialise a Buffer as JSON, and the signature covers the exact bytes.
  return req.send(rawBody.toString('utf8'));
}

/** The stored payment behind a Payment.id. */
async function paymentRow(paymentId: string) {
  const [row] = await h.sql('select id, provider_payment_id, amount, status, refunded_amount from payment where id = $1', [idFromGlobal(paymentId)]);
  return row;
}

function idFromGlobal(globalId: string): string {
  return Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];
}

/** Everything a callback could change. */
async function snapshot(): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const table of ['payment', 'refund', 'customer_order', 'order_event', 'sku', 'product']) {
    const [{ digest }] = await h.sql(`select md5(coalesce(string_agg(row_to_json(t)::text, ',' order by row_to_json(t)::text), '')) as digest from ${table} t`);
    digests[table] = digest;
  }
  return digests;
}

describe('paying an order through the sandbox', () => {
  it('happy path over HTTP: checkout, payOrder, the sandbox page, its callback → PAID with an order.paid event', async () => {
    const [sku] = await products(h, op, ['25.50'], 10);
    const placed = await checkout(h, customer, [{ skuId: sku.skuId, quantity: 2 }]);
    const { payment, userErrors } = await payOrder(h, customer, placed.id);
    expect(userErrors).toEqual([]);
    expect(payment).toMatchObject({
      status: 'PENDING',
      amount: { amount: '61.00' },
      redirectUrl: expect.stringMatching(/^\/sandbox\/payments\/[\w.-]+$/),
      token: expect.any(String),
    });
    expect(payment!.redirectUrl.endsWith(payment!.token)).toBe(true);

    const page = await request(h.app.http).get(payment!.redirectUrl);
    expect(page.status).toBe(200);
    expect(page.text).toContain('¥61.00');
    expect(page.text).toContain(placed.number);

    const done = await completeSandbox(h, payment!.redirectUrl);
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ received: true, outcome: 'paid' });

    const after = await order(placed.id);
    expect(after.status).toBe('PAID');
    expect(after.payments).toEqual([{ id: payment!.id, status: 'SUCCEEDED', amount: { amount: '61.00' }, refunded: { amount: '0.00' } }]);
    const settled = await h.gql(
      'query($id: ID!) { node(id: $id) { ... on Payment { status redirectUrl token succeededAt } } }',
      { id: payment!.id },
      { token: customer },
    );
    expect(settled.data.node).toEqual({ status: 'SUCCEEDED', redirectUrl: null, token: null, succeededAt: expect.any(String) });
    const events = await h.sql('select type, payload from order_event where order_id = $1 order by id', [placed.dbId]);
    expect(events.map((e) => e.type)).toEqual(['order.created', 'order.paid']);
    expect(events[1].payload).toMatchObject({ provider: 'sandbox', amount: 6100, paymentId: idFromGlobal(payment!.id) });
    expect(await stockOf(h, sku.code)).toBe(8);
  });

  it('a failed payment leaves the order unpaid; paying again with a new payment works', async () => {
    const [sku] = await products(h, op, ['9.00'], 10);
    const placed = await checkout(h, customer, [{ skuId: sku.skuId, quantity: 1 }]);
    const first = (await payOrder(h, customer, placed.id)).payment!;
    const failed = await completeSandbox(h, first.redirectUrl, 'failed');
    expect(failed.body).toEqual({ received: true, outcome: 'failed' });
    expect((await order(placed.id)).status).toBe('PENDING_PAYMENT');
    // The failure arriving again changes nothing.
    expect((await completeSandbox(h, first.redirectUrl, 'failed')).body.outcome).toBe('replayed');

    const second = (await payOrder(h, customer, placed.id)).payment!;
    expect(second.id).not.toBe(first.id);
    expect((await completeSandbox(h, second.redirectUrl)).body.outcome).toBe('paid');
    const after = await order(placed.id);
    expect(after.status).toBe('PAID');
    expect(after.payments.map((p: { status: string }) => p.status)).toEqual(['FAILED', 'SUCCEEDED']);
  });

  it('answers 404 for a sandbox token it did not issue, 400 for an unknown outcome', async () => {
    expect((await request(h.app.http).get('/sandbox/payments/forged.0000')).status).toBe(404);
    expect((await request(h.app.http).post('/sandbox/payments/forged.0000/complete')).status).toBe(404);
    const [sku] = await products(h, op, ['9.00'], 10);
    const placed = await checkout(h, customer, [{ skuId: sku.skuId, quantity: 1 }]);
    const { payment } = await payOrder(h, customer, placed.id);
    const bad = await request(h.app.http).post(`${payment!.redirectUrl}/complete`).send({ outcome: 'maybe' });
    expect(bad.status).toBe(400);
    expect((await order(placed.id)).status).toBe('PENDING_PAYMENT');
  });
});

describe('callbacks', () => {
  async function pendingPayment(price = '12.00') {
    const [sku] = await products(h, op, [price], 10);
    const placed = await checkout(h, customer, [{ skuId: sku.skuId, quantity: 1 }]);
    const { payment } = await payOrder(h, customer, placed.id);
    return { placed, payment: await paymentRow(payment!.id), sku };
  }

  it('a replayed callback changes nothing', async () => {
    const { placed, payment } = await pendingPayment();
    const { rawBody, signature } = callback(payment.provider_payment_id, payment.amount);
    const first = await postCallback(rawBody, signature);
    expect(first.status).toBe(200);
    expect(first.body.outcome).toBe('paid');
    const before = await snapshot();
    for (let i = 0; i < 3; i++) {
      const again = await postCallback(rawBody, signature);
      expect(again.status).toBe(200);
      expect(again.body.outcome).toBe('replayed');
    }
    // A fresh, differently signed notification of the same success, and a late failure, too.
    expect((await send(callback(payment.provider_payment_id, payment.amount))).body.outcome).toBe('replayed');
    expect((await send(callback(payment.provider_payment_id, payment.amount, { type: 'failed' }))).body.outcome).toBe('replayed');
    expect(await snapshot()).toEqual(before);
    expect((await order(placed.id)).status).toBe('PAID');
  });

  it('parallel callbacks for the same payment pay the order once', async () => {
    const { placed, payment, sku } = await pendingPayment();
    const [{ sales_count: salesBefore }] = await h.sql('select sales_count from product p join sku s on s.product_id = p.id where s.code = $1', [sku.code]);
    const results = await Promise.all(Array.from({ length: 12 }, () => send(callback(payment.provider_payment_id, payment.amount))));
    expect(results.map((r) => r.status)).toEqual(new Array(12).fill(200));
    expect(results.filter((r) => r.body.outcome === 'paid')).toHaveLength(1);
    expect(results.filter((r) => r.body.outcome === 'replayed')).toHaveLength(11);
    const [{ n }] = await h.sql(`select count(*)::int as n from order_event where order_id = $1 and type = 'order.paid'`, [placed.dbId]);
    expect(n).toBe(1);
    const [{ sales_count: salesAfter }] = await h.sql('select sales_count from product p join sku s on s.product_id = p.id where s.code = $1', [sku.code]);
    expect(salesAfter).toBe(salesBefore + 1);
    expect((await h.sql('select status from payment where id = $1', [payment.id]))[0].status).toBe('succeeded');
  });

  it('refuses a wrong, missing or stale signature and a tampered body, logs it, and changes nothing', async () => {
    const logs: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(line) });
    const app = await createApp(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), h.orm, logger);
    try {
      const { placed, payment } = await pendingPayment();
      const { rawBody, signature } = callback(payment.provider_payment_id, payment.amount);
      const t = Math.floor(Date.now() / 1000);
      const other = new SandboxProvider('another-secret-that-is-long-enough-000000');
      const stale = callback(payment.provider_payment_id, payment.amount, { at: new Date(Date.now() - 6 * 60_000) });
      const future = callback(payment.provider_payment_id, payment.amount, { at: new Date(Date.now() + 6 * 60_000) });
      const tampered = Buffer.from(rawBody.toString('utf8').replace('payment.succeeded', 'payment.failed'));
      const before = await snapshot();
      const cases: [Buffer, string | null, number, RegExp][] = [
        [rawBody, null, 400, /missing or malformed/],
        [rawBody, 'v1=abc', 400, /missing or malformed/],
        [rawBody, other.sign(rawBody, t), 401, /does not match/],
        [rawBody, `t=${t},v1=${'0'.repeat(64)}`, 401, /does not match/],
        [tampered, signature, 401, /does not match/],
        [rawBody, signature.replace(/^t=\d+/, `t=${t + 1}`), 401, /does not match/],
        [stale.rawBody, stale.signature, 400, /stale/],
        [future.rawBody, future.signature, 400, /stale/],
        [Buffer.from('not json'), sandbox.sign(Buffer.from('not json'), t), 400, /not a sandbox payment event/],
      ];
      for (const [body, sig, status, reason] of cases) {
        const res = await postCallback(body, sig, app);
        expect({ sig, status: res.status, error: res.body.error }).toEqual({ sig, status, error: expect.stringMatching(reason) });
      }
      expect(await snapshot()).toEqual(before);
      const refused = logs.map((l) => JSON.parse(l)).filter((l) => l.msg === 'payment callback refused');
      expect(refused).toHaveLength(cases.length);
      expect(refused[0]).toMatchObject({ level: 40, provider: 'sandbox', status: 400, requestId: expect.any(String) });
      expect((await order(placed.id)).status).toBe('PENDING_PAYMENT');
      // The genuine one still goes through afterwards.
      expect((await postCallback(rawBody, signature, app)).body.outcome).toBe('paid');
    } finally {
      await app.apollo.stop();
    }
  });

  it('refuses a callback for an unknown payment or with the wrong amount, changing nothing', async () => {
    const { placed, payment } = await pendingPayment();
    const before = await snapshot();
    expect((await send(callback('sbx_pay_doesnotexist', payment.amount))).status).toBe(404);
    const res = await send(callback(payment.provider_payment_id, payment.amount - 1));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/amount/);
    expect((await request(h.app.http).post('/payments/nosuchprovider/callback').send('{}')).status).toBe(404);
    expect(await snapshot()).toEqual(before);
    expect((await order(placed.id)).status).toBe('PENDING_PAYMENT');
  });
});

describe('payments that arrive too late', () => {
  it('a payment completed after the order was cancelled is refunded automatically, and the stock is not taken again', async () => {
    const [sku] = await products(h, op, ['15.00'], 5);
    const placed = await checkout(h, customer, [{ skuId: sku.skuId, quantity: 2 }]);
    const { payment } = await payOrder(h, customer, placed.id);
    expect(await stockOf(h, sku.code)).toBe(3);
    const cancel = await h.gql(
      'mutation($id: ID!) { cancelOrder(orderId: $id) { order { status } userErrors { code } } }',
      { id: placed.id },
      { token: customer },
    );
    expect(cancel.data.cancelOrder.order.status).toBe('CANCELLED');
    expect(await stockOf(h, sku.code)).toBe(5);

    const done = await completeSandbox(h, payment!.redirectUrl);
    expect(done.body).toEqual({ received: true, outcome: 'refunded' });
    const after = await order(placed.id);
    expect(after.status).toBe('CANCELLED');
    expect(after.refundedTotal).toEqual({ amount: '0.00' });
    expect(after.payments).toEqual([{ id: payment!.id, status: 'REFUNDED', amount: { amount: '40.00' }, refunded: { amount: '40.00' } }]);
    expect(after.refunds).toEqual([
      {
        id: expect.any(String),
        kind: 'UNAPPLIED_PAYMENT',
        amount: { amount: '40.00' },
        shipping: { amount: '0.00' },
        reason: 'The order was cancelled before this payment arrived',
        lines: [],
      },
    ]);
    expect(await stockOf(h, sku.code)).toBe(5);
    const events = await h.sql('select type from order_event where order_id = $1 order by id', [placed.dbId]);
    expect(events.map((e) => e.type)).toEqual(['order.created', 'order.cancelled']);
    // And its replay refunds nothing more.
    expect((await completeSandbox(h, payment!.redirectUrl)).body.outcome).toBe('replayed');
    const [{ n }] = await h.sql('select count(*)::int as n from refund where order_id = $1', [placed.dbId]);
    expect(n).toBe(1);
  });

  it('the same happens when the order was cancelled by SQL behind the API', async () => {
    const [sku] = await products(h, op, ['15.00'], 5);
    const placed = await checkout(h, customer, [{ skuId: sku.skuId, quantity: 1 }]);
    const { payment } = await payOrder(h, customer, placed.id);
    await h.sql(`update customer_order set status = 'cancelled', cancelled_at = now() where id = $1`, [placed.dbId]);
    expect((await completeSandbox(h, payment!.redirectUrl)).body.outcome).toBe('refunded');
    expect((await paymentRow(payment!.id)).status).toBe('refunded');
  });

  it('of two payments completed at once for one order, one pays it and the other is refunded in full', async () => {
    const [sku] = await products(h, op, ['15.00'], 5);
    const placed = await checkout(h, customer, [{ skuId: sku.skuId, quantity: 1 }]);
    const a = (await payOrder(h, customer, placed.id)).payment!;
    const b = (await payOrder(h, customer, placed.id)).payment!;
    const results = await Promise.all([completeSandbox(h, a.redirectUrl), completeSandbox(h, b.redirectUrl)]);
    expect(results.map((r) => r.body.outcome).sort()).toEqual(['paid', 'refunded']);
    const after = await order(placed.id);
    expect(after.status).toBe('PAID');
    expect(after.payments.map((p: { status: string }) => p.status).sort()).toEqual(['REFUNDED', 'SUCCEEDED']);
    expect(after.refunds).toEqual([
      expect.objectContaining({ kind: 'UNAPPLIED_PAYMENT', reason: 'The order had already been paid by another payment', amount: { amount: '25.00' } }),
    ]);
    expect(after.refundedTotal).toEqual({ amount: '0.00' });
    const [{ n }] = await h.sql(`select count(*)::int as n from order_event where order_id = $1 and type = 'order.paid'`, [placed.dbId]);
    expect(n).toBe(1);
  });
});

describe('payOrder refusals', () => {
  async function payments(): Promise<number> {
    const [{ n }] = await h.sql('select count(*)::int as n from payment');
    return n;
  }

  it('refuses every bad request with a code and writes nothing', async () => {
    const [sku] = await products(h, op, ['8.00'], 20);
    const mine = await checkout(h, customer, [{ skuId: sku.skuId, quantity: 1 }]);
    const cancelled = await checkout(h, customer, [{ skuId: sku.skuId, quantity: 1 }]);
    await h.gql('mutation($id: ID!) { cancelOrder(orderId: $id) { userErrors { code } } }', { id: cancelled.id }, { token: customer });
    const overdue = await checkout(h, customer, [{ skuId: sku.skuId, quantity: 1 }]);
    await h.sql(`update customer_order set payment_due_at = now() - interval '1 second' where id = $1`, [overdue.dbId]);
    const paid = await checkout(h, customer, [{ skuId: sku.skuId, quantity: 1 }]);
    expect((await completeSandbox(h, (await payOrder(h, customer, paid.id)).payment!.redirectUrl)).body.outcome).toBe('paid');

    const before = await payments();
    const [{ records }] = await h.sql('select count(*)::int as records from idempotency_record');
    const cases: [string, Record<string, unknown>, string, RegExp][] = [
      [bob, { orderId: mine.id }, 'ORDER_NOT_FOUND', /No order of yours/],
      [customer, { orderId: toGlobalId('Order', '00000000-0000-0000-0000-000000000000') }, 'ORDER_NOT_FOUND', /No order of yours/],
      [customer, { orderId: 'garbage' }, 'ORDER_NOT_FOUND', /No order of yours/],
      [customer, { orderId: toGlobalId('Sku', mine.dbId) }, 'ORDER_NOT_FOUND', /No order of yours/],
      [customer, { orderId: cancelled.id }, 'ORDER_NOT_PAYABLE', /CANCELLED/],
      [customer, { orderId: paid.id }, 'ORDER_NOT_PAYABLE', /PAID/],
      [customer, { orderId: overdue.id }, 'ORDER_NOT_PAYABLE', /time to pay/],
      [customer, { orderId: mine.id, idempotencyKey: 'short' }, 'INVALID_IDEMPOTENCY_KEY', /idempotencyKey/],
    ];
    for (const [token, input, code, message] of cases) {
      const res = await h.gql(PAY, { input }, { token });
      expect({ input, payment: res.data.payOrder.payment, error: res.data.payOrder.userErrors[0] }).toEqual({
        input,
        payment: null,
        error: { code, message: expect.stringMatching(message), field: code === 'INVALID_IDEMPOTENCY_KEY' ? ['idempotencyKey'] : ['input', 'orderId'] },
      });
    }
    expect(await payments()).toBe(before);
    expect((await h.sql('select count(*)::int as n from idempotency_record'))[0].n).toBe(records);
    // Bob cannot see Alice's order either, nor its payments.
    expect((await h.gql(ORDER, { id: mine.id }, { token: bob })).data.order).toBeNull();
  });

  it('is for signed-in customers: operators are FORBIDDEN, anonymous callers UNAUTHENTICATED', async () => {
    const [sku] = await products(h, op, ['8.00'], 20);
    const mine = await checkout(h, customer, [{ skuId: sku.skuId, quantity: 1 }]);
    const before = await payments();
    expect((await h.gql(PAY, { input: { orderId: mine.id } }, { token: op })).errors![0].extensions.code).toBe('FORBIDDEN');
    expect((await h.gql(PAY, { input: { orderId: mine.id } })).errors![0].extensions.code).toBe('UNAUTHENTICATED');
    expect(await payments()).toBe(before);
  });

  it('replays an idempotency key: one payment for repeats, even in parallel; other input is refused', async () => {
    const [sku] = await products(h, op, ['8.00'], 20);
    const mine = await checkout(h, customer, [{ skuId: sku.skuId, quantity: 1 }]);
    const other = await checkout(h, customer, [{ skuId: sku.skuId, quantity: 1 }]);
    const key = `pay-${mine.number}`;
    const results = await Promise.all(Array.from({ length: 5 }, () => payOrder(h, customer, mine.id, key)));
    expect(new Set(results.map((r) => r.payment!.id)).size).toBe(1);
    expect(new Set(results.map((r) => r.payment!.redirectUrl)).size).toBe(1);
    const [{ n }] = await h.sql('select count(*)::int as n from payment where order_id = $1', [mine.dbId]);
    expect(n).toBe(1);
    const reused = await payOrder(h, customer, other.id, key);
    expect(reused.userErrors[0]).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: ['idempotencyKey'] });
    expect((await h.sql('select count(*)::int as n from payment where order_id = $1', [other.dbId]))[0].n).toBe(0);
    // Keys are per caller: Bob's same key is his own.
    const bobs = await checkout(h, bob, [{ skuId: sku.skuId, quantity: 1 }]);
    expect((await payOrder(h, bob, bobs.id, key)).userErrors).toEqual([]);
  });
});

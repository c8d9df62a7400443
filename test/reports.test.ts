import { dispatchOrderEvents } from '../src/modules/orders/events';
import { rebuildDays } from '../src/modules/reports/rollup';
import { startHarness, type Harness } from './harness';
import { claim, template } from './coupons';
import { buy, drain, idFromGlobal, person, product, type Person } from './earnings';
import { ADDRESS, completeSandbox, payOrder } from './shop';

/** The operators' reports over HTTP: the sales report's figures and rules, its refusals, campaign results, a member's balance. */
let h: Harness;
let op: string;

beforeAll(async () => {
  h = await startHarness();
  op = await h.operatorToken();
});
afterAll(() => h.close());

const FIGURES = 'gmvPaid { amount } ordersPaid payingCustomers averageOrderValue { amount } refunds { amount } net { amount }';
const CHANGE = 'gmvPaid ordersPaid payingCustomers averageOrderValue refunds net';
const REPORT = `query($from: LocalDate!, $to: LocalDate!, $groupBy: [SalesReportGrouping!]) { salesReport(from: $from, to: $to, groupBy: $groupBy) {
  from to previousFrom previousTo timeZone
  rows { day previousDay storefrontAppId source sourceDetail figures { ${FIGURES} } previous { ${FIGURES} } change { ${CHANGE} } }
  total { figures { ${FIGURES} } previous { ${FIGURES} } change { ${CHANGE} } } } }`;

const report = (from: string, to: string, groupBy?: string[], token: string | null = op) => h.gql(REPORT, { from, to, groupBy }, { token });
const money = (amount: string) => ({ amount });
const nulls = { gmvPaid: null, ordersPaid: null, payingCustomers: null, averageOrderValue: null, refunds: null, net: null };
const zero = { gmvPaid: money('0.00'), ordersPaid: 0, payingCustomers: 0, averageOrderValue: null, refunds: money('0.00'), net: money('0.00') };

describe('salesReport', () => {
  let buyer: Person;
  let other: Person;

  beforeAll(async () => {
    buyer = await person(h, 'Buyer', { member: false });
    other = await person(h, 'Other', { member: false });
    const { skuIds } = await product(h, op, ['30.00', '12.50']);
    // Three orders paid on 2025-03-10 (a day with nothing else): two by one buyer; their events delivered after the move.
    // 60.00, 12.50 + 10.00 shipping (under the free-shipping threshold), 120.00: 202.50 + 10.00 = 212.50; 70.83 a paid order.
    const a = await buy(h, buyer, [{ skuId: skuIds[0], quantity: 2 }], undefined, { deliver: false });
    const b = await buy(h, buyer, [{ skuId: skuIds[1], quantity: 1 }], undefined, { deliver: false });
    const c = await buy(h, other, [{ skuId: skuIds[0], quantity: 4 }], undefined, { deliver: false });
    for (const o of [a, b, c]) await h.sql(`update customer_order set paid_at = '2025-03-10 12:00+08' where id = $1`, [o.dbId]);
    await drain(h);
    // One unit of c refunded, booked on 2025-03-11 although its event comes later still.
    const res = await h.gql(
      'mutation($input: RefundOrderInput!) { refundOrder(input: $input) { refund { id } userErrors { code } } }',
      { input: { orderId: c.id, lines: [{ orderLineId: c.lines[0].id, quantity: 1 }], reason: 'Broken' } },
      { token: op, key: null },
    );
    expect(res.data.refundOrder.userErrors).toEqual([]);
    await h.sql(`update refund set created_at = '2025-03-11 23:30+08' where id = $1`, [idFromGlobal(res.data.refundOrder.refund.id)]);
    await drain(h);
  });

  it("gives a day's figures beside the day before, the change null when the previous is 0", async () => {
    const res = await report('2025-03-10', '2025-03-10', []);
    expect(res.errors).toBeUndefined();
    const expected = {
      gmvPaid: money('212.50'),
      ordersPaid: 3,
      payingCustomers: 2,
      averageOrderValue: money('70.83'),
      refunds: money('0.00'),
      net: money('212.50'),
    };
    expect(res.data.salesReport).toMatchObject({
      from: '2025-03-10',
      to: '2025-03-10',
      previousFrom: '2025-03-09',
      previousTo: '2025-03-09',
      timeZone: 'Asia/Shanghai',
    });
    expect(res.data.salesReport.rows).toEqual([
      { day: null, previousDay: null, storefrontAppId: null, source: null, sourceDetail: null, figures: expected, previous: zero, change: nulls },
    ]);
    expect(res.data.salesReport.total).toEqual({ figures: expected, previous: zero, change: nulls });
  });

  it('books a refund on the day it was refunded, and compares each day with the day as far back as the window is long', async () => {
    const res = await report('2025-03-11', '2025-03-11', ['DAY']);
    const [row] = res.data.salesReport.rows;
    expect(row).toMatchObject({ day: '2025-03-11', previousDay: '2025-03-10' });
    expect(row.figures).toEqual({ ...zero, refunds: money('30.00'), net: money('-30.00') });
    expect(row.change).toEqual({ gmvPaid: -1, ordersPaid: -1, payingCustomers: -1, averageOrderValue: null, refunds: null, net: -1.1412 });

    const two = await report('2025-03-10', '2025-03-11', ['DAY']);
    expect(two.data.salesReport.rows.map((r: { day: string; previousDay: string }) => [r.day, r.previousDay])).toEqual([
      ['2025-03-10', '2025-03-08'],
      ['2025-03-11', '2025-03-09'],
    ]);
    expect(two.data.salesReport.total.figures).toEqual({
      gmvPaid: money('212.50'),
      ordersPaid: 3,
      payingCustomers: 2,
      averageOrderValue: money('70.83'),
      refunds: money('30.00'),
      net: money('182.50'),
    });
  });

  it('groups by channel and source, each order under one source', async () => {
    const res = await report('2025-03-10', '2025-03-11', ['CHANNEL', 'SOURCE']);
    const [app] = await h.sql(`select storefront_app_id from customer_order where customer_id = $1 limit 1`, [buyer.id]);
    expect(res.data.salesReport.rows).toHaveLength(1);
    expect(res.data.salesReport.rows[0]).toMatchObject({
      storefrontAppId: expect.any(String),
      source: 'DIRECT',
      sourceDetail: '',
      figures: { gmvPaid: money('212.50'), ordersPaid: 3, payingCustomers: 2, refunds: money('30.00') },
    });
    expect(idFromGlobal(res.data.salesReport.rows[0].storefrontAppId)).toBe(app.storefront_app_id);
  });

  it('a rebuild of the days from the orders changes nothing, and an event delivered again adds nothing', async () => {
    const before = await report('2025-03-09', '2025-03-12', ['DAY', 'SOURCE']);
    await rebuildDays(h.orm.em.fork(), '2025-03-09', '2025-03-12');
    await h.sql(`update order_event set delivered_at = null where order_id in (select id from customer_order where customer_id in ($1, $2))`, [
      buyer.id,
      other.id,
    ]);
    await drain(h);
    expect((await report('2025-03-09', '2025-03-12', ['DAY', 'SOURCE'])).data).toEqual(before.data);
  });

  it('rebuildSalesReport recounts days the rollup lacks (days before reports existed) from the orders', async () => {
    const before = await report('2025-03-09', '2025-03-12', ['DAY', 'CHANNEL', 'SOURCE']);
    await h.sql(`delete from report_day where day between '2025-03-09' and '2025-03-12'`);
    await h.sql(`delete from report_counted where day between '2025-03-09' and '2025-03-12'`);
    const REBUILD = 'mutation($input: RebuildSalesReportInput!) { rebuildSalesReport(input: $input) { chunks userErrors { code field message } } }';
    const res = await h.gql(REBUILD, { input: { from: '2025-02-01', to: '2025-03-12' } }, { token: op, key: null });
    expect(res.data.rebuildSalesReport).toEqual({ chunks: 2, userErrors: [] });
    expect((await report('2025-03-09', '2025-03-12', ['DAY', 'CHANNEL', 'SOURCE'])).data).toEqual(before.data);

    const rows = async () => (await h.sql('select count(*)::int as n, max(counted_at) as at from report_counted'))[0];
    const written = await rows();
    for (const input of [
      { from: '2025-03-12', to: '2025-03-09' },
      { from: '2024-01-01', to: '2025-01-01' },
    ]) {
      const refused = await h.gql(REBUILD, { input }, { token: op, key: null });
      expect(refused.data.rebuildSalesReport).toMatchObject({ chunks: null, userErrors: [{ code: 'INVALID_WINDOW' }] });
    }
    expect(await rows()).toEqual(written);
  });

  it('lists every day of a window by day, zeros included', async () => {
    const res = await report('2025-03-01', '2025-03-31', ['DAY']);
    expect(res.data.salesReport.rows).toHaveLength(31);
    expect(res.data.salesReport.rows[0]).toMatchObject({ day: '2025-03-01', previousDay: '2025-01-29', figures: zero, change: nulls });
  });

  it('refuses a window that ends before it starts, or is longer than 366 days, and malformed dates', async () => {
    const backwards = await report('2025-03-11', '2025-03-10');
    expect(backwards.errors?.[0]).toMatchObject({ message: 'from must not be after to', extensions: { code: 'BAD_USER_INPUT' } });
    const long = await report('2024-01-01', '2025-01-01');
    expect(long.errors?.[0]).toMatchObject({ message: 'A report covers at most 366 days', extensions: { code: 'BAD_USER_INPUT' } });
    const leap = await report('2024-01-01', '2024-12-31', []);
    expect(leap.errors).toBeUndefined();
    const malformed = await report('2025-02-30', '2025-03-01');
    expect(malformed.status).toBe(400);
    const tooMany = await report('2025-03-10', '2025-03-10', ['DAY', 'CHANNEL', 'SOURCE', 'DAY']);
    expect(tooMany.status).toBe(400);
  });

  it('is for operators only', async () => {
    const customer = await report('2025-03-10', '2025-03-10', [], buyer.token);
    expect(customer.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const anonymous = await report('2025-03-10', '2025-03-10', [], null);
    expect(anonymous.errors?.[0].extensions.code).toMatch(/UNAUTHENTICATED|FORBIDDEN/);
    const campaigns = await h.gql('{ campaignResults(from: "2025-03-10", to: "2025-03-10") { coupons { issued } } }', {}, { token: buyer.token });
    expect(campaigns.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });
});

describe('counting at once', () => {
  it('counts every order of one day exactly when several dispatchers deliver their events in parallel', async () => {
    const { skuIds } = await product(h, op, ['10.00', '20.00']);
    const buyers = await Promise.all(Array.from({ length: 4 }, (_, i) => person(h, `Rush${i}`, { member: false })));
    const orders = [];
    for (let i = 0; i < 16; i++) orders.push(await buy(h, buyers[i % 4], [{ skuId: skuIds[i % 2], quantity: 1 + (i % 3) }], undefined, { deliver: false }));
    await h.sql(`update customer_order set paid_at = '2025-04-02 10:00+08' where id = any($1::uuid[])`, [orders.map((o) => o.dbId)]);
    // Four dispatchers at once, each claiming its own orders' events (one at a time, so they interleave).
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while ((await dispatchOrderEvents(h.orm.em.fork(), undefined, 1)) > 0);
      }),
    );
    await drain(h);
    const [expected] = await h.sql(`select sum(total)::int as gmv, count(*)::int as orders from customer_order where id = any($1::uuid[])`, [
      orders.map((o) => o.dbId),
    ]);
    const res = await report('2025-04-02', '2025-04-02', []);
    expect(res.data.salesReport.rows[0].figures).toMatchObject({
      gmvPaid: money((expected.gmv / 100).toFixed(2)),
      ordersPaid: expected.orders,
      payingCustomers: 4,
    });
  });
});

describe('campaignResults', () => {
  const CAMPAIGNS = `query($from: LocalDate!, $to: LocalDate!) { campaignResults(from: $from, to: $to) {
    coupons { issued usedOfIssued redemptionRate used cost { amount } }
    flashSales { sales unitsOffered unitsSold sellThrough }
    groupBuys { succeeded failed successRate refunds { amount } refundedMembers }
    bargains { started bought completionRate reachedFloor cost { amount } }
    discountCosts { code cost { amount } orders } } }`;

  it("counts a coupon claimed and used today, and equals a recount of today's campaigns", async () => {
    const [{ today }] = await h.sql(`select to_char((now() at time zone 'Asia/Shanghai')::date, 'YYYY-MM-DD') as today`);
    const before = (await h.gql(CAMPAIGNS, { from: today, to: today }, { token: op })).data.campaignResults;
    const buyer = await person(h, 'Saver', { member: false });
    const { skuIds } = await product(h, op, ['100.00']);
    const t = await template(h, op, { name: `Report coupon ${Date.now()}` });
    const couponId = await claim(h, buyer.token, t.id);
    const checkout = await h.gql(
      'mutation($input: CheckoutInput!) { checkout(input: $input) { order { id } userErrors { code message } } }',
      {
        input: {
          lines: [{ skuId: skuIds[0], quantity: 1 }],
          couponId,
          shippingAddress: ADDRESS,
        },
      },
      { token: buyer.token },
    );
    expect(checkout.data.checkout.userErrors).toEqual([]);
    const { payment } = await payOrder(h, buyer.token, checkout.data.checkout.order.id);
    await completeSandbox(h, payment!.redirectUrl);
    await drain(h);

    const res = await h.gql(CAMPAIGNS, { from: today, to: today }, { token: op });
    expect(res.errors).toBeUndefined();
    const after = res.data.campaignResults;
    expect(after.coupons.issued).toBe(before.coupons.issued + 1);
    expect(after.coupons.used).toBe(before.coupons.used + 1);
    expect(after.coupons.usedOfIssued).toBe(before.coupons.usedOfIssued + 1);
    const fen = (m: { amount: string } | undefined) => Math.round(Number(m?.amount ?? 0) * 100);
    expect(fen(after.coupons.cost) - fen(before.coupons.cost)).toBe(1200);

    // The recount, from the campaigns' tables.
    const [c] = await h.sql(
      `with w as (select ($1::date)::timestamp at time zone 'Asia/Shanghai' as f, ($1::date + 1)::timestamp at time zone 'Asia/Shanghai' as t)
       select (select count(*)::int from coupon, w where issued_at >= f and issued_at < t) as issued,
              (select count(*)::int from coupon, w where used_at >= f and used_at < t and status = 'used') as used,
              (select count(*)::int from bargain, w where created_at >= f and created_at < t) as bargains,
              (select count(*)::int from group_buy_session, w where closed_at >= f and closed_at < t and status = 'succeeded') as succeeded,
              (select coalesce(-sum(a.amount), 0)::int from customer_order o cross join lateral jsonb_to_recordset(o.adjustments) a(code text, amount int), w
                where o.paid_at >= f and o.paid_at < t and a.code = 'COUPON') as coupon_cost`,
      [today],
    );
    expect({
      issued: after.coupons.issued,
      used: after.coupons.used,
      bargains: after.bargains.started,
      succeeded: after.groupBuys.succeeded,
      couponCost: fen(after.coupons.cost),
    }).toEqual({ issued: c.issued, used: c.used, bargains: c.bargains, succeeded: c.succeeded, couponCost: c.coupon_cost });
    expect(after.discountCosts).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'COUPON' })]));
    expect(after.coupons.redemptionRate).toBeCloseTo(after.coupons.usedOfIssued / after.coupons.issued, 4);
  });
});

describe('memberBalance', () => {
  it("shows an account with no earnings as zeros that reconcile, and a member's balance beside their ledger", async () => {
    const nobody = await person(h, 'Nobody');
    const res = await h.gql(
      'query($id: ID!) { memberBalance(accountId: $id) { reconciles member { id } balances { available { amount } debt { amount } } ledger { available { amount } } } }',
      { id: nobody.globalId },
      { token: op },
    );
    expect(res.data.memberBalance).toEqual({
      reconciles: true,
      member: { id: nobody.globalId },
      balances: { available: money('0.00'), debt: money('0.00') },
      ledger: { available: money('0.00') },
    });
    const customer = await h.gql('query($id: ID!) { memberBalance(accountId: $id) { reconciles } }', { id: nobody.globalId }, { token: nobody.token });
    expect(customer.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });
});

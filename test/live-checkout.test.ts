import { Client } from 'pg';
import { announceItems, LiveFigures } from '../src/modules/live/figures';
import { LANE_WIDTH, liveGate } from '../src/modules/live/gate';
import { drain, setRules } from './earnings';
import { startHarness, type Harness } from './harness';
import { addItem, CHANGE, dbId, host, live, MOVE, ok, scheduled, storedEvents, UPDATE } from './live';
import { ADDRESS, products, stockOf } from './shop';
import { customer, pay, type Person } from './social';

/**
 * The live cart and checkout over HTTP: the quota taken by the checkout's write statement under many
 * parallel buyers (never more than it), the per-customer limit under one buyer's parallel orders,
 * the give-back of a cancelled unpaid order (to the lineup while live, to the SKU once ended), live
 * price changes, the attribution of a live order to its session and host and the host's
 * commission, STOCK and SOLD events, the session report, and bad input refused with nothing written.
 */
let h: Harness;
let op: string;

beforeAll(async () => {
  h = await startHarness();
  op = await h.operatorToken();
});
afterAll(() => h.close());

const BUY = `mutation($input: LiveCheckoutInput!) {
  checkoutLive(input: $input) {
    order { id number paymentDueAt lines { unitPrice { amount } priceReason quantity source { kind reason reasonText sharerName } } }
    userErrors { code field message }
  }
}`;
const CART = `mutation($input: SetLiveCartLineInput!) { setLiveCartLine(input: $input) { cart { sessionId lines { itemId quantity } } userErrors { code field message } } }`;
const REPORT = `query($id: ID!) { liveSessionReport(sessionId: $id) {
  uniqueViewers peakViewers ordersPlaced orders units gmv { amount } refunds { amount } buyers conversion items { itemId sold left paidUnits gmv { amount } } } }`;

const buy = (token: string, sessionId: string, lines: { itemId: string; quantity: number }[] | null, extra: Record<string, unknown> = {}) =>
  h.gql(BUY, { input: { sessionId, lines, shippingAddress: ADDRESS, ...extra } }, { token });

const itemRow = async (itemGlobalId: string) =>
  (
    await h.sql(
      `select i.quota_left, i.sold, i.figures_version = coalesce(a.version, 0) as announced
         from live_item i left join live_item_announced a on a.item_id = i.id where i.id = $1`,
      [dbId(itemGlobalId)],
    )
  )[0] as { quota_left: number; sold: number; announced: boolean };

const counts = async () =>
  (
    await h.sql(`select (select count(*) from customer_order)::int as orders, (select count(*) from live_order_line)::int as live_lines,
                        (select coalesce(sum(units), 0) from live_purchase)::int as units, (select coalesce(sum(quota_left), 0) from live_item)::int as quotas,
                        (select coalesce(sum(stock), 0) from sku)::int as stock`)
  )[0];

async function liveItem(quota: number, options: { price?: string; limit?: number; stock?: number } = {}) {
  const m = await host(h, 'Host');
  const session = await live(h, m.token);
  const [sku] = await products(h, op, ['20.00'], options.stock ?? quota + 50);
  const item = await addItem(h, m.token, session.id, sku.skuId, quota, options.price ?? '9.90');
  if (options.limit) await ok(h, CHANGE, { input: { itemId: item.id, perCustomerLimit: options.limit } }, m.token);
  return { host: m, session, sku, item };
}

const buyers = (n: number, name: string): Promise<Person[]> => Promise.all(Array.from({ length: n }, (_, i) => customer(h, `${name}${i}`)));

describe('the quota', () => {
  it('is never oversold: 24 buyers in parallel for a quota of 8 make exactly 8 orders; the SKU stock is not taken again', async () => {
    const { session, sku, item } = await liveItem(8, { stock: 30 });
    expect(await stockOf(h, sku.code)).toBe(22);
    const people = await buyers(24, 'Racer');
    const results = await Promise.all(people.map((p) => buy(p.token, session.id, [{ itemId: item.id, quantity: 1 }])));
    const placed = results.filter((r) => r.data.checkoutLive.order);
    const refused = results.filter((r) => !r.data.checkoutLive.order);
    expect(placed).toHaveLength(8);
    expect(new Set(refused.map((r) => r.data.checkoutLive.userErrors[0].code))).toEqual(new Set(['ITEM_SOLD_OUT']));
    expect(placed[0].data.checkoutLive.order.lines[0]).toMatchObject({ unitPrice: { amount: '9.90' }, priceReason: 'LIVE_PRICE', quantity: 1 });
    expect(await itemRow(item.id)).toMatchObject({ quota_left: 0, sold: 8 });
    expect(await stockOf(h, sku.code)).toBe(22);
    const [lines] = await h.sql(
      `select count(*)::int as n, bool_and(not stock_from_sku) as carved from order_line where sku_id = (select id from sku where code = $1)`,
      [sku.code],
    );
    expect(lines).toEqual({ n: 8, carved: true });
    // The figures are announced within a moment: the last STOCK event says 0, the last SOLD 8.
    await waitFor(async () => (await itemRow(item.id)).announced);
    const events = await storedEvents(h, session.id);
    expect(events.filter((e) => e.type === 'stock').at(-1)!.data).toEqual({ itemId: dbId(item.id), stockLeft: 0 });
    expect(events.filter((e) => e.type === 'sold').at(-1)!.data).toEqual({ itemId: dbId(item.id), sold: 8 });
    // Coalesced: far fewer than one pair per sale.
    expect(events.filter((e) => e.type === 'sold').length).toBeLessThan(8);
    // Nothing left to announce.
    expect(await announceItems(h.orm.em.fork(), [dbId(item.id)])).toBe(0);
  });

  it('turns away from memory a buyer who waited for its turn while the item sold out', async () => {
    const { session, item } = await liveItem(5);
    // Every place in the item's lane is taken, as by the buyers ahead of this one.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const ahead = Array.from({ length: LANE_WIDTH }, () => liveGate.through([dbId(item.id)], () => held));
    const [patient] = await buyers(1, 'Patient');
    const waiting = buy(patient.token, session.id, [{ itemId: item.id, quantity: 1 }]);
    await new Promise((r) => setTimeout(r, 300));
    // Meanwhile the buyers ahead sold it out (as far as this process knows).
    liveGate.markSoldOut(dbId(session.id), dbId(item.id));
    release();
    await Promise.all(ahead);
    const res = await waiting;
    liveGate.forget([dbId(item.id)]);
    expect(res.data.checkoutLive.userErrors[0]).toMatchObject({ code: 'ITEM_SOLD_OUT' });
    // Turned away without a read: the quota, really still there, is untouched.
    expect(await itemRow(item.id)).toMatchObject({ quota_left: 5, sold: 0 });
  });

  it("keeps the per-customer limit under one buyer's parallel orders, counting earlier ones", async () => {
    const { session, item } = await liveItem(20, { limit: 2 });
    const buyer = await customer(h, 'Eager');
    const over = await buy(buyer.token, session.id, [{ itemId: item.id, quantity: 3 }]);
    expect(over.data.checkoutLive.userErrors[0]).toMatchObject({ code: 'LIMIT_EXCEEDED', field: ['input', 'lines', '0', 'itemId'] });
    const results = await Promise.all(Array.from({ length: 8 }, () => buy(buyer.token, session.id, [{ itemId: item.id, quantity: 1 }])));
    expect(results.filter((r) => r.data.checkoutLive.order)).toHaveLength(2);
    expect(new Set(results.filter((r) => !r.data.checkoutLive.order).map((r) => r.data.checkoutLive.userErrors[0].code))).toEqual(new Set(['LIMIT_EXCEEDED']));
    expect(await itemRow(item.id)).toMatchObject({ quota_left: 18, sold: 2 });
    expect(await h.sql('select units from live_purchase where item_id = $1', [dbId(item.id)])).toEqual([{ units: 2 }]);
  });
});

describe('announcements of the figures', () => {
  it('keep their gap across API processes: a second process announces an item only once the gap after the first is up', async () => {
    const { session, item } = await liveItem(10);
    const id = dbId(item.id);
    /** A sale as the checkout makes it, without telling this process's own emitter. */
    const sell = () => h.sql('update live_item set quota_left = quota_left - 1, sold = sold + 1, figures_version = figures_version + 1 where id = $1', [id]);
    const announcements = () =>
      h.sql<{ left: number; at: number }>(
        `select (data->>'stockLeft')::int as left, (extract(epoch from at) * 1000)::float8 as at from live_event where session_id = $1 and type = 'stock' order by seq`,
        [dbId(session.id)],
      );
    const gap = 1000;
    const url = h.orm.config.get('clientUrl')!;
    // Two processes' emitters on their own connections.
    const [a, b] = [new LiveFigures(() => h.orm.em.fork(), undefined, gap, url), new LiveFigures(() => h.orm.em.fork(), undefined, gap, url)];
    try {
      await sell();
      a.changed([id]);
      await waitFor(async () => (await announcements()).length === 1);
      // The other process's sales a moment later: its emitter has not announced the item itself, so it
      // asks at once, and waits out the rest of the gap — not a whole gap of its own from when it asked,
      // however many more sales it hears of meanwhile.
      await new Promise((r) => setTimeout(r, gap / 3));
      await sell();
      await sell();
      const heard = setInterval(() => b.changed([id]), 5);
      try {
        await new Promise((r) => setTimeout(r, gap / 4));
        expect(await announcements()).toHaveLength(1);
        await waitFor(async () => (await announcements()).length === 2);
      } finally {
        clearInterval(heard);
      }
      const [first, second] = await announcements();
      expect(first.left).toBe(9);
      // The figures as committed when it ran: both later sales in one announcement.
      expect(second.left).toBe(7);
      expect(second.at - first.at).toBeGreaterThanOrEqual(gap - 50);
      expect(second.at - first.at).toBeLessThan(gap + 200);
      expect(await itemRow(item.id)).toMatchObject({ announced: true });
    } finally {
      a.stop();
      b.stop();
    }
  });

  it("ask again when another process's first announcement of the item lands while theirs waits for it", async () => {
    const { item } = await liveItem(10);
    const id = dbId(item.id);
    const gap = 500;
    const emitter = new LiveFigures(() => h.orm.em.fork(), undefined, gap, h.orm.config.get('clientUrl'));
    // Another process's first announcement, its transaction still open: the item's row is written and locked.
    const other = new Client({ connectionString: h.orm.config.get('clientUrl')! });
    await other.connect();
    try {
      await h.sql('update live_item set quota_left = quota_left - 1, sold = sold + 1, figures_version = figures_version + 1 where id = $1', [id]);
      await other.query('begin');
      await other.query('insert into live_item_announced (item_id, version, announced_at) values ($1, 1, clock_timestamp())', [id]);
      // A later sale this process heard of: its announcement waits for that row, then finds the gap just begun.
      await h.sql('update live_item set quota_left = quota_left - 1, sold = sold + 1, figures_version = figures_version + 1 where id = $1', [id]);
      emitter.changed([id]);
      await new Promise((r) => setTimeout(r, 200));
      await other.query('commit');
      // Announced once the other's gap is up, not left to the minute sweep.
      await waitFor(async () => (await itemRow(item.id)).announced, gap * 4);
      expect(await itemRow(item.id)).toMatchObject({ quota_left: 8, sold: 2, announced: true });
    } finally {
      emitter.stop();
      await other.end();
    }
  });
});

describe('the live cart', () => {
  it('holds lineup items per viewer and session and checks out through the normal checkout, leaving the cart empty', async () => {
    const { session, item } = await liveItem(5);
    const viewer = await customer(h, 'Carter');
    const set = await h.gql(CART, { input: { itemId: item.id, quantity: 2 } }, { token: viewer.token });
    expect(set.data.setLiveCartLine.cart).toEqual({ sessionId: session.id, lines: [{ itemId: item.id, quantity: 2 }] });
    const res = await buy(viewer.token, session.id, null);
    expect(res.data.checkoutLive.userErrors).toEqual([]);
    expect(res.data.checkoutLive.order.lines[0]).toMatchObject({ quantity: 2, priceReason: 'LIVE_PRICE' });
    const cart = await h.gql('query($id: ID!) { liveCart(sessionId: $id) { lines { itemId } } }', { id: session.id }, { token: viewer.token });
    expect(cart.data.liveCart.lines).toEqual([]);
    const empty = await buy(viewer.token, session.id, null);
    expect(empty.data.checkoutLive.userErrors[0]).toMatchObject({ code: 'CART_EMPTY' });
  });
});

describe('the live cart bound', () => {
  it('holds at most 20 lines even when one viewer adds 23 items in parallel', async () => {
    const m = await host(h, 'Lister');
    const session = await live(h, m.token);
    const skus = await products(
      h,
      op,
      Array.from({ length: 23 }, () => '5.00'),
      5,
    );
    const items = [];
    for (const sku of skus) items.push(await addItem(h, m.token, session.id, sku.skuId, 1));
    const viewer = await customer(h, 'Hoarder');
    const results = await Promise.all(items.map((item) => h.gql(CART, { input: { itemId: item.id, quantity: 1 } }, { token: viewer.token })));
    const full = results.filter((r) => r.data.setLiveCartLine.userErrors[0]?.code === 'CART_FULL');
    expect(full).toHaveLength(3);
    const [{ n }] = await h.sql('select count(*)::int as n from live_cart_line where session_id = $1', [dbId(session.id)]);
    expect(n).toBe(20);
  });
});

describe('giving back', () => {
  it("returns a cancelled unpaid order's units to the quota while live, to the SKU once the session ended; the time to pay is the session's", async () => {
    const { host: m, session, sku, item } = await liveItem(4, { stock: 10 });
    await ok(h, UPDATE, { id: session.id, input: { paymentWindowMinutes: 3 } }, m.token);
    const buyer = await customer(h, 'Changer');
    const first = (await buy(buyer.token, session.id, [{ itemId: item.id, quantity: 3 }])).data.checkoutLive.order;
    const due = new Date(first.paymentDueAt).getTime() - Date.now();
    expect(due).toBeGreaterThan(2 * 60_000);
    expect(due).toBeLessThanOrEqual(3 * 60_000 + 1000);
    expect(await itemRow(item.id)).toMatchObject({ quota_left: 1, sold: 3 });
    const cancel = 'mutation($id: ID!) { cancelOrder(orderId: $id) { order { status } userErrors { code } } }';
    expect((await h.gql(cancel, { id: first.id }, { token: buyer.token })).data.cancelOrder.order.status).toBe('CANCELLED');
    expect(await itemRow(item.id)).toMatchObject({ quota_left: 4, sold: 0, announced: true });
    expect(await h.sql('select units from live_purchase where item_id = $1', [dbId(item.id)])).toEqual([{ units: 0 }]);
    expect(await stockOf(h, sku.code)).toBe(6);

    // Once the session ended (its quota went back), a cancellation gives the units to the SKU.
    const second = (await buy(buyer.token, session.id, [{ itemId: item.id, quantity: 2 }])).data.checkoutLive.order;
    await ok(h, MOVE('end'), { id: session.id }, m.token);
    expect(await stockOf(h, sku.code)).toBe(8);
    await h.gql(cancel, { id: second.id }, { token: buyer.token });
    expect(await stockOf(h, sku.code)).toBe(10);
    expect(await itemRow(item.id)).toMatchObject({ quota_left: 0, sold: 0 });
  });
});

describe('refunds', () => {
  it("a refund before shipping puts the units back on the SKU and takes them out of the item's sold count; partial refunds add up", async () => {
    const { session, sku, item } = await liveItem(5, { stock: 10 });
    const buyer = await customer(h, 'Returner');
    const order = (await buy(buyer.token, session.id, [{ itemId: item.id, quantity: 3 }])).data.checkoutLive.order;
    await pay(h, buyer.token, order.id);
    expect(await stockOf(h, sku.code)).toBe(5);
    expect(await itemRow(item.id)).toMatchObject({ quota_left: 2, sold: 3 });
    const REFUND = `mutation($input: RefundOrderInput!) { refundOrder(input: $input) { refund { lines { quantity restocked } } userErrors { code message } } }`;
    const lineId = (await h.gql('query($id: ID!) { order(id: $id) { lines { id } } }', { id: order.id }, { token: buyer.token })).data.order.lines[0].id;
    const first = (
      await h.gql(REFUND, { input: { orderId: order.id, lines: [{ orderLineId: lineId, quantity: 1 }], reason: 'One too many' } }, { token: op, key: null })
    ).data.refundOrder;
    expect(first.userErrors).toEqual([]);
    expect(first.refund.lines).toEqual([{ quantity: 1, restocked: true }]);
    expect(await stockOf(h, sku.code)).toBe(6);
    expect(await itemRow(item.id)).toMatchObject({ quota_left: 2, sold: 2, announced: true });
    await h.gql(REFUND, { input: { orderId: order.id, reason: 'The rest' } }, { token: op, key: null });
    expect(await stockOf(h, sku.code)).toBe(8);
    // SKU stock + quota left + sold is what the SKU started with.
    expect(await itemRow(item.id)).toMatchObject({ quota_left: 2, sold: 0 });
  });
});

describe('live prices', () => {
  it('a price change applies to orders placed after it only', async () => {
    const { host: m, session, item } = await liveItem(10, { price: '9.90' });
    const buyer = await customer(h, 'Early');
    const before = (await buy(buyer.token, session.id, [{ itemId: item.id, quantity: 1 }])).data.checkoutLive.order;
    await ok(h, CHANGE, { input: { itemId: item.id, livePrice: '5.00' } }, m.token);
    const after = (await buy(buyer.token, session.id, [{ itemId: item.id, quantity: 1 }])).data.checkoutLive.order;
    expect(after.lines[0].unitPrice.amount).toBe('5.00');
    const [row] = await h.sql('select unit_price from order_line where order_id = $1', [dbId(before.id)]);
    expect(row.unit_price).toBe(990);
  });
});

describe('attribution and commission', () => {
  it('a live order is attributed to the session and its host (entry LIVE), frozen per line; the host, a member, earns commission; the report counts it', async () => {
    await setRules(h, op, { levels: 1, level1Rate: 1000 });
    const { host: m, session, item } = await liveItem(10, { price: '10.00' });
    const buyer = await customer(h, 'Fan');
    const order = (await buy(buyer.token, session.id, [{ itemId: item.id, quantity: 2 }])).data.checkoutLive.order;
    expect(order.lines[0].source).toMatchObject({ kind: 'LIVE_SESSION', reason: 'TOKEN_AT_CHECKOUT' });
    const [attribution] = await h.sql('select entry, target_id, sharer_id from order_attribution where order_id = $1', [dbId(order.id)]);
    expect(attribution).toEqual({ entry: 'live', target_id: dbId(session.id), sharer_id: m.id });
    await pay(h, buyer.token, order.id);
    await drain(h);
    const earned = await h.sql(`select member_id, amount from earning_entry where order_id = $1 and kind = 'accrual'`, [dbId(order.id)]);
    expect(earned).toEqual([{ member_id: m.id, amount: 200 }]);

    const report = (await h.gql(REPORT, { id: session.id }, { token: m.token })).data.liveSessionReport;
    expect(report).toMatchObject({ ordersPlaced: 1, orders: 1, units: 2, gmv: { amount: '20.00' }, refunds: { amount: '0.00' }, buyers: 1 });
    expect(report.items).toEqual([{ itemId: item.id, sold: 2, left: 8, paidUnits: 2, gmv: { amount: '20.00' } }]);
    // Not for another member; operators see it.
    expect((await h.gql(REPORT, { id: session.id }, { token: (await host(h, 'Other')).token })).data.liveSessionReport).toBeNull();
    expect((await h.gql(REPORT, { id: session.id }, { token: op })).data.liveSessionReport.orders).toBe(1);
  });
});

describe('bad input', () => {
  it('is refused with a code and nothing written', async () => {
    const { host: m, session, item } = await liveItem(5, { limit: 2 });
    const other = await liveItem(5);
    const waiting = await scheduled(h, m.token);
    const buyer = await customer(h, 'Wrong');
    const before = await counts();
    const cases: [Record<string, unknown>, string][] = [
      [{ sessionId: session.id, lines: [{ itemId: other.item.id, quantity: 1 }] }, 'ITEM_NOT_IN_LINEUP'],
      [{ sessionId: waiting.id, lines: [{ itemId: item.id, quantity: 1 }] }, 'SESSION_NOT_LIVE'],
      [{ sessionId: session.id, lines: [{ itemId: item.id, quantity: 3 }] }, 'LIMIT_EXCEEDED'],
      [{ sessionId: session.id, lines: [{ itemId: 'nonsense', quantity: 1 }] }, 'ITEM_NOT_IN_LINEUP'],
      [{ sessionId: 'nonsense', lines: [{ itemId: item.id, quantity: 1 }] }, 'SESSION_NOT_FOUND'],
      [{ sessionId: session.id, lines: [{ itemId: item.id, quantity: 6 }] }, 'LIMIT_EXCEEDED'],
      [{ sessionId: session.id, lines: [] }, 'CART_EMPTY'],
    ];
    for (const [input, code] of cases) {
      const res = await h.gql(BUY, { input: { ...input, shippingAddress: ADDRESS } }, { token: buyer.token });
      expect([code, res.data?.checkoutLive?.userErrors?.[0]?.code]).toEqual([code, code]);
    }
    // Sold out: the write statement refuses and rolls the whole order back.
    await ok(h, CHANGE, { input: { itemId: item.id, clearPerCustomerLimit: true } }, m.token);
    const sold = await buy(buyer.token, session.id, [{ itemId: item.id, quantity: 6 }]);
    expect(sold.data.checkoutLive.userErrors[0].code).toBe('ITEM_SOLD_OUT');
    // Off sale.
    await ok(h, CHANGE, { input: { itemId: item.id, onSale: false } }, m.token);
    expect((await buy(buyer.token, session.id, [{ itemId: item.id, quantity: 1 }])).data.checkoutLive.userErrors[0].code).toBe('ITEM_OFF_SALE');
    expect((await h.gql(CART, { input: { itemId: item.id, quantity: 1 } }, { token: buyer.token })).data.setLiveCartLine.userErrors[0].code).toBe(
      'ITEM_OFF_SALE',
    );
    expect(await counts()).toEqual(before);
  });

  it('refuses a checkout the moment its session ends, while the session read for the rush is still kept', async () => {
    const { host: m, session, item } = await liveItem(5);
    const buyer = await customer(h, 'Late');
    expect((await buy(buyer.token, session.id, [{ itemId: item.id, quantity: 1 }])).data.checkoutLive.order).not.toBeNull();
    await ok(h, MOVE('end'), { id: session.id }, m.token);
    const before = await counts();
    const late = await buy(buyer.token, session.id, [{ itemId: item.id, quantity: 1 }]);
    expect(late.data.checkoutLive.userErrors[0]).toMatchObject({ code: 'SESSION_NOT_LIVE', message: expect.stringContaining('ENDED') });
    expect(await counts()).toEqual(before);
  });
});

async function waitFor(condition: () => Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

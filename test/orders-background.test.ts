import pino from 'pino';
import { toGlobalId } from '../src/lib/ids';
import { JobQueue } from '../src/lib/jobs';
import { dispatchOrderEvents, subscribeToOrderEvents, type OrderEventMessage } from '../src/modules/orders/events';
import { CANCEL_UNPAID, registerOrderJobs, sweepOrders } from '../src/modules/orders/jobs';
import { startHarness, type Harness } from './harness';

let h: Harness;
let customer: string;

beforeAll(async () => {
  h = await startHarness();
  customer = await h.customerToken();
});
afterAll(() => h.close());

const ADDRESS = { name: '李四', phone: '13900139000', region: '广东省 深圳市 南山区', detail: '科技园 8 栋' };

async function placeOrder(quantity = 1): Promise<{ id: string; dbId: string; skuCode: string }> {
  const [sku] = await h.sql(
    `select s.id, s.code from sku s join product p on p.id = s.product_id where p.publication = 'published' and p.sale_starts_at is null and s.stock > 50 order by s.code limit 1 offset $1`,
    [Math.floor(Math.random() * 20)],
  );
  const res = await h.gql(
    'mutation($input: CheckoutInput!) { checkout(input: $input) { order { id number } userErrors { code message } } }',
    { input: { lines: [{ skuId: toGlobalId('Sku', sku.id), quantity }], shippingAddress: ADDRESS } },
    { token: customer },
  );
  expect(res.data.checkout.userErrors).toEqual([]);
  const [row] = await h.sql('select id from customer_order where number = $1', [res.data.checkout.order.number]);
  return { id: res.data.checkout.order.id, dbId: row.id, skuCode: sku.code };
}

async function drain(): Promise<void> {
  while ((await dispatchOrderEvents(h.orm.em.fork())) > 0);
}

describe('order events (outbox)', () => {
  it('delivers every event once, in order per order', async () => {
    await drain();
    const seen: OrderEventMessage[] = [];
    const unsubscribe = subscribeToOrderEvents('*', async (e) => {
      seen.push(e);
    });
    try {
      const a = await placeOrder();
      const b = await placeOrder();
      await h.gql('mutation($id: ID!) { cancelOrder(orderId: $id) { userErrors { code } } }', { id: a.id }, { token: customer });
      // Two dispatchers at once, as with two API processes.
      await Promise.all([drain(), drain()]);
      const ofA = seen.filter((e) => e.orderId === a.dbId).map((e) => e.type);
      const ofB = seen.filter((e) => e.orderId === b.dbId).map((e) => e.type);
      expect(ofA).toEqual(['order.created', 'order.cancelled']);
      expect(ofB).toEqual(['order.created']);
      const [{ n }] = await h.sql('select count(*)::int as n from order_event where delivered_at is null');
      expect(n).toBe(0);
    } finally {
      unsubscribe();
    }
  });

  it("retries a failed delivery and holds the order's later events behind it", async () => {
    await drain();
    let failing = true;
    const seen: string[] = [];
    const unsubscribe = subscribeToOrderEvents('*', async (e) => {
      if (failing && e.type === 'order.created') throw new Error('subscriber down');
      seen.push(e.type);
    });
    try {
      const order = await placeOrder();
      await h.gql('mutation($id: ID!) { cancelOrder(orderId: $id) { userErrors { code } } }', { id: order.id }, { token: customer });
      await dispatchOrderEvents(h.orm.em.fork());
      await dispatchOrderEvents(h.orm.em.fork());
      expect(seen).toEqual([]);
      const rows = await h.sql('select type, attempts, delivered_at, last_error from order_event where order_id = $1 order by id', [order.dbId]);
      expect(rows[0]).toMatchObject({ type: 'order.created', attempts: 2, delivered_at: null, last_error: expect.stringContaining('subscriber down') });
      expect(rows[1]).toMatchObject({ type: 'order.cancelled', attempts: 0, delivered_at: null });
      failing = false;
      await drain();
      expect(seen).toEqual(['order.created', 'order.cancelled']);
    } finally {
      unsubscribe();
    }
  });

  it("hands a subscriber's batch form a round's events together, and falls back to one at a time when the batch fails", async () => {
    await drain();
    const batches: string[][] = [];
    const single: string[] = [];
    let batchFails = false;
    const unsubscribe = subscribeToOrderEvents(
      'order.created',
      async (e) => {
        if (e.orderId === poisoned) throw new Error('this order is poison');
        single.push(e.orderId);
      },
      async (events) => {
        if (batchFails) throw new Error('batch down');
        batches.push(events.map((e) => e.orderId));
      },
    );
    let poisoned = '';
    try {
      const orders = [await placeOrder(), await placeOrder(), await placeOrder()];
      await drain();
      expect(batches).toEqual([orders.map((o) => o.dbId)]);
      expect(single).toEqual([]);
      // The batch fails: each event goes to the one-at-a-time form, and only the event at fault stays undelivered.
      batchFails = true;
      const more = [await placeOrder(), await placeOrder()];
      poisoned = more[0].dbId;
      await dispatchOrderEvents(h.orm.em.fork());
      expect(single).toEqual([more[1].dbId]);
      const rows = await h.sql('select order_id, delivered_at from order_event where order_id = any($1::uuid[]) order by id', [more.map((o) => o.dbId)]);
      expect(rows.map((r) => r.delivered_at === null)).toEqual([true, false]);
      poisoned = '';
      await drain();
      expect(single).toEqual([more[1].dbId, more[0].dbId]);
    } finally {
      unsubscribe();
    }
  });
});

describe('order timers (job queue on PostgreSQL)', () => {
  it('cancels an unpaid order at its deadline exactly once, with two workers and a duplicate job', async () => {
    const url = h.orm.config.get('clientUrl')!;
    const logger = pino({ level: 'silent' });
    const workers = await Promise.all([JobQueue.start(url, logger), JobQueue.start(url, logger)]);
    try {
      for (const w of workers) await registerOrderJobs(w, () => h.orm.em.fork());
      const order = await placeOrder(3);
      const [before] = await h.sql('select stock from sku where code = $1', [order.skuCode]);
      await h.sql(`update customer_order set payment_due_at = now() where id = $1`, [order.dbId]);
      await workers[0].send(CANCEL_UNPAID, { orderId: order.dbId });
      // The way checkout sends it: batched with others of the same few milliseconds, not awaited.
      workers[1].sendSoon(CANCEL_UNPAID, { orderId: order.dbId });
      const deadline = Date.now() + 20_000;
      let status = '';
      while (Date.now() < deadline) {
        [{ status }] = await h.sql('select status from customer_order where id = $1', [order.dbId]);
        if (status === 'cancelled') break;
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(status).toBe('cancelled');
      await new Promise((r) => setTimeout(r, 3000)); // let the duplicate run too
      const [after] = await h.sql('select stock from sku where code = $1', [order.skuCode]);
      expect(after.stock).toBe(before.stock + 3);
      const [{ n }] = await h.sql(`select count(*)::int as n from order_event where order_id = $1 and type = 'order.cancelled'`, [order.dbId]);
      expect(n).toBe(1);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
  });

  it('sweeps: cancels overdue orders, receives after the set days, completes after the after-sale window', async () => {
    const unpaid = await placeOrder();
    const shipped = await placeOrder();
    const received = await placeOrder();
    await h.sql(`update customer_order set payment_due_at = now() - interval '1 minute' where id = $1`, [unpaid.dbId]);
    await h.sql(
      `update customer_order set status = 'shipped', paid_at = now(), shipped_at = now() - interval '11 days', carrier = 'SF', tracking_number = 'SF0001' where id = $1`,
      [shipped.dbId],
    );
    await h.sql(`update customer_order set status = 'received', paid_at = now(), shipped_at = now(), received_at = now() - interval '8 days' where id = $1`, [
      received.dbId,
    ]);
    const done = await sweepOrders(h.orm.em.fork());
    expect(done.cancelled).toBeGreaterThanOrEqual(1);
    const statuses = await h.sql('select id, status from customer_order where id = any($1::uuid[])', [[unpaid.dbId, shipped.dbId, received.dbId]]);
    const byId = Object.fromEntries(statuses.map((r: any) => [r.id, r.status]));
    expect(byId[unpaid.dbId]).toBe('cancelled');
    expect(byId[shipped.dbId]).toBe('received');
    expect(byId[received.dbId]).toBe('completed');
    // Nothing more is due: a second sweep changes nothing.
    expect(await sweepOrders(h.orm.em.fork())).toEqual({ cancelled: 0, received: 0, completed: 0, guestCartsExpired: 0 });
  });
});

import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import { registry } from '../src/lib/metrics';
import { sweepLive } from '../src/modules/live/jobs';
import { DEMO, startHarness, type Harness } from './harness';
import { addItem, CHANGE, dbId, host, live, MOVE, ok, scheduled, SESSION } from './live';
import { products } from './shop';
import { startSecondApi, type SecondApi } from './support/second-api';

/**
 * liveSessionEvents over graphql-ws, on two API processes sharing one database: A is the test's own
 * app, B a child process. Events made through either reach subscribers of both; a subscriber that
 * drops and comes back with `after` gets every event it missed once; viewers count across both.
 */
let h: Harness;
let b: SecondApi;
let aBase: string;
let op: string;
const clients: Client[] = [];

const wsOf = (base: string) => `${base.replace(/^http/, 'ws')}/graphql`;

function client(base: string, params: Record<string, string> = { 'X-Storefront-Key': DEMO.storefrontPublicKey }): Client {
  const c = createClient({ url: wsOf(base), webSocketImpl: WebSocket, connectionParams: params, retryAttempts: 0, lazy: true });
  clients.push(c);
  return c;
}

const EVENTS = `subscription($id: ID!, $after: Int) { liveSessionEvents(sessionId: $id, after: $after) {
  sessionId seq type status itemId livePrice { amount } stockLeft viewers peakViewers } }`;

interface Watch {
  got: any[];
  errors: any[];
  done: Promise<void>;
  stop: () => void;
}

function watch(c: Client, variables: Record<string, unknown>): Watch {
  const got: any[] = [];
  const errors: any[] = [];
  let stop: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    stop = c.subscribe(
      { query: EVENTS, variables },
      {
        next: (value) => (value.errors ? errors.push(...value.errors) : got.push((value.data as any).liveSessionEvents)),
        error: (err) => {
          errors.push(...(Array.isArray(err) ? err : [err]));
          resolve();
        },
        complete: () => resolve(),
      },
    );
  });
  return { got, errors, done, stop };
}

async function until(check: () => boolean | Promise<boolean>, ms = 8000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A request through process B, over its HTTP. */
async function onB(query: string, variables: Record<string, unknown>, token: string): Promise<any> {
  const res = await fetch(`${b.base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-storefront-key': DEMO.storefrontPublicKey, authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as any;
  const payload = body.data && Object.values(body.data as Record<string, any>)[0];
  if (!payload || payload.userErrors?.length) throw new Error(JSON.stringify(body));
  return payload;
}

const seqs = (events: any[]) => events.map((e) => e.seq);
const contiguous = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const price = (n: number) => `${n}.00`;

beforeAll(async () => {
  h = await startHarness();
  op = await h.operatorToken();
  await new Promise<void>((resolveListen) => h.app.http.listen(0, '127.0.0.1', resolveListen));
  aBase = `http://127.0.0.1:${(h.app.http.address() as AddressInfo).port}`;
  b = await startSecondApi(h.orm.config.get('clientUrl'));
});
afterAll(async () => {
  await Promise.all(clients.map(async (c) => c.dispose()));
  await b.stop();
  await h.close();
});

/** Hand-overs of events heard live, in live_event_delivery_seconds (/metrics). */
async function deliveries(): Promise<number> {
  const metric = await registry.getSingleMetric('live_event_delivery_seconds')!.get();
  const values = metric.values as { metricName?: string; value: number }[];
  return values.find((v) => v.metricName === 'live_event_delivery_seconds_count')?.value ?? 0;
}

describe('liveSessionEvents', () => {
  it('replays the backlog, then delivers events made through the other process, in order, once each', async () => {
    const m = await host(h);
    const [sku] = await products(h, op, ['10.00'], 10);
    const s = await live(h, m.token);
    const item = await addItem(h, m.token, s.id, sku.skuId, 3);
    const sub = watch(client(aBase), { id: s.id, after: 0 });
    await until(() => sub.got.length >= 2);
    expect(sub.got.map((e) => [e.seq, e.type])).toEqual([
      [1, 'STATUS'],
      [2, 'ITEM_ADDED'],
    ]);
    expect(sub.got[1]).toMatchObject({ itemId: item.id, stockLeft: 3, livePrice: { amount: '9.90' } });
    const handedBefore = await deliveries();
    await onB(CHANGE, { input: { itemId: item.id, livePrice: '5.55' } }, m.token);
    await until(() => sub.got.some((e) => e.type === 'PRICE'));
    expect(sub.got.find((e) => e.type === 'PRICE')).toMatchObject({ livePrice: { amount: '5.55' }, itemId: item.id });
    await onB(MOVE('end'), { id: s.id }, m.token);
    await sub.done;
    const all = sub.got.filter((e) => e.type !== 'VIEWERS');
    expect(all[all.length - 1]).toMatchObject({ type: 'STATUS', status: 'ENDED' });
    expect(seqs(sub.got)).toEqual(contiguous(1, sub.got[sub.got.length - 1].seq));
    expect(sub.errors).toEqual([]);
    // The events heard live (the price and the end), not the replayed ones, are in the delivery delay's figures.
    expect((await deliveries()) - handedBefore).toBeGreaterThanOrEqual(2);
  });

  it('resumes after a dropped connection with no gap and no duplicate', async () => {
    const m = await host(h);
    const [sku] = await products(h, op, ['10.00'], 10);
    const s = await live(h, m.token);
    const item = await addItem(h, m.token, s.id, sku.skuId, 3);
    const first = client(aBase);
    const sub = watch(first, { id: s.id, after: 0 });
    await until(() => sub.got.length >= 2);
    for (let i = 1; i <= 5; i++) await ok(h, CHANGE, { input: { itemId: item.id, livePrice: price(i) } }, m.token);
    await until(() => sub.got.filter((e) => e.type === 'PRICE').length >= 5);
    const lastSeen = sub.got[sub.got.length - 1].seq;
    await first.dispose();
    // Many events while disconnected, through both processes, some in parallel.
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        i % 2
          ? ok(h, CHANGE, { input: { itemId: item.id, livePrice: price(10 + i) } }, m.token)
          : onB(CHANGE, { input: { itemId: item.id, livePrice: price(10 + i) } }, m.token),
      ),
    );
    const resumed = watch(client(b.base), { id: s.id, after: lastSeen });
    const target = (await h.gql(SESSION, { id: s.id })).data.liveSession.lastSeq;
    await until(() => resumed.got.length > 0 && resumed.got[resumed.got.length - 1].seq >= target);
    // And live ones after the replay.
    await ok(h, CHANGE, { input: { itemId: item.id, livePrice: '99.00' } }, m.token);
    await until(() => resumed.got.some((e) => e.livePrice?.amount === '99.00'));
    const prices = resumed.got.filter((e) => e.type === 'PRICE');
    expect(seqs(resumed.got)).toEqual(contiguous(lastSeen + 1, resumed.got[resumed.got.length - 1].seq));
    expect(prices).toHaveLength(31);
  });

  it('loses and repeats nothing when subscribing while events are being made', async () => {
    const m = await host(h);
    const [sku] = await products(h, op, ['10.00'], 10);
    const s = await live(h, m.token);
    const item = await addItem(h, m.token, s.id, sku.skuId, 3);
    const making = (async () => {
      for (let i = 0; i < 40; i++)
        await (i % 2 ? onB : (q: string, v: Record<string, unknown>, t: string) => ok(h, q, v, t))(
          CHANGE,
          { input: { itemId: item.id, livePrice: price(i + 1) } },
          m.token,
        );
    })();
    await new Promise((r) => setTimeout(r, 60));
    const subs = [watch(client(aBase), { id: s.id, after: 0 }), watch(client(b.base), { id: s.id, after: 1 })];
    await making;
    const last = (await h.gql(SESSION, { id: s.id })).data.liveSession.lastSeq;
    for (const sub of subs) await until(() => sub.got.length > 0 && sub.got[sub.got.length - 1].seq >= last);
    expect(seqs(subs[0].got)).toEqual(contiguous(1, subs[0].got[subs[0].got.length - 1].seq));
    expect(seqs(subs[1].got)).toEqual(contiguous(2, subs[1].got[subs[1].got.length - 1].seq));
  });

  it('hands each event to many subscribers at once, each under its own subscription id and in order; one that stops gets nothing more', async () => {
    const m = await host(h);
    const [sku] = await products(h, op, ['10.00'], 10);
    const s = await live(h, m.token);
    const item = await addItem(h, m.token, s.id, sku.skuId, 3);
    // Three subscriptions on one socket (two of the same document, which share their answers, and one of its own), and twenty sockets more.
    const shared = client(aBase);
    const [one, two] = [watch(shared, { id: s.id, after: 2 }), watch(shared, { id: s.id, after: 2 })];
    const own: Watch = { got: [], errors: [], done: Promise.resolve(), stop: () => undefined };
    own.stop = shared.subscribe(
      { query: 'subscription($id: ID!) { liveSessionEvents(sessionId: $id, after: 2) { seq type } }', variables: { id: s.id } },
      { next: (v) => void own.got.push((v.data as any).liveSessionEvents), error: (e) => void own.errors.push(e), complete: () => undefined },
    );
    const others = Array.from({ length: 20 }, (_, i) => watch(client(i % 2 ? aBase : b.base), { id: s.id, after: 2 }));
    const all = [one, two, own, ...others];
    const changes = (from: number) =>
      Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 ? onB : (q: string, v: Record<string, unknown>, t: string) => ok(h, q, v, t))(
            CHANGE,
            { input: { itemId: item.id, livePrice: price(from + i) } },
            m.token,
          ),
        ),
      );
    await changes(20);
    let last = (await h.gql(SESSION, { id: s.id })).data.liveSession.lastSeq;
    for (const sub of all) await until(() => sub.got.length > 0 && sub.got[sub.got.length - 1].seq >= last);
    // Every event in order with no gap and none twice, up to the last each got (a VIEWERS event may follow the last change).
    for (const sub of all) {
      expect(seqs(sub.got)).toEqual(contiguous(3, sub.got[sub.got.length - 1].seq));
      expect(sub.got.filter((e) => e.type === 'PRICE')).toHaveLength(10);
      expect(sub.errors).toEqual([]);
    }
    expect(one.got.filter((e) => e.seq <= last)).toEqual(two.got.filter((e) => e.seq <= last));
    expect(Object.keys(own.got[0]).sort()).toEqual(['seq', 'type']);

    two.stop();
    await new Promise((r) => setTimeout(r, 100));
    const stoppedAt = two.got.length;
    await changes(40);
    last = (await h.gql(SESSION, { id: s.id })).data.liveSession.lastSeq;
    for (const sub of [one, own, ...others]) await until(() => sub.got[sub.got.length - 1].seq >= last);
    expect(seqs(one.got)).toEqual(contiguous(3, one.got[one.got.length - 1].seq));
    expect(two.got).toHaveLength(stoppedAt);
  });

  it('starts from now without `after`; refuses sessions the caller may not see, and bad input', async () => {
    const m = await host(h);
    const s = await live(h, m.token);
    const now = watch(client(aBase), { id: s.id });
    await new Promise((r) => setTimeout(r, 300));
    await ok(h, MOVE('pause'), { id: s.id }, m.token);
    await until(() => now.got.some((e) => e.type === 'STATUS'));
    // Nothing from before it subscribed (the STATUS LIVE, number 1); its own arrival may be a VIEWERS event.
    expect(now.got.filter((e) => e.type !== 'VIEWERS').map((e) => e.status)).toEqual(['PAUSED']);
    expect(seqs(now.got)).toEqual(contiguous(2, now.got[now.got.length - 1].seq));

    const other = await h.gql('mutation { createStorefrontApp(name: "Another room") { storefrontApp { publicKey } } }', {}, { token: op, key: null });
    const elsewhere = watch(client(aBase, { 'X-Storefront-Key': other.data.createStorefrontApp.storefrontApp.publicKey }), { id: s.id });
    await elsewhere.done;
    expect(elsewhere.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'sessionId' } });
    const bogus = watch(client(aBase), { id: 'nope' });
    await bogus.done;
    expect(bogus.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'sessionId' } });
    const negative = watch(client(aBase), { id: s.id, after: -1 });
    await negative.done;
    expect(negative.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('viewers', () => {
  it('counts distinct viewers across both processes, keeps the peak and the unique, and forgets a dead process', async () => {
    const m = await host(h);
    const s = await scheduled(h, m.token);
    const viewer = await host(h, 'viewer');
    const signedIn = { 'X-Storefront-Key': DEMO.storefrontPublicKey, Authorization: `Bearer ${viewer.token}` };
    const watcher = watch(client(aBase), { id: s.id, after: 0 });
    const subs = [watch(client(aBase, signedIn), { id: s.id }), watch(client(b.base, signedIn), { id: s.id }), watcher];
    const snapshot = async () => (await h.gql(SESSION, { id: s.id })).data.liveSession;
    // The same account on both processes counts once; the anonymous viewer once.
    await until(async () => (await snapshot()).viewers === 2);
    await until(() => watcher.got.some((e) => e.type === 'VIEWERS' && e.viewers === 2));
    const viewerEvents = watcher.got.filter((e) => e.type === 'VIEWERS');
    expect(viewerEvents.length).toBeLessThanOrEqual(3);

    // A process that died leaves rows without heartbeat: the sweep deletes them and the count drops.
    await h.sql(
      `insert into live_viewer (connection_id, session_id, viewer, process_id, heartbeat_at) values ($1, $2, 'ghost', $3, now() - interval '1 minute')`,
      [randomUUID(), dbId(s.id), randomUUID()],
    );
    await sweepLive(() => h.orm.em.fork());
    expect(await h.sql(`select * from live_viewer where viewer = 'ghost'`)).toEqual([]);

    subs[0].stop();
    subs[1].stop();
    await until(async () => (await snapshot()).viewers === 1);
    const last = await snapshot();
    expect(last).toMatchObject({ viewers: 1, peakViewers: 2, uniqueViewers: 2 });
    subs[2].stop();
    await until(async () => (await h.sql('select count(*)::int as n from live_viewer where session_id = $1', [dbId(s.id)]))[0].n === 0);
  });
  it('counts an anonymous visitor once across its connections by its X-Visitor-Id, and refuses a malformed one', async () => {
    const m = await host(h);
    const s = await scheduled(h, m.token);
    const visitor = (id: string) => ({ 'X-Storefront-Key': DEMO.storefrontPublicKey, 'X-Visitor-Id': id });
    const tabs = [watch(client(aBase, visitor('tab-visitor-1')), { id: s.id }), watch(client(b.base, visitor('tab-visitor-1')), { id: s.id })];
    const other = watch(client(aBase, visitor('tab-visitor-2')), { id: s.id });
    const snapshot = async () => (await h.gql(SESSION, { id: s.id })).data.liveSession;
    await until(async () => (await h.sql('select count(*)::int as n from live_viewer where session_id = $1', [dbId(s.id)]))[0].n === 3);
    await until(async () => (await snapshot()).viewers === 2);
    expect(await snapshot()).toMatchObject({ viewers: 2, uniqueViewers: 2 });

    // Too short, or a character outside [A-Za-z0-9_-]: the connection closes with 4400 and the reason, and nothing is counted.
    for (const bad of ['short', 'has space in it', 'x'.repeat(65)]) {
      const refused = watch(client(aBase, visitor(bad)), { id: s.id });
      await refused.done;
      expect(refused.errors[0]).toMatchObject({ code: 4400, reason: expect.stringContaining('X-Visitor-Id') });
    }
    expect(await snapshot()).toMatchObject({ viewers: 2, uniqueViewers: 2 });
    [...tabs, other].forEach((w) => w.stop());
  });
});

import { forgetOldEvents } from '../src/modules/live/jobs';
import { author } from './content';
import { startHarness, type Harness } from './harness';
import {
  ADD,
  addItem,
  CHANGE,
  conserved,
  CREATE,
  dbId,
  demoApp,
  global,
  host,
  inAnHour,
  live,
  MOVE,
  ok,
  PIN,
  QUOTA,
  REMOVE,
  scheduled,
  SESSION,
  storedEvents,
  UNPIN,
  UPDATE,
} from './live';
import { products, stockOf } from './shop';
import { customer } from './social';

/**
 * Live sessions over HTTP: who may host, the session's state machine, the lineup's quotas carved
 * out of SKU stock (and given back) under parallel requests, the pin, numbered events, visibility
 * per storefront app, and every bad input refused with a code and nothing written.
 */
let h: Harness;
let op: string;

beforeAll(async () => {
  h = await startHarness();
  op = await h.operatorToken();
});
afterAll(() => h.close());

const count = async (table: string) => (await h.sql(`select count(*)::int as n from ${table}`))[0].n as number;

describe('hosting', () => {
  it('members and content authors host their own sessions; operators name the host; others are refused', async () => {
    const m = await host(h);
    const s = await scheduled(h, m.token, 'My first live');
    expect(s).toMatchObject({ title: 'My first live', status: 'SCHEDULED', lastSeq: 0, viewers: 0, lineup: [], pinnedItem: null });
    expect(s.host.accountId).toBe(global('Account', m.id));
    expect(s.storefrontAppIds).toEqual([await demoApp(h)]);

    const kol = await author(h, op, 'Kol', 'customer');
    expect((await scheduled(h, kol.token)).status).toBe('SCHEDULED');

    const plain = await customer(h, 'Plain');
    const before = await count('live_session');
    const refused = await h.gql(CREATE, { input: { title: 'x', scheduledStartAt: inAnHour() } }, { token: plain.token });
    expect(refused.data.createLiveSession.userErrors[0]).toMatchObject({ code: 'HOST_NOT_ALLOWED' });
    const forOther = await h.gql(CREATE, { input: { title: 'x', scheduledStartAt: inAnHour(), hostId: global('Account', kol.id) } }, { token: m.token });
    expect(forOther.data.createLiveSession.userErrors[0]).toMatchObject({ code: 'HOST_NOT_ALLOWED', field: ['input', 'hostId'] });

    const app = await demoApp(h);
    const byOp = await ok(
      h,
      CREATE,
      { input: { title: 'Operator made', scheduledStartAt: inAnHour(), hostId: global('Account', m.id), storefrontAppIds: [app] } },
      op,
    );
    expect(byOp.session.host.accountId).toBe(global('Account', m.id));
    const noHost = await h.gql(CREATE, { input: { title: 'x', scheduledStartAt: inAnHour(), storefrontAppIds: [app] } }, { token: op, key: null });
    expect(noHost.data.createLiveSession.userErrors[0]).toMatchObject({ code: 'HOST_NOT_ALLOWED' });
    const plainHost = await h.gql(
      CREATE,
      { input: { title: 'x', scheduledStartAt: inAnHour(), hostId: global('Account', plain.id), storefrontAppIds: [app] } },
      { token: op, key: null },
    );
    expect(plainHost.data.createLiveSession.userErrors[0]).toMatchObject({ code: 'HOST_NOT_ALLOWED' });
    expect(await count('live_session')).toBe(before + 1);
  });

  it('refuses every bad input with a code, writing nothing', async () => {
    const m = await host(h);
    const other = await h.gql('mutation { createStorefrontApp(name: "Other app") { storefrontApp { id } userErrors { code } } }', {}, { token: op, key: null });
    const otherApp = other.data.createStorefrontApp.storefrontApp.id;
    const before = await count('live_session');
    const cases: [Record<string, unknown>, string, string[]][] = [
      [{ title: '   ' }, 'INVALID_TITLE', ['input', 'title']],
      [{ coverUrl: 'ftp://example.com/a.png' }, 'INVALID_URL', ['input', 'coverUrl']],
      [{ streamUrl: 'javascript:alert(1)' }, 'INVALID_URL', ['input', 'streamUrl']],
      [{ streamUrl: '/relative/stream.m3u8' }, 'INVALID_URL', ['input', 'streamUrl']],
      [{ scheduledStartAt: new Date(Date.now() - 3 * 86400_000).toISOString() }, 'INVALID_SCHEDULE', ['input', 'scheduledStartAt']],
      [{ scheduledStartAt: new Date(Date.now() + 400 * 86400_000).toISOString() }, 'INVALID_SCHEDULE', ['input', 'scheduledStartAt']],
      [{ storefrontAppIds: [] }, 'INVALID_APPS', ['input', 'storefrontAppIds']],
      [{ storefrontAppIds: [otherApp] }, 'APP_NOT_ALLOWED', ['input', 'storefrontAppIds']],
      [{ storefrontAppIds: ['nope'] }, 'INVALID_APPS', ['input', 'storefrontAppIds']],
    ];
    for (const [input, code, field] of cases) {
      const res = await h.gql(CREATE, { input: { title: 'Fine', scheduledStartAt: inAnHour(), ...input } }, { token: m.token });
      expect([JSON.stringify(input), res.data.createLiveSession.userErrors[0]]).toEqual([JSON.stringify(input), expect.objectContaining({ code, field })]);
    }
    const unknownApp = await h.gql(
      CREATE,
      { input: { title: 'x', scheduledStartAt: inAnHour(), hostId: global('Account', m.id), storefrontAppIds: [global('StorefrontApp', m.id)] } },
      { token: op, key: null },
    );
    expect(unknownApp.data.createLiveSession.userErrors[0]).toMatchObject({ code: 'INVALID_APPS' });
    // Bounds the schema states are refused before anything runs.
    const long = await h.gql(CREATE, { input: { title: 'x'.repeat(101), scheduledStartAt: inAnHour() } }, { token: m.token });
    expect(long.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const anonymous = await h.gql(CREATE, { input: { title: 'x', scheduledStartAt: inAnHour() } });
    expect(anonymous.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(await count('live_session')).toBe(before);
  });

  it('updates details; once ended only the replay URL; a host learns nothing of sessions not theirs', async () => {
    const m = await host(h);
    const s = await scheduled(h, m.token);
    const changed = await ok(h, UPDATE, { id: s.id, input: { title: 'Renamed', streamUrl: 'https://cdn.example.com/live/1.m3u8' } }, m.token);
    expect(changed.session).toMatchObject({ title: 'Renamed', streamUrl: 'https://cdn.example.com/live/1.m3u8' });
    const nothing = await h.gql(UPDATE, { id: s.id, input: {} }, { token: m.token });
    expect(nothing.data.updateLiveSession.userErrors[0].code).toBe('NOTHING_TO_CHANGE');
    const stranger = await host(h, 'stranger');
    const theirs = await h.gql(UPDATE, { id: s.id, input: { title: 'Mine now' } }, { token: stranger.token });
    expect(theirs.data.updateLiveSession.userErrors[0].code).toBe('SESSION_NOT_FOUND');
    await ok(h, MOVE('start'), { id: s.id }, m.token);
    const moved = await h.gql(UPDATE, { id: s.id, input: { scheduledStartAt: inAnHour() } }, { token: m.token });
    expect(moved.data.updateLiveSession.userErrors[0].code).toBe('INVALID_SCHEDULE');
    await ok(h, MOVE('end'), { id: s.id }, op);
    const late = await h.gql(UPDATE, { id: s.id, input: { title: 'Too late' } }, { token: m.token });
    expect(late.data.updateLiveSession.userErrors[0]).toMatchObject({ code: 'SESSION_CLOSED' });
    const replay = await ok(h, UPDATE, { id: s.id, input: { replayUrl: 'https://cdn.example.com/replay/1.mp4' } }, m.token);
    expect(replay.session).toMatchObject({ title: 'Renamed', replayUrl: 'https://cdn.example.com/replay/1.mp4', status: 'ENDED' });
  });
});

describe('the session state machine', () => {
  it('SCHEDULED → LIVE ⇄ PAUSED → ENDED; each move a STATUS event; illegal moves refused naming the state', async () => {
    const m = await host(h);
    const s = await scheduled(h, m.token);
    const refuse = async (verb: Parameters<typeof MOVE>[0], message: string) => {
      const res = await h.gql(MOVE(verb), { id: s.id }, { token: m.token });
      expect(res.data[`${verb}LiveSession`]).toEqual({ session: null, userErrors: [{ code: 'INVALID_TRANSITION', field: ['id'], message }] });
    };
    await refuse('pause', 'The session is SCHEDULED: it cannot pause (only from LIVE)');
    await refuse('end', 'The session is SCHEDULED: it cannot end (only from LIVE or PAUSED)');
    expect((await ok(h, MOVE('start'), { id: s.id }, m.token)).session.status).toBe('LIVE');
    await refuse('start', 'The session is LIVE: it cannot start (only from SCHEDULED)');
    await refuse('cancel', 'The session is LIVE: it cannot cancel (only from SCHEDULED)');
    await refuse('resume', 'The session is LIVE: it cannot resume (only from PAUSED)');
    expect((await ok(h, MOVE('pause'), { id: s.id }, m.token)).session.status).toBe('PAUSED');
    expect((await ok(h, MOVE('resume'), { id: s.id }, op)).session.status).toBe('LIVE');
    expect((await ok(h, MOVE('pause'), { id: s.id }, m.token)).session.status).toBe('PAUSED');
    const ended = (await ok(h, MOVE('end'), { id: s.id }, m.token)).session;
    expect(ended).toMatchObject({ status: 'ENDED', lastSeq: 5 });
    await refuse('resume', 'The session is ENDED: it cannot resume (only from PAUSED)');
    await refuse('end', 'The session is ENDED: it cannot end (only from LIVE or PAUSED)');
    expect((await storedEvents(h, s.id)).map((e) => [e.seq, e.type, e.data.status])).toEqual([
      [1, 'status', 'live'],
      [2, 'status', 'paused'],
      [3, 'status', 'live'],
      [4, 'status', 'paused'],
      [5, 'status', 'ended'],
    ]);

    const other = await scheduled(h, m.token);
    expect((await ok(h, MOVE('cancel'), { id: other.id }, m.token)).session.status).toBe('CANCELLED');
    const res = await h.gql(MOVE('start'), { id: other.id }, { token: m.token });
    expect(res.data.startLiveSession.userErrors[0].message).toBe('The session is CANCELLED: it cannot start (only from SCHEDULED)');
    const stranger = await host(h, 'stranger');
    const theirs = await h.gql(MOVE('start'), { id: s.id }, { token: stranger.token });
    expect(theirs.data.startLiveSession.userErrors[0].code).toBe('SESSION_NOT_FOUND');
    const bogus = await h.gql(MOVE('start'), { id: 'bogus' }, { token: op, key: null });
    expect(bogus.data.startLiveSession.userErrors[0].code).toBe('SESSION_NOT_FOUND');
  });

  it('of racing moves exactly one wins', async () => {
    const m = await host(h);
    const s = await live(h, m.token);
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => h.gql(MOVE(i % 2 ? 'end' : 'pause'), { id: s.id }, { token: m.token })));
    const won = answers.filter((a) => Object.values(a.data as Record<string, any>)[0].userErrors.length === 0);
    // A pause may win and then an end after it; never two of the same move.
    expect(won.length).toBeGreaterThanOrEqual(1);
    expect(won.length).toBeLessThanOrEqual(2);
    const events = await storedEvents(h, s.id);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  });
});

describe('the lineup and its quotas', () => {
  it('carves the quota out of the SKU stock, raises, lowers, removes, and gives everything back at the end', async () => {
    const m = await host(h);
    const [sku] = await products(h, op, ['29.00'], 100);
    const s = await scheduled(h, m.token);
    const item = await addItem(h, m.token, s.id, sku.skuId, 30, '19.90');
    expect(item).toMatchObject({ stockLeft: 30, sold: 0, livePrice: { amount: '19.90' }, status: 'ON_SALE', position: 0, pinned: false });
    expect(await stockOf(h, sku.code)).toBe(70);

    const tooMuch = await h.gql(ADD, { input: { sessionId: s.id, skuId: sku.skuId, quota: 5, livePrice: '1.00' } }, { token: m.token });
    expect(tooMuch.data.addLiveItem.userErrors[0].code).toBe('SKU_ALREADY_IN_LINEUP');
    const s2 = await scheduled(h, m.token);
    const short = await h.gql(ADD, { input: { sessionId: s2.id, skuId: sku.skuId, quota: 71, livePrice: '1.00' } }, { token: m.token });
    expect(short.data.addLiveItem.userErrors[0]).toMatchObject({ code: 'INSUFFICIENT_STOCK', field: ['input', 'quota'] });
    expect(await stockOf(h, sku.code)).toBe(70);

    expect((await ok(h, QUOTA, { input: { itemId: item.id, change: 20 } }, m.token)).item.stockLeft).toBe(50);
    expect(await stockOf(h, sku.code)).toBe(50);
    const over = await h.gql(QUOTA, { input: { itemId: item.id, change: -51 } }, { token: m.token });
    expect(over.data.changeLiveItemQuota.userErrors[0].code).toBe('INSUFFICIENT_QUOTA');
    const above = await h.gql(QUOTA, { input: { itemId: item.id, change: 51 } }, { token: m.token });
    expect(above.data.changeLiveItemQuota.userErrors[0].code).toBe('INSUFFICIENT_STOCK');
    expect((await ok(h, QUOTA, { input: { itemId: item.id, change: -10 } }, m.token)).item.stockLeft).toBe(40);
    expect(await stockOf(h, sku.code)).toBe(60);

    const [other] = await products(h, op, ['5.00'], 10);
    const second = await addItem(h, m.token, s.id, other.skuId, 10);
    expect(second.position).toBe(1);
    expect(await stockOf(h, other.code)).toBe(0);
    const removed = await ok(h, REMOVE, { id: second.id }, m.token);
    expect(removed.item).toMatchObject({ status: 'REMOVED', stockLeft: 0 });
    expect(await stockOf(h, other.code)).toBe(10);
    const again = await h.gql(REMOVE, { id: second.id }, { token: m.token });
    expect(again.data.removeLiveItem.userErrors[0].code).toBe('ITEM_REMOVED');

    await ok(h, MOVE('start'), { id: s.id }, m.token);
    await ok(h, MOVE('end'), { id: s.id }, m.token);
    expect(await stockOf(h, sku.code)).toBe(100);
    const snapshot = (await h.gql(SESSION, { id: s.id }, { token: m.token })).data.liveSession;
    expect(snapshot.lineup.map((i: any) => [i.stockLeft, i.status])).toEqual([[0, 'ON_SALE']]);
    const closed = await h.gql(ADD, { input: { sessionId: s.id, skuId: other.skuId, quota: 1, livePrice: '1.00' } }, { token: m.token });
    expect(closed.data.addLiveItem.userErrors[0].code).toBe('SESSION_CLOSED');
    expect(await stockOf(h, other.code)).toBe(10);

    // Cancelling a scheduled session gives its quotas back too.
    const s3 = await scheduled(h, m.token);
    await addItem(h, m.token, s3.id, other.skuId, 4);
    expect(await stockOf(h, other.code)).toBe(6);
    await ok(h, MOVE('cancel'), { id: s3.id }, m.token);
    expect(await stockOf(h, other.code)).toBe(10);
    const movements = await h.sql(`select delta, reason from stock_movement m join sku s on s.id = m.sku_id where s.code = $1 order by m.created_at, m.id`, [
      other.code,
    ]);
    // The product's first stock, then the quota carved and given back twice.
    expect(movements.map((r) => r.delta)).toEqual([10, -10, 10, -4, 4]);
  });

  it('parallel adds of one SKU never carve more than its stock; stock is conserved', async () => {
    const m = await host(h);
    const [sku] = await products(h, op, ['10.00'], 50);
    const sessions = await Promise.all(Array.from({ length: 12 }, () => scheduled(h, m.token)));
    const answers = await Promise.all(
      sessions.map((s) => h.gql(ADD, { input: { sessionId: s.id, skuId: sku.skuId, quota: 7, livePrice: '8.00' } }, { token: m.token })),
    );
    const added = answers.filter((a) => a.data.addLiveItem.userErrors.length === 0);
    const refused = answers.filter((a) => a.data.addLiveItem.userErrors.length > 0);
    expect(added).toHaveLength(7);
    expect(refused.every((a) => a.data.addLiveItem.userErrors[0].code === 'INSUFFICIENT_STOCK')).toBe(true);
    expect(await conserved(h, sku.code)).toEqual({ stock: 1, quotas: 49, total: 50 });
    expect(await count(`live_item where sku_id = '${dbId(sku.skuId)}'`)).toBe(7);
  });

  it('parallel raises and lowers of one item keep quota ≥ 0 and stock conserved', async () => {
    const m = await host(h);
    const [sku] = await products(h, op, ['10.00'], 40);
    const s = await scheduled(h, m.token);
    const item = await addItem(h, m.token, s.id, sku.skuId, 10);
    const changes = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? 4 : -3));
    const answers = await Promise.all(changes.map((change) => h.gql(QUOTA, { input: { itemId: item.id, change } }, { token: m.token })));
    for (const a of answers) for (const e of a.data.changeLiveItemQuota.userErrors) expect(['INSUFFICIENT_QUOTA', 'INSUFFICIENT_STOCK']).toContain(e.code);
    const applied = changes.filter((_, i) => answers[i].data.changeLiveItemQuota.userErrors.length === 0).reduce((a, b) => a + b, 10);
    const totals = await conserved(h, sku.code);
    expect(totals).toEqual({ stock: 40 - applied, quotas: applied, total: 40 });
    const events = await storedEvents(h, s.id);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events[events.length - 1].data.stockLeft).toBe(applied);
  });

  it('answers an idempotency key once: a replay carves nothing more', async () => {
    const m = await host(h);
    const [sku] = await products(h, op, ['10.00'], 20);
    const s = await scheduled(h, m.token);
    const input = { sessionId: s.id, skuId: sku.skuId, quota: 5, livePrice: '3.00', idempotencyKey: 'live-add-0001' };
    const [a, b] = await Promise.all([h.gql(ADD, { input }, { token: m.token }), h.gql(ADD, { input }, { token: m.token })]);
    expect(a.data.addLiveItem.item.id).toBe(b.data.addLiveItem.item.id);
    expect(await stockOf(h, sku.code)).toBe(15);
    const reused = await h.gql(ADD, { input: { ...input, quota: 6 } }, { token: m.token });
    expect(reused.data.addLiveItem.userErrors[0].code).toBe('IDEMPOTENCY_KEY_REUSED');
    const item = a.data.addLiveItem.item;
    const raise = { itemId: item.id, change: 3, idempotencyKey: 'live-quota-0001' };
    await ok(h, QUOTA, { input: raise }, m.token);
    await ok(h, QUOTA, { input: raise }, m.token);
    expect(await stockOf(h, sku.code)).toBe(12);
  });

  it('refuses bad lineup input with a code, moving no stock', async () => {
    const m = await host(h);
    const [sku] = await products(h, op, ['10.00'], 20);
    const s = await scheduled(h, m.token);
    const base = { sessionId: s.id, skuId: sku.skuId, quota: 5, livePrice: '3.00' };
    const codes = async (input: Record<string, unknown>) => {
      const res = await h.gql(ADD, { input: { ...base, ...input } }, { token: m.token });
      return res.data?.addLiveItem?.userErrors[0]?.code ?? res.errors?.[0].extensions.code;
    };
    expect(await codes({ livePrice: '0.00' })).toBe('INVALID_PRICE');
    expect(await codes({ livePrice: '-1' })).toBe('BAD_USER_INPUT');
    expect(await codes({ quota: 0 })).toBe('BAD_USER_INPUT');
    expect(await codes({ perCustomerLimit: 1000 })).toBe('BAD_USER_INPUT');
    expect(await codes({ skuId: 'nope' })).toBe('SKU_NOT_FOUND');
    expect(await codes({ sessionId: 'nope' })).toBe('SESSION_NOT_FOUND');
    expect(await codes({ idempotencyKey: 'short' })).toBe('INVALID_IDEMPOTENCY_KEY');
    const stranger = await host(h, 'stranger');
    expect((await h.gql(ADD, { input: base }, { token: stranger.token })).data.addLiveItem.userErrors[0].code).toBe('SESSION_NOT_FOUND');
    expect(await stockOf(h, sku.code)).toBe(20);
    const item = await addItem(h, m.token, s.id, sku.skuId, 5);
    const quota = async (change: number) => {
      const res = await h.gql(QUOTA, { input: { itemId: item.id, change } }, { token: m.token });
      return res.data?.changeLiveItemQuota?.userErrors[0]?.code ?? res.errors?.[0].extensions.code;
    };
    expect(await quota(0)).toBe('INVALID_QUANTITY');
    expect(await quota(2_000_000)).toBe('BAD_USER_INPUT');
    const change = async (input: Record<string, unknown>) =>
      (await h.gql(CHANGE, { input: { itemId: item.id, ...input } }, { token: m.token })).data.updateLiveItem;
    expect((await change({})).userErrors[0].code).toBe('NOTHING_TO_CHANGE');
    expect((await change({ livePrice: '0' })).userErrors[0].code).toBe('INVALID_PRICE');
    expect((await change({ itemId: 'nope', livePrice: '1.00' })).userErrors[0].code).toBe('ITEM_NOT_FOUND');
    expect(await stockOf(h, sku.code)).toBe(15);
  });
});

describe('the pin (讲解中)', () => {
  it('one item at a time; off-sale, removed and sold-out items cannot be pinned; price changes while live', async () => {
    const m = await host(h);
    const skus = await products(h, op, ['10.00', '20.00', '30.00'], 10);
    const s = await scheduled(h, m.token);
    const [a, b, c] = await Promise.all(skus.map((k, i) => addItem(h, m.token, s.id, k.skuId, 3, `${i + 1}.00`)));
    const early = await h.gql(PIN, { id: a.id }, { token: m.token });
    expect(early.data.pinLiveItem.userErrors[0]).toMatchObject({ code: 'SESSION_NOT_LIVE' });
    await ok(h, MOVE('start'), { id: s.id }, m.token);
    const first = await ok(h, PIN, { id: a.id }, m.token);
    expect(first.item.pinned).toBe(true);
    const second = await ok(h, PIN, { id: b.id }, m.token);
    expect(second.session.pinnedItem.id).toBe(b.id);
    let snapshot = (await h.gql(SESSION, { id: s.id })).data.liveSession;
    expect(snapshot.lineup.filter((i: any) => i.pinned).map((i: any) => i.id)).toEqual([b.id]);

    // Taking the pinned item off sale unpins it; an off-sale item cannot be pinned.
    await ok(h, CHANGE, { input: { itemId: b.id, onSale: false } }, m.token);
    snapshot = (await h.gql(SESSION, { id: s.id })).data.liveSession;
    expect(snapshot.pinnedItem).toBeNull();
    expect((await h.gql(PIN, { id: b.id }, { token: m.token })).data.pinLiveItem.userErrors[0].code).toBe('ITEM_OFF_SALE');
    // Sold out (no quota left): refused until raised.
    await ok(h, QUOTA, { input: { itemId: c.id, change: -3 } }, m.token);
    expect((await h.gql(PIN, { id: c.id }, { token: m.token })).data.pinLiveItem.userErrors[0].code).toBe('ITEM_SOLD_OUT');
    await ok(h, QUOTA, { input: { itemId: c.id, change: 1 } }, m.token);
    await ok(h, PIN, { id: c.id }, m.token);
    // Removing the pinned item unpins it; a removed item cannot be pinned.
    await ok(h, REMOVE, { id: c.id }, m.token);
    expect((await h.gql(SESSION, { id: s.id })).data.liveSession.pinnedItem).toBeNull();
    expect((await h.gql(PIN, { id: c.id }, { token: m.token })).data.pinLiveItem.userErrors[0].code).toBe('ITEM_REMOVED');
    expect((await h.gql(UNPIN, { id: s.id }, { token: m.token })).data.unpinLiveItem.userErrors[0].code).toBe('NOTHING_PINNED');

    // Price changes while live: a PRICE event.
    const priced = await ok(h, CHANGE, { input: { itemId: a.id, livePrice: '0.99' } }, m.token);
    expect(priced.item.livePrice.amount).toBe('0.99');

    // Parallel pins of several items: exactly one ends pinned, and the events say so in order.
    await ok(h, CHANGE, { input: { itemId: b.id, onSale: true } }, m.token);
    await Promise.all([a, b, a, b, a, b].map((i) => h.gql(PIN, { id: i.id }, { token: m.token })));
    snapshot = (await h.gql(SESSION, { id: s.id })).data.liveSession;
    expect(snapshot.lineup.filter((i: any) => i.pinned)).toHaveLength(1);
    const events = await storedEvents(h, s.id);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    let pinned: string | null = null;
    for (const e of events) {
      if (e.type === 'pinned') {
        expect(pinned).toBeNull();
        pinned = e.data.itemId;
      }
      if (e.type === 'unpinned') {
        expect(e.data.itemId).toBe(pinned);
        pinned = null;
      }
    }
    expect(global('LiveItem', pinned!)).toBe(snapshot.pinnedItem.id);
    expect(events.some((e) => e.type === 'price' && e.data.livePrice === 99)).toBe(true);

    // Ending clears the pin.
    const ended = await ok(h, MOVE('end'), { id: s.id }, m.token);
    expect(ended.session.pinnedItem).toBeNull();
    const tail = (await storedEvents(h, s.id)).slice(-4).map((e) => e.type);
    expect(tail[0]).toBe('unpinned');
    expect(tail[tail.length - 1]).toBe('status');
  });
});

describe('events and snapshots', () => {
  it('numbers parallel events 1, 2, 3 … with no gap and none shared; the snapshot names the last', async () => {
    const m = await host(h);
    const [sku] = await products(h, op, ['10.00'], 10);
    const s = await live(h, m.token);
    const item = await addItem(h, m.token, s.id, sku.skuId, 2);
    await Promise.all(Array.from({ length: 25 }, (_, i) => ok(h, CHANGE, { input: { itemId: item.id, livePrice: `${i + 1}.00` } }, m.token)));
    const events = await storedEvents(h, s.id);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: events.length }, (_, i) => i + 1));
    expect(events.length).toBeGreaterThanOrEqual(2 + 24);
    const snapshot = (await h.gql(SESSION, { id: s.id })).data.liveSession;
    expect(snapshot.lastSeq).toBe(events.length);
  });

  it('storefronts see only the sessions shown on their app; operators all; filters narrow', async () => {
    const m = await host(h, 'visible');
    const other = await h.gql(
      'mutation { createStorefrontApp(name: "Live room app") { storefrontApp { id publicKey } userErrors { code } } }',
      {},
      { token: op, key: null },
    );
    const { id: otherApp, publicKey } = other.data.createStorefrontApp.storefrontApp;
    const mine = await scheduled(h, m.token, 'On the demo app');
    const elsewhere = await ok(
      h,
      CREATE,
      { input: { title: 'On the other app', scheduledStartAt: inAnHour(), hostId: global('Account', m.id), storefrontAppIds: [otherApp] } },
      op,
    );
    await ok(h, MOVE('start'), { id: mine.id }, m.token);
    const list = `query($f: LiveSessionFilter) { liveSessions(first: 50, filter: $f) { totalCount nodes { id title status } } }`;
    const byHost = { hostId: global('Account', m.id) };
    const demo = (await h.gql(list, { f: byHost })).data.liveSessions;
    expect(demo.nodes.map((n: any) => n.title)).toEqual(['On the demo app']);
    const otherSees = (await h.gql(list, { f: byHost }, { key: publicKey })).data.liveSessions;
    expect(otherSees.nodes.map((n: any) => n.title)).toEqual(['On the other app']);
    expect((await h.gql(SESSION, { id: elsewhere.session.id })).data.liveSession).toBeNull();
    const all = (await h.gql(list, { f: byHost }, { token: op, key: null })).data.liveSessions;
    expect(all.totalCount).toBe(2);
    const liveOnes = (await h.gql(list, { f: { ...byHost, statuses: ['LIVE'] } }, { token: op, key: null })).data.liveSessions;
    expect(liveOnes.nodes.map((n: any) => n.title)).toEqual(['On the demo app']);
    const onOther = (await h.gql(list, { f: { ...byHost, storefrontAppId: otherApp } }, { token: op, key: null })).data.liveSessions;
    expect(onOther.nodes.map((n: any) => n.title)).toEqual(['On the other app']);
    // The host sees their own session through any app.
    expect((await h.gql(SESSION, { id: elsewhere.session.id }, { token: m.token })).data.liveSession.title).toBe('On the other app');
    const node = await h.gql('query($id: ID!) { node(id: $id) { ... on LiveSession { title } } }', { id: mine.id });
    expect(node.data.node.title).toBe('On the demo app');
    // A session on both apps: each storefront sees only its own app among them; the host and operators see both.
    const both = await ok(
      h,
      CREATE,
      { input: { title: 'On both apps', scheduledStartAt: inAnHour(), hostId: global('Account', m.id), storefrontAppIds: [await demoApp(h), otherApp] } },
      op,
    );
    const appsSeen = async (options: Record<string, unknown>) =>
      (await h.gql('query($id: ID!) { liveSession(id: $id) { storefrontAppIds } }', { id: both.session.id }, options)).data.liveSession.storefrontAppIds;
    expect(await appsSeen({})).toEqual([await demoApp(h)]);
    expect(await appsSeen({ key: publicKey })).toEqual([otherApp]);
    expect((await appsSeen({ token: op, key: null })).sort()).toEqual([await demoApp(h), otherApp].sort());
    expect((await appsSeen({ token: m.token })).sort()).toEqual([await demoApp(h), otherApp].sort());
  });

  it("forgets a session's events a day after it ended", async () => {
    const m = await host(h);
    const s = await live(h, m.token);
    await ok(h, MOVE('end'), { id: s.id }, m.token);
    const kept = await live(h, m.token);
    await forgetOldEvents(h.orm.em.fork());
    expect(await storedEvents(h, s.id)).toHaveLength(2);
    await h.sql(`update live_session set ended_at = now() - interval '25 hours' where id = $1`, [dbId(s.id)]);
    await forgetOldEvents(h.orm.em.fork());
    expect(await storedEvents(h, s.id)).toHaveLength(0);
    expect(await storedEvents(h, kept.id)).toHaveLength(1);
  });
});

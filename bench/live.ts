/**
 * `npm run bench:live`: a live session on two API processes (the built API, dist/src/main.js, as
 * `npm start` runs it, sharing one database): 2,000 WebSocket subscribers of `liveSessionEvents`
 * spread over both, then 500 buyers racing over both for the pinned item, whose live quota is 100.
 * Printed: the outcomes, the answer times, and the delay from a sale to a subscriber's event — for
 * the k-th unit sold, from the k-th buyer's answer (just after its commit) to the first SOLD event
 * saying `sold >= k` at each subscriber — p50/p99 over every (unit, subscriber). Checked: exactly 100
 * orders, the item's quota 0 and sold 100, the SKU's stock only what carving the quota left (sales
 * do not take it again), and every subscriber's last STOCK event saying 0.
 *
 * Environment:
 *   DATABASE_URL   a PostgreSQL server to create the bench database on; without it an embedded
 *                  PostgreSQL is started in a temporary directory and removed afterwards.
 *   BENCH_SUBSCRIBERS (default 2000), BENCH_BUYERS (default 500), BENCH_UNITS quota (default 100).
 *   BENCH_WARMUP   ordinary checkouts of another product before the rush, over both processes (default 256),
 *                  as a shop serves before its host goes live; 0 for a rush on cold processes.
 *   BENCH_VIEWER_THREADS  worker threads the subscribers are read on (default 2; bench/lib/live-viewers.ts).
 *
 * Exit code 0 when every check passed, 1 otherwise.
 */
import { Agent } from 'node:http';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import 'reflect-metadata';
import { graphqlPost } from './lib/graphql-client';
import { DEMO } from '../src/db/demo-data';
import { openOrm } from '../src/db/orm';
import { AccessTokens } from '../src/modules/accounts/tokens';
import { ANNOUNCEMENT_GAP_MS } from '../src/modules/live/figures';
import { fromGlobalId, toGlobalId } from '../src/lib/ids';
import { Api } from './lib/api';
import { processCpuMs } from './lib/cpu';
import { warmUp } from './lib/warm-up';
import { scratchDatabase } from './lib/database';
import { freePorts } from './lib/ports';
import { bucketsOf, countOf, observedBetween, percentileBoundMs } from './lib/histogram';
import { liveFloorRush } from './lib/floors/live';
import { percentile } from './lib/rush';
import { FloorProcess } from './lib/floors/process';
import { connectViewers, saleDelays, soldSpreads, untilStockZero, writeToFirstViewer, type Viewers } from './lib/live-viewers';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 2000);
const BUYERS = Number(process.env.BENCH_BUYERS ?? 500);
const UNITS = Number(process.env.BENCH_UNITS ?? 100);
const WARMUP = Math.min(Number(process.env.BENCH_WARMUP ?? 256), BUYERS);
const JWT_SECRET = 'bench-only-jwt-secret-0123456789abcdef';

/** The API's histogram of how late it hands events to subscribers (src/modules/live/delivery.ts). */
const DELIVERY = 'live_event_delivery_seconds';

async function main(): Promise<number> {
  const database = await scratchDatabase('live_bench');
  const apis: Api[] = [];
  let subscribers: Viewers | null = null;
  try {
    const ports = await freePorts(2);
    const env = (port: number): NodeJS.ProcessEnv => ({
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      DATABASE_URL: database.url,
      SEED_DEMO_DATA: 'true',
      ALLOW_DEMO_DATA_IN_PRODUCTION: 'true',
      JWT_SECRET,
      PAYMENT_SANDBOX_SECRET: 'bench-only-sandbox-secret-0123456789abcdef',
      LOG_LEVEL: 'warn',
      RATE_LIMITS: 'off',
    });
    // The first migrates and seeds; the second finds both done.
    apis.push(await Api.start(env(ports[0]), ports[0]));
    apis.push(await Api.start(env(ports[1]), ports[1]));
    console.log(`live bench: API processes at ${apis.map((a) => a.base).join(' and ')}`);

    const agent = new Agent({ keepAlive: true, maxSockets: 256 });
    const gql = (api: Api, query: string, variables: Record<string, unknown>, token?: string): Promise<any> =>
      graphqlPost(agent, api.port, query, variables, token);
    const must = async (api: Api, query: string, variables: Record<string, unknown>, token?: string) => {
      const res = await gql(api, query, variables, token);
      const payload = res.data && (Object.values(res.data)[0] as any);
      if (res.errors || payload?.userErrors?.length) throw new Error(JSON.stringify(res).slice(0, 500));
      return payload;
    };

    // Accounts written straight into the database (a host who is a member, the buyers), signed in with the API's own token signer.
    const db = new Client({ connectionString: database.url });
    await db.connect();
    const orm = await openOrm(database.url, 2);
    const signer = new AccessTokens(JWT_SECRET, 3600, () => orm.em.fork());
    const accounts = async (n: number, role: string, stem: string) => {
      const made = await db.query<{ id: string }>(
        `insert into account (id, email, password_hash, display_name, role, created_at, updated_at)
         select gen_random_uuid(), $3 || '-' || g || '@bench.example', 'not-a-login', $3 || ' ' || g, $2, now(), now() from generate_series(1, $1::int) g returning id`,
        [n, role, stem],
      );
      const sessions = await db.query<{ id: string; account_id: string }>(
        'insert into account_session (id, account_id, created_at) select gen_random_uuid(), a, now() from unnest($1::uuid[]) as t(a) returning id, account_id',
        [made.rows.map((a) => a.id)],
      );
      return Promise.all(
        sessions.rows.map(async (s) => ({
          id: s.account_id,
          token: (await signer.sign({ accountId: s.account_id, role: role as never, sessionId: s.id })).token,
        })),
      );
    };
    const [host] = await accounts(1, 'member', 'live-host');
    const buyers = await accounts(BUYERS, 'customer', 'live-buyer');

    // The operator sets the session up through the first API: a product, the session, the item (quota carved), the pin.
    const [a] = apis;
    const op = (
      await must(a, 'mutation($input: LoginInput!) { login(input: $input) { tokens { accessToken } } }', {
        input: { login: DEMO.operatorEmail, password: DEMO.operatorPassword },
      })
    ).tokens.accessToken;
    const category = (await gql(a, '{ category(slug: "tea") { id } }', {})).data.category.id;
    const stock = UNITS * 3;
    /** A product of one SKU with `stock`, created and published by the operator. */
    const publishedProduct = async (name: string, codeStem: string): Promise<{ id: string; skus: { id: string }[] }> => {
      const created = (
        await must(
          a,
          'mutation($input: ProductCreateInput!) { createProduct(input: $input) { product { id skus { id } } userErrors { message } } }',
          { input: { name, categoryId: category, skus: [{ code: `${codeStem}-${randomBytes(3).toString('hex')}`, specs: [], price: '99.00', stock }] } },
          op,
        )
      ).product;
      await must(a, 'mutation($id: ID!) { publishProduct(id: $id) { userErrors { message } } }', { id: created.id }, op);
      return created;
    };
    const product = await publishedProduct('直播 bench tea', 'LIVE-BENCH');
    const app = (await db.query<{ id: string }>('select id from storefront_app where public_key = $1', [DEMO.storefrontPublicKey])).rows[0].id;
    const session = (
      await must(
        a,
        'mutation($input: CreateLiveSessionInput!) { createLiveSession(input: $input) { session { id } userErrors { message } } }',
        {
          input: {
            title: 'Bench live',
            scheduledStartAt: new Date(Date.now() + 60_000).toISOString(),
            hostId: toGlobalId('Account', host.id),
            storefrontAppIds: [toGlobalId('StorefrontApp', app)],
          },
        },
        op,
      )
    ).session;
    await must(a, 'mutation($id: ID!) { startLiveSession(id: $id) { userErrors { message } } }', { id: session.id }, op);
    const item = (
      await must(
        a,
        'mutation($input: AddLiveItemInput!) { addLiveItem(input: $input) { item { id } userErrors { message } } }',
        { input: { sessionId: session.id, skuId: product.skus[0].id, quota: UNITS, livePrice: '19.90', perCustomerLimit: 1 } },
        op,
      )
    ).item;
    await must(a, 'mutation($id: ID!) { pinLiveItem(itemId: $id) { userErrors { message } } }', { id: item.id }, op);

    // The subscribers, half on each process.
    process.stdout.write(`connecting ${SUBSCRIBERS} subscribers... `);
    const t0 = Date.now();
    subscribers = await connectViewers(
      apis.map((api) => `ws://127.0.0.1:${api.port}/graphql`),
      SUBSCRIBERS,
      session.id,
      { 'X-Storefront-Key': DEMO.storefrontPublicKey },
    );
    // Let every subscription finish its switchover (listen, backlog) before the rush.
    await new Promise((r) => setTimeout(r, 2000));
    console.log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const CHECKOUT = 'mutation($input: LiveCheckoutInput!) { checkoutLive(input: $input) { order { id } userErrors { code } } }';
    const address = { name: '观众', phone: '13800138000', region: '上海市 黄浦区', detail: '南京东路 1 号' };
    if (WARMUP > 0) {
      await warmUp(
        (query, variables) => gql(a, query, variables, op),
        category,
        buyers.slice(0, WARMUP).map((b) => b.token),
        (i, query, variables, token) => gql(apis[i % 2], query, variables, token),
        'over both processes',
      );
    }
    console.log(`rush: ${BUYERS} buyers at once over both processes for a quota of ${UNITS}`);
    const apiCpuBefore = apis.map((a) => processCpuMs(a.pid));
    const databaseCpuBefore = apis[0].databaseCpu.read();
    const benchCpuBefore = process.cpuUsage();
    const deliveryBefore = await Promise.all(apis.map(async (api) => bucketsOf(await api.metrics(), DELIVERY)));
    const statementsBefore = await Promise.all(apis.map(async (api) => (await api.counters()).sql));
    const started = performance.now();
    const answered: number[] = [];
    const placedAt: number[] = [];
    const answers = await Promise.all(
      buyers.map(async (buyer, i) => {
        const t = performance.now();
        const res = await gql(
          apis[i % 2],
          CHECKOUT,
          { input: { sessionId: session.id, lines: [{ itemId: item.id, quantity: 1 }], shippingAddress: address } },
          buyer.token,
        ).catch((err: Error) => ({ error: err.message }));
        const now = performance.now();
        answered.push(now - t);
        if (res.data?.checkoutLive?.order) placedAt.push(now);
        return res;
      }),
    );
    const rushMs = performance.now() - started;
    const firstError = answers.find((r) => r.errors || r.error);
    if (firstError) console.log(`first error: ${JSON.stringify(firstError.errors?.[0] ?? firstError.error).slice(0, 300)}`);
    const outcomes = new Map<string, number>();
    for (const r of answers) {
      const key = r.data?.checkoutLive?.order ? 'placed' : (r.data?.checkoutLive?.userErrors?.[0]?.code ?? (r.errors ? 'errors' : 'transport error'));
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    }

    // Every subscriber's last STOCK should say 0 within a few seconds.
    await untilStockZero(subscribers);
    const apiCpu = apis.map((a, i) => processCpuMs(a.pid) - apiCpuBefore[i]);
    const databaseCpu = apis[0].databaseCpu.spentSince(databaseCpuBefore);
    const benchCpu = process.cpuUsage(benchCpuBefore);
    const untilLastStock = performance.now() - started;
    const delivery = observedBetween(deliveryBefore, await Promise.all(apis.map(async (api) => bucketsOf(await api.metrics(), DELIVERY))));
    const statements = (await Promise.all(apis.map(async (api, i) => (await api.counters()).sql - statementsBefore[i]))).reduce((x, y) => x + y, 0);

    placedAt.sort((x, y) => x - y);
    const seen = await subscribers.report();
    const delays = saleDelays(seen, placedAt);
    // The delay's first part: from a sale's answer to the write of the first SOLD event that counts it
    // (the coalescing wait and the announcing statement). Wall clock: the events' times are the database's.
    const soldWrites = [...seen.soldEvents].sort((x, y) => x.sold - y.sold);
    const untilWritten = placedAt
      .map((t, i) => {
        const event = soldWrites.find((e) => e.sold >= i + 1);
        return event ? event.writtenAt - (performance.timeOrigin + t) : NaN;
      })
      .filter(Number.isFinite)
      .sort((x, y) => x - y);
    answered.sort((x, y) => x - y);

    const [row] = (
      await db.query(
        `select i.quota_left, i.sold, s.stock, (select count(*)::int from order_line where price_reason = 'LIVE_PRICE') as orders
           from live_item i join sku s on s.id = i.sku_id where i.id = $1`,
        [fromGlobalId(item.id)!.id],
      )
    ).rows;
    const [events] = (
      await db.query(`select count(*) filter (where type = 'stock')::int as stock, count(*) filter (where type = 'sold')::int as sold from live_event`)
    ).rows;
    const stockZero = seen.stockZero;
    const wsErrors = seen.errors;
    // How long one SOLD event takes to reach every subscriber, from the first to the last: the fan-out
    // over both processes plus the viewer threads reading 2,000 sockets; the rest of the delay is before it.
    const spreads = soldSpreads(seen);
    const toFirst = writeToFirstViewer(seen);
    subscribers.dispose();
    subscribers = null;

    console.log(`outcomes: ${[...outcomes].map(([k, v]) => `${k} ${v}`).join(', ')}; all answered in ${rushMs.toFixed(0)} ms`);
    console.log(`answer times ms: p50 ${percentile(answered, 50)}, p99 ${percentile(answered, 99)}, max ${percentile(answered, 100)}`);
    console.log(
      `events written: STOCK ${events.stock}, SOLD ${events.sold} (coalesced per item, at most one pair per ${ANNOUNCEMENT_GAP_MS} ms over both processes)`,
    );
    console.log(
      `delay from a sale's answer to a subscriber's SOLD event (${delays.length} samples): p50 ${percentile(delays, 50)} ms, p99 ${percentile(delays, 99)} ms, max ${percentile(delays, 100)} ms`,
    );
    console.log(
      `  of which from the sale's answer to its SOLD event's write (coalescing, announcing; ${untilWritten.length} sales): p50 ${percentile(untilWritten, 50)} ms, p99 ${percentile(untilWritten, 99)} ms;`,
    );
    console.log(
      `  from an event's write to its hand-over to a subscriber's connection in the API processes (${DELIVERY}, ${countOf(delivery)} hand-overs): ` +
        `p50 ${percentileBoundMs(delivery, 50)} ms, p99 ${percentileBoundMs(delivery, 99)} ms; the rest is the bench's viewers reading ${SUBSCRIBERS} sockets on the same cores`,
    );
    if (placedAt.length >= 2) {
      const at = (k: number) => (placedAt[Math.min(k, placedAt.length) - 1] - started).toFixed(0);
      const each = (placedAt[placedAt.length - 1] - placedAt[1]) / (placedAt.length - 2 || 1);
      console.log(
        `sales answered at (ms from the rush): 1st ${at(1)}, 2nd ${at(2)}, 10th ${at(10)}, 50th ${at(50)}, ${placedAt.length}th ${at(placedAt.length)} — ` +
          `from the 2nd on, one every ${each.toFixed(1)} ms`,
      );
    }
    console.log(
      `CPU from the rush until every subscriber had the last STOCK (${untilLastStock.toFixed(0)} ms, give or take the 100 ms polling): ` +
        `API processes ${apiCpu.map((ms) => ms.toFixed(0)).join(' + ')} ms, PostgreSQL ${databaseCpu.toFixed(0)} ms, ` +
        `this bench ${((benchCpu.user + benchCpu.system) / 1000).toFixed(0)} ms`,
    );
    console.log(
      `SQL statements the API processes sent from the rush until then (checkouts, announcements, presence, the job queue): ${statements}, ` +
        `${(statements / Math.max(1, placedAt.length)).toFixed(1)} per order placed`,
    );
    console.log(
      `one SOLD event from its first subscriber to its last (${spreads.length} events): p50 ${percentile(spreads, 50)} ms, max ${percentile(spreads, 100)} ms; ` +
        `from its write to its first subscriber: p50 ${percentile(toFirst, 50)} ms, max ${percentile(toFirst, 100)} ms`,
    );
    console.log(`item: quota left ${row.quota_left}, sold ${row.sold}; SKU stock ${row.stock} (was ${stock}, ${UNITS} carved); live orders ${row.orders}`);
    console.log(`subscribers whose last STOCK says 0: ${stockZero} of ${SUBSCRIBERS}; subscription errors ${wsErrors}`);

    const checks: [string, boolean][] = [
      [`exactly ${UNITS} orders`, outcomes.get('placed') === UNITS && row.orders === UNITS],
      ['every other buyer refused ITEM_SOLD_OUT', (outcomes.get('ITEM_SOLD_OUT') ?? 0) === BUYERS - UNITS],
      ['quota 0, sold = units', row.quota_left === 0 && row.sold === UNITS],
      ['SKU stock only the carve', row.stock === stock - UNITS],
      ["every subscriber's last STOCK is 0", stockZero === SUBSCRIBERS],
    ];
    await db.end();
    await orm.close();

    // The floor: the same viewers and rush against plain node:http + pg + ws, on an item of its own in the same session.
    const floorProduct = await publishedProduct('直播 bench floor tea', 'LIVE-FLOOR');
    const floorItem = (
      await must(
        a,
        'mutation($input: AddLiveItemInput!) { addLiveItem(input: $input) { item { id } userErrors { message } } }',
        { input: { sessionId: session.id, skuId: floorProduct.skus[0].id, quota: UNITS, livePrice: '19.90' } },
        op,
      )
    ).item;
    console.log(
      `floor: the same ${SUBSCRIBERS} viewers and ${BUYERS} buyers against two processes of plain node:http + pg + ws (the live sale's database work in one raw ` +
        "transaction: the order, its line and event, the quota's conditional decrement, the sale recorded; announcements coalesced as the API's, each a pg_notify " +
        'both processes fan out as pre-built frames), on an item of its own with the same quota',
    );
    const floor = await liveFloorRush(
      apis[0],
      { sessionId: fromGlobalId(session.id)!.id, itemId: fromGlobalId(floorItem.id)!.id, units: UNITS },
      { viewers: SUBSCRIBERS, buyers: BUYERS, shippingAddress: address },
    );
    console.log(
      `floor figures: all answered in ${floor.rushMs.toFixed(0)} ms; delay from a sale's answer to a viewer's SOLD event (${floor.delays.length} samples): ` +
        `p50 ${percentile(floor.delays, 50)} ms, p99 ${percentile(floor.delays, 99)} ms, max ${percentile(floor.delays, 100)} ms`,
    );
    if (floor.placedAt.length >= 2) {
      const at = (k: number) => (floor.placedAt[Math.min(k, floor.placedAt.length) - 1] - floor.started).toFixed(0);
      console.log(
        `floor sales answered at (ms from the rush): 1st ${at(1)}, 10th ${at(10)}, 50th ${at(50)}, ${floor.placedAt.length}th ${at(floor.placedAt.length)}`,
      );
    }
    console.log(
      `floor: one SOLD event from its first viewer to its last (${floor.spreads.length} events): p50 ${percentile(floor.spreads, 50)} ms, max ${percentile(floor.spreads, 100)} ms; ` +
        `from its write to its first viewer: p50 ${percentile(floor.toFirst, 50)} ms, max ${percentile(floor.toFirst, 100)} ms; ` +
        `CPU: floor processes ${floor.cpu.floor.map((ms) => ms.toFixed(0)).join(' + ')} ms, PostgreSQL ${floor.cpu.database.toFixed(0)} ms`,
    );
    const ratio = (ours: number[], theirs: number[], p: number) => (Number(percentile(ours, p)) / Math.max(1, Number(percentile(theirs, p)))).toFixed(1);
    console.log(`ours / floor: delay p50 ${ratio(delays, floor.delays, 50)}×, p99 ${ratio(delays, floor.delays, 99)}× (same run)`);

    checks.push(...floor.checks);
    for (const [what, ok] of checks) console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
    return checks.every(([, ok]) => ok) ? 0 : 1;
  } finally {
    subscribers?.dispose();
    await FloorProcess.stopAll();
    for (const api of apis.reverse()) await api.stop();
    await database.drop();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

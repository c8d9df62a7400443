/**
 * `npm run bench:flash-sale`: 2,000 buyers check out one flash sale of 100 units at the same moment,
 * over real HTTP against the API run as its own process (`dist/src/main.js`, as `npm start` runs it,
 * on the demo data), so the buyers' side of the bench does not share the API's event loop,
 * and the figures are printed — ms from the rush's start (every buyer's request handed to the HTTP
 * agent; none is sent before) until the last (100th) order was placed and until every buyer had an
 * answer, p50/p99 of the answer times — and checked: exactly 100
 * orders must be placed, every other buyer refused with FLASH_SALE_SOLD_OUT, the flash stock and
 * the SKU stock both down by exactly 100.
 *
 * Environment:
 *   DATABASE_URL     a PostgreSQL server to create the bench database on; without it an embedded
 *                    PostgreSQL is started in a temporary directory and removed afterwards.
 *   BENCH_BUYERS     buyers (default 2000); BENCH_UNITS flash stock (default 100);
 *   BENCH_SOCKETS    HTTP connections open at once (default 256); BENCH_POOL the API's database pool (default 20).
 *   BENCH_API_PROCESSES  API processes on the same database (default 1), the buyers spread evenly over them,
 *                    as a load balancer would: one per core shows what the machine does, one what a process does.
 *   BENCH_WARMUP     ordinary checkouts of another product before the rush (default BENCH_SOCKETS), over the
 *                    same connections, as a shop serves before a slot opens; 0 for a rush on a cold process.
 *   BENCH_FLOOR      0 to leave out the floor (default: run it).
 *   BENCH_PAUSE      seconds of quiet between the warm-up and the rush (default 0), as when a slot opens after a
 *                    quiet spell; the page faults printed show what the machine's memory reclaim did meanwhile.
 *
 * The floor, in the same run after the API's rush: the same rush against plain node:http + pg doing the
 * flash checkout's database work in one raw transaction per buyer (bench/lib/floors/flash.ts), on a flash
 * sale and SKU of its own, and the ratio of the API's times to the floor's.
 *
 * Exit code 0 when every check passed, 1 otherwise.
 */
import { Agent } from 'node:http';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { Client } from 'pg';
import 'reflect-metadata';
import { DEMO } from '../src/db/demo-data';
import { graphqlBody, graphqlPost, graphqlPostBody } from './lib/graphql-client';
import { openOrm } from '../src/db/orm';
import { AccessTokens } from '../src/modules/accounts/tokens';
import { Api } from './lib/api';
import { processCpuMs, processFaults } from './lib/cpu';
import { warmUp } from './lib/warm-up';
import { scratchDatabase } from './lib/database';
import { freePorts } from './lib/ports';
import { idOf } from '../src/lib/ids';
import { orderTimes, percentile, rush } from './lib/rush';
import { flashFloorRush } from './lib/floors/flash';
import { FloorProcess } from './lib/floors/process';

const BUYERS = Number(process.env.BENCH_BUYERS ?? 2000);
const UNITS = Number(process.env.BENCH_UNITS ?? 100);
const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 256);
const PROCESSES = Math.max(1, Number(process.env.BENCH_API_PROCESSES ?? 1));
const POOL = Number(process.env.BENCH_POOL ?? 20);
const WARMUP = Number(process.env.BENCH_WARMUP ?? SOCKETS);
const FLOOR = process.env.BENCH_FLOOR !== '0';
const PAUSE_SECONDS = Number(process.env.BENCH_PAUSE ?? 0);
const JWT_SECRET = randomBytes(24).toString('hex');
const SHIPPING_ADDRESS = { name: '抢购者', phone: '13800138000', region: '上海市 黄浦区', detail: '南京东路 1 号' };

async function main(): Promise<number> {
  const database = await scratchDatabase('flash_bench');
  const { url } = database;
  const apis: Api[] = [];
  let orm: Awaited<ReturnType<typeof openOrm>> | null = null;
  try {
    const ports = await freePorts(PROCESSES);
    // The API migrates and seeds the demo data itself, as `npm start` does; the others find them there.
    for (const port of ports)
      apis.push(
        await Api.start(
          {
            ...process.env,
            NODE_ENV: 'production',
            PORT: String(port),
            DATABASE_URL: url,
            DB_POOL_SIZE: String(POOL),
            SEED_DEMO_DATA: 'true',
            ALLOW_DEMO_DATA_IN_PRODUCTION: 'true',
            JWT_SECRET,
            PAYMENT_SANDBOX_SECRET: randomBytes(24).toString('hex'),
            LOG_LEVEL: 'warn',
            RATE_LIMITS: 'off',
          },
          port,
        ),
      );
    const [api] = apis;
    const [port] = ports;
    orm = await openOrm(url, 2);
    const agent = new Agent({ keepAlive: true, maxSockets: SOCKETS });
    const agents = ports.map(() => new Agent({ keepAlive: true, maxSockets: Math.ceil(SOCKETS / PROCESSES) }));
    /** The i-th buyer's request, to the i-th process in turn. */
    const gqlTo = (i: number, query: string, variables: Record<string, unknown>, token?: string): Promise<any> =>
      graphqlPost(agents[i % PROCESSES], ports[i % PROCESSES], query, variables, token);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const counters = async (settled: boolean) => {
      const each = await Promise.all(apis.map((a) => (settled ? a.settledCounters() : a.counters())));
      return { graphql: sum(each.map((c) => c.graphql)), sql: sum(each.map((c) => c.sql)) };
    };

    const gql = (query: string, variables: Record<string, unknown>, token?: string): Promise<any> => graphqlPost(agent, port, query, variables, token);

    // The operator sets the sale up through the API: a product, an all-day slot, a flash sale.
    const login = await gql('mutation($input: LoginInput!) { login(input: $input) { tokens { accessToken } } }', {
      input: { login: DEMO.operatorEmail, password: DEMO.operatorPassword },
    });
    const op = login.data.login.tokens.accessToken;
    const category = (await gql('{ category(slug: "tea") { id } }', {})).data.category.id;
    const slot = await gql(
      'mutation { createFlashSlot(input: { name: "全天场", startTime: "00:00", endTime: "24:00" }) { slot { id } userErrors { message } } }',
      {},
      op,
    );
    /** A product of `stock` units and a flash sale of UNITS on its SKU, live all day; their database ids. */
    const flashSaleOf = async (name: string, stock: number): Promise<{ skuGlobalId: string; skuId: string; flashSaleId: string; units: number }> => {
      const created = await gql(
        'mutation($input: ProductCreateInput!) { createProduct(input: $input) { product { id skus { id } } userErrors { message } } }',
        { input: { name, categoryId: category, skus: [{ code: `FLASH-BENCH-${randomBytes(3).toString('hex')}`, specs: [], price: '199.00', stock }] } },
        op,
      );
      const product = created.data.createProduct.product;
      await gql('mutation($id: ID!) { publishProduct(id: $id) { userErrors { message } } }', { id: product.id }, op);
      const sale = await gql(
        'mutation($input: FlashSaleCreateInput!) { createFlashSale(input: $input) { flashSale { id } userErrors { message } } }',
        {
          input: {
            slotId: slot.data.createFlashSlot.slot.id,
            skuId: product.skus[0].id,
            flashPrice: '9.90',
            flashStock: UNITS,
            perCustomerLimit: 1,
            startsAt: new Date(Date.now() - 3_600_000).toISOString(),
            endsAt: new Date(Date.now() + 86_400_000).toISOString(),
          },
        },
        op,
      );
      if (sale.data?.createFlashSale?.userErrors?.length !== 0) throw new Error(`createFlashSale: ${JSON.stringify(sale)}`);
      const skuId = idOf('Sku', product.skus[0].id)!;
      const [{ id: flashSaleId }] = await orm!.em.getConnection().execute<{ id: string }[]>('select id from flash_sale where sku_id = ?', [skuId]);
      return { skuGlobalId: product.skus[0].id, skuId, flashSaleId, units: UNITS };
    };
    const ours = await flashSaleOf('秒杀 bench tea', UNITS * 3);
    // The floor's own sale, set up now so that nothing changes the catalog between the warm-up and the API's rush.
    const floorSale = FLOOR ? await flashSaleOf('秒杀 bench tea (floor)', UNITS * 3 + WARMUP) : null;

    // The buyers: accounts and their sessions written in two statements, signed in with the API's own token signer.
    const db = new Client({ connectionString: url });
    await db.connect();
    const accounts = await db.query<{ id: string }>(
      `insert into account (id, email, password_hash, display_name, role, created_at, updated_at)
       select gen_random_uuid(), 'flash-' || g || '@bench.example', 'not-a-login', 'Flash buyer ' || g, 'customer', now(), now() from generate_series(1, $1::int) g returning id`,
      [BUYERS],
    );
    const sessions = await db.query<{ id: string; account_id: string }>(
      'insert into account_session (id, account_id, created_at) select gen_random_uuid(), a, now() from unnest($1::uuid[]) as t(a) returning id, account_id',
      [accounts.rows.map((a) => a.id)],
    );
    const signer = new AccessTokens(JWT_SECRET, 3600, () => orm!.em.fork());
    const tokens = await Promise.all(
      sessions.rows.map(async (s) => (await signer.sign({ accountId: s.account_id, role: 'customer' as never, sessionId: s.id })).token),
    );
    const [{ stock: stockBefore }] = (await db.query('select stock from sku where id = $1', [ours.skuId])).rows;

    const CHECKOUT = 'mutation($input: CheckoutInput!) { checkout(input: $input) { order { id } userErrors { code } } }';
    const input = { lines: [{ skuId: ours.skuGlobalId, quantity: 1 }], shippingAddress: SHIPPING_ADDRESS };
    console.log(
      `flash sale: ${BUYERS} buyers at once for ${UNITS} units (${SOCKETS} HTTP connections, ${PROCESSES} API process${PROCESSES > 1 ? 'es' : ''}, database pool ${POOL} each)`,
    );
    if (WARMUP > 0) {
      await warmUp((query, variables) => gql(query, variables, op), category, tokens.slice(0, WARMUP), gqlTo, "over the rush's connections");
    }
    if (PAUSE_SECONDS > 0) {
      console.log(`${PAUSE_SECONDS} s of quiet before the rush (BENCH_PAUSE)`);
      await new Promise((r) => setTimeout(r, PAUSE_SECONDS * 1000));
    }
    // Minor faults: pages in memory but unmapped meanwhile (a host's proactive reclaim unmaps memory left untouched for a while).
    const faults = () => {
      const of = (pids: (number | undefined)[]) =>
        pids.map(processFaults).reduce((a, f) => ({ minor: a.minor + f.minor, major: a.major + f.major }), { minor: 0, major: 0 });
      return { api: of(apis.map((a) => a.pid)), database: of(api.databaseCpu.pids()), bench: of([process.pid]) };
    };
    const faultsBefore = faults();
    const countersBefore = await counters(false);
    const apiCpuBefore = sum(apis.map((a) => processCpuMs(a.pid)));
    const databaseCpuBefore = api.databaseCpu.read();
    const body = graphqlBody(CHECKOUT, { input });
    const run = await rush(
      BUYERS,
      (i) => graphqlPostBody(agents[i % PROCESSES], ports[i % PROCESSES], body, tokens[i]).catch((err: Error) => ({ error: err.message })),
      (res) => !!res.data?.checkout?.order,
    );
    const { answers, latencies, placedAt, seconds, startedWallMs, handOverMs } = run;
    // An order counts as placed when its buyer has the answer.
    const soldOutAfter = placedAt.length >= UNITS ? placedAt[UNITS - 1] / 1000 : 0;
    const faultsAfter = faults();
    const apiCpu = sum(apis.map((a) => processCpuMs(a.pid))) - apiCpuBefore;
    const databaseCpu = api.databaseCpu.spentSince(databaseCpuBefore);

    const countersAfter = await counters(true);
    const outcomes = new Map<string, number>();
    for (const a of answers) {
      const key = a.data?.checkout?.order
        ? 'placed'
        : (a.data?.checkout?.userErrors?.[0]?.code ?? (a.errors ? 'errors' : a.error ? 'transport error' : 'unknown'));
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    }
    const placed = outcomes.get('placed') ?? 0;
    const [flash] = (await db.query('select flash_stock, sold from flash_sale where id = $1', [ours.flashSaleId])).rows;
    const [{ stock: stockAfter }] = (await db.query('select stock from sku where id = $1', [ours.skuId])).rows;
    const [{ n: orders }] = (await db.query(`select count(*)::int as n from order_line where price_reason = 'FLASH_SALE'`)).rows;
    // When the database wrote each order (its order.created event's now(): the write statement's start; it commits right after).
    // This bench reads 2,000 answers on the same cores as the API, so an order's answer reaches it later than the buyer's phone would.
    const writtenAt = (
      await db.query<{ at: number }>(
        `select extract(epoch from e.created_at) * 1000 as at from order_event e
          where e.type = 'order.created' and e.order_id in (select order_id from order_line where price_reason = 'FLASH_SALE') order by e.created_at`,
      )
    ).rows.map((r) => Number(r.at) - startedWallMs);
    await db.end();
    const pct = (p: number) => percentile(latencies, p);

    console.log(`the rush starts once the bench has handed all ${BUYERS} requests to its HTTP agent (${handOverMs.toFixed(0)} ms; none is sent before)`);
    console.log(`outcomes: ${[...outcomes].map(([k, v]) => `${k} ${v}`).join(', ')}`);
    console.log(
      `all ${BUYERS} checkouts answered in ${seconds.toFixed(2)} s: ${(BUYERS / seconds).toFixed(0)} checkout requests/s, ${(placed / seconds).toFixed(1)} orders/s over the whole rush`,
    );
    console.log(
      `the ${UNITS}th order was placed ${soldOutAfter.toFixed(2)} s after the rush began: ${(placed / soldOutAfter).toFixed(1)} orders/s while units lasted`,
    );
    const requests = countersAfter.graphql - countersBefore.graphql;
    console.log(
      `CPU during the rush: the API${PROCESSES > 1 ? ` (${PROCESSES} processes)` : ''} ${apiCpu.toFixed(0)} ms, PostgreSQL ${databaseCpu.toFixed(0)} ms ` +
        `(${(apiCpu / BUYERS).toFixed(2)} + ${(databaseCpu / BUYERS).toFixed(2)} ms per request; ${cpus().length} cores give ${(cpus().length * seconds * 1000).toFixed(0)} ms in ${seconds.toFixed(2)} s)`,
    );
    console.log(`SQL statements: ${((countersAfter.sql - countersBefore.sql) / requests).toFixed(2)} per checkout request (${requests} requests)`);
    const faultsIn = (side: 'api' | 'database' | 'bench') =>
      `${faultsAfter[side].minor - faultsBefore[side].minor} minor, ${faultsAfter[side].major - faultsBefore[side].major} major`;
    console.log(`page faults during the rush: the API ${faultsIn('api')}; PostgreSQL ${faultsIn('database')}; this bench ${faultsIn('bench')}`);
    // The figures to quote, in ms from the moment every buyer sent its checkout.
    const ms = (s: number) => (s * 1000).toFixed(0);
    console.log(
      `rush figures: ${placed === UNITS ? `last (${UNITS}th) order placed at ${ms(soldOutAfter)} ms` : `only ${placed} of ${UNITS} orders placed`}, ` +
        `every buyer answered at ${ms(seconds)} ms; answer times p50 ${pct(50)} ms, p99 ${pct(99)} ms`,
    );
    if (placedAt.length >= 2) console.log(`orders placed at (ms): ${orderTimes(placedAt)}`);
    if (writtenAt.length > 0) {
      const at = (k: number) => writtenAt[Math.min(k, writtenAt.length) - 1].toFixed(0);
      console.log(
        `orders written by the database at (ms, its clock): 1st ${at(1)}, 10th ${at(10)}, 50th ${at(50)}, ${writtenAt.length}th ${at(writtenAt.length)} — ` +
          `the rest of each order's time above is its answer's way back to this bench`,
      );
    }
    console.log(`flash stock left ${flash.flash_stock}, sold ${flash.sold}; SKU stock ${stockBefore} → ${stockAfter}; flash-sale order lines ${orders}`);
    const checks: [string, boolean][] = [
      [`exactly ${UNITS} orders placed`, placed === UNITS],
      ['every other buyer refused FLASH_SALE_SOLD_OUT', (outcomes.get('FLASH_SALE_SOLD_OUT') ?? 0) === BUYERS - UNITS],
      ['flash stock 0 and sold = units', flash.flash_stock === 0 && flash.sold === UNITS],
      ['SKU stock down by exactly the units', stockBefore - stockAfter === UNITS],
      ['one flash-sale order line per order', orders === UNITS],
    ];
    if (floorSale) {
      const floor = await flashFloorRush(api, floorSale, { buyers: BUYERS, sockets: SOCKETS, warmUp: WARMUP, shippingAddress: SHIPPING_ADDRESS });
      const f = floor.rush;
      const floorLast = f.placedAt.length >= UNITS ? f.placedAt[UNITS - 1] : NaN;
      console.log(
        `floor: the same rush against plain node:http + pg doing the flash checkout's database work in one raw transaction per buyer ` +
          `(the order, its line and event, the flash stock's conditional decrement and the purchase, the SKU's stock; refused from memory once sold out), ` +
          `its own flash sale of ${UNITS}, after ${WARMUP} ordinary checkouts over the same connections`,
      );
      console.log(
        `floor figures: last (${UNITS}th) order placed at ${floorLast.toFixed(0)} ms, every buyer answered at ${(f.seconds * 1000).toFixed(0)} ms; ` +
          `answer times p50 ${percentile(f.latencies, 50)} ms, p99 ${percentile(f.latencies, 99)} ms`,
      );
      if (f.placedAt.length >= 2) console.log(`floor orders placed at (ms): ${orderTimes(f.placedAt)}`);
      console.log(
        `floor CPU during its rush: the floor server ${floor.cpu.floor.toFixed(0)} ms, PostgreSQL ${floor.cpu.database.toFixed(0)} ms ` +
          `(${(floor.cpu.floor / BUYERS).toFixed(2)} + ${(floor.cpu.database / BUYERS).toFixed(2)} ms per request)`,
      );
      console.log(
        `ours / floor: the ${UNITS}th order ${((soldOutAfter * 1000) / floorLast).toFixed(1)}× the floor's time, every buyer answered ${(seconds / f.seconds).toFixed(1)}× (same run)`,
      );
      checks.push(...floor.checks);
    }
    for (const [what, ok] of checks) console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
    agent.destroy();
    return checks.every(([, ok]) => ok) ? 0 : 1;
  } finally {
    await FloorProcess.stopAll();
    for (const a of apis) await a.stop();
    await orm?.close(true);
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

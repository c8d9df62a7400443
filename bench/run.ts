/**
 * `npm run bench`: starts the built API the way a user would (production mode, demo data), drives
 * it with autocannon and prints throughput, latency and SQL statements per request for each scenario.
 *
 * Environment:
 *   BENCH_DURATION  seconds measured per run (default 10); a 2 s warm-up precedes each run.
 *   BENCH_ONLY      only the scenarios whose name contains this text.
 *   DATABASE_URL    use that PostgreSQL server; without it the app's embedded PostgreSQL is started
 *                   in a fresh temporary data directory, deleted afterwards.
 *
 * Exit code 0 when every scenario ran without errors and every check after the runs passed, 1 otherwise.
 * To add a scenario, add one entry to SCENARIOS. The checkout scenarios first register buyers and
 * give their SKUs a large stock through the API, and afterwards compare the orders the API holds
 * with the successful checkouts (AFTER_RUNS). The team scenarios first write a referral tree of
 * 100,000 members into the API's database with set-based SQL (before the checkout scenarios, so
 * their orders are in the orders check's baseline).
 *
 * First of all, the listing runs against two more API processes on the same database, alike but
 * for QUERY_LIMITS (off: no depth, cost, alias or input-bounds checks), in turns, so what those
 * checks cost is printed from the same run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { cpus, platform, release, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import 'reflect-metadata';
import { parse } from 'graphql';
import { loadConfig } from '../src/config';
import { DEMO } from '../src/db/demo-data';
import type { Context } from '../src/server/context';
import { guardOperation } from '../src/server/operation-guard';
import { schema } from '../src/server/schema';

const ROOT = resolve(__dirname, '..', '..'); // dist/bench/run.js → project root
const DURATION_S = positiveNumber('BENCH_DURATION', 10);
const WARMUP_S = 2;
/** BENCH_ONLY=<text>: only the scenarios whose name contains it (the edge-checks comparison always runs). */
const ONLY = process.env.BENCH_ONLY?.trim() || null;
const START_TIMEOUT_MS = 180_000; // first start runs initdb, migrations and seeding
const STOP_TIMEOUT_MS = 20_000;
const METRICS_TOKEN = createHash('sha256').update(`bench-metrics-${process.pid}-${Date.now()}`).digest('hex'); // the API started below requires it at /metrics
const STOREFRONT_HEADERS = { 'content-type': 'application/json', 'x-storefront-key': DEMO.storefrontPublicKey };

// ---------------------------------------------------------------------------------------------
// Scenarios: one entry each. `operation` is resolved once, before the runs, so a scenario can
// look up real ids/slugs through the API first instead of hard-coding them.
// ---------------------------------------------------------------------------------------------

interface Operation {
  query: string;
  variables?: Record<string, unknown>;
  /** Extra headers (e.g. Authorization for a signed-in scenario), on top of the storefront key. */
  headers?: Record<string, string>;
  /**
   * Called before every request, the check request included: that request's variables and
   * headers, on top of the ones above (e.g. another buyer's token, another SKU).
   */
  perRequest?(): { variables?: Record<string, unknown>; headers?: Record<string, string> };
  /**
   * Called on every response (warm-ups and the check request included): null for a success, else
   * what kind of failure it is, as counted in the report ("responses without ..."). Default:
   * defaultFailure.
   */
  failure?(status: number, text: string): string | null;
}

/** A failure unless HTTP 200 without GraphQL errors. */
function defaultFailure(status: number, text: string): string | null {
  if (status !== 200) return 'non-200 responses';
  if (text.includes('"errors"')) return 'responses with "errors"';
  return null;
}

/** The headers and body of one request of an operation. */
function requestOf(op: Operation): { headers: Record<string, string>; body: string } {
  const each = op.perRequest?.();
  return {
    headers: { ...STOREFRONT_HEADERS, ...op.headers, ...each?.headers },
    body: JSON.stringify({ query: op.query, variables: each?.variables ? { ...op.variables, ...each.variables } : op.variables }),
  };
}

interface Scenario {
  name: string;
  connections: number[];
  operation(api: Api): Promise<Operation>;
}

const LISTING = `query { products(first: 20) { nodes { id name slug status priceRange { min { amount currencyCode } max { amount } } images { url altText } category { id name } skus { id code specs { name value } price { amount currencyCode } memberPrice { amount } inStock } } } }`;
const PRODUCT_PAGE = `query($slug: String) { product(slug: $slug) { id name description status images { url } category { name } skus { id code specs { name value } price { amount } memberPrice { amount } inStock } } }`;

// ---------------------------------------------------------------------------------------------
// Checkout: buyers, stock and the orders check, shared by the checkout scenarios.
// ---------------------------------------------------------------------------------------------

const BUYERS = 200;
const BUYER_PASSWORD = 'bench-pass-2026';
const STOCK_ADDED = 1_000_000;
const SPREAD_SKUS = 100;
const CHECKOUT_CONNECTIONS = [16, 64];
const CHECKOUT_OPERATION = 'BenchCheckout';
/** "Buy now" of one line, asking for what an order confirmation page shows. */
const CHECKOUT = `mutation ${CHECKOUT_OPERATION}($input: CheckoutInput!) { checkout(input: $input) { order { id number status paymentDueAt cost { total { amount currencyCode } } lines { skuCode quantity unitPrice { amount } } } userErrors { code message field } } }`;
const SHIPPING_ADDRESS = { name: 'Bench Buyer', phone: '13800138000', region: '浙江省 杭州市 西湖区', detail: '文三路 100 号' };
/** Keeps idempotency keys unique across benchmarks on one database (DATABASE_URL). */
const RUN_TAG = Date.now().toString(36);
const REGISTER = 'mutation($input: RegisterInput!) { register(input: $input) { tokens { accessToken accessTokenExpiresAt } userErrors { code message } } }';
const LOGIN = 'mutation($input: LoginInput!) { login(input: $input) { tokens { accessToken accessTokenExpiresAt } userErrors { code message } } }';
const ADJUST_STOCK = 'mutation($input: StockAdjustmentInput!) { adjustSkuStock(input: $input) { sku { id stock } userErrors { code message } } }';

interface Session {
  accessToken: string;
  expiresAt: number;
}

interface AuthPayload {
  tokens: { accessToken: string; accessTokenExpiresAt: string } | null;
  userErrors: { code: string; message: string }[];
}

function sessionOf(payload: AuthPayload, what: string): Session {
  if (!payload.tokens) throw new Error(`${what}: ${payload.userErrors.map((e) => `${e.code} ${e.message}`).join('; ') || 'no tokens'}`);
  return { accessToken: payload.tokens.accessToken, expiresAt: Date.parse(payload.tokens.accessTokenExpiresAt) };
}

/** Signs in through the API; operators without the storefront key, as an operator console does. */
async function signIn(api: Api, login: string, password: string, storefrontKey: boolean): Promise<Session> {
  const data = await api.graphql<{ login: AuthPayload }>({ query: LOGIN, variables: { input: { login, password } } }, { storefrontKey });
  return sessionOf(data.login, `login as ${login}`);
}

async function ordersCount(api: Api, operator: Session): Promise<number> {
  const data = await api.graphql<{ orders: { totalCount: number } }>(
    { query: 'query { orders(first: 1) { totalCount } }', headers: { authorization: `Bearer ${operator.accessToken}` } },
    { storefrontKey: false },
  );
  return data.orders.totalCount;
}

/** How long a scenario's runs take, for tokens that must last through them. */
function runsMs(runs: number): number {
  return runs * (WARMUP_S + DURATION_S) * 1000;
}

class CheckoutBench {
  /** Orders and checkout operations the server had before the first checkout scenario; null until then. */
  private baseline: { orders: number; executed: number } | null = null;
  private skus: Promise<{ hot: string; spread: string[] }> | null = null;
  private buyers: Session[] = [];
  /** Numbers the checkout requests: picks the buyer and the SKU, makes the idempotency key. */
  private sequence = 0;
  /** Checkout responses read, and those with data.checkout.order: warm-ups and check requests included. */
  private answered = 0;
  private succeeded = 0;

  /** Once, before the first checkout: the baseline for the orders check, the SKUs and their stock. */
  skusFor(api: Api): Promise<{ hot: string; spread: string[] }> {
    return (this.skus ??= this.prepareSkus(api));
  }

  private async prepareSkus(api: Api): Promise<{ hot: string; spread: string[] }> {
    const t0 = Date.now();
    const operator = await signIn(api, DEMO.operatorEmail, DEMO.operatorPassword, false);
    this.baseline = { orders: await ordersCount(api, operator), executed: (await api.settledCounters()).operations.get(CHECKOUT_OPERATION) ?? 0 };

    // On-sale SKUs, found the way a storefront would; the first one is the hot SKU.
    const data = await api.graphql<{ products: { nodes: { status: string; skus: { id: string }[] }[] } }>({
      query: 'query { products(first: 100, filter: { inStock: true }) { nodes { status skus { id } } } }',
    });
    const onSale = data.products.nodes.filter((p) => p.status === 'ON_SALE');
    // The first SKU of every product, then the second ones, ...: as many products as possible.
    const ids: string[] = [];
    for (let k = 0; ids.length <= SPREAD_SKUS && onSale.some((p) => k < p.skus.length); k++) {
      for (const p of onSale) if (k < p.skus.length && ids.length <= SPREAD_SKUS) ids.push(p.skus[k].id);
    }
    if (ids.length < 2) throw new Error('fewer than 2 on-sale SKUs in the first 100 products in stock: is the demo data loaded?');
    const [hot, ...spread] = ids;

    // Enough stock that no run sells out; a stock-out would show as errors.
    await inParallel(ids, 8, async (skuId) => {
      const result = await api.graphql<{ adjustSkuStock: { userErrors: { code: string; message: string }[] } }>(
        {
          query: ADJUST_STOCK,
          variables: { input: { skuId, delta: STOCK_ADDED, reason: 'bench: stock for the checkout runs', idempotencyKey: `bench-stock-${RUN_TAG}-${skuId}` } },
          headers: { authorization: `Bearer ${operator.accessToken}` },
        },
        { storefrontKey: false },
      );
      const refused = result.adjustSkuStock.userErrors;
      if (refused.length) throw new Error(`adjustSkuStock ${skuId}: ${refused.map((e) => `${e.code} ${e.message}`).join('; ')}`);
    });
    console.log(
      `  checkout: hot SKU + ${spread.length} spread SKUs from ${Math.min(onSale.length, ids.length)} on-sale products, +${STOCK_ADDED.toLocaleString('en')} stock each ` +
        `(${((Date.now() - t0) / 1000).toFixed(1)} s); ${this.baseline.orders} orders before`,
    );
    return { hot, spread };
  }

  /** Buyers whose access tokens last `forMs` more (plus a minute): registered the first time, signed in again later. */
  async ensureBuyers(api: Api, forMs: number): Promise<void> {
    const until = Date.now() + forMs + 60_000;
    if (this.buyers.length === BUYERS && this.buyers.every((b) => b.expiresAt > until)) return;
    const t0 = Date.now();
    const again = this.buyers.length > 0;
    let registered = 0;
    this.buyers = await inParallel(Array.from({ length: BUYERS }, (_, i) => i), 16, async (i) => {
      const email = `bench-buyer-${i + 1}@example.com`;
      if (!again) {
        const data = await api.graphql<{ register: AuthPayload }>({
          query: REGISTER,
          variables: { input: { email, password: BUYER_PASSWORD, displayName: `Bench buyer ${i + 1}` } },
        });
        // EMAIL_TAKEN: a database kept from an earlier benchmark (DATABASE_URL); sign in instead.
        if (data.register.tokens || data.register.userErrors[0]?.code !== 'EMAIL_TAKEN') {
          const session = sessionOf(data.register, `register ${email}`);
          registered++;
          return session;
        }
      }
      return signIn(api, email, BUYER_PASSWORD, true);
    });
    const expiry = Math.min(...this.buyers.map((b) => b.expiresAt));
    if (expiry <= until) throw new Error(`the buyers' access tokens expire in ${Math.round((expiry - Date.now()) / 1000)} s, before the runs end: raise ACCESS_TOKEN_TTL_SECONDS`);
    console.log(
      `  checkout: ${BUYERS} buyers ${again ? 'signed in again' : `(${registered} registered, ${BUYERS - registered} signed in)`} in ${((Date.now() - t0) / 1000).toFixed(1)} s; ` +
        `tokens valid for ${Math.round((expiry - Date.now()) / 60_000)} min`,
    );
  }

  /** Checkout of 1 unit of skuOf(n) by buyer n (rotating), n counting every checkout request. */
  operation(skuOf: (n: number) => string): Operation {
    return {
      query: CHECKOUT,
      perRequest: () => {
        const n = this.sequence++;
        return {
          headers: { authorization: `Bearer ${this.buyers[n % this.buyers.length].accessToken}` },
          variables: { input: { lines: [{ skuId: skuOf(n), quantity: 1 }], shippingAddress: SHIPPING_ADDRESS, idempotencyKey: `bench-${RUN_TAG}-${n}` } },
        };
      },
      failure: (status, text) => {
        this.answered++;
        const failed = defaultFailure(status, text);
        if (failed) return failed;
        let order: unknown;
        try {
          order = (JSON.parse(text) as { data?: { checkout?: { order?: unknown } } }).data?.checkout?.order;
        } catch {
          return 'responses that are not JSON';
        }
        if (!order) return 'responses without data.checkout.order';
        this.succeeded++;
        return null;
      },
    };
  }

  /**
   * After the runs: the orders the API holds against the successful checkouts. When a timed run
   * ends, autocannon closes its connections with requests still in flight; the server places
   * those orders all the same, so they are counted from the server's metrics (checkout
   * operations it ran) less the answers read.
   */
  async verify(api: Api): Promise<{ ok: boolean; lines: string[] }> {
    if (!this.baseline) return { ok: true, lines: ['Orders check: skipped (no checkout scenario got as far as its runs).'] };
    const executed = ((await api.settledCounters()).operations.get(CHECKOUT_OPERATION) ?? 0) - this.baseline.executed;
    const operator = await signIn(api, DEMO.operatorEmail, DEMO.operatorPassword, false);
    const orders = await ordersCount(api, operator);
    const placed = orders - this.baseline.orders;
    const unread = executed - this.answered;
    const expected = this.succeeded + unread;
    const ok = placed === expected;
    return {
      ok,
      lines: [
        `Orders check (operator query orders(first: 1) { totalCount }): ${this.baseline.orders} before the checkout scenarios, ${orders} after: ${placed} orders placed.`,
        `  successful checkouts (answers with data.checkout.order, warm-ups and check requests included)  ${this.succeeded}`,
        `  checkouts the server ran whose answer was not read (in flight when a timed run ended)          ${unread}`,
        `  checkout answers that were failures                                                          ${this.answered - this.succeeded}`,
        ok
          ? `  orders placed = successful checkouts + unread ones: ${placed} = ${this.succeeded} + ${unread}: OK`
          : `  MISMATCH: ${placed} orders placed, but ${this.succeeded} successful checkouts + ${unread} unread ones = ${expected}`,
      ],
    };
  }
}

const checkout = new CheckoutBench();

// ---------------------------------------------------------------------------------------------
// Team figures on a deep referral tree, shared by the team scenarios.
// ---------------------------------------------------------------------------------------------

/** Members per level below the root, and levels: 100,000 members with the root (the last level one short). */
const TREE_WIDTH = 2_000;
const TREE_DEPTH = 50;
const TREE_MEMBERS = 100_000;
/** The member whose team the mid-tree scenario reads: the first of level 25. */
const MID_LEVEL = 25;
const TEAM_OPERATION = 'BenchTeam';
const TEAM = `query ${TEAM_OPERATION}($from: DateTimeISO!, $to: DateTimeISO!) { myTeam { size sales(from: $from, to: $to) { amount currencyCode } } }`;
const TEAM_CONNECTIONS = [1, 16];

/**
 * The tree: level 1 is 2,000 direct invitees of the root; below that, member k of level L was
 * invited by member k/2 of level L-1, so the first members of each level carry deep teams (the
 * first of level 25 has about 32,000 people below it) and the last ones none. Its ancestor at
 * level j is member k >> (L - j) of level j, which gives the closure rows without a recursive walk.
 * Counted here the same way, independently of the API: the members below member k of `level`.
 */
function teamSize(level: number, k: number): number {
  let size = 0;
  for (let below = level + 1; below <= TREE_DEPTH; below++) {
    const onLevel = Math.min(TREE_WIDTH, TREE_MEMBERS - 1 - (below - 1) * TREE_WIDTH);
    const span = 2 ** (below - level);
    size += Math.max(0, Math.min(onLevel, (k + 1) * span) - k * span);
  }
  return size;
}

class TeamBench {
  private tree: Promise<{ root: Session; mid: Session; sizes: { root: number; mid: number } }> | null = null;

  /** Once: the tree, its orders, and the two members signed in. */
  prepare(api: Api): Promise<{ root: Session; mid: Session; sizes: { root: number; mid: number } }> {
    return (this.tree ??= this.build(api));
  }

  private async build(api: Api) {
    const t0 = Date.now();
    const tag = `bench-ref-${RUN_TAG}-`;
    const email = (n: number) => `${tag}${n}@example.com`;
    // The root registers through the API; every generated member gets its password hash, so any of them can sign in.
    const registered = await api.graphql<{ register: AuthPayload }>({ query: REGISTER, variables: { input: { email: email(0), password: BUYER_PASSWORD, displayName: 'Bench team root' } } });
    sessionOf(registered.register, `register ${email(0)}`);

    const db = new Client({ connectionString: api.databaseUrl });
    await db.connect();
    let paths = 0;
    let orders = 0;
    try {
      await db.query('begin');
      // Loading as pg_restore --disable-triggers does: the rows below reference only accounts inserted first, and checking
      // 5 million foreign keys one by one would be two thirds of the time. Only a superuser may; anyone else waits longer.
      const [{ superuser }] = (await db.query<{ superuser: boolean }>(`select current_setting('is_superuser') = 'on' as superuser`)).rows;
      if (superuser) await db.query('set local session_replication_role = replica');
      const [root] = (await db.query<{ id: string; password_hash: string }>(`update account set role = 'member' where email = $1 returning id, password_hash`, [email(0)])).rows;
      // Member n (1 … 99,999) is member k = (n-1) % 2000 of level (n-1) / 2000 + 1. Its id grows with n, as uuidv7 ids
      // grow with time, under a prefix of this run's own.
      const prefix = createHash('md5').update(tag).digest('hex').slice(0, 8);
      await db.query(`create function pg_temp.member_id(n int) returns uuid language sql immutable as $$ select ('${prefix}-0000-7000-8000-' || lpad(to_hex(n), 12, '0'))::uuid $$`);
      await db.query(
        `create temp table bench_tree on commit drop as
           select n, pg_temp.member_id(n) as id, (n - 1) / ${TREE_WIDTH} + 1 as level, (n - 1) % ${TREE_WIDTH} as k
             from generate_series(1, ${TREE_MEMBERS - 1}) n`,
      );
      await db.query(
        `insert into account (id, email, password_hash, display_name, role, created_at, updated_at)
         select id, $1::text || n || '@example.com', $2, '团队成员 ' || n, 'member', now(), now() from bench_tree`,
        [tag, root.password_hash],
      );
      await db.query(
        `insert into referral_binding (invitee_id, inviter_id, source, bound_at)
         select id, case when level = 1 then $1::uuid else pg_temp.member_id((level - 2) * ${TREE_WIDTH} + k / 2 + 1) end, 'invite_link', now()
           from bench_tree`,
        [root.id],
      );
      paths = (await db.query(
        `insert into referral_path (ancestor_id, descendant_id, depth)
         select case when j = 0 then $1::uuid else pg_temp.member_id((j - 1) * ${TREE_WIDTH} + (t.k >> least(t.level - j, 20)) + 1) end, t.id, t.level - j
           from bench_tree t cross join lateral generate_series(0, t.level - 1) j`,
        [root.id],
      )).rowCount ?? 0;
      // One row per member and ancestor: a member of level L has L ancestors (the root included).
      let expectedPaths = 0;
      for (let n = 1; n < TREE_MEMBERS; n++) expectedPaths += Math.floor((n - 1) / TREE_WIDTH) + 1;
      if (paths !== expectedPaths) throw new Error(`the tree has ${paths} closure rows, ${expectedPaths} expected`);
      // Every 4th member has a paid order of ¥50–¥500 in the last 60 days; every 10th of those is half refunded.
      orders = (await db.query(
        `insert into customer_order (id, number, customer_id, storefront_app_id, status, subtotal, discount_total, shipping_fee, total, refunded_total, adjustments,
                                     ship_name, ship_phone, ship_region, ship_detail, placed_at, payment_due_at, paid_at, updated_at)
         select gen_random_uuid(), 'B' || $1::text || n, id, (select id from storefront_app where public_key = $2), 'paid', amount, 0, 0, amount,
                case when n % 40 = 0 then amount / 2 else 0 end, '[]', 'Bench buyer', '13800138000', '浙江省 杭州市 西湖区', '文三路 100 号',
                paid - interval '5 minutes', paid + interval '25 minutes', paid, paid
           from (select n, id, 5000 + (n * 7919) % 45000 as amount, now() - ((n::bigint * 104729) % (60 * 86400)) * interval '1 second' as paid
                   from bench_tree where n % 4 = 0) o`,
        [RUN_TAG, DEMO.storefrontPublicKey],
      )).rowCount ?? 0;
      await db.query('commit');
      // Fresh statistics for the planner and a visibility map for index-only scans, as a database that lived with this data would have.
      await db.query('vacuum analyze account, referral_binding, referral_path, customer_order');
    } catch (err) {
      await db.query('rollback').catch(() => undefined);
      throw err;
    } finally {
      await db.end();
    }

    const midN = (MID_LEVEL - 1) * TREE_WIDTH + 1;
    const [root, mid] = await Promise.all([signIn(api, email(0), BUYER_PASSWORD, true), signIn(api, email(midN), BUYER_PASSWORD, true)]);
    const sizes = { root: TREE_MEMBERS - 1, mid: teamSize(MID_LEVEL, 0) };
    console.log(
      `  team: ${TREE_MEMBERS.toLocaleString('en')} members in ${TREE_DEPTH} levels, ${paths.toLocaleString('en')} closure rows, ${orders.toLocaleString('en')} paid orders, ` +
        `written in ${((Date.now() - t0) / 1000).toFixed(1)} s; teams of ${sizes.root.toLocaleString('en')} (root) and ${sizes.mid.toLocaleString('en')} (level ${MID_LEVEL})`,
    );
    return { root, mid, sizes };
  }

  /** myTeam { size sales } of the last 30 days, as the member; a wrong size counts as a failure. */
  operation(member: Session, size: number): Operation {
    const to = new Date();
    const from = new Date(to.getTime() - 30 * 86_400_000);
    return {
      query: TEAM,
      variables: { from: from.toISOString(), to: to.toISOString() },
      headers: { authorization: `Bearer ${member.accessToken}` },
      failure: (status, text) => defaultFailure(status, text) ?? (text.includes(`"size":${size},`) ? null : 'responses with a wrong team size'),
    };
  }
}

const team = new TeamBench();

// Group-buy: a product page's joinable sessions ("2 short, 03:12:09 left") over 500 open sessions.
const JOINABLE = `query($p: ID!) { joinableGroupBuySessions(productId: $p, first: 20) { nodes { id shareToken size joined remaining secondsLeft expiresAt leader { displayName avatarUrl } } } }`;
const GROUP_BUY_SESSIONS = 500;

/** A campaign on the first on-sale product with open sessions, written straight into the database; returns the product's global id. */
async function joinableSessions(api: Api): Promise<string> {
  const db = new Client({ connectionString: api.databaseUrl });
  await db.connect();
  try {
    const [product] = (await db.query<{ id: string; sku_id: string }>(
      `select p.id, s.id as sku_id from product p join sku s on s.product_id = p.id where p.publication = 'published' and p.sale_starts_at is null order by p.slug, s.position limit 1`,
    )).rows;
    const campaignId = `${createHash('md5').update(`gb-${RUN_TAG}`).digest('hex').slice(0, 8)}-0000-7000-8000-000000000000`;
    const created = await db.query(
      `insert into group_buy_campaign (id, product_id, name, size, session_seconds, starts_at, ends_at, per_customer_limit, max_quantity, new_customers_only, leader_discount, status, created_at)
       values ($1, $2, 'Bench group-buy', 3, 86400, now() - interval '1 hour', now() + interval '7 days', 1, 1, false, 0, 'active', now()) on conflict do nothing`,
      [campaignId, product.id],
    );
    if (created.rowCount === 0) return Buffer.from(`Product:${product.id}`).toString('base64url');
    await db.query(`insert into group_buy_campaign_sku (id, campaign_id, sku_id, group_price) values (gen_random_uuid(), $1, $2, 100)`, [campaignId, product.sku_id]);
    await db.query(
      `insert into group_buy_session (id, campaign_id, product_id, leader_id, share_token, size, reserved, paid, status, opened_at, expires_at)
       select gen_random_uuid(), $1::uuid, $2::uuid, a.id, md5(gen_random_uuid()::text), 3, 1 + g % 2, 1, 'open', now(), now() + make_interval(secs => 3600 + g * 60)
         from generate_series(1, ${GROUP_BUY_SESSIONS}) g cross join lateral (select id from account order by id offset g % 3 limit 1) a`,
      [campaignId, product.id],
    );
    return Buffer.from(`Product:${product.id}`).toString('base64url');
  } finally {
    await db.end();
  }
}

const SCENARIOS: Scenario[] = [
  {
    name: 'listing',
    connections: [16, 64],
    operation: async () => ({ query: LISTING }),
  },
  {
    name: 'product page',
    connections: [16, 64],
    operation: async (api) => {
      // A real on-sale product from the seeded catalog, found the way a storefront would.
      const data = await api.graphql<{ products: { nodes: { slug: string; status: string }[] } }>({
        query: 'query { products(first: 20, filter: { statuses: [ON_SALE] }) { nodes { slug status } } }',
      });
      const product = data.products.nodes.find((p) => p.status === 'ON_SALE');
      if (!product) throw new Error('no ON_SALE product in the first page of products: is the demo data loaded?');
      return { query: PRODUCT_PAGE, variables: { slug: product.slug } };
    },
  },
  {
    // Team size and 30-day team sales of the root: a team of 99,999, 50 levels deep.
    name: 'team of 100k (root)',
    connections: TEAM_CONNECTIONS,
    operation: async (api) => {
      const { root, sizes } = await team.prepare(api);
      return team.operation(root, sizes.root);
    },
  },
  {
    // The same for the first member of level 25: a team of about 32,000, 25 levels deep.
    name: 'team of 32k (level 25)',
    connections: TEAM_CONNECTIONS,
    operation: async (api) => {
      const { mid, sizes } = await team.prepare(api);
      return team.operation(mid, sizes.mid);
    },
  },
  {
    name: 'group-buy joinable sessions',
    connections: [16, 64],
    operation: async (api) => ({ query: JOINABLE, variables: { p: await joinableSessions(api) } }),
  },
  {
    // Every request: 1 unit of the same SKU, by the next of the buyers: contention on one stock row.
    name: 'checkout, hot SKU',
    connections: CHECKOUT_CONNECTIONS,
    operation: async (api) => {
      await checkout.ensureBuyers(api, runsMs(CHECKOUT_CONNECTIONS.length));
      const { hot } = await checkout.skusFor(api);
      return checkout.operation(() => hot);
    },
  },
  {
    // Every request: 1 unit of the next of ~100 on-sale SKUs, by the next of the buyers.
    name: 'checkout, spread SKUs',
    connections: CHECKOUT_CONNECTIONS,
    operation: async (api) => {
      await checkout.ensureBuyers(api, runsMs(CHECKOUT_CONNECTIONS.length));
      const { spread } = await checkout.skusFor(api);
      return checkout.operation((n) => spread[n % spread.length]);
    },
  },
];

/** Checks after all runs; a failed one fails the benchmark. */
const AFTER_RUNS: { name: string; run(api: Api): Promise<{ ok: boolean; lines: string[] }> }[] = [
  { name: 'orders check', run: (api) => checkout.verify(api) },
];

// ---------------------------------------------------------------------------------------------
// The API under test, as a child process.
// ---------------------------------------------------------------------------------------------

interface Counters {
  sql: number;
  graphql: number;
  operations: Map<string, number>;
}

class Api {
  readonly base: string;
  /** The API's database, for scenarios that write their data set straight into it. */
  readonly databaseUrl: string;
  /** The last lines the child printed, for error messages. */
  private tail: string[] = [];
  /** Lines printed during the runs: with LOG_LEVEL=warn, warnings or errors worth a look. */
  logLinesDuringRuns = 0;
  /** Set when the runs begin, so the start-up banner is not counted as log lines. */
  running = false;
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    private readonly embedded: boolean,
    databaseUrl: string,
  ) {
    this.base = `http://127.0.0.1:${port}`;
    this.databaseUrl = databaseUrl;
    this.exited = new Promise((done) => child.once('exit', () => done()));
  }

  static async start(env: NodeJS.ProcessEnv, port: number): Promise<Api> {
    const child = spawn(process.execPath, ['dist/src/main.js'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const external = env.DATABASE_URL?.trim();
    // The embedded server's credentials and database name are the app's (src/db/embedded.ts, database.ts).
    const api = new Api(child, port, !external, external || `postgresql://postgres:postgres@127.0.0.1:${env.EMBEDDED_PG_PORT}/commerce`);
    let ready = false;
    await new Promise<void>((resolveReady, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the API did not print "ready:" within ${START_TIMEOUT_MS / 1000} s. Last output:\n${api.lastOutput()}`)),
        START_TIMEOUT_MS,
      );
      const onLine = (line: string) => {
        if (!line.trim()) return;
        api.tail.push(line);
        if (api.tail.length > 40) api.tail.shift();
        if (api.running) api.logLinesDuringRuns++;
        else if (!ready && line.includes('ready:')) {
          ready = true;
          clearTimeout(timer);
          resolveReady();
        }
      };
      lines(child.stdout!, onLine);
      lines(child.stderr!, onLine);
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (!ready) reject(new Error(`the API exited (${signal ?? `code ${code}`}) before it was ready. Output:\n${api.lastOutput()}`));
      });
    });
    return api;
  }

  /** null while running. */
  exitCode(): number | string | null {
    return this.child.exitCode ?? this.child.signalCode;
  }

  lastOutput(n = 20): string {
    return this.tail.slice(-n).map((l) => `  | ${l}`).join('\n') || '  (nothing)';
  }

  /** SIGINT lets the app stop the embedded PostgreSQL cleanly; SIGKILL only if it hangs. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGINT');
    const timedOut = await Promise.race([this.exited.then(() => false), sleep(STOP_TIMEOUT_MS).then(() => true)]);
    if (timedOut) {
      // Not a benchmark failure, but worth seeing: a deployment's SIGTERM would hang the same way.
      console.error(
        `\nWarning: the API did not exit within ${STOP_TIMEOUT_MS / 1000} s of SIGINT; killed it with SIGKILL` +
          (this.embedded ? ' (its embedded PostgreSQL may be left running).' : '.'),
      );
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }

  /** One GraphQL request, with the storefront key unless told otherwise; throws on HTTP or GraphQL errors. */
  async graphql<T>(op: Operation, options: { storefrontKey?: boolean } = {}): Promise<T> {
    const headers = options.storefrontKey === false ? { 'content-type': 'application/json', ...op.headers } : { ...STOREFRONT_HEADERS, ...op.headers };
    const res = await this.request('POST', '/graphql', headers, JSON.stringify({ query: op.query, variables: op.variables }));
    let body: { data?: T; errors?: { message: string }[] };
    try {
      body = JSON.parse(res.text);
    } catch {
      throw new Error(`HTTP ${res.status}, not JSON: ${res.text.slice(0, 300)}`);
    }
    if (res.status !== 200 || body.errors?.length || !body.data) {
      throw new Error(`HTTP ${res.status}: ${body.errors?.map((e) => e.message).join('; ') ?? res.text.slice(0, 300)}`);
    }
    return body.data;
  }

  /**
   * A request on a connection of its own (agent: false). A pooled keep-alive connection that sat
   * idle through a run can be closed by the server (keepAliveTimeout 5 s) just as it is reused,
   * and the request then fails with a reset that has nothing to do with the API.
   */
  request(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; text: string }> {
    return new Promise((done, fail) => {
      const req = httpRequest(`${this.base}${path}`, { method, headers, agent: false, timeout: 30_000 }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done({ status: res.statusCode ?? 0, text }));
        res.on('error', fail);
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within 30 s`)));
      req.on('error', (err) => fail(new Error(`${method} ${path}: ${err.message}`)));
      req.end(body);
    });
  }

  /**
   * The two counters the SQL-per-request figure needs, from the Prometheus text at /metrics, and
   * the GraphQL operations by name (every outcome).
   */
  async counters(): Promise<Counters> {
    const res = await this.request('GET', '/metrics', { authorization: `Bearer ${METRICS_TOKEN}` });
    if (res.status !== 200) throw new Error(`GET /metrics: HTTP ${res.status}`);
    const text = res.text;
    let sql = NaN;
    let graphql = 0;
    const operations = new Map<string, number>();
    for (const line of text.split('\n')) {
      const m = /^(sql_statements_total|graphql_requests_total)(\{[^}]*\})? ([\d.e+-]+)$/.exec(line);
      if (!m) continue;
      if (m[1] === 'sql_statements_total') sql = Number(m[3]);
      else {
        graphql += Number(m[3]); // summed over every operation and outcome label
        const operation = /operation="([^"]*)"/.exec(m[2] ?? '')?.[1];
        if (operation !== undefined) operations.set(operation, (operations.get(operation) ?? 0) + Number(m[3]));
      }
    }
    if (Number.isNaN(sql)) throw new Error('GET /metrics has no sql_statements_total');
    return { sql, graphql, operations };
  }

  /**
   * Counters once the server is idle. When autocannon stops, requests already sent are still
   * being answered; reading too early would leave them out of one run and count them in the next.
   */
  async settledCounters(): Promise<Counters> {
    let last = await this.counters();
    for (let i = 0; i < 50; i++) {
      await sleep(100);
      const now = await this.counters();
      if (now.graphql === last.graphql && now.sql === last.sql) return now;
      last = now;
    }
    return last;
  }
}

// ---------------------------------------------------------------------------------------------
// One run: warm-up, then a measured autocannon run between two /metrics readings.
// ---------------------------------------------------------------------------------------------

interface Row {
  scenario: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  sqlPerRequest: number;
  errors: number;
  /** Why the errors count is not zero, for the report below the table. */
  notes: string[];
}

async function runOnce(api: Api, scenario: string, op: Operation, connections: number): Promise<Row> {
  const { headers, body } = requestOf(op);
  const failure = op.failure ?? defaultFailure;
  // Every response is checked, not a sample: autocannon buffers each body anyway, and a substring
  // test is cheap next to the request itself.
  let failures = new Map<string, number>();
  let firstError = '';
  const options = (duration: number): autocannon.Options => ({
    url: api.base,
    connections,
    duration,
    requests: [
      {
        method: 'POST',
        path: '/graphql',
        headers,
        body,
        // Each request its own variables and headers (another buyer, another SKU), when the operation
        // varies. Only then: a setupRequest key set to undefined would replace autocannon's default.
        ...(op.perRequest && {
          setupRequest: (req: autocannon.Request) => {
            const each = requestOf(op);
            return { ...req, headers: { ...req.headers, ...each.headers }, body: each.body };
          },
        }),
        onResponse: (status, text) => {
          const failed = failure(status, text);
          if (!failed) return;
          failures.set(failed, (failures.get(failed) ?? 0) + 1);
          if (!firstError) firstError = `HTTP ${status}: ${text.trim().slice(0, 300)}`;
        },
      },
    ],
  });

  // Warm-up: JIT, connection pools, PostgreSQL caches. Its counts are thrown away.
  await autocannon(options(WARMUP_S));
  failures = new Map();
  firstError = '';

  const before = await api.settledCounters();
  const result = await autocannon(options(DURATION_S));
  const after = await api.settledCounters();

  const operations = after.graphql - before.graphql;
  const notes: string[] = [];
  let failed = 0;
  for (const [kind, count] of failures) {
    notes.push(`${count} ${kind}`);
    failed += count;
  }
  if (result.errors) notes.push(`${result.errors} connection errors (${result.timeouts} timeouts)`);
  if (firstError) notes.push(`first: ${firstError}`);
  if (result.requests.total === 0) notes.push('no request completed');
  return {
    scenario,
    connections,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    sqlPerRequest: operations > 0 ? (after.sql - before.sql) / operations : NaN,
    errors: failed + result.errors + (result.requests.total === 0 ? 1 : 0),
    notes,
  };
}

// ---------------------------------------------------------------------------------------------
// Main: start, check each scenario once, run, print, always clean up.
// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  // What cleanup must undo; an object so the SIGINT handler sees what exists at that moment.
  const started: { api: Api | null; dataDir: string | null } = { api: null, dataDir: null };
  // One shared promise: after a Ctrl-C, main's own `finally` waits for the same cleanup, not a no-op.
  let cleaning: Promise<void> | null = null;
  const cleanup = () =>
    (cleaning ??= (async () => {
      if (started.api) await started.api.stop();
      if (started.dataDir) await rm(started.dataDir, { recursive: true, force: true });
    })());
  // Ctrl-C during a run: still stop the API (and its PostgreSQL) and delete the data directory.
  process.once('SIGINT', () => {
    console.error('\nInterrupted: stopping the API.');
    void cleanup().finally(() => process.exit(130));
  });

  try {
    const [port, pgPort, checkedPort, uncheckedPort] = await freePorts(4);
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', PORT: String(port), SEED_DEMO_DATA: 'true', LOG_LEVEL: 'warn', METRICS_TOKEN, RATE_LIMITS: process.env.RATE_LIMITS || 'off' };
    let database: string;
    if (process.env.DATABASE_URL?.trim()) {
      // Production with a real server requires a real secret; any 32+ characters do for a benchmark.
      env.JWT_SECRET = process.env.JWT_SECRET || 'bench-only-jwt-secret-0123456789abcdef';
      database = 'PostgreSQL at DATABASE_URL';
    } else {
      // 0755: as root, the embedded PostgreSQL runs as the "postgres" user, which must enter this directory.
      const dataDir = (started.dataDir = await mkdtemp(join(tmpdir(), 'commerce-bench-')));
      await chmod(dataDir, 0o755);
      env.DATA_DIR = dataDir;
      env.EMBEDDED_PG_PORT = String(pgPort);
      database = `embedded PostgreSQL (port ${pgPort}, data in ${dataDir})`;
    }

    const cpu = cpus();
    console.log(`Benchmark  ${new Date().toISOString()}`);
    console.log(`Machine    ${cpu.length} cores, ${cpu[0]?.model.trim() ?? 'unknown CPU'}; ${platform()} ${release()}`);
    console.log(`Node       ${process.version}`);
    console.log(`Database   ${database}`);
    console.log(`Runs       ${WARMUP_S} s warm-up + ${DURATION_S} s measured each; autocannon shares the machine with the API\n`);

    const t0 = Date.now();
    process.stdout.write('Starting the API... ');
    const api = (started.api = await Api.start(env, port));
    console.log(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s at ${api.base}`);

    const rows: Row[] = [];
    rows.push(...(await compareEdgeChecks(api, env, [checkedPort, uncheckedPort])));
    api.running = true;
    for (const scenario of SCENARIOS.filter((sc) => !ONLY || sc.name.includes(ONLY))) {
      let op: Operation;
      try {
        op = await scenario.operation(api);
        // One request first: a broken query fails here, clearly, not as 10 s of errors.
        const { headers, body } = requestOf(op);
        const res = await api.request('POST', '/graphql', headers, body);
        const failed = (op.failure ?? defaultFailure)(res.status, res.text);
        if (failed) throw new Error(`the check request failed (counted among ${failed}): HTTP ${res.status}: ${res.text.trim().slice(0, 300)}`);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        console.log(`  ${scenario.name}: FAILED before the run: ${message}`);
        for (const connections of scenario.connections) {
          rows.push({ scenario: scenario.name, connections, rps: NaN, p50: NaN, p99: NaN, sqlPerRequest: NaN, errors: 1, notes: [`check request failed: ${message}`] });
        }
        continue;
      }
      for (const connections of scenario.connections) {
        process.stdout.write(`  ${scenario.name}, ${connections} connections... `);
        const row = await runOnce(api, scenario.name, op, connections);
        rows.push(row);
        console.log(row.errors ? `FAILED (${row.errors} errors)` : `${Math.round(row.rps)} req/s`);
      }
    }

    console.log('');
    printTable(rows);
    if (rows.some((r) => r.scenario.startsWith('checkout'))) {
      console.log('Checkout rows: one order per request, so req/s is orders/s; a response without data.checkout.order (userErrors included) counts as an error.');
    }
    const failed = rows.filter((r) => r.errors > 0);
    for (const r of failed) console.log(`FAILED ${r.scenario} @ ${r.connections}: ${r.notes.join('; ')}`);

    let failedChecks = 0;
    for (const check of AFTER_RUNS) {
      console.log('');
      try {
        const result = await check.run(api);
        for (const line of result.lines) console.log(line);
        if (!result.ok) failedChecks++;
      } catch (err) {
        console.log(`${check.name}: FAILED: ${err instanceof Error ? err.message : String(err)}`);
        failedChecks++;
      }
    }

    if (api.logLinesDuringRuns) {
      console.log(`\nThe API logged ${api.logLinesDuringRuns} lines at LOG_LEVEL=warn during the runs; the last ones:\n${api.lastOutput(5)}`);
    }
    console.log(failed.length ? `\n${failed.length} of ${rows.length} runs had errors.` : `\nAll ${rows.length} runs completed without errors.`);
    if (failedChecks) console.log(`${failedChecks} of ${AFTER_RUNS.length} checks after the runs failed.`);
    return failed.length || failedChecks ? 1 : 0;
  } catch (err) {
    // Say what the API printed last: a crash there is the usual reason a request failed here.
    const api = started.api;
    if (api) console.error(`\nThe API's last output:\n${api.lastOutput()}${api.exitCode() !== null ? `\n(it has exited: ${api.exitCode()})` : ''}`);
    throw err;
  } finally {
    await cleanup();
  }
}

const EDGE_ROUNDS = 6;

/**
 * The listing at 16 connections against two more API processes on the same database, alike but for
 * QUERY_LIMITS (on / off), in turns whose order alternates (on-off, off-on, …) so a drift of the
 * machine falls on both: the medians and their ratio say what the checks an operation passes
 * before it runs cost, measured in one run on one machine.
 */
async function compareEdgeChecks(api: Api, env: NodeJS.ProcessEnv, ports: [number, number]): Promise<Row[]> {
  process.stdout.write('Starting two more APIs on the same database, QUERY_LIMITS on and off... ');
  const start = (port: number, queryLimits: 'on' | 'off') =>
    Api.start(
      {
        ...env,
        PORT: String(port),
        DATABASE_URL: api.databaseUrl,
        QUERY_LIMITS: queryLimits,
        SEED_DEMO_DATA: 'false',
        JWT_SECRET: env.JWT_SECRET || 'bench-only-jwt-secret-0123456789abcdef',
        PAYMENT_SANDBOX_SECRET: env.PAYMENT_SANDBOX_SECRET || 'bench-only-sandbox-secret-0123456789abcdef',
      },
      port,
    );
  const checkedApi = await start(ports[0], 'on');
  const uncheckedApi = await start(ports[1], 'off').catch(async (err) => {
    await checkedApi.stop();
    throw err;
  });
  console.log('ready');
  try {
    // One discarded run each first: the first run of a fresh process pays for JIT compilation.
    for (const target of [checkedApi, uncheckedApi]) await runOnce(target, 'listing', { query: LISTING }, 16);
    const checked: Row[] = [];
    const without: Row[] = [];
    for (let round = 0; round < EDGE_ROUNDS; round++) {
      const turns = [[checkedApi, checked], [uncheckedApi, without]] as const;
      for (const [target, into] of round % 2 === 0 ? turns : [...turns].reverse()) into.push(await runOnce(target, 'listing', { query: LISTING }, 16));
    }
    const median = (runs: Row[]): Row => {
      const sorted = [...runs].sort((a, b) => a.rps - b.rps);
      const mid = sorted.length / 2;
      return { ...sorted[Math.floor(mid)], rps: sorted.length % 2 ? sorted[Math.floor(mid)].rps : (sorted[mid - 1].rps + sorted[mid].rps) / 2 };
    };
    const on = { ...median(checked), scenario: `listing, edge checks on (median of ${EDGE_ROUNDS})` };
    const off = { ...median(without), scenario: `listing, edge checks off (median of ${EDGE_ROUNDS})` };
    console.log(
      `  listing @ 16: ${checked.map((r) => Math.round(r.rps)).join(', ')} req/s with the edge checks; ${without.map((r) => Math.round(r.rps)).join(', ')} without: ` +
        `median ratio ${(on.rps / off.rps).toFixed(3)}`,
    );
    const own = await edgeCheckMicroseconds();
    console.log(`  the checks themselves, in this process: ${own.first.toFixed(1)} µs for a listing document seen the first time, ${own.again.toFixed(1)} µs for the same document again\n`);
    return [on, off];
  } finally {
    await Promise.all([checkedApi.stop(), uncheckedApi.stop()]);
  }
}

/**
 * The time guardOperation takes for the listing document, run in this process many times: the
 * checks' own cost, free of load drift. A document is measured in full the first time it is seen;
 * Apollo then hands the same parsed document to later requests with the same text, and an
 * operation without variables is not measured again.
 */
async function edgeCheckMicroseconds(): Promise<{ first: number; again: number }> {
  const s = await schema();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  // The channel rule only asks whether a storefront app is calling.
  const context = { storefront: { appId: 'bench' }, isOperator: false } as unknown as Context;
  const runs = 5000;
  const documents = Array.from({ length: runs + 500 }, () => parse(LISTING));
  const time = (pick: (i: number) => ReturnType<typeof parse>) => {
    for (let i = 0; i < 500; i++) guardOperation(s, pick(runs + i), undefined, undefined, context, config);
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < runs; i++) guardOperation(s, pick(i), undefined, undefined, context, config);
    return Number(process.hrtime.bigint() - t0) / 1000 / runs;
  };
  return { first: time((i) => documents[i]), again: time(() => documents[0]) };
}

function printTable(rows: Row[]): void {
  const fixed = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
  const table = [
    ['scenario', 'connections', 'req/s (avg)', 'p50 ms', 'p99 ms', 'SQL/request', 'errors'],
    ...rows.map((r) => [r.scenario, String(r.connections), fixed(r.rps, 1), fixed(r.p50, 0), fixed(r.p99, 0), fixed(r.sqlPerRequest, 2), String(r.errors)]),
  ];
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  const line = (row: string[]) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  console.log(line(table[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of table.slice(1)) console.log(line(row));
}

// ---------------------------------------------------------------------------------------------
// Small helpers.
// ---------------------------------------------------------------------------------------------

function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`${name} must be a positive number of seconds, got "${raw}"`);
    process.exit(1);
  }
  return value;
}

/** fn over every item, at most `limit` at a time; the results in the items' order. */
async function inParallel<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Ports the OS says are free; all held open together so the same one is not handed out twice. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<ReturnType<typeof createServer>>((ok, fail) => {
      const server = createServer();
      server.once('error', fail);
      server.listen(0, '127.0.0.1', () => ok(server));
    })),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((done) => s.close(done))));
  return ports;
}

function lines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    parts.forEach(onLine);
  });
  stream.on('end', () => buffered && onLine(buffered));
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

main().then(
  (code) => process.exit(code),
  (err) => {
    const cause = err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : '';
    console.error(`\nBenchmark failed: ${err instanceof Error ? err.message : String(err)}${cause}`);
    process.exit(1);
  },
);

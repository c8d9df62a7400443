import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import WebSocket from 'ws';
import { createClient, type Client as WsClient } from 'graphql-ws';
import { CANCEL_UNPAID, SWEEP } from '../src/modules/orders/jobs';
import { DEMO } from '../src/db/demo-data';
import { CREATE, JOIN, START } from './groupbuy';
import { ADDRESS, PAY } from './shop';
import { startApiProcess, type ApiProcess } from './support/api-process';

/**
 * docker/compose.yaml's topology without Docker: three API processes (src/main.ts, each its own
 * Node process with its job queue, order-event dispatcher and listening connection) on one database,
 * rate limits on, and the clients' requests spread across them as the load balancer spreads them.
 * A job queued through one runs once; a subscription on one hears a change made through another;
 * rate limits count across all of them.
 */
const server = process.env.TEST_DATABASE_SERVER!;
const name = `nodes_${randomBytes(6).toString('hex')}`;
const LIMITS = { RATE_LIMITS: 'on', RATE_LIMIT_SIGN_IN_PER_LOGIN: '3/600' };

function database(db: string): string {
  const url = new URL(server);
  url.pathname = `/${db}`;
  return url.toString();
}

async function sqlOn<T = any>(db: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: database(db) });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}
const sql = <T = any>(text: string, params: unknown[] = []) => sqlOn<T>(name, text, params);

let nodes: ApiProcess[] = [];
let turn = 0;
/** The next process, round robin: what a load balancer does with a client's requests. */
const next = () => nodes[turn++ % nodes.length];

interface Answer {
  status: number;
  body: any;
}

/** One GraphQL request over HTTP to a process (by default the next one), as the demo storefront. */
async function gql(
  query: string,
  variables: Record<string, unknown> = {},
  opts: { token?: string; node?: ApiProcess; key?: string | null } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const key = opts.key === undefined ? DEMO.storefrontPublicKey : opts.key;
  if (key) headers['x-storefront-key'] = key;
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const res = await fetch(`${(opts.node ?? next()).base}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return { status: res.status, body: await res.json() };
}

/** The `data` of a request that must succeed, with no userErrors in its payload. */
async function ok(query: string, variables: Record<string, unknown> = {}, opts: Parameters<typeof gql>[2] = {}): Promise<any> {
  const { body } = await gql(query, variables, opts);
  const payload = body.data && Object.values(body.data as Record<string, unknown>)[0];
  if (body.errors || (payload as { userErrors?: unknown[] } | null)?.userErrors?.length) throw new Error(JSON.stringify(body));
  return body.data;
}

const LOGIN = 'mutation($input: LoginInput!) { login(input: $input) { tokens { accessToken } userErrors { code } } }';
const REGISTER = 'mutation($input: RegisterInput!) { register(input: $input) { tokens { accessToken } userErrors { code message } } }';

async function login(email: string, password: string, node?: ApiProcess): Promise<string> {
  return (await ok(LOGIN, { input: { login: email, password } }, { key: null, node })).login.tokens.accessToken;
}

let people = 0;
async function register(node?: ApiProcess): Promise<{ email: string; token: string }> {
  const email = `node-buyer-${++people}-${randomBytes(3).toString('hex')}@example.com`;
  const data = await ok(REGISTER, { input: { email, password: 'many-nodes-2026', displayName: `Buyer ${people}` } }, { node });
  return { email, token: data.register.tokens.accessToken };
}

/** Pays an order through the sandbox, both steps on one process: payOrder, then the sandbox's Pay button. */
async function pay(token: string, orderId: string, node: ApiProcess): Promise<void> {
  const { payOrder } = await ok(PAY, { input: { orderId } }, { token, node });
  const done = await fetch(`${node.base}${payOrder.payment.redirectUrl}/complete`, { method: 'POST' });
  expect(await done.json()).toMatchObject({ outcome: 'paid' });
}

async function until<T>(what: string, check: () => Promise<T | null | undefined | false>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const dbId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];
const clients: WsClient[] = [];

beforeAll(async () => {
  await sqlOn('postgres', `create database ${name}`);
  const env = { DATABASE_URL: database(name), SHUTDOWN_DRAIN_SECONDS: '0', ...LIMITS };
  const started = await Promise.allSettled([startApiProcess(env), startApiProcess(env), startApiProcess(env)]);
  nodes = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
}, 240_000);

afterAll(async () => {
  await Promise.all(clients.map(async (c) => c.dispose()));
  await Promise.all(nodes.map((node) => node.stop()));
  await sqlOn('postgres', `drop database if exists ${name} with (force)`);
}, 60_000);

describe('three API processes on one database', () => {
  it('runs a job queued through one of them exactly once: the unpaid order placed through A is cancelled once, its stock returned once', async () => {
    const [a, b] = nodes;
    const operator = await login(DEMO.operatorEmail, DEMO.operatorPassword, b);
    await ok(
      'mutation { updateOrderSettings(input: { unpaidTimeoutMinutes: 1 }) { settings { unpaidTimeoutMinutes } userErrors { code } } }',
      {},
      { token: operator, key: null, node: b },
    );
    const customer = await login(DEMO.customerEmail, DEMO.customerPassword);
    const listing = await ok('{ products(first: 1, filter: { inStock: true }) { nodes { skus { id code inStock } } } }');
    const sku = listing.products.nodes[0].skus.find((s: { inStock: boolean }) => s.inStock);
    const stockOf = async () => (await sql<{ stock: number }>('select stock from sku where code = $1', [sku.code]))[0].stock;
    const stock = await stockOf();

    const placed = await ok(
      'mutation($input: CheckoutInput!) { checkout(input: $input) { order { id status paymentDueAt } userErrors { code message } } }',
      { input: { lines: [{ skuId: sku.id, quantity: 1 }], shippingAddress: ADDRESS } },
      { token: customer, node: a },
    );
    const order = placed.checkout.order;
    expect(order.status).toBe('PENDING_PAYMENT');
    expect(await stockOf()).toBe(stock - 1);

    // Its timer fires at paymentDueAt, a minute on, in whichever process takes it; the buyer, asking any of them, sees it go.
    await until(
      'the order to be cancelled',
      async () => (await ok('query($id: ID!) { order(id: $id) { status } }', { id: order.id }, { token: customer })).order.status === 'CANCELLED',
      120_000,
    );
    const jobs = await until(
      'the timer job to complete',
      async () => {
        const rows = await sql<{ state: string; retry_count: number }>('select state, retry_count from pgboss.job where name = $1 and singleton_key = $2', [
          CANCEL_UNPAID,
          dbId(order.id),
        ]);
        return rows.length > 0 && rows.every((r) => r.state === 'completed') && rows;
      },
      30_000,
    );
    // One job, run once: completed, never retried.
    expect(jobs).toEqual([{ state: 'completed', retry_count: 0 }]);
    expect(await sql(`select type from order_event where order_id = $1 and type = 'order.cancelled'`, [dbId(order.id)])).toEqual([{ type: 'order.cancelled' }]);
    expect(await stockOf()).toBe(stock);

    // The minute sweep is scheduled by all three, and runs once a minute, not three times.
    // pg-boss sends a cron job once per minute of its schedule, whichever process's clock monitor gets there first
    // (it looks about every 30 s, so two sends may be closer than a minute apart): at most one per minute spanned,
    // where three processes each sending would make three.
    const sweeps = await sql<{ created_on: Date }>('select created_on from pgboss.job where name = $1 order by created_on', [SWEEP]);
    expect(sweeps.length).toBeGreaterThanOrEqual(1);
    const minutesSpanned = (sweeps[sweeps.length - 1].created_on.getTime() - sweeps[0].created_on.getTime()) / 60_000;
    expect(sweeps.length).toBeLessThanOrEqual(Math.floor(minutesSpanned) + 2);
  }, 180_000);

  it('delivers to a subscription opened on A what was paid through C', async () => {
    const [a, b, c] = nodes;
    const operator = await login(DEMO.operatorEmail, DEMO.operatorPassword, c);
    const [{ id: categoryId }] = await sql<{ id: string }>(`select id from category where slug = 'tea'`);
    const code = `NODES-${randomBytes(3).toString('hex')}`;
    const created = await ok(
      'mutation($input: ProductCreateInput!) { createProduct(input: $input) { product { id skus { id } } userErrors { code } } }',
      {
        input: {
          name: `Tea for three ${code}`,
          categoryId: Buffer.from(`Category:${categoryId}`).toString('base64url'),
          skus: [{ code, specs: [], price: '99.00', stock: 100 }],
        },
      },
      { token: operator, key: null },
    );
    const product = created.createProduct.product;
    await ok('mutation($id: ID!) { publishProduct(id: $id) { userErrors { code } } }', { id: product.id }, { token: operator, key: null });
    const campaign = await ok(
      CREATE,
      {
        input: {
          productId: product.id,
          name: 'Tea for three',
          size: 3,
          sessionSeconds: 3600,
          startsAt: new Date(Date.now() - 60_000).toISOString(),
          endsAt: new Date(Date.now() + 86_400_000).toISOString(),
          skus: [{ skuId: product.skus[0].id, groupPrice: '59.00' }],
          leaderDiscount: '5.00',
        },
      },
      { token: operator, key: null },
    );
    const skuId = product.skus[0].id;
    const leader = await register(a);
    const joiner = await register(c);
    const started = await ok(
      START,
      { input: { campaignId: campaign.createGroupBuyCampaign.campaign.id, skuId, shippingAddress: ADDRESS } },
      { token: leader.token, node: b },
    );
    await pay(leader.token, started.startGroupBuy.order.id, b);
    const shareToken = started.startGroupBuy.session.shareToken;

    const ws = createClient({
      url: `${a.base.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { 'X-Storefront-Key': DEMO.storefrontPublicKey },
      retryAttempts: 0,
      lazy: true,
    });
    clients.push(ws);
    const got: any[] = [];
    ws.subscribe(
      { query: 'subscription($t: String!) { groupBuySessionUpdated(shareToken: $t) { event status joined size remaining } }', variables: { t: shareToken } },
      { next: (value) => got.push(value), error: (err) => got.push({ error: err }), complete: () => undefined },
    );
    // Subscribed once the server acknowledged it; a moment for the process to register it.
    await new Promise((r) => setTimeout(r, 500));

    const joined = await ok(JOIN, { input: { shareToken, skuId, shippingAddress: ADDRESS } }, { token: joiner.token, node: c });
    await pay(joiner.token, joined.joinGroupBuy.order.id, c);
    await until('the event on A', async () => got.length > 0, 10_000);
    expect(got).toEqual([{ data: { groupBuySessionUpdated: { event: 'JOINED', status: 'OPEN', joined: 2, size: 3, remaining: 1 } } }]);
  }, 60_000);

  it('counts rate limits across the processes: sign-in attempts for one login on A, B and C share one count', async () => {
    const { email } = await register();
    const attempt = (password: string, node: ApiProcess) => gql(LOGIN, { input: { login: email, password } }, { key: null, node });
    for (const node of nodes) {
      const res = await attempt('wrong-guess', node);
      expect({ status: res.status, errors: res.body.data.login.userErrors }).toEqual({ status: 200, errors: [{ code: 'INVALID_CREDENTIALS' }] });
    }
    // Three attempts (the limit) were made, one on each: the fourth is refused wherever it goes, the right password too.
    for (const node of nodes) {
      const res = await attempt('many-nodes-2026', node);
      expect({ status: res.status, code: res.body.errors?.[0]?.extensions?.code }).toEqual({ status: 429, code: 'THROTTLED' });
    }
  });
});

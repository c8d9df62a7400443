import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { createClient } from 'graphql-ws';
import pino from 'pino';
import request from 'supertest';
import WebSocket from 'ws';
import { ConfigError, loadConfig } from '../src/config';
import { createApp, type App } from '../src/server/app';
import { DEMO, startHarness, type Harness } from './harness';
import { startSecondApi, type SecondApi } from './support/second-api';
import { CLAIM, template } from './coupons';

/**
 * Rate limits over HTTP against the real PostgreSQL store. Every app here shares one database,
 * hence one table of counters: each test counts on keys of its own (its own logins, customers,
 * storefront apps, and client addresses sent in X-Forwarded-For, which TRUST_PROXY=loopback
 * believes). Windows are long (10 minutes), so no count resets during a test.
 */
const LIMITS = {
  RATE_LIMITS: 'on',
  TRUST_PROXY: 'loopback',
  RATE_LIMIT_SIGN_IN_PER_LOGIN: '3/600',
  RATE_LIMIT_SIGN_IN_PER_ADDRESS: '10/600',
  RATE_LIMIT_REGISTRATIONS_PER_ADDRESS: '3/600',
  RATE_LIMIT_COUPON_CLAIMS_PER_CUSTOMER: '3/600',
  RATE_LIMIT_PAYMENT_CALLBACKS: '3/600',
  RATE_LIMIT_QUERY_COST_MAXIMUM: '1000000',
  RATE_LIMIT_QUERY_COST_PER_SECOND: '1000',
  METRICS_TOKEN: 'rate-limit-test-metrics-token',
};

const LOGIN = 'mutation($input: LoginInput!) { login(input: $input) { tokens { accessToken } userErrors { code } } }';
const REGISTER = 'mutation($input: RegisterInput!) { register(input: $input) { account { id } tokens { accessToken } userErrors { code } } }';
const CREATE_APP = 'mutation($name: String!) { createStorefrontApp(name: $name) { storefrontApp { publicKey } userErrors { code } } }';
const PASSWORD = 'quiet-harbour-2026';

let h: Harness;
let op: string;
const apps: App[] = [];
let address = 0;
/** A client address no other test uses (TEST-NET-3). */
const newAddress = () => `203.0.113.${++address}`;
let emails = 0;
const newEmail = (what: string) => `rl-${what}-${++emails}@example.com`;

beforeAll(async () => {
  h = await startHarness({ env: LIMITS });
  op = await h.operatorToken();
});
afterAll(async () => {
  for (const app of apps) {
    await app.subscriptions.stop();
    await app.apollo.stop();
  }
  await h.close();
});

/** Another API over the harness's database with its own settings (its own limiters, same counters). */
async function appWith(env: Record<string, string>): Promise<App> {
  const app = await createApp(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env }), h.orm, pino({ level: 'silent' }));
  apps.push(app);
  return app;
}

interface Options {
  key?: string | null;
  token?: string;
  from?: string;
}

/** One GraphQL request over HTTP to an app (or a base URL), from a given client address. */
async function gql(target: App | string, query: string, variables: Record<string, unknown> = {}, opts: Options = {}) {
  const req = request(typeof target === 'string' ? target : target.http)
    .post('/graphql')
    .set('content-type', 'application/json');
  const key = opts.key === undefined ? DEMO.storefrontPublicKey : opts.key;
  if (key) req.set('x-storefront-key', key);
  if (opts.token) req.set('authorization', `Bearer ${opts.token}`);
  if (opts.from) req.set('x-forwarded-for', opts.from);
  return req.send({ query, variables });
}

const login = (target: App | string, loginName: string, password: string, from: string) =>
  gql(target, LOGIN, { input: { login: loginName, password } }, { key: null, from });

async function registered(from = newAddress()): Promise<{ email: string; token: string; id: string }> {
  const email = newEmail('customer');
  const res = await gql(h.app, REGISTER, { input: { email, password: PASSWORD } }, { from });
  expect(res.body.data.register.userErrors).toEqual([]);
  return { email, token: res.body.data.register.tokens.accessToken, id: res.body.data.register.account.id };
}

/** The answer of a refused request: 429, THROTTLED, Retry-After and the RateLimit-* headers. */
function expectThrottled(res: request.Response, limit: number, message: RegExp, remaining = 0) {
  expect(res.status).toBe(429);
  expect(res.body.errors).toHaveLength(1);
  const [error] = res.body.errors;
  expect(error.extensions).toMatchObject({ code: 'THROTTLED', retryAfter: expect.any(Number), correlationId: expect.any(String) });
  expect(error.extensions.http).toBeUndefined();
  expect(error.message).toMatch(message);
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(600);
  expect(error.extensions.retryAfter).toBe(retryAfter);
  expect(res.headers['ratelimit-limit']).toBe(String(limit));
  expect(res.headers['ratelimit-remaining']).toBe(String(remaining));
  expect(res.headers['ratelimit-reset']).toBe(String(retryAfter));
  return error;
}

/** Rows of the PostgreSQL store for a key (stored hashed, as rate-limits.ts does). */
async function counterRows(prefix: string, key: string): Promise<number> {
  const [{ n }] = await h.sql('select count(*)::int as n from rate_limit where key = $1', [
    `${prefix}:${createHash('sha256').update(key).digest('base64url')}`,
  ]);
  return n;
}

async function refreshTokensOf(email: string): Promise<number> {
  const [{ n }] = await h.sql('select count(*)::int as n from refresh_token t join account a on a.id = t.account_id where a.email = $1', [email]);
  return n;
}

describe('sign-in attempts', () => {
  it('password guesses past the limit for a login are refused with 429 THROTTLED, even the right password, and write nothing', async () => {
    const { email } = await registered();
    const from = newAddress();
    for (let i = 0; i < 3; i++) {
      const res = await login(h.app, email, `wrong-guess-${i}`, from);
      expect(res.status).toBe(200);
      expect(res.body.data.login.userErrors).toEqual([{ code: 'INVALID_CREDENTIALS' }]);
    }
    const tokensBefore = await refreshTokensOf(email);
    expectThrottled(await login(h.app, email, 'wrong-guess-3', from), 3, /Too many sign-in attempts for this login/);
    // The limit is the login's: the right password is refused too, from any address, and no session starts.
    const right = await login(h.app, `  ${email.toUpperCase()} `, PASSWORD, newAddress());
    expectThrottled(right, 3, /for this login/);
    expect(right.body.data).toBeNull();
    expect(await refreshTokensOf(email)).toBe(tokensBefore);
    // The store holds the count under a hash: no login or address in clear.
    expect(await counterRows('sign-in-login', email)).toBe(1);
    expect(await h.sql(`select key from rate_limit where key like '%@%' or key like '%203.0.113%'`)).toEqual([]);
    const metrics = await request(h.app.http).get('/metrics').set('authorization', `Bearer ${LIMITS.METRICS_TOKEN}`);
    expect(metrics.text).toMatch(/^rate_limit_refusals_total\{limit="signInPerLogin"\} [1-9]/m);
    // Another login from the same address is not affected.
    const other = await registered();
    expect((await login(h.app, other.email, PASSWORD, from)).body.data.login.tokens.accessToken).toEqual(expect.any(String));
  });

  it("signing in successfully starts the login's count again", async () => {
    const { email } = await registered();
    // Each from its own address, so that only the login's limit is in play.
    for (const password of ['wrong-1', 'wrong-2', PASSWORD, 'wrong-3', 'wrong-4', PASSWORD, 'wrong-5', 'wrong-6', 'wrong-7']) {
      expect((await login(h.app, email, password, newAddress())).status).toBe(200);
    }
    expectThrottled(await login(h.app, email, PASSWORD, newAddress()), 3, /for this login/);
  });

  it('every alias of login in one request is an attempt: those past the limit are THROTTLED', async () => {
    const { email } = await registered();
    const aliases = (n: number) =>
      `mutation($input: LoginInput!) { ${Array.from({ length: n }, (_, i) => `a${i + 1}: login(input: $input) { tokens { accessToken } userErrors { code } }`).join(' ')} }`;
    const from = newAddress();
    // As many aliases as the limit: all answered.
    const three = await gql(h.app, aliases(3), { input: { login: email, password: 'not-it' } }, { key: null, from });
    expect(three.status).toBe(200);
    expect(Object.values(three.body.data).map((r: any) => r.userErrors[0].code)).toEqual(['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS']);
    // They counted: one more attempt is refused.
    expectThrottled(await login(h.app, email, 'not-it', from), 3, /for this login/);

    // 20 aliases (the most root fields an operation may have) of a fresh login: 3 are tried, the
    // 4th is refused, and the rest never run.
    const fresh = await registered();
    const forty = await gql(h.app, aliases(20), { input: { login: fresh.email, password: 'not-it' } }, { key: null, from: newAddress() });
    const error = expectThrottled(forty, 3, /for this login/);
    expect(error.path).toEqual(['a4']);
    expect(forty.body.data).toBeNull();
    expect(await refreshTokensOf(fresh.email)).toBe(1);
  });

  it('attempts per client address count across logins', async () => {
    const from = newAddress();
    for (let i = 0; i < 10; i++) expect((await login(h.app, newEmail('nobody'), 'whatever-1', from)).status).toBe(200);
    expectThrottled(await login(h.app, newEmail('nobody'), 'whatever-1', from), 10, /from your address/);
    // Another address still signs in.
    expect((await login(h.app, newEmail('nobody'), 'whatever-1', newAddress())).status).toBe(200);
  });
});

describe('registrations per address', () => {
  it('refuses the registration past the limit with 429 and creates no account; another address registers', async () => {
    const from = newAddress();
    for (let i = 0; i < 3; i++) await registered(from);
    const email = newEmail('refused');
    const res = await gql(h.app, REGISTER, { input: { email, password: PASSWORD } }, { from });
    expectThrottled(res, 3, /Too many registrations from your address/);
    expect(res.body.data).toBeNull();
    expect(await h.sql('select id from account where email = $1', [email])).toEqual([]);
    await registered(newAddress());
  });
});

describe('coupon claims per customer', () => {
  it("claimCoupon and claimSharePack share the customer's count; past it 429, and no coupon is issued", async () => {
    const t = await template(h, op, { name: 'Rate-limited coupon', perCustomerLimit: 1 });
    const customer = await registered();
    const claim = () => gql(h.app, CLAIM, { input: { templateId: t.id } }, { token: customer.token });
    expect((await claim()).body.data.claimCoupon.userErrors).toEqual([]);
    // Refused claims count too: the limit is on attempts.
    expect((await claim()).body.data.claimCoupon.userErrors[0].code).toBe('LIMIT_REACHED');
    expect((await claim()).body.data.claimCoupon.userErrors[0].code).toBe('LIMIT_REACHED');
    const coupons = async () =>
      (await h.sql('select count(*)::int as n from coupon where owner_id = $1', [Buffer.from(customer.id, 'base64url').toString('utf8').split(':')[1]]))[0].n;
    expect(await coupons()).toBe(1);
    expectThrottled(await claim(), 3, /Too many coupon claims/);
    const pack = await gql(
      h.app,
      'mutation($token: String!) { claimSharePack(input: { token: $token }) { coupon { id } userErrors { code } } }',
      { token: 'any-pack-token' },
      { token: customer.token },
    );
    expectThrottled(pack, 3, /Too many coupon claims/);
    expect(await coupons()).toBe(1);
    // Another customer claims.
    const other = await registered();
    expect((await gql(h.app, CLAIM, { input: { templateId: t.id } }, { token: other.token })).body.data.claimCoupon.userErrors).toEqual([]);
  });
});

describe('payment callbacks per provider and address', () => {
  const post = (from: string, provider = 'sandbox') =>
    request(h.app.http).post(`/payments/${provider}/callback`).set('content-type', 'application/json').set('x-forwarded-for', from).send('{"forged":true}');

  it('past the limit a sender gets 429 THROTTLED with Retry-After before its body is looked at; other senders do not', async () => {
    const from = newAddress();
    for (let i = 0; i < 3; i++) expect((await post(from)).status).toBe(400);
    const res = await post(from);
    expect(res.status).toBe(429);
    expect(res.body).toEqual({ error: expect.stringMatching(/Too many payment callbacks/), code: 'THROTTLED', retryAfter: Number(res.headers['retry-after']) });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.headers['ratelimit-limit']).toBe('3');
    expect(res.headers['ratelimit-remaining']).toBe('0');
    expect((await post(newAddress())).status).toBe(400);
    // An unknown provider is a 404, never counted.
    for (let i = 0; i < 5; i++) expect((await post(from, 'nope')).status).toBe(404);
  });
});

describe('query cost bucket', () => {
  const COST = { MAX_QUERY_COST: '100', RATE_LIMIT_QUERY_COST_MAXIMUM: '200', RATE_LIMIT_QUERY_COST_PER_SECOND: '1' };
  const PRODUCTS = 'query($n: Int) { products(first: $n) { nodes { id name } } }';
  let c: App;
  let key: string;
  beforeAll(async () => {
    c = await appWith({ ...LIMITS, ...COST });
    const created = await gql(h.app, CREATE_APP, { name: 'Cost bucket app' }, { token: op, key: null });
    key = created.body.data.createStorefrontApp.storefrontApp.publicKey;
  });

  it("each operation spends its requested cost from the storefront app's bucket, reported in extensions.cost, and is refused with 429 when it does not fit", async () => {
    const first = await gql(c, PRODUCTS, { n: 20 }, { key });
    expect(first.status).toBe(200);
    const cost = first.body.extensions.cost.requestedQueryCost;
    expect(cost).toBeGreaterThan(20);
    expect(first.body.extensions.cost).toEqual({
      requestedQueryCost: cost,
      actualQueryCost: cost,
      throttleStatus: { maximumAvailable: 200, currentlyAvailable: 200 - cost, restoreRate: 1 },
    });
    expect(first.headers['ratelimit-limit']).toBe('200');
    expect(first.headers['ratelimit-remaining']).toBe(String(200 - cost));
    expect(Number(first.headers['ratelimit-reset'])).toBeGreaterThan(0);
    expect(first.headers['retry-after']).toBeUndefined();

    let available = 200 - cost;
    while (available >= cost) {
      const res = await gql(c, PRODUCTS, { n: 20 }, { key });
      available -= cost;
      expect(res.body.extensions.cost.throttleStatus.currentlyAvailable).toBe(available);
    }
    const refused = await gql(c, PRODUCTS, { n: 20 }, { key });
    expectThrottled(refused, 200, new RegExp(`costs ${cost}; ${available} of 200 are available`), available);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.extensions.cost).toEqual({
      requestedQueryCost: cost,
      actualQueryCost: null,
      throttleStatus: { maximumAvailable: 200, currentlyAvailable: available, restoreRate: 1 },
    });

    // The refused operation cost nothing: a cheaper one still fits what was left.
    const cheap = await gql(c, '{ __typename }', {}, { key });
    expect(cheap.status).toBe(200);
    expect(cheap.body.extensions.cost).toEqual({
      requestedQueryCost: 1,
      actualQueryCost: 1,
      throttleStatus: { maximumAvailable: 200, currentlyAvailable: available - 1, restoreRate: 1 },
    });
  });

  it('without a storefront key, each signed-in account has a bucket of its own, and anonymous callers one per address', async () => {
    const customer = await registered();
    const me = await gql(c, '{ me { id } }', {}, { key: null, token: customer.token });
    expect(me.body.extensions.cost).toEqual({
      requestedQueryCost: 2,
      actualQueryCost: 2,
      throttleStatus: { maximumAvailable: 200, currentlyAvailable: 198, restoreRate: 1 },
    });
    const anonymous = await gql(c, '{ __typename }', {}, { key: null, from: newAddress() });
    expect(anonymous.body.extensions.cost.throttleStatus.currentlyAvailable).toBe(199);
  });

  it('an empty bucket refuses everything until it refills, over WebSocket too', async () => {
    const created = await gql(h.app, CREATE_APP, { name: 'Cost bucket app (ws)' }, { token: op, key: null });
    const wsKey = created.body.data.createStorefrontApp.storefrontApp.publicKey;
    // products(first: 33) { nodes { id name } } costs 100: two spend the whole bucket.
    for (const left of [100, 0]) expect((await gql(c, PRODUCTS, { n: 33 }, { key: wsKey })).body.extensions.cost.throttleStatus.currentlyAvailable).toBe(left);
    const refused = await gql(c, '{ __typename }', {}, { key: wsKey });
    expectThrottled(refused, 200, /costs 1; 0 of 200 are available/);
    expect(refused.body.extensions.cost.throttleStatus.currentlyAvailable).toBe(0);
    await new Promise<void>((listening) => c.http.listen(0, '127.0.0.1', listening));
    const port = (c.http.address() as { port: number }).port;
    const client = createClient({
      url: `ws://127.0.0.1:${port}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { 'X-Storefront-Key': wsKey },
      retryAttempts: 0,
      lazy: true,
    });
    try {
      const errors = await new Promise<any[]>((done) => {
        client.subscribe(
          { query: 'subscription { groupBuySessionUpdated(shareToken: "none") { event } }' },
          { next: () => done([]), error: (err) => done(Array.isArray(err) ? err : [err]), complete: () => done([]) },
        );
      });
      expect(errors).toHaveLength(1);
      expect(errors[0].extensions).toEqual({ code: 'THROTTLED', retryAfter: expect.any(Number), correlationId: undefined });
    } finally {
      await client.dispose();
    }
  });
});

describe('RATE_LIMITS=off', () => {
  it('turns every limit off and reports no cost', async () => {
    const off = await appWith({ ...LIMITS, RATE_LIMITS: 'off', RATE_LIMIT_SIGN_IN_PER_LOGIN: '1/600' });
    const email = newEmail('off');
    const from = newAddress();
    for (let i = 0; i < 4; i++) {
      const res = await login(off, email, 'wrong-pass', from);
      expect(res.status).toBe(200);
      expect(res.headers['ratelimit-limit']).toBeUndefined();
      expect(res.body.extensions).toBeUndefined();
    }
  });
});

describe('TRUST_PROXY', () => {
  const register = (app: App, from: string) => gql(app, REGISTER, { input: { email: newEmail('proxy'), password: PASSWORD } }, { from });

  it("off (the default): X-Forwarded-For is ignored, every request counts for the socket's address", async () => {
    const direct = await appWith({ RATE_LIMITS: 'on', RATE_LIMIT_REGISTRATIONS_PER_ADDRESS: '2/600' });
    expect((await register(direct, newAddress())).status).toBe(200);
    expect((await register(direct, newAddress())).status).toBe(200);
    expectThrottled(await register(direct, newAddress()), 2, /registrations from your address/);
  });

  it("loopback: the address the trusted proxy forwards is the client's", async () => {
    const a = newAddress();
    for (let i = 0; i < 3; i++) expect((await register(h.app, a)).status).toBe(200);
    expectThrottled(await register(h.app, a), 3, /registrations from your address/);
    expect((await register(h.app, newAddress())).status).toBe(200);
  });

  it('a hop count: only the address the last proxy saw counts, whatever the client wrote before it', async () => {
    const oneHop = await appWith({ RATE_LIMITS: 'on', TRUST_PROXY: '1', RATE_LIMIT_REGISTRATIONS_PER_ADDRESS: '2/600' });
    const real = newAddress();
    expect((await register(oneHop, `198.51.100.1, ${real}`)).status).toBe(200);
    expect((await register(oneHop, `198.51.100.2, ${real}`)).status).toBe(200);
    expectThrottled(await register(oneHop, `198.51.100.3, ${real}`), 2, /registrations from your address/);
  });
});

describe('two API processes', () => {
  let b: SecondApi;
  beforeAll(async () => {
    b = await startSecondApi(h.orm.config.get('clientUrl'), LIMITS);
  });
  afterAll(() => b.stop());

  it('share one sign-in limit: attempts on either count for both', async () => {
    const { email } = await registered();
    const from = newAddress();
    expect((await login(h.app, email, 'wrong-a', from)).status).toBe(200);
    expect((await login(b.base, email, 'wrong-b', from)).status).toBe(200);
    expect((await login(h.app, email, 'wrong-c', from)).status).toBe(200);
    expectThrottled(await login(b.base, email, 'wrong-d', from), 3, /for this login/);
    expectThrottled(await login(h.app, email, PASSWORD, from), 3, /for this login/);
  });

  it('share one query-cost bucket per storefront app', async () => {
    const created = await gql(h.app, CREATE_APP, { name: 'Two-process app' }, { token: op, key: null });
    const key = created.body.data.createStorefrontApp.storefrontApp.publicKey;
    const onA = await gql(h.app, '{ categories { id } }', {}, { key });
    const cost = onA.body.extensions.cost.requestedQueryCost;
    expect(onA.body.extensions.cost.throttleStatus.currentlyAvailable).toBe(1_000_000 - cost);
    const onB = await gql(b.base, '{ categories { id } }', {}, { key });
    expect(onB.body.extensions.cost.throttleStatus.currentlyAvailable).toBe(1_000_000 - 2 * cost);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

describe('stores other than PostgreSQL', () => {
  it('a store that cannot be reached: each process still counts in its own memory', async () => {
    const unreachable = await appWith({ ...LIMITS, REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    const email = newEmail('insured');
    const from = newAddress();
    for (let i = 0; i < 3; i++) expect((await login(unreachable, email, 'wrong-pass', from)).status).toBe(200);
    expectThrottled(await login(unreachable, email, 'wrong-pass', from), 3, /for this login/);
  });

  const redisServer = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => existsSync(p));
  (redisServer ? it : it.skip)('REDIS_URL: two APIs with their own Redis clients share one limit (runs where redis-server is installed)', async () => {
    const port = await freePort();
    const redis = spawn(redisServer!, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      await new Promise<void>((ready) => redis.stdout.on('data', (chunk) => String(chunk).includes('Ready to accept connections') && ready()));
      const env = { ...LIMITS, REDIS_URL: `redis://127.0.0.1:${port}` };
      const [one, two] = [await appWith(env), await appWith(env)];
      const email = newEmail('redis');
      const from = newAddress();
      expect((await login(one, email, 'wrong-pass', from)).status).toBe(200);
      expect((await login(two, email, 'wrong-pass', from)).status).toBe(200);
      expect((await login(one, email, 'wrong-pass', from)).status).toBe(200);
      expectThrottled(await login(two, email, 'wrong-pass', from), 3, /for this login/);
      expect(await counterRows('sign-in-login', email)).toBe(0);
    } finally {
      const exited = new Promise((r) => redis.once('exit', r));
      redis.kill('SIGTERM');
      await exited;
    }
  });
});

describe('settings', () => {
  it('has defaults', () => {
    const { rateLimits, trustProxy } = loadConfig({});
    expect(trustProxy).toBe(false);
    expect(rateLimits).toEqual({
      enabled: true,
      redisUrl: null,
      signInPerLogin: { points: 10, seconds: 900 },
      signInPerAddress: { points: 100, seconds: 900 },
      registrationsPerAddress: { points: 30, seconds: 3600 },
      couponClaimsPerCustomer: { points: 20, seconds: 60 },
      paymentCallbacksPerProvider: { points: 1200, seconds: 60 },
      signInCodesPerPhone: { points: 5, seconds: 3600 },
      signInCodesPerAddress: { points: 20, seconds: 3600 },
      queryCost: { maximumAvailable: 1_000_000, restoreRate: 100_000 },
    });
  });

  it('reads limits, proxies and the store', () => {
    const config = loadConfig({
      RATE_LIMITS: 'off',
      RATE_LIMIT_SIGN_IN_PER_LOGIN: ' 5 / 60 ',
      TRUST_PROXY: '10.0.0.0/8, loopback',
      REDIS_URL: 'redis://cache:6379',
    });
    expect(config.rateLimits).toMatchObject({ enabled: false, redisUrl: 'redis://cache:6379', signInPerLogin: { points: 5, seconds: 60 } });
    expect(config.trustProxy).toEqual(['10.0.0.0/8', 'loopback']);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
  });

  it.each([
    [{ RATE_LIMITS: 'sometimes' }, /RATE_LIMITS must be true or false/],
    [{ RATE_LIMIT_SIGN_IN_PER_LOGIN: '10' }, /RATE_LIMIT_SIGN_IN_PER_LOGIN must be <points>\/<seconds>/],
    [{ RATE_LIMIT_REGISTRATIONS_PER_ADDRESS: '0/60' }, /RATE_LIMIT_REGISTRATIONS_PER_ADDRESS must be <points>\/<seconds>/],
    [{ RATE_LIMIT_PAYMENT_CALLBACKS: '10/0' }, /RATE_LIMIT_PAYMENT_CALLBACKS must be/],
    [{ RATE_LIMIT_QUERY_COST_MAXIMUM: '150000', RATE_LIMIT_QUERY_COST_PER_SECOND: '100000' }, /must be a whole multiple of RATE_LIMIT_QUERY_COST_PER_SECOND/],
    [{ RATE_LIMIT_QUERY_COST_MAXIMUM: '5000', RATE_LIMIT_QUERY_COST_PER_SECOND: '1000' }, /must be at least MAX_QUERY_COST \(10000\)/],
    [{ REDIS_URL: 'http://cache:6379' }, /REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/],
    [{ TRUST_PROXY: 'true' }, /TRUST_PROXY must be false, the number of proxies/],
    [{ TRUST_PROXY: 'proxy.internal' }, /TRUST_PROXY must be false, a hop count/],
    [{ TRUST_PROXY: '11' }, /TRUST_PROXY must be between 0 and 10/],
  ])('refuses %j with a clear message', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});

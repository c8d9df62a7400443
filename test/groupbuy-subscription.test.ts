import type { AddressInfo } from 'node:net';
import request from 'supertest';
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import { expireSessions } from '../src/modules/groupbuy/expiry';
import { DEMO, startHarness, type Harness } from './harness';
import { ADDRESS } from './shop';
import { startSecondApi, type SecondApi } from './support/second-api';
import { campaign, dbId, JOIN, openSession, shoppers, type Shopper } from './groupbuy';

/**
 * Two API processes on one database: A is the test's own app, B a child process (test/support/
 * instance.ts), each with its own HTTP + WebSocket server and its own listening connection. A
 * client subscribed on one sees what is paid through the other.
 */
let h: Harness;
let b: SecondApi;
/** B's address, http://127.0.0.1:<port>. */
let bBase: string;
let op: string;
const clients: Client[] = [];

const wsOf = (base: string) => `${base.replace(/^http/, 'ws')}/graphql`;
let aBase: string;

function client(base: string, params: Record<string, string> = { 'X-Storefront-Key': DEMO.storefrontPublicKey }): Client {
  const c = createClient({ url: wsOf(base), webSocketImpl: WebSocket, connectionParams: params, retryAttempts: 0, lazy: true });
  clients.push(c);
  return c;
}

/** Subscribes and collects what arrives; `errors` gets an error sent instead of results. */
function collect(c: Client, query: string, variables: Record<string, unknown>) {
  const got: any[] = [];
  const errors: any[] = [];
  const done = new Promise<void>((resolve) => {
    c.subscribe(
      { query, variables },
      {
        next: (value) => (value.errors ? errors.push(...value.errors) : got.push(value.data)),
        error: (err) => {
          errors.push(...(Array.isArray(err) ? err : [err]));
          resolve();
        },
        complete: () => resolve(),
      },
    );
  });
  return { got, errors, done };
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Joins and pays through instance B, over its HTTP. */
async function joinAndPayOnB(shopper: Shopper, shareToken: string, skuId: string): Promise<void> {
  const gql = (query: string, variables: Record<string, unknown>) =>
    request(bBase)
      .post('/graphql')
      .set('x-storefront-key', DEMO.storefrontPublicKey)
      .set('authorization', `Bearer ${shopper.token}`)
      .send({ query, variables });
  const joined = await gql(JOIN, { input: { shareToken, skuId, shippingAddress: ADDRESS } });
  expect(joined.body.data.joinGroupBuy.userErrors).toEqual([]);
  const paid = await gql('mutation($input: PayOrderInput!) { payOrder(input: $input) { payment { redirectUrl } userErrors { code } } }', {
    input: { orderId: joined.body.data.joinGroupBuy.order.id },
  });
  const done = await request(bBase).post(`${paid.body.data.payOrder.payment.redirectUrl}/complete`).send();
  expect(done.body.outcome).toBe('paid');
}

const PROGRESS = 'subscription($t: String!) { groupBuySessionUpdated(shareToken: $t) { event status joined size remaining shareToken } }';

beforeAll(async () => {
  h = await startHarness();
  op = await h.operatorToken();
  await new Promise<void>((resolveListen) => h.app.http.listen(0, '127.0.0.1', resolveListen));
  aBase = `http://127.0.0.1:${(h.app.http.address() as AddressInfo).port}`;
  b = await startSecondApi(h.orm.config.get('clientUrl'));
  bBase = b.base;
});
afterAll(async () => {
  await Promise.all(clients.map(async (c) => c.dispose()));
  await b.stop();
  await h.close();
});

describe('groupBuySessionUpdated over graphql-ws', () => {
  it('a client on process A sees joins paid through process B, then the success', async () => {
    const { campaign: c, skus } = await campaign(h, op);
    const [leader, x, y] = await shoppers(h, 3);
    const s = await openSession(h, leader, c.id, skus[0].skuId);
    const sub = collect(client(aBase), PROGRESS, { t: s.shareToken });
    // The subscription is live once the server acknowledged it; give it a moment to register.
    await new Promise((r) => setTimeout(r, 300));
    await joinAndPayOnB(x, s.shareToken, skus[0].skuId);
    await until(() => sub.got.length >= 1);
    expect(sub.got[0].groupBuySessionUpdated).toEqual({ event: 'JOINED', status: 'OPEN', joined: 2, size: 3, remaining: 1, shareToken: s.shareToken });
    await joinAndPayOnB(y, s.shareToken, skus[0].skuId);
    await until(() => sub.got.length >= 2);
    expect(sub.got[1].groupBuySessionUpdated).toEqual({ event: 'SUCCEEDED', status: 'SUCCEEDED', joined: 3, size: 3, remaining: 0, shareToken: s.shareToken });
    expect(sub.errors).toEqual([]);
  });

  it("a failure at the deadline reaches subscribers; other sessions' subscribers hear nothing", async () => {
    const { campaign: c, skus } = await campaign(h, op);
    const [l1, l2] = await shoppers(h, 2);
    const s1 = await openSession(h, l1, c.id, skus[0].skuId);
    const s2 = await openSession(h, l2, c.id, skus[0].skuId);
    const one = collect(client(bBase), PROGRESS, { t: s1.shareToken });
    const two = collect(client(aBase), PROGRESS, { t: s2.shareToken });
    await new Promise((r) => setTimeout(r, 300));
    await h.sql(`update group_buy_session set expires_at = now() - interval '1 second' where id = $1`, [dbId(s1.sessionId)]);
    await expireSessions(h.orm.em.fork());
    await until(() => one.got.length >= 1);
    expect(one.got[0].groupBuySessionUpdated).toMatchObject({ event: 'FAILED', status: 'FAILED', joined: 1 });
    await new Promise((r) => setTimeout(r, 200));
    expect(two.got).toEqual([]);
  });

  it('a listening connection that drops is reopened, and delivery resumes', async () => {
    const { campaign: c, skus } = await campaign(h, op);
    const [leader, x] = await shoppers(h, 2);
    const s = await openSession(h, leader, c.id, skus[0].skuId);
    const sub = collect(client(aBase), PROGRESS, { t: s.shareToken });
    const killed = await h.sql(
      `select pg_terminate_backend(pid) as ok from pg_stat_activity where application_name like '%listener:%' and datname = current_database()`,
    );
    expect(killed.length).toBe(2);
    // Both processes listen again within a few seconds.
    const listening = async () =>
      (await h.sql(`select count(*)::int as n from pg_stat_activity where application_name like '%listener:%' and datname = current_database()`))[0].n;
    const deadline = Date.now() + 10_000;
    await new Promise((r) => setTimeout(r, 300));
    while ((await listening()) < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await listening()).toBe(2);
    await joinAndPayOnB(x, s.shareToken, skus[0].skuId);
    await until(() => sub.got.length >= 1, 8000);
    expect(sub.got[0].groupBuySessionUpdated).toMatchObject({ event: 'JOINED', joined: 2 });
  });

  it('applies the storefront rule, authentication, the limits and the NUL check as over HTTP', async () => {
    const noKey = collect(client(aBase, {}), PROGRESS, { t: 'x' });
    await noKey.done;
    expect(noKey.errors[0]).toMatchObject({ extensions: { code: 'STOREFRONT_KEY_REQUIRED' } });

    const badToken = collect(client(aBase, { 'X-Storefront-Key': DEMO.storefrontPublicKey, Authorization: 'Bearer nope' }), PROGRESS, { t: 'x' });
    await badToken.done;
    expect(badToken.errors.length).toBeGreaterThan(0);

    const nul = collect(client(aBase), PROGRESS, { t: 'a\u0000b' });
    await nul.done;
    expect(nul.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });

    const deep = collect(client(aBase), `{ category(slug: "tea") { ${'parent { '.repeat(11)}id${' }'.repeat(11)} } }`, {});
    await deep.done;
    expect(deep.errors[0]).toMatchObject({ extensions: { code: 'QUERY_TOO_DEEP', depth: 13, maxDepth: 12 } });

    const aliases = Array.from({ length: 6 }, (_, i) => `p${i}: products(first: 100) { nodes { id name skus { id price { amount } } } }`).join(' ');
    const costly = collect(client(aBase), `{ ${aliases} }`, {});
    await costly.done;
    expect(costly.errors[0]).toMatchObject({ extensions: { code: 'QUERY_TOO_COMPLEX', maxCost: 10000 } });

    const masked = collect(client(aBase), PROGRESS.replace('shareToken: $t', 'shareToken: $t, nope: 1'), { t: 'x' });
    await masked.done;
    expect(masked.errors[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

    const signedIn = collect(
      client(aBase, { 'X-Storefront-Key': DEMO.storefrontPublicKey, Authorization: `Bearer ${(await shoppers(h, 1))[0].token}` }),
      '{ myGroupBuySessions(first: 1) { totalCount } }',
      {},
    );
    await signedIn.done;
    expect(signedIn.got).toEqual([{ myGroupBuySessions: { totalCount: 0 } }]);
    const anonymous = collect(client(aBase), '{ myGroupBuySessions(first: 1) { totalCount } }', {});
    await anonymous.done;
    expect(anonymous.errors[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});

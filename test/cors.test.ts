import type { AddressInfo } from 'node:net';
import request from 'supertest';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { ConfigError, loadConfig } from '../src/config';
import { DEMO, startHarness, type Harness } from './harness';

/**
 * Browsers on other origins: CORS on /graphql and the Origin check of WebSocket upgrades, driven
 * by each storefront app's allowedOrigins and OPERATOR_CONSOLE_ORIGINS. (test/browser-cors.test.ts
 * checks the same in a real Chromium.)
 */
const CONSOLE = 'https://console.example.net';
const SHOP = 'https://shop.example.com';
const OTHER_SHOP = 'https://other.example.org';

let h: Harness;
let operator: string;
/** http://127.0.0.1:<port>: the API listening for real, for WebSockets and same-origin requests. */
let base: string;
/** Lists SHOP, every subdomain of brand.example and a local dev server. */
let shopApp: { id: string; publicKey: string };
/** Lists OTHER_SHOP only. */
let otherApp: { id: string; publicKey: string };

const APP = 'id name enabled allowedOrigins';
const CREATE = `mutation($name: String!, $origins: [String!]) { createStorefrontApp(name: $name, allowedOrigins: $origins) { storefrontApp { ${APP} publicKey } userErrors { code field message } } }`;
const UPDATE = `mutation($id: ID!, $input: StorefrontAppUpdateInput!) { updateStorefrontApp(id: $id, input: $input) { storefrontApp { ${APP} } userErrors { code field message } } }`;
const PRODUCTS = '{ products(first: 2) { nodes { id name } } }';
const LOGIN = 'mutation($input: LoginInput!) { login(input: $input) { tokens { accessToken } userErrors { code } } }';

const asOperator = (query: string, variables?: Record<string, unknown>) => h.gql(query, variables, { token: operator, key: null });

async function createApp(name: string, origins?: string[]) {
  const res = await asOperator(CREATE, { name, origins });
  expect(res.errors).toBeUndefined();
  expect(res.data.createStorefrontApp.userErrors).toEqual([]);
  return res.data.createStorefrontApp.storefrontApp as { id: string; publicKey: string; allowedOrigins: string[]; enabled: boolean };
}

function preflight(origin: string | null, headers = 'content-type,x-storefront-key') {
  const req = request(h.app.http).options('/graphql').set('access-control-request-method', 'POST').set('access-control-request-headers', headers);
  return origin ? req.set('origin', origin) : req;
}

/** A POST /graphql as a browser page at `origin` would send it. */
function fromPage(origin: string, key: string | null, query = PRODUCTS, variables?: Record<string, unknown>) {
  const req = request(h.app.http).post('/graphql').set('content-type', 'application/json').set('origin', origin);
  if (key) req.set('x-storefront-key', key);
  return req.send({ query, variables });
}

const varyOf = (res: request.Response) =>
  String(res.headers.vary ?? '')
    .toLowerCase()
    .split(/\s*,\s*/);

async function appTable(): Promise<string> {
  const [{ digest }] = await h.sql(`select md5(coalesce(string_agg(row_to_json(s)::text, ',' order by id), '')) as digest from storefront_app s`);
  return digest;
}

beforeAll(async () => {
  h = await startHarness({ env: { OPERATOR_CONSOLE_ORIGINS: `${CONSOLE}, http://localhost:3000` } });
  operator = await h.operatorToken();
  await new Promise<void>((resolve) => h.app.http.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(h.app.http.address() as AddressInfo).port}`;
  shopApp = await createApp('Brand shop', [SHOP, 'https://*.brand.example', 'http://localhost:5173']);
  otherApp = await createApp('Other shop', [OTHER_SHOP]);
});
afterAll(() => h.close());

describe('allowed origins of a storefront app', () => {
  it('are set at creation and by update, normalized, and shown to operators', async () => {
    const app = await createApp('Normalized', [
      'HTTPS://Shop.Example.COM',
      'https://shop.example.com:443',
      'http://localhost:80',
      'http://LOCALHOST:5173',
      'https://*.Example.com:8443',
    ]);
    expect(app.allowedOrigins).toEqual(['https://shop.example.com', 'http://localhost', 'http://localhost:5173', 'https://*.example.com:8443']);
    const [row] = await h.sql('select allowed_origins from storefront_app where public_key = $1', [app.publicKey]);
    expect(row.allowed_origins).toEqual(app.allowedOrigins);

    expect((await createApp('Servers only')).allowedOrigins).toEqual([]);

    const renamed = await asOperator(UPDATE, { id: app.id, input: { name: 'Renamed' } });
    expect(renamed.data.updateStorefrontApp.storefrontApp.allowedOrigins).toEqual(app.allowedOrigins);
    const replaced = await asOperator(UPDATE, { id: app.id, input: { allowedOrigins: ['https://new.example.com'] } });
    expect(replaced.data.updateStorefrontApp).toEqual({
      storefrontApp: { id: app.id, name: 'Renamed', enabled: true, allowedOrigins: ['https://new.example.com'] },
      userErrors: [],
    });
    const cleared = await asOperator(UPDATE, { id: app.id, input: { allowedOrigins: [] } });
    expect(cleared.data.updateStorefrontApp.storefrontApp.allowedOrigins).toEqual([]);

    const list = await asOperator(`{ storefrontApps(first: 100) { nodes { ${APP} } } }`);
    expect(list.data.storefrontApps.nodes).toContainEqual({
      id: shopApp.id,
      name: 'Brand shop',
      enabled: true,
      allowedOrigins: [SHOP, 'https://*.brand.example', 'http://localhost:5173'],
    });
  });

  it('refuse a bad entry with INVALID_ORIGIN naming its index, and more than 20 at the edge, writing nothing', async () => {
    const before = await appTable();
    const bad = [
      'shop.example.com',
      'ftp://shop.example.com',
      'https://shop.example.com/',
      'https://shop.example.com/path',
      'https://shop.example.com?x=1',
      'https://shop.example.com#top',
      'https://user@shop.example.com',
      ' https://shop.example.com',
      'https://shop example.com',
      'https://shop.example.com:0',
      'https://shop.example.com:65536',
      'https://*.com',
      'https://*',
      'https://a.*.example.com',
      'https://*.10.0.0.1',
      'https://商店.example.com',
      'https://-shop.example.com',
      '*',
      'null',
      '',
    ];
    for (const entry of bad) {
      const created = await asOperator(CREATE, { name: 'Refused', origins: [SHOP, entry] });
      expect({ entry, errors: created.errors, payload: created.data.createStorefrontApp }).toEqual({
        entry,
        errors: undefined,
        payload: {
          storefrontApp: null,
          userErrors: [{ code: 'INVALID_ORIGIN', field: ['allowedOrigins', '1'], message: expect.stringMatching(/^Allowed origin 1 /) }],
        },
      });
      const updated = await asOperator(UPDATE, { id: shopApp.id, input: { name: 'Changed too', allowedOrigins: [entry] } });
      expect(updated.data.updateStorefrontApp.userErrors).toEqual([
        { code: 'INVALID_ORIGIN', field: ['input', 'allowedOrigins', '0'], message: expect.stringMatching(/^Allowed origin 0 /) },
      ]);
    }
    const messages = async (entry: string) => (await asOperator(CREATE, { name: 'Refused', origins: [entry] })).data.createStorefrontApp.userErrors[0].message;
    expect(await messages('https://shop.example.com/')).toMatch(/no path, query or fragment/);
    expect(await messages('ftp://shop.example.com')).toMatch(/http:\/\/ or https:\/\//);
    // Past the documented bounds (200 characters, 20 entries) the edge refuses before anything runs.
    const overLong = await asOperator(CREATE, { name: 'Refused', origins: ['x'.repeat(201)] });
    expect(overLong.status).toBe(400);
    expect(overLong.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['allowedOrigins', '0'] });

    const many = Array.from({ length: 21 }, (_, i) => `https://s${i}.example.com`);
    const tooMany = await asOperator(CREATE, { name: 'Refused', origins: many });
    expect(tooMany.status).toBe(400);
    expect(tooMany.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['allowedOrigins'] });
    const tooManyUpdate = await asOperator(UPDATE, { id: shopApp.id, input: { allowedOrigins: many } });
    expect(tooManyUpdate.status).toBe(400);
    expect(tooManyUpdate.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'allowedOrigins'] });
    expect(await appTable()).toBe(before);

    // The limits themselves are accepted.
    const twenty = await createApp('Twenty', many.slice(0, 20));
    expect(twenty.allowedOrigins).toHaveLength(20);
    const long = `https://${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(52)}.example.com`;
    expect(long.length).toBe(200);
    expect((await createApp('Long', [long])).allowedOrigins).toEqual([long]);
  });

  it('OPERATOR_CONSOLE_ORIGINS is validated as strictly at start', () => {
    expect(loadConfig({ NODE_ENV: 'test', OPERATOR_CONSOLE_ORIGINS: ' https://Console.example.net , http://localhost:3000 ' }).operatorConsoleOrigins).toEqual([
      CONSOLE,
      'http://localhost:3000',
    ]);
    expect(loadConfig({ NODE_ENV: 'test' }).operatorConsoleOrigins).toEqual([]);
    expect(() => loadConfig({ NODE_ENV: 'test', OPERATOR_CONSOLE_ORIGINS: `${CONSOLE},https://console.example.net/admin` })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'test', OPERATOR_CONSOLE_ORIGINS: `${CONSOLE},https://console.example.net/admin` })).toThrow(
      /OPERATOR_CONSOLE_ORIGINS: entry 2 "https:\/\/console.example.net\/admin" must have no path/,
    );
    expect(() => loadConfig({ NODE_ENV: 'test', OPERATOR_CONSOLE_ORIGINS: `${CONSOLE},,` })).toThrow(/entry 2/);
  });
});

describe('CORS preflight on /graphql', () => {
  it('from an origin an app lists: 204 with the methods, headers and max-age the API uses, no credentials', async () => {
    const res = await preflight(SHOP, 'content-type,x-storefront-key,authorization,idempotency-key');
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(SHOP);
    expect(res.headers['access-control-allow-methods'].split(',')).toEqual(expect.arrayContaining(['GET', 'POST']));
    expect(res.headers['access-control-allow-headers'].split(',')).toEqual(
      expect.arrayContaining([
        'content-type',
        'x-storefront-key',
        'authorization',
        'idempotency-key',
        'apollo-require-preflight',
        'x-apollo-operation-name',
        'x-request-id',
      ]),
    );
    expect(res.headers['access-control-max-age']).toBe('600');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(varyOf(res)).toContain('origin');
    expect((await preflight('http://localhost:5173')).headers['access-control-allow-origin']).toBe('http://localhost:5173');
  });

  it('from any subdomain of a wildcard entry, not from the domain itself nor another port or scheme', async () => {
    for (const origin of ['https://www.brand.example', 'https://eu.shop.brand.example']) {
      const res = await preflight(origin);
      expect({ origin, status: res.status, allow: res.headers['access-control-allow-origin'] }).toEqual({ origin, status: 204, allow: origin });
    }
    for (const origin of [
      'https://brand.example',
      'http://www.brand.example',
      'https://www.brand.example:8443',
      'https://www.brand.example.evil.com',
      'https://evilbrand.example',
    ]) {
      const res = await preflight(origin);
      expect({ origin, status: res.status, allow: res.headers['access-control-allow-origin'] }).toEqual({ origin, status: 403, allow: undefined });
    }
  });

  it('from an unlisted origin: 403 with no CORS headers, so the browser blocks the request', async () => {
    for (const origin of ['https://evil.example', 'http://shop.example.com', 'https://shop.example.com:8443', 'http://127.0.0.1:5173', 'null']) {
      const res = await preflight(origin);
      expect(res.status).toBe(403);
      expect(Object.keys(res.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
      expect(varyOf(res)).toContain('origin');
      expect(res.body.errors[0].extensions.code).toBe('ORIGIN_NOT_ALLOWED');
    }
  });

  it('follows the apps as operators change them: a new origin, a disabled app', async () => {
    const origin = 'https://late.example.com';
    expect((await preflight(origin)).status).toBe(403);
    const app = await createApp('Late shop', [origin]);
    expect((await preflight(origin)).status).toBe(204);
    await asOperator(UPDATE, { id: app.id, input: { enabled: false } });
    expect((await preflight(origin)).status).toBe(403);
    await asOperator(UPDATE, { id: app.id, input: { enabled: true } });
    expect((await preflight(origin)).status).toBe(204);
    await asOperator(UPDATE, { id: app.id, input: { allowedOrigins: [] } });
    expect((await preflight(origin)).status).toBe(403);
  });

  it('from an operator console origin', async () => {
    const res = await preflight(CONSOLE, 'content-type,authorization');
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(CONSOLE);
  });

  it('without an Origin (not a browser preflight): 204 naming the methods', async () => {
    const res = await preflight(null);
    expect(res.status).toBe(204);
    expect(res.headers.allow).toBe('GET, POST, OPTIONS');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('a browser request to /graphql', () => {
  it("runs when the key's app lists the page's origin, with the headers scripts may read", async () => {
    const res = await fromPage(SHOP, shopApp.publicKey);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.products.nodes.length).toBeGreaterThan(0);
    expect(res.headers['access-control-allow-origin']).toBe(SHOP);
    expect(res.headers['access-control-expose-headers'].split(',')).toEqual([
      'x-request-id',
      'Retry-After',
      'RateLimit-Limit',
      'RateLimit-Remaining',
      'RateLimit-Reset',
    ]);
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(varyOf(res)).toContain('origin');
    expect((await fromPage('https://checkout.brand.example', shopApp.publicKey)).status).toBe(200);
  });

  it("is refused 403 ORIGIN_NOT_ALLOWED when the key's app does not list the origin, though another app does", async () => {
    const res = await fromPage(OTHER_SHOP, shopApp.publicKey);
    expect(res.status).toBe(403);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].message).toMatch(/does not allow requests from https:\/\/other\.example\.org/);
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'ORIGIN_NOT_ALLOWED', correlationId: res.headers['x-request-id'] });
    // The origin is one some app allows: the browser may read the refusal.
    expect(res.headers['access-control-allow-origin']).toBe(OTHER_SHOP);
    expect((await fromPage(OTHER_SHOP, otherApp.publicKey)).status).toBe(200);
  });

  it('is refused for an origin no app lists, and the refusal carries no CORS headers', async () => {
    const res = await fromPage('https://evil.example', shopApp.publicKey);
    expect(res.status).toBe(403);
    expect(res.body.errors[0].extensions.code).toBe('ORIGIN_NOT_ALLOWED');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('without a storefront key runs only from an operator console origin (an operator signing in)', async () => {
    const login = { input: { login: DEMO.operatorEmail, password: DEMO.operatorPassword } };
    const fromConsole = await fromPage(CONSOLE, null, LOGIN, login);
    expect(fromConsole.status).toBe(200);
    expect(fromConsole.body.data.login.tokens.accessToken).toEqual(expect.any(String));
    expect(fromConsole.headers['access-control-allow-origin']).toBe(CONSOLE);

    const fromShop = await fromPage(SHOP, null, LOGIN, login);
    expect(fromShop.status).toBe(403);
    expect(fromShop.body.errors[0].extensions.code).toBe('ORIGIN_NOT_ALLOWED');
    expect(fromShop.body.errors[0].message).toMatch(/without a key, only operator console origins/);
    // A console is not a storefront: with an app's key, that app must list the origin.
    expect((await fromPage(CONSOLE, shopApp.publicKey)).status).toBe(403);
  });

  it("from the API's own origin (pages it serves) and without an Origin (servers) runs as before", async () => {
    const own = await request(base)
      .post('/graphql')
      .set('origin', base)
      .send({ query: LOGIN, variables: { input: { login: DEMO.operatorEmail, password: DEMO.operatorPassword } } });
    expect(own.status).toBe(200);
    expect(own.body.data.login.tokens).not.toBeNull();
    expect((await request(base).post('/graphql').set('origin', base).set('x-storefront-key', shopApp.publicKey).send({ query: PRODUCTS })).status).toBe(200);
    const server = await h.gql(PRODUCTS, {}, { key: otherApp.publicKey });
    expect(server.status).toBe(200);
    expect(server.data.products.nodes.length).toBeGreaterThan(0);
  });
});

describe('WebSocket upgrades on /graphql', () => {
  const wsUrl = () => `${base.replace(/^http/, 'ws')}/graphql`;

  /** The HTTP status of a refused upgrade, or 101 when the socket opened. */
  function upgrade(origin?: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(wsUrl(), 'graphql-transport-ws', origin ? { origin } : {});
      socket.once('open', () => {
        socket.close();
        resolve(101);
      });
      socket.once('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        socket.terminate();
      });
      socket.once('error', (err) => reject(err));
    });
  }

  /**
   * Opens a socket from `origin` and sends connection_init with `params`; once acknowledged, closes
   * it (1000) or sends `message`. Resolves with the close code.
   */
  function closeCode(origin: string, params: Record<string, string>, message?: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(wsUrl(), 'graphql-transport-ws', { origin });
      socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: params })));
      socket.on('message', (data: Buffer) => {
        if (JSON.parse(data.toString('utf8')).type !== 'connection_ack') return;
        if (message === undefined) socket.close(1000);
        else socket.send(message);
      });
      socket.once('close', (code) => resolve(code));
      socket.once('error', reject);
    });
  }

  it('is refused (403) from an unlisted origin, accepted from a listed one, a console, the API itself or without Origin', async () => {
    expect(await upgrade('https://evil.example')).toBe(403);
    expect(await upgrade('https://brand.example')).toBe(403);
    expect(await upgrade(SHOP)).toBe(101);
    expect(await upgrade('https://live.brand.example')).toBe(101);
    expect(await upgrade(CONSOLE)).toBe(101);
    expect(await upgrade(base)).toBe(101);
    expect(await upgrade()).toBe(101);
  });

  it("runs operations when the key's app lists the origin", async () => {
    class FromShop extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { origin: SHOP });
      }
    }
    const client = createClient({
      url: wsUrl(),
      webSocketImpl: FromShop,
      connectionParams: { 'X-Storefront-Key': shopApp.publicKey },
      retryAttempts: 0,
      lazy: true,
    });
    try {
      const result = await new Promise<any>((resolve, reject) => {
        let value: any;
        client.subscribe({ query: PRODUCTS }, { next: (v) => (value = v), error: reject, complete: () => resolve(value) });
      });
      expect(result.errors).toBeUndefined();
      expect(result.data.products.nodes.length).toBeGreaterThan(0);
    } finally {
      await client.dispose();
    }
  });

  it("closes the connection (4403) when the key's app does not list the origin, or a keyless one is not a console's", async () => {
    expect(await closeCode(SHOP, { 'X-Storefront-Key': shopApp.publicKey })).toBe(1000);
    expect(await closeCode(OTHER_SHOP, { 'X-Storefront-Key': shopApp.publicKey })).toBe(4403);
    expect(await closeCode(SHOP, {})).toBe(4403);
    expect(await closeCode(CONSOLE, {})).toBe(1000);
  });

  it('closes the connection (1009) on a message over 1 MB, as HTTP refuses a body over 1 MB', async () => {
    const MB = 1024 * 1024;
    // Exactly 1 MB is read (and refused by graphql-ws as not a valid message, 4400)…
    expect(await closeCode(SHOP, { 'X-Storefront-Key': shopApp.publicKey }, 'x'.repeat(MB))).toBe(4400);
    // …one byte more is not read at all.
    expect(await closeCode(SHOP, { 'X-Storefront-Key': shopApp.publicKey }, 'x'.repeat(MB + 1))).toBe(1009);
  });
});

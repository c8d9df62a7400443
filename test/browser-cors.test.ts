import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { startHarness, type Harness } from './harness';
import { checkout, payOrder, products } from './shop';

/**
 * CORS as a real browser applies it: headless Chromium (Debian's package, see .ci/run) opens pages
 * served by a second local HTTP server — another port is another origin — whose script calls the
 * API with a storefront app's public key, over fetch and over a WebSocket.
 */
let h: Harness;
let browser: Browser;
/** The API, http://127.0.0.1:<port>. */
let api: string;
const pageServers: Server[] = [];

/**
 * The storefront page: on load it POSTs a products query to /graphql with the key from its own
 * query string, and opens a graphql-ws socket with the same key; `window.result` holds both outcomes.
 */
const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Storefront</title></head><body>
<script>
const params = new URLSearchParams(location.search);
const api = params.get('api');
const key = params.get('key');
async function query() {
  try {
    const res = await fetch(api + '/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-storefront-key': key },
      body: JSON.stringify({ query: '{ products(first: 3) { nodes { id name } } }' }),
    });
    return { status: res.status, body: await res.json(), requestId: res.headers.get('x-request-id') };
  } catch (err) {
    return { failed: String(err) };
  }
}
function socket() {
  return new Promise((resolve) => {
    const ws = new WebSocket(api.replace(/^http/, 'ws') + '/graphql', 'graphql-transport-ws');
    ws.onopen = () => ws.send(JSON.stringify({ type: 'connection_init', payload: { 'X-Storefront-Key': key } }));
    ws.onmessage = (event) => {
      if (JSON.parse(event.data).type === 'connection_ack') resolve('acknowledged');
      ws.close();
    };
    ws.onclose = (event) => resolve('closed ' + event.code);
  });
}
window.result = Promise.all([query(), socket()]).then(([http, ws]) => ({ http, ws }));
</script>
</body></html>`;

/** What a storefront shows a buyer back from the payment provider's page (payOrder's returnUrl). */
const THANKS = '<!doctype html><html><head><meta charset="utf-8"><title>Thanks</title></head><body><h1>Back in the shop</h1></body></html>';

/** A server for the storefront page on a port of its own: http://127.0.0.1:<port>. */
async function pageServer(): Promise<string> {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(req.url?.startsWith('/thanks') ? THANKS : PAGE);
  });
  pageServers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Opens the storefront page at `origin` and waits for what its script got. */
async function visit(origin: string, key: string): Promise<{ http: any; ws: string }> {
  const page = await browser.newPage();
  try {
    await page.goto(`${origin}/?${new URLSearchParams({ api, key }).toString()}`);
    return await page.evaluate('window.result');
  } finally {
    await page.close();
  }
}

async function createApp(name: string, allowedOrigins: string[]): Promise<string> {
  const res = await h.gql(
    'mutation($name: String!, $o: [String!]) { createStorefrontApp(name: $name, allowedOrigins: $o) { storefrontApp { publicKey } userErrors { message } } }',
    { name, o: allowedOrigins },
    {
      token: await h.operatorToken(),
      key: null,
    },
  );
  expect(res.data.createStorefrontApp.userErrors).toEqual([]);
  return res.data.createStorefrontApp.storefrontApp.publicKey;
}

let listed: string;
let otherApps: string;
let shopKey: string;
beforeAll(async () => {
  h = await startHarness();
  await new Promise<void>((resolve) => h.app.http.listen(0, '127.0.0.1', resolve));
  api = `http://127.0.0.1:${(h.app.http.address() as AddressInfo).port}`;
  listed = await pageServer();
  otherApps = await pageServer();
  shopKey = await createApp('Browser shop', [listed]);
  await createApp('Another shop', [otherApps]);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});
afterAll(async () => {
  await browser?.close();
  for (const server of pageServers) await new Promise((resolve) => server.close(resolve));
  await h.close();
});

describe('in Chromium, a storefront page on another origin', () => {
  it("gets data when the key's app lists the page's origin, reads the exposed x-request-id, and may open a WebSocket", async () => {
    const { http, ws } = await visit(listed, shopKey);
    expect(http.failed).toBeUndefined();
    expect(http.status).toBe(200);
    expect(http.body.errors).toBeUndefined();
    expect(http.body.data.products.nodes.length).toBeGreaterThan(0);
    expect(http.requestId).toEqual(expect.any(String));
    expect(ws).toBe('acknowledged');
  });

  it('is blocked from an origin no app lists: localhost is not 127.0.0.1', async () => {
    const { http, ws } = await visit(listed.replace('127.0.0.1', 'localhost'), shopKey);
    expect(http).toEqual({ failed: expect.stringMatching(/TypeError: Failed to fetch/) });
    // The upgrade is refused: the browser reports an abnormal closure.
    expect(ws).toBe('closed 1006');
  });

  it("is refused 403 ORIGIN_NOT_ALLOWED, readable by the page, when another app lists the origin but the key's app does not", async () => {
    const { http, ws } = await visit(otherApps, shopKey);
    expect(http.status).toBe(403);
    expect(http.body.data).toBeUndefined();
    expect(http.body.errors[0].extensions.code).toBe('ORIGIN_NOT_ALLOWED');
    expect(ws).toBe('closed 4403');
  });
});

describe('in Chromium, the sandbox payment page', () => {
  it('works under its Content-Security-Policy: paying submits its form', async () => {
    const op = await h.operatorToken();
    const customer = await h.customerToken();
    const [sku] = await products(h, op, ['8.80'], 5);
    const placed = await checkout(h, customer, [{ skuId: sku.skuId, quantity: 1 }]);
    const { payment } = await payOrder(h, customer, placed.id);
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    try {
      await page.goto(`${api}${payment!.redirectUrl}`);
      expect(await page.textContent('body')).toContain(`Order ${placed.number}`);
      await Promise.all([page.waitForURL(/\/complete$/), page.getByRole('button', { name: 'Pay', exact: true }).click()]);
      expect(JSON.parse((await page.textContent('body'))!)).toEqual({ received: true, outcome: 'paid' });
    } finally {
      await page.close();
    }
    expect(problems).toEqual([]);
  });

  it("sends the buyer back to payOrder's returnUrl, on the storefront's origin, once paid", async () => {
    const op = await h.operatorToken();
    const customer = await h.customerToken();
    const [sku] = await products(h, op, ['6.60'], 5);
    const placed = await checkout(h, customer, [{ skuId: sku.skuId, quantity: 1 }]);
    const returnUrl = `${listed}/thanks?order=${placed.number}`;
    const paid = await h.gql(
      'mutation($input: PayOrderInput!) { payOrder(input: $input) { payment { redirectUrl returnUrl } userErrors { code } } }',
      { input: { orderId: placed.id, returnUrl } },
      { token: customer, key: shopKey },
    );
    expect(paid.data.payOrder.userErrors).toEqual([]);
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    try {
      await page.goto(`${api}${paid.data.payOrder.payment.redirectUrl}`);
      await Promise.all([page.waitForURL(returnUrl), page.getByRole('button', { name: 'Pay', exact: true }).click()]);
      expect(await page.textContent('h1')).toBe('Back in the shop');
    } finally {
      await page.close();
    }
    expect(problems).toEqual([]);
    const order = await h.gql('query($id: ID!) { order(id: $id) { status } }', { id: placed.id }, { token: customer });
    expect(order.data.order.status).toBe('PAID');
  });
});

describe('in Chromium, phone sign-in from a storefront page', () => {
  it('asks for a code and signs in with it from the page; the test reads the code from the sandbox outbox', async () => {
    const page = await browser.newPage();
    const call = (query: string, variables: Record<string, unknown>): Promise<any> =>
      page.evaluate(
        async ({ api, key, query, variables }) => {
          const res = await fetch(`${api}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-storefront-key': key },
            body: JSON.stringify({ query, variables }),
          });
          return res.json();
        },
        { api, key: shopKey, query, variables },
      );
    try {
      await page.goto(`${listed}/thanks`);
      const phone = '15899990001';
      const asked = await call('mutation($p: String!) { requestSignInCode(phone: $p) { expiresAt userErrors { code } } }', { p: phone });
      expect(asked.data.requestSignInCode.userErrors).toEqual([]);
      const sms = await fetch(`${api}/sandbox/sms/${phone}`);
      const { code } = (await sms.json()) as { code: string };
      const signedIn = await call(
        'mutation($p: String!, $c: String!) { signInWithCode(phone: $p, code: $c) { account { phone } tokens { accessToken } userErrors { code } } }',
        {
          p: phone,
          c: code,
        },
      );
      expect(signedIn.data.signInWithCode).toEqual({ account: { phone }, tokens: { accessToken: expect.any(String) }, userErrors: [] });
    } finally {
      await page.close();
    }
  });
});

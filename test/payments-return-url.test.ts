import request from 'supertest';
import { toGlobalId } from '../src/lib/ids';
import { DEMO, startHarness, type Harness } from './harness';
import { checkout, products } from './shop';

/**
 * payOrder's returnUrl: allowed only with one of the calling storefront app's allowed origins, and
 * honoured by the sandbox's page, which sends a browser back there once the payment is done.
 */
let h: Harness;
let customer: string;
let op: string;

const PAY = `mutation($input: PayOrderInput!) {
  payOrder(input: $input) { payment { id status redirectUrl returnUrl } userErrors { code field message } }
}`;
const UPDATE_APP = `mutation($id: ID!, $input: StorefrontAppUpdateInput!) {
  updateStorefrontApp(id: $id, input: $input) { storefrontApp { allowedOrigins } userErrors { code } }
}`;
/** What a browser sends with a form post: HTML first. */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

beforeAll(async () => {
  h = await startHarness();
  customer = await h.customerToken();
  op = await h.operatorToken();
  const [app] = await h.sql('select id from storefront_app where public_key = $1', [DEMO.storefrontPublicKey]);
  const res = await h.gql(
    UPDATE_APP,
    { id: toGlobalId('StorefrontApp', app.id), input: { allowedOrigins: ['https://shop.example.com', 'https://*.kol.example', 'http://localhost:5173'] } },
    { token: op, key: null },
  );
  expect(res.data.updateStorefrontApp.userErrors).toEqual([]);
});
afterAll(() => h.close());

async function unpaidOrder(): Promise<string> {
  const [sku] = await products(h, op, ['12.00'], 10);
  return (await checkout(h, customer, [{ skuId: sku.skuId, quantity: 1 }])).id;
}

const pay = async (orderId: string, returnUrl?: string | null, idempotencyKey?: string) =>
  (await h.gql(PAY, { input: { orderId, returnUrl, idempotencyKey } }, { token: customer })).data.payOrder;

describe('payOrder with a returnUrl', () => {
  it('takes a URL of an allowed origin; the sandbox page names it and a browser paying there is sent back with 303', async () => {
    const orderId = await unpaidOrder();
    const returnUrl = 'https://shop.example.com/orders/thanks?from=sandbox#top';
    const { payment, userErrors } = await pay(orderId, returnUrl);
    expect(userErrors).toEqual([]);
    expect(payment).toMatchObject({ status: 'PENDING', returnUrl });

    const page = await request(h.app.http).get(payment.redirectUrl);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Then back to https://shop.example.com');
    // The forms' answer redirects to the shop: the page's form-action allows that origin, and only it.
    expect(page.headers['content-security-policy']).toMatch(/form-action 'self' https:\/\/shop\.example\.com;/);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'/);

    const done = await request(h.app.http).post(`${payment.redirectUrl}/complete`).set('accept', BROWSER_ACCEPT).type('form').send({ outcome: 'succeeded' });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe(returnUrl);
    const order = await h.gql('query($id: ID!) { order(id: $id) { status payments { returnUrl } } }', { id: orderId }, { token: customer });
    expect(order.data.order).toEqual({ status: 'PAID', payments: [{ returnUrl }] });
  });

  it('a client asking for JSON gets the answer with the returnUrl; a failed payment sends the browser back too', async () => {
    const json = (await pay(await unpaidOrder(), 'https://a.kol.example/buy')).payment;
    const answer = await request(h.app.http).post(`${json.redirectUrl}/complete`).send();
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ received: true, outcome: 'paid', returnUrl: 'https://a.kol.example/buy' });

    const failing = (await pay(await unpaidOrder(), 'http://localhost:5173/cart')).payment;
    const failed = await request(h.app.http).post(`${failing.redirectUrl}/complete`).set('accept', BROWSER_ACCEPT).type('form').send({ outcome: 'failed' });
    expect(failed.status).toBe(303);
    expect(failed.headers.location).toBe('http://localhost:5173/cart');
  });

  it('without a returnUrl nothing changes: the page keeps its own CSP and answers JSON, even to a browser', async () => {
    const { payment } = await pay(await unpaidOrder());
    expect(payment.returnUrl).toBeNull();
    const page = await request(h.app.http).get(payment.redirectUrl);
    expect(page.headers['content-security-policy']).toMatch(/form-action 'self'(;|$)/);
    expect(page.text).not.toContain('Then back to');
    const done = await request(h.app.http).post(`${payment.redirectUrl}/complete`).set('accept', BROWSER_ACCEPT).send();
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ received: true, outcome: 'paid' });
  });

  it('refuses an origin the storefront app does not allow (RETURN_URL_NOT_ALLOWED) and what is no http(s) URL (INVALID_RETURN_URL), opening no payment', async () => {
    const orderId = await unpaidOrder();
    const cases: [string, string][] = [
      ['https://evil.example/phish', 'RETURN_URL_NOT_ALLOWED'],
      ['https://shop.example.com.evil.example/', 'RETURN_URL_NOT_ALLOWED'],
      ['http://shop.example.com/orders', 'RETURN_URL_NOT_ALLOWED'],
      ['https://shop.example.com:8443/orders', 'RETURN_URL_NOT_ALLOWED'],
      ['https://kol.example/', 'RETURN_URL_NOT_ALLOWED'],
      ['/orders/thanks', 'INVALID_RETURN_URL'],
      ['not a url', 'INVALID_RETURN_URL'],
      ['javascript:alert(1)', 'INVALID_RETURN_URL'],
      ['data:text/html,hi', 'INVALID_RETURN_URL'],
      ['https://user:secret@shop.example.com/', 'INVALID_RETURN_URL'],
    ];
    for (const [returnUrl, code] of cases) {
      const res = await pay(orderId, returnUrl);
      expect({ returnUrl, res }).toEqual({
        returnUrl,
        res: { payment: null, userErrors: [{ code, field: ['input', 'returnUrl'], message: expect.any(String) }] },
      });
    }
    expect((await pay(orderId, 'https://evil.example/')).userErrors[0].message).toMatch(
      /https:\/\/evil\.example is not one of this storefront app's allowed origins/,
    );
    const dbId = Buffer.from(orderId, 'base64url').toString().split(':')[1];
    expect(await h.sql('select 1 from payment where order_id = $1', [dbId])).toEqual([]);
    // Past its documented length: refused at the edge.
    const long = await h.gql(PAY, { input: { orderId, returnUrl: `https://shop.example.com/${'x'.repeat(2000)}` } }, { token: customer });
    expect(long.status).toBe(400);
    expect(long.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'returnUrl'] });
  });

  it('an app with no allowed origins takes no returnUrl; an idempotency key replays only with the same returnUrl', async () => {
    const created = await h.gql(
      'mutation { createStorefrontApp(name: "No origins") { storefrontApp { publicKey } userErrors { code } } }',
      {},
      { token: op, key: null },
    );
    const key = created.data.createStorefrontApp.storefrontApp.publicKey;
    const orderId = await unpaidOrder();
    const other = await h.gql(PAY, { input: { orderId, returnUrl: 'https://shop.example.com/' } }, { token: customer, key });
    expect(other.data.payOrder.userErrors).toEqual([{ code: 'RETURN_URL_NOT_ALLOWED', field: ['input', 'returnUrl'], message: expect.any(String) }]);

    const first = await pay(orderId, 'https://shop.example.com/a', 'return-url-key-1');
    expect(first.userErrors).toEqual([]);
    expect((await pay(orderId, 'https://shop.example.com/a', 'return-url-key-1')).payment.id).toBe(first.payment.id);
    expect((await pay(orderId, 'https://shop.example.com/b', 'return-url-key-1')).userErrors[0].code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});

import pino from 'pino';
import request from 'supertest';
import { ConfigError, loadConfig } from '../src/config';
import { createApp } from '../src/server/app';
import { DEMO, startHarness, type Harness } from './harness';
import { checkout, payOrder, products } from './shop';

/** The API's plain HTTP side: /metrics behind its token, errors outside GraphQL as JSON, security headers on HTML pages. */
const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { METRICS_TOKEN } });
});
afterAll(() => h.close());

/** The one error shape outside GraphQL execution, as a GraphQL client reads it. */
function expectError(res: request.Response, status: number, code: string, message?: RegExp) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.body).toEqual({ errors: [{ message: expect.any(String), extensions: { code, correlationId: res.headers['x-request-id'] } }] });
  if (message) expect(res.body.errors[0].message).toMatch(message);
  expect(res.text).not.toMatch(/<html|\bat \//i);
}

describe('/metrics', () => {
  it('answers 401 without the bearer token METRICS_TOKEN, or with another', async () => {
    for (const authorization of [null, 'Bearer wrong-token-0123456789abcdef', `Basic ${METRICS_TOKEN}`, `Bearer ${METRICS_TOKEN}x`, 'Bearer ']) {
      const req = request(h.app.http).get('/metrics');
      const res = await (authorization ? req.set('authorization', authorization) : req);
      expectError(res, 401, 'UNAUTHENTICATED', /METRICS_TOKEN/);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(res.text).not.toContain('sql_statements_total');
    }
  });

  it('serves the Prometheus text with the token', async () => {
    const res = await request(h.app.http).get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/^sql_statements_total \d+/m);
  });

  it('is not served (404) when METRICS_TOKEN is unset', async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: h.orm.config.get('clientUrl')!, LOG_LEVEL: 'silent' });
    expect(config.metricsToken).toBeNull();
    const app = await createApp(config, h.orm, pino({ level: 'silent' }));
    try {
      expectError(await request(app.http).get('/metrics'), 404, 'NOT_FOUND');
      expectError(await request(app.http).get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`), 404, 'NOT_FOUND');
    } finally {
      await app.subscriptions.stop();
      await app.apollo.stop();
    }
  });

  it('METRICS_TOKEN must be at least 16 characters without spaces', () => {
    expect(loadConfig({ NODE_ENV: 'test', METRICS_TOKEN: ' 0123456789abcdef ' }).metricsToken).toBe('0123456789abcdef');
    expect(loadConfig({ NODE_ENV: 'test', METRICS_TOKEN: '' }).metricsToken).toBeNull();
    for (const token of ['0123456789abcde', 'short', '0123456789 abcdef']) {
      expect(() => loadConfig({ NODE_ENV: 'test', METRICS_TOKEN: token })).toThrow(ConfigError);
      expect(() => loadConfig({ NODE_ENV: 'test', METRICS_TOKEN: token })).toThrow(/METRICS_TOKEN must be at least 16 characters/);
    }
  });
});

describe('errors outside GraphQL execution answer JSON with a code', () => {
  it('413 PAYLOAD_TOO_LARGE for a body over 1 MB', async () => {
    const body = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(1024 * 1024) } });
    const res = await request(h.app.http).post('/graphql').set('content-type', 'application/json').set('x-request-id', 'too-large-1').send(body);
    expectError(res, 413, 'PAYLOAD_TOO_LARGE', /larger than 1048576 bytes/);
    expect(res.body.errors[0].extensions.correlationId).toBe('too-large-1');
  });

  it('400 BAD_JSON for a body that is not JSON', async () => {
    for (const body of ['{"query": ', '{query: "{ __typename }"}', '"just a string"']) {
      const res = await request(h.app.http).post('/graphql').set('content-type', 'application/json').set('x-storefront-key', 'pk_whatever').send(body);
      expectError(res, 400, 'BAD_JSON', /not valid JSON/);
    }
  });

  it('the same answers and errors for POST /graphql past the router and for /graphql/ through it', async () => {
    for (const path of ['/graphql', '/graphql?x=1', '/graphql/']) {
      const bad = await request(h.app.http)
        .post(path)
        .set('content-type', 'application/json')
        .set('x-request-id', `bad-json-${path.length}`)
        .send('{"query": ');
      expectError(bad, 400, 'BAD_JSON', /not valid JSON/);
      expect(bad.body.errors[0].extensions.correlationId).toBe(`bad-json-${path.length}`);
    }
    for (const path of ['/graphql', '/graphql/']) {
      const res = await request(h.app.http)
        .post(path)
        .set('content-type', 'application/json')
        .set('x-storefront-key', DEMO.storefrontPublicKey)
        .send({ query: '{ __typename }' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ data: { __typename: 'Query' } });
      expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.text));
      expect(res.headers['x-request-id']).toMatch(/^[\w-]+$/);
    }
  });

  it('a request that waited for its turn (GRAPHQL_CONCURRENCY) keeps its own correlation id', async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: h.orm.config.get('clientUrl')!, LOG_LEVEL: 'silent', GRAPHQL_CONCURRENCY: '1' });
    const app = await createApp(config, h.orm, pino({ level: 'silent' }));
    try {
      // One at a time: every request after the first waits, and runs when the one before it is answered.
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          request(app.http)
            .post('/graphql')
            .set('content-type', 'application/json')
            .set('x-storefront-key', DEMO.storefrontPublicKey)
            .set('x-request-id', `turn-${i}`)
            .send({ query: '{ product(id: "UHJvZHVjdDpub3BlCg") { id } noSuchField }' }),
        ),
      );
      answers.forEach((res, i) => {
        expect(res.status).toBe(400);
        expect(res.headers['x-request-id']).toBe(`turn-${i}`);
        expect(res.body.errors[0].extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED', correlationId: `turn-${i}` });
      });
    } finally {
      await app.subscriptions.stop();
      await app.apollo.stop();
    }
  });

  it('404 NOT_FOUND for a path the API does not serve', async () => {
    expectError(await request(h.app.http).get('/'), 404, 'NOT_FOUND', /GET \//);
    expectError(await request(h.app.http).post('/api').send({ query: '{ __typename }' }), 404, 'NOT_FOUND', /POST \/api/);
    expectError(await request(h.app.http).get('/health/x'), 404, 'NOT_FOUND');
    expect((await request(h.app.http).get('/health')).body).toEqual({ status: 'ok' });
  });
});

describe('security headers on the HTML pages the API serves', () => {
  it("the sandbox payment page: helmet's headers and a CSP allowing only its own forms", async () => {
    const op = await h.operatorToken();
    const customer = await h.customerToken();
    const [sku] = await products(h, op, ['12.00'], 5);
    const placed = await checkout(h, customer, [{ skuId: sku.skuId, quantity: 1 }]);
    const { payment } = await payOrder(h, customer, placed.id);
    const page = await request(h.app.http).get(payment!.redirectUrl);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const csp = Object.fromEntries(
      String(page.headers['content-security-policy'])
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values.join(' ')]),
    );
    expect(csp).toEqual({ 'default-src': "'none'", 'form-action': "'self'", 'base-uri': "'none'", 'frame-ancestors': "'none'" });
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['strict-transport-security']).toMatch(/max-age=/);
    // The page's form still works.
    const done = await request(h.app.http).post(`${payment!.redirectUrl}/complete`).type('form').send({ outcome: 'succeeded' });
    expect(done.body).toEqual({ received: true, outcome: 'paid' });
  });

  it("GraphQL's IDE page: helmet's headers, with a CSP that admits only the API's own origin (test/ide.test.ts has the rest)", async () => {
    const res = await request(h.app.http).get('/graphql').set('accept', 'text/html');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none';.*script-src 'self';/);
  });
});

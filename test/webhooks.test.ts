import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import request from 'supertest';
import { Webhook } from 'standardwebhooks';
import { loadConfig } from '../src/config';
import { openOrm, type Orm } from '../src/db/orm';
import { toGlobalId } from '../src/lib/ids';
import { dispatchOrderEvents } from '../src/modules/orders/events';
import { deliverWebhooks, pruneWebhookLog, startWebhookDispatcher, type WebhookSettings } from '../src/modules/webhooks/delivery';
import { publishWebhookEvent } from '../src/modules/webhooks/events';
import { createApp } from '../src/server/app';
import { DEMO, startHarness, type Harness } from './harness';
import { checkout, paidOrder, products } from './shop';

/** A receiver on 127.0.0.1: records every request; each path answers as `answer` says. */
interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}
class Receiver {
  received: Received[] = [];
  answer: (path: string) => { status: number; body?: string; headers?: Record<string, string>; delayMs?: number } = () => ({ status: 204 });
  private server: Server | null = null;
  port = 0;

  async start(port = 0): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '/';
        this.received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const a = this.answer(path);
        setTimeout(() => {
          res.writeHead(a.status, a.headers ?? {});
          res.end(a.body ?? '');
        }, a.delayMs ?? 0);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }
}

const SETTINGS: WebhookSettings = {
  httpsOnly: false,
  allowPrivate: true,
  timeoutMs: 3000,
  retryDelaysMs: [200, 200, 200],
  disableAfterFailingMs: 5 * 86_400_000,
};

let h: Harness;
let operator: string;
let customer: string;
const receiver = new Receiver();
const asOperator = (query: string, variables?: Record<string, unknown>) => h.gql(query, variables, { token: operator, key: null });
const asServer = (query: string, variables?: Record<string, unknown>) => h.gql(query, variables, { key: DEMO.storefrontSecretKey });

const CREATE = `mutation($input: WebhookEndpointCreateInput!) {
  createWebhookEndpoint(input: $input) { secret endpoint { id url eventTypes enabled storefrontAppId } userErrors { code field message } }
}`;
const ENDPOINT = `query($id: ID!) { node(id: $id) { ... on WebhookEndpoint { id enabled disabledReason disabledAt failingSince previousSecretExpiresAt } } }`;
const DELIVERIES = `query($endpointId: ID!, $status: WebhookDeliveryStatus, $eventType: WebhookEventType) {
  webhookDeliveries(endpointId: $endpointId, status: $status, eventType: $eventType, first: 50) {
    totalCount
    nodes { id eventId eventType sequence resourceVersion status attemptCount payload attempts { statusCode durationMs responseExcerpt error success } }
  }
}`;

const fork = () => h.orm.em.fork();
const dispatch = async () => {
  while ((await dispatchOrderEvents(fork())) > 0);
};
const deliver = (settings = SETTINGS) => deliverWebhooks(fork, settings);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const counts = async () =>
  (await h.sql('select (select count(*) from webhook_endpoint)::int as endpoints, (select count(*) from webhook_event)::int as events'))[0];

async function endpoint(path: string, eventTypes: string[], via: 'server' | 'operator' = 'server') {
  const input = { url: receiver.url(path), eventTypes, ...(via === 'operator' ? { storefrontAppId: toGlobalId('StorefrontApp', demoAppId) } : {}) };
  const res = via === 'server' ? await asServer(CREATE, { input }) : await asOperator(CREATE, { input });
  expect(res.data.createWebhookEndpoint.userErrors).toEqual([]);
  return res.data.createWebhookEndpoint as { secret: string; endpoint: { id: string; url: string; eventTypes: string[] } };
}

let demoAppId = '';

beforeAll(async () => {
  h = await startHarness({ env: { WEBHOOKS_ALLOW_PRIVATE_URLS: 'true' } });
  operator = await h.operatorToken();
  customer = await h.customerToken();
  demoAppId = (await h.sql('select id from storefront_app where public_key = $1', [DEMO.storefrontPublicKey]))[0].id;
  await receiver.start();
});
afterAll(async () => {
  await receiver.stop();
  await h.close();
});
beforeEach(() => {
  receiver.received = [];
  receiver.answer = () => ({ status: 204 });
});

describe('order events', () => {
  it('reach the endpoint of the order’s app, signed (verified by standardwebhooks’ own Webhook.verify), numbered and versioned, in order', async () => {
    const { secret, endpoint: ep } = await endpoint('/orders', ['ORDER_CREATED', 'ORDER_PAID']);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(ep.eventTypes).toEqual(['ORDER_CREATED', 'ORDER_PAID']);
    // Stored, but never shown again: no field of the schema reads it.
    const [sku] = await products(h, operator, ['12.34'], 10);
    const order = await paidOrder(h, customer, [{ skuId: sku.skuId, quantity: 2 }]);
    await dispatch();
    await deliver();

    const got = receiver.at('/orders');
    expect(got).toHaveLength(2);
    const payloads = got.map((r) => new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as any);
    expect(payloads.map((p) => p.type)).toEqual(['order.created', 'order.paid']);
    expect(payloads.map((p) => p.sequence)).toEqual([1, 2]);
    expect(payloads[0].resource).toMatchObject({ type: 'order', id: order.id });
    expect(payloads[1].resource.version).toBeGreaterThan(payloads[0].resource.version);
    expect(payloads[1]).toMatchObject({
      version: 1,
      data: { order: { id: order.id, number: order.number, status: 'PAID', total: { amount: '34.68', currencyCode: 'CNY' } } },
    });
    for (const [i, r] of got.entries()) {
      expect(r.headers['webhook-id']).toBe(payloads[i].id);
      expect(r.headers['content-type']).toBe('application/json');
      expect(Math.abs(Number(r.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(30);
    }
    // A tampered body does not verify.
    expect(() => new Webhook(secret).verify(got[0].body.replace('order.created', 'order.paid'), got[0].headers as Record<string, string>)).toThrow();

    // The outbox delivering the same events again (at least once) adds nothing.
    await h.sql('update order_event set delivered_at = null where order_id = $1', [order.dbId]);
    await dispatch();
    await deliver();
    expect(receiver.at('/orders')).toHaveLength(2);

    // The log: successes too, with status and duration.
    const log = await asServer(DELIVERIES, { endpointId: ep.id });
    expect(log.data.webhookDeliveries.totalCount).toBe(2);
    expect(log.data.webhookDeliveries.nodes[0]).toMatchObject({ eventType: 'order.paid', status: 'DELIVERED', attemptCount: 1, sequence: '2' });
    expect(log.data.webhookDeliveries.nodes[0].attempts).toEqual([
      { statusCode: 204, durationMs: expect.any(Number), responseExcerpt: '', error: null, success: true },
    ]);
    await asServer('mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { userErrors { code } } }', { id: ep.id });
  });

  it('carry what each change adds: a cancellation says by whom, a refund its lines and amounts', async () => {
    const { secret, endpoint: ep } = await endpoint('/changes', ['ORDER_CANCELLED', 'ORDER_REFUNDED']);
    const [sku] = await products(h, operator, ['7.50'], 10);
    const unpaid = await checkout(h, customer, [{ skuId: sku.skuId, quantity: 1 }]);
    const cancelled = await h.gql('mutation($id: ID!) { cancelOrder(orderId: $id) { userErrors { code } } }', { id: unpaid.id }, { token: customer });
    expect(cancelled.data.cancelOrder.userErrors).toEqual([]);
    const paid = await paidOrder(h, customer, [{ skuId: sku.skuId, quantity: 2 }]);
    const [line] = await h.sql('select id from order_line where order_id = $1', [paid.dbId]);
    const lineId = toGlobalId('OrderLine', line.id);
    const refunded = await asOperator('mutation($input: RefundOrderInput!) { refundOrder(input: $input) { userErrors { code message } } }', {
      input: { orderId: paid.id, lines: [{ orderLineId: lineId, quantity: 1 }], reason: 'damaged in transit' },
    });
    expect(refunded.data.refundOrder.userErrors).toEqual([]);
    await dispatch();
    await deliver();
    const got = receiver.at('/changes').map((r) => new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as any);
    expect(got.map((p) => p.type)).toEqual(['order.cancelled', 'order.refunded']);
    expect(got[0].data).toMatchObject({ order: { id: unpaid.id, status: 'CANCELLED' }, cancelledBy: 'buyer' });
    expect(got[1].data.refund).toMatchObject({
      id: expect.any(String),
      amount: { amount: '7.50', currencyCode: 'CNY' },
      lines: [{ orderLineId: lineId, quantity: 1, amount: { amount: '7.50', currencyCode: 'CNY' } }],
    });
    expect(got[1].data.order).toMatchObject({ id: paid.id, refundedTotal: { amount: '7.50', currencyCode: 'CNY' } });
    await asServer('mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { userErrors { code } } }', { id: ep.id });
  });

  it('go only to endpoints subscribed to their type', async () => {
    const { endpoint: ep } = await endpoint('/shipped-only', ['ORDER_SHIPPED']);
    const [sku] = await products(h, operator, ['5.00'], 10);
    await paidOrder(h, customer, [{ skuId: sku.skuId, quantity: 1 }]);
    await dispatch();
    await deliver();
    expect(receiver.at('/shipped-only')).toHaveLength(0);
    await asServer('mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { userErrors { code } } }', { id: ep.id });
  });
});

describe('delivery', () => {
  it('retries while the receiver is down and delivers once it is back, with the same webhook-id', async () => {
    const down = new Receiver();
    await down.start();
    const port = down.port;
    const { secret, endpoint: ep } = await endpoint(`/down`, ['ORDER_PAID']);
    await asServer('mutation($id: ID!, $input: WebhookEndpointUpdateInput!) { updateWebhookEndpoint(id: $id, input: $input) { userErrors { code } } }', {
      id: ep.id,
      input: { url: `http://127.0.0.1:${port}/down` },
    });
    await down.stop();

    const test = await asServer('mutation($id: ID!) { sendWebhookTestEvent(id: $id) { delivery { id eventId eventType status } userErrors { code } } }', {
      id: ep.id,
    });
    expect(test.data.sendWebhookTestEvent.userErrors).toEqual([]);
    const { eventId } = test.data.sendWebhookTestEvent.delivery;
    expect(test.data.sendWebhookTestEvent.delivery).toMatchObject({ eventType: 'webhook.test', status: 'PENDING' });

    await deliver();
    const [pending] = await h.sql('select status, attempts, next_attempt_at > now() as later from webhook_delivery where event_id = $1', [eventId]);
    expect(pending).toMatchObject({ status: 'pending', attempts: 1, later: true });
    const [failing] = await h.sql(
      'select failing_since is not null as failing, enabled from webhook_endpoint where id = (select endpoint_id from webhook_delivery where event_id = $1)',
      [eventId],
    );
    expect(failing).toEqual({ failing: true, enabled: true });

    await down.start(port);
    await sleep(250);
    await deliver();
    const got = down.at('/down');
    expect(got).toHaveLength(1);
    expect(got[0].headers['webhook-id']).toBe(eventId);
    expect(new Webhook(secret).verify(got[0].body, got[0].headers as Record<string, string>)).toMatchObject({ type: 'webhook.test', id: eventId });
    const log = await asServer(DELIVERIES, { endpointId: ep.id });
    const [delivery] = log.data.webhookDeliveries.nodes;
    expect(delivery).toMatchObject({ eventId, status: 'DELIVERED', attemptCount: 2 });
    expect(delivery.attempts).toEqual([
      expect.objectContaining({ statusCode: 204, success: true }),
      expect.objectContaining({ statusCode: null, success: false, error: expect.stringMatching(/ECONNREFUSED/) }),
    ]);
    const endpointNow = await asServer(ENDPOINT, { id: ep.id });
    expect(endpointNow.data.node.failingSince).toBeNull();
    await down.stop();
  });

  it('honours Retry-After, keeps only the first kilobyte of an answer, and gives up when the schedule runs out', async () => {
    receiver.answer = () => ({ status: 503, body: 'x'.repeat(5000), headers: { 'retry-after': '120' } });
    const { endpoint: ep } = await endpoint('/busy', ['ORDER_PAID']);
    const sent = await asServer('mutation($id: ID!) { sendWebhookTestEvent(id: $id) { delivery { eventId } userErrors { code } } }', { id: ep.id });
    const { eventId } = sent.data.sendWebhookTestEvent.delivery;
    await deliver();
    const [row] = await h.sql(`select extract(epoch from next_attempt_at - now())::int as wait from webhook_delivery where event_id = $1`, [eventId]);
    expect(row.wait).toBeGreaterThan(100);
    expect(row.wait).toBeLessThanOrEqual(120);
    const log = await asServer(DELIVERIES, { endpointId: ep.id });
    expect(log.data.webhookDeliveries.nodes[0].attempts[0]).toMatchObject({ statusCode: 503, success: false });
    expect(log.data.webhookDeliveries.nodes[0].attempts[0].responseExcerpt).toHaveLength(1024);

    // The schedule (three retries here) runs out: the delivery has failed, the endpoint stays enabled.
    receiver.answer = () => ({ status: 500 });
    for (let i = 0; i < 3; i++) {
      await h.sql('update webhook_delivery set next_attempt_at = now() where event_id = $1', [eventId]);
      await deliver();
    }
    const [failed] = await h.sql('select status, attempts, next_attempt_at from webhook_delivery where event_id = $1', [eventId]);
    expect(failed).toEqual({ status: 'failed', attempts: 4, next_attempt_at: null });
    await asServer('mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { userErrors { code } } }', { id: ep.id });
  });

  it('disables an endpoint that answers 410 Gone, and operators see why', async () => {
    receiver.answer = () => ({ status: 410 });
    const start = new Date();
    const { endpoint: ep } = await endpoint('/gone', ['ORDER_PAID']);
    await asServer('mutation($id: ID!) { sendWebhookTestEvent(id: $id) { userErrors { code } } }', { id: ep.id });
    await deliver();
    const seen = await asOperator(ENDPOINT, { id: ep.id });
    expect(seen.data.node).toMatchObject({ enabled: false, disabledReason: expect.stringMatching(/410 Gone/), disabledAt: expect.any(String) });
    const listed = await asOperator('query($app: ID) { webhookEndpoints(storefrontAppId: $app, first: 50) { nodes { id enabled disabledReason } } }', {
      app: toGlobalId('StorefrontApp', demoAppId),
    });
    expect(listed.data.webhookEndpoints.nodes.find((n: { id: string }) => n.id === ep.id)).toMatchObject({ enabled: false });

    // Nothing more is sent to it: new events are not queued for it, nor its pending deliveries sent.
    const [sku] = await products(h, operator, ['3.00'], 10);
    await paidOrder(h, customer, [{ skuId: sku.skuId, quantity: 1 }]);
    await dispatch();
    await h.sql('update webhook_delivery set next_attempt_at = now() where endpoint_id = $1', [dbId(ep.id)]);
    await deliver();
    expect(receiver.at('/gone')).toHaveLength(1);
    const refused = await asServer('mutation($id: ID!) { sendWebhookTestEvent(id: $id) { userErrors { code } } }', { id: ep.id });
    expect(refused.data.sendWebhookTestEvent.userErrors).toEqual([expect.objectContaining({ code: 'ENDPOINT_DISABLED' })]);

    // Enabled again, and caught up with what it missed since a time.
    receiver.answer = () => ({ status: 200 });
    const enabled = await asServer(
      'mutation($id: ID!) { updateWebhookEndpoint(id: $id, input: { enabled: true }) { endpoint { enabled disabledReason } userErrors { code } } }',
      { id: ep.id },
    );
    expect(enabled.data.updateWebhookEndpoint.endpoint).toEqual({ enabled: true, disabledReason: null });
    const replay = await asServer(
      'mutation($id: ID!, $since: DateTimeISO!) { replayWebhookDeliveries(endpointId: $id, since: $since) { queued userErrors { code } } }',
      {
        id: ep.id,
        since: start.toISOString(),
      },
    );
    // The test event again, and the order.paid it missed while disabled.
    expect(replay.data.replayWebhookDeliveries).toEqual({ queued: 2, userErrors: [] });
    await deliver();
    const types = receiver.at('/gone').map((r) => JSON.parse(r.body).type);
    expect(types.slice(1).sort()).toEqual(['order.paid', 'webhook.test']);
    await asServer('mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { userErrors { code } } }', { id: ep.id });
  });

  it('disables an endpoint whose every attempt failed for 5 days', async () => {
    receiver.answer = () => ({ status: 500 });
    const { endpoint: ep } = await endpoint('/failing', ['ORDER_PAID']);
    await h.sql(`update webhook_endpoint set failing_since = now() - interval '5 days 1 minute' where id = $1`, [dbId(ep.id)]);
    await asServer('mutation($id: ID!) { sendWebhookTestEvent(id: $id) { userErrors { code } } }', { id: ep.id });
    await deliver();
    const seen = await asOperator(ENDPOINT, { id: ep.id });
    expect(seen.data.node).toMatchObject({ enabled: false, disabledReason: expect.stringMatching(/^Every attempt failed since .*; the last: HTTP 500$/) });
  });

  it('replays one delivery with the same webhook-id and sequence', async () => {
    const { secret, endpoint: ep } = await endpoint('/replay', ['ORDER_PAID']);
    const sent = await asServer('mutation($id: ID!) { sendWebhookTestEvent(id: $id) { delivery { id eventId } userErrors { code } } }', { id: ep.id });
    await deliver();
    const { id } = sent.data.sendWebhookTestEvent.delivery;
    const replay = await asServer('mutation($id: ID!) { replayWebhookDelivery(id: $id) { delivery { status attemptCount } userErrors { code } } }', { id });
    expect(replay.data.replayWebhookDelivery).toEqual({ delivery: { status: 'PENDING', attemptCount: 0 }, userErrors: [] });
    await deliver();
    const got = receiver.at('/replay');
    expect(got).toHaveLength(2);
    const [first, second] = got.map((r) => new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as any);
    expect(second.id).toBe(first.id);
    expect(second.sequence).toBe(first.sequence);
    expect(got[1].headers['webhook-id']).toBe(got[0].headers['webhook-id']);
  });

  it('signs with the old and the new secret for 24 hours after a rotation', async () => {
    const { secret: old, endpoint: ep } = await endpoint('/rotate', ['ORDER_PAID']);
    const rotated = await asServer(
      'mutation($id: ID!) { rotateWebhookEndpointSecret(id: $id) { secret endpoint { previousSecretExpiresAt } userErrors { code } } }',
      {
        id: ep.id,
      },
    );
    const fresh = rotated.data.rotateWebhookEndpointSecret.secret as string;
    expect(fresh).not.toBe(old);
    const ends = new Date(rotated.data.rotateWebhookEndpointSecret.endpoint.previousSecretExpiresAt).getTime();
    expect(Math.abs(ends - Date.now() - 86_400_000)).toBeLessThan(60_000);
    await asServer('mutation($id: ID!) { sendWebhookTestEvent(id: $id) { userErrors { code } } }', { id: ep.id });
    await deliver();
    const [got] = receiver.at('/rotate');
    expect(String(got.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const secret of [old, fresh])
      expect(new Webhook(secret).verify(got.body, got.headers as Record<string, string>)).toMatchObject({ type: 'webhook.test' });

    // After the 24 hours, only the new secret signs.
    await h.sql(`update webhook_endpoint set previous_secret_expires_at = now() - interval '1 second' where id = $1`, [dbId(ep.id)]);
    await asServer('mutation($id: ID!) { sendWebhookTestEvent(id: $id) { userErrors { code } } }', { id: ep.id });
    await deliver();
    const later = receiver.at('/rotate')[1];
    expect(String(later.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(() => new Webhook(old).verify(later.body, later.headers as Record<string, string>)).toThrow();
    expect(new Webhook(fresh).verify(later.body, later.headers as Record<string, string>)).toMatchObject({ type: 'webhook.test' });
  });

  it('delivers each event once per endpoint with two API processes delivering at once', async () => {
    receiver.answer = () => ({ status: 200, delayMs: 5 });
    const a = await endpoint('/two-a', ['WITHDRAWAL_REQUESTED']);
    const b = await endpoint('/two-b', ['WITHDRAWAL_REQUESTED'], 'operator');
    // A second process: its own ORM (connection pool) and app over the same database.
    const url = h.orm.config.get('clientUrl')!;
    const other: Orm = await openOrm(url, 10);
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, LOG_LEVEL: 'silent', RATE_LIMITS: 'off', WEBHOOKS_ALLOW_PRIVATE_URLS: 'true' });
    const otherApp = await createApp(config, other, pino({ level: 'silent' }));
    const EVENTS = 40;
    const logger = pino({ level: 'silent' });
    const loops = [startWebhookDispatcher(fork, SETTINGS, logger, 10), startWebhookDispatcher(() => other.em.fork(), SETTINGS, logger, 10)];
    // Events written while both deliver, in transactions of their own.
    await Promise.all(
      Array.from({ length: EVENTS }, (_, i) =>
        (i % 2 ? other : h.orm).em.fork().transactional((tx) =>
          publishWebhookEvent(tx, {
            type: 'withdrawal.requested',
            storefrontAppId: null,
            resourceType: 'withdrawal',
            resourceId: `w-${i}`,
            data: { i },
            source: `two-processes:${i}`,
          }),
        ),
      ),
    );
    for (let i = 0; i < 100 && receiver.received.length < EVENTS * 2; i++) await sleep(100);
    await sleep(300);
    await Promise.all(loops.map((l) => l.stop()));
    for (const path of ['/two-a', '/two-b']) {
      const got = receiver.at(path).map((r) => JSON.parse(r.body));
      expect(got).toHaveLength(EVENTS);
      expect(new Set(got.map((p) => p.id)).size).toBe(EVENTS);
      // One process at a time serves an endpoint, in sequence order: with every first attempt answered, they arrive in order.
      expect(got.map((p) => p.sequence)).toEqual(Array.from({ length: EVENTS }, (_, i) => i + 1));
    }
    const [attempts] = await h.sql(
      `select count(*)::int as n from webhook_attempt t join webhook_delivery d on d.id = t.delivery_id where d.endpoint_id in ($1, $2)`,
      [dbId(a.endpoint.id), dbId(b.endpoint.id)],
    );
    expect(attempts.n).toBe(EVENTS * 2);
    await otherApp.subscriptions.stop();
    await otherApp.apollo.stop();
    await other.close(true);
    for (const ep of [a, b]) await asServer('mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { userErrors { code } } }', { id: ep.endpoint.id });
  });
});

describe('URL safety', () => {
  it('refuses http, private, loopback and link-local URLs in production, writing nothing', async () => {
    const url = h.orm.config.get('clientUrl')!;
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: url,
      LOG_LEVEL: 'silent',
      RATE_LIMITS: 'off',
      JWT_SECRET: 'a-production-test-secret-of-at-least-32-characters',
      PAYMENT_SANDBOX_SECRET: 'production-test-sandbox-secret-000000000000',
    });
    expect(config.webhooksAllowPrivateUrls).toBe(false);
    const prodOrm = await openOrm(url, 4);
    const prod = await createApp(config, prodOrm, pino({ level: 'silent' }));
    const before = await counts();
    const create = async (target: string) => {
      const res = await request(prod.http)
        .post('/graphql')
        .set('x-storefront-key', DEMO.storefrontSecretKey)
        .send({ query: CREATE, variables: { input: { url: target, eventTypes: ['ORDER_PAID'] } } });
      return res.body.data.createWebhookEndpoint;
    };
    expect((await create('http://hooks.example.com/x')).userErrors).toEqual([expect.objectContaining({ code: 'INVALID_URL', field: ['input', 'url'] })]);
    for (const target of [
      receiver.url('/x').replace('http:', 'https:'),
      'https://localhost/x',
      'https://10.1.2.3/x',
      'https://192.168.1.1/x',
      'https://172.20.0.1/x',
      'https://169.254.169.254/latest/meta-data',
      'https://100.64.0.1/x',
      'https://[::1]/x',
      'https://[fd00::1]/x',
      'https://[fe80::1]/x',
      'https://[::ffff:127.0.0.1]/x',
      'https://0.0.0.0/x',
    ]) {
      const res = await create(target);
      expect({ target, errors: res.userErrors }).toEqual({ target, errors: [expect.objectContaining({ code: 'URL_NOT_ALLOWED', field: ['input', 'url'] })] });
      expect(res.endpoint).toBeNull();
    }
    expect(await counts()).toEqual(before);
    await prod.subscriptions.stop();
    await prod.apollo.stop();
    await prodOrm.close(true);
    expect(() => loadConfig({ NODE_ENV: 'production', WEBHOOKS_ALLOW_PRIVATE_URLS: 'true' })).toThrow(/WEBHOOKS_ALLOW_PRIVATE_URLS/);
  });

  it('checks the address again at delivery: a host that now resolves to a private address is not called', async () => {
    const { endpoint: ep } = await endpoint('/rebound', ['ORDER_PAID']);
    await asServer('mutation($id: ID!) { sendWebhookTestEvent(id: $id) { userErrors { code } } }', { id: ep.id });
    await deliver({ ...SETTINGS, allowPrivate: false });
    expect(receiver.at('/rebound')).toHaveLength(0);
    const log = await asServer(DELIVERIES, { endpointId: ep.id });
    expect(log.data.webhookDeliveries.nodes[0].attempts[0]).toMatchObject({
      statusCode: null,
      success: false,
      error: expect.stringMatching(/private, loopback/),
    });
    await asServer('mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { userErrors { code } } }', { id: ep.id });
  });
});

describe('management', () => {
  it('refuses bad input with a code, writing nothing', async () => {
    const before = await counts();
    const cases: [Record<string, unknown>, string][] = [
      [{ url: receiver.url('/x'), eventTypes: [] }, 'NO_EVENT_TYPES'],
      [{ url: 'not a url', eventTypes: ['ORDER_PAID'] }, 'INVALID_URL'],
      [{ url: 'ftp://example.com/x', eventTypes: ['ORDER_PAID'] }, 'INVALID_URL'],
      [{ url: 'https://user:pw@example.com/x', eventTypes: ['ORDER_PAID'] }, 'INVALID_URL'],
      [{ url: 'https://no-such-host.invalid/x', eventTypes: ['ORDER_PAID'] }, 'URL_NOT_ALLOWED'],
      // A secret key manages only its own app.
      [
        { url: receiver.url('/x'), eventTypes: ['ORDER_PAID'], storefrontAppId: toGlobalId('StorefrontApp', '00000000-0000-0000-0000-000000000001') },
        'APP_NOT_FOUND',
      ],
    ];
    for (const [input, code] of cases) {
      const res = await asServer(CREATE, { input });
      expect({ input, errors: res.data.createWebhookEndpoint.userErrors.map((e: { code: string }) => e.code) }).toEqual({ input, errors: [code] });
    }
    // Operators must name the app.
    const unnamed = await asOperator(CREATE, { input: { url: receiver.url('/x'), eventTypes: ['ORDER_PAID'] } });
    expect(unnamed.data.createWebhookEndpoint.userErrors[0].code).toBe('APP_NOT_FOUND');
    // Too long a URL is refused at the edge, before anything runs.
    const long = await asServer(CREATE, { input: { url: `https://example.com/${'a'.repeat(2000)}`, eventTypes: ['ORDER_PAID'] } });
    expect(long.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const since = await asServer('mutation($since: DateTimeISO!) { replayWebhookDeliveries(endpointId: "x", since: $since) { queued userErrors { code } } }', {
      since: new Date(Date.now() - 31 * 86_400_000).toISOString(),
    });
    expect(since.data.replayWebhookDeliveries.userErrors[0].code).toBe('INVALID_SINCE');
    expect(await counts()).toEqual(before);
  });

  it('keeps an app to 20 endpoints, however many are created at once', async () => {
    const app = await asOperator('mutation { createStorefrontApp(name: "Many hooks") { storefrontApp { id } userErrors { code } } }');
    const appId = app.data.createStorefrontApp.storefrontApp.id;
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        asOperator(CREATE, { input: { storefrontAppId: appId, url: receiver.url(`/many/${i}`), eventTypes: ['ORDER_PAID'] } }),
      ),
    );
    const codes = results.map((r) => r.data.createWebhookEndpoint.userErrors[0]?.code ?? 'OK');
    expect(codes.filter((c) => c === 'OK')).toHaveLength(20);
    expect(codes.filter((c) => c === 'TOO_MANY_ENDPOINTS')).toHaveLength(5);
    const [row] = await h.sql('select count(*)::int as n from webhook_endpoint where storefront_app_id = $1', [dbId(appId)]);
    expect(row.n).toBe(20);
  });

  it('lets only operators and the app’s own secret key manage its endpoints', async () => {
    const { endpoint: ep } = await endpoint('/owned', ['ORDER_PAID'], 'operator');
    // Customers and public keys are refused.
    const asCustomer = await h.gql('{ webhookEndpoints { totalCount } }', {}, { token: customer });
    expect(asCustomer.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const anonymous = await h.gql('{ webhookEndpoints { totalCount } }');
    expect(anonymous.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    // Another app's secret key sees nothing of it.
    const created = await asOperator('mutation { createStorefrontApp(name: "Other webhook app") { secretKey userErrors { code } } }');
    const otherKey = created.data.createStorefrontApp.secretKey as string;
    const other = (query: string, variables?: Record<string, unknown>) => h.gql(query, variables, { key: otherKey });
    expect((await other('{ webhookEndpoints { totalCount } }')).data.webhookEndpoints.totalCount).toBe(0);
    expect((await other(ENDPOINT, { id: ep.id })).data.node).toBeNull();
    const update = await other('mutation($id: ID!) { updateWebhookEndpoint(id: $id, input: { enabled: false }) { userErrors { code } } }', { id: ep.id });
    expect(update.data.updateWebhookEndpoint.userErrors[0].code).toBe('ENDPOINT_NOT_FOUND');
    const del = await other('mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { userErrors { code } } }', { id: ep.id });
    expect(del.data.deleteWebhookEndpoint.userErrors[0].code).toBe('ENDPOINT_NOT_FOUND');
    const deliveries = await other(DELIVERIES, { endpointId: ep.id });
    expect(deliveries.data.webhookDeliveries.totalCount).toBe(0);
    expect((await asServer(ENDPOINT, { id: ep.id })).data.node.enabled).toBe(true);
  });
});

describe('the log', () => {
  it('is pruned after 30 days', async () => {
    const { endpoint: ep } = await endpoint('/old', ['ORDER_PAID']);
    await asServer('mutation($id: ID!) { sendWebhookTestEvent(id: $id) { userErrors { code } } }', { id: ep.id });
    await deliver();
    const id = dbId(ep.id);
    await h.sql(`update webhook_delivery set created_at = now() - interval '31 days' where endpoint_id = $1`, [id]);
    await h.sql(
      `update webhook_attempt set attempted_at = now() - interval '31 days' where delivery_id in (select id from webhook_delivery where endpoint_id = $1)`,
      [id],
    );
    await h.sql(`update webhook_event set created_at = now() - interval '31 days' where endpoint_id = $1`, [id]);
    await pruneWebhookLog(fork());
    const [left] = await h.sql(
      `select (select count(*) from webhook_delivery where endpoint_id = $1)::int as deliveries, (select count(*) from webhook_event where endpoint_id = $1)::int as events`,
      [id],
    );
    expect(left).toEqual({ deliveries: 0, events: 0 });
  });
});

function dbId(globalId: string): string {
  return Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];
}

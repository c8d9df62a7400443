import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { Webhook } from 'standardwebhooks';
import { DEMO } from '../src/db/demo-data';
import { ADDRESS } from './shop';
import { startApiProcess, type ApiProcess } from './support/api-process';

/**
 * Webhooks as deployed: two API processes (src/main.ts, each its own Node process with its order
 * outbox dispatcher, webhook dispatcher and job queue) on one database, orders placed through both,
 * two endpoints on a real receiver. Each event reaches each endpoint once, numbered 1…n per endpoint.
 */
const server = process.env.TEST_DATABASE_SERVER!;
const name = `hooks_${randomBytes(6).toString('hex')}`;
const ORDERS = 16;

function database(db: string): string {
  const url = new URL(server);
  url.pathname = `/${db}`;
  return url.toString();
}

async function admin(text: string): Promise<void> {
  const client = new Client({ connectionString: database('postgres') });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

let nodes: ApiProcess[] = [];
let receiver: Server;
let port = 0;
const received: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];

async function gql(node: ApiProcess, query: string, variables: Record<string, unknown>, opts: { token?: string; key?: string | null } = {}): Promise<any> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const key = opts.key === undefined ? DEMO.storefrontPublicKey : opts.key;
  if (key) headers['x-storefront-key'] = key;
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const res = await fetch(`${node.base}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as any;
  const payload = body.data && Object.values(body.data as Record<string, unknown>)[0];
  if (body.errors || (payload as { userErrors?: unknown[] } | null)?.userErrors?.length) throw new Error(JSON.stringify(body));
  return body.data;
}

beforeAll(async () => {
  await admin(`create database ${name}`);
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      // A little slow, so the two processes' rounds overlap.
      setTimeout(() => res.writeHead(200).end('ok'), 10);
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  port = (receiver.address() as AddressInfo).port;
  const env = { DATABASE_URL: database(name), SHUTDOWN_DRAIN_SECONDS: '0', WEBHOOKS_ALLOW_PRIVATE_URLS: 'true' };
  const started = await Promise.allSettled([startApiProcess(env), startApiProcess(env)]);
  nodes = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
}, 240_000);

afterAll(async () => {
  await Promise.all(nodes.map((node) => node.stop()));
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await admin(`drop database if exists ${name} with (force)`);
}, 60_000);

it('delivers each event once per endpoint with two API processes running', async () => {
  const [a, b] = nodes;
  const secrets: Record<string, string> = {};
  for (const [node, path] of [
    [a, '/one'],
    [b, '/two'],
  ] as const) {
    const data = await gql(
      node,
      'mutation($input: WebhookEndpointCreateInput!) { createWebhookEndpoint(input: $input) { secret userErrors { code message } } }',
      { input: { url: `http://127.0.0.1:${port}${path}`, eventTypes: ['ORDER_CREATED'] } },
      { key: DEMO.storefrontSecretKey },
    );
    secrets[path] = data.createWebhookEndpoint.secret;
  }
  const token = (
    await gql(a, 'mutation($input: LoginInput!) { login(input: $input) { tokens { accessToken } userErrors { code } } }', {
      input: { login: DEMO.customerEmail, password: DEMO.customerPassword },
    })
  ).login.tokens.accessToken;
  const listing = await gql(a, '{ products(first: 1, filter: { inStock: true }) { nodes { skus { id inStock } } } }', {});
  const sku = listing.products.nodes[0].skus.find((s: { inStock: boolean }) => s.inStock);
  // Orders placed through both processes at once.
  const placed = await Promise.all(
    Array.from({ length: ORDERS }, (_, i) =>
      gql(
        nodes[i % 2],
        'mutation($input: CheckoutInput!) { checkout(input: $input) { order { id } userErrors { code message } } }',
        { input: { lines: [{ skuId: sku.id, quantity: 1 }], shippingAddress: ADDRESS } },
        { token },
      ),
    ),
  );
  const orderIds = new Set(placed.map((p) => p.checkout.order.id as string));

  const deadline = Date.now() + 30_000;
  while (received.length < ORDERS * 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  // A moment more: a duplicate would arrive now.
  await new Promise((r) => setTimeout(r, 2500));
  for (const path of ['/one', '/two']) {
    const got = received
      .filter((r) => r.path === path)
      .map((r) => ({ header: r.headers['webhook-id'], payload: new Webhook(secrets[path]).verify(r.body, r.headers as Record<string, string>) as any }));
    expect(got).toHaveLength(ORDERS);
    expect(new Set(got.map((g) => g.payload.id)).size).toBe(ORDERS);
    for (const g of got) expect(g.header).toBe(g.payload.id);
    expect(new Set(got.map((g) => g.payload.resource.id))).toEqual(orderIds);
    // One process at a time serves an endpoint, in sequence order: with every first attempt answered, they arrive in order.
    expect(got.map((g) => g.payload.sequence)).toEqual(Array.from({ length: ORDERS }, (_, i) => i + 1));
  }
}, 120_000);

import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import pino from 'pino';
import request from 'supertest';
import { ConfigError, loadConfig } from '../src/config';
import { DEMO, loadDemoData } from '../src/db/demo-data';
import { openOrm, type Orm } from '../src/db/orm';
import { createApp, type App } from '../src/server/app';
import { ADDRESS } from './shop';

/**
 * Public reads on a read replica (DATABASE_READ_URLS). The "replica" here is a copy of the primary
 * database taken before the API starts (CREATE DATABASE … TEMPLATE), which no replication keeps up
 * to date, so where each read and write lands shows in the answers: a name changed only in the copy
 * is what storefronts see in the listing and on the product page, while operators, checkout and
 * every write use the primary, and nothing the API writes ever reaches the copy.
 */
const server = process.env.TEST_DATABASE_SERVER!;
const stem = randomBytes(6).toString('hex');
const primary = `replicas_${stem}`;
const replica = `replicas_${stem}_copy`;

function database(db: string, query = ''): string {
  const url = new URL(server);
  url.pathname = `/${db}`;
  url.search = query;
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

let orm: Orm;
let app: App;
let operator: string;
let customer: string;

async function gql(query: string, variables: Record<string, unknown> = {}, token?: string) {
  const req = request(app.http).post('/graphql').set('content-type', 'application/json');
  if (token !== operator) req.set('x-storefront-key', DEMO.storefrontPublicKey);
  if (token) req.set('authorization', `Bearer ${token}`);
  const res = await req.send({ query, variables });
  if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data;
}

async function login(email: string, password: string): Promise<string> {
  const data = await gql('mutation($input: LoginInput!) { login(input: $input) { tokens { accessToken } } }', { input: { login: email, password } });
  return data.login.tokens.accessToken;
}

beforeAll(async () => {
  await sqlOn('postgres', `create database ${primary}`);
  const setup = await openOrm(database(primary), 2);
  await setup.getMigrator().up();
  await loadDemoData(setup.em.fork());
  await setup.close(true);
  // A copy needs its template to have no other connection: taken now, before the API opens any.
  await sqlOn('postgres', `create database ${replica} template ${primary}`);
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    RATE_LIMITS: 'off',
    DATABASE_URL: database(primary),
    DATABASE_READ_URLS: database(replica, '?application_name=replica'),
  });
  orm = await openOrm(database(primary), 5, 'api', config.databaseReadUrls);
  app = await createApp(config, orm, pino({ level: 'silent' }));
  operator = await login(DEMO.operatorEmail, DEMO.operatorPassword);
  customer = await login(DEMO.customerEmail, DEMO.customerPassword);
}, 60_000);

afterAll(async () => {
  await app?.subscriptions.stop();
  await app?.apollo.stop();
  await orm?.close(true);
  await sqlOn('postgres', `drop database if exists ${primary} with (force)`);
  await sqlOn('postgres', `drop database if exists ${replica} with (force)`);
});

const PAGE = 'query($slug: String!) { product(slug: $slug) { name skus { id } } }';
const LISTING = 'query($q: String!) { products(first: 5, filter: { query: $q }) { totalCount nodes { name } } }';

describe('with DATABASE_READ_URLS', () => {
  it("serves the storefront's product page, listing and categories from the replica, and operators from the primary", async () => {
    const [{ slug, name }] = await sqlOn(primary, `select slug, name from product where publication = 'published' order by slug limit 1`);
    await sqlOn(replica, `update product set name = 'Only on the replica' where slug = $1`, [slug]);
    const [root] = await sqlOn(primary, 'select slug from category where parent_id is null order by slug limit 1');
    await sqlOn(replica, `update category set name = 'Replica shelf' where slug = $1`, [root.slug]);

    expect((await gql(PAGE, { slug })).product.name).toBe('Only on the replica');
    expect(await gql(LISTING, { q: 'Only on the replica' })).toEqual({ products: { totalCount: 1, nodes: [{ name: 'Only on the replica' }] } });
    expect((await gql('{ categories { name } }')).categories.map((c: { name: string }) => c.name)).toContain('Replica shelf');
    // Signed-in customers browse the same public catalog.
    expect((await gql(PAGE, { slug }, customer)).product.name).toBe('Only on the replica');
    // Operators read back what they write: the primary.
    expect((await gql(PAGE, { slug }, operator)).product.name).toBe(name);
    expect((await gql(LISTING, { q: 'Only on the replica' }, operator)).products.totalCount).toBe(0);

    // The replica's connections carry the name its URL gives, with the role `read` and the process id.
    const names = await sqlOn(replica, 'select application_name from pg_stat_activity where datname = $1', [replica]);
    expect(names.map((r) => r.application_name)).toContain(`replica:read:${process.pid}`);
    const onPrimary = await sqlOn(primary, `select count(*)::int as n from pg_stat_activity where datname = $1 and application_name like '%read:%'`, [primary]);
    expect(onPrimary).toEqual([{ n: 0 }]);
  });

  it('writes, and the reads of a checkout, go to the primary; nothing reaches the replica', async () => {
    const [{ id: categoryDbId }] = await sqlOn(primary, `select id from category where slug = 'tea'`);
    const created = await gql(
      'mutation($input: ProductCreateInput!) { createProduct(input: $input) { product { id slug skus { id } } userErrors { code } } }',
      {
        input: {
          name: `Written after the copy ${stem}`,
          categoryId: Buffer.from(`Category:${categoryDbId}`).toString('base64url'),
          skus: [{ code: `REPL-${stem}`, specs: [], price: '12.00', stock: 10 }],
        },
      },
      operator,
    );
    const product = created.createProduct.product;
    await gql('mutation($id: ID!) { publishProduct(id: $id) { userErrors { code } } }', { id: product.id }, operator);
    // The storefront reads the replica, which never got it; the operator sees it on the primary.
    expect((await gql(PAGE, { slug: product.slug })).product).toBeNull();
    expect((await gql(PAGE, { slug: product.slug }, operator)).product.name).toBe(`Written after the copy ${stem}`);

    // Checkout reads the SKU, its price and stock on the primary, in its own statements.
    const placed = await gql(
      'mutation($input: CheckoutInput!) { checkout(input: $input) { order { number } userErrors { code message } } }',
      { input: { lines: [{ skuId: product.skus[0].id, quantity: 2 }], shippingAddress: ADDRESS } },
      customer,
    );
    expect(placed.checkout.userErrors).toEqual([]);
    expect(await sqlOn(primary, 'select stock from sku where code = $1', [`REPL-${stem}`])).toEqual([{ stock: 8 }]);
    expect(await sqlOn(primary, 'select count(*)::int as n from customer_order where number = $1', [placed.checkout.order.number])).toEqual([{ n: 1 }]);
    expect(await sqlOn(replica, 'select count(*)::int as n from product where slug = $1', [product.slug])).toEqual([{ n: 0 }]);
    expect(await sqlOn(replica, 'select count(*)::int as n from customer_order')).toEqual([{ n: 0 }]);
  });
});

describe('DATABASE_READ_URLS settings', () => {
  it('takes comma-separated PostgreSQL URLs of replicas of DATABASE_URL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://db/a', DATABASE_READ_URLS: ' postgres://r1/a , postgresql://r2/a ' });
    expect(config.databaseReadUrls).toEqual(['postgres://r1/a', 'postgresql://r2/a']);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/a' }).databaseReadUrls).toEqual([]);
  });

  it('refuses an entry that is not a PostgreSQL URL, and replicas without DATABASE_URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/a', DATABASE_READ_URLS: 'postgres://r1/a,mysql://r2/a' })).toThrow(
      new ConfigError('DATABASE_READ_URLS: entry 2 must be a postgres:// or postgresql:// URL, got "mysql://r2/a"'),
    );
    expect(() => loadConfig({ DATABASE_READ_URLS: 'postgres://r1/a' })).toThrow(/set DATABASE_URL too/);
  });
});

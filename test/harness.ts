import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import request from 'supertest';
import pino from 'pino';
import { loadConfig } from '../src/config';
import { openOrm, type Orm } from '../src/db/orm';
import { DEMO, loadDemoData } from '../src/db/demo-data';
import { createApp, type App } from '../src/server/app';

export { DEMO };

export interface GqlOptions {
  token?: string | null;
  key?: string | null;
  headers?: Record<string, string>;
}

export interface GqlResult<T = any> {
  status: number;
  data: T;
  errors?: { message: string; path?: string[]; extensions: Record<string, any> }[];
  body: any;
}

export interface Harness {
  app: App;
  orm: Orm;
  /** Sends a GraphQL request over HTTP; by default as the demo storefront. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, options?: GqlOptions): Promise<GqlResult<T>>;
  /** One SQL query against the test database, outside the API. */
  sql<T = any>(text: string, params?: unknown[]): Promise<T[]>;
  login(email: string, password: string): Promise<string>;
  operatorToken(): Promise<string>;
  customerToken(): Promise<string>;
  close(): Promise<void>;
}

function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A fresh database (migrated, with the demo data unless told otherwise) and the app over it.
 * Rate limits are off (tests register many customers from one address): `env` adds settings on
 * top of the test ones, e.g. `{ RATE_LIMITS: 'on', RATE_LIMIT_SIGN_IN_PER_LOGIN: '3/600' }`.
 */
export async function startHarness(options: { demoData?: boolean; env?: Record<string, string> } = {}): Promise<Harness> {
  const server = process.env.TEST_DATABASE_SERVER;
  if (!server) throw new Error('TEST_DATABASE_SERVER is not set: run the tests with jest (see jest.config.js)');
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: withDatabase(server, 'postgres') });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();

  const url = withDatabase(server, name);
  const orm = await openOrm(url, 20);
  await orm.getMigrator().up();
  if (options.demoData !== false) await loadDemoData(orm.em.fork());
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, LOG_LEVEL: 'silent', RATE_LIMITS: 'off', ...options.env });
  const app = await createApp(config, orm, pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
  // A pool: tests run several checks in parallel.
  const client = new Pool({ connectionString: url, max: 4 });

  const tokens = new Map<string, string>();
  const harness: Harness = {
    app,
    orm,
    async gql(query, variables, opts = {}) {
      const req = request(app.http).post('/graphql').set('content-type', 'application/json');
      const key = opts.key === undefined ? DEMO.storefrontPublicKey : opts.key;
      if (key) req.set('x-storefront-key', key);
      if (opts.token) req.set('authorization', `Bearer ${opts.token}`);
      for (const [h, v] of Object.entries(opts.headers ?? {})) req.set(h, v);
      const res = await req.send({ query, variables });
      return { status: res.status, data: res.body?.data, errors: res.body?.errors, body: res.body };
    },
    async sql(text, params = []) {
      return (await client.query(text, params)).rows;
    },
    async login(email, password) {
      const cached = tokens.get(email);
      if (cached) return cached;
      const res = await harness.gql(
        'mutation($input: LoginInput!) { login(input: $input) { tokens { accessToken } userErrors { code message } } }',
        { input: { login: email, password } },
        { key: null },
      );
      const token = res.data?.login?.tokens?.accessToken;
      if (!token) throw new Error(`login failed: ${JSON.stringify(res.body)}`);
      tokens.set(email, token);
      return token;
    },
    operatorToken: () => harness.login(DEMO.operatorEmail, DEMO.operatorPassword),
    customerToken: () => harness.login(DEMO.customerEmail, DEMO.customerPassword),
    async close() {
      await client.end();
      await app.subscriptions.stop();
      await app.apollo.stop();
      await orm.close(true);
      const drop = new Client({ connectionString: withDatabase(server, 'postgres') });
      await drop.connect();
      await drop.query(`drop database if exists ${name} with (force)`);
      await drop.end();
    },
  };
  return harness;
}

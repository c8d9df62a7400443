import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { migrationsList } from '../migrations';
import { DEMO } from '../src/db/demo-data';
import { startApiProcess, type ApiProcess } from './support/api-process';

/**
 * Deployment as a team runs it: three API processes (src/main.ts, each its own Node process)
 * started at once on one empty database migrate exactly once under the schema lock and all start;
 * each names its pools in pg_stat_activity; SIGTERM drains (/ready 503) before the process exits.
 */
const server = process.env.TEST_DATABASE_SERVER!;
const name = `deploy_${randomBytes(6).toString('hex')}`;

function database(db: string, query = ''): string {
  const url = new URL(server);
  url.pathname = `/${db}`;
  url.search = query;
  return url.toString();
}

async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: database(name) });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

async function admin(text: string): Promise<void> {
  const client = new Client({ connectionString: database('postgres') });
  await client.connect();
  await client.query(text).finally(() => client.end());
}

let apis: ApiProcess[] = [];
beforeAll(async () => {
  await admin(`create database ${name}`);
}, 30_000);
afterAll(async () => {
  await Promise.all(apis.map((api) => api.stop()));
  await admin(`drop database if exists ${name} with (force)`);
}, 60_000);

describe('three API processes started at once on an empty database', () => {
  beforeAll(async () => {
    const env = { DATABASE_URL: database(name), SHUTDOWN_DRAIN_SECONDS: '2' };
    // The third names itself in DATABASE_URL: its pools keep that name as a prefix.
    const started = await Promise.allSettled([
      startApiProcess(env),
      startApiProcess(env),
      startApiProcess({ ...env, DATABASE_URL: database(name, '?application_name=edge') }),
    ]);
    apis = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
  }, 240_000);

  it('all three start and answer /ready', async () => {
    for (const api of apis) {
      const res = await fetch(`${api.base}/ready`);
      expect({ status: res.status, body: await res.json() }).toEqual({ status: 200, body: { status: 'ready' } });
    }
  });

  it('the migrations table holds each migration exactly once, and the demo data was loaded once', async () => {
    const rows = await sql<{ name: string; n: string }>('select name, count(*) as n from schema_migrations group by name order by name');
    expect(rows.map((r) => r.name)).toEqual(migrationsList.map((m) => m.name));
    expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
    const [{ n }] = await sql<{ n: string }>('select count(*) as n from storefront_app where public_key = $1', [DEMO.storefrontPublicKey]);
    expect(Number(n)).toBe(1);
    expect(apis.filter((api) => api.output().includes('demo data loaded just now'))).toHaveLength(1);
  });

  it('each process names its pools in pg_stat_activity: api, jobs and listener with its process id', async () => {
    // The main pool opens connections on demand: a request makes sure each process has one.
    for (const api of apis) await fetch(`${api.base}/ready`);
    const names = (await sql<{ application_name: string }>('select application_name from pg_stat_activity where datname = $1', [name])).map(
      (r) => r.application_name,
    );
    const [a, b, edge] = apis;
    for (const api of [a, b]) expect(names).toEqual(expect.arrayContaining([`api:${api.pid}`, `jobs:${api.pid}`, `listener:${api.pid}`]));
    expect(names).toEqual(expect.arrayContaining([`edge:api:${edge.pid}`, `edge:jobs:${edge.pid}`, `edge:listener:${edge.pid}`]));
  });

  it('on SIGTERM /ready answers 503 at once while /health stays 200, then the process exits cleanly', async () => {
    const api = apis.shift()!;
    api.child.kill('SIGTERM');
    let ready: Response;
    do ready = await fetch(`${api.base}/ready`);
    while (ready.status === 200);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'unavailable', reason: 'draining: the process is shutting down' });
    expect((await fetch(`${api.base}/health`)).status).toBe(200);
    // A request in flight during the drain is still answered.
    const res = await fetch(`${api.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-storefront-key': DEMO.storefrontPublicKey },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
    expect(await api.exited).toBe(0);
    await expect(fetch(`${api.base}/health`)).rejects.toThrow();
  }, 30_000);
});

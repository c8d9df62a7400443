import pino from 'pino';
import request from 'supertest';
import { loadConfig } from '../src/config';
import { openOrm } from '../src/db/orm';
import { createApp } from '../src/server/app';
import { startHarness, type Harness } from './harness';

/** /health (alive) and /ready (database, migrations, draining): what an orchestrator and a load balancer ask. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ demoData: false });
});
afterAll(() => h.close());

const ready = async (app = h.app) => {
  const res = await request(app.http).get('/ready');
  return { status: res.status, body: res.body, cache: res.headers['cache-control'] };
};

it('/health answers 200 while the process runs; /ready 200 when the database answers and the schema is current', async () => {
  const health = await request(h.app.http).get('/health');
  expect({ status: health.status, body: health.body }).toEqual({ status: 200, body: { status: 'ok' } });
  expect(await ready()).toEqual({ status: 200, body: { status: 'ready' }, cache: 'no-store' });
});

it('/ready answers 503 naming the migrations pending', async () => {
  const [latest] = await h.sql('select id, name, executed_at from schema_migrations order by name desc limit 1');
  await h.sql('delete from schema_migrations where id = $1', [latest.id]);
  try {
    expect(await ready()).toEqual({ status: 503, body: { status: 'unavailable', reason: `migrations pending: ${latest.name}` }, cache: 'no-store' });
  } finally {
    await h.sql('insert into schema_migrations (id, name, executed_at) values ($1, $2, $3)', [latest.id, latest.name, latest.executed_at]);
  }
  expect((await ready()).status).toBe(200);
});

it('/ready answers 503 when the database does not answer, and /health still 200', async () => {
  const orm = await openOrm(h.orm.config.get('clientUrl'), 2);
  const app = await createApp(
    loadConfig({ NODE_ENV: 'test', DATABASE_URL: h.orm.config.get('clientUrl')!, LOG_LEVEL: 'silent' }),
    orm,
    pino({ level: 'silent' }),
  );
  try {
    await orm.close(true);
    const res = await ready(app);
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: 'unavailable', reason: expect.stringMatching(/^database: /) });
    expect((await request(app.http).get('/health')).status).toBe(200);
  } finally {
    await app.subscriptions.stop();
    await app.apollo.stop();
  }
});

it('/ready answers 503 once the process drains (SIGTERM), and /health still 200', async () => {
  h.app.startDraining();
  expect(await ready()).toEqual({ status: 503, body: { status: 'unavailable', reason: 'draining: the process is shutting down' }, cache: 'no-store' });
  expect((await request(h.app.http).get('/health')).status).toBe(200);
});

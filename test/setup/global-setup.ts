import { chmod, mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * With DATABASE_URL, tests use that server; without, one embedded PostgreSQL on a free port with
 * its data in a temporary directory, deleted afterwards. Each test file gets a database of its own.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env.TEST_DATABASE_SERVER = process.env.DATABASE_URL;
    return;
  }
  const parent = await mkdtemp(join(tmpdir(), 'commerce-test-'));
  await chmod(parent, 0o755); // as root, PostgreSQL runs as the postgres user and must enter it
  const dataDir = join(parent, 'pg');
  const db: EmbeddedDatabase = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false });
  (globalThis as { __embeddedPostgres?: EmbeddedDatabase }).__embeddedPostgres = db;
  process.env.TEST_DATABASE_SERVER = db.url;
}

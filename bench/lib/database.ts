import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded';
import { freePorts } from './ports';

/** A fresh temporary directory for PostgreSQL data, `<prefix>XXXXXX`; the caller deletes it. */
export async function tempDataDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  // 0755: as root, the embedded PostgreSQL runs as the "postgres" user, which must enter this directory.
  await chmod(dir, 0o755);
  return dir;
}

export interface ScratchDatabase {
  url: string;
  /** Drops the database; an embedded server is stopped and its directory deleted. */
  drop(): Promise<void>;
}

/**
 * A database of its own for one benchmark, `<name>_<8 hex digits>`: on the server at DATABASE_URL,
 * else on an embedded PostgreSQL started for it in a temporary directory.
 */
export async function scratchDatabase(name: string): Promise<ScratchDatabase> {
  const external = process.env.DATABASE_URL?.trim();
  let embedded: EmbeddedDatabase | null = null;
  let dataDir: string | null = null;
  const stopEmbedded = async () => {
    if (embedded) await embedded.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
  try {
    let server = external;
    if (!server) {
      dataDir = await tempDataDir(`${name.replace(/_/g, '-')}-`);
      const [port] = await freePorts(1);
      embedded = await startEmbeddedPostgres({ dataDir: join(dataDir, 'pg'), port, persistent: false });
      server = embedded.url;
    }
    const database = `${name}_${randomBytes(4).toString('hex')}`;
    const admin = withDatabase(server, 'postgres');
    await runOn(admin, `create database ${database}`);
    return {
      url: withDatabase(server, database),
      drop: async () => {
        try {
          await runOn(admin, `drop database if exists ${database} with (force)`);
        } finally {
          await stopEmbedded();
        }
      },
    };
  } catch (err) {
    await stopEmbedded();
    throw err;
  }
}

function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function runOn(url: string, statement: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

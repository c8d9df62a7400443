import { Client } from 'pg';
import { withApplicationName } from '../lib/application-name';

/**
 * The key of the PostgreSQL advisory lock that schema work takes: any fixed number no other code
 * uses ("sc-migr" in ASCII, to be recognisable in pg_locks).
 */
export const SCHEMA_LOCK_KEY = 0x73632d6d696772n;

/**
 * Runs `work` while holding the schema lock: a session-level advisory lock on a connection of its
 * own, held for the whole run (the migrator's transactions use other connections) and released
 * after, or by the server if this process dies. Processes started together on an empty database
 * thus migrate one after the other: the first applies the migrations, the others find none pending.
 */
export async function underSchemaLock<T>(url: string, work: () => Promise<T>, log: (line: string) => void = () => undefined): Promise<T> {
  const client = new Client({ connectionString: withApplicationName(url, 'migrations') });
  await client.connect();
  try {
    const key = SCHEMA_LOCK_KEY.toString();
    const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [key]);
    if (!rows[0].locked) {
      log('another process holds the schema lock (migrating): waiting for it');
      await client.query('select pg_advisory_lock($1)', [key]);
    }
    try {
      return await work();
    } finally {
      await client.query('select pg_advisory_unlock($1)', [key]);
    }
  } finally {
    // Closing the connection releases the lock too, should the unlock above have failed.
    await client.end();
  }
}

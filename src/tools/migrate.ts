import 'reflect-metadata';
import { loadConfigOrExit } from '../config';
import { openDatabase } from '../db/database';

/**
 * `npm run migrate`: applies the pending migrations to the database (DATABASE_URL, or the embedded
 * one) and exits: 0 when the schema is current. It takes the schema lock the API takes at boot, so
 * it may run while API processes start. A deployment runs it once before starting the new version.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const db = await openDatabase(config, (line) => console.log(line));
  try {
    console.log(db.migrationsApplied.length ? `${db.migrationsApplied.length} migration(s) applied` : 'the database schema is up to date');
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  console.error(`Migration failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});

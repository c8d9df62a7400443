import 'reflect-metadata';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';

/**
 * `npm run migration:create`: applies the existing migrations to the database DATABASE_URL names
 * (use a scratch one), then writes a migration for whatever the entities differ from it.
 */
async function main() {
  const db = await openDatabase(loadConfig());
  try {
    const result = await db.orm.getMigrator().createMigration(undefined, false, process.argv.includes('--initial'));
    console.log(result.fileName ? `created migrations/${result.fileName}` : 'entities and migrations agree: nothing to create');
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

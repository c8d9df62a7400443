import type { EntityManager } from '@mikro-orm/postgresql';
import { migrationsList } from '../../migrations';
import { MIGRATIONS_TABLE } from './orm';

/**
 * The migrations this code has that the database has not applied, in one query of the migrations
 * table (MikroORM's getPendingMigrations also checks the database and the table exist: three
 * queries, too many for a readiness probe).
 */
export async function pendingMigrations(em: EntityManager): Promise<string[]> {
  const rows = await em.getConnection().execute<{ name: string }[]>(`select name from ${MIGRATIONS_TABLE}`);
  // The migrator logs names without their extension.
  const applied = new Set(rows.map((r) => r.name.replace(/\.(ts|js)$/, '')));
  return migrationsList.map((m) => m.name).filter((name) => !applied.has(name));
}

import { DataloaderType, MikroORM, type Options } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { entities } from './entities';
import { migrationsList } from '../../migrations';
import { sqlStatements } from '../lib/metrics';
import { requestScope } from '../lib/request-scope';

/**
 * rate-limiter-flexible's counters (src/server/rate-limits.ts): created by a hand-written migration,
 * mapped by no entity, so migration:create must not diff it (it would drop it).
 */
export const RATE_LIMIT_TABLE = 'rate_limit';

export function ormOptions(url: string, poolSize = 10): Options<PostgreSqlDriver> {
  return {
    driver: PostgreSqlDriver,
    clientUrl: url,
    entities,
    extensions: [Migrator],
    // Requests and jobs each work on their own fork; the global manager is never used.
    allowGlobalContext: false,
    forceUtcTimezone: true,
    dataloader: DataloaderType.ALL,
    pool: { min: 0, max: poolSize },
    discovery: { warnWhenNoEntities: false },
    schemaGenerator: { skipTables: [RATE_LIMIT_TABLE] },
    migrations: {
      tableName: 'schema_migrations',
      path: './migrations',
      pathTs: './migrations',
      migrationsList,
      transactional: true,
      allOrNothing: true,
      // No snapshot file: migration:create diffs the entities against a database migrated to the
      // latest migration, and `up()` does not rewrite a committed file every time it runs.
      snapshot: false,
      emit: 'ts',
      // Progress goes through the app's logger (database.ts), not straight to stdout.
      silent: true,
    },
    onQuery: (sql) => {
      sqlStatements.inc();
      const scope = requestScope.getStore();
      if (scope) scope.sqlStatements++;
      return sql;
    },
  };
}

export async function openOrm(url: string, poolSize?: number): Promise<MikroORM<PostgreSqlDriver>> {
  return MikroORM.init(ormOptions(url, poolSize));
}

export type Orm = MikroORM<PostgreSqlDriver>;

import { DataloaderType, MikroORM, type Options } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { entities } from './entities';
import { migrationsList } from '../../migrations';
import { sqlStatements } from '../lib/metrics';
import { requestScope } from '../lib/request-scope';
import { applicationName } from '../lib/application-name';

/**
 * rate-limiter-flexible's counters (src/server/rate-limits.ts): created by a hand-written migration,
 * mapped by no entity, so migration:create must not diff it (it would drop it).
 */
export const RATE_LIMIT_TABLE = 'rate_limit';

/** Where the migrator records the migrations applied. */
export const MIGRATIONS_TABLE = 'schema_migrations';

/**
 * `role` names the pool's connections in pg_stat_activity (lib/application-name.ts); `readUrls` are
 * read replicas (DATABASE_READ_URLS), each with a pool of `poolSize` whose connections are named
 * `read`, used only by the reads lib/sql.ts's publicReads marks. A pooled connection idle for
 * `idleSeconds` is closed (DB_POOL_IDLE_SECONDS).
 */
export function ormOptions(url: string, poolSize = 10, role = 'api', readUrls: readonly string[] = [], idleSeconds = 600): Options<PostgreSqlDriver> {
  return {
    driver: PostgreSqlDriver,
    clientUrl: url,
    entities,
    extensions: [Migrator],
    // Requests and jobs each work on their own fork; the global manager is never used.
    allowGlobalContext: false,
    forceUtcTimezone: true,
    dataloader: DataloaderType.ALL,
    // Kept for minutes, not knex's 30 s: a rush after a quiet minute on new connections paid for cold
    // backends (10 times the database's page faults, statements parsed and planned again).
    pool: { min: 0, max: poolSize, idleTimeoutMillis: idleSeconds * 1000 },
    // MikroORM reads host, user and database from the URL but not its query: the name and a socket directory go here.
    driverOptions: { connection: { application_name: applicationName(url, role), ...socketDirectory(url) } },
    replicas: readUrls.map((readUrl, i) => ({
      name: `read-${i + 1}`,
      clientUrl: readUrl,
      driverOptions: { connection: { application_name: applicationName(readUrl, 'read'), ...socketDirectory(readUrl) } },
    })),
    // Only reads that ask for a replica go to one (publicReads): MikroORM's own finds stay on the
    // primary, where a request reads back what it has just written.
    preferReadReplicas: false,
    discovery: { warnWhenNoEntities: false },
    schemaGenerator: { skipTables: [RATE_LIMIT_TABLE] },
    migrations: {
      tableName: MIGRATIONS_TABLE,
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

/**
 * `?host=/run/postgresql` names the directory of the server's Unix socket (libpq's convention, which
 * `pg` follows for the job queue and the listener): the pools connect through it too, instead of to
 * the URL's host over TCP.
 */
function socketDirectory(url: string): { host?: string } {
  const host = new URL(url).searchParams.get('host');
  return host?.startsWith('/') ? { host } : {};
}

export async function openOrm(
  url: string,
  poolSize?: number,
  role?: string,
  readUrls?: readonly string[],
  idleSeconds?: number,
): Promise<MikroORM<PostgreSqlDriver>> {
  return MikroORM.init(ormOptions(url, poolSize, role, readUrls, idleSeconds));
}

export type Orm = MikroORM<PostgreSqlDriver>;

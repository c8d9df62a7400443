import type { Config } from '../config';
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedDatabase } from './embedded';
import { openOrm, type Orm } from './orm';

export interface Database {
  orm: Orm;
  url: string;
  embedded: EmbeddedDatabase | null;
  close(): Promise<void>;
}

/**
 * Opens the database the config names (DATABASE_URL) or, without one, starts the embedded
 * PostgreSQL with its data in DATA_DIR; then brings the schema up to date with the migrations.
 */
export async function openDatabase(config: Config, log: (line: string) => void = () => undefined): Promise<Database> {
  let embedded: EmbeddedDatabase | null = null;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, persistent: true, log });
    url = embedded.url.replace(/\/postgres$/, '/commerce');
  }
  try {
    await ensureDatabase(url);
    const orm = await openOrm(url, config.dbPoolSize);
    const applied = await orm.getMigrator().up();
    if (applied.length) log(`applied migrations: ${applied.map((m) => m.name).join(', ')}`);
    return {
      orm,
      url,
      embedded,
      async close() {
        await orm.close(true);
        await embedded?.stop();
      },
    };
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
}

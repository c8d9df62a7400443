import 'reflect-metadata';
import pino from 'pino';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/database';
import { loadDemoData, DEMO } from './db/demo-data';
import { JobQueue } from './lib/jobs';
import { startOrderEventDispatcher } from './modules/orders/events';
import { PaymentProviders } from './modules/payments/providers';
import { createApp } from './server/app';
import { installModules, registerModuleJobs } from './server/modules';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const logger = pino({ level: config.logLevel });
  if (!config.queryLimits)
    logger.warn('QUERY_LIMITS=off: operations run without depth, cost, alias or input limits (for measuring them only, never in production)');
  logger.info(config.databaseUrl ? 'using the PostgreSQL server in DATABASE_URL' : `starting the embedded PostgreSQL (data in ${config.dataDir})`);
  const db = await openDatabase(config, (line) => logger.debug(line));
  const seeded = config.seedDemoData ? await loadDemoData(db.orm.em.fork()) : false;
  // The modules' hooks and outbox subscribers (src/modules/index.ts) before any job or event runs.
  installModules();
  const jobs = await JobQueue.start(db.url, logger);
  const fork = () => db.orm.em.fork();
  await registerModuleJobs({ queue: jobs, fork, paymentProviders: PaymentProviders.fromConfig(config), logger });
  const dispatcher = startOrderEventDispatcher(fork, logger);
  const app = await createApp(config, db.orm, logger, jobs);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: stopping`);
    await app.subscriptions.stop().catch((err) => logger.error(err));
    await app.apollo.stop().catch((err) => logger.error(err));
    await dispatcher.stop().catch((err) => logger.error(err));
    await jobs.stop().catch((err) => logger.error(err));
    await db.close().catch((err) => logger.error(err));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  await new Promise<void>((resolve) => app.http.listen(config.port, config.host, resolve));
  const address = app.http.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const banner = [
    '',
    `  Social commerce API ready: http://localhost:${port}/graphql`,
    ...(config.seedDemoData
      ? [
          `  Demo storefront key (header X-Storefront-Key): ${DEMO.storefrontPublicKey}`,
          `  Demo operator login: ${DEMO.operatorEmail} / ${DEMO.operatorPassword}`,
          `  Demo customer login: ${DEMO.customerEmail} / ${DEMO.customerPassword}`,
          `  Demo content author login: ${DEMO.authorEmail} / ${DEMO.authorPassword} (article: article(slug: "${DEMO.articleSlug}"))`,
          seeded ? '  (demo data loaded just now)' : '  (demo data was already there)',
        ]
      : []),
    '',
  ];
  console.log(banner.join('\n'));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

import 'reflect-metadata';
import pino from 'pino';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfigOrExit } from './config';
import { openDatabase } from './db/database';
import { DEMO } from './db/demo-data';
import { underSchemaLock } from './db/schema-lock';
import { JobQueue } from './lib/jobs';
import { startOrderEventDispatcher } from './modules/orders/events';
import { PaymentProviders } from './modules/payments/providers';
import { startWebhookDispatcher, webhookSettings } from './modules/webhooks/delivery';
import { createApp } from './server/app';
import { installModules, registerModuleJobs } from './server/modules';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = pino({ level: config.logLevel });
  if (!config.queryLimits)
    logger.warn('QUERY_LIMITS=off: operations run without depth, cost, alias or input limits (for measuring them only, never in production)');
  logger.info(config.databaseUrl ? 'using the PostgreSQL server in DATABASE_URL' : `starting the embedded PostgreSQL (data in ${config.dataDir})`);
  // Migrations (and the demo data) under the schema lock: processes started together migrate once.
  const db = await openDatabase(config, (line) => logger.debug(line), { demoData: config.seedDemoData });
  // The modules' hooks and outbox subscribers (src/modules/index.ts) before any job or event runs.
  installModules();
  const fork = () => db.orm.em.fork();
  // pg-boss creates a table partition per queue with no lock of its own: processes creating their
  // queues together deadlock on its job table, so the job queue starts under the schema lock too.
  const jobs = await underSchemaLock(db.url, async () => {
    const queue = await JobQueue.start(db.url, logger);
    await registerModuleJobs({ queue, fork, paymentProviders: PaymentProviders.fromConfig(config), logger, webhookSettings: webhookSettings(config) });
    return queue;
  });
  const dispatcher = startOrderEventDispatcher(fork, logger);
  // Webhook deliveries: every process claims due ones (SKIP LOCKED), so none is sent twice at once.
  const webhooks = startWebhookDispatcher(fork, webhookSettings(config), logger);
  const app = await createApp(config, db.orm, logger, jobs);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.startDraining();
    // SIGTERM comes from an orchestrator: keep serving while the load balancer's probes of /ready
    // see 503 and take this process out. Ctrl-C (SIGINT) is someone at a terminal: stop at once. So
    // does a local trial on the embedded PostgreSQL, which stops on the same signal (async-exit-hook).
    const drainSeconds = signal === 'SIGTERM' && !db.embedded ? config.shutdownDrainSeconds : 0;
    logger.info(`${signal}: draining for ${drainSeconds} s, then stopping`);
    if (drainSeconds) await sleep(drainSeconds * 1000);
    await app.subscriptions.stop().catch((err) => logger.error(err));
    await app.apollo.stop().catch((err) => logger.error(err));
    await dispatcher.stop().catch((err) => logger.error(err));
    await webhooks.stop().catch((err) => logger.error(err));
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
          ...(config.smsProvider === 'sandbox'
            ? [`  Demo customer phone sign-in: ${DEMO.customerPhone} (requestSignInCode; the code at /sandbox/sms/${DEMO.customerPhone})`]
            : []),
          `  Demo content author login: ${DEMO.authorEmail} / ${DEMO.authorPassword} (article: article(slug: "${DEMO.articleSlug}"))`,
          db.demoDataLoaded ? '  (demo data loaded just now)' : '  (demo data was already there)',
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

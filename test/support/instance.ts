import 'reflect-metadata';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { openOrm } from '../../src/db/orm';
import { createApp } from '../../src/server/app';

/**
 * A second API process for the cross-process tests: the app on DATABASE_URL, listening on a free
 * port, which it prints as `PORT <n>`; it stops on SIGTERM. Rate limits are off unless its
 * environment turns them on (RATE_LIMITS, RATE_LIMIT_*, TRUST_PROXY and REDIS_URL are passed on).
 */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL!;
  const orm = await openOrm(url, 5);
  const limits = Object.entries(process.env).filter(([name]) => /^(RATE_LIMIT_\w+|RATE_LIMITS|TRUST_PROXY|REDIS_URL)$/.test(name));
  const config = loadConfig({ RATE_LIMITS: 'off', ...Object.fromEntries(limits), NODE_ENV: 'test', DATABASE_URL: url, LOG_LEVEL: 'silent' });
  const app = await createApp(config, orm, pino({ level: 'silent' }));
  await new Promise<void>((resolve) => app.http.listen(0, '127.0.0.1', resolve));
  const address = app.http.address();
  console.log(`PORT ${typeof address === 'object' && address ? address.port : 0}`);
  process.on('SIGTERM', () => {
    void (async () => {
      await app.subscriptions.stop();
      await app.apollo.stop();
      await orm.close(true);
      process.exit(0);
    })();
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

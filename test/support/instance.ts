import 'reflect-metadata';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { openOrm } from '../../src/db/orm';
import { createApp } from '../../src/server/app';

/**
 * A second API process for the cross-process tests: the app on DATABASE_URL, listening on a free
 * port, which it prints as `PORT <n>`; it stops on SIGTERM.
 */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL!;
  const orm = await openOrm(url, 5);
  const app = await createApp(loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, LOG_LEVEL: 'silent' }), orm, pino({ level: 'silent' }));
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

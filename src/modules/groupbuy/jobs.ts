import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { JobQueue } from '../../lib/jobs';
import type { PaymentProviders } from '../payments/providers';
import { EXPIRY_BATCH, expireSessions } from './expiry';
import { refundFailedMembers } from './refunds';

/**
 * `groupbuy.session-deadline` fires at a session's deadline (one per session: singletonKey); the
 * `groupbuy.sweep` runs every minute and decides every session past its deadline, then refunds the
 * members owed one — so a lost timer only delays. Both are safe in several processes at once.
 */
export const SESSION_DEADLINE = 'groupbuy.session-deadline';
export const SWEEP = 'groupbuy.sweep';

export async function sweepGroupBuys(fork: () => EntityManager, providers: PaymentProviders, logger?: Logger): Promise<{ decided: number; refunded: number }> {
  let decided = 0;
  let n: number;
  do {
    n = await expireSessions(fork());
    decided += n;
  } while (n >= EXPIRY_BATCH);
  return { decided, refunded: await refundFailedMembers(fork, providers, logger) };
}

export async function registerGroupBuyJobs(queue: JobQueue, fork: () => EntityManager, providers: PaymentProviders, logger?: Logger): Promise<void> {
  await queue.register<{ sessionId: string }>(SESSION_DEADLINE, async ({ sessionId }) => {
    await expireSessions(fork(), [sessionId]);
    await refundFailedMembers(fork, providers, logger);
  });
  await queue.register(
    SWEEP,
    async () => {
      await sweepGroupBuys(fork, providers, logger);
    },
    { cron: '* * * * *' },
  );
}

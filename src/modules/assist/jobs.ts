import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { JobQueue } from '../../lib/jobs';
import type { PaymentProviders } from '../payments/providers';
import { expireDueLinks } from './lifecycle';
import { refundCompletedLinks } from './refunds';

/**
 * `assist.sweep` runs every minute: it expires every link past its time and refunds every COMPLETED
 * link not yet refunded, so a refund that failed in the request only waits. Safe in several processes
 * at once. (Links are given inside the payment's transaction, where no timer can be sent; an assist
 * past the time is refused whether or not the sweep has expired its link yet.)
 */
export const ASSIST_SWEEP = 'assist.sweep';

/** Links expired per statement. */
export const EXPIRY_BATCH = 1000;

export async function sweepAssists(fork: () => EntityManager, providers: PaymentProviders, logger?: Logger): Promise<{ expired: number; refunded: number }> {
  let expired = 0;
  let n: number;
  do {
    n = await expireDueLinks(fork(), EXPIRY_BATCH);
    expired += n;
  } while (n >= EXPIRY_BATCH);
  return { expired, refunded: await refundCompletedLinks(fork, providers, logger) };
}

export async function registerAssistJobs(queue: JobQueue, fork: () => EntityManager, providers: PaymentProviders, logger?: Logger): Promise<void> {
  await queue.register(
    ASSIST_SWEEP,
    async () => {
      await sweepAssists(fork, providers, logger);
    },
    { cron: '* * * * *' },
  );
}

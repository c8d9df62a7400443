import type { EntityManager } from '@mikro-orm/postgresql';
import type { JobQueue } from '../../lib/jobs';
import { settleDue } from './settlement';

/**
 * `earnings.settle` runs every minute and settles, batch by batch, every order whose completion
 * plus frozen days has passed. The sweep is the whole mechanism (no per-order timer to lose); a
 * late run only delays. Several processes may run it at once: they lock disjoint orders.
 */
export const SETTLE = 'earnings.settle';

export async function registerEarningsJobs(queue: JobQueue, fork: () => EntityManager): Promise<void> {
  await queue.register(
    SETTLE,
    async () => {
      await settleDue(fork());
    },
    { cron: '* * * * *' },
  );
}

import type { EntityManager } from '@mikro-orm/postgresql';
import type { JobQueue } from '../../lib/jobs';
import { EXPIRY_BATCH, expireBargains } from './expiry';

/** `bargain.sweep`: every minute, bargains past their time fail. */
export const BARGAIN_SWEEP = 'bargain.sweep';

export async function registerBargainJobs(queue: JobQueue, fork: () => EntityManager): Promise<void> {
  await queue.register(
    BARGAIN_SWEEP,
    async () => {
      while ((await expireBargains(fork())) >= EXPIRY_BATCH);
    },
    { cron: '* * * * *' },
  );
}

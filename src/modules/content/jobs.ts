import type { EntityManager } from '@mikro-orm/postgresql';
import type { JobQueue } from '../../lib/jobs';
import { forgetPastVisitors } from './funnel';

/**
 * `content.forget-visitors` runs every hour and deletes the visitor rows of days before yesterday
 * (funnel.ts): unique views are already counted in their day's row. One statement, idempotent, safe
 * in several processes at once; a late run only keeps rows a little longer.
 */
export const FORGET_VISITORS = 'content.forget-visitors';

export async function registerContentJobs(queue: JobQueue, fork: () => EntityManager): Promise<void> {
  await queue.register(
    FORGET_VISITORS,
    async () => {
      await forgetPastVisitors(fork());
    },
    { cron: '17 * * * *' },
  );
}

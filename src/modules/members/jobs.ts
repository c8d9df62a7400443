import type { EntityManager } from '@mikro-orm/postgresql';
import type { JobQueue } from '../../lib/jobs';
import { endLapsedMemberships } from './service';

/**
 * `members.lapse` runs every minute and ends, set by set, the memberships whose endsAt has passed
 * (their members become customers again). There is no per-membership timer to back up: the sweep
 * is the whole mechanism, and a late run only delays. Safe to run in several processes at once.
 */
export const LAPSE = 'members.lapse';

export async function registerMemberJobs(queue: JobQueue, fork: () => EntityManager): Promise<void> {
  await queue.register(
    LAPSE,
    async () => {
      await endLapsedMemberships(fork());
    },
    { cron: '* * * * *' },
  );
}

import type { EntityManager } from '@mikro-orm/postgresql';
import type { JobQueue } from '../../lib/jobs';
import { sweepSignInCodes } from './phone-codes';

/** Every 10 minutes, phone sign-in codes an hour past their expiry are deleted (one idempotent statement: safe in several processes). */
export const SWEEP_SIGN_IN_CODES = 'accounts.sweep-sign-in-codes';

export async function registerAccountJobs(queue: JobQueue, fork: () => EntityManager): Promise<void> {
  await queue.register(SWEEP_SIGN_IN_CODES, async () => void (await sweepSignInCodes(fork())), { cron: '*/10 * * * *' });
}

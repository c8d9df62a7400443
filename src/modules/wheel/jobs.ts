import type { EntityManager } from '@mikro-orm/postgresql';
import type { JobQueue } from '../../lib/jobs';
import { expireWheels } from './lifecycle';

/** `wheel.sweep`: every minute, running wheels past their end are ended and their seeds revealed. */
export const WHEEL_SWEEP = 'wheel.sweep';

export async function registerWheelJobs(queue: JobQueue, fork: () => EntityManager): Promise<void> {
  await queue.register(WHEEL_SWEEP, async () => void (await expireWheels(fork())), { cron: '* * * * *' });
}

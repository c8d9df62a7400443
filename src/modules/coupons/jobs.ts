import type { EntityManager } from '@mikro-orm/postgresql';
import type { JobQueue } from '../../lib/jobs';
import { CouponRedemption } from './redemption';

/** Every few minutes, available coupons past their validity become EXPIRED (set-based, SKIP LOCKED: safe in several processes). */
export const EXPIRE_COUPONS = 'coupons.expire';

export async function registerCouponJobs(queue: JobQueue, fork: () => EntityManager): Promise<void> {
  await queue.register(
    EXPIRE_COUPONS,
    async () => {
      while ((await new CouponRedemption(fork()).expireDue()) > 0);
    },
    { cron: '*/5 * * * *' },
  );
}

import type { EntityManager } from '@mikro-orm/postgresql';
import type { JobQueue } from '../../lib/jobs';
import { one } from '../../lib/sql';
import { REBUILD } from './rebuild';
import { rebuildDays, REPORT_TIME_ZONE } from './rollup';

/**
 * `reports.reconcile` runs every night (00:40 UTC) and rebuilds yesterday and the day before (in the
 * operator's time zone) from the orders and refunds: whatever an event missed or counted wrongly is
 * put right, set-based, in one transaction. Idempotent, and safe with several processes (the
 * rebuild takes the rollup's lock; a second run recounts the same). `reports.rebuild` rebuilds the
 * chunk of days an operator asked for (rebuildSalesReport).
 */
export const RECONCILE = 'reports.reconcile';

export async function reconcileRecentDays(em: EntityManager): Promise<void> {
  const { from, to } = (await one<{ from: string; to: string }>(
    em,
    `select to_char((now() at time zone ${REPORT_TIME_ZONE})::date - 2, 'YYYY-MM-DD') as from,
            to_char((now() at time zone ${REPORT_TIME_ZONE})::date - 1, 'YYYY-MM-DD') as to`,
  ))!;
  await rebuildDays(em, from, to);
}

export async function registerReportJobs(queue: JobQueue, fork: () => EntityManager): Promise<void> {
  await queue.register(RECONCILE, () => reconcileRecentDays(fork()), { cron: '40 0 * * *' });
  // A chunk of days an operator asked to rebuild (rebuild.ts).
  await queue.register<{ from: string; to: string }>(REBUILD, ({ from, to }) => rebuildDays(fork(), from, to));
}

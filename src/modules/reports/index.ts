import type { ModuleManifest } from '../manifest';
import { ReportCounted, ReportDay, ReportDayCustomer } from './entities';
import { registerReportJobs } from './jobs';
import { SalesReportResolver } from './resolver';
import { countPaidOrderEvent, countRefundEvent } from './rollup';

/**
 * Operators' reports: daily sales figures from a rollup kept by the order events (rollup.ts) and
 * reconciled nightly from the orders; campaign results read set-based from the campaign modules.
 * Reads only: the figures of the modules it builds on, through their exported queries.
 */
export const reportsModule: ModuleManifest = {
  name: 'reports',
  entities: [ReportDay, ReportDayCustomer, ReportCounted],
  resolvers: [SalesReportResolver],
  orderEventSubscribers: [
    { event: 'order.paid', handler: countPaidOrderEvent },
    { event: 'order.refunded', handler: countRefundEvent },
  ],
  jobs: ({ queue, fork }) => registerReportJobs(queue, fork),
};

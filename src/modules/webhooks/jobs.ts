import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { JobQueue } from '../../lib/jobs';
import { deliverWebhooks, pruneWebhookLog, type WebhookSettings } from './delivery';

/**
 * `webhooks.sweep` runs a delivery round every minute from the job queue, behind the dispatcher
 * every process runs (main.ts: rounds every second), so deliveries go on even when a process's
 * loop is stuck; `webhooks.prune` deletes the log older than 30 days, daily. Both are safe in
 * several processes at once (claims with SKIP LOCKED; deletes by age).
 */
export const SWEEP = 'webhooks.sweep';
export const PRUNE = 'webhooks.prune';

export async function registerWebhookJobs(queue: JobQueue, fork: () => EntityManager, settings: WebhookSettings, logger?: Logger): Promise<void> {
  await queue.register(
    SWEEP,
    async () => {
      await deliverWebhooks(fork, settings, logger);
    },
    { cron: '* * * * *' },
  );
  await queue.register(
    PRUNE,
    async () => {
      await pruneWebhookLog(fork());
    },
    { cron: '17 3 * * *' },
  );
}

import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { Dependency } from './dependency';
import { withApplicationName } from './application-name';

/**
 * The job queue, on PostgreSQL (pg-boss, in its own `pgboss` schema): timers that must survive a
 * restart and run once across several API processes. Every handler must be idempotent — a job can
 * run twice after a crash — and every timed job is backed by a periodic sweep that finds whatever
 * a lost job missed.
 */
export type JobHandler<T> = (data: T) => Promise<void>;

export class JobQueue {
  private constructor(
    private readonly boss: PgBoss,
    private readonly logger: Logger,
  ) {}

  static async start(url: string, logger: Logger): Promise<JobQueue> {
    const boss = new PgBoss({ connectionString: withApplicationName(url, 'jobs'), schema: 'pgboss', max: 4 });
    boss.on('error', (err) => {
      // 57P01: the server closed the connection (a restart, or the embedded server stopping on
      // Ctrl-C alongside the app): expected, and pg-boss reconnects; anything else is an error.
      if ((err as { code?: string }).code === '57P01')
        logger.warn({ code: '57P01', message: err.message }, 'job queue: database connection closed by the server');
      else logger.error({ err }, 'job queue error');
    });
    await boss.start();
    return new JobQueue(boss, logger);
  }

  /** Runs `handler` for each job of this name; with `cron`, also enqueues one on that schedule (UTC). */
  async register<T extends object>(name: string, handler: JobHandler<T>, options: { cron?: string } = {}): Promise<void> {
    await this.boss.createQueue(name);
    await this.boss.work<T>(name, { pollingIntervalSeconds: 2, batchSize: 1 }, async ([job]) => {
      try {
        await handler(job.data);
      } catch (err) {
        this.logger.error({ err, job: name }, 'job failed; it will be retried');
        throw err;
      }
    });
    if (options.cron) await this.boss.schedule(name, options.cron);
  }

  /** Enqueues a job; with a singletonKey, a second send while one is queued is dropped. */
  async send(name: string, data: object, options: { startAfter?: Date; singletonKey?: string } = {}): Promise<void> {
    await this.boss.send(name, data, { ...options, retryLimit: 5, retryBackoff: true });
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}

/** The process's job queue, supplied by the composition root; undefined where no worker runs (tests), the sweeps then cover every timer. */
export const JOB_QUEUE = new Dependency<JobQueue | undefined>('the job queue');

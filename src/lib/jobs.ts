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

/** How long a timer sent with sendSoon waits for others to share its insert, in milliseconds. */
export const BATCH_WINDOW_MS = 20;

export class JobQueue {
  /** Jobs of sendSoon waiting for the next batch insert. */
  private batch: PgBoss.JobInsert[] = [];
  private batchTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

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

  /**
   * Enqueues a job without waiting, in one insert with every other job sent within BATCH_WINDOW_MS:
   * one statement and one commit for a burst of checkouts instead of one each. Only for timers a
   * sweep backs: a process that dies before the insert loses them, and a failed insert is logged,
   * not retried — the sweep does their work later.
   */
  sendSoon(name: string, data: object, options: { startAfter?: Date; singletonKey?: string } = {}): void {
    this.batch.push({ name, data, ...options, retryLimit: 5, retryBackoff: true });
    this.batchTimer ??= setTimeout(() => void this.flushBatch(), BATCH_WINDOW_MS);
  }

  private flushBatch(): Promise<void> {
    clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    const jobs = this.batch;
    this.batch = [];
    if (jobs.length === 0) return this.flushing;
    this.flushing = this.flushing
      .then(() => this.boss.insert(jobs))
      .catch((err: unknown) => this.logger.error({ err, jobs: jobs.length }, 'job queue: a batch of timers was not inserted; their sweep covers them'));
    return this.flushing;
  }

  async stop(): Promise<void> {
    await this.flushBatch();
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}

/** The process's job queue, supplied by the composition root; undefined where no worker runs (tests), the sweeps then cover every timer. */
export const JOB_QUEUE = new Dependency<JobQueue | undefined>('the job queue');

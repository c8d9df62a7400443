import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { Dependency } from '../../lib/dependency';
import { one, run } from '../../lib/sql';
import { sqlStates } from '../../lib/state-machine';
import { LiveEventType } from './entities';
import { appendEvents } from './events';
import { OPEN_STATES } from './lifecycle';

/** How often a process refreshes the heartbeat of its viewers' rows, and after how long without one a row counts as gone. */
export const HEARTBEAT_SECONDS = 5;
export const STALE_SECONDS = 20;
/** VIEWERS events of a session are at most one per this many milliseconds. */
export const VIEWERS_EVERY_MS = 1000;

export type Published = 'published' | 'unchanged' | 'later';

/**
 * Counts the session's viewers now (distinct viewers of fresh presence rows, from every process)
 * and, when the count differs from the one last published and that was at least a second ago,
 * publishes it: the session's viewers and peak, and a VIEWERS event, in one transaction. 'later':
 * it changed but was published less than a second ago (the caller tries again); 'unchanged': the
 * count is the one published (or the session is over).
 */
export async function publishViewers(em: EntityManager, sessionId: string): Promise<Published> {
  return em.transactional(async (tx) => {
    const row = await one<{ n: number; viewers: number | null; peak: number | null; before: number | null; open: boolean | null }>(
      tx,
      `with counted as (
         select count(distinct viewer)::int as n from live_viewer where session_id = ? and heartbeat_at > now() - make_interval(secs => ?)
       ), updated as (
         update live_session s set viewers = counted.n, peak_viewers = greatest(s.peak_viewers, counted.n), viewers_counted_at = now()
           from counted
          where s.id = ? and s.status in (${sqlStates(OPEN_STATES)}) and s.viewers <> counted.n
            and coalesce(s.viewers_counted_at, '-infinity') <= now() - make_interval(secs => ?)
         returning s.viewers, s.peak_viewers
       )
       select counted.n, (select viewers from updated) as viewers, (select peak_viewers from updated) as peak,
              (select viewers from live_session where id = ?) as before,
              (select status in (${sqlStates(OPEN_STATES)}) from live_session where id = ?) as open
         from counted`,
      [sessionId, STALE_SECONDS, sessionId, VIEWERS_EVERY_MS / 1000, sessionId, sessionId],
    );
    if (!row || !row.open) return 'unchanged';
    if (row.viewers !== null) {
      await appendEvents(tx, sessionId, [{ type: LiveEventType.VIEWERS, data: { viewers: row.viewers, peakViewers: row.peak! } }]);
      return 'published';
    }
    return row.before === row.n ? 'unchanged' : 'later';
  });
}

/** Deletes presence rows whose process stopped beating (it died), of any process; the sessions they were watching. */
export async function sweepStaleViewers(em: EntityManager): Promise<string[]> {
  const gone = await run<{ session_id: string }>(em, 'delete from live_viewer where heartbeat_at <= now() - make_interval(secs => ?) returning session_id', [
    STALE_SECONDS,
  ]);
  return [...new Set(gone.map((g) => g.session_id))];
}

/**
 * The viewers this process serves: a presence row per subscribed connection (live_viewer), its
 * heartbeat refreshed every few seconds, and the sessions whose count may have changed published
 * about once a second (publishViewers). Rows of a process that died are deleted by whichever
 * process sweeps next (its own timer, or the live.sweep job), by the age of their heartbeat.
 */
export class LivePresence {
  readonly processId = randomUUID();
  private readonly dirty = new Set<string>();
  private timers: NodeJS.Timeout[] = [];
  private stopped = false;
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly fork: () => EntityManager,
    private readonly logger?: Logger,
  ) {}

  private startTimers(): void {
    if (this.timers.length > 0 || this.stopped) return;
    const every = (ms: number, work: () => Promise<void>) => {
      const timer = setInterval(() => {
        work().catch((err) => this.logger?.warn({ err }, 'live viewers: presence work failed; it runs again shortly'));
      }, ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(VIEWERS_EVERY_MS, () => this.flush());
    every(HEARTBEAT_SECONDS * 1000, () => this.beat());
  }

  /**
   * A viewer starts watching: its connection's presence row; returns the connection's id. The
   * viewer is the account when signed in, else the visitor id the client gave (its tabs and
   * reconnections count once), else the connection itself (each counts as a viewer of its own).
   */
  async join(sessionId: string, accountId: string | null, visitorId: string | null = null): Promise<string> {
    const connectionId = randomUUID();
    const viewer = accountId ?? (visitorId ? `visitor:${visitorId}` : `anon:${connectionId}`);
    await run(
      this.fork(),
      `with present as (
         insert into live_viewer (connection_id, session_id, viewer, process_id, heartbeat_at) values (?, ?, ?, ?, now()) returning session_id
       )
       insert into live_session_viewer (session_id, viewer, first_seen_at) select session_id, ?, now() from present on conflict do nothing`,
      [connectionId, sessionId, viewer, this.processId, viewer],
    );
    this.dirty.add(sessionId);
    this.startTimers();
    return connectionId;
  }

  /** The connection stopped watching. */
  async leave(connectionId: string): Promise<void> {
    const [gone] = await run<{ session_id: string }>(this.fork(), 'delete from live_viewer where connection_id = ? returning session_id', [connectionId]);
    if (gone) this.dirty.add(gone.session_id);
  }

  /** Publishes the counts of the sessions whose viewers changed; those published too recently stay for the next run. */
  async flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    this.flushing = (async () => {
      for (const sessionId of [...this.dirty]) {
        this.dirty.delete(sessionId);
        if ((await publishViewers(this.fork(), sessionId)) === 'later') this.dirty.add(sessionId);
      }
    })().finally(() => (this.flushing = null));
    return this.flushing;
  }

  /** Refreshes this process's rows and deletes those of processes that stopped beating. */
  async beat(): Promise<void> {
    const em = this.fork();
    await run(em, 'update live_viewer set heartbeat_at = now() where process_id = ?', [this.processId]);
    for (const sessionId of await sweepStaleViewers(em)) this.dirty.add(sessionId);
  }

  /** Stops the timers and removes this process's rows, publishing the counts without them. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await this.flushing?.catch(() => undefined);
    try {
      const gone = await run<{ session_id: string }>(this.fork(), 'delete from live_viewer where process_id = ? returning session_id', [this.processId]);
      for (const { session_id } of gone) this.dirty.add(session_id);
      await this.flush();
    } catch (err) {
      // The database may be gone first (a failed start, a test): the rows age out and the next sweep of another process deletes them.
      this.logger?.warn({ err }, 'live viewers: could not remove this process’s viewers; they will age out');
    }
  }
}

/** The process's viewer presence, supplied by the composition root (src/server/app.ts). */
export const LIVE_PRESENCE = new Dependency<LivePresence>('the live viewers presence');

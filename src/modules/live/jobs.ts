import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { JobQueue } from '../../lib/jobs';
import { run } from '../../lib/sql';
import { sqlStates } from '../../lib/state-machine';
import { OPEN_STATES } from './lifecycle';
import { announceItems, unannouncedItems } from './figures';
import { publishViewers, sweepStaleViewers } from './presence';

/**
 * `live.sweep`, every minute, in whichever process takes it (pg-boss runs it once):
 * - forgets the events of sessions that ended or were cancelled more than a day ago (resuming a
 *   subscription is for the session's life; the snapshot keeps what matters), in batches;
 * - deletes the presence rows of processes that stopped beating, and publishes again the viewers
 *   of every open session whose count may be off (it had viewers, or has presence rows).
 * - announces the STOCK and SOLD figures of items of open sessions that sales changed but no
 *   emitter announced (figures.ts: its process died).
 * Safe to run twice or in several processes at once.
 */
export const LIVE_SWEEP = 'live.sweep';
/** Sessions whose events are forgotten per statement. */
const FORGET_BATCH = 50;

export async function forgetOldEvents(em: EntityManager): Promise<number> {
  let forgotten = 0;
  for (;;) {
    const rows = await run<{ n: string }>(
      em,
      `with due as (
         select s.id from live_session s
          where s.ended_at < now() - interval '1 day' and exists (select 1 from live_event e where e.session_id = s.id)
          limit ?
       ), gone as (
         delete from live_event e using due where e.session_id = due.id returning 1
       )
       select (select count(*) from due) as n`,
      [FORGET_BATCH],
    );
    const sessions = Number(rows[0].n);
    forgotten += sessions;
    if (sessions < FORGET_BATCH) return forgotten;
  }
}

export async function sweepLive(fork: () => EntityManager): Promise<{ sessionsForgotten: number; viewersRecounted: number; itemsAnnounced: number }> {
  const sessionsForgotten = await forgetOldEvents(fork());
  const stale = await sweepStaleViewers(fork());
  const watched = await run<{ id: string }>(
    fork(),
    `select s.id from live_session s
      where s.status in (${sqlStates(OPEN_STATES)}) and (s.viewers > 0 or exists (select 1 from live_viewer v where v.session_id = s.id))`,
  );
  const sessions = new Set([...stale, ...watched.map((w) => w.id)]);
  for (const id of sessions) await publishViewers(fork(), id);
  // The figures of sales an emitter did not announce (its process died): figures.ts.
  const itemsAnnounced = await announceItems(fork(), await unannouncedItems(fork()));
  return { sessionsForgotten, viewersRecounted: sessions.size, itemsAnnounced };
}

export async function registerLiveJobs(queue: JobQueue, fork: () => EntityManager, logger?: Logger): Promise<void> {
  await queue.register(
    LIVE_SWEEP,
    async () => {
      const done = await sweepLive(fork);
      if (done.sessionsForgotten > 0) logger?.info(done, 'live sweep');
    },
    { cron: '* * * * *' },
  );
}

import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';

/** A live session's events as the bench's viewers subscribe to them, on the API and on its floor alike. */
export const LIVE_EVENTS = 'subscription($id: ID!) { liveSessionEvents(sessionId: $id) { seq type stockLeft sold at } }';

/**
 * Threads the viewers are read on (BENCH_VIEWER_THREADS). 2,000 viewers are 2,000 devices, each
 * reading its own socket; on one thread the last of them read an event only once the thread had
 * read it for all the others before — 50 to 140 ms after the first, most of an event's spread.
 */
const VIEWER_THREADS = Math.max(1, Number(process.env.BENCH_VIEWER_THREADS ?? 2));

/** What a viewer thread is given (bench/lib/live-viewer-thread.ts): a URL per viewer. */
export interface ViewerShare {
  urls: string[];
  sessionId: string;
  query: string;
  connectionParams: Record<string, string>;
}

/** One SOLD event: when its first and last viewer read it (wall clock, ms), its count, and when it was written (wall clock, ms). */
export interface SoldEvent {
  seq: number;
  first: number;
  last: number;
  sold: number;
  writtenAt: number;
}

/** What a viewer thread saw. */
export interface ThreadReport {
  /** Per viewer, each SOLD event that raised the count it saw: its count and receive time (wall clock, ms). */
  viewers: { soldCounts: number[]; soldTimes: number[] }[];
  soldEvents: SoldEvent[];
  stockZero: number;
  errors: number;
}

/** What every viewer saw, once the rush is over. */
export interface ViewersReport {
  viewers: ThreadReport['viewers'];
  /** Each SOLD event, by its number, first and last read over every thread. */
  soldEvents: SoldEvent[];
  /** Viewers whose last STOCK event says 0. */
  stockZero: number;
  errors: number;
}

export interface Viewers {
  count: number;
  /** Viewers whose last STOCK event says 0 now. */
  stockZero(): Promise<number>;
  report(): Promise<ViewersReport>;
  dispose(): void;
}

/**
 * `count` viewers subscribed to `LIVE_EVENTS` of `sessionId`, each on its own WebSocket, spread over
 * `urls` in turn and over VIEWER_THREADS worker threads; resolves once each is acknowledged (or
 * failed). A viewer speaks graphql-ws's protocol itself rather than through graphql-ws's client,
 * whose listeners and message checks were about a third of the bench's CPU in a rush: that CPU is
 * not the server's (a real viewer reads on its own device), but here it runs on the same cores as
 * the API processes and PostgreSQL.
 */
export async function connectViewers(urls: readonly string[], count: number, sessionId: string, connectionParams: Record<string, string>): Promise<Viewers> {
  const shares: string[][] = Array.from({ length: VIEWER_THREADS }, () => []);
  for (let i = 0; i < count; i++) shares[i % VIEWER_THREADS].push(urls[i % urls.length]);
  const threads = shares
    .filter((share) => share.length > 0)
    .map(
      (share) =>
        new Worker(resolve(__dirname, 'live-viewer-thread.js'), {
          workerData: { urls: share, sessionId, query: LIVE_EVENTS, connectionParams } satisfies ViewerShare,
        }),
    );
  const ask = <T>(thread: Worker, type: string): Promise<T> =>
    new Promise<T>((done, fail) => {
      const answer = (m: { type: string } & Record<string, unknown>) => {
        if (m.type !== type) return;
        thread.off('message', answer);
        thread.off('error', fail);
        done(m as T);
      };
      thread.on('message', answer);
      thread.once('error', fail);
      if (type !== 'connected') thread.postMessage({ type });
    });
  await Promise.all(threads.map((t) => ask(t, 'connected')));
  return {
    count,
    stockZero: async () => (await Promise.all(threads.map((t) => ask<{ stockZero: number }>(t, 'stockZero')))).reduce((n, a) => n + a.stockZero, 0),
    report: async () => {
      const reports = (await Promise.all(threads.map((t) => ask<{ report: ThreadReport }>(t, 'report')))).map((a) => a.report);
      const events = new Map<number, SoldEvent>();
      for (const e of reports.flatMap((r) => r.soldEvents)) {
        const seen = events.get(e.seq);
        if (!seen) events.set(e.seq, { ...e });
        else {
          seen.first = Math.min(seen.first, e.first);
          seen.last = Math.max(seen.last, e.last);
        }
      }
      return {
        viewers: reports.flatMap((r) => r.viewers),
        soldEvents: [...events.values()].sort((x, y) => x.seq - y.seq),
        stockZero: reports.reduce((n, r) => n + r.stockZero, 0),
        errors: reports.reduce((n, r) => n + r.errors, 0),
      };
    },
    dispose: () => threads.forEach((t) => t.postMessage({ type: 'dispose' })),
  };
}

/** Waits, up to `ms`, until every viewer's last STOCK event says 0. */
export async function untilStockZero(viewers: Viewers, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until && (await viewers.stockZero()) < viewers.count) await new Promise((r) => setTimeout(r, 100));
}

/** performance.now() of this thread as wall clock (ms), as the viewer threads keep their times. */
export const wallClock = (t: number): number => performance.timeOrigin + t;

/**
 * For the k-th unit sold (`placedAt`, performance.now() of each order's answer, sorted), the delay
 * from its answer to each viewer's first SOLD event saying `sold >= k`: every (unit, viewer), sorted.
 */
export function saleDelays(report: ViewersReport, placedAt: readonly number[]): number[] {
  const delays: number[] = [];
  const answered = placedAt.map(wallClock);
  for (const v of report.viewers) {
    let at = 0;
    for (let k = 1; k <= answered.length; k++) {
      while (at < v.soldCounts.length && v.soldCounts[at] < k) at++;
      if (at === v.soldCounts.length) break;
      delays.push(Math.max(0, v.soldTimes[at] - answered[k - 1]));
    }
  }
  return delays.sort((x, y) => x - y);
}

/** How long each SOLD event took from its first viewer to its last, sorted. */
export function soldSpreads(report: ViewersReport): number[] {
  return report.soldEvents.map((e) => e.last - e.first).sort((x, y) => x - y);
}

/** How long each SOLD event took from its write (the announcing statement's time) to its first viewer here, sorted. */
export function writeToFirstViewer(report: ViewersReport): number[] {
  return report.soldEvents.map((e) => e.first - e.writtenAt).sort((x, y) => x - y);
}

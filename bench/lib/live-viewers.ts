import { createClient, type Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';

/** A live session's events as the bench's viewers subscribe to them, on the API and on its floor alike. */
export const LIVE_EVENTS = 'subscription($id: ID!) { liveSessionEvents(sessionId: $id) { seq type stockLeft sold at } }';

export interface Viewer {
  client: WsClient;
  /** Receive time (performance.now()) of the first SOLD event saying at least k, by k. */
  soldAt: Map<number, number>;
  maxSold: number;
  lastStock: number | null;
  events: number;
  errors: number;
}

/** Per SOLD event (by its number): when its first and last viewer read it here (performance.now()), its count, and when it was written (wall clock, ms). */
export type SoldEvents = Map<number, { first: number; last: number; sold: number; writtenAt: number }>;

export interface Viewers {
  list: Viewer[];
  soldEvents: SoldEvents;
  /** Viewers whose last STOCK event says 0. */
  stockZero(): number;
  errors(): number;
  dispose(): void;
}

/**
 * `count` viewers subscribed to `LIVE_EVENTS` of `sessionId` with graphql-ws's client, spread over
 * `urls` in turn, 200 connecting at a time; resolves once each is connected (or failed).
 */
export async function connectViewers(urls: readonly string[], count: number, sessionId: string, connectionParams: Record<string, string>): Promise<Viewers> {
  const list: Viewer[] = [];
  const soldEvents: SoldEvents = new Map();
  const subscribed: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const client = createClient({ url: urls[i % urls.length], webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
    const v: Viewer = { client, soldAt: new Map(), maxSold: 0, lastStock: null, events: 0, errors: 0 };
    list.push(v);
    subscribed.push(
      new Promise<void>((resolve) => {
        client.on('connected', () => resolve());
        client.subscribe(
          { query: LIVE_EVENTS, variables: { id: sessionId } },
          {
            next: (value) => {
              const e = (value.data as { liveSessionEvents?: { seq: number; type: string; stockLeft: number; sold: number; at: string } } | undefined)
                ?.liveSessionEvents;
              if (!e) return void v.errors++;
              v.events++;
              if (e.type === 'STOCK') v.lastStock = e.stockLeft;
              if (e.type !== 'SOLD') return;
              const now = performance.now();
              const seen = soldEvents.get(e.seq);
              if (seen) seen.last = now;
              else soldEvents.set(e.seq, { first: now, last: now, sold: e.sold, writtenAt: Date.parse(e.at) });
              if (e.sold > v.maxSold) {
                for (let k = v.maxSold + 1; k <= e.sold; k++) v.soldAt.set(k, now);
                v.maxSold = e.sold;
              }
            },
            error: () => {
              v.errors++;
              resolve();
            },
            complete: () => undefined,
          },
        );
      }),
    );
    if (i % 200 === 199) await Promise.all(subscribed.slice(-200));
  }
  await Promise.all(subscribed);
  return {
    list,
    soldEvents,
    stockZero: () => list.filter((v) => v.lastStock === 0).length,
    errors: () => list.reduce((n, v) => n + v.errors, 0),
    dispose: () => list.forEach((v) => void v.client.dispose()),
  };
}

/** Waits, up to `ms`, until every viewer's last STOCK event says 0. */
export async function untilStockZero(viewers: Viewers, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until && viewers.stockZero() < viewers.list.length) await new Promise((r) => setTimeout(r, 100));
}

/**
 * For the k-th unit sold (`placedAt`, performance.now() of each order's answer, sorted), the delay
 * from its answer to each viewer's first SOLD event saying `sold >= k`: every (unit, viewer), sorted.
 */
export function saleDelays(viewers: Viewers, placedAt: readonly number[]): number[] {
  const delays: number[] = [];
  for (const v of viewers.list) placedAt.forEach((t, i) => v.soldAt.has(i + 1) && delays.push(Math.max(0, v.soldAt.get(i + 1)! - t)));
  return delays.sort((x, y) => x - y);
}

/** How long each SOLD event took from its first viewer to its last, sorted. */
export function soldSpreads(viewers: Viewers): number[] {
  return [...viewers.soldEvents.values()].map((e) => e.last - e.first).sort((x, y) => x - y);
}

/** How long each SOLD event took from its write (the announcing statement's time) to its first viewer here, sorted. */
export function writeToFirstViewer(viewers: Viewers): number[] {
  return [...viewers.soldEvents.values()].map((e) => performance.timeOrigin + e.first - e.writtenAt).sort((x, y) => x - y);
}

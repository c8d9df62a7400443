/**
 * A share of the live bench's viewers, on a worker thread of its own (bench/lib/live-viewers.ts):
 * each viewer a WebSocket speaking graphql-ws's protocol (graphql-transport-ws) — `connection_init`
 * with the connection parameters, one `subscribe`, every `next` parsed and read. Times are wall
 * clock in milliseconds (performance.timeOrigin + performance.now()), comparable across threads.
 */
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';
import type { SoldEvent, ThreadReport, ViewerShare } from './live-viewers';

/** The one subscription each viewer makes on its connection. */
const SUBSCRIPTION_ID = '1';

interface LiveEvent {
  seq: number;
  type: string;
  stockLeft: number | null;
  sold: number | null;
  at: string;
}

interface Viewer {
  socket: WebSocket;
  /** Each SOLD event that raised the count this viewer saw, in order: its count and receive time. */
  soldCounts: number[];
  soldTimes: number[];
  lastStock: number | null;
  errors: number;
}

const share = workerData as ViewerShare;
const viewers: Viewer[] = [];
const soldEvents = new Map<number, SoldEvent>();
const init = JSON.stringify({ type: 'connection_init', payload: share.connectionParams });
const subscribe = JSON.stringify({ id: SUBSCRIPTION_ID, type: 'subscribe', payload: { query: share.query, variables: { id: share.sessionId } } });
const now = () => performance.timeOrigin + performance.now();

function read(v: Viewer, e: LiveEvent): void {
  if (e.type === 'STOCK') v.lastStock = e.stockLeft;
  if (e.type !== 'SOLD') return;
  const at = now();
  const seen = soldEvents.get(e.seq);
  if (seen) seen.last = at;
  else soldEvents.set(e.seq, { seq: e.seq, first: at, last: at, sold: e.sold!, writtenAt: Date.parse(e.at) });
  const counts = v.soldCounts;
  if (counts.length === 0 || e.sold! > counts[counts.length - 1]) {
    counts.push(e.sold!);
    v.soldTimes.push(at);
  }
}

/** Resolves once the viewer's connection is acknowledged, or failed. */
function connect(url: string): Promise<void> {
  return new Promise<void>((resolve) => {
    const socket = new WebSocket(url, 'graphql-transport-ws');
    const v: Viewer = { socket, soldCounts: [], soldTimes: [], lastStock: null, errors: 0 };
    viewers.push(v);
    const failed = () => {
      v.errors++;
      resolve();
    };
    socket.on('open', () => socket.send(init));
    socket.on('error', failed);
    socket.on('close', (code) => code !== 1000 && failed());
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as { type: string; payload?: { data?: { liveSessionEvents?: LiveEvent } } };
      switch (message.type) {
        case 'next': {
          const e = message.payload?.data?.liveSessionEvents;
          if (e) read(v, e);
          else v.errors++;
          return;
        }
        case 'connection_ack':
          socket.send(subscribe);
          resolve();
          return;
        case 'ping':
          socket.send('{"type":"pong"}');
          return;
        case 'error':
          v.errors++;
          return;
      }
    });
  });
}

const stockZero = () => viewers.filter((v) => v.lastStock === 0).length;
const errors = () => viewers.reduce((n, v) => n + v.errors, 0);

async function main(): Promise<void> {
  // 100 connecting at a time per thread.
  for (let i = 0; i < share.urls.length; i += 100) await Promise.all(share.urls.slice(i, i + 100).map(connect));
  parentPort!.postMessage({ type: 'connected' });
  parentPort!.on('message', (m: { type: string }) => {
    if (m.type === 'stockZero') parentPort!.postMessage({ type: 'stockZero', stockZero: stockZero() });
    else if (m.type === 'report') {
      const report: ThreadReport = {
        viewers: viewers.map((v) => ({ soldCounts: v.soldCounts, soldTimes: v.soldTimes })),
        soldEvents: [...soldEvents.values()],
        stockZero: stockZero(),
        errors: errors(),
      };
      parentPort!.postMessage({ type: 'report', report });
    } else if (m.type === 'dispose') {
      for (const v of viewers) v.socket.close(1000);
      parentPort!.close();
    }
  });
}

void main();

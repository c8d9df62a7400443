import { AsyncLocalStorage } from 'node:async_hooks';
import { EventEmitter, on } from 'node:events';
import { Client } from 'pg';
import type { Logger } from 'pino';
import type { PubSub } from 'type-graphql';
import { withApplicationName } from './application-name';

/**
 * Subscriptions across API processes, on PostgreSQL LISTEN/NOTIFY: a change is published with
 * `pg_notify` in the transaction that makes it (delivered on commit only, never for a rollback),
 * and every process holds one dedicated connection that LISTENs and feeds its subscribers. No other
 * service to run, and no event can be seen before the change it reports.
 */
export interface ListenedChannel {
  /** The PostgreSQL channel. */
  channel: string;
  /** The type-graphql topic it feeds. */
  topic: string;
  /** The subscription's topic id a payload belongs to (e.g. a session's share token). */
  topicId(payload: Record<string, unknown>): string;
}

/**
 * Subscribers handed a notification in one turn of the event loop (see PgListener.fanOut). A live
 * event handed over costs a few microseconds of JavaScript and a socket write per subscriber
 * (src/lib/hand-over.ts), so a turn of 1,000 holds the loop for tens of milliseconds; in the live
 * bench (1,000 subscribers a process) 1,000 a turn halved the event delay's median against 500.
 */
export const FAN_OUT_CHUNK = 1000;

export class PgListener {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private client: Client | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;
  private readonly reconnected: (() => void)[] = [];
  /** Set once the connection has been lost: every later start is a reconnection. */
  private lostOnce = false;

  constructor(
    private readonly url: string,
    private readonly channels: ListenedChannel[],
    private readonly logger?: Logger,
  ) {}

  async start(): Promise<void> {
    const client = new Client({ connectionString: withApplicationName(this.url, 'listener') });
    client.on('notification', (message) => {
      const channel = this.channels.find((c) => c.channel === message.channel);
      if (!channel || !message.payload) return;
      try {
        const payload = JSON.parse(message.payload) as Record<string, unknown>;
        this.fanOut(`${channel.topic}:${channel.topicId(payload)}`, payload);
      } catch (err) {
        this.logger?.error({ err, channel: message.channel }, 'unreadable notification');
      }
    });
    // A lost connection is reopened: notifications sent meanwhile are missed, so clients re-read on reconnect.
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      for (const c of this.channels) await client.query(`listen "${c.channel}"`);
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    this.client = client;
    if (this.lostOnce) for (const callback of this.reconnected) callback();
  }

  /**
   * Hands a payload to its subscribers, FAN_OUT_CHUNK at a time with a turn of the event loop between
   * chunks, payloads in the order they came. Each subscriber's delivery runs GraphQL and writes to its
   * socket; thousands in one go would hold the event loop for a long stretch, and a checkout whose
   * write statement has just answered would wait that long to send its COMMIT — holding its row
   * locks (a pinned live item's) the whole time.
   *
   * Payloads for the same subscribers that arrive before their delivery has begun go out together:
   * each subscriber of a chunk is handed all of them at once. One commit's notifications (a sale's
   * STOCK and SOLD) arrive in one read of the connection, and delivery begins only once that read is
   * handled; in a rush, announcements that queued behind one still being delivered join up too. A
   * subscriber then writes them in one go (src/server/ws.ts), and an announcement takes the event
   * loop's turns once, not once per event.
   *
   * A subscriber may answer a payload with a promise: it can take the payload once that settles (its
   * frame is being built, src/lib/hand-over.ts). Delivery then waits for it and hands the same
   * payload to the same subscriber again, so every subscriber still gets every payload in order.
   */
  private fanOut(event: string, payload: Record<string, unknown>): void {
    const callbacks = this.emitter.listeners(event) as PayloadCallback[];
    if (callbacks.length === 0) return;
    const last = this.outbox[this.outbox.length - 1];
    if (last && last.event === event && last.next === 0 && last.payload === 0 && sameCallbacks(last.callbacks, callbacks)) {
      last.payloads.push(payload);
      return;
    }
    this.outbox.push({ event, callbacks, payloads: [payload], next: 0, payload: 0 });
    if (this.outbox.length === 1) queueMicrotask(() => this.deliverChunk());
  }

  private readonly outbox: {
    event: string;
    callbacks: PayloadCallback[];
    payloads: Record<string, unknown>[];
    /** The subscriber being handed payloads, and the payload it is at. */
    next: number;
    payload: number;
  }[] = [];

  private deliverChunk(): void {
    const current = this.outbox[0];
    const end = Math.min(current.next + FAN_OUT_CHUNK, current.callbacks.length);
    for (; current.next < end; current.next++, current.payload = 0) {
      for (; current.payload < current.payloads.length; current.payload++) {
        let wait: void | PromiseLike<unknown> = undefined;
        try {
          wait = current.callbacks[current.next](current.payloads[current.payload]);
        } catch (err) {
          this.logger?.error({ err }, 'a subscriber failed on a notification');
        }
        if (typeof wait?.then === 'function') {
          const resume = () => this.deliverChunk();
          wait.then(resume, resume);
          return;
        }
      }
    }
    if (current.next >= current.callbacks.length) this.outbox.shift();
    if (this.outbox.length > 0) setImmediate(() => this.deliverChunk());
  }

  /** Whether notifications are being heard now: false while the connection is lost and being reopened. */
  get listening(): boolean {
    return this.client !== null;
  }

  /** Runs `callback` each time a lost connection is reopened: whatever was announced meanwhile was missed. */
  onReconnect(callback: () => void): void {
    this.reconnected.push(callback);
  }

  private lost(client: Client, err?: Error): void {
    if (this.stopped || this.client !== client) return;
    this.client = null;
    this.lostOnce = true;
    this.logger?.warn({ err }, 'listening connection lost; reconnecting');
    client.end().catch(() => undefined);
    this.retryLater();
  }

  private retryLater(): void {
    if (this.stopped) return;
    this.retry = setTimeout(() => {
      this.start().catch((err) => {
        this.logger?.warn({ err }, 'listening connection could not reopen; retrying');
        this.retryLater();
      });
    }, 1000);
  }

  /**
   * Calls `callback` with each payload of this topic and id, until the returned function is called.
   * A callback that returns a promise is called again with the same payload once it settles.
   */
  onPayload(topic: string, id: string, callback: PayloadCallback): () => void {
    const event = `${topic}:${id}`;
    // The emitter only keeps the list: fanOut calls its listeners itself and waits for a promise one returns (emit would drop it).
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    this.emitter.on(event, callback);
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    return () => this.emitter.off(event, callback);
  }

  /** Payloads of this topic and id, until the consumer stops iterating. */
  subscribe(topic: string, id: unknown): AsyncIterableIterator<unknown> {
    const events = on(this.emitter, `${topic}:${String(id)}`);
    return {
      [Symbol.asyncIterator]() {
        return this;
      },
      async next() {
        const r = await events.next();
        return r.done ? r : { done: false, value: (r.value as unknown[])[0] };
      },
      return: () => events.return!(),
      throw: (e: unknown) => events.throw!(e),
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}

/** A subscriber's callback: a promise back means "again once this settles" (see PgListener.fanOut). */
type PayloadCallback = (payload: Record<string, unknown>) => void | PromiseLike<unknown>;

function sameCallbacks(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((callback, i) => callback === b[i]);
}

/** The listener of the server handling the current subscription (set by src/server/ws.ts). */
export const listenerScope = new AsyncLocalStorage<PgListener>();

/**
 * The PubSub given to buildSchema: subscribing reads from the serving app's listener. Publishing
 * from JavaScript is refused on purpose: changes publish with pg_notify inside their transaction.
 */
export const pgPubSub: PubSub = {
  publish(routingKey: string) {
    throw new Error(`publish ${routingKey} with pg_notify inside the transaction that makes the change`);
  },
  subscribe(routingKey: string, dynamicId?: unknown) {
    const listener = listenerScope.getStore();
    if (!listener) throw new Error('subscriptions are served over WebSocket only');
    return listener.subscribe(routingKey, dynamicId);
  },
};

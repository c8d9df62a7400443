import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';

/**
 * Order events leave through the outbox (order_event, written in the same transaction as each
 * change). Other modules declare their subscribers as `orderEventSubscribers` in their manifests
 * (src/modules/<name>/index.ts); the install step (src/server/modules.ts) subscribes them here in
 * the order of src/modules/index.ts, which is the order they run in for each event. The dispatcher
 * delivers every event at least once, and in order per order: it only ever claims the oldest
 * undelivered event of each order, with SKIP LOCKED, so several API processes can dispatch at once
 * without overtaking each other. A subscriber that fails leaves the event undelivered; it is
 * retried on the next round, and the order's later events wait behind it.
 */
export interface OrderEventMessage {
  id: string;
  orderId: string;
  type: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

/** A subscriber gets its own EntityManager fork; it must be idempotent (delivery is at least once). */
export type OrderEventSubscriber = (event: OrderEventMessage, em: EntityManager) => Promise<void>;

/**
 * A subscriber's form for many events at once: a dispatch round's events of its type, each of a
 * different order, handled as `handler` would handle each (one statement for them all, say). If it
 * fails, the round falls back to `handler` for each event, so one bad event holds back only itself.
 */
export type OrderEventBatchSubscriber = (events: readonly OrderEventMessage[], em: EntityManager) => Promise<void>;

const subscribers: { type: string; handler: OrderEventSubscriber; many?: OrderEventBatchSubscriber }[] = [];

/** `type` is an event type such as "order.paid", or "*" for all. Called by the install step (and by tests). */
export function subscribeToOrderEvents(type: string, handler: OrderEventSubscriber, many?: OrderEventBatchSubscriber): () => void {
  const entry = { type, handler, many };
  subscribers.push(entry);
  return () => {
    const i = subscribers.indexOf(entry);
    if (i >= 0) subscribers.splice(i, 1);
  };
}

/** Whether a subscriber takes events of this type. */
function hears(subscriber: { type: string }, type: string): boolean {
  return subscriber.type === '*' || subscriber.type === type;
}

/** The handlers an event of this type is delivered to, in the order they run. */
export function subscribersOf(type: string): OrderEventSubscriber[] {
  return subscribers.filter((s) => hears(s, type)).map((s) => s.handler);
}

/** One dispatch round: delivers up to `limit` events; returns how many were delivered. */
export async function dispatchOrderEvents(em: EntityManager, logger?: Logger, limit = 100): Promise<number> {
  return em.transactional(async (tx) => {
    const conn = tx.getConnection();
    const ctx = tx.getTransactionContext<Knex.Transaction>();
    const events = await conn.execute<{ id: string; order_id: string; type: string; payload: Record<string, unknown>; created_at: string }[]>(
      // The oldest undelivered events, each its order's oldest undelivered one, walked in id order on
      // order_event_undelivered: a plain index scan marks the entries of delivered events it passes
      // as dead, so rounds stay short between vacuums (a bitmap scan would visit them all each time).
      `select e.id, e.order_id, e.type, e.payload, e.created_at from order_event e
        where e.delivered_at is null
          and not exists (select 1 from order_event e2 where e2.order_id = e.order_id and e2.delivered_at is null and e2.id < e.id)
        order by e.id limit ? for update of e skip locked`,
      [limit],
      'all',
      ctx,
    );
    const messages: OrderEventMessage[] = events.map((row) => ({
      id: String(row.id),
      orderId: row.order_id,
      type: row.type,
      payload: row.payload,
      createdAt: new Date(row.created_at),
    }));
    // Each event goes to the outbox subscribers of the modules in src/modules/index.ts, in that order;
    // a subscriber takes the round's events of its type together (each of another order), and an
    // event one subscriber failed goes to no later one: it is retried whole next round.
    const failed = new Map<string, unknown>();
    for (const subscriber of [...subscribers]) {
      const mine = messages.filter((m) => hears(subscriber, m.type) && !failed.has(m.id));
      if (mine.length === 0) continue;
      if (subscriber.many && mine.length > 1) {
        try {
          await subscriber.many(mine, em.fork());
          continue;
        } catch {
          // One by one below: the event at fault is found, the others are delivered.
        }
      }
      for (const message of mine) {
        try {
          await subscriber.handler(message, em.fork());
        } catch (err) {
          failed.set(message.id, err);
        }
      }
    }
    const delivered = messages.filter((m) => !failed.has(m.id)).map((m) => m.id);
    for (const [id, err] of failed) {
      const message = messages.find((m) => m.id === id)!;
      logger?.error({ err, event: id, type: message.type }, 'order event subscriber failed; will retry');
      await conn.execute('update order_event set attempts = attempts + 1, last_error = ? where id = ?', [String(err).slice(0, 500), id], 'run', ctx);
    }
    // The round's deliveries are marked in one statement (a burst of checkouts is one round).
    if (delivered.length > 0) {
      await conn.execute(
        'update order_event set delivered_at = now(), attempts = attempts + 1, last_error = null where id = any(?::bigint[])',
        [`{${delivered.join(',')}}`],
        'run',
        ctx,
      );
    }
    return delivered.length;
  });
}

/** A round this many events long is followed at once by the next: a backlog is worked off back to back. */
const ROUND_LIMIT = 100;

/**
 * After a round that delivered less than a full one, the next waits this long (ms): under a steady
 * stream of orders a round then carries many events, and its claim, its marking and each batched
 * subscriber cost one statement for all of them instead of one each.
 */
const GATHER_MS = 50;

/** Keeps dispatching in the background: rounds back to back while a backlog lasts, every GATHER_MS while events come, else every `idleMs`. */
export function startOrderEventDispatcher(fork: () => EntityManager, logger: Logger, idleMs = 500): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const round = async () => {
    if (stopped) return;
    let delivered = 0;
    try {
      delivered = await dispatchOrderEvents(fork(), logger, ROUND_LIMIT);
    } catch (err) {
      logger.error({ err }, 'order event dispatch failed');
    }
    if (!stopped) {
      timer = setTimeout(
        () => {
          running = round();
        },
        delivered >= ROUND_LIMIT ? 0 : delivered > 0 ? GATHER_MS : idleMs,
      );
    }
  };
  running = round();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

import type { EntityManager } from '@mikro-orm/postgresql';
import type { HandsOver, Taken } from '../../lib/hand-over';
import { one } from '../../lib/sql';
import { observeDelivery } from './delivery';
import { LiveEventType, type LiveSessionStatus } from './entities';
import { eventsAfter, LIVE_EVENT_TOPIC, type LiveEventMessage } from './events';
import { FINAL } from './lifecycle';

/** Where live notifications come from: the process's listening connection (src/lib/pg-pubsub.ts). */
export interface LiveNotifications {
  /** `callback` may return a promise to be called again with the same payload once it settles (PgListener.onPayload). */
  onPayload(topic: string, id: string, callback: (payload: Record<string, unknown>) => void | PromiseLike<unknown>): () => void;
}

/** Events read from the table at once, when replaying or filling a gap. */
const PAGE = 500;

/**
 * A session's events after `after`, then as they happen: nothing lost, nothing twice, in number
 * order. The switchover from the table to the notifications is the delicate part, so in this order:
 *
 * 1. listen first: every notification from now on is buffered;
 * 2. read the backlog (`seq > after`) from the table and deliver it; the number last delivered is `last`;
 * 3. then deliver the buffered and later notifications, dropping those numbered `<= last` (they were
 *    in the backlog too). A notification numbered beyond `last + 1` means some were missed (the
 *    listening connection dropped and reopened, or they came out of order): the gap is read from the
 *    table before going on.
 *
 * Without `after`, it starts from the session's last number at the time it listens. The stream
 * completes after the session's final STATUS event (ENDED, CANCELLED), or at once when the session
 * is already final and nothing after `after` is left to replay. `onClose` runs once when it stops,
 * however it stops (the client went away, or the session ended).
 *
 * It hands events over (src/lib/hand-over.ts) once its consumer asks: while the consumer waits with
 * every event up to `last` taken, a notification numbered `last + 1` goes to the consumer's `take`
 * as it is heard — in the fan-out's own turn, no promise — unless it is a final STATUS (that one
 * ends the stream, through the iterator).
 */
export function liveEventStream(
  notifications: LiveNotifications,
  em: EntityManager,
  sessionId: string,
  after: number | null,
  onClose: () => void = () => undefined,
): AsyncIterableIterator<LiveEventMessage> & HandsOver<LiveEventMessage> {
  const heard: LiveEventMessage[] = [];
  const ready: LiveEventMessage[] = [];
  let wake: (() => void) | null = null;
  let closed = false;
  let ending = false;
  let last: number | null = null;
  /** The consumer has taken every event up to `last` and waits for the next: nothing is queued. */
  let waiting = false;
  let take: ((event: LiveEventMessage) => Taken) | null = null;
  /** The event `take` asked to be asked again about: it may ask once. */
  let askedAgain: LiveEventMessage | null = null;

  const handOver = (message: LiveEventMessage): Taken => {
    if (!waiting || take === null || message.seq !== last! + 1 || isFinal(message)) return false;
    const taken = take(message);
    if (taken === true) {
      last = message.seq;
      observeDelivery(message.at);
      return true;
    }
    if (taken === false || askedAgain === message) return false;
    askedAgain = message;
    return taken;
  };
  const stopListening = notifications.onPayload(LIVE_EVENT_TOPIC, sessionId, (payload) => {
    const message = payload as unknown as LiveEventMessage;
    const taken = handOver(message);
    if (taken === true) return;
    if (taken !== false) return taken;
    waiting = false;
    heard.push(message);
    wake?.();
  });
  const close = () => {
    if (closed) return;
    closed = true;
    waiting = false;
    stopListening();
    wake?.();
    onClose();
  };

  /** Reads every event after `last` from the table into `ready`. */
  const catchUp = async () => {
    for (;;) {
      const page = await eventsAfter(em, sessionId, last!, PAGE);
      for (const event of page) {
        ready.push(event);
        last = event.seq;
      }
      if (page.length < PAGE) return;
    }
  };

  const start = async () => {
    const session = await one<{ status: LiveSessionStatus; last_seq: string }>(
      em,
      'select s.status, c.last_seq from live_session s join live_event_counter c on c.session_id = s.id where s.id = ?',
      [sessionId],
    );
    last = after ?? Number(session?.last_seq ?? 0);
    await catchUp();
    if (!session || FINAL.includes(session.status)) ending = true;
  };

  const done = (): IteratorResult<LiveEventMessage> => ({ done: true, value: undefined });

  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next(): Promise<IteratorResult<LiveEventMessage>> {
      try {
        if (last === null) await start();
        for (;;) {
          if (closed) return done();
          const event = ready.shift();
          if (event) {
            if (isFinal(event)) ending = true;
            return { done: false, value: event };
          }
          if (ending) {
            close();
            return done();
          }
          const message = heard.shift();
          if (message) {
            if (message.seq <= last!) continue;
            if (message.seq === last! + 1) {
              last = message.seq;
              observeDelivery(message.at);
              ready.push(message);
            } else await catchUp();
            continue;
          }
          waiting = true;
          await new Promise<void>((resolve) => (wake = resolve));
          waiting = false;
          wake = null;
        }
      } catch (err) {
        close();
        throw err;
      }
    },
    return(): Promise<IteratorResult<LiveEventMessage>> {
      close();
      return Promise.resolve(done());
    },
    throw(err: unknown): Promise<IteratorResult<LiveEventMessage>> {
      close();
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    },
    handOverTo(consumer: (event: LiveEventMessage) => Taken): void {
      take = consumer;
    },
  };
}

/** The session's last event: ENDED or CANCELLED. */
function isFinal(event: LiveEventMessage): boolean {
  return event.type === LiveEventType.STATUS && FINAL.includes(event.data.status as LiveSessionStatus);
}

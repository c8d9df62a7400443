import type { EntityManager } from '@mikro-orm/postgresql';
import { one } from '../../lib/sql';
import { observeDelivery } from './delivery';
import { LiveEventType, type LiveSessionStatus } from './entities';
import { eventsAfter, LIVE_EVENT_TOPIC, type LiveEventMessage } from './events';
import { FINAL } from './lifecycle';

/** Where live notifications come from: the process's listening connection (src/lib/pg-pubsub.ts). */
export interface LiveNotifications {
  onPayload(topic: string, id: string, callback: (payload: Record<string, unknown>) => void): () => void;
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
 */
export function liveEventStream(
  notifications: LiveNotifications,
  em: EntityManager,
  sessionId: string,
  after: number | null,
  onClose: () => void = () => undefined,
): AsyncIterableIterator<LiveEventMessage> {
  const heard: LiveEventMessage[] = [];
  const ready: LiveEventMessage[] = [];
  let wake: (() => void) | null = null;
  let closed = false;
  let ending = false;
  let last: number | null = null;

  const stopListening = notifications.onPayload(LIVE_EVENT_TOPIC, sessionId, (payload) => {
    heard.push(payload as unknown as LiveEventMessage);
    wake?.();
  });
  const close = () => {
    if (closed) return;
    closed = true;
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
            if (event.type === LiveEventType.STATUS && FINAL.includes(event.data.status as LiveSessionStatus)) ending = true;
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
          await new Promise<void>((resolve) => (wake = resolve));
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
  };
}

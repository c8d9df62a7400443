/**
 * A subscription's event stream that can also hand its events over as they are heard, without a
 * promise per event and subscriber. A live session's event reaches thousands of subscribers of a
 * process at once; through the async iterator each costs several promises, graphql-ws's frame
 * building and a JSON serialisation, and a fan-out then takes tens of milliseconds of the event loop
 * that the checkouts of the same rush are waiting for. Handed over, an event costs a string and a
 * socket write per subscriber (src/server/shared-subscription-results.ts).
 *
 * The stream keeps its order: it hands an event over only while its consumer has taken every event
 * before it and is waiting for the next, and only the one numbered next. Everything else (a replay,
 * a gap read from the table, the last event) goes through the iterator as before.
 */
export interface HandsOver<T> {
  /**
   * From now on, events heard in order while the consumer waits go to `take` at once. `take`
   * returns true when it has sent the event, false to leave it to the iterator, or a promise to be
   * asked again once that settles (its answer is still being worked out): the fan-out waits for it
   * (src/lib/pg-pubsub.ts), once per event.
   */
  handOverTo(take: (event: T) => Taken): void;
}

/** What `take` did with an event: sent it, left it to the iterator, or asks to be asked again once this settles. */
export type Taken = boolean | PromiseLike<unknown>;

/** Whether a subscription's source stream can hand its events over. */
export function handsOver<T>(stream: object): stream is HandsOver<T> {
  return typeof (stream as Partial<HandsOver<T>>).handOverTo === 'function';
}

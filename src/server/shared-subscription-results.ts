import { createSourceEventStream, execute, subscribe, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { Kind } from 'graphql';
import { handsOver } from '../lib/hand-over';

/**
 * Subscription root fields whose answer to an event depends only on the event, the document and its
 * variables — never on who listens. A live session's events go to thousands of subscribers who
 * mostly sent the same document: the answer is worked out once per event and document, and every
 * one of them is sent that answer.
 */
const SHARED_FIELDS = new Set(['liveSessionEvents']);

/** The answers worked out, per event (the same object reaches every subscriber of this process) and per document with its variables. */
const answers = new WeakMap<object, Map<string, Promise<ExecutionResult> | ExecutionResult>>();

/**
 * Each answer as the end of a graphql-ws `next` frame (everything after the subscription's id), per
 * event and key; null for an answer with errors (those go through graphql-ws, which formats them).
 */
const frameEnds = new WeakMap<object, Map<string, string | null>>();

/** An answer as the end of its `next` frame; null when it has errors. */
function frameEndOf(result: ExecutionResult): string | null {
  return result.errors?.length ? null : `,"type":"next","payload":${JSON.stringify(result)}}`;
}

/** One subscriber of a shared operation: its sharing key, and how to send it a frame of its own. */
export interface SharedSubscriber {
  key: string;
  /** The subscription's id, as the client gave it. */
  id: string;
  /** Writes a frame to the subscriber's socket (nothing once it is closed). */
  send(frame: string): void;
}

/**
 * The key under which subscribers share answers, or null when this operation's answers must be
 * worked out for each subscriber: a subscription whose one root field is in SHARED_FIELDS.
 */
export function sharingKey(
  document: DocumentNode,
  query: string,
  variables: Record<string, unknown> | undefined,
  operationName?: string | null,
): string | null {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation || operation.operation !== 'subscription') return null;
  const fields = operation.selectionSet.selections;
  if (fields.length !== 1 || fields[0].kind !== Kind.FIELD || !SHARED_FIELDS.has(fields[0].name.value)) return null;
  return `${operationName ?? ''}\u0000${JSON.stringify(variables ?? {})}\u0000${query}`;
}

/**
 * graphql-js's subscribe, with the answer to each event shared by every subscriber of the same key.
 * When the source stream hands events over (src/lib/hand-over.ts), an event heard in order is sent
 * to the subscriber at once as a frame built from the shared answer's JSON — serialised once per
 * event, not once per subscriber; the rest go through graphql-ws as before.
 */
export async function subscribeSharing(
  args: ExecutionArgs,
  subscriber: SharedSubscriber | null,
): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  if (subscriber === null) return subscribe(args);
  const { key } = subscriber;
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in source)) return source;
  const events = source as AsyncIterableIterator<unknown>;
  const answer = (event: unknown): Promise<ExecutionResult> | ExecutionResult => {
    if (typeof event !== 'object' || event === null) return execute({ ...args, rootValue: event });
    let byKey = answers.get(event);
    if (!byKey) answers.set(event, (byKey = new Map<string, Promise<ExecutionResult> | ExecutionResult>()));
    let found = byKey.get(key);
    if (!found) byKey.set(key, (found = execute({ ...args, rootValue: event })));
    return found;
  };
  /** The frame's end for this event, or the promise of its answer while that is being worked out (type-graphql's resolvers answer asynchronously). */
  const frameEnd = (event: object): string | null | Promise<unknown> => {
    let byKey = frameEnds.get(event);
    if (!byKey) frameEnds.set(event, (byKey = new Map<string, string | null>()));
    const known = byKey.get(key);
    if (known !== undefined) return known;
    const found = answer(event);
    if (found instanceof Promise) {
      // A failed answer is left to graphql-ws, which reports it.
      return found.then(
        (settled) => byKey.set(key, frameEndOf(settled)),
        () => byKey.set(key, null),
      );
    }
    const end = frameEndOf(found);
    byKey.set(key, end);
    return end;
  };
  if (handsOver<unknown>(events)) {
    const framed = `{"id":${JSON.stringify(subscriber.id)}`;
    events.handOverTo((event) => {
      if (typeof event !== 'object' || event === null) return false;
      const end = frameEnd(event);
      if (end === null) return false;
      if (typeof end !== 'string') return end;
      subscriber.send(framed + end);
      return true;
    });
  }
  const shared: AsyncIterableIterator<ExecutionResult> = {
    [Symbol.asyncIterator]() {
      return shared;
    },
    async next(): Promise<IteratorResult<ExecutionResult>> {
      const next = await events.next();
      return next.done ? { done: true, value: undefined } : { done: false, value: await answer(next.value) };
    },
    async return(): Promise<IteratorResult<ExecutionResult>> {
      await events.return?.();
      return { done: true, value: undefined };
    },
    async throw(err: unknown): Promise<IteratorResult<ExecutionResult>> {
      await events.return?.();
      throw err;
    },
  };
  return shared;
}

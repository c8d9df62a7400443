import { createSourceEventStream, execute, subscribe, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { Kind } from 'graphql';

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

/** graphql-js's subscribe, with the answer to each event shared by every subscriber of the same key. */
export async function subscribeSharing(args: ExecutionArgs, key: string | null): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  if (key === null) return subscribe(args);
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

import type { EntityManager } from '@mikro-orm/postgresql';
import { runStatement, sql, type StatementPart } from '../sql';
import type { UnionToIntersection } from './pipeline';

/**
 * Loads, before pricing and in the caller's transaction, part of what the steps read (campaigns
 * live on the lines' SKUs, what the buyer holds). Its `query` is one JSON value over its module's
 * own tables, so every loader of a checkout reads in the same statement; `read` turns that JSON
 * into the steps' facts and may refuse with a DomainError (the checkout or preview then stops
 * there). `Request` is what the caller knows of the order.
 */
export interface PricingLoader<Request, Found extends object = object> {
  /** What it reads, as one JSON value; null when there is nothing to read for this request. */
  query(request: Request): StatementPart | null;
  /** The facts, from what `query` found (null when it had nothing to read). */
  read(found: unknown, request: Request): Found;
}

/** What a list of loaders (`L`: the union of their types) finds, together. */
export type LoadedBy<L> = UnionToIntersection<L extends PricingLoader<never, infer Found> ? Found : never>;

/** The loaders' queries, as parts of a statement the caller composes (with its own parts) and runs once. */
export function loaderParts<Request>(loaders: readonly PricingLoader<Request>[], request: Request): StatementPart[] {
  return loaders.map((l) => l.query(request) ?? { result: sql('null') });
}

/** What the loaders found, read in their order (each may refuse before the next reads), merged. */
export function readLoaded<Request, L extends PricingLoader<Request>>(loaders: readonly L[], found: readonly unknown[], request: Request): LoadedBy<L> {
  const loaded = {};
  loaders.forEach((l, i) => Object.assign(loaded, l.read(found[i], request)));
  return loaded as LoadedBy<L>;
}

/** Runs the loaders' queries as one statement, then reads what they found. */
export async function loadTogether<Request, L extends PricingLoader<Request>>(
  loaders: readonly L[],
  em: EntityManager,
  request: Request,
): Promise<LoadedBy<L>> {
  return readLoaded(loaders, await runStatement(em, loaderParts(loaders, request)), request);
}

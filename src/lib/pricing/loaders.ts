import type { EntityManager } from '@mikro-orm/postgresql';
import type { UnionToIntersection } from './pipeline';

/**
 * Loads, before pricing and in the caller's transaction, part of what the steps read (campaigns
 * live on the lines' SKUs, what the buyer holds). It may refuse with a DomainError: the checkout
 * or preview then stops there. `Request` is what the caller knows of the order.
 */
export type PricingLoader<Request> = (em: EntityManager, request: Request) => Promise<object>;

/** What a list of loaders (`L`: the union of their types) finds, together. */
export type LoadedBy<L> = UnionToIntersection<L extends PricingLoader<never> ? Awaited<ReturnType<L>> : never>;

/** Runs the loaders one after the other, in the order given (each may refuse before the next reads), and merges what they found. */
export async function loadInOrder<Request, L extends PricingLoader<Request>>(loaders: readonly L[], em: EntityManager, request: Request): Promise<LoadedBy<L>> {
  const loaded = {};
  for (const load of loaders) Object.assign(loaded, await load(em, request));
  return loaded as LoadedBy<L>;
}

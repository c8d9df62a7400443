import type { GraphQLResponse } from '@apollo/server';
import type { RequestContext } from '../lib/request-context';
import { throttleHeaders, type Throttled } from '../lib/throttle';
import { throttledError, type RateLimits } from './rate-limits';

/** `extensions.cost` of a response, in the shape of Shopify's. */
export interface QueryCost {
  requestedQueryCost: number;
  /** The cost charged: the requested cost (it is not recomputed from what was returned); null when refused. */
  actualQueryCost: number | null;
  throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}

const charged = new WeakMap<RequestContext, { cost: QueryCost; resetSeconds: number }>();

/** Whose bucket pays: the storefront app's; without a key, the signed-in account's (operators); else the address's. */
function bucketOf(ctx: RequestContext): string {
  if (ctx.storefront) return `app:${ctx.storefront.appId}`;
  if (ctx.viewer) return `account:${ctx.viewer.accountId}`;
  return `address:${ctx.clientAddress}`;
}

/**
 * Charges an operation's requested cost to its caller's bucket before it runs; refuses it with
 * THROTTLED (HTTP 429) when the bucket holds less. Every operation costs at least 1.
 */
export async function chargeOperation(limits: RateLimits, ctx: RequestContext, requestedQueryCost: number): Promise<void> {
  const cost = Math.max(1, requestedQueryCost);
  const spent = await limits.spendQueryCost(bucketOf(ctx), cost);
  if (!spent || !limits.settings) return;
  const { maximumAvailable, restoreRate } = limits.settings.queryCost;
  const report = {
    cost: {
      requestedQueryCost: cost,
      actualQueryCost: spent.allowed ? cost : null,
      throttleStatus: { maximumAvailable, currentlyAvailable: spent.available, restoreRate },
    },
    resetSeconds: spent.resetSeconds,
  };
  charged.set(ctx, report);
  if (!spent.allowed) {
    const refused: Throttled = {
      message: `This query costs ${cost}; ${spent.available} of ${maximumAvailable} are available`,
      limit: maximumAvailable,
      remaining: spent.available,
      retryAfter: spent.resetSeconds,
    };
    throw throttledError(refused);
  }
}

/** Puts the charge in `extensions.cost` and the RateLimit-* headers (unless a refusal already set them). */
export function reportCost(ctx: RequestContext, response: GraphQLResponse): void {
  const report = charged.get(ctx);
  if (!report) return;
  if (response.body.kind === 'single') response.body.singleResult.extensions = { ...response.body.singleResult.extensions, cost: report.cost };
  if (response.http.headers.has('ratelimit-limit')) return;
  const { maximumAvailable, currentlyAvailable } = report.cost.throttleStatus;
  for (const [name, value] of throttleHeaders({ message: '', limit: maximumAvailable, remaining: currentlyAvailable, retryAfter: report.resetSeconds })) {
    if (name !== 'retry-after') response.http.headers.set(name, value);
  }
}

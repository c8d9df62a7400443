import { Dependency } from './dependency';

/** Every rate limit, by the name the code asks for it; the server's RateLimits (src/server/rate-limits.ts) keeps their windows. */
export type LimitName =
  | 'signInPerLogin'
  | 'signInPerAddress'
  | 'registrationsPerAddress'
  | 'couponClaimsPerCustomer'
  | 'paymentCallbacksPerProvider'
  | 'signInCodesPerPhone'
  | 'signInCodesPerAddress'
  | 'queryCost';

/** A refusal, with what the 429 answer tells the client. */
export interface Throttled {
  message: string;
  /** The limit's points per window (RateLimit-Limit). */
  limit: number;
  /** Points left in the window (RateLimit-Remaining). */
  remaining: number;
  /** Whole seconds until the window resets (Retry-After, RateLimit-Reset); at least 1. */
  retryAfter: number;
}

export function throttleHeaders(t: Throttled): [string, string][] {
  return [
    ['retry-after', String(t.retryAfter)],
    ['ratelimit-limit', String(t.limit)],
    ['ratelimit-remaining', String(t.remaining)],
    ['ratelimit-reset', String(t.retryAfter)],
  ];
}

/** What the modules ask of the rate limits, shared by every process of the API. */
export interface RateLimiter {
  /**
   * Takes one point from each limit for its key, all in parallel (each still counts when another
   * refuses). Answers the refusal that lasts longest, or null when every limit allows it.
   */
  take(checks: [LimitName, string][]): Promise<Throttled | null>;
  /** As take, for GraphQL resolvers: a refusal is thrown as the top-level THROTTLED error (HTTP 429). */
  enforce(checks: [LimitName, string][]): Promise<void>;
  /** Forgets a key's count, e.g. a login's failed attempts once it signed in. */
  reset(name: LimitName, key: string): Promise<void>;
}

export const RATE_LIMITS = new Dependency<RateLimiter>('the rate limits');

import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import type { Logger } from 'pino';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRedis,
  RateLimiterRes,
  type IRateLimiterOptions,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Limit, RateLimitSettings } from '../config';
import { withApplicationName } from '../lib/application-name';
import { RATE_LIMIT_TABLE } from '../db/orm';
import { throttleHeaders, type LimitName, type RateLimiter, type Throttled } from '../lib/throttle';
import { rateLimitFallbacks, rateLimitRefusals } from './metrics';

const LIMITS: Record<LimitName, { prefix: string; refusal: string }> = {
  signInPerLogin: { prefix: 'sign-in-login', refusal: 'Too many sign-in attempts for this login' },
  signInPerAddress: { prefix: 'sign-in-address', refusal: 'Too many sign-in attempts from your address' },
  registrationsPerAddress: { prefix: 'registration-address', refusal: 'Too many registrations from your address' },
  couponClaimsPerCustomer: { prefix: 'coupon-claim', refusal: 'Too many coupon claims' },
  paymentCallbacksPerProvider: { prefix: 'payment-callback', refusal: 'Too many payment callbacks from your address' },
  signInCodesPerPhone: { prefix: 'sign-in-code-phone', refusal: 'Too many sign-in codes for this phone number' },
  signInCodesPerAddress: { prefix: 'sign-in-code-address', refusal: 'Too many sign-in codes asked for from your address' },
  queryCost: { prefix: 'query-cost', refusal: 'The query cost budget is spent' },
};

/** What one operation's query cost found in its bucket. */
export interface CostSpent {
  allowed: boolean;
  /** Points left in the bucket after this operation (before it, when refused). */
  available: number;
  /** Whole seconds until the bucket is full again. */
  resetSeconds: number;
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * Keys are stored hashed: the table then holds no login or address, and every key fits its
 * column whatever the client sent.
 */
const hashed = (key: string) => createHash('sha256').update(key).digest('base64url');

/** The top-level THROTTLED error: Apollo turns `extensions.http` into the 429 and its headers. */
export function throttledError(t: Throttled): GraphQLError {
  return new GraphQLError(`${t.message}: try again in ${t.retryAfter} s`, {
    extensions: { code: 'THROTTLED', retryAfter: t.retryAfter, http: { status: 429, headers: new Map(throttleHeaders(t)) } },
  });
}

/** Warns at most once a minute: a store that is down would otherwise log on every request. */
function warner(logger: Logger): (message: string, err?: unknown) => void {
  let last = 0;
  return (message, err) => {
    if (Date.now() - last < 60_000) return;
    last = Date.now();
    logger.warn({ err }, message);
  };
}

/** The insurance limiter: counts in this process's memory while the shared store fails, and says so. */
class FallbackLimiter extends RateLimiterMemory {
  constructor(
    options: IRateLimiterOptions,
    private readonly warn: (message: string) => void,
  ) {
    super(options);
  }

  consume(key: string | number, pointsToConsume?: number, options?: { [key: string]: unknown }) {
    rateLimitFallbacks.inc();
    this.warn('rate limits: the store failed, counting in this process meanwhile');
    return super.consume(key, pointsToConsume, options);
  }
}

/**
 * Every rate limit of the API, shared by all its processes: counters in the application's
 * PostgreSQL (RateLimiterPostgres on the table of the rate_limit migration), or in Redis when
 * REDIS_URL is set. Built once per process; the rest of the code asks for a limit by name.
 *
 * - A store that fails (down, slow past its timeout) falls back to counting in this process's
 *   memory (rate-limiter-flexible's insurance limiter), with a warning in the log.
 * - A key over its limit is refused from memory, without a round trip, until its window resets
 *   (`inMemoryBlockOnConsumed`).
 * - RATE_LIMITS=off: `RateLimits.off()`, which allows everything and reports no query cost.
 */
export class RateLimits implements RateLimiter {
  private readonly limiters = new Map<LimitName, RateLimiterAbstract>();
  /** Query-cost buckets known to be empty, until when: refused without a round trip. */
  private readonly emptyBuckets = new Map<string, number>();

  private constructor(
    readonly settings: RateLimitSettings | null,
    private readonly closeStore: () => Promise<void> = async () => undefined,
  ) {}

  static off(): RateLimits {
    return new RateLimits(null);
  }

  static open(settings: RateLimitSettings, databaseUrl: string, logger: Logger): RateLimits {
    if (!settings.enabled) return RateLimits.off();
    const warn = warner(logger);
    let store: (options: IRateLimiterOptions & { inMemoryBlockOnConsumed: number; insuranceLimiter: FallbackLimiter }) => RateLimiterAbstract;
    let closeStore: () => Promise<void>;
    if (settings.redisUrl) {
      // No offline queue: while Redis is unreachable a check fails at once, to the insurance limiter.
      const redis = new Redis(settings.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
      redis.on('error', (err) => warn('rate limits: Redis unreachable, counting in this process meanwhile', err));
      store = (options) => new RateLimiterRedis({ ...options, storeClient: redis, rejectIfRedisNotReady: true });
      closeStore = async () => void redis.disconnect();
    } else {
      // A pool of its own: checks never queue behind requests for the ORM's connections, and a
      // short statement timeout hands a stuck database over to the insurance limiter.
      const pool = new Pool({
        connectionString: withApplicationName(databaseUrl, 'rate-limits'),
        max: 4,
        connectionTimeoutMillis: 1000,
        statement_timeout: 1000,
      });
      pool.on('error', (err) => warn('rate limits: a PostgreSQL connection failed', err));
      store = (options) =>
        new RateLimiterPostgres({
          ...options,
          storeClient: pool,
          storeType: 'pool',
          tableName: RATE_LIMIT_TABLE,
          tableCreated: true,
          clearExpiredByTimeout: false,
        });
      // Expired rows are only overwritten when their key comes back: sweep them (every process
      // does; the statement is idempotent and uses the expire index).
      const sweep = setInterval(() => {
        pool
          .query(`delete from ${RATE_LIMIT_TABLE} where expire < $1`, [Date.now() - 60_000])
          .catch((err) => warn('rate limits: sweeping expired counters failed', err));
      }, 5 * 60_000);
      sweep.unref();
      closeStore = async () => {
        clearInterval(sweep);
        await pool.end();
      };
    }
    const limits = new RateLimits(settings, closeStore);
    const windows: Record<LimitName, Limit> = {
      signInPerLogin: settings.signInPerLogin,
      signInPerAddress: settings.signInPerAddress,
      registrationsPerAddress: settings.registrationsPerAddress,
      couponClaimsPerCustomer: settings.couponClaimsPerCustomer,
      paymentCallbacksPerProvider: settings.paymentCallbacksPerProvider,
      signInCodesPerPhone: settings.signInCodesPerPhone,
      signInCodesPerAddress: settings.signInCodesPerAddress,
      queryCost: { points: settings.queryCost.maximumAvailable, seconds: settings.queryCost.maximumAvailable / settings.queryCost.restoreRate },
    };
    for (const [name, { points, seconds: duration }] of Object.entries(windows) as [LimitName, Limit][]) {
      const options = { keyPrefix: LIMITS[name].prefix, points, duration };
      const insuranceLimiter = new FallbackLimiter(options, warn);
      // One point per attempt: a key past its limit is refused from memory for the rest of its
      // window. Not for query cost: a refused operation gives its points back (spendQueryCost).
      const inMemoryBlockOnConsumed = name === 'queryCost' ? 0 : points + 1;
      limits.limiters.set(name, store({ ...options, inMemoryBlockOnConsumed, insuranceLimiter }));
    }
    return limits;
  }

  get enabled(): boolean {
    return this.settings !== null;
  }

  private limiter(name: LimitName): RateLimiterAbstract {
    return this.limiters.get(name)!;
  }

  /**
   * Takes one point from each limit for its key, all in parallel (each still counts when another
   * refuses). Answers the refusal that lasts longest, or null when every limit allows it.
   */
  async take(checks: [LimitName, string][]): Promise<Throttled | null> {
    if (!this.enabled) return null;
    const results = await Promise.allSettled(checks.map(([name, key]) => this.limiter(name).consume(hashed(key))));
    let refused: Throttled | null = null;
    results.forEach((result, i) => {
      if (result.status === 'fulfilled') return;
      if (!(result.reason instanceof RateLimiterRes)) throw result.reason;
      const name = checks[i][0];
      rateLimitRefusals.inc({ limit: name });
      const t: Throttled = { message: LIMITS[name].refusal, limit: this.limiter(name).points, remaining: 0, retryAfter: seconds(result.reason.msBeforeNext) };
      if (!refused || t.retryAfter > refused.retryAfter) refused = t;
    });
    return refused;
  }

  /** As take, for GraphQL resolvers: a refusal is thrown as the top-level THROTTLED error (HTTP 429). */
  async enforce(checks: [LimitName, string][]): Promise<void> {
    const refused = await this.take(checks);
    if (refused) throw throttledError(refused);
  }

  /** Forgets a key's count, e.g. a login's failed attempts once it signed in. */
  async reset(name: LimitName, key: string): Promise<void> {
    if (this.enabled) await this.limiter(name).delete(hashed(key));
  }

  /**
   * Spends `cost` points of a query-cost bucket in one round trip. A refused operation costs
   * nothing: its points are given back (a second round trip, on refusals only). A bucket found
   * empty is refused from memory until its window resets.
   */
  async spendQueryCost(bucket: string, cost: number): Promise<CostSpent | null> {
    if (!this.enabled) return null;
    const key = hashed(bucket);
    const emptyUntil = this.emptyBuckets.get(key);
    if (emptyUntil !== undefined) {
      if (emptyUntil > Date.now()) {
        rateLimitRefusals.inc({ limit: 'queryCost' });
        return { allowed: false, available: 0, resetSeconds: seconds(emptyUntil - Date.now()) };
      }
      this.emptyBuckets.delete(key);
    }
    const limiter = this.limiter('queryCost');
    try {
      const res = await limiter.consume(key, cost);
      if (res.remainingPoints === 0) this.markEmpty(key, res.msBeforeNext);
      return { allowed: true, available: res.remainingPoints, resetSeconds: seconds(res.msBeforeNext) };
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      rateLimitRefusals.inc({ limit: 'queryCost' });
      await limiter.reward(key, cost);
      const available = Math.max(limiter.points - (err.consumedPoints - cost), 0);
      if (available === 0) this.markEmpty(key, err.msBeforeNext);
      return { allowed: false, available, resetSeconds: seconds(err.msBeforeNext) };
    }
  }

  private markEmpty(key: string, msBeforeNext: number): void {
    if (this.emptyBuckets.size >= 10_000) {
      for (const [k, until] of this.emptyBuckets) if (until <= Date.now()) this.emptyBuckets.delete(k);
    }
    this.emptyBuckets.set(key, Date.now() + msBeforeNext);
  }

  /** Closes the store's connections (Apollo's serverWillStop). */
  close(): Promise<void> {
    return this.closeStore();
  }
}

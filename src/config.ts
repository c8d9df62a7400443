import { resolve } from 'node:path';
import { parseOriginEntry } from './lib/origins';
import proxyaddr from 'proxy-addr';

/**
 * Every setting comes from the environment, is validated once at start and is typed here.
 * A bad value stops the process with a message naming the variable and what it accepts.
 */
export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Set: use that PostgreSQL server. Unset: start the embedded one. */
  databaseUrl: string | null;
  /**
   * Read replicas of DATABASE_URL (DATABASE_READ_URLS, comma-separated): public reads (the catalog's
   * listing, product pages and categories) go to one of them; writes, transactions and everything a
   * caller must read back at once stay on DATABASE_URL. Empty: every read goes to DATABASE_URL.
   */
  databaseReadUrls: string[];
  /** Where the embedded PostgreSQL keeps its data between starts. */
  dataDir: string;
  embeddedPgPort: number;
  /** Secret for signing access tokens (HS256); at least 32 characters. */
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /**
   * Load the demo catalog, storefront app, operator and customers into an empty database
   * (SEED_DEMO_DATA). Default: true, except in production with DATABASE_URL, where it is false and
   * asking for it is refused (the demo operator's password is published) unless
   * ALLOW_DEMO_DATA_IN_PRODUCTION=true says it is a benchmark or a demo.
   */
  seedDemoData: boolean;
  /**
   * Seconds between SIGTERM and closing the port (SHUTDOWN_DRAIN_SECONDS): /ready answers 503 at
   * once and the process keeps serving meanwhile, so a load balancer takes it out before it stops.
   */
  shutdownDrainSeconds: number;
  /**
   * The GraphQL IDE at GET /graphql (GRAPHQL_IDE). Default: on, except in production with
   * DATABASE_URL (a real deployment), where it is served only with GRAPHQL_IDE=true.
   */
  graphqlIde: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  maxQueryDepth: number;
  maxQueryCost: number;
  /** Aliased fields in one operation (fragments counted as often as they are spread). */
  maxQueryAliases: number;
  /** Fields at the root of one operation. */
  maxRootFields: number;
  /** Tokens in one GraphQL document: parsing stops there. */
  maxQueryTokens: number;
  /** Bytes of one GraphQL document. */
  maxDocumentBytes: number;
  /**
   * QUERY_LIMITS=off skips the checks an operation passes before it runs (limits, input bounds,
   * variable coercion ahead of execution), so `npm run bench` can print what they cost. Never in
   * production: without them a small query can stall the server.
   */
  queryLimits: boolean;
  dbPoolSize: number;
  /**
   * Seconds a pooled database connection may stay idle before it is closed (DB_POOL_IDLE_SECONDS).
   * A new connection is a cold PostgreSQL backend (its catalog caches empty, the checkout's
   * statements parsed and planned again), so connections are kept through the quiet minutes
   * before a flash slot opens or a host pins an item.
   */
  dbPoolIdleSeconds: number;
  /** GraphQL requests over HTTP one process runs at once (GRAPHQL_CONCURRENCY); later ones wait in arrival order (src/server/admission.ts). */
  graphqlConcurrency: number;
  /** Bytes of answers the response cache of public catalog reads may keep in this process; 0 = no cache. */
  responseCacheBytes: number;
  /** Shared secret of the sandbox payment provider: signs its callbacks and payment tokens; at least 32 characters. */
  paymentSandboxSecret: string;
  /**
   * Who sends the one-time codes of phone sign-in (SMS_PROVIDER): `sandbox` sends nothing and keeps
   * the last code of each phone for GET /sandbox/sms/<phone> (development and tests), `off` answers
   * SMS_UNAVAILABLE. Default: sandbox, except in production with DATABASE_URL (a real deployment),
   * where it is off and the sandbox is refused: whoever can read its codes can sign in as anyone.
   */
  smsProvider: 'sandbox' | 'off';
  /**
   * Browser origins of operator consoles: requests from them may carry no storefront key (an
   * operator signing in). Same rules as a storefront app's allowed origins; empty = none.
   */
  operatorConsoleOrigins: string[];
  /** Bearer token that /metrics requires; null = /metrics is not served (404). At least 16 characters. */
  metricsToken: string | null;
  /**
   * Which proxies in front of the API are trusted to name the client in X-Forwarded-For: none
   * (false, the socket's address is the client's), a hop count, or a list of addresses and subnets.
   */
  trustProxy: TrustProxy;
  rateLimits: RateLimitSettings;
  /**
   * Webhook URLs may name private, loopback and link-local hosts (WEBHOOKS_ALLOW_PRIVATE_URLS): for
   * a receiver on the developer's machine and for tests. Refused in production, where such URLs
   * would let a storefront app make the API call into its own network.
   */
  webhooksAllowPrivateUrls: boolean;
}

export type TrustProxy = false | number | string[];

/** At most `points` in a fixed window of `seconds`. */
export interface Limit {
  points: number;
  seconds: number;
}

export interface RateLimitSettings {
  /** RATE_LIMITS=off: no limit at all (load benchmarks and tests of other features, never production). */
  enabled: boolean;
  /** Set: the counters live in Redis; unset: in the application's PostgreSQL. */
  redisUrl: string | null;
  signInPerLogin: Limit;
  signInPerAddress: Limit;
  registrationsPerAddress: Limit;
  couponClaimsPerCustomer: Limit;
  paymentCallbacksPerProvider: Limit;
  /** Sign-in codes sent to one phone number. */
  signInCodesPerPhone: Limit;
  /** Sign-in codes asked for from one client address. */
  signInCodesPerAddress: Limit;
  /** The query-cost bucket of each storefront app (operators without a key: of each account). */
  queryCost: { maximumAvailable: number; restoreRate: number };
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be a whole number between ${min} and ${max}, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function oneOf<T extends string>(env: Env, name: string, fallback: T, allowed: readonly T[]): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

function origins(env: Env, name: string): string[] {
  const raw = env[name]?.trim();
  if (!raw) return [];
  return raw.split(',').map((entry, i) => {
    const parsed = parseOriginEntry(entry.trim());
    if ('refused' in parsed) throw new ConfigError(`${name}: entry ${i + 1} "${entry.trim()}" ${parsed.refused}`);
    return parsed.origin;
  });
}

/** SMS_PROVIDER: the sandbox reveals every code it sends, so a real deployment never runs it. */
function smsProvider(env: Env, realDeployment: boolean): 'sandbox' | 'off' {
  const provider = oneOf(env, 'SMS_PROVIDER', realDeployment ? 'off' : 'sandbox', ['sandbox', 'off'] as const);
  if (provider === 'sandbox' && realDeployment) {
    throw new ConfigError(
      'SMS_PROVIDER=sandbox with NODE_ENV=production and DATABASE_URL would let anyone read the sign-in code of any phone at /sandbox/sms: ' +
        'plug in a real SMS provider (docs/edge.md), or leave SMS_PROVIDER unset (off)',
    );
  }
  return provider;
}

/** `<points>/<seconds>`, e.g. `10/900`: at most 10 in any 15-minute window. */
function limit(env: Env, name: string, fallback: Limit): Limit {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(raw);
  const points = Number(match?.[1]);
  const seconds = Number(match?.[2]);
  if (!match || points < 1 || points > 1_000_000 || seconds < 1 || seconds > 86_400) {
    throw new ConfigError(`${name} must be <points>/<seconds> with 1-1000000 points in 1-86400 seconds, e.g. "10/900", got "${raw}"`);
  }
  return { points, seconds };
}

/** false (the default), a hop count, or addresses and subnets separated by commas (express's `trust proxy`). */
function trustProxy(env: Env): TrustProxy {
  const raw = env.TRUST_PROXY?.trim();
  if (!raw || /^(0|false|no|off)$/i.test(raw)) return false;
  if (/^(true|yes|on)$/i.test(raw)) {
    // Trusting every hop lets any client name its own address and escape every per-address limit.
    throw new ConfigError(
      'TRUST_PROXY must be false, the number of proxies in front of the API, or their addresses or subnets; "true" would trust addresses any client can forge',
    );
  }
  if (/^\d+$/.test(raw)) return int(env, 'TRUST_PROXY', 0, 0, 10);
  const subnets = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  try {
    proxyaddr.compile(subnets);
  } catch (err) {
    throw new ConfigError(
      `TRUST_PROXY must be false, a hop count (1-10) or addresses and subnets separated by commas (e.g. "10.0.0.0/8, loopback"): ${(err as Error).message}`,
    );
  }
  return subnets;
}

function rateLimits(env: Env, maxQueryCost: number): RateLimitSettings {
  const redisUrl = env.REDIS_URL?.trim() || null;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) throw new ConfigError(`REDIS_URL must be a redis:// or rediss:// URL, got "${redisUrl}"`);
  const restoreRate = int(env, 'RATE_LIMIT_QUERY_COST_PER_SECOND', 100_000, 1, 100_000_000);
  const maximumAvailable = int(env, 'RATE_LIMIT_QUERY_COST_MAXIMUM', 1_000_000, 1, 1_000_000_000);
  if (maximumAvailable % restoreRate !== 0) {
    // The bucket is a fixed window of maximum / rate seconds, and windows are whole seconds.
    throw new ConfigError(`RATE_LIMIT_QUERY_COST_MAXIMUM (${maximumAvailable}) must be a whole multiple of RATE_LIMIT_QUERY_COST_PER_SECOND (${restoreRate})`);
  }
  if (maximumAvailable < maxQueryCost) {
    throw new ConfigError(
      `RATE_LIMIT_QUERY_COST_MAXIMUM (${maximumAvailable}) must be at least MAX_QUERY_COST (${maxQueryCost}), or the costliest allowed query could never run`,
    );
  }
  return {
    enabled: bool(env, 'RATE_LIMITS', true),
    redisUrl,
    signInPerLogin: limit(env, 'RATE_LIMIT_SIGN_IN_PER_LOGIN', { points: 10, seconds: 900 }),
    signInPerAddress: limit(env, 'RATE_LIMIT_SIGN_IN_PER_ADDRESS', { points: 100, seconds: 900 }),
    registrationsPerAddress: limit(env, 'RATE_LIMIT_REGISTRATIONS_PER_ADDRESS', { points: 30, seconds: 3600 }),
    couponClaimsPerCustomer: limit(env, 'RATE_LIMIT_COUPON_CLAIMS_PER_CUSTOMER', { points: 20, seconds: 60 }),
    paymentCallbacksPerProvider: limit(env, 'RATE_LIMIT_PAYMENT_CALLBACKS', { points: 1200, seconds: 60 }),
    signInCodesPerPhone: limit(env, 'RATE_LIMIT_SIGN_IN_CODES_PER_PHONE', { points: 5, seconds: 3600 }),
    signInCodesPerAddress: limit(env, 'RATE_LIMIT_SIGN_IN_CODES_PER_ADDRESS', { points: 20, seconds: 3600 }),
    queryCost: { maximumAvailable, restoreRate },
  };
}

/** DATABASE_READ_URLS: replicas of the server DATABASE_URL names, so only with it (the embedded server has none). */
function readReplicas(env: Env, databaseUrl: string | null): string[] {
  const raw = env.DATABASE_READ_URLS?.trim();
  if (!raw) return [];
  if (!databaseUrl) throw new ConfigError('DATABASE_READ_URLS names replicas of DATABASE_URL: set DATABASE_URL too (the embedded PostgreSQL has no replicas)');
  return raw.split(',').map((entry, i) => {
    const url = entry.trim();
    if (!/^postgres(ql)?:\/\//.test(url)) throw new ConfigError(`DATABASE_READ_URLS: entry ${i + 1} must be a postgres:// or postgresql:// URL, got "${url}"`);
    return url;
  });
}

const DEV_JWT_SECRET = 'development-only-secret-change-me-in-production!';
const DEV_PAYMENT_SANDBOX_SECRET = 'development-only-sandbox-payment-secret-0000';

/**
 * Demo data in production with a real server loads an operator whose password is published: only
 * when asked for with SEED_DEMO_DATA=true and allowed by ALLOW_DEMO_DATA_IN_PRODUCTION=true.
 */
function seedDemoData(env: Env, realDeployment: boolean): boolean {
  const seed = bool(env, 'SEED_DEMO_DATA', !realDeployment);
  const allowed = bool(env, 'ALLOW_DEMO_DATA_IN_PRODUCTION', false);
  if (seed && realDeployment && !allowed) {
    throw new ConfigError(
      'SEED_DEMO_DATA=true with NODE_ENV=production and DATABASE_URL would load the demo operator, whose password is published: ' +
        'unset SEED_DEMO_DATA, or set ALLOW_DEMO_DATA_IN_PRODUCTION=true for a benchmark or a demo',
    );
  }
  return seed;
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = oneOf(env, 'NODE_ENV', 'development', ['development', 'production', 'test'] as const);
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(`DATABASE_URL must be a postgres:// or postgresql:// URL, got "${databaseUrl}"`);
  }
  const databaseReadUrls = readReplicas(env, databaseUrl);
  const jwtSecret = env.JWT_SECRET ?? DEV_JWT_SECRET;
  if (jwtSecret.length < 32) throw new ConfigError('JWT_SECRET must be at least 32 characters long');
  if (nodeEnv === 'production' && jwtSecret === DEV_JWT_SECRET && databaseUrl) {
    // The embedded database is a local trial; a real deployment must not sign tokens with a public secret.
    throw new ConfigError('JWT_SECRET must be set when NODE_ENV=production and DATABASE_URL points at a real server');
  }
  const paymentSandboxSecret = env.PAYMENT_SANDBOX_SECRET ?? DEV_PAYMENT_SANDBOX_SECRET;
  if (paymentSandboxSecret.length < 32) throw new ConfigError('PAYMENT_SANDBOX_SECRET must be at least 32 characters long');
  if (nodeEnv === 'production' && paymentSandboxSecret === DEV_PAYMENT_SANDBOX_SECRET && databaseUrl) {
    // Anyone who knows the public default could sign a callback and have any order marked paid.
    throw new ConfigError('PAYMENT_SANDBOX_SECRET must be set when NODE_ENV=production and DATABASE_URL points at a real server');
  }
  const metricsToken = env.METRICS_TOKEN?.trim() || null;
  if (metricsToken !== null && (metricsToken.length < 16 || /\s/.test(metricsToken))) {
    throw new ConfigError('METRICS_TOKEN must be at least 16 characters, without spaces (unset it to turn /metrics off)');
  }
  const maxQueryCost = int(env, 'MAX_QUERY_COST', 10000, 10, 1_000_000);
  // The embedded database is a local trial; production with DATABASE_URL is a real deployment.
  const realDeployment = nodeEnv === 'production' && databaseUrl !== null;
  const webhooksAllowPrivateUrls = bool(env, 'WEBHOOKS_ALLOW_PRIVATE_URLS', false);
  if (webhooksAllowPrivateUrls && nodeEnv === 'production') {
    throw new ConfigError('WEBHOOKS_ALLOW_PRIVATE_URLS=true is for development and tests: in production it would let webhooks reach the private network');
  }
  return {
    env: nodeEnv,
    port: int(env, 'PORT', 4000, 0, 65535),
    host: env.HOST?.trim() || '0.0.0.0',
    databaseUrl,
    databaseReadUrls,
    dataDir: resolve(env.DATA_DIR?.trim() || '.data'),
    embeddedPgPort: int(env, 'EMBEDDED_PG_PORT', 54329, 1, 65535),
    jwtSecret,
    accessTokenTtlSeconds: int(env, 'ACCESS_TOKEN_TTL_SECONDS', 15 * 60, 30, 24 * 3600),
    refreshTokenTtlSeconds: int(env, 'REFRESH_TOKEN_TTL_SECONDS', 30 * 24 * 3600, 60, 365 * 24 * 3600),
    seedDemoData: seedDemoData(env, realDeployment),
    shutdownDrainSeconds: int(env, 'SHUTDOWN_DRAIN_SECONDS', 5, 0, 300),
    graphqlIde: bool(env, 'GRAPHQL_IDE', !realDeployment),
    logLevel: oneOf(env, 'LOG_LEVEL', nodeEnv === 'test' ? 'silent' : 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
    maxQueryDepth: int(env, 'MAX_QUERY_DEPTH', 12, 2, 100),
    maxQueryCost,
    maxQueryAliases: int(env, 'MAX_QUERY_ALIASES', 30, 0, 1000),
    maxRootFields: int(env, 'MAX_ROOT_FIELDS', 20, 1, 1000),
    maxQueryTokens: int(env, 'MAX_QUERY_TOKENS', 5000, 100, 1_000_000),
    maxDocumentBytes: int(env, 'MAX_DOCUMENT_BYTES', 64 * 1024, 1024, 1024 * 1024),
    queryLimits: bool(env, 'QUERY_LIMITS', true),
    dbPoolSize: int(env, 'DB_POOL_SIZE', 10, 1, 200),
    dbPoolIdleSeconds: int(env, 'DB_POOL_IDLE_SECONDS', 600, 1, 86_400),
    graphqlConcurrency: int(env, 'GRAPHQL_CONCURRENCY', 32, 1, 10_000),
    responseCacheBytes: int(env, 'RESPONSE_CACHE_MB', 64, 0, 4096) * 1024 * 1024,
    paymentSandboxSecret,
    smsProvider: smsProvider(env, realDeployment),
    operatorConsoleOrigins: origins(env, 'OPERATOR_CONSOLE_ORIGINS'),
    metricsToken,
    trustProxy: trustProxy(env),
    rateLimits: rateLimits(env, maxQueryCost),
    webhooksAllowPrivateUrls,
  };
}

/** loadConfig for a process started from the command line: a bad setting ends it with exit code 2 and the message. */
export function loadConfigOrExit(env: Env = process.env): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
}

import { resolve } from 'node:path';
import { parseOriginEntry } from './lib/origins';

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
  /** Where the embedded PostgreSQL keeps its data between starts. */
  dataDir: string;
  embeddedPgPort: number;
  /** Secret for signing access tokens (HS256); at least 32 characters. */
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** Load the demo catalog, storefront app, operator and customers into an empty database. */
  seedDemoData: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  maxQueryDepth: number;
  maxQueryCost: number;
  dbPoolSize: number;
  /** Shared secret of the sandbox payment provider: signs its callbacks and payment tokens; at least 32 characters. */
  paymentSandboxSecret: string;
  /**
   * Browser origins of operator consoles: requests from them may carry no storefront key (an
   * operator signing in). Same rules as a storefront app's allowed origins; empty = none.
   */
  operatorConsoleOrigins: string[];
  /** Bearer token that /metrics requires; null = /metrics is not served (404). At least 16 characters. */
  metricsToken: string | null;
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

const DEV_JWT_SECRET = 'development-only-secret-change-me-in-production!';
const DEV_PAYMENT_SANDBOX_SECRET = 'development-only-sandbox-payment-secret-0000';

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = oneOf(env, 'NODE_ENV', 'development', ['development', 'production', 'test'] as const);
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(`DATABASE_URL must be a postgres:// or postgresql:// URL, got "${databaseUrl}"`);
  }
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
  return {
    env: nodeEnv,
    port: int(env, 'PORT', 4000, 0, 65535),
    host: env.HOST?.trim() || '0.0.0.0',
    databaseUrl,
    dataDir: resolve(env.DATA_DIR?.trim() || '.data'),
    embeddedPgPort: int(env, 'EMBEDDED_PG_PORT', 54329, 1, 65535),
    jwtSecret,
    accessTokenTtlSeconds: int(env, 'ACCESS_TOKEN_TTL_SECONDS', 15 * 60, 30, 24 * 3600),
    refreshTokenTtlSeconds: int(env, 'REFRESH_TOKEN_TTL_SECONDS', 30 * 24 * 3600, 60, 365 * 24 * 3600),
    seedDemoData: bool(env, 'SEED_DEMO_DATA', true),
    logLevel: oneOf(env, 'LOG_LEVEL', nodeEnv === 'test' ? 'silent' : 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
    maxQueryDepth: int(env, 'MAX_QUERY_DEPTH', 12, 2, 100),
    maxQueryCost: int(env, 'MAX_QUERY_COST', 10000, 10, 1_000_000),
    dbPoolSize: int(env, 'DB_POOL_SIZE', 10, 1, 200),
    paymentSandboxSecret,
    operatorConsoleOrigins: origins(env, 'OPERATOR_CONSOLE_ORIGINS'),
    metricsToken,
  };
}

/** What the environment asks of this benchmark run, read once. */

/** Seconds measured per run (BENCH_DURATION, default 10). */
export const DURATION_S = positiveNumber('BENCH_DURATION', 10);
/** Seconds of warm-up before each measured run, thrown away. */
export const WARMUP_S = 2;
/**
 * Seconds of warm-up before a scenario's first run against the API (BENCH_WARMUP_SECONDS, default 10; BENCH_WARMUP is the rush benches' count of warm-up orders):
 * long enough for V8 to have compiled the scenario's path. After 2 s, compiling still took a fifth
 * of a checkout's API CPU (docs/operations.md, 2026-12-07).
 */
export const FIRST_WARMUP_S = positiveNumber('BENCH_WARMUP_SECONDS', 10);
/** BENCH_ONLY=<text>: only the scenarios whose name contains it (what runs first always runs). */
export const ONLY = process.env.BENCH_ONLY?.trim() || null;
/** BENCH_FIRST=0: skip what runs first (the edge checks' comparison), when timing one scenario again and again. */
export const FIRST = process.env.BENCH_FIRST !== '0';
/**
 * BENCH_CONNECTIONS=1,16: these connection counts instead of each scenario's own, e.g. one
 * connection to read a request's CPU cost without the noise of concurrency.
 */
export const CONNECTIONS = connectionList(process.env.BENCH_CONNECTIONS);
/** Keeps idempotency keys, emails and ids unique across benchmarks on one database (DATABASE_URL). */
export const RUN_TAG = Date.now().toString(36);

/** How long a scenario's runs take, for tokens that must last through them. */
export function runsMs(runs: number): number {
  return (runs * (WARMUP_S + DURATION_S) + FIRST_WARMUP_S) * 1000;
}

function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`${name} must be a positive number of seconds, got "${raw}"`);
    process.exit(1);
  }
  return value;
}

function connectionList(raw: string | undefined): number[] | null {
  if (!raw?.trim()) return null;
  const counts = raw.split(',').map((part) => Number(part.trim()));
  if (counts.some((n) => !Number.isInteger(n) || n < 1)) {
    console.error(`BENCH_CONNECTIONS must be positive whole numbers separated by commas, got "${raw}"`);
    process.exit(1);
  }
  return counts;
}

import autocannon from 'autocannon';
import type { Api } from './api';
import { defaultFailure, requestOf, type Operation } from './operation';
import { DURATION_S, WARMUP_S } from './settings';

/** One run's figures: a row of the table. */
export interface Row {
  scenario: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  sqlPerRequest: number;
  errors: number;
  /** Why the errors count is not zero, for the report below the table. */
  notes: string[];
}

/** One run: an autocannon warm-up, then a measured autocannon run between two /metrics readings. */
export async function runOnce(api: Api, scenario: string, op: Operation, connections: number): Promise<Row> {
  const { headers, body } = requestOf(op);
  const failure = op.failure ?? defaultFailure;
  // Every response is checked, not a sample: autocannon buffers each body anyway, and a substring
  // test is cheap next to the request itself.
  let failures = new Map<string, number>();
  let firstError = '';
  const options = (duration: number): autocannon.Options => ({
    url: api.base,
    connections,
    duration,
    requests: [
      {
        method: 'POST',
        path: '/graphql',
        headers,
        body,
        // Each request its own variables and headers (another buyer, another SKU), when the operation
        // varies. Only then: a setupRequest key set to undefined would replace autocannon's default.
        ...(op.perRequest && {
          setupRequest: (req: autocannon.Request) => {
            const each = requestOf(op);
            return { ...req, headers: { ...req.headers, ...each.headers }, body: each.body };
          },
        }),
        onResponse: (status, text) => {
          const failed = failure(status, text);
          if (!failed) return;
          failures.set(failed, (failures.get(failed) ?? 0) + 1);
          if (!firstError) firstError = `HTTP ${status}: ${text.trim().slice(0, 300)}`;
        },
      },
    ],
  });

  // Warm-up: JIT, connection pools, PostgreSQL caches. Its counts are thrown away.
  await autocannon(options(WARMUP_S));
  failures = new Map();
  firstError = '';

  const before = await api.settledCounters();
  const result = await autocannon(options(DURATION_S));
  const after = await api.settledCounters();

  const operations = after.graphql - before.graphql;
  const notes: string[] = [];
  let failed = 0;
  for (const [kind, count] of failures) {
    notes.push(`${count} ${kind}`);
    failed += count;
  }
  if (result.errors) notes.push(`${result.errors} connection errors (${result.timeouts} timeouts)`);
  if (firstError) notes.push(`first: ${firstError}`);
  if (result.requests.total === 0) notes.push('no request completed');
  return {
    scenario,
    connections,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    sqlPerRequest: operations > 0 ? (after.sql - before.sql) / operations : NaN,
    errors: failed + result.errors + (result.requests.total === 0 ? 1 : 0),
    notes,
  };
}

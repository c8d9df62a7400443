import autocannon from 'autocannon';
import type { Api, Counters } from './api';
import { defaultFailure, requestOf, type Operation } from './operation';
import { processCpuMs, type DatabaseCpu } from './cpu';
import { DURATION_S, FIRST_WARMUP_S, WARMUP_S } from './settings';

/** What a run measured, whatever served it. */
export interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** Why the errors count is not zero, for the report below the table. */
  notes: string[];
  /** CPU milliseconds per request of the server process and of the database server (NaN when unknown). */
  cpu: { server: number; database: number };
}

/** One run's figures against the API: a row of the table, with its floor's when the scenario has one. */
export interface Row extends Figures {
  scenario: string;
  connections: number;
  sqlPerRequest: number;
  /** The same work served raw, run right after at the same connections (see Floor). */
  floor?: Figures;
}

/** The HTTP requests of a run: POSTs to `base` + `path`, every answer judged by `failure`. */
export interface HttpLoad {
  base: string;
  path: string;
  /** The headers and body of a request; called once per request when `varies`, else once. */
  request(): { headers: Record<string, string>; body: string };
  varies: boolean;
  /** null for a success, else what kind of failure it is ("responses without ..."). */
  failure(status: number, text: string): string | null;
  /** The serving process, whose CPU per request is measured; and the database's CPU so far. */
  serverPid?: number;
  databaseCpu?: DatabaseCpu;
}

/** The requests of a GraphQL operation against the API. */
export function graphqlLoad(api: Api, op: Operation): HttpLoad {
  return {
    base: api.base,
    path: '/graphql',
    request: () => requestOf(op),
    varies: op.perRequest !== undefined,
    failure: op.failure ?? defaultFailure,
    serverPid: api.pid,
    databaseCpu: api.databaseCpu,
  };
}

/** One run against the API: its figures and the SQL statements per GraphQL operation from its /metrics. */
export async function runOnce(api: Api, scenario: string, op: Operation, connections: number, first = false): Promise<Row> {
  const read: Counters[] = [];
  const measure = async () => void read.push(await api.settledCounters());
  const figures = await runLoad(graphqlLoad(api, op), connections, measure, first ? FIRST_WARMUP_S : WARMUP_S);
  const [before, after] = read;
  const operations = after.graphql - before.graphql;
  return { scenario, connections, ...figures, sqlPerRequest: operations > 0 ? (after.sql - before.sql) / operations : NaN };
}

/**
 * One run: an autocannon warm-up of `warmUpS` seconds, then a measured autocannon run; `measure` is
 * called just before and just after the measured one (e.g. to read the server's counters).
 */
export async function runLoad(load: HttpLoad, connections: number, measure?: () => Promise<void>, warmUpS = WARMUP_S): Promise<Figures> {
  const { headers, body } = load.request();
  // Every response is checked, not a sample: autocannon buffers each body anyway, and a substring
  // test is cheap next to the request itself.
  let failures = new Map<string, number>();
  let firstError = '';
  const options = (duration: number): autocannon.Options => ({
    url: load.base,
    connections,
    duration,
    requests: [
      {
        method: 'POST',
        path: load.path,
        headers,
        body,
        // Each request its own body and headers (another buyer, another SKU), when the load
        // varies. Only then: a setupRequest key set to undefined would replace autocannon's default.
        ...(load.varies && {
          setupRequest: (req: autocannon.Request) => {
            const each = load.request();
            return { ...req, headers: { ...req.headers, ...each.headers }, body: each.body };
          },
        }),
        onResponse: (status, text) => {
          const failed = load.failure(status, text);
          if (!failed) return;
          failures.set(failed, (failures.get(failed) ?? 0) + 1);
          if (!firstError) firstError = `HTTP ${status}: ${text.trim().slice(0, 300)}`;
        },
      },
    ],
  });

  // Warm-up: JIT, connection pools, PostgreSQL caches. Its counts are thrown away.
  await autocannon(options(warmUpS));
  failures = new Map();
  firstError = '';

  await measure?.();
  const serverBefore = processCpuMs(load.serverPid);
  const databaseBefore = load.databaseCpu?.read() ?? new Map<number, number>();
  const result = await autocannon(options(DURATION_S));
  const serverSpent = processCpuMs(load.serverPid) - serverBefore;
  const databaseSpent = load.databaseCpu?.spentSince(databaseBefore) ?? NaN;
  await measure?.();
  const served = Math.max(result.requests.total, 1);

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
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: failed + result.errors + (result.requests.total === 0 ? 1 : 0),
    notes,
    cpu: { server: serverSpent / served, database: databaseSpent / served },
  };
}

/**
 * `npm run bench`: starts the built API the way a user would (production mode, demo data), drives
 * it with autocannon and prints throughput, latency and SQL statements per request for each scenario.
 *
 * Environment:
 *   BENCH_DURATION  seconds measured per run (default 10); a 2 s warm-up precedes each run.
 *   DATABASE_URL    use that PostgreSQL server; without it the app's embedded PostgreSQL is started
 *                   in a fresh temporary data directory, deleted afterwards.
 *
 * Exit code 0 when every scenario ran without errors, 1 otherwise.
 * To add a scenario (e.g. checkout), add one entry to SCENARIOS.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { cpus, platform, release, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { DEMO } from '../src/db/demo-data';

const ROOT = resolve(__dirname, '..', '..'); // dist/bench/run.js → project root
const DURATION_S = positiveNumber('BENCH_DURATION', 10);
const WARMUP_S = 2;
const START_TIMEOUT_MS = 180_000; // first start runs initdb, migrations and seeding
const STOP_TIMEOUT_MS = 20_000;
const STOREFRONT_HEADERS = { 'content-type': 'application/json', 'x-storefront-key': DEMO.storefrontPublicKey };

// ---------------------------------------------------------------------------------------------
// Scenarios: one entry each. `operation` is resolved once, before the runs, so a scenario can
// look up real ids/slugs through the API first instead of hard-coding them.
// ---------------------------------------------------------------------------------------------

interface Operation {
  query: string;
  variables?: Record<string, unknown>;
  /** Extra headers (e.g. Authorization for a signed-in scenario), on top of the storefront key. */
  headers?: Record<string, string>;
}

interface Scenario {
  name: string;
  connections: number[];
  operation(api: Api): Promise<Operation>;
}

const LISTING = `query { products(first: 20) { nodes { id name slug status priceRange { min { amount currencyCode } max { amount } } images { url altText } category { id name } skus { id code specs { name value } price { amount currencyCode } memberPrice { amount } inStock } } } }`;
const PRODUCT_PAGE = `query($slug: String) { product(slug: $slug) { id name description status images { url } category { name } skus { id code specs { name value } price { amount } memberPrice { amount } inStock } } }`;

const SCENARIOS: Scenario[] = [
  {
    name: 'listing',
    connections: [16, 64],
    operation: async () => ({ query: LISTING }),
  },
  {
    name: 'product page',
    connections: [16, 64],
    operation: async (api) => {
      // A real on-sale product from the seeded catalog, found the way a storefront would.
      const data = await api.graphql<{ products: { nodes: { slug: string; status: string }[] } }>({
        query: 'query { products(first: 20, filter: { statuses: [ON_SALE] }) { nodes { slug status } } }',
      });
      const product = data.products.nodes.find((p) => p.status === 'ON_SALE');
      if (!product) throw new Error('no ON_SALE product in the first page of products: is the demo data loaded?');
      return { query: PRODUCT_PAGE, variables: { slug: product.slug } };
    },
  },
];

// ---------------------------------------------------------------------------------------------
// The API under test, as a child process.
// ---------------------------------------------------------------------------------------------

class Api {
  readonly base: string;
  /** The last lines the child printed, for error messages. */
  private tail: string[] = [];
  /** Lines printed during the runs: with LOG_LEVEL=warn, warnings or errors worth a look. */
  logLinesDuringRuns = 0;
  /** Set when the runs begin, so the start-up banner is not counted as log lines. */
  running = false;
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    private readonly embedded: boolean,
  ) {
    this.base = `http://127.0.0.1:${port}`;
    this.exited = new Promise((done) => child.once('exit', () => done()));
  }

  static async start(env: NodeJS.ProcessEnv, port: number): Promise<Api> {
    const child = spawn(process.execPath, ['dist/src/main.js'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const api = new Api(child, port, !env.DATABASE_URL?.trim());
    let ready = false;
    await new Promise<void>((resolveReady, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the API did not print "ready:" within ${START_TIMEOUT_MS / 1000} s. Last output:\n${api.lastOutput()}`)),
        START_TIMEOUT_MS,
      );
      const onLine = (line: string) => {
        if (!line.trim()) return;
        api.tail.push(line);
        if (api.tail.length > 40) api.tail.shift();
        if (api.running) api.logLinesDuringRuns++;
        else if (!ready && line.includes('ready:')) {
          ready = true;
          clearTimeout(timer);
          resolveReady();
        }
      };
      lines(child.stdout!, onLine);
      lines(child.stderr!, onLine);
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (!ready) reject(new Error(`the API exited (${signal ?? `code ${code}`}) before it was ready. Output:\n${api.lastOutput()}`));
      });
    });
    return api;
  }

  /** null while running. */
  exitCode(): number | string | null {
    return this.child.exitCode ?? this.child.signalCode;
  }

  lastOutput(n = 20): string {
    return this.tail.slice(-n).map((l) => `  | ${l}`).join('\n') || '  (nothing)';
  }

  /** SIGINT lets the app stop the embedded PostgreSQL cleanly; SIGKILL only if it hangs. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGINT');
    const timedOut = await Promise.race([this.exited.then(() => false), sleep(STOP_TIMEOUT_MS).then(() => true)]);
    if (timedOut) {
      // Not a benchmark failure, but worth seeing: a deployment's SIGTERM would hang the same way.
      console.error(
        `\nWarning: the API did not exit within ${STOP_TIMEOUT_MS / 1000} s of SIGINT; killed it with SIGKILL` +
          (this.embedded ? ' (its embedded PostgreSQL may be left running).' : '.'),
      );
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }

  /** One GraphQL request with the storefront key; throws on HTTP or GraphQL errors. */
  async graphql<T>(op: Operation): Promise<T> {
    const res = await this.request('POST', '/graphql', { ...STOREFRONT_HEADERS, ...op.headers }, JSON.stringify({ query: op.query, variables: op.variables }));
    let body: { data?: T; errors?: { message: string }[] };
    try {
      body = JSON.parse(res.text);
    } catch {
      throw new Error(`HTTP ${res.status}, not JSON: ${res.text.slice(0, 300)}`);
    }
    if (res.status !== 200 || body.errors?.length || !body.data) {
      throw new Error(`HTTP ${res.status}: ${body.errors?.map((e) => e.message).join('; ') ?? res.text.slice(0, 300)}`);
    }
    return body.data;
  }

  /**
   * A request on a connection of its own (agent: false). A pooled keep-alive connection that sat
   * idle through a run can be closed by the server (keepAliveTimeout 5 s) just as it is reused,
   * and the request then fails with a reset that has nothing to do with the API.
   */
  request(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; text: string }> {
    return new Promise((done, fail) => {
      const req = httpRequest(`${this.base}${path}`, { method, headers, agent: false, timeout: 30_000 }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done({ status: res.statusCode ?? 0, text }));
        res.on('error', fail);
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within 30 s`)));
      req.on('error', (err) => fail(new Error(`${method} ${path}: ${err.message}`)));
      req.end(body);
    });
  }

  /** The two counters the SQL-per-request figure needs, from the Prometheus text at /metrics. */
  async counters(): Promise<{ sql: number; graphql: number }> {
    const res = await this.request('GET', '/metrics');
    if (res.status !== 200) throw new Error(`GET /metrics: HTTP ${res.status}`);
    const text = res.text;
    let sql = NaN;
    let graphql = 0;
    for (const line of text.split('\n')) {
      const m = /^(sql_statements_total|graphql_requests_total)(\{[^}]*\})? ([\d.e+-]+)$/.exec(line);
      if (!m) continue;
      if (m[1] === 'sql_statements_total') sql = Number(m[3]);
      else graphql += Number(m[3]); // summed over every operation and outcome label
    }
    if (Number.isNaN(sql)) throw new Error('GET /metrics has no sql_statements_total');
    return { sql, graphql };
  }

  /**
   * Counters once the server is idle. When autocannon stops, requests already sent are still
   * being answered; reading too early would leave them out of one run and count them in the next.
   */
  async settledCounters(): Promise<{ sql: number; graphql: number }> {
    let last = await this.counters();
    for (let i = 0; i < 50; i++) {
      await sleep(100);
      const now = await this.counters();
      if (now.graphql === last.graphql && now.sql === last.sql) return now;
      last = now;
    }
    return last;
  }
}

// ---------------------------------------------------------------------------------------------
// One run: warm-up, then a measured autocannon run between two /metrics readings.
// ---------------------------------------------------------------------------------------------

interface Row {
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

async function runOnce(api: Api, scenario: string, op: Operation, connections: number): Promise<Row> {
  const body = JSON.stringify({ query: op.query, variables: op.variables });
  const headers = { ...STOREFRONT_HEADERS, ...op.headers };
  // Every response is checked, not a sample: autocannon buffers each body anyway, and a substring
  // test is cheap next to the request itself.
  let non200 = 0;
  let graphqlErrors = 0;
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
        onResponse: (status, text) => {
          if (status !== 200) non200++;
          else if (text.includes('"errors"')) graphqlErrors++;
          else return;
          if (!firstError) firstError = `HTTP ${status}: ${text.trim().slice(0, 300)}`;
        },
      },
    ],
  });

  // Warm-up: JIT, connection pools, PostgreSQL caches. Its counts are thrown away.
  await autocannon(options(WARMUP_S));
  non200 = graphqlErrors = 0;
  firstError = '';

  const before = await api.settledCounters();
  const result = await autocannon(options(DURATION_S));
  const after = await api.settledCounters();

  const operations = after.graphql - before.graphql;
  const notes: string[] = [];
  if (non200) notes.push(`${non200} non-200 responses`);
  if (graphqlErrors) notes.push(`${graphqlErrors} responses with "errors"`);
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
    errors: non200 + graphqlErrors + result.errors + (result.requests.total === 0 ? 1 : 0),
    notes,
  };
}

// ---------------------------------------------------------------------------------------------
// Main: start, check each scenario once, run, print, always clean up.
// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  // What cleanup must undo; an object so the SIGINT handler sees what exists at that moment.
  const started: { api: Api | null; dataDir: string | null } = { api: null, dataDir: null };
  // One shared promise: after a Ctrl-C, main's own `finally` waits for the same cleanup, not a no-op.
  let cleaning: Promise<void> | null = null;
  const cleanup = () =>
    (cleaning ??= (async () => {
      if (started.api) await started.api.stop();
      if (started.dataDir) await rm(started.dataDir, { recursive: true, force: true });
    })());
  // Ctrl-C during a run: still stop the API (and its PostgreSQL) and delete the data directory.
  process.once('SIGINT', () => {
    console.error('\nInterrupted: stopping the API.');
    void cleanup().finally(() => process.exit(130));
  });

  try {
    const [port, pgPort] = await freePorts(2);
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', PORT: String(port), SEED_DEMO_DATA: 'true', LOG_LEVEL: 'warn' };
    let database: string;
    if (process.env.DATABASE_URL?.trim()) {
      // Production with a real server requires a real secret; any 32+ characters do for a benchmark.
      env.JWT_SECRET = process.env.JWT_SECRET || 'bench-only-jwt-secret-0123456789abcdef';
      database = 'PostgreSQL at DATABASE_URL';
    } else {
      // 0755: as root, the embedded PostgreSQL runs as the "postgres" user, which must enter this directory.
      const dataDir = (started.dataDir = await mkdtemp(join(tmpdir(), 'commerce-bench-')));
      await chmod(dataDir, 0o755);
      env.DATA_DIR = dataDir;
      env.EMBEDDED_PG_PORT = String(pgPort);
      database = `embedded PostgreSQL (port ${pgPort}, data in ${dataDir})`;
    }

    const cpu = cpus();
    console.log(`Benchmark  ${new Date().toISOString()}`);
    console.log(`Machine    ${cpu.length} cores, ${cpu[0]?.model.trim() ?? 'unknown CPU'}; ${platform()} ${release()}`);
    console.log(`Node       ${process.version}`);
    console.log(`Database   ${database}`);
    console.log(`Runs       ${WARMUP_S} s warm-up + ${DURATION_S} s measured each; autocannon shares the machine with the API\n`);

    const t0 = Date.now();
    process.stdout.write('Starting the API... ');
    const api = (started.api = await Api.start(env, port));
    console.log(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s at ${api.base}`);

    const rows: Row[] = [];
    api.running = true;
    for (const scenario of SCENARIOS) {
      let op: Operation;
      try {
        op = await scenario.operation(api);
        await api.graphql(op); // one request first: a broken query fails here, clearly, not as 10 s of errors
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        console.log(`  ${scenario.name}: FAILED before the run: ${message}`);
        for (const connections of scenario.connections) {
          rows.push({ scenario: scenario.name, connections, rps: NaN, p50: NaN, p99: NaN, sqlPerRequest: NaN, errors: 1, notes: [`check request failed: ${message}`] });
        }
        continue;
      }
      for (const connections of scenario.connections) {
        process.stdout.write(`  ${scenario.name}, ${connections} connections... `);
        const row = await runOnce(api, scenario.name, op, connections);
        rows.push(row);
        console.log(row.errors ? `FAILED (${row.errors} errors)` : `${Math.round(row.rps)} req/s`);
      }
    }

    console.log('');
    printTable(rows);
    const failed = rows.filter((r) => r.errors > 0);
    for (const r of failed) console.log(`FAILED ${r.scenario} @ ${r.connections}: ${r.notes.join('; ')}`);
    if (api.logLinesDuringRuns) {
      console.log(`\nThe API logged ${api.logLinesDuringRuns} lines at LOG_LEVEL=warn during the runs; the last ones:\n${api.lastOutput(5)}`);
    }
    console.log(failed.length ? `\n${failed.length} of ${rows.length} runs had errors.` : `\nAll ${rows.length} runs completed without errors.`);
    return failed.length ? 1 : 0;
  } catch (err) {
    // Say what the API printed last: a crash there is the usual reason a request failed here.
    const api = started.api;
    if (api) console.error(`\nThe API's last output:\n${api.lastOutput()}${api.exitCode() !== null ? `\n(it has exited: ${api.exitCode()})` : ''}`);
    throw err;
  } finally {
    await cleanup();
  }
}

function printTable(rows: Row[]): void {
  const fixed = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
  const table = [
    ['scenario', 'connections', 'req/s (avg)', 'p50 ms', 'p99 ms', 'SQL/request', 'errors'],
    ...rows.map((r) => [r.scenario, String(r.connections), fixed(r.rps, 1), fixed(r.p50, 0), fixed(r.p99, 0), fixed(r.sqlPerRequest, 2), String(r.errors)]),
  ];
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  const line = (row: string[]) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  console.log(line(table[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of table.slice(1)) console.log(line(row));
}

// ---------------------------------------------------------------------------------------------
// Small helpers.
// ---------------------------------------------------------------------------------------------

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

/** Ports the OS says are free; all held open together so the same one is not handed out twice. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<ReturnType<typeof createServer>>((ok, fail) => {
      const server = createServer();
      server.once('error', fail);
      server.listen(0, '127.0.0.1', () => ok(server));
    })),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((done) => s.close(done))));
  return ports;
}

function lines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    parts.forEach(onLine);
  });
  stream.on('end', () => buffered && onLine(buffered));
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

main().then(
  (code) => process.exit(code),
  (err) => {
    const cause = err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : '';
    console.error(`\nBenchmark failed: ${err instanceof Error ? err.message : String(err)}${cause}`);
    process.exit(1);
  },
);

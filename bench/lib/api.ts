import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { request as httpRequestOf } from 'node:http';
import { resolve } from 'node:path';
import { databaseCpu, NO_DATABASE_CPU, type DatabaseCpu } from './cpu';
import { STOREFRONT_HEADERS, type Operation } from './operation';

const ROOT = resolve(__dirname, '..', '..', '..'); // dist/bench/lib/api.js → project root
const START_TIMEOUT_MS = 180_000; // first start runs initdb, migrations and seeding
const STOP_TIMEOUT_MS = 20_000;
/** Every API started here requires it at /metrics. */
const METRICS_TOKEN = createHash('sha256').update(`bench-metrics-${process.pid}-${Date.now()}`).digest('hex');

export interface Counters {
  sql: number;
  graphql: number;
  operations: Map<string, number>;
}

/** The built API under test (dist/src/main.js), as a child process. */
export class Api {
  /** Every API started here and not stopped yet, in start order: what an interrupted run must stop. */
  private static readonly live = new Set<Api>();
  readonly base: string;
  /** The API's database, for scenarios that write their data set straight into it. */
  readonly databaseUrl: string;
  /** The database server's CPU (bench/lib/cpu.ts); set once the API is ready. */
  databaseCpu: DatabaseCpu = NO_DATABASE_CPU;
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
    /** What it was started with, for another process alike. */
    readonly env: NodeJS.ProcessEnv,
    private readonly embedded: boolean,
    databaseUrl: string,
  ) {
    this.base = `http://127.0.0.1:${port}`;
    this.databaseUrl = databaseUrl;
    this.exited = new Promise((done) => child.once('exit', () => done()));
  }

  /** The API's process id, for its CPU per request. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Starts the API on `port` and waits until it prints "ready:". */
  static async start(env: NodeJS.ProcessEnv, port: number): Promise<Api> {
    // BENCH_API_NODE_ARGS: Node options for the API alone, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it under the bench's load.
    const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, 'dist/src/main.js'], { cwd: ROOT, env: { ...env, METRICS_TOKEN }, stdio: ['ignore', 'pipe', 'pipe'] });
    const external = env.DATABASE_URL?.trim();
    // The embedded server's credentials and database name are the app's (src/db/embedded.ts, database.ts).
    const api = new Api(child, port, env, !external, external || `postgresql://postgres:postgres@127.0.0.1:${env.EMBEDDED_PG_PORT}/commerce`);
    Api.live.add(api);
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
      lines(child.stdout, onLine);
      lines(child.stderr, onLine);
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (!ready) reject(new Error(`the API exited (${signal ?? `code ${code}`}) before it was ready. Output:\n${api.lastOutput()}`));
      });
    });
    api.databaseCpu = await databaseCpu(api.databaseUrl);
    return api;
  }

  /** null while running. */
  exitCode(): number | string | null {
    return this.child.exitCode ?? this.child.signalCode;
  }

  lastOutput(n = 20): string {
    return (
      this.tail
        .slice(-n)
        .map((l) => `  | ${l}`)
        .join('\n') || '  (nothing)'
    );
  }

  /** Stops every API still running, the last started first: the first one may hold the others' embedded database. */
  static async stopAll(): Promise<void> {
    for (const api of [...Api.live].reverse()) await api.stop();
  }

  /** SIGINT lets the app stop the embedded PostgreSQL cleanly; SIGKILL only if it hangs. */
  async stop(): Promise<void> {
    Api.live.delete(this);
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

  /** One GraphQL request, with the storefront key unless told otherwise; throws on HTTP or GraphQL errors. */
  async graphql<T>(op: Operation, options: { storefrontKey?: boolean } = {}): Promise<T> {
    const headers = options.storefrontKey === false ? { 'content-type': 'application/json', ...op.headers } : { ...STOREFRONT_HEADERS, ...op.headers };
    const res = await this.request('POST', '/graphql', headers, JSON.stringify({ query: op.query, variables: op.variables }));
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

  /** A request to this API on a connection of its own (see httpRequest). */
  request(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; text: string }> {
    return httpRequest(this.base, method, path, headers, body);
  }

  /** The Prometheus text at /metrics. */
  async metrics(): Promise<string> {
    const res = await this.request('GET', '/metrics', { authorization: `Bearer ${METRICS_TOKEN}` });
    if (res.status !== 200) throw new Error(`GET /metrics: HTTP ${res.status}`);
    return res.text;
  }

  /**
   * The two counters the SQL-per-request figure needs, from the Prometheus text at /metrics, and
   * the GraphQL operations by name (every outcome).
   */
  async counters(): Promise<Counters> {
    const text = await this.metrics();
    let sql = NaN;
    let graphql = 0;
    const operations = new Map<string, number>();
    for (const line of text.split('\n')) {
      const m = /^(sql_statements_total|graphql_requests_total)(\{[^}]*\})? ([\d.e+-]+)$/.exec(line);
      if (!m) continue;
      if (m[1] === 'sql_statements_total') sql = Number(m[3]);
      else {
        graphql += Number(m[3]); // summed over every operation and outcome label
        const operation = /operation="([^"]*)"/.exec(m[2] ?? '')?.[1];
        if (operation !== undefined) operations.set(operation, (operations.get(operation) ?? 0) + Number(m[3]));
      }
    }
    if (Number.isNaN(sql)) throw new Error('GET /metrics has no sql_statements_total');
    return { sql, graphql, operations };
  }

  /**
   * Counters once the server is idle. When autocannon stops, requests already sent are still
   * being answered; reading too early would leave them out of one run and count them in the next.
   */
  async settledCounters(): Promise<Counters> {
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

/**
 * A request on a connection of its own (agent: false). A pooled keep-alive connection that sat
 * idle through a run can be closed by the server (keepAliveTimeout 5 s) just as it is reused,
 * and the request then fails with a reset that has nothing to do with the server.
 */
export function httpRequest(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((done, fail) => {
    const req = httpRequestOf(`${base}${path}`, { method, headers, agent: false, timeout: 30_000 }, (res) => {
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

/** Calls onLine with each line a child prints. */
export function lines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
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

export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

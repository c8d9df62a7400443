import { rm } from 'node:fs/promises';
import { cpus, platform, release } from 'node:os';
import { Api } from './api';
import { tempDataDir } from './database';
import { FloorProcess } from './floors/process';
import { runLoad, runOnce, type HttpLoad, type Row } from './load';
import { defaultFailure, requestOf, type Operation } from './operation';
import { freePorts } from './ports';
import { printTable, seconds } from './print';
import type { Check, Comparison, Floor, Scenario } from './scenario';
import { CONNECTIONS, DURATION_S, FIRST, FIRST_WARMUP_S, ONLY, WARMUP_S } from './settings';

export interface Bench {
  /** Run first, whatever BENCH_ONLY says. */
  first: Comparison[];
  /** In this order; BENCH_ONLY picks among them by name. */
  scenarios: Scenario[];
  /** After all runs and the table. */
  checks: Check[];
}

/** Runs the bench and exits the process: 0 when every run had no errors and every check passed. */
export function runBench(bench: Bench): void {
  main(bench).then(
    (code) => process.exit(code),
    (err) => {
      const cause = err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : '';
      console.error(`\nBenchmark failed: ${err instanceof Error ? err.message : String(err)}${cause}`);
      process.exit(1);
    },
  );
}

/** Start the API, check each scenario once, run, print, always clean up. */
async function main(bench: Bench): Promise<number> {
  // The data directory cleanup must delete (the APIs it stops are Api's own list) and the API whose
  // output explains a failure; an object so the SIGINT handler sees what exists at that moment.
  const started: { api: Api | null; dataDir: string | null } = { api: null, dataDir: null };
  // One shared promise: after a Ctrl-C, main's own `finally` waits for the same cleanup, not a no-op.
  let cleaning: Promise<void> | null = null;
  const cleanup = () =>
    (cleaning ??= (async () => {
      await FloorProcess.stopAll();
      await Api.stopAll();
      if (started.dataDir) await rm(started.dataDir, { recursive: true, force: true });
    })());
  // Ctrl-C during a run: still stop the APIs (the first one with its PostgreSQL) and delete the data directory.
  let interrupted = false;
  process.once('SIGINT', () => {
    interrupted = true;
    console.error('\nInterrupted: stopping the API.');
    void cleanup().finally(() => process.exit(130));
  });

  try {
    const [port, pgPort] = await freePorts(2);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      SEED_DEMO_DATA: 'true',
      LOG_LEVEL: 'warn',
      RATE_LIMITS: process.env.RATE_LIMITS || 'off',
    };
    let database: string;
    if (process.env.DATABASE_URL?.trim()) {
      // Production with a real server requires a real secret; any 32+ characters do for a benchmark.
      env.JWT_SECRET = process.env.JWT_SECRET || 'bench-only-jwt-secret-0123456789abcdef';
      env.PAYMENT_SANDBOX_SECRET = process.env.PAYMENT_SANDBOX_SECRET || 'bench-only-sandbox-secret-0123456789abcdef';
      // It also refuses the demo data, whose operator password is published: a benchmark asks for it.
      env.ALLOW_DEMO_DATA_IN_PRODUCTION = 'true';
      database = 'PostgreSQL at DATABASE_URL';
    } else {
      const dataDir = (started.dataDir = await tempDataDir('commerce-bench-'));
      env.DATA_DIR = dataDir;
      env.EMBEDDED_PG_PORT = String(pgPort);
      database = `embedded PostgreSQL (port ${pgPort}, data in ${dataDir})`;
    }

    const cpu = cpus();
    console.log(`Benchmark  ${new Date().toISOString()}`);
    console.log(`Machine    ${cpu.length} cores, ${cpu[0]?.model.trim() ?? 'unknown CPU'}; ${platform()} ${release()}`);
    console.log(`Node       ${process.version}`);
    console.log(`Database   ${database}`);
    console.log(
      `Runs       ${DURATION_S} s measured each, after ${FIRST_WARMUP_S} s of warm-up for a scenario's first run and ${WARMUP_S} s for the others; ` +
        'autocannon shares the machine with the API\n',
    );

    const t0 = Date.now();
    process.stdout.write('Starting the API... ');
    const api = (started.api = await Api.start(env, port));
    console.log(`ready in ${seconds(Date.now() - t0)} at ${api.base}`);

    const rows: Row[] = [];
    if (FIRST) for (const comparison of bench.first) rows.push(...(await comparison.run(api)));
    api.running = true;
    const scenarios = bench.scenarios.filter((sc) => !ONLY || sc.name.includes(ONLY));
    for (const scenario of scenarios) rows.push(...(await runScenario(api, scenario)));
    // Before the checks: what a floor server has begun is committed by then (the orders check counts its orders).
    await FloorProcess.stopAll();
    for (const sc of scenarios.filter((x) => x.floorOf))
      for (const row of rows.filter((r) => r.scenario === sc.name))
        row.floor = rows.find((r) => r.scenario === sc.floorOf && r.connections === row.connections)?.floor;

    console.log('');
    printTable(rows);
    const floors = new Map<string, string[]>();
    for (const sc of scenarios) {
      const floor = sc.floor ?? scenarios.find((x) => x.name === sc.floorOf)?.floor;
      if (floor) floors.set(floor.description, [...(floors.get(floor.description) ?? []), sc.name]);
    }
    for (const [description, names] of floors) console.log(`Floor of ${names.join(' and of ')}: ${description}.`);
    if (floors.size) console.log('ratio = req/s of the API / req/s of its floor, at the same connections, in this run.');
    console.log(
      "CPU ms/req = the serving process's + the database server's CPU milliseconds per request in the measured run (user + system, from /proc): " +
        'unlike req/s, barely moved by whatever else shares the machine; cores × 1000 / their sum bounds req/s.',
    );
    if (rows.some((r) => r.scenario.startsWith('checkout'))) {
      console.log(
        'Checkout rows: one order per request, so req/s is orders/s; a response without data.checkout.order (userErrors included) counts as an error.',
      );
    }
    const failed = rows.filter((r) => r.errors > 0 || (r.floor?.errors ?? 0) > 0);
    for (const r of failed) {
      if (r.errors > 0) console.log(`FAILED ${r.scenario} @ ${r.connections}: ${r.notes.join('; ')}`);
      if (r.floor?.errors && !scenarios.find((x) => x.name === r.scenario)?.floorOf)
        console.log(`FAILED the floor of ${r.scenario} @ ${r.connections}: ${r.floor.notes.join('; ')}`);
    }

    let failedChecks = 0;
    for (const check of bench.checks) {
      console.log('');
      try {
        const result = await check.run(api);
        for (const line of result.lines) console.log(line);
        if (!result.ok) failedChecks++;
      } catch (err) {
        console.log(`${check.name}: FAILED: ${err instanceof Error ? err.message : String(err)}`);
        failedChecks++;
      }
    }

    if (api.logLinesDuringRuns) {
      console.log(`\nThe API logged ${api.logLinesDuringRuns} lines at LOG_LEVEL=warn during the runs; the last ones:\n${api.lastOutput(5)}`);
    }
    console.log(failed.length ? `\n${failed.length} of ${rows.length} runs had errors.` : `\nAll ${rows.length} runs completed without errors.`);
    if (failedChecks) console.log(`${failedChecks} of ${bench.checks.length} checks after the runs failed.`);
    return failed.length || failedChecks ? 1 : 0;
  } catch (err) {
    // Say what the API printed last: a crash there is the usual reason a request failed here
    // (not after a Ctrl-C, which stopped the APIs under the requests).
    const api = started.api;
    if (api && !interrupted)
      console.error(`\nThe API's last output:\n${api.lastOutput()}${api.exitCode() !== null ? `\n(it has exited: ${api.exitCode()})` : ''}`);
    throw err;
  } finally {
    await cleanup();
  }
}

/** The scenario's check request, then a run at each of its connection counts; a failed check request fails every row. */
async function runScenario(api: Api, scenario: Scenario): Promise<Row[]> {
  const connectionCounts = CONNECTIONS ?? scenario.connections;
  let op: Operation;
  try {
    op = await scenario.operation(api);
    // One request first: a broken query fails here, clearly, not as 10 s of errors.
    const { headers, body } = requestOf(op);
    const res = await api.request('POST', '/graphql', headers, body);
    const failed = (op.failure ?? defaultFailure)(res.status, res.text);
    if (failed) throw new Error(`the check request failed (counted among ${failed}): HTTP ${res.status}: ${res.text.trim().slice(0, 300)}`);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    console.log(`  ${scenario.name}: FAILED before the run: ${message}`);
    return connectionCounts.map((connections) => ({
      scenario: scenario.name,
      connections,
      rps: NaN,
      p50: NaN,
      p99: NaN,
      sqlPerRequest: NaN,
      errors: 1,
      cpu: { server: NaN, database: NaN },
      notes: [`check request failed: ${message}`],
    }));
  }
  const rows: Row[] = [];
  for (const [i, connections] of connectionCounts.entries()) {
    process.stdout.write(`  ${scenario.name}, ${connections} connections... `);
    const row = await runOnce(api, scenario.name, op, connections, i === 0);
    rows.push(row);
    console.log(row.errors ? `FAILED (${row.errors} errors)` : `${Math.round(row.rps)} req/s`);
  }
  if (scenario.floor) await runFloor(api, scenario.name, scenario.floor, op, rows);
  return rows;
}

/** Right after the scenario's runs: its floor at each of the same connection counts, into the same rows. */
async function runFloor(api: Api, name: string, floor: Floor, op: Operation, rows: Row[]): Promise<void> {
  let load: HttpLoad;
  try {
    load = await floor.prepare(api, op);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    console.log(`  ${name} floor: FAILED before the run: ${message}`);
    for (const row of rows)
      row.floor = { rps: NaN, p50: NaN, p99: NaN, errors: 1, notes: [`check request failed: ${message}`], cpu: { server: NaN, database: NaN } };
    return;
  }
  for (const row of rows) {
    process.stdout.write(`  ${name} floor, ${row.connections} connections... `);
    row.floor = await runLoad(load, row.connections);
    console.log(row.floor.errors ? `FAILED (${row.floor.errors} errors)` : `${Math.round(row.floor.rps)} req/s`);
  }
}

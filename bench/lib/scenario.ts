import type { Api } from './api';
import type { HttpLoad, Row } from './load';
import type { Operation } from './operation';

/** One load scenario: its operation run at each of its connection counts, a table row each. */
export interface Scenario {
  name: string;
  connections: number[];
  /** Resolved once, before the runs: may look up ids through the API or write a data set first. */
  operation(api: Api): Promise<Operation>;
  /** The same work served raw, run right after the scenario at each of its connection counts. */
  floor?: Floor;
  /** Compared with the floor another scenario of this run measured (the same database work): its rows take that floor's figures. */
  floorOf?: string;
}

/**
 * A scenario's floor: what the database work of its requests costs with nothing of ours around
 * it — the same SQL or the same writes, served by plain node:http and pg in a process of its own —
 * measured in the same run, so the ratio of the two is comparable between runs when the absolute
 * figures are not.
 */
export interface Floor {
  /** What it serves and how, one line under the table. */
  description: string;
  /** Its server started (or the one already running), checked with one request; the requests its runs send. */
  prepare(api: Api, op: Operation): Promise<HttpLoad>;
}

/**
 * What runs before the scenarios whatever BENCH_ONLY says, e.g. against API processes of its own:
 * it prints its own lines and gives rows for the table.
 */
export interface Comparison {
  run(api: Api): Promise<Row[]>;
}

/** A check after all runs; a failed one fails the benchmark. */
export interface Check {
  name: string;
  run(api: Api): Promise<{ ok: boolean; lines: string[] }>;
}

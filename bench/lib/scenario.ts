import type { Api } from './api';
import type { Row } from './load';
import type { Operation } from './operation';

/** One load scenario: its operation run at each of its connection counts, a table row each. */
export interface Scenario {
  name: string;
  connections: number[];
  /** Resolved once, before the runs: may look up ids through the API or write a data set first. */
  operation(api: Api): Promise<Operation>;
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

import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import type { JobQueue } from '../../lib/jobs';
import { ReportsErrorCode as E } from './errors';
import { addDays, windowProblem } from './figures';
import { rebuildDays } from './rollup';

/** The job that rebuilds a chunk of days: `{ from, to }`. */
export const REBUILD = 'reports.rebuild';
/** Days per rebuild job: a month of orders in one transaction. */
export const REBUILD_CHUNK_DAYS = 31;

/**
 * Rebuilds the rollup of a window of days from the orders — for the days before the rollup existed,
 * or the whole span after the operator's time zone changed — in chunks of REBUILD_CHUNK_DAYS, each
 * a job of its own (one transaction each), or one after the other here when the process runs no
 * job queue. Returns how many chunks.
 */
export async function scheduleRebuild(em: EntityManager, queue: JobQueue | undefined, from: string, to: string): Promise<number> {
  const problem = windowProblem(from, to);
  if (problem) throw new DomainError(E.INVALID_WINDOW, problem.message, ['input', problem.field]);
  const chunks: { from: string; to: string }[] = [];
  for (let start = from; start <= to; start = addDays(start, REBUILD_CHUNK_DAYS)) {
    const end = addDays(start, REBUILD_CHUNK_DAYS - 1);
    chunks.push({ from: start, to: end < to ? end : to });
  }
  for (const chunk of chunks) {
    if (queue) await queue.send(REBUILD, chunk, { singletonKey: `${chunk.from}:${chunk.to}` });
    else await rebuildDays(em, chunk.from, chunk.to);
  }
  return chunks.length;
}

import { readdirSync, readFileSync } from 'node:fs';
import { Client } from 'pg';

/**
 * CPU time spent, read from Linux's /proc: what a request costs the server process and the
 * database, whatever else shares the machine. Throughput moves with the machine's other load; CPU
 * milliseconds per request much less, and they say which side a faster run would need.
 */

const TICKS_PER_SECOND = 100;

/** User + system CPU of one process so far, in ms; NaN when it cannot be read (not Linux, gone). */
export function processCpuMs(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

/**
 * Page faults of one process so far (minor: the page was in memory but not mapped for it; major:
 * read from disk); zeros when they cannot be read.
 */
export function processFaults(pid: number | undefined): { minor: number; major: number } {
  if (!pid) return { minor: 0, major: 0 };
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { minor: Number(fields[7]), major: Number(fields[9]) };
  } catch {
    return { minor: 0, major: 0 };
  }
}

/** Children of `parent` (PPid in /proc/<pid>/status). */
function childrenOf(parent: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      if (new RegExp(`^PPid:\\s+${parent}$`, 'm').test(status)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/**
 * The database server's CPU: a reading of its postmaster and every process it started (backends,
 * WAL writer, checkpointer), per process; `spentSince` sums what the processes alive at both
 * readings spent between them (a backend that exits meanwhile takes its CPU with it; the pools keep
 * theirs open through a run). Found from a backend of `databaseUrl`'s own; NaN when the server is
 * on another machine or /proc cannot be read.
 */
export interface DatabaseCpu {
  read(): Map<number, number>;
  spentSince(before: Map<number, number>): number;
  /** The server's processes now (postmaster and children), e.g. for their page faults; none when unknown. */
  pids(): number[];
}

export async function databaseCpu(databaseUrl: string): Promise<DatabaseCpu> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  let postmaster = 0;
  try {
    const { rows } = await db.query<{ pid: number }>('select pg_backend_pid() as pid');
    const status = readFileSync(`/proc/${rows[0].pid}/status`, 'utf8');
    postmaster = Number(/^PPid:\s+(\d+)$/m.exec(status)?.[1] ?? 0);
  } catch {
    postmaster = 0;
  } finally {
    await db.end();
  }
  const read = () => new Map([postmaster, ...childrenOf(postmaster)].map((pid) => [pid, processCpuMs(pid)] as const).filter(([, ms]) => Number.isFinite(ms)));
  return {
    read: postmaster ? read : () => new Map(),
    pids: () => (postmaster ? [postmaster, ...childrenOf(postmaster)] : []),
    spentSince(before) {
      if (!postmaster) return NaN;
      let spent = 0;
      for (const [pid, ms] of read()) {
        const then = before.get(pid);
        if (then !== undefined) spent += ms - then;
      }
      return spent;
    },
  };
}

/** For a load without a database reading. */
export const NO_DATABASE_CPU: DatabaseCpu = { read: () => new Map(), spentSince: () => NaN, pids: () => [] };

/** One rush's timings, in ms from its start: when each buyer had an answer and when each order's buyer had it. */
export interface Rush<Answer> {
  /** Every buyer's answer, in buyer order. */
  answers: Answer[];
  /** ms from the start until each buyer had its answer, sorted. */
  latencies: number[];
  /** ms from the start at which each order's buyer had its answer, in order. */
  placedAt: number[];
  /** s from the start until every buyer had an answer. */
  seconds: number;
  /** The start on the wall clock (ms since the epoch), to place the database's own timestamps on the rush's clock. */
  startedWallMs: number;
  /** ms the bench took to hand every request to its HTTP agent before the start. */
  handOverMs: number;
}

/**
 * Every buyer's request at once: `send(i)` for each buyer, all handed to the HTTP agent before the
 * clock starts (creating thousands of them takes this process tens of ms, and none is on the wire
 * before: the agent writes on a later tick). `placed` says whether an answer is an order.
 */
export async function rush<Answer>(buyers: number, send: (i: number) => Promise<Answer>, placed: (answer: Answer) => boolean): Promise<Rush<Answer>> {
  const handingOver = process.hrtime.bigint();
  let started = handingOver;
  const latencies: number[] = [];
  const placedAt: number[] = [];
  const pending = Array.from({ length: buyers }, async (_, i) => {
    const answer = await send(i);
    const at = Number(process.hrtime.bigint() - started) / 1e6;
    latencies.push(at);
    if (placed(answer)) placedAt.push(at);
    return answer;
  });
  started = process.hrtime.bigint();
  const startedWallMs = performance.timeOrigin + performance.now();
  const handOverMs = Number(started - handingOver) / 1e6;
  const answers = await Promise.all(pending);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  return { answers, latencies, placedAt, seconds, startedWallMs, handOverMs };
}

/** The p-th percentile of sorted ms, as a whole number ('n/a' when there are none). */
export function percentile(sorted: readonly number[], p: number): string {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(0) : 'n/a';
}

/** "1st 79, 2nd 83, 10th 108, 50th 244, 100th 467 — from the 2nd on, one every 3.9 ms". */
export function orderTimes(placedAt: readonly number[]): string {
  const at = (k: number) => placedAt[Math.min(k, placedAt.length) - 1].toFixed(0);
  const each = (placedAt[placedAt.length - 1] - placedAt[1]) / (placedAt.length - 2 || 1);
  return `1st ${at(1)}, 2nd ${at(2)}, 10th ${at(10)}, 50th ${at(50)}, ${placedAt.length}th ${at(placedAt.length)} — from the 2nd on, one every ${each.toFixed(1)} ms`;
}

import { Lanes } from '../../lib/lanes';

/** How long a process trusts that an item is sold out: a unit given back elsewhere can be bought after at most this. */
export const SOLD_OUT_TRUST_MS = 200;

/**
 * Live checkouts of one item that run at once in one process; the rest wait their turn in memory.
 * Two: one's write holds the item's row while the next reads. More only queue on that row inside
 * PostgreSQL, where every waiter is woken and re-checks the row at each commit: with 8 a process, the
 * live bench's rush cost PostgreSQL 710–730 ms of CPU for its 100 sales, with 2 it cost 400–470 ms,
 * and the sales came as fast (one every 6.7–9.4 ms against 8.8–10.8).
 */
export const LANE_WIDTH = 2;

/**
 * The live rush's gate, one per process. When a host pins an item, hundreds of viewers buy it in
 * the same second; every checkout of it queues on the item's row in PostgreSQL, and a queued
 * checkout holds a pooled connection while it waits — so 250 buyers on one process would take
 * every connection, and everything else of the process (other buyers, the announcement of the stock
 * left) would wait behind them. The gate lets at most LANE_WIDTH checkouts of an item into the
 * database at once per process; the others wait in memory, first come first served, holding
 * nothing. Each re-reads the quota when its turn comes, and once an item is known to be sold out
 * (a read said 0 left, or the quota's conditional update refused a single-item order) the waiting
 * and arriving buyers are turned away from memory for SOLD_OUT_TRUST_MS.
 *
 * It decides nothing: the conditional update of the quota in the checkout's transaction stays the
 * one thing that decides who gets a unit, in every process. A unit given back (a cancelled order, a
 * raised quota) in this process is buyable at once; in another process after SOLD_OUT_TRUST_MS.
 */
export class LiveGate {
  private readonly lanes: Lanes;
  /** Items known sold out, with their session (an item id sent with another session is still refused as not in its lineup). */
  private readonly soldOutAt = new Map<string, { sessionId: string; at: number }>();

  constructor(
    width = LANE_WIDTH,
    readonly trustMs = SOLD_OUT_TRUST_MS,
  ) {
    this.lanes = new Lanes(width);
  }

  /** Whether this process learnt within trustMs that the session's item has nothing left. */
  soldOut(sessionId: string, itemId: string): boolean {
    const mark = this.soldOutAt.get(itemId);
    if (mark === undefined) return false;
    if (mark.at >= Date.now() - this.trustMs) return mark.sessionId === sessionId;
    this.soldOutAt.delete(itemId);
    return false;
  }

  /** A read or a refused update said the session's item has nothing left. */
  markSoldOut(sessionId: string, itemId: string): void {
    if (this.soldOutAt.size > 10_000) this.soldOutAt.clear();
    this.soldOutAt.set(itemId, { sessionId, at: Date.now() });
  }

  /** Units came back (a give-back, a raised quota): buyable again at once. */
  forget(itemIds: readonly string[]): void {
    for (const id of itemIds) this.soldOutAt.delete(id);
  }

  /** Runs `work` once every one of these items has a free place in its lane (lib/lanes.ts). */
  through<T>(itemIds: readonly string[], work: () => Promise<T>): Promise<T> {
    return this.lanes.through(itemIds, work);
  }
}

/** This process's gate. */
export const liveGate = new LiveGate();

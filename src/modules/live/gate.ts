/** How long a process trusts that an item is sold out: a unit given back elsewhere can be bought after at most this. */
export const SOLD_OUT_TRUST_MS = 200;

/** Live checkouts of one item that run at once in one process (below the pool of 10 connections, so other work still finds one); the rest wait their turn in memory. */
export const LANE_WIDTH = 8;

interface Lane {
  running: number;
  waiting: (() => void)[];
}

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
  private readonly lanes = new Map<string, Lane>();
  /** Items known sold out, with their session (an item id sent with another session is still refused as not in its lineup). */
  private readonly soldOutAt = new Map<string, { sessionId: string; at: number }>();

  constructor(
    readonly width = LANE_WIDTH,
    readonly trustMs = SOLD_OUT_TRUST_MS,
  ) {}

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

  /**
   * Runs `work` once every one of these items has a free place in its lane. Lanes are taken in id
   * order, so two orders of the same items never wait for each other's places.
   */
  async through<T>(itemIds: readonly string[], work: () => Promise<T>): Promise<T> {
    const ids = [...new Set(itemIds)].sort();
    const taken: string[] = [];
    try {
      for (const id of ids) {
        await this.enter(id);
        taken.push(id);
      }
      return await work();
    } finally {
      for (const id of taken.reverse()) this.leave(id);
    }
  }

  private enter(itemId: string): Promise<void> {
    let lane = this.lanes.get(itemId);
    if (!lane) {
      lane = { running: 0, waiting: [] };
      this.lanes.set(itemId, lane);
    }
    if (lane.running < this.width) {
      lane.running++;
      return Promise.resolve();
    }
    const waitingIn = lane;
    return new Promise((resolve) => waitingIn.waiting.push(resolve));
  }

  private leave(itemId: string): void {
    const lane = this.lanes.get(itemId);
    if (!lane) return;
    const next = lane.waiting.shift();
    // The place passes to the next in line; the lane is dropped once empty, so the map holds only items selling now.
    if (next) next();
    else if (--lane.running === 0) this.lanes.delete(itemId);
  }
}

/** This process's gate. */
export const liveGate = new LiveGate();

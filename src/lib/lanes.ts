interface Lane {
  running: number;
  waiting: (() => void)[];
}

/**
 * Per-key lanes of one process: at most `width` pieces of work of a key run at once, the others
 * wait in memory, first come first served. Rushes use them (a pinned live item, a flash sale):
 * every checkout of one hot row queues on that row in PostgreSQL, and a queued checkout holds a
 * pooled connection while it waits — hundreds of buyers of one item would take every connection
 * of the process and stall everything else it does. In a lane they wait holding nothing. Lanes
 * decide nothing about stock: the database's conditional updates do.
 */
export class Lanes {
  private readonly lanes = new Map<string, Lane>();

  constructor(readonly width: number) {}

  /**
   * Runs `work` once every one of these keys has a free place in its lane. Lanes are taken in key
   * order, so two pieces of work on the same keys never wait for each other's places.
   */
  async through<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    const ordered = [...new Set(keys)].sort();
    const taken: string[] = [];
    try {
      for (const key of ordered) {
        await this.enter(key);
        taken.push(key);
      }
      return await work();
    } finally {
      for (const key of taken.reverse()) this.leave(key);
    }
  }

  private enter(key: string): Promise<void> {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { running: 0, waiting: [] };
      this.lanes.set(key, lane);
    }
    if (lane.running < this.width) {
      lane.running++;
      return Promise.resolve();
    }
    const waitingIn = lane;
    return new Promise((resolve) => waitingIn.waiting.push(resolve));
  }

  private leave(key: string): void {
    const lane = this.lanes.get(key);
    if (!lane) return;
    const next = lane.waiting.shift();
    // The place passes to the next in line; a lane is dropped once empty, so the map holds only keys busy now.
    if (next) next();
    else if (--lane.running === 0) this.lanes.delete(key);
  }
}

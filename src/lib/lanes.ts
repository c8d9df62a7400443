import { AsyncResource } from 'node:async_hooks';

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
 * decide nothing about stock: the database's conditional updates do. The process's GraphQL
 * requests take their turns in one lane too (src/server/admission.ts).
 */
export class Lanes {
  private readonly lanes = new Map<string, Lane>();
  /** Places given up and not yet passed on (turnMs): the next turn of the event loop passes them. */
  private readonly handOffs: (() => void)[] = [];
  /** When this turn of the event loop began passing places on (performance.now()); null outside such a turn. */
  private turnBegan: number | null = null;

  constructor(
    readonly width: number,
    /**
     * How long one turn of the event loop may go on passing places on, if set: a place given up
     * later waits for the next turn. For work that, once its turn comes, can run to its end without
     * waiting for any I/O — a request refused from memory, whose body came in with it — a line
     * of it would otherwise run through back to back in one turn, however long, and nothing else
     * of the process (a timer due, a database's answer, a notification) would be seen meanwhile.
     */
    readonly turnMs: number | null = null,
  ) {}

  /**
   * Runs `work` once every one of these keys has a free place in its lane. Lanes are taken in key
   * order, so two pieces of work on the same keys never wait for each other's places.
   */
  async through<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    const ordered = [...new Set(keys)].sort();
    const taken: (() => void)[] = [];
    try {
      for (const key of ordered) await new Promise<void>((turn) => taken.push(this.take(key, turn)));
      return await work();
    } finally {
      for (const leave of taken.reverse()) leave();
    }
  }

  /**
   * Takes a place in the key's lane: `turn` is called once it is this caller's (at once when the
   * lane has room). The function returned gives the place up — to the next in line when it was
   * running, or withdraws from the line when its turn had not come (it then never comes).
   *
   * A turn that had to wait is called in the caller's async context, not in that of the work that
   * gave the place up: a request's correlation id and SQL count (lib/request-scope.ts) stay its own.
   */
  take(key: string, turn: () => void): () => void {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { running: 0, waiting: [] };
      this.lanes.set(key, lane);
    }
    const waitingIn = lane;
    let state: 'waiting' | 'running' | 'done' = 'waiting';
    const begin = () => {
      // Withdrawn between being handed the place and its turn (turnMs): the place passes on.
      if (state === 'done') return this.leave(key);
      state = 'running';
      turn();
    };
    // A turn that waits runs in its caller's context (not AsyncResource.bind: on Node 20 it builds a
    // deprecation wrapper on every call, a cost a rush's queue pays per request).
    let queued: (() => void) | null = null;
    if (lane.running < this.width) {
      lane.running++;
      begin();
    } else {
      const context = new AsyncResource('LaneTurn');
      queued = () => context.runInAsyncScope(begin);
      lane.waiting.push(queued);
    }
    return () => {
      if (state === 'running') this.leave(key);
      else if (state === 'waiting' && queued) {
        // Out of the line already when the place was handed to it but its turn has not begun (turnMs): begin passes it on.
        const at = waitingIn.waiting.indexOf(queued);
        if (at >= 0) waitingIn.waiting.splice(at, 1);
      }
      state = 'done';
    };
  }

  private leave(key: string): void {
    const lane = this.lanes.get(key);
    if (!lane) return;
    const next = lane.waiting.shift();
    // The place passes to the next in line; a lane is dropped once empty, so the map holds only keys busy now.
    if (!next) {
      if (--lane.running === 0) this.lanes.delete(key);
    } else if (this.turnMs === null) next();
    else this.passOn(next);
  }

  /** Passes a place on now, unless this turn has passed places on for turnMs already (or others wait): then in the next turn. */
  private passOn(next: () => void): void {
    const now = performance.now();
    if (this.turnBegan === null) {
      this.turnBegan = now;
      setImmediate(this.nextTurn);
    }
    if (this.handOffs.length === 0 && now - this.turnBegan < this.turnMs!) next();
    else this.handOffs.push(next);
  }

  /** A new turn: the places left over pass on, in their order, for at most turnMs again. */
  private readonly nextTurn = (): void => {
    this.turnBegan = null;
    while (this.handOffs.length > 0) {
      const now = performance.now();
      // The first of a turn passes whatever the time; the others within turnMs.
      if (this.turnBegan === null) {
        this.turnBegan = now;
        setImmediate(this.nextTurn);
      } else if (now - this.turnBegan >= this.turnMs!) return;
      this.handOffs.shift()!();
    }
  };
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { withApplicationName } from '../../lib/application-name';
import { Dependency } from '../../lib/dependency';
import { run, uuids, type SqlPart } from '../../lib/sql';
import { LIVE_EVENT_CHANNEL } from './events';

/**
 * STOCK and SOLD events of sales and give-backs, coalesced. A checkout does not append events in
 * its own transaction (every sale of a hot item would then also queue on the session's event
 * counter, and a rush of 500 buyers would make 200 events): after its commit it tells this
 * process's emitter which items changed, and the emitter announces each item at most once per
 * `intervalMs` — at once when it has not for that long, else once the interval is up (trailing), so
 * the figures after the last sale are always announced.
 *
 * Announcing is one short statement of its own (announceItems): it reads each item's quota left,
 * sold count and figures version (every sale and give-back moves it, in the same update) without
 * locking the item — sales hold its row until they commit, and an announcement must not queue
 * behind them — and moves the item's announced version forward only (live_item_announced, a
 * conditional upsert); for those it moved it appends a STOCK and a SOLD event through the session's
 * counter. So two processes announcing the same sale announce it once, an older figure is never
 * announced after a newer one, and an announcement reads the figures as committed when it runs
 * (never older than the sale that asked for it). An emitter that
 * dies with its process loses nothing for good: the minute sweep (jobs.ts) announces every item of
 * an open session whose figures differ. Give-backs of cancelled orders announce in their own
 * transaction (they are rare and already take the item's row).
 *
 * Why not set-based in the job queue: a pg-boss job costs an insert, a poll and a completion per
 * batch, and its latency is the polling interval (a second or more), far beyond the few hundred
 * milliseconds a viewer should wait to see the stock move.
 */
export class LiveFigures {
  private readonly last = new Map<string, number>();
  private readonly due = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  /** A connection of its own (given the database URL): announcing never waits for a pooled connection behind queued checkouts. */
  private client: Client | null = null;

  constructor(
    private readonly fork: () => EntityManager,
    private readonly logger?: Logger,
    readonly intervalMs = 250,
    private readonly url?: string,
  ) {}

  /** Items whose quota or sold count a committed transaction changed. */
  changed(itemIds: readonly string[]): void {
    if (this.stopped) return;
    const now = Date.now();
    for (const id of itemIds) {
      if (this.due.has(id)) continue;
      const wait = Math.max(0, (this.last.get(id) ?? 0) + this.intervalMs - now);
      const timer = setTimeout(() => void this.announce(id), wait);
      timer.unref();
      this.due.set(id, timer);
    }
  }

  private async announce(itemId: string): Promise<void> {
    this.due.delete(itemId);
    this.last.set(itemId, Date.now());
    // Forget items quiet for a while: the map stays as small as the items selling now.
    if (this.last.size > 10_000) for (const [id, at] of this.last) if (at < Date.now() - 60_000) this.last.delete(id);
    try {
      if (!this.url) {
        await announceItems(this.fork(), [itemId]);
        return;
      }
      if (!this.client) {
        const client = new Client({ connectionString: withApplicationName(this.url, 'live-figures') });
        client.on('error', () => {
          if (this.client === client) this.client = null;
        });
        this.client = client;
        await client.connect();
      }
      const statement = announceStatement([itemId]);
      let n = 0;
      await this.client.query(
        statement.text.replace(/\?/g, () => `$${++n}`),
        statement.values as unknown[],
      );
    } catch (err) {
      // The minute sweep announces it.
      this.client?.end().catch(() => undefined);
      this.client = null;
      this.logger?.warn({ err, itemId }, 'live figures: announcing failed');
    }
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.due.values()) clearTimeout(timer);
    this.due.clear();
    this.client?.end().catch(() => undefined);
    this.client = null;
  }
}

/** This process's emitter of STOCK and SOLD events (supplied by the app, src/server/app.ts). */
export const LIVE_FIGURES = new Dependency<LiveFigures>('the live figures emitter');

/**
 * Announces the figures of these items (all of one session, or each its own: they are grouped by
 * session) that differ from the last announced, in one statement: the items' announced figures
 * move, each session's counter moves by its events' number, the STOCK and SOLD events are stored
 * and notified (delivered on commit). In the caller's transaction when `em` has one. Returns how
 * many items it announced.
 */
export async function announceItems(em: EntityManager, itemIds: readonly string[]): Promise<number> {
  if (itemIds.length === 0) return 0;
  const statement = announceStatement(itemIds);
  const rows = await run<{ n: string }>(em, statement.text, [...statement.values]);
  return Number(rows[0].n);
}

/** announceItems' statement (`?` values). */
function announceStatement(itemIds: readonly string[]): SqlPart {
  const ids = uuids(itemIds);
  return {
    // The items are read, not locked (sales hold their rows until commit): their figures as committed now, with their version.
    text: `with current as (
       select i.id, i.session_id, i.quota_left, i.sold, i.figures_version from live_item i where i.id = any(${ids.text}) and i.figures_version > 0
     ), moved as (
       insert into live_item_announced as a (item_id, version) select id, figures_version from current
       on conflict (item_id) do update set version = excluded.version where a.version < excluded.version
       returning a.item_id
     ), evs as (
       select c.session_id, e.type, e.data, row_number() over (partition by c.session_id order by c.id, e.k) as n
         from current c join moved m on m.item_id = c.id
         cross join lateral (values (1, 'stock', jsonb_build_object('itemId', c.id, 'stockLeft', c.quota_left)),
                                    (2, 'sold', jsonb_build_object('itemId', c.id, 'sold', c.sold))) as e(k, type, data)
     ), counts as (
       select session_id, count(*)::int as n from evs group by session_id
     ), counted as (
       update live_event_counter c set last_seq = c.last_seq + k.n from counts k where c.session_id = k.session_id
       returning c.session_id, c.last_seq, k.n
     ), stored as (
       insert into live_event (session_id, seq, type, data, at)
       select e.session_id, c.last_seq - c.n + e.n, e.type::live_event_type, e.data, now()
         from evs e join counted c on c.session_id = e.session_id
       returning session_id, seq, type, data, at
     ), announced as (
       select pg_notify(?, json_build_object('sessionId', s.session_id::text, 'seq', s.seq, 'type', s.type, 'data', s.data,
                'at', to_char(s.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text)
         from (select * from stored order by session_id, seq) s
     )
     select (select count(*) from moved) as n, (select count(*) from announced) as notified`,
    values: [...ids.values, LIVE_EVENT_CHANNEL],
  };
}

/** The items of open sessions whose figures were not announced (an emitter that died): for the minute sweep. */
export async function unannouncedItems(em: EntityManager): Promise<string[]> {
  const rows = await run<{ id: string }>(
    em,
    `select i.id from live_item i join live_session s on s.id = i.session_id left join live_item_announced a on a.item_id = i.id
      where s.status in ('live', 'paused') and i.figures_version > coalesce(a.version, 0)
      limit 500`,
  );
  return rows.map((r) => r.id);
}

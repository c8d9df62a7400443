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
 * process's emitter which items changed, and the emitters announce each item at most once per
 * `gapMs` **across every API process** — at once when nobody has for that long, else once the gap
 * is up (trailing), so the figures after the last sale are always announced.
 *
 * The gap holds across processes because the item's last announcement time is kept with its
 * announced version (live_item_announced): an announcement that comes too soon after another
 * process's does nothing and says how long is left, and the emitter tries again then. Each
 * announcement is a fan-out to every subscriber of the session in every process, so the rate per
 * item stays the same however many processes sell it, and the announcements of a rush come evenly
 * spaced rather than in pairs (two processes' timers, both started by the rush's first sales, fired
 * within a few milliseconds of each other and then left the figures still for most of the interval).
 *
 * Announcing is one short statement of its own (announceStatement): it reads each item's quota
 * left, sold count and figures version (every sale and give-back moves it, in the same update)
 * without locking the item — sales hold its row until they commit, and an announcement must not
 * queue behind them — and moves the item's announced version forward only (a conditional upsert);
 * for those it moved it appends a STOCK and a SOLD event through the session's counter. So two
 * processes announcing the same sale announce it once, an older figure is never announced after a
 * newer one, and an announcement reads the figures as committed when it runs (never older than the
 * sale that asked for it). An emitter that dies with its process loses nothing for good: the minute
 * sweep (jobs.ts) announces every item of an open session whose figures differ. Give-backs of
 * cancelled orders announce in their own transaction (they are rare and already take the item's
 * row); they and the sweep announce whatever the gap.
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
    /** The least time between two announcements of an item, across every API process. */
    readonly gapMs = ANNOUNCEMENT_GAP_MS,
    private readonly url?: string,
  ) {}

  /** Items whose quota or sold count a committed transaction changed. */
  changed(itemIds: readonly string[]): void {
    if (this.stopped) return;
    const now = Date.now();
    for (const id of itemIds) {
      if (this.due.has(id)) continue;
      this.announceIn(id, Math.max(0, (this.last.get(id) ?? 0) + this.gapMs - now));
    }
  }

  private announceIn(itemId: string, ms: number): void {
    const timer = setTimeout(() => void this.announce(itemId), ms);
    timer.unref();
    this.due.set(itemId, timer);
  }

  private async announce(itemId: string): Promise<void> {
    this.due.delete(itemId);
    this.last.set(itemId, Date.now());
    // Forget items quiet for a while: the map stays as small as the items selling now.
    if (this.last.size > 10_000) for (const [id, at] of this.last) if (at < Date.now() - 60_000) this.last.delete(id);
    try {
      const statement = announceStatement([itemId], this.gapMs);
      let rows: AnnounceRow[];
      if (!this.url) rows = await run<AnnounceRow>(this.fork(), statement.text, [...statement.values]);
      else rows = await this.query(this.url, statement);
      if (rows[0].wait_ms !== null && !this.stopped) this.announceAfterGap(itemId, Number(rows[0].wait_ms));
    } catch (err) {
      // The minute sweep announces it.
      this.client?.end().catch(() => undefined);
      this.client = null;
      this.logger?.warn({ err, itemId }, 'live figures: announcing failed');
    }
  }

  /**
   * Another process announced the item less than the gap ago: again once the gap is up, `wait` ms
   * from now — sooner than a timer set meanwhile for a later sale, which would count a whole gap
   * from this attempt. A wait of 0 (that process announced while this statement waited for the
   * item's row, after the statement's snapshot) asks again at once, and learns the rest of the gap.
   */
  private announceAfterGap(itemId: string, wait: number): void {
    const ms = Math.max(1, wait);
    this.last.set(itemId, Date.now() + ms - this.gapMs);
    clearTimeout(this.due.get(itemId));
    this.announceIn(itemId, ms);
  }

  /** The statement on the emitter's own connection. */
  private async query(url: string, statement: SqlPart): Promise<AnnounceRow[]> {
    if (!this.client) {
      const client = new Client({ connectionString: withApplicationName(url, 'live-figures') });
      client.on('error', () => {
        if (this.client === client) this.client = null;
      });
      this.client = client;
      await client.connect();
    }
    let n = 0;
    const result = await this.client.query<AnnounceRow>(
      statement.text.replace(/\?/g, () => `$${++n}`),
      statement.values as unknown[],
    );
    return result.rows;
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
  const statement = announceStatement(itemIds, 0);
  const rows = await run<AnnounceRow>(em, statement.text, [...statement.values]);
  return Number(rows[0].n);
}

/**
 * The least time between two announcements of a live item, across every API process: at most eight
 * STOCK/SOLD pairs a second per item, however many processes sell it. (Each process used to keep
 * 250 ms on its own: eight a second with two processes, sixteen with four. A gap of 250 ms across
 * processes doubled the bench's delay; 100 ms bought nothing measurable over 125.)
 */
export const ANNOUNCEMENT_GAP_MS = 125;

interface AnnounceRow {
  /** Items announced. */
  n: string;
  /** Milliseconds until an item left unannounced for the gap may be announced; null when none was. */
  wait_ms: string | null;
}

/**
 * The announcing statement (`?` values): items whose figures moved since their last announcement,
 * and whose last announcement is at least `gapMs` old, are announced.
 */
function announceStatement(itemIds: readonly string[], gapMs: number): SqlPart {
  const ids = uuids(itemIds);
  return {
    // The items are read, not locked (sales hold their rows until commit): their figures as committed now, with their version.
    text: `with current as (
       select i.id, i.session_id, i.quota_left, i.sold, i.figures_version from live_item i where i.id = any(${ids.text}) and i.figures_version > 0
     ), moved as (
       insert into live_item_announced as a (item_id, version, announced_at) select id, figures_version, clock_timestamp() from current
       on conflict (item_id) do update set version = excluded.version, announced_at = excluded.announced_at
        where a.version < excluded.version and (?::int = 0 or a.announced_at <= excluded.announced_at - make_interval(secs => ?::int / 1000.0::float8))
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
     select (select count(*) from moved) as n, (select count(*) from announced) as notified,
       -- Items with figures to tell that were held back, from their rows as this statement's snapshot saw them: the rest of
       -- the gap, or 0 (ask again at once) for a row another process wrote after that snapshot (its first announcement).
       (select min(greatest(0, case when a.item_id is null then 0
                                    else ceil(extract(epoch from a.announced_at - clock_timestamp()) * 1000) + ?::int end))
          from current c left join live_item_announced a on a.item_id = c.id
         where coalesce(a.version, 0) < c.figures_version and c.id not in (select item_id from moved)) as wait_ms`,
    values: [...ids.values, gapMs, gapMs, LIVE_EVENT_CHANNEL, gapMs],
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

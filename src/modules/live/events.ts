import type { EntityManager } from '@mikro-orm/postgresql';
import { run } from '../../lib/sql';
import type { LiveEventType } from './entities';

/** The PostgreSQL NOTIFY channel of live-session events (src/server/ws.ts listens to it). */
export const LIVE_EVENT_CHANNEL = 'live_session_event';
/** The subscription topic it feeds, by session id. */
export const LIVE_EVENT_TOPIC = 'LIVE_SESSION_EVENT';

/** What an event says, as stored (live_event.data) and delivered. Fields by type: see LiveSessionEvent in types.ts. */
export interface LiveEventData {
  status?: string;
  title?: string;
  coverUrl?: string | null;
  streamUrl?: string | null;
  replayUrl?: string | null;
  itemId?: string;
  skuId?: string;
  livePrice?: number;
  stockLeft?: number;
  sold?: number;
  position?: number;
  onSale?: boolean;
  perCustomerLimit?: number | null;
  viewers?: number;
  peakViewers?: number;
}

/** One event as the NOTIFY carries it, and as the table's rows are read back. */
export interface LiveEventMessage {
  sessionId: string;
  seq: number;
  type: LiveEventType;
  at: string;
  data: LiveEventData;
}

export interface NewEvent {
  type: LiveEventType;
  data: LiveEventData;
}

/**
 * Appends events to a session, in the caller's transaction, in one statement: the session's counter
 * row moves by their number (a conditional update: its row lock orders this transaction's events
 * after every other's, and a rollback gives the numbers back, so numbers strictly increase with no
 * gap), the events are stored under their numbers, and each is announced with pg_notify — delivered
 * on commit only, in commit order, which is number order (a subscriber that still sees a number
 * arrive early reads the gap from the table: stream.ts). Returns the numbers given.
 */
export async function appendEvents(tx: EntityManager, sessionId: string, events: readonly NewEvent[]): Promise<number[]> {
  if (events.length === 0) return [];
  const rows = await run<{ seq: string }>(
    tx,
    `with counted as (
       update live_event_counter c set last_seq = c.last_seq + ? where c.session_id = ? returning c.last_seq
     ), given as (
       select counted.last_seq - ? + e.n as seq, e.type, e.data
         from counted, rows from (json_to_recordset(?::json) as (type text, data jsonb)) with ordinality as e(type, data, n)
     ), stored as (
       insert into live_event (session_id, seq, type, data, at)
       select ?, seq, type::live_event_type, data, now() from given order by seq
       returning seq, type, data, at
     )
     select seq, pg_notify(?, json_build_object('sessionId', ?::text, 'seq', seq, 'type', type, 'data', data,
              'at', to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text) as notified
       from (select * from stored order by seq) announced`,
    [events.length, sessionId, events.length, JSON.stringify(events.map((e) => ({ type: e.type, data: e.data }))), sessionId, LIVE_EVENT_CHANNEL, sessionId],
  );
  if (rows.length !== events.length) throw new Error(`Live session ${sessionId} has no event counter`);
  return rows.map((r) => Number(r.seq));
}

/** A stored event row as a message. */
export interface LiveEventRow {
  seq: string;
  type: LiveEventType;
  data: LiveEventData;
  at: string | Date;
}

export function eventMessage(sessionId: string, row: LiveEventRow): LiveEventMessage {
  return { sessionId, seq: Number(row.seq), type: row.type, data: row.data, at: new Date(row.at).toISOString() };
}

/** The session's events after `after`, in order, at most `limit` of them. */
export async function eventsAfter(em: EntityManager, sessionId: string, after: number, limit: number): Promise<LiveEventMessage[]> {
  const rows = await run<LiveEventRow>(em, 'select seq, type, data, at from live_event where session_id = ? and seq > ? order by seq limit ?', [
    sessionId,
    after,
    limit,
  ]);
  return rows.map((r) => eventMessage(sessionId, r));
}

import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { LookupCache } from '../../lib/lookup-cache';
import type { ListenedChannel, PgListener } from '../../lib/pg-pubsub';
import { SessionEndReason } from './entities';

/** A session as a bearer token's check sees it: live, or ended (for a reason; null when no such session exists). */
export type SessionState = { live: true } | { live: false; reason: SessionEndReason | null };

/**
 * How long this process trusts a session it found live, in milliseconds, while it hears the
 * endings of sessions (SESSION_ENDINGS): every API process forgets an ended session as soon as the
 * ending commits, so this only bounds the memory an idle session keeps.
 */
export const SESSION_CACHE_TTL_MS = 10 * 60_000;

/**
 * How long it trusts one while its listening connection is lost: endings announced meanwhile are
 * missed, so a session ended through another process is refused here within this time.
 */
export const SESSION_CACHE_UNHEARD_TTL_MS = 5000;

/** At most this many sessions are read in one statement. */
const SESSION_READ_BATCH = 500;

/** The PostgreSQL channel on which every ending of a session is announced, in the ending's transaction. */
export const SESSIONS_ENDED_CHANNEL = 'sessions_ended';
const SESSIONS_ENDED_TOPIC = 'SESSIONS_ENDED';

/** For the process's listening connection (src/server/app.ts). */
export const SESSION_ENDINGS: ListenedChannel = { channel: SESSIONS_ENDED_CHANNEL, topic: SESSIONS_ENDED_TOPIC, topicId: () => 'all' };

/**
 * A statement that ends sessions (an update `returning id` of account_session), made to announce
 * each ending on SESSIONS_ENDED_CHANNEL too — delivered when its transaction commits — and still
 * returning the ids.
 */
export function announcingEndings(endingStatement: string): string {
  return `with ended as (${endingStatement})
    select id, pg_notify('${SESSIONS_ENDED_CHANNEL}', json_build_object('id', id)::text) from ended`;
}

/**
 * Whether sessions are live, checked on every request that carries a bearer token. Lookups are
 * shared and kept per process (SESSION_CACHE_TTL_MS while endings are heard, else
 * SESSION_CACHE_UNHEARD_TTL_MS), so a customer costs one primary-key read per visit, not one per
 * request. An ended session never comes back, so caching "ended" is always right. The sessions
 * looked up in one turn of the event loop are read together: when a share or a flash slot brings
 * hundreds of buyers at once, their first requests cost one read, not one pooled connection each.
 */
export class SessionStates {
  private readonly heardCache = new LookupCache<SessionState>(SESSION_CACHE_TTL_MS, 100_000);
  private readonly unheardCache = new LookupCache<SessionState>(SESSION_CACHE_UNHEARD_TTL_MS, 100_000);
  private listener: Pick<PgListener, 'listening'> | null = null;

  private readonly reads: DataLoader<string, SessionState>;

  constructor(private readonly fork: () => EntityManager) {
    this.reads = new DataLoader((ids) => this.readMany(ids), { cache: false, maxBatchSize: SESSION_READ_BATCH, batchScheduleFn: (run) => setImmediate(run) });
  }

  /** Hears the endings announced by every API process: each ended session is forgotten at once; after a lost connection, all. */
  hear(listener: Pick<PgListener, 'listening' | 'onPayload' | 'onReconnect'>): void {
    this.listener = listener;
    listener.onPayload(SESSIONS_ENDED_TOPIC, 'all', (payload) => this.ended(String(payload.id)));
    listener.onReconnect(() => this.heardCache.clear());
  }

  state(sessionId: string): Promise<SessionState> {
    const cache = this.listener?.listening ? this.heardCache : this.unheardCache;
    return cache.answer(sessionId, () => this.reads.load(sessionId));
  }

  private async readMany(ids: readonly string[]): Promise<SessionState[]> {
    const rows = await this.fork()
      .getConnection()
      .execute<{ id: string; ended_at: Date | null; end_reason: SessionEndReason | null }[]>(
        'select id, ended_at, end_reason from account_session where id = any(?::uuid[])',
        [`{${ids.join(',')}}`],
      );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id): SessionState => {
      const row = byId.get(id);
      if (!row) return { live: false, reason: null };
      return row.ended_at === null ? { live: true } : { live: false, reason: row.end_reason };
    });
  }

  /** A session this process has just started is live: its first request needs no lookup. */
  started(sessionId: string): void {
    this.heardCache.remember(sessionId, { live: true });
  }

  /** Called once the ending is committed (by this process, or heard from any): this process stops trusting what it cached of the session. */
  ended(sessionId: string): void {
    this.heardCache.forget(sessionId);
    this.unheardCache.forget(sessionId);
  }
}

/**
 * Ends every live session of an account, in the caller's transaction: its refresh tokens stop
 * working at once, and its access tokens are refused by every API process once it commits (within
 * SESSION_CACHE_UNHEARD_TTL_MS by a process whose listening connection is lost). Returns the ids
 * of the sessions ended.
 */
export async function endAccountSessions(tx: EntityManager, accountId: string, reason: SessionEndReason): Promise<string[]> {
  const ended = await tx
    .getConnection()
    .execute<{ id: string }[]>(
      announcingEndings('update account_session set ended_at = now(), end_reason = ? where account_id = ? and ended_at is null returning id'),
      [reason, accountId],
      'all',
      tx.getTransactionContext(),
    );
  return ended.map((row) => row.id);
}

/** Why the access tokens of an ended session are refused, in words for the client. */
export function sessionEndedMessage(reason: SessionEndReason | null): string {
  switch (reason) {
    case SessionEndReason.LOGOUT:
      return 'The session of this bearer token has ended (signed out): sign in again';
    case SessionEndReason.PASSWORD_RESET:
      return 'The session of this bearer token has ended: the password of the account was reset. Sign in with the new password';
    case SessionEndReason.REFRESH_TOKEN_REUSED:
      return 'The session of this bearer token has ended: one of its refresh tokens was used twice, so it may have been copied. Sign in again';
    default:
      return 'The session of this bearer token has ended: sign in again';
  }
}

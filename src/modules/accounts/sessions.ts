import type { EntityManager } from '@mikro-orm/postgresql';
import { LookupCache } from '../../lib/lookup-cache';
import { SessionEndReason } from './entities';

/** A session as a bearer token's check sees it: live, or ended (for a reason; null when no such session exists). */
export type SessionState = { live: true } | { live: false; reason: SessionEndReason | null };

/**
 * How long this process trusts a session it found live, in milliseconds. A session ended through
 * this process is refused by it at once; one ended through another API process is refused here
 * within this TTL (plus the time of one lookup). An ended session never comes back, so caching
 * "ended" is always right.
 */
export const SESSION_CACHE_TTL_MS = 5000;

/**
 * Whether sessions are live, checked on every request that carries a bearer token. Lookups are
 * shared and kept for SESSION_CACHE_TTL_MS per process, so a busy customer costs one primary-key
 * read every few seconds, not one per request.
 */
export class SessionStates {
  private readonly cache = new LookupCache<SessionState>(SESSION_CACHE_TTL_MS, 100_000);

  constructor(private readonly fork: () => EntityManager) {}

  state(sessionId: string): Promise<SessionState> {
    return this.cache.answer(sessionId, async () => {
      const [row] = await this.fork()
        .getConnection()
        .execute<{ ended_at: Date | null; end_reason: SessionEndReason | null }[]>('select ended_at, end_reason from account_session where id = ?', [
          sessionId,
        ]);
      if (!row) return { live: false, reason: null };
      return row.ended_at === null ? { live: true } : { live: false, reason: row.end_reason };
    });
  }

  /** Called once the ending is committed: this process stops trusting what it cached of the session. */
  ended(sessionId: string): void {
    this.cache.forget(sessionId);
  }
}

/**
 * Ends every live session of an account, in the caller's transaction: its refresh tokens stop
 * working at once, and its access tokens are refused by every API process within
 * SESSION_CACHE_TTL_MS. Returns the ids of the sessions ended.
 */
export async function endAccountSessions(tx: EntityManager, accountId: string, reason: SessionEndReason): Promise<string[]> {
  const ended = await tx
    .getConnection()
    .execute<{ id: string }[]>(
      'update account_session set ended_at = now(), end_reason = ? where account_id = ? and ended_at is null returning id',
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

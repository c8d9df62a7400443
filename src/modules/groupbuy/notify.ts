import type { EntityManager } from '@mikro-orm/postgresql';

/** The PostgreSQL NOTIFY channel of session progress. */
export const SESSION_CHANNEL = 'group_buy_session';

export type SessionEvent = 'JOINED' | 'SUCCEEDED' | 'FAILED';

/** What a session's NOTIFY carries (and the subscription delivers). */
export interface SessionProgressMessage {
  sessionId: string;
  shareToken: string;
  event: SessionEvent;
  status: string;
  joined: number;
  size: number;
  expiresAt: string;
}

/**
 * Publishes the sessions' progress with pg_notify inside the caller's transaction: PostgreSQL
 * delivers it on commit only, so listeners never hear of a change that rolled back.
 */
export async function publishSessions(tx: EntityManager, sessionIds: string[], event: SessionEvent): Promise<void> {
  if (sessionIds.length === 0) return;
  await tx.getConnection().execute(
    `select pg_notify(?, json_build_object('sessionId', id, 'shareToken', share_token, 'event', ?::text, 'status', upper(status::text),
            'joined', paid, 'size', size, 'expiresAt', to_char(expires_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text)
       from group_buy_session where id = any(?::uuid[])`,
    [SESSION_CHANNEL, event, `{${sessionIds.join(',')}}`],
    'all',
    tx.getTransactionContext(),
  );
}

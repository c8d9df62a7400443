import type { EntityManager } from '@mikro-orm/postgresql';
import { toGlobalId } from '../../lib/ids';
import { run } from '../../lib/sql';
import { publishWebhookEvent } from '../webhooks/events';

/**
 * Tells webhooks that a live session went live or ended, inside the transaction that moved it: one
 * event per storefront app the session shows on, or — for a session listed on no app in particular
 * — one for every app's endpoints subscribed to the type.
 */
export async function publishLiveSessionWebhook(tx: EntityManager, sessionId: string, type: 'live_session.started' | 'live_session.ended'): Promise<void> {
  const rows = await run<{
    id: string;
    host_id: string;
    title: string;
    status: string;
    scheduled_start_at: string;
    started_at: string | null;
    ended_at: string | null;
    app_id: string | null;
  }>(
    tx,
    `select s.id, s.host_id, s.title, s.status, s.scheduled_start_at, s.started_at, s.ended_at, a.app_id
       from live_session s left join live_session_app a on a.session_id = s.id where s.id = ?`,
    [sessionId],
  );
  const iso = (v: string | null) => (v ? new Date(v).toISOString() : null);
  for (const s of rows) {
    const id = toGlobalId('LiveSession', s.id);
    await publishWebhookEvent(tx, {
      type,
      storefrontAppId: s.app_id,
      resourceType: 'live_session',
      resourceId: id,
      source: `live_session:${s.id}:${type}:${s.app_id ?? 'all'}`,
      data: {
        liveSession: {
          id,
          hostId: toGlobalId('Account', s.host_id),
          title: s.title,
          status: s.status.toUpperCase(),
          scheduledStartAt: iso(s.scheduled_start_at),
          startedAt: iso(s.started_at),
          endedAt: iso(s.ended_at),
        },
      },
    });
  }
}

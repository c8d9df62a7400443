import type { EntityManager } from '@mikro-orm/postgresql';
import { lockOrders } from '../orders/queries';
import { closePaymentWindow } from '../orders/service';
import { MemberStatus, SessionStatus } from './entities';
import { decideDueSessions, moveSeats, SESSION_DUE } from './lifecycle';
import { publishSessions } from './notify';
import { closeSucceeded } from './session-hooks';
import { releaseUsage, uuidArray } from './usage';
import { publishSessionWebhooks } from './webhooks';

/** Sessions decided per statement, so one run never holds many locks for long. */
export const EXPIRY_BATCH = 500;

/**
 * Decides the sessions whose deadline has passed, set by set: a session that did not fill FAILS —
 * or SUCCEEDS with fewer members when its campaign auto-fills and at least that share of the seats
 * is paid. Sessions are claimed with SKIP LOCKED (a payment holding a session's lock finishes first;
 * the next run takes the session), so timers and sweeps in several processes never decide one twice.
 * Paid members of failed sessions become REFUND_DUE: refunds.ts pays them back one by one.
 * Returns how many sessions it decided.
 */
export async function expireSessions(em: EntityManager, sessionIds?: string[]): Promise<number> {
  return em.transactional(async (tx) => {
    // Orders before sessions, the order a payment takes its locks in (order, then session), so the two
    // never deadlock near a deadline. A due session takes no new members, so the orders locked here are
    // all those the decision below changes.
    const candidates = await tx.getConnection().execute<{ id: string }[]>(
      `select s.id from group_buy_session s
        where ${SESSION_DUE} ${sessionIds ? 'and s.id = any(?::uuid[])' : ''}
        order by s.expires_at limit ${EXPIRY_BATCH}`,
      sessionIds ? [uuidArray(sessionIds)] : [],
      'all',
      tx.getTransactionContext(),
    );
    if (candidates.length === 0) return 0;
    const ids = uuidArray(candidates.map((c) => c.id));
    await lockOrders(
      tx,
      tx
        .getKnex()('group_buy_member')
        .select('order_id')
        .whereRaw('session_id = any(?::uuid[])', [ids])
        .whereIn('status', [MemberStatus.RESERVED, MemberStatus.PAID]),
    );
    const decided = await decideDueSessions(
      tx,
      candidates.map((c) => c.id),
    );
    const succeeded = decided.filter((d) => d.status === SessionStatus.SUCCEEDED).map((d) => d.id);
    const failed = decided.filter((d) => d.status === SessionStatus.FAILED).map((d) => d.id);
    if (succeeded.length) {
      await closeSucceeded(tx, succeeded);
      await publishSessions(tx, succeeded, 'SUCCEEDED');
      await publishSessionWebhooks(tx, succeeded, 'succeeded');
    }
    if (failed.length) {
      // Paid seats are owed a refund (refunds.ts pays them back); unpaid ones are given up.
      const out = await moveSeats(tx, ['owe', 'cancel'], { sessionIds: failed });
      await releaseUsage(
        tx,
        out.map((m) => m.id),
      );
      // Unpaid seats: their orders can no longer be paid, and the unpaid-order sweep cancels them.
      await closePaymentWindow(
        tx,
        out.filter((m) => m.status === MemberStatus.CANCELLED).map((m) => m.order_id),
      );
      await publishSessions(tx, failed, 'FAILED');
      await publishSessionWebhooks(tx, failed, 'failed');
    }
    return decided.length;
  });
}

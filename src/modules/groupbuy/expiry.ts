import type { EntityManager } from '@mikro-orm/postgresql';
import { closePaymentWindow } from '../orders/service';
import { publishSessions } from './notify';
import { closeSucceeded } from './session-hooks';
import { releaseUsage, uuidArray } from './usage';

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
        where s.status in ('opening', 'open') and s.expires_at <= now() ${sessionIds ? 'and s.id = any(?::uuid[])' : ''}
        order by s.expires_at limit ${EXPIRY_BATCH}`,
      sessionIds ? [uuidArray(sessionIds)] : [],
      'all',
      tx.getTransactionContext(),
    );
    if (candidates.length === 0) return 0;
    const ids = uuidArray(candidates.map((c) => c.id));
    await tx.getConnection().execute(
      `select o.id from customer_order o join group_buy_member m on m.order_id = o.id
        where m.session_id = any(?::uuid[]) and m.status in ('reserved', 'paid') order by o.id for update of o`,
      [ids],
      'all',
      tx.getTransactionContext(),
    );
    const decided = await tx.getConnection().execute<{ id: string; status: 'succeeded' | 'failed' }[]>(
      `with due as (
         select s.id from group_buy_session s
          where s.status in ('opening', 'open') and s.expires_at <= now() and s.id = any(?::uuid[])
          for update skip locked
       )
       update group_buy_session s
          set status = (case when s.status = 'open' and c.auto_fill_percent is not null and s.paid * 100 >= s.size * c.auto_fill_percent then 'succeeded' else 'failed' end)::group_buy_session_status,
              closed_at = now()
         from due, group_buy_campaign c
        where s.id = due.id and c.id = s.campaign_id
       returning s.id, s.status`,
      [ids],
      'all',
      tx.getTransactionContext(),
    );
    const succeeded = decided.filter((d) => d.status === 'succeeded').map((d) => d.id);
    const failed = decided.filter((d) => d.status === 'failed').map((d) => d.id);
    if (succeeded.length) {
      await closeSucceeded(tx, succeeded);
      await publishSessions(tx, succeeded, 'SUCCEEDED');
    }
    if (failed.length) {
      const out = await tx.getConnection().execute<{ id: string; order_id: string; status: string }[]>(
        `update group_buy_member set status = (case when status = 'paid' then 'refund_due' else 'cancelled' end)::group_buy_member_status, active = false, closed_at = now()
          where session_id = any(?::uuid[]) and status in ('reserved', 'paid') returning id, order_id, status`,
        [uuidArray(failed)],
        'all',
        tx.getTransactionContext(),
      );
      await releaseUsage(tx, out.map((m) => m.id));
      // Unpaid seats: their orders can no longer be paid, and the unpaid-order sweep cancels them.
      await closePaymentWindow(tx, out.filter((m) => m.status === 'cancelled').map((m) => m.order_id));
      await publishSessions(tx, failed, 'FAILED');
    }
    return decided.length;
  });
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { lockOrders } from '../orders/queries';
import { closePaymentWindow, releaseFulfilmentHolds } from '../orders/service';
import { MemberStatus } from './entities';
import { countPayment, moveSeats, moveSession, takesPayments } from './lifecycle';
import { publishSessions } from './notify';
import { releaseNewCustomerClaim, releaseUsage, uuidArray } from './usage';
import { publishSessionWebhooks } from './webhooks';
import { run } from '../../lib/sql';

/**
 * A group-buy order's payment and cancellation, inside the order's own transaction. The session row
 * is locked (FOR UPDATE) before anything is decided, so payments of one session, and the deadline
 * sweep, go one at a time: the N-th payment sees N−1 paid and flips the session to SUCCEEDED in its
 * own transaction, releasing every member's order for shipping.
 */

/** Why a payment for this order cannot be taken by its session; null when it can (or it is no group-buy order). */
export async function refuseGroupBuyPayment(tx: EntityManager, orderId: string): Promise<string | null> {
  // The order first, then the member and the session: the order a cancellation takes its locks in, so
  // the two never deadlock, and the member's status is read after any cancellation of it has committed.
  await lockOrders(tx, [orderId]);
  const [member] = await run<{ id: string; status: string; session_id: string }>(
    tx,
    'select id, status, session_id from group_buy_member where order_id = ? for update',
    [orderId],
  );
  if (!member) return null;
  const [session] = await run<{ status: string; expired: boolean }>(
    tx,
    'select status, expires_at <= now() as expired from group_buy_session where id = ? for update',
    [member.session_id],
  );
  if (member.status === MemberStatus.RESERVED && takesPayments(session)) return null;
  // Too late: the seat is given up (if it was still held) and the member says why the money went back.
  await moveSeats(tx, ['payLate'], { id: member.id });
  if (member.status === MemberStatus.RESERVED) {
    await run(tx, 'update group_buy_session set reserved = reserved - 1 where id = ?', [member.session_id]);
    await releaseUsage(tx, [member.id]);
  }
  await releaseNewCustomerClaim(tx, orderId);
  return `The group-buy session had closed (${session.expired && session.status === 'open' ? 'deadline passed' : session.status}) before this payment arrived`;
}

/** The member paid: counted, and the N-th payment makes the session succeed. */
export async function groupBuyPaid(tx: EntityManager, orderId: string): Promise<void> {
  const [seat] = await moveSeats(tx, ['pay'], { orderId });
  if (!seat) return;
  if ((await countPayment(tx, seat.session_id)).includes('succeed')) {
    await closeSucceeded(tx, [seat.session_id]);
    await publishSessions(tx, [seat.session_id], 'SUCCEEDED');
    await publishSessionWebhooks(tx, [seat.session_id], 'succeeded');
  } else {
    await publishSessions(tx, [seat.session_id], 'JOINED');
  }
}

/** Members of sessions that succeeded leave the open set, and their orders may ship. */
export async function closeSucceeded(tx: EntityManager, sessionIds: string[]): Promise<void> {
  const paid = await run<{ order_id: string }>(
    tx,
    `update group_buy_member set active = false, closed_at = now() where session_id = any(?::uuid[]) and status = 'paid' returning order_id`,
    [uuidArray(sessionIds)],
  );
  await releaseFulfilmentHolds(
    tx,
    paid.map((m) => m.order_id),
  );
  // Seats still held by unpaid orders (an auto-filled session) are given up: their orders can no longer be paid
  // (a payment already under way is refunded when it arrives) and are cancelled by the unpaid-order sweep.
  const unpaid = await moveSeats(tx, ['cancel'], { sessionIds });
  await releaseUsage(
    tx,
    unpaid.map((m) => m.id),
  );
  await closePaymentWindow(
    tx,
    unpaid.map((m) => m.order_id),
  );
}

/** An unpaid group-buy order was cancelled: its seat goes back; a leader's cancelled order cancels the unopened session. */
export async function groupBuyCancelled(tx: EntityManager, orderId: string): Promise<void> {
  await releaseNewCustomerClaim(tx, orderId);
  const [seat] = await moveSeats(tx, ['cancel'], { orderId });
  if (!seat) return;
  await releaseUsage(tx, [seat.id]);
  // This update locks the session's row, so nothing comes between the seat given back and the cancel below.
  await run(tx, 'update group_buy_session set reserved = reserved - 1 where id = ?', [seat.session_id]);
  // A leader's cancelled order cancels the session while nobody could join it yet; past that, the session stays.
  if (seat.is_leader) await moveSession(tx, seat.session_id, 'cancel');
}

/**
 * No money goes back on a group-buy order while its session is still open (the order locked by the
 * caller): the member counts as paid towards the session, and a refunded member would let the session
 * succeed with someone who has their money back. Once the session has succeeded the order is an
 * ordinary one; once it has failed, the member is paid back in full by refunds.ts (the session is no
 * longer open then, so that refund passes here).
 */
export async function refuseGroupBuyRefund(tx: EntityManager, orderId: string): Promise<string | null> {
  const [open] = await run<{ id: string }>(
    tx,
    `select s.id from group_buy_member m join group_buy_session s on s.id = m.session_id
      where m.order_id = ? and m.status in ('reserved', 'paid') and s.status in ('opening', 'open')`,
    [orderId],
  );
  return open
    ? 'The order is in a group-buy session that is still open: it can be refunded once the session has succeeded, and is refunded in full automatically if it fails'
    : null;
}

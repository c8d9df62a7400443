import type { EntityManager } from '@mikro-orm/postgresql';
import { machine, refusal, setStatus, sqlStates, whereAllowed } from '../../lib/state-machine';
import { MemberStatus as M, SessionStatus as S } from './entities';
import { uuidArray } from './usage';
import { run } from '../../lib/sql';

/**
 * The group-buy session and its seats, as state machines. Each table is the whole list of moves:
 * any other is refused. Every status change of a session or a seat is ONE conditional UPDATE built
 * from these tables — the row moves only from a state listed, only while the guard holds — so of two
 * racing changes one wins and the other changes nothing.
 *
 * SESSION (group_buy_session.status)
 *
 *   transition  from           to         guard
 *   open        opening        open       the leader's payment is counted (the leader paid)
 *   succeed     open           succeeded  its paid seats reach its size (the size-th payment)
 *   autoFill    open           succeeded  its deadline passed and its paid seats reach the campaign's auto-fill share
 *   fail        opening, open  failed     its deadline passed (the deadline sweep tries autoFill first)
 *   cancel      opening        cancelled  — (the leader's order was cancelled unpaid)
 *   succeeded, failed and cancelled are final.
 *
 * SEAT (group_buy_member.status)
 *
 *   transition  from                 to                     guard
 *   pay         reserved             paid                   its session takes payments (opening or open, before its deadline)
 *   cancel      reserved             cancelled              — (its order was cancelled unpaid, or its session closed first)
 *   owe         paid                 refund_due             its session failed
 *   refund      refund_due           refunded               — (the refund went through; its id is kept)
 *   payLate     reserved, cancelled  late_payment_refunded  the seat can no longer be paid (the payment is given back)
 *   cancelled, late_payment_refunded and refunded are final. A paid seat of a session that succeeded
 *   stays PAID; it only leaves the open set (`active` false), which is no change of status.
 */
export type SessionTransition = 'open' | 'succeed' | 'autoFill' | 'fail' | 'cancel';
export type SeatTransition = 'pay' | 'cancel' | 'owe' | 'refund' | 'payLate';

/** A session takes payments (and a seat in it can be paid) in these states, before its deadline. */
const PAYABLE: readonly S[] = [S.OPENING, S.OPEN];

export const SESSION = machine<S, SessionTransition>({
  noun: 'session',
  states: Object.values(S),
  alias: 's',
  enumType: 'group_buy_session_status',
  transitions: {
    open: { from: [S.OPENING], to: S.OPEN, guard: { says: "the leader's payment is counted", sql: 's.paid >= 1' } },
    succeed: { from: [S.OPEN], to: S.SUCCEEDED, guard: { says: 'its paid seats reach its size', sql: 's.paid >= s.size' }, set: { closed_at: 'now()' } },
    autoFill: {
      from: [S.OPEN],
      to: S.SUCCEEDED,
      guard: {
        says: "its deadline has passed with its paid seats at the campaign's auto-fill share",
        // Null when the campaign does not auto-fill: the comparison is then not true.
        sql: 's.expires_at <= now() and s.paid * 100 >= s.size * (select c.auto_fill_percent from group_buy_campaign c where c.id = s.campaign_id)',
      },
      set: { closed_at: 'now()' },
    },
    fail: { from: [S.OPENING, S.OPEN], to: S.FAILED, guard: { says: 'its deadline has passed', sql: 's.expires_at <= now()' }, set: { closed_at: 'now()' } },
    cancel: { from: [S.OPENING], to: S.CANCELLED, set: { closed_at: 'now()' } },
  },
});

const SESSION_TAKES_PAYMENTS = `exists (select 1 from group_buy_session s where s.id = m.session_id and s.status in (${sqlStates(PAYABLE)}) and s.expires_at > now())`;

export const SEAT = machine<M, SeatTransition>({
  noun: 'seat',
  states: Object.values(M),
  alias: 'm',
  enumType: 'group_buy_member_status',
  transitions: {
    pay: { from: [M.RESERVED], to: M.PAID, guard: { says: 'its session takes payments', sql: SESSION_TAKES_PAYMENTS }, set: { paid_at: 'now()' } },
    cancel: { from: [M.RESERVED], to: M.CANCELLED, set: { active: 'false', closed_at: 'now()' } },
    owe: {
      from: [M.PAID],
      to: M.REFUND_DUE,
      guard: { says: 'its session failed', sql: `exists (select 1 from group_buy_session s where s.id = m.session_id and s.status = '${S.FAILED}')` },
      set: { active: 'false', closed_at: 'now()' },
    },
    refund: { from: [M.REFUND_DUE], to: M.REFUNDED },
    payLate: {
      from: [M.RESERVED, M.CANCELLED],
      to: M.LATE_PAYMENT_REFUNDED,
      guard: { says: 'the seat can no longer be paid', sql: `m.status <> '${M.RESERVED}' or not ${SESSION_TAKES_PAYMENTS}` },
      set: { active: 'false', closed_at: 'coalesce(m.closed_at, now())' },
    },
  },
});

/** Whether a payment for a reserved seat can be taken by its session (read under its lock): the pay guard, in code. */
export function takesPayments(session: { status: string; expired: boolean }): boolean {
  return (PAYABLE as readonly string[]).includes(session.status) && !session.expired;
}

/** What a session does once a payment is counted (`paid` already includes it): the leader's opens it; the size-th makes it succeed. */
export function afterPayment(counted: { status: S; paid: number; size: number }): SessionTransition[] {
  return [...(counted.status === S.OPENING ? (['open'] as const) : []), ...(counted.paid >= counted.size ? (['succeed'] as const) : [])];
}

async function sessionStatus(tx: EntityManager, sessionId: string): Promise<S | null> {
  const [row] = await run<{ status: S }>(tx, 'select status from group_buy_session where id = ?', [sessionId]);
  return row?.status ?? null;
}

/** Applies a session transition if the table and its guard allow it now; false when they do not (nothing changed). */
export async function moveSession(tx: EntityManager, sessionId: string, name: SessionTransition): Promise<boolean> {
  const moved = await run(
    tx,
    `update group_buy_session s set ${setStatus(SESSION, [name])} where s.id = ? and ${whereAllowed(SESSION, [name])} returning s.id`,
    [sessionId],
  );
  return moved.length > 0;
}

/** As moveSession, for a caller holding the session's lock that has checked the move: a refusal is a broken invariant, named with the session's state. */
export async function transitionSession(tx: EntityManager, sessionId: string, name: SessionTransition): Promise<void> {
  if (!(await moveSession(tx, sessionId, name)))
    throw new Error(`Group-buy session ${sessionId}: ${refusal(SESSION, name, await sessionStatus(tx, sessionId))}`);
}

/**
 * Counts a seat's payment on its session and applies what follows (afterPayment). The caller holds
 * the session's lock and has checked it takes payments, so nothing here can be refused but by a
 * broken invariant. Returns the transitions applied.
 */
export async function countPayment(tx: EntityManager, sessionId: string): Promise<SessionTransition[]> {
  const [counted] = await run<{ status: S; paid: number; size: number }>(
    tx,
    `update group_buy_session s set paid = s.paid + 1 where s.id = ? and s.status in (${sqlStates(PAYABLE)}) returning s.status, s.paid, s.size`,
    [sessionId],
  );
  if (!counted) throw new Error(`Group-buy session ${sessionId} is ${(await sessionStatus(tx, sessionId))?.toUpperCase()}: it takes no payment`);
  const steps = afterPayment(counted);
  for (const step of steps) await transitionSession(tx, sessionId, step);
  return steps;
}

/** Sessions the deadline sweep decides: those `fail` may take (autoFill takes some of them instead). */
export const SESSION_DUE = whereAllowed(SESSION, ['fail']);

/**
 * Decides these sessions at their deadline in one set-based statement: each one autoFills when its
 * guard holds, else fails. Sessions locked by someone else (a payment under way) are skipped (SKIP
 * LOCKED), as are those no longer due: the next run takes them. Returns the sessions decided.
 */
export async function decideDueSessions(tx: EntityManager, sessionIds: string[]): Promise<{ id: string; status: S }[]> {
  const decide = ['autoFill', 'fail'] as const;
  return run(
    tx,
    `with due as (
       select s.id from group_buy_session s where ${SESSION_DUE} and s.id = any(?::uuid[]) for update skip locked
     )
     update group_buy_session s set ${setStatus(SESSION, decide)}
       from due
      where s.id = due.id and ${whereAllowed(SESSION, decide)}
     returning s.id, s.status`,
    [uuidArray(sessionIds)],
  );
}

export interface SeatRow {
  id: string;
  order_id: string;
  session_id: string;
  is_leader: boolean;
  status: M;
}

/** Which seats: one, the seat of an order, or every seat of these sessions (set-based). */
export type Seats = { id: string } | { orderId: string } | { sessionIds: string[] };

function seatsWhere(seats: Seats): [string, unknown] {
  if ('id' in seats) return ['m.id = ?', seats.id];
  if ('orderId' in seats) return ['m.order_id = ?', seats.orderId];
  return ['m.session_id = any(?::uuid[])', uuidArray(seats.sessionIds)];
}

/**
 * Moves the seats the table allows, in ONE statement; with several transitions each seat takes the
 * first that applies. Seats in no state these leave from (or whose guard does not hold) are left as
 * they are and not returned: callers whose seat changed under them skip it. `extra` sets more columns
 * (the refund's id).
 */
export async function moveSeats(tx: EntityManager, names: SeatTransition[], seats: Seats, extra: Record<string, unknown> = {}): Promise<SeatRow[]> {
  const [where, key] = seatsWhere(seats);
  const sets = Object.keys(extra)
    .map((column) => `, ${column} = ?`)
    .join('');
  return run(
    tx,
    `update group_buy_member m set ${setStatus(SEAT, names)}${sets}
      where ${where} and ${whereAllowed(SEAT, names)}
     returning m.id, m.order_id, m.session_id, m.is_leader, m.status`,
    [...Object.values(extra), key],
  );
}

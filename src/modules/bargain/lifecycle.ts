import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import type { Fen } from '../../lib/money';
import { machine, refusal, setStatus, whereAllowed } from '../../lib/state-machine';
import { BargainStatus as B } from './entities';
import { BargainErrorCode as E } from './errors';
import { run } from '../../lib/sql';

/**
 * The bargain as a state machine. The table is the whole list of moves: any other is refused. Every
 * status change is ONE conditional UPDATE built from it — the row moves only from a state listed,
 * only while the guard holds — so of two racing changes one wins and the other changes nothing.
 *
 * BARGAIN (bargain.status)
 *
 *   transition  from     to         guard
 *   order       active   ordered    before its time runs out, at its floor price unless the campaign sells at any price (keeps its order's id)
 *   purchase    ordered  purchased  — (its order was paid)
 *   reopen      ordered  active     before its time runs out (its order was cancelled unpaid)
 *   lapse       ordered  expired    its time has run out (its order was cancelled unpaid)
 *   expire      active   expired    its time has run out (the sweep; an ORDERED bargain waits for its order)
 *   purchased and expired are final. A friend's cut lowers the price of an ACTIVE bargain; it is no
 *   change of state.
 */
export type BargainTransition = 'order' | 'purchase' | 'reopen' | 'lapse' | 'expire';

const IN_TIME = 'b.expires_at > now()';
const TIME_UP = 'b.expires_at <= now()';

export const BARGAIN = machine<B, BargainTransition>({
  noun: 'bargain',
  states: Object.values(B),
  alias: 'b',
  enumType: 'bargain_status',
  transitions: {
    order: {
      from: [B.ACTIVE],
      to: B.ORDERED,
      guard: {
        says: 'its time lasts and it is at its floor price (when its campaign sells only there)',
        sql: `${IN_TIME} and (b.current_price <= b.floor_price or not (select c.buy_at_floor_only from bargain_campaign c where c.id = b.campaign_id))`,
      },
    },
    purchase: { from: [B.ORDERED], to: B.PURCHASED },
    reopen: { from: [B.ORDERED], to: B.ACTIVE, guard: { says: 'its time lasts', sql: IN_TIME }, set: { order_id: 'null' } },
    lapse: { from: [B.ORDERED], to: B.EXPIRED, guard: { says: 'its time has run out', sql: TIME_UP }, set: { order_id: 'null' } },
    expire: { from: [B.ACTIVE], to: B.EXPIRED, guard: { says: 'its time has run out', sql: TIME_UP } },
  },
});

/** A bargain as read, locked, before it is ordered. */
export interface OrderableBargain {
  status: string;
  expired: boolean;
  current_price: Fen;
  floor_price: Fen;
  buy_at_floor_only: boolean;
}

/** The order guard in code, on the locked row, with the codes the API answers: why the bargain cannot be bought now; null when it can. */
export function refuseOrder(b: OrderableBargain): DomainError<E> | null {
  const order = BARGAIN.transitions.order;
  if (!order.from.includes(b.status as B) || b.expired) {
    return new DomainError(
      E.BARGAIN_NOT_ACTIVE,
      `The bargain is ${b.expired && b.status === B.ACTIVE ? 'past its time' : b.status.toUpperCase()}: it cannot be bought`,
      ['input', 'bargainId'],
    );
  }
  if (b.buy_at_floor_only && b.current_price > b.floor_price) {
    return new DomainError(E.FLOOR_NOT_REACHED, 'This bargain can only be bought once friends have cut it to the floor price', ['input', 'bargainId']);
  }
  return null;
}

/**
 * The bargain is ordered by this order, once: the conditional update on status (with order_id unique)
 * lets only one of two purchases through. A refusal names the bargain's state, with the API's codes.
 */
export async function orderBargain(tx: EntityManager, bargainId: string, orderId: string): Promise<void> {
  const moved = await run(
    tx,
    `update bargain b set ${setStatus(BARGAIN, ['order'])}, order_id = ? where b.id = ? and ${whereAllowed(BARGAIN, ['order'])} returning b.id`,
    [orderId, bargainId],
  );
  if (moved.length > 0) return;
  const [now] = await run<OrderableBargain>(
    tx,
    `select b.status, b.expires_at <= now() as expired, b.current_price, b.floor_price, c.buy_at_floor_only
       from bargain b join bargain_campaign c on c.id = b.campaign_id where b.id = ?`,
    [bargainId],
  );
  throw (now && refuseOrder(now)) ?? new DomainError(E.BARGAIN_NOT_ACTIVE, refusal(BARGAIN, 'order', (now?.status as B) ?? null), ['input', 'bargainId']);
}

/**
 * Moves the bargain of an order by the first of these transitions that applies, in ONE statement.
 * Nothing moves when none applies (not a bargain order, or already moved): callers skip it.
 */
export async function moveOrderedBargain(
  tx: EntityManager,
  names: BargainTransition[],
  orderId: string,
): Promise<{ id: string; campaign_id: string; status: B } | null> {
  const [moved] = await run<{ id: string; campaign_id: string; status: B }>(
    tx,
    `update bargain b set ${setStatus(BARGAIN, names)} where b.order_id = ? and ${whereAllowed(BARGAIN, names)} returning b.id, b.campaign_id, b.status`,
    [orderId],
  );
  return moved ?? null;
}

/**
 * Expires up to `limit` bargains whose time ran out, set-based: claimed with SKIP LOCKED (a purchase
 * holding one finishes first; the next run takes it), so sweeps anywhere at once never clash.
 * Outside a transaction: one statement. Returns how many it expired.
 */
export async function expireDueBargains(em: EntityManager, limit: number): Promise<number> {
  const expire = ['expire'] as const;
  const expired = await run<{ id: string }>(
    em,
    `update bargain b set ${setStatus(BARGAIN, expire)}
      where b.id in (select b.id from bargain b where ${whereAllowed(BARGAIN, expire)} order by b.expires_at limit ${Number(limit)} for update skip locked)
        and ${whereAllowed(BARGAIN, expire)}
     returning b.id`,
    [],
  );
  return expired.length;
}

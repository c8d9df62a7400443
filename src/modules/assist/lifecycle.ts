import type { EntityManager } from '@mikro-orm/postgresql';
import { machine, setStatus, whereAllowed } from '../../lib/state-machine';
import { run } from '../../lib/sql';
import { AssistLinkStatus as L } from './entities';

/**
 * The assist link as a state machine. The table is the whole list of moves; every status change is
 * ONE conditional UPDATE built from it, so of two racing changes one wins and the other changes nothing.
 *
 * ASSIST LINK (assist_link.status)
 *
 *   transition  from             to         guard
 *   complete    open             completed  every assist needed came in, in time; sets completed_at
 *   refund      completed        refunded   — (the refund through the provider, in the same transaction; keeps its id)
 *   expire      open             expired    its time ran out first (the deadline job, the sweep)
 *   end         open             ended      — (its order was refunded or cancelled another way: the order hooks)
 *   void        completed        ended      — (its order had money back another way before its own refund: the refunder)
 *   refunded, expired and ended are final. A friend's assist counts on an OPEN link in time, below
 *   the assists needed (a conditional update of assists_count, service.ts); it is no change of state.
 */
export type AssistLinkTransition = 'complete' | 'refund' | 'expire' | 'end' | 'void';

export const ASSIST_LINK = machine<L, AssistLinkTransition>({
  noun: 'assist link',
  states: Object.values(L),
  alias: 'l',
  enumType: 'assist_link_status',
  transitions: {
    complete: {
      from: [L.OPEN],
      to: L.COMPLETED,
      guard: { says: 'every assist needed came in, in time', sql: 'l.assists_count = l.helpers_needed and l.expires_at > now()' },
      set: { completed_at: 'now()' },
    },
    refund: { from: [L.COMPLETED], to: L.REFUNDED },
    expire: { from: [L.OPEN], to: L.EXPIRED, guard: { says: 'its time has run out', sql: 'l.expires_at <= now()' } },
    end: { from: [L.OPEN], to: L.ENDED },
    void: { from: [L.COMPLETED], to: L.ENDED },
  },
});

/** Where an assist counts: OPEN, in time, below the assists needed. */
export const ASSISTABLE = `l.status = '${L.OPEN}' and l.expires_at > now() and l.assists_count < l.helpers_needed`;

/** Moves one link by a transition; false when it did not apply. `extra`: more columns set (`refund_id = ?`). */
export async function moveLink(tx: EntityManager, name: AssistLinkTransition, linkId: string, extra: Record<string, unknown> = {}): Promise<boolean> {
  const columns = Object.keys(extra);
  const moved = await run(
    tx,
    `update assist_link l set ${setStatus(ASSIST_LINK, [name])}${columns.map((c) => `, ${c} = ?`).join('')} where l.id = ? and ${whereAllowed(ASSIST_LINK, [name])} returning l.id`,
    [...Object.values(extra), linkId],
  );
  return moved.length > 0;
}

/** The open link of an order ends (its order was refunded or cancelled another way); one completed waits for the refunder, which voids it. */
export async function endLinkOfOrder(tx: EntityManager, orderId: string): Promise<void> {
  await run(tx, `update assist_link l set ${setStatus(ASSIST_LINK, ['end'])} where l.order_id = ? and ${whereAllowed(ASSIST_LINK, ['end'])}`, [orderId]);
}

/** Expires up to `limit` links past their time, set-based, SKIP LOCKED (an assist holding one finishes first). Returns how many. */
export async function expireDueLinks(em: EntityManager, limit: number): Promise<number> {
  const expire = ['expire'] as const;
  const moved = await run(
    em,
    `update assist_link l set ${setStatus(ASSIST_LINK, expire)}
      where l.id in (select l.id from assist_link l where ${whereAllowed(ASSIST_LINK, expire)}
                      order by l.expires_at limit ${Number(limit)} for update skip locked)
        and ${whereAllowed(ASSIST_LINK, expire)}
     returning l.id`,
    [],
  );
  return moved.length;
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { machine, setStatus, whereAllowed } from '../../lib/state-machine';
import { run } from '../../lib/sql';
import { RedPacketStatus as P } from './entities';

/**
 * The red packet as a state machine. The table is the whole list of moves; every status change is
 * ONE conditional UPDATE built from it, so of two racing changes one wins and the other changes nothing.
 *
 * RED PACKET (red_packet.status)
 *
 *   transition  from  to         guard
 *   complete    open  completed  every share is taken (joins_count = shares); sets completed_at
 *   expire      open  expired    its time has run out with shares left (the deadline job, the sweep)
 *   completed and expired are final. A friend's join adds a member to an OPEN packet in time and
 *   below its shares (a conditional update of joins_count, service.ts); it is no change of state.
 */
export type RedPacketTransition = 'complete' | 'expire';

export const RED_PACKET = machine<P, RedPacketTransition>({
  noun: 'red packet',
  states: Object.values(P),
  alias: 'p',
  enumType: 'red_packet_status',
  transitions: {
    complete: { from: [P.OPEN], to: P.COMPLETED, guard: { says: 'every share is taken', sql: 'p.joins_count = p.shares' }, set: { completed_at: 'now()' } },
    expire: {
      from: [P.OPEN],
      to: P.EXPIRED,
      guard: { says: 'its time has run out with shares left', sql: 'p.expires_at <= now() and p.joins_count < p.shares' },
    },
  },
});

/** Where a join may add a member: OPEN, in time, with a share left. */
export const JOINABLE = `p.status = '${P.OPEN}' and p.expires_at > now() and p.joins_count < p.shares`;

/** Completes the packet once its last share is taken, in the caller's transaction; false when it did not move. */
export async function completePacket(tx: EntityManager, packetId: string): Promise<boolean> {
  const moved = await run(
    tx,
    `update red_packet p set ${setStatus(RED_PACKET, ['complete'])} where p.id = ? and ${whereAllowed(RED_PACKET, ['complete'])} returning p.id`,
    [packetId],
  );
  return moved.length > 0;
}

/**
 * Expires up to `limit` packets whose time ran out (or just these), set-based: claimed with SKIP
 * LOCKED (a join holding one finishes first; the next run takes it), in the caller's transaction.
 * Returns each expired packet with what its consolation needs.
 */
export async function expireDuePackets(
  tx: EntityManager,
  limit: number,
  packetIds?: string[],
): Promise<{ id: string; opener_id: string; consolation_template_id: string | null }[]> {
  const expire = ['expire'] as const;
  return run(
    tx,
    `update red_packet p set ${setStatus(RED_PACKET, expire)}
       from red_packet_campaign c
      where c.id = p.campaign_id
        and p.id in (select p.id from red_packet p where ${whereAllowed(RED_PACKET, expire)} ${packetIds ? 'and p.id = any(?::uuid[])' : ''}
                      order by p.expires_at limit ${Number(limit)} for update skip locked)
        and ${whereAllowed(RED_PACKET, expire)}
     returning p.id, p.opener_id, c.consolation_template_id`,
    packetIds ? [`{${packetIds.join(',')}}`] : [],
  );
}

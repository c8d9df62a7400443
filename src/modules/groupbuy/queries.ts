import type { EntityManager } from '@mikro-orm/postgresql';
import { one } from '../../lib/sql';
import { REFUNDS } from '../payments/queries';

/** What other modules may read of the group-buy tables (the operators' campaign results). */

/** Sessions closed in a window [from, to) — succeeded or failed — and the refunds made in it to members of failed sessions. */
export interface GroupBuyFigures {
  succeeded: number;
  failed: number;
  refunds: number;
  refundedMembers: number;
}

export async function groupBuyFigures(em: EntityManager, from: Date, to: Date): Promise<GroupBuyFigures> {
  const row = await one<{ succeeded: number; failed: number; refunds: string; refunded_members: number }>(
    em,
    `select (select count(*)::int from group_buy_session where closed_at >= ? and closed_at < ? and status = 'succeeded') as succeeded,
            (select count(*)::int from group_buy_session where closed_at >= ? and closed_at < ? and status = 'failed') as failed,
            coalesce(sum(r.amount), 0) as refunds, count(r.id)::int as refunded_members
       from group_buy_member m join ${REFUNDS} r on r.id = m.refund_id
      where r.created_at >= ? and r.created_at < ?`,
    [from, to, from, to, from, to],
  );
  return { succeeded: row?.succeeded ?? 0, failed: row?.failed ?? 0, refunds: Number(row?.refunds ?? 0), refundedMembers: row?.refunded_members ?? 0 };
}

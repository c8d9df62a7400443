import type { EntityManager } from '@mikro-orm/postgresql';
import { toGlobalId } from '../../lib/ids';
import { run } from '../../lib/sql';
import { registrationAppOf } from '../accounts/queries';
import { ORDERS } from '../orders/queries';
import { publishWebhookEvent } from '../webhooks/events';

/**
 * Tells webhooks that memberships opened or ended, inside the transaction that did it. A membership
 * bought by an order is told to that order's app; any other to the app its member registered
 * through (or, for a member with none, to every app's endpoints subscribed to the type).
 */
export async function publishMembershipWebhooks(tx: EntityManager, membershipIds: string[], type: 'membership.opened' | 'membership.ended'): Promise<void> {
  if (membershipIds.length === 0) return;
  const rows = await run<{
    id: string;
    account_id: string;
    plan_id: string | null;
    source: string;
    order_id: string | null;
    order_app: string | null;
    started_at: string;
    ends_at: string | null;
    ended_at: string | null;
    end_reason: string | null;
  }>(
    tx,
    `select m.id, m.account_id, m.plan_id, m.source, m.order_id, o.storefront_app_id as order_app, m.started_at, m.ends_at, m.ended_at, m.end_reason
       from membership m left join ${ORDERS} o on o.id = m.order_id where m.id = any(?::uuid[])`,
    [`{${membershipIds.join(',')}}`],
  );
  const iso = (v: string | null) => (v ? new Date(v).toISOString() : null);
  for (const m of rows) {
    const id = toGlobalId('Membership', m.id);
    await publishWebhookEvent(tx, {
      type,
      storefrontAppId: m.order_app ?? (await registrationAppOf(tx, m.account_id)),
      resourceType: 'membership',
      resourceId: id,
      // Opened, then ended: the version orders the two.
      resourceVersion: type === 'membership.opened' ? 1 : 2,
      source: `membership:${m.id}:${type}`,
      data: {
        membership: {
          id,
          memberId: toGlobalId('Account', m.account_id),
          planId: m.plan_id ? toGlobalId('MembershipPlan', m.plan_id) : null,
          source: m.source.toUpperCase(),
          orderId: m.order_id ? toGlobalId('Order', m.order_id) : null,
          startedAt: iso(m.started_at),
          endsAt: iso(m.ends_at),
          endedAt: iso(m.ended_at),
          endReason: m.end_reason,
        },
      },
    });
  }
}

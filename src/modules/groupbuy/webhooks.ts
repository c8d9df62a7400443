import type { EntityManager } from '@mikro-orm/postgresql';
import { toGlobalId } from '../../lib/ids';
import { run } from '../../lib/sql';
import { ORDERS } from '../orders/queries';
import { publishWebhookEvent } from '../webhooks/events';

/**
 * Tells storefront apps' webhooks that sessions succeeded or failed, inside the transaction that
 * decided them. A session's members may have ordered through several apps: each app hears of the
 * session with its own members' orders only (one event per session and app).
 */
export async function publishSessionWebhooks(tx: EntityManager, sessionIds: string[], outcome: 'succeeded' | 'failed'): Promise<void> {
  if (sessionIds.length === 0) return;
  const rows = await run<{
    id: string;
    campaign_id: string;
    product_id: string;
    size: number;
    paid: number;
    closed_at: string | null;
    storefront_app_id: string;
    orders: { orderId: string; isLeader: boolean }[];
  }>(
    tx,
    `select s.id, s.campaign_id, s.product_id, s.size, s.paid, s.closed_at, o.storefront_app_id,
            json_agg(json_build_object('orderId', m.order_id, 'isLeader', m.is_leader) order by m.joined_at) as orders
       from group_buy_session s join group_buy_member m on m.session_id = s.id join ${ORDERS} o on o.id = m.order_id
      where s.id = any(?::uuid[]) and m.status in ('paid', 'refund_due', 'refunded')
      group by s.id, o.storefront_app_id`,
    [`{${sessionIds.join(',')}}`],
  );
  for (const r of rows) {
    const sessionId = toGlobalId('GroupBuySession', r.id);
    await publishWebhookEvent(tx, {
      type: outcome === 'succeeded' ? 'group_buy.session_succeeded' : 'group_buy.session_failed',
      storefrontAppId: r.storefront_app_id,
      resourceType: 'group_buy_session',
      resourceId: sessionId,
      source: `group_buy_session:${r.id}:${outcome}:${r.storefront_app_id}`,
      data: {
        session: {
          id: sessionId,
          campaignId: toGlobalId('GroupBuyCampaign', r.campaign_id),
          productId: toGlobalId('Product', r.product_id),
          status: outcome.toUpperCase(),
          size: r.size,
          paidMembers: r.paid,
          closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
        },
        // This app's paid members' orders: shipped now (succeeded) or refunded (failed).
        orders: r.orders.map((o) => ({ orderId: toGlobalId('Order', o.orderId), isLeader: o.isLeader })),
      },
    });
  }
}

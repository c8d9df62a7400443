import type { EntityManager } from '@mikro-orm/postgresql';
import { toGlobalId } from '../../lib/ids';
import { run } from '../../lib/sql';
import { ORDERS } from '../orders/queries';
import { publishWebhookEvent } from '../webhooks/events';

/** Tells the order's app's webhooks that an after-sale request was made or decided, inside the transaction that did it. */
export async function publishAfterSaleWebhook(tx: EntityManager, requestId: string, type: 'after_sale.requested' | 'after_sale.decided'): Promise<void> {
  const [r] = await run<{
    id: string;
    order_id: string;
    storefront_app_id: string;
    status: string;
    reason: string;
    decision_reason: string | null;
    refund_id: string | null;
    lines: { orderLineId: string; quantity: number }[] | null;
    created_at: string;
    decided_at: string | null;
  }>(
    tx,
    `select r.id, r.order_id, o.storefront_app_id, r.status, r.reason, r.decision_reason, r.refund_id, r.lines, r.created_at, r.decided_at
       from after_sale_request r join ${ORDERS} o on o.id = r.order_id where r.id = ?`,
    [requestId],
  );
  const id = toGlobalId('AfterSaleRequest', r.id);
  await publishWebhookEvent(tx, {
    type,
    storefrontAppId: r.storefront_app_id,
    resourceType: 'after_sale_request',
    resourceId: id,
    resourceVersion: type === 'after_sale.requested' ? 1 : 2,
    source: `after_sale_request:${r.id}:${type}`,
    data: {
      afterSaleRequest: {
        id,
        orderId: toGlobalId('Order', r.order_id),
        status: r.status.toUpperCase(),
        reason: r.reason,
        // null: the whole order.
        lines: r.lines?.map((l) => ({ orderLineId: toGlobalId('OrderLine', l.orderLineId), quantity: l.quantity })) ?? null,
        decisionReason: r.decision_reason,
        refundId: r.refund_id ? toGlobalId('Refund', r.refund_id) : null,
        requestedAt: new Date(r.created_at).toISOString(),
        decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null,
      },
    },
  });
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { toGlobalId } from '../../lib/ids';
import { formatFen } from '../../lib/money';
import type { OrderEventMessage } from '../orders/events';
import { ORDERS } from '../orders/queries';
import { run, uuids } from '../../lib/sql';
import { publishWebhookEvent, type WebhookEventType } from './events';

/** The order events webhooks carry: every event the order outbox writes. */
export const ORDER_EVENT_TYPES = [
  'order.created',
  'order.paid',
  'order.shipped',
  'order.received',
  'order.completed',
  'order.cancelled',
  'order.refunded',
] as const;

/** An order as ORDERS gives it. */
interface OrderSummary {
  id: string;
  number: string;
  customer_id: string;
  storefront_app_id: string;
  status: string;
  total: number;
  refunded_total: number;
  placed_at: string | Date;
  paid_at: string | Date | null;
}

const money = (fen: unknown) => ({ amount: formatFen(Number(fen ?? 0)), currencyCode: 'CNY' });

/** What each order event adds to the order's summary (docs/webhooks.md). */
function details(type: string, payload: Record<string, unknown>): Record<string, unknown> {
  switch (type) {
    case 'order.shipped':
      return { carrier: payload.carrier ?? null, trackingNumber: payload.trackingNumber ?? null };
    case 'order.cancelled':
      return { cancelledBy: payload.by ?? null, reason: payload.reason ?? null };
    case 'order.received':
      return { receivedBy: payload.by ?? null };
    case 'order.completed':
      return {};
    case 'order.refunded': {
      const lines = Array.isArray(payload.lines) ? (payload.lines as { orderLineId: string; quantity: number; amount: number }[]) : [];
      return {
        refund: {
          id: typeof payload.refundId === 'string' ? toGlobalId('Refund', payload.refundId) : null,
          amount: money(payload.amount),
          lines: lines.map((l) => ({ orderLineId: toGlobalId('OrderLine', l.orderLineId), quantity: l.quantity, amount: money(l.amount) })),
          restocked: payload.restocked ?? null,
        },
      };
    }
    default:
      return {};
  }
}

/**
 * The outbox subscriber: turns an order event into a webhook event of the order's storefront app.
 * Idempotent — the outbox delivers at least once, and the source "order_event:<id>" is written once.
 * The resource version is the outbox event's id, which grows with each change of an order.
 */
export async function publishOrderEvent(event: OrderEventMessage, em: EntityManager): Promise<void> {
  await publishOrderEvents([event], em);
}

/** publishOrderEvent for a dispatch round's events at once: their orders are read in one statement. */
export async function publishOrderEvents(events: readonly OrderEventMessage[], em: EntityManager): Promise<void> {
  // An app with no endpoint at all (enabled or not) has nobody to tell, now or by a later replay: its
  // orders' events are not kept, and cost this one read instead of a read and a write each.
  const ids = uuids([...new Set(events.map((e) => e.orderId))]);
  const orders = await run<OrderSummary & { heard: boolean }>(
    em,
    `select o.*, exists (select 1 from webhook_endpoint e where e.storefront_app_id = o.storefront_app_id) as heard from ${ORDERS} o where o.id = any(${ids.text})`,
    [...ids.values],
  );
  const heard = new Map(orders.filter((o) => o.heard).map((o) => [o.id, o]));
  for (const event of events) {
    const order = heard.get(event.orderId);
    if (order) await publishOne(em, event, order);
  }
}

async function publishOne(em: EntityManager, event: OrderEventMessage, order: OrderSummary): Promise<void> {
  await publishWebhookEvent(em, {
    type: event.type as WebhookEventType,
    storefrontAppId: order.storefront_app_id,
    resourceType: 'order',
    resourceId: toGlobalId('Order', order.id),
    resourceVersion: event.id,
    source: `order_event:${event.id}`,
    data: {
      order: {
        id: toGlobalId('Order', order.id),
        number: order.number,
        customerId: toGlobalId('Account', order.customer_id),
        storefrontAppId: toGlobalId('StorefrontApp', order.storefront_app_id),
        status: order.status.toUpperCase(),
        total: money(order.total),
        refundedTotal: money(order.refunded_total),
        placedAt: new Date(order.placed_at).toISOString(),
        paidAt: order.paid_at ? new Date(order.paid_at).toISOString() : null,
      },
      ...details(event.type, event.payload),
    },
  });
}

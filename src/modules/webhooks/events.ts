import type { EntityManager } from '@mikro-orm/postgresql';
import { one } from '../../lib/sql';

/**
 * The event types a webhook endpoint can subscribe to, as they appear in a payload's `type`. Each
 * payload's `data` is documented in docs/webhooks.md. `webhook.test` is sent only by
 * sendWebhookTestEvent, to the one endpoint asked for, whatever it subscribes to.
 */
export const WEBHOOK_EVENT_TYPES = [
  'order.created',
  'order.paid',
  'order.shipped',
  'order.received',
  'order.completed',
  'order.cancelled',
  'order.refunded',
  'after_sale.requested',
  'after_sale.decided',
  'group_buy.session_succeeded',
  'group_buy.session_failed',
  'membership.opened',
  'membership.ended',
  'withdrawal.requested',
  'withdrawal.approved',
  'withdrawal.paid',
  'withdrawal.rejected',
  'review.created',
  'live_session.started',
  'live_session.ended',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const TEST_EVENT_TYPE = 'webhook.test';

/** The version of the payload's layout, sent as `version` in every payload; a change that breaks consumers gets a new one. */
export const PAYLOAD_VERSION = 1;

export interface WebhookEventInput {
  type: WebhookEventType;
  /** The storefront app whose endpoints hear of it; null: an event of no app, heard by every app's endpoints subscribed to its type. */
  storefrontAppId: string | null;
  /** What the event is about: a resource type ("order", "group_buy_session", "withdrawal"…) and its global id. */
  resourceType: string;
  resourceId: string;
  /** Grows with each change of the resource; omitted: the event's own position, which grows with every event written. */
  resourceVersion?: number | string;
  /** The payload's `data` (documented per type in docs/webhooks.md). */
  data: Record<string, unknown>;
  /** What made the event, unique: a second publish of the same source adds nothing (e.g. "withdrawal:<id>:approved"). */
  source: string;
}

/**
 * Writes an event for webhooks inside the caller's transaction (so it exists exactly when the change
 * it reports is committed). It only writes this module's own table: the endpoints that get it are
 * found, and numbered, after commit by the fan-out (delivery.ts). Returns the event's id, or null
 * when this source was already published.
 */
export async function publishWebhookEvent(em: EntityManager, event: WebhookEventInput): Promise<string | null> {
  const row = await one<{ id: string }>(
    em,
    `insert into webhook_event (id, position, source, type, storefront_app_id, resource_type, resource_id, resource_version, data, created_at)
     select uuid_v7(), p.n, ?, ?, ?, ?, ?, coalesce(?::bigint, p.n), ?::jsonb, now()
       from (select nextval(pg_get_serial_sequence('webhook_event', 'position')) as n) p
     on conflict (source) do nothing returning id`,
    [
      event.source,
      event.type,
      event.storefrontAppId,
      event.resourceType,
      event.resourceId,
      event.resourceVersion == null ? null : String(event.resourceVersion),
      JSON.stringify(event.data),
    ],
  );
  return row?.id ?? null;
}

import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { maxChars, maxItems } from '../../lib/bounds';
import { UserError } from '../../lib/errors';
import { Node } from '../../lib/node';
import { ConnectionType } from '../../lib/pagination';
import { WebhookErrorCode, webhookErrorCodeDescriptions } from './errors';
import { MAX_URL_LENGTH } from './url-safety';

/** The event types as GraphQL names them; the values are the payload's `type` (events.ts). */
export enum WebhookEventTypeValue {
  ORDER_CREATED = 'order.created',
  ORDER_PAID = 'order.paid',
  ORDER_SHIPPED = 'order.shipped',
  ORDER_RECEIVED = 'order.received',
  ORDER_COMPLETED = 'order.completed',
  ORDER_CANCELLED = 'order.cancelled',
  ORDER_REFUNDED = 'order.refunded',
  AFTER_SALE_REQUESTED = 'after_sale.requested',
  AFTER_SALE_DECIDED = 'after_sale.decided',
  GROUP_BUY_SESSION_SUCCEEDED = 'group_buy.session_succeeded',
  GROUP_BUY_SESSION_FAILED = 'group_buy.session_failed',
  MEMBERSHIP_OPENED = 'membership.opened',
  MEMBERSHIP_ENDED = 'membership.ended',
  WITHDRAWAL_REQUESTED = 'withdrawal.requested',
  WITHDRAWAL_APPROVED = 'withdrawal.approved',
  WITHDRAWAL_PAID = 'withdrawal.paid',
  WITHDRAWAL_REJECTED = 'withdrawal.rejected',
  REVIEW_CREATED = 'review.created',
  LIVE_SESSION_STARTED = 'live_session.started',
  LIVE_SESSION_ENDED = 'live_session.ended',
}

registerEnumType(WebhookEventTypeValue, {
  name: 'WebhookEventType',
  description:
    'An event a webhook endpoint can subscribe to; the payload\'s "type" is the lower-case dotted form (ORDER_PAID is "order.paid"). Each payload is documented in docs/webhooks.md.',
  valuesConfig: {
    ORDER_CREATED: { description: 'An order was placed (pending payment).' },
    ORDER_PAID: { description: 'An order was paid.' },
    ORDER_SHIPPED: { description: 'An order was shipped (carrier and tracking number).' },
    ORDER_RECEIVED: { description: 'The buyer received an order (confirmed, or by the automatic receipt).' },
    ORDER_COMPLETED: { description: 'An order completed: its after-sale window closed.' },
    ORDER_CANCELLED: { description: 'An order was cancelled: by the buyer, unpaid in time, refused by its campaign, or refunded in full before shipping.' },
    ORDER_REFUNDED: { description: 'Money of an order was refunded (the refund, its lines and amounts).' },
    AFTER_SALE_REQUESTED: { description: 'A buyer asked for an after-sale refund.' },
    AFTER_SALE_DECIDED: { description: 'An operator approved or rejected an after-sale request.' },
    GROUP_BUY_SESSION_SUCCEEDED: { description: 'A group-buy session filled: its orders go on to fulfilment.' },
    GROUP_BUY_SESSION_FAILED: { description: 'A group-buy session ran out of time unfilled: its paid members are refunded.' },
    MEMBERSHIP_OPENED: { description: 'A customer became a member.' },
    MEMBERSHIP_ENDED: { description: 'A membership ended (revoked, or its package order cancelled or refunded).' },
    WITHDRAWAL_REQUESTED: { description: 'A member asked to withdraw earnings.' },
    WITHDRAWAL_APPROVED: { description: 'An operator approved a withdrawal.' },
    WITHDRAWAL_PAID: { description: 'A withdrawal was paid out.' },
    WITHDRAWAL_REJECTED: { description: 'An operator rejected a withdrawal (or its payout failed): the amount is available again.' },
    REVIEW_CREATED: { description: 'A buyer reviewed a line of an order.' },
    LIVE_SESSION_STARTED: { description: 'A live session went live.' },
    LIVE_SESSION_ENDED: { description: 'A live session ended.' },
  },
});

registerEnumType(WebhookErrorCode, {
  name: 'WebhookErrorCode',
  description: 'Why a webhook mutation was refused.',
  valuesConfig: webhookErrorCodeDescriptions,
});

export enum WebhookDeliveryStatus {
  PENDING = 'pending',
  DELIVERED = 'delivered',
  FAILED = 'failed',
}

registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description: 'Where a delivery stands.',
  valuesConfig: {
    PENDING: { description: 'Not acknowledged yet: an attempt is due at nextAttemptAt (or waits for its endpoint to be enabled again).' },
    DELIVERED: { description: 'A 2xx answered.' },
    FAILED: { description: 'Every attempt of the retry schedule failed; replayWebhookDelivery sends it again.' },
  },
});

export const MAX_EVENT_TYPES = 30;

@ObjectType({
  description: "Where a storefront app's servers hear of events: an https URL, signed with the endpoint's secret (Standard Webhooks).",
  implements: Node,
})
export class WebhookEndpoint extends Node {
  @Field(() => ID, { description: 'The storefront app it belongs to (a StorefrontApp id).' })
  storefrontAppId: string;

  @Field({ description: 'Where events are POSTed.' })
  url: string;

  @Field(() => [WebhookEventTypeValue], { description: 'The event types it receives.' })
  eventTypes: WebhookEventTypeValue[];

  @Field({ description: 'Disabled endpoints receive nothing (new events are not queued for them; replayWebhookDeliveries catches up).' })
  enabled: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Why the endpoint is disabled: it answered 410 Gone, every attempt failed for 5 days, or someone disabled it. Null while enabled.',
  })
  disabledReason: string | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When it was disabled; null while enabled.' })
  disabledAt: Date | null;

  @Field(() => GraphQLDateTimeISO, {
    nullable: true,
    description: 'When its current run of failed attempts began; null when the last attempt succeeded. Five days of failures disable it.',
  })
  failingSince: Date | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'While a secret rotation lasts: when the previous secret stops signing. Null otherwise.' })
  previousSecretExpiresAt: Date | null;

  @Field(() => GraphQLDateTimeISO, { description: 'When it was created.' })
  createdAt: Date;
}

export const WebhookEndpointConnection = ConnectionType(WebhookEndpoint, 'WebhookEndpoint', 'webhook endpoint');

@ObjectType({ description: 'One HTTP request of a delivery, and what answered it.' })
export class WebhookAttempt {
  @Field(() => GraphQLDateTimeISO, { description: 'When it was sent.' })
  attemptedAt: Date;

  @Field(() => Int, { nullable: true, description: 'The HTTP status of the answer; null when none came (timeout, refused address, connection error).' })
  statusCode: number | null;

  @Field(() => Int, { description: 'Milliseconds until the answer (its first kilobyte) or the failure.' })
  durationMs: number;

  @Field(() => String, { nullable: true, description: "The answer body's first kilobyte." })
  responseExcerpt: string | null;

  @Field(() => String, { nullable: true, description: 'Why no answer came, when none did.' })
  error: string | null;

  @Field({ description: 'A 2xx answered.' })
  success: boolean;
}

@ObjectType({ description: 'One event for one endpoint, with its attempts (kept 30 days).', implements: Node })
export class WebhookDelivery extends Node {
  @Field(() => ID, { description: 'The endpoint it was sent to (a WebhookEndpoint id).' })
  endpointId: string;

  @Field({
    description: 'The event id: the webhook-id header and the payload\'s "id", the same on every attempt and replay (what a receiver drops duplicates by).',
  })
  eventId: string;

  @Field(() => String, { description: 'The event type, as the payload\'s "type" (e.g. "order.paid"; "webhook.test" for a test event).' })
  eventType: string;

  @Field({ description: 'The endpoint\'s sequence number of this delivery (the payload\'s "sequence"): grows by one per event given to the endpoint.' })
  sequence: string;

  @Field({ description: 'What the event is about, as the payload\'s resource.type (e.g. "order").' })
  resourceType: string;

  @Field({ description: "The resource's global id." })
  resourceId: string;

  @Field({ description: "The resource's version after the event: a receiver ignores an event older than the version it holds." })
  resourceVersion: string;

  @Field(() => WebhookDeliveryStatus, { description: 'Where it stands.' })
  status: WebhookDeliveryStatus;

  @Field(() => Int, { description: 'Attempts since it was created or last replayed.' })
  attemptCount: number;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When the next attempt is due; null once delivered or failed.' })
  nextAttemptAt: Date | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When a 2xx answered.' })
  deliveredAt: Date | null;

  @Field(() => GraphQLDateTimeISO, { description: 'When the event was given to the endpoint.' })
  createdAt: Date;

  @Field({ description: 'The JSON body sent (the same on every attempt).' })
  payload: string;

  @Field(() => [WebhookAttempt], { description: 'Its last 20 attempts, newest first.' })
  attempts: WebhookAttempt[];
}

export const WebhookDeliveryConnection = ConnectionType(WebhookDelivery, 'WebhookDelivery', 'webhook delivery', 'webhook deliveries');

@ObjectType({ description: 'A refused webhook mutation: nothing was changed.', implements: UserError })
export class WebhookUserError extends UserError {
  @Field(() => WebhookErrorCode, { description: 'What kind of failure this is.' })
  code: WebhookErrorCode;
}

@InputType({ description: 'A new webhook endpoint.' })
export class WebhookEndpointCreateInput {
  @Field(() => ID, { nullable: true, description: 'The storefront app. Operators name it; a secret key may omit it (its own app).' })
  storefrontAppId?: string | null;

  @Field(
    maxChars(
      MAX_URL_LENGTH,
      'Where to POST events: https (http only outside production); private, loopback and link-local hosts are refused (URL_NOT_ALLOWED).',
    ),
  )
  url: string;

  @Field(() => [WebhookEventTypeValue], maxItems(MAX_EVENT_TYPES, 'The event types to receive; at least one.'))
  eventTypes: WebhookEventTypeValue[];
}

@InputType({ description: 'Changes to a webhook endpoint; omitted fields stay as they are.' })
export class WebhookEndpointUpdateInput {
  @Field(() => String, { nullable: true, ...maxChars(MAX_URL_LENGTH, 'A new URL (same rules as at creation).') })
  url?: string | null;

  @Field(() => [WebhookEventTypeValue], { nullable: true, ...maxItems(MAX_EVENT_TYPES, 'The event types to receive from now on; at least one.') })
  eventTypes?: WebhookEventTypeValue[] | null;

  @Field(() => Boolean, { nullable: true, description: 'false disables it (its pending deliveries wait); true enables it again and clears disabledReason.' })
  enabled?: boolean | null;
}

@ObjectType({ description: 'Result of creating an endpoint or rotating its secret.' })
export class WebhookEndpointSecretPayload {
  @Field(() => WebhookEndpoint, { nullable: true, description: 'The endpoint; null when refused.' })
  endpoint: WebhookEndpoint | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The signing secret ("whsec_" + base64), for the receiver to verify signatures with. Shown this once. After a rotation the previous secret signs too for 24 hours.',
  })
  secret: string | null;

  @Field(() => [WebhookUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: WebhookUserError[];
}

@ObjectType({ description: 'Result of changing an endpoint.' })
export class WebhookEndpointPayload {
  @Field(() => WebhookEndpoint, { nullable: true, description: 'The endpoint; null when refused.' })
  endpoint: WebhookEndpoint | null;

  @Field(() => [WebhookUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: WebhookUserError[];
}

@ObjectType({ description: 'Result of deleting an endpoint (its deliveries and their log go with it).' })
export class DeleteWebhookEndpointPayload {
  @Field(() => ID, { nullable: true, description: 'The deleted endpoint; null when refused.' })
  deletedEndpointId: string | null;

  @Field(() => [WebhookUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: WebhookUserError[];
}

@ObjectType({ description: 'Result of sending a test event or replaying a delivery.' })
export class WebhookDeliveryPayload {
  @Field(() => WebhookDelivery, {
    nullable: true,
    description:
      'The delivery, queued for an attempt now; null when refused (or, for a test event, when the endpoint’s events are being handed out at that very moment: the test delivery follows within a second).',
  })
  delivery: WebhookDelivery | null;

  @Field(() => [WebhookUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: WebhookUserError[];
}

@ObjectType({ description: 'Result of replaying the deliveries since a time.' })
export class WebhookReplayPayload {
  @Field(() => Int, { nullable: true, description: 'How many deliveries were queued; null when refused.' })
  queued: number | null;

  @Field(() => [WebhookUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: WebhookUserError[];
}

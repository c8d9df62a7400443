import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { uuidv7 } from '../../lib/ids';
import { StorefrontApp } from '../storefronts/entities';

/**
 * Where a storefront app wants to hear of events: an https URL, the event types it subscribes to
 * and the `whsec_` secret that signs what is sent there. The secret is stored as is (the server has
 * no key to encrypt it with, and it must be readable to sign): whoever reads this table can sign as
 * the API, so database access is as sensitive as the secret keys of the storefront apps.
 */
@Entity({ tableName: 'webhook_endpoint' })
@Index({ name: 'webhook_endpoint_app', properties: ['storefrontApp', 'createdAt', 'id'] })
export class WebhookEndpoint {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** The storefront app (storefronts module) the endpoint belongs to; deleted with it. */
  @ManyToOne(() => StorefrontApp, { deleteRule: 'cascade' })
  storefrontApp: StorefrontApp;

  @Property({ type: 'text' })
  url: string;

  /** Event types such as "order.paid" (events.ts). */
  @Property({ type: 'text[]' })
  eventTypes: string[];

  /** `whsec_` + base64 of 32 random bytes. */
  @Property({ type: 'text' })
  secret: string;

  /** The secret before the last rotation: it signs too until previousSecretExpiresAt. */
  @Property({ type: 'text', nullable: true })
  previousSecret: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  previousSecretExpiresAt: Date | null = null;

  @Property({ type: 'boolean', default: true })
  enabled: boolean = true;

  /** Why the endpoint stopped (410 Gone, 5 days of failures, an operator); null while enabled. */
  @Property({ type: 'text', nullable: true })
  disabledReason: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  disabledAt: Date | null = null;

  /** When the current run of failed attempts began; null after a success. Five days of it disables the endpoint. */
  @Property({ type: 'timestamptz', nullable: true })
  failingSince: Date | null = null;

  /** While a process is sending this endpoint's deliveries (one process at a time, in sequence order): until when it may. */
  @Property({ type: 'timestamptz', nullable: true })
  busyUntil: Date | null = null;

  /** The sequence number the endpoint's last delivery took: the next one takes this + 1 (a conditional update … returning). */
  @Property({ type: 'bigint', default: 0 })
  lastSequence: string = '0';

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();
}

/**
 * One event, as every endpoint receives it (apart from its sequence number). `position` orders the
 * events as they were written; fan-out (delivery.ts) gives them to endpoints in that order.
 */
@Entity({ tableName: 'webhook_event' })
@Index({ name: 'webhook_event_created', properties: ['createdAt'] })
@Index({ name: 'webhook_event_pending', expression: 'create index "webhook_event_pending" on "webhook_event" ("position") where "fanned_out_at" is null' })
export class WebhookEvent {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'bigint', autoincrement: true, unique: 'webhook_event_position_unique' })
  position: string;

  /** What made the event, once: e.g. "order_event:42" (the outbox event), so a redelivered source event adds nothing. */
  @Property({ type: 'text', unique: 'webhook_event_source_unique' })
  source: string;

  @Property({ type: 'text' })
  type: string;

  /** The storefront app the event belongs to (an order's); null for events of no app (a withdrawal). */
  @ManyToOne(() => StorefrontApp, { nullable: true, index: 'webhook_event_app', deleteRule: 'cascade' })
  storefrontApp: StorefrontApp | null = null;

  /** The endpoint a test event is for; null for every other event. */
  @ManyToOne(() => WebhookEndpoint, { nullable: true, index: 'webhook_event_endpoint', deleteRule: 'cascade' })
  endpoint: WebhookEndpoint | null = null;

  /** e.g. "order" and the order's global id. */
  @Property({ type: 'text' })
  resourceType: string;

  @Property({ type: 'text' })
  resourceId: string;

  /** Grows with each change of the resource: a consumer keeps the highest it applied. */
  @Property({ type: 'bigint' })
  resourceVersion: string;

  @Property({ type: 'jsonb' })
  data: Record<string, unknown>;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  fannedOutAt: Date | null = null;
}

/** One event for one endpoint: sent until a 2xx answers, on the retry schedule, at least once. */
@Entity({ tableName: 'webhook_delivery' })
@Unique({ name: 'webhook_delivery_endpoint_event', properties: ['endpoint', 'event'] })
@Index({ name: 'webhook_delivery_endpoint', properties: ['endpoint', 'sequence'] })
@Index({ name: 'webhook_delivery_event', properties: ['event'] })
@Index({ name: 'webhook_delivery_created', properties: ['createdAt'] })
@Index({
  name: 'webhook_delivery_due',
  expression: `create index "webhook_delivery_due" on "webhook_delivery" ("endpoint_id", "next_attempt_at", "sequence") where "status" = 'pending'`,
})
export class WebhookDelivery {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => WebhookEndpoint, { deleteRule: 'cascade' })
  endpoint: WebhookEndpoint;

  @ManyToOne(() => WebhookEvent, { deleteRule: 'cascade' })
  event: WebhookEvent;

  @Property({ type: 'bigint' })
  sequence: string;

  /** pending, delivered, failed (the schedule ran out). */
  @Property({ type: 'text' })
  status: string = 'pending';

  /** Attempts since the delivery was created or last replayed (the schedule's position). */
  @Property({ type: 'int', default: 0 })
  attempts: number = 0;

  @Property({ type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  lastAttemptAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

/** One HTTP request of a delivery and what answered it: the delivery log, kept 30 days. */
@Entity({ tableName: 'webhook_attempt' })
@Index({ name: 'webhook_attempt_delivery', properties: ['delivery', 'attemptedAt'] })
@Index({ name: 'webhook_attempt_at', properties: ['attemptedAt'] })
export class WebhookAttempt {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => WebhookDelivery, { deleteRule: 'cascade' })
  delivery: WebhookDelivery;

  @Property({ type: 'timestamptz' })
  attemptedAt: Date = new Date();

  /** The HTTP status; null when no answer came (refused address, timeout, connection error). */
  @Property({ type: 'int', nullable: true })
  statusCode: number | null = null;

  @Property({ type: 'int' })
  durationMs: number;

  /** The first kilobyte of the answer's body. */
  @Property({ type: 'text', nullable: true })
  responseExcerpt: string | null = null;

  @Property({ type: 'text', nullable: true })
  error: string | null = null;

  @Property({ type: 'boolean' })
  success: boolean;
}

import type { ModuleManifest } from '../manifest';
import { WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent } from './entities';
import { registerWebhookJobs } from './jobs';
import { WebhookResolver, webhookDeliveryNode, webhookEndpointNode } from './resolver';
import { ORDER_EVENT_TYPES, publishOrderEvent, publishOrderEvents } from './subscribers';

/**
 * Webhooks: storefront apps' endpoints, events signed the Standard Webhooks way and delivered at
 * least once from every API process, with a 30-day delivery log. Order events come from the order
 * outbox; other modules publish theirs with publishWebhookEvent (events.ts) in their own
 * transactions, so this module sits right after orders, before every module that publishes.
 */
export const webhooksModule: ModuleManifest = {
  name: 'webhooks',
  entities: [WebhookEndpoint, WebhookEvent, WebhookDelivery, WebhookAttempt],
  resolvers: [WebhookResolver],
  nodeTypes: { WebhookEndpoint: webhookEndpointNode, WebhookDelivery: webhookDeliveryNode },
  orderEventSubscribers: ORDER_EVENT_TYPES.map((event) => ({ event, handler: publishOrderEvent, many: publishOrderEvents })),
  jobs: ({ queue, fork, logger, webhookSettings }) => registerWebhookJobs(queue, fork, webhookSettings, logger),
};

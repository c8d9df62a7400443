import { Arg, Args, ArgsType, Ctx, Field, ID, Mutation, Query, Resolver } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { forbidden, unauthenticated } from '../../lib/errors';
import { idOf, toGlobalId } from '../../lib/ids';
import { mapConnection, PageArgs, pageCost } from '../../lib/pagination';
import { payload } from '../../lib/payload';
import type { RequestContext } from '../../lib/request-context';
import type { NodeFetcher } from '../manifest';
import { deliveryBody, WEBHOOK_SETTINGS } from './delivery';
import { attemptsOf, endpointById, findDeliveries, listDeliveries, listEndpoints, type AttemptRow, type DeliveryRow, type EndpointRow } from './reads';
import { WebhookService, type AppScope } from './service';
import {
  DeleteWebhookEndpointPayload,
  WebhookDelivery,
  WebhookDeliveryConnection,
  WebhookDeliveryPayload,
  WebhookDeliveryStatus,
  WebhookEndpoint,
  WebhookEndpointConnection,
  WebhookEndpointCreateInput,
  WebhookEndpointPayload,
  WebhookEndpointSecretPayload,
  WebhookEndpointUpdateInput,
  WebhookEventTypeValue,
  WebhookReplayPayload,
} from './types';

/** Attempts shown per delivery. */
const ATTEMPTS_SHOWN = 20;

export const webhookService = (ctx: RequestContext) => new WebhookService(ctx.em, ctx.need(WEBHOOK_SETTINGS));

/** Operators manage every app's endpoints; a storefront app's secret key its own app's. Anyone else is refused. */
function scopeOf(ctx: RequestContext): AppScope {
  if (ctx.isOperator) return null;
  if (ctx.storefront?.keyKind === 'secret') return ctx.storefront.appId;
  if (!ctx.viewer) throw unauthenticated("Sign in as an operator, or call with the storefront app's secret key");
  throw forbidden("Only operators and the storefront app's secret key may manage its webhooks");
}

const date = (v: string | null) => (v ? new Date(v) : null);

function endpointView(e: EndpointRow): WebhookEndpoint {
  return {
    __typename: 'WebhookEndpoint',
    id: toGlobalId('WebhookEndpoint', e.id),
    storefrontAppId: toGlobalId('StorefrontApp', e.storefront_app_id),
    url: e.url,
    eventTypes: e.event_types as WebhookEventTypeValue[],
    enabled: e.enabled,
    disabledReason: e.disabled_reason,
    disabledAt: date(e.disabled_at),
    failingSince: date(e.failing_since),
    previousSecretExpiresAt:
      e.previous_secret_expires_at && new Date(e.previous_secret_expires_at) > new Date() ? new Date(e.previous_secret_expires_at) : null,
    createdAt: new Date(e.created_at),
  } as WebhookEndpoint;
}

function deliveryView(d: DeliveryRow, attempts: AttemptRow[]): WebhookDelivery {
  return {
    __typename: 'WebhookDelivery',
    id: toGlobalId('WebhookDelivery', d.id),
    endpointId: toGlobalId('WebhookEndpoint', d.endpoint_id),
    eventId: d.event_id,
    eventType: d.type,
    sequence: d.sequence,
    resourceType: d.resource_type,
    resourceId: d.resource_id,
    resourceVersion: d.resource_version,
    status: d.status as WebhookDeliveryStatus,
    attemptCount: d.attempts,
    nextAttemptAt: date(d.next_attempt_at),
    deliveredAt: date(d.delivered_at),
    createdAt: new Date(d.created_at),
    payload: deliveryBody(d),
    attempts: attempts
      .filter((a) => a.delivery_id === d.id)
      .map((a) => ({
        attemptedAt: new Date(a.attempted_at),
        statusCode: a.status_code,
        durationMs: a.duration_ms,
        responseExcerpt: a.response_excerpt,
        error: a.error,
        success: a.success,
      })),
  } as WebhookDelivery;
}

async function deliveryOf(ctx: RequestContext, where: Parameters<typeof findDeliveries>[1], scope: AppScope): Promise<WebhookDelivery | null> {
  const [row] = await findDeliveries(ctx.em, where, scope);
  return row ? deliveryView(row, await attemptsOf(ctx.em, [row.id], ATTEMPTS_SHOWN)) : null;
}

const scopeOrNull = (ctx: RequestContext): AppScope | undefined =>
  ctx.isOperator ? null : ctx.storefront?.keyKind === 'secret' ? ctx.storefront.appId : undefined;

export const webhookEndpointNode: NodeFetcher = async (ctx, id) => {
  const scope = scopeOrNull(ctx);
  if (scope === undefined) return null;
  const row = await endpointById(ctx.em, id);
  return row && (scope === null || row.storefront_app_id === scope) ? endpointView(row) : null;
};

export const webhookDeliveryNode: NodeFetcher = async (ctx, id) => {
  const scope = scopeOrNull(ctx);
  return scope === undefined ? null : deliveryOf(ctx, { id }, scope);
};

@ArgsType()
class DeliveryArgs extends PageArgs {
  @Field(() => ID, { description: 'The endpoint whose deliveries to list.' })
  endpointId: string;

  @Field(() => WebhookDeliveryStatus, { nullable: true, description: 'Only deliveries in this status.' })
  status?: WebhookDeliveryStatus | null;

  @Field(() => WebhookEventTypeValue, { nullable: true, description: 'Only deliveries of this event type.' })
  eventType?: WebhookEventTypeValue | null;
}

@ArgsType()
class EndpointArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: "Only this app's endpoints (operators; a secret key sees only its own app's)." })
  storefrontAppId?: string | null;
}

const endpointId = (id: string) => idOf('WebhookEndpoint', id);

@Resolver(() => WebhookEndpoint)
export class WebhookResolver {
  @Query(() => WebhookEndpointConnection, {
    complexity: pageCost,
    description: "Webhook endpoints, newest first. Operators see every app's (or one app's); a storefront app's secret key its own app's.",
  })
  async webhookEndpoints(@Args() args: EndpointArgs, @Ctx() ctx: RequestContext) {
    const scope = scopeOf(ctx);
    const named = args.storefrontAppId != null ? (idOf('StorefrontApp', args.storefrontAppId) ?? '00000000-0000-0000-0000-000000000000') : null;
    const app = scope ?? named;
    const page =
      scope !== null && named !== null && named !== scope
        ? listEndpoints(ctx.em, '00000000-0000-0000-0000-000000000000', args)
        : listEndpoints(ctx.em, app, args);
    return mapConnection(await page, endpointView);
  }

  @Query(() => WebhookDeliveryConnection, {
    complexity: pageCost,
    description: 'The deliveries of an endpoint (the last 30 days), newest first, with their attempts; filtered by status and event type.',
  })
  async webhookDeliveries(@Args() args: DeliveryArgs, @Ctx() ctx: RequestContext) {
    const scope = scopeOf(ctx);
    const id = endpointId(args.endpointId);
    const endpoint = id ? await endpointById(ctx.em, id) : null;
    const visible = endpoint && (scope === null || endpoint.storefront_app_id === scope);
    const page = await listDeliveries(
      ctx.em,
      { endpointId: visible ? endpoint.id : '00000000-0000-0000-0000-000000000000', status: args.status, eventType: args.eventType },
      args,
    );
    const attempts = await attemptsOf(
      ctx.em,
      page.nodes.map((d) => d.id),
      ATTEMPTS_SHOWN,
    );
    return mapConnection(page, (d) => deliveryView(d, attempts));
  }

  @Mutation(() => WebhookEndpointSecretPayload, {
    description: "Creates a webhook endpoint; its signing secret is in the payload, shown once. Operators, or the app's secret key for its own app.",
  })
  createWebhookEndpoint(
    @Arg('input', () => WebhookEndpointCreateInput, { description: 'The endpoint.' }) input: WebhookEndpointCreateInput,
    @Ctx() ctx: RequestContext,
  ): Promise<WebhookEndpointSecretPayload> {
    const scope = scopeOf(ctx);
    return payload(
      async () => {
        const app = input.storefrontAppId != null ? (idOf('StorefrontApp', input.storefrontAppId) ?? '00000000-0000-0000-0000-000000000000') : null;
        const { endpoint, secret } = await ctx.use(webhookService).create(scope, app, { url: input.url, eventTypes: input.eventTypes });
        return { endpoint: endpointView(endpoint), secret };
      },
      { endpoint: null, secret: null },
    );
  }

  @Mutation(() => WebhookEndpointPayload, {
    description: "Changes an endpoint's URL or event types, or disables or enables it. Operators, or the app's secret key.",
  })
  updateWebhookEndpoint(
    @Arg('id', () => ID, { description: 'The endpoint.' }) id: string,
    @Arg('input', () => WebhookEndpointUpdateInput, { description: 'The changes.' }) input: WebhookEndpointUpdateInput,
    @Ctx() ctx: RequestContext,
  ): Promise<WebhookEndpointPayload> {
    const scope = scopeOf(ctx);
    return payload(async () => ({ endpoint: endpointView(await ctx.use(webhookService).update(scope, endpointId(id), input)) }), { endpoint: null });
  }

  @Mutation(() => WebhookEndpointSecretPayload, {
    description:
      "Gives an endpoint a new signing secret (in the payload, shown once); the previous one keeps signing too for 24 hours. Operators, or the app's secret key.",
  })
  rotateWebhookEndpointSecret(
    @Arg('id', () => ID, { description: 'The endpoint.' }) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<WebhookEndpointSecretPayload> {
    const scope = scopeOf(ctx);
    return payload(
      async () => {
        const { endpoint, secret } = await ctx.use(webhookService).rotateSecret(scope, endpointId(id));
        return { endpoint: endpointView(endpoint), secret };
      },
      { endpoint: null, secret: null },
    );
  }

  @Mutation(() => DeleteWebhookEndpointPayload, { description: "Deletes an endpoint with its deliveries and their log. Operators, or the app's secret key." })
  deleteWebhookEndpoint(@Arg('id', () => ID, { description: 'The endpoint.' }) id: string, @Ctx() ctx: RequestContext): Promise<DeleteWebhookEndpointPayload> {
    const scope = scopeOf(ctx);
    return payload(async () => ({ deletedEndpointId: toGlobalId('WebhookEndpoint', await ctx.use(webhookService).delete(scope, endpointId(id))) }), {
      deletedEndpointId: null,
    });
  }

  @Mutation(() => WebhookDeliveryPayload, {
    description:
      'Sends a "webhook.test" event to one enabled endpoint, whatever it subscribes to; the delivery is attempted at once. Operators, or the app\'s secret key.',
  })
  sendWebhookTestEvent(@Arg('id', () => ID, { description: 'The endpoint.' }) id: string, @Ctx() ctx: RequestContext): Promise<WebhookDeliveryPayload> {
    const scope = scopeOf(ctx);
    return payload(
      async () => {
        const endpoint = endpointId(id);
        const eventId = await ctx.use(webhookService).sendTestEvent(scope, endpoint);
        return { delivery: await deliveryOf(ctx, { eventId, endpointId: endpoint! }, scope) };
      },
      { delivery: null },
    );
  }

  @Mutation(() => WebhookDeliveryPayload, {
    description: "Sends one delivery again from the start of the retry schedule, with the same webhook-id and sequence. Operators, or the app's secret key.",
  })
  replayWebhookDelivery(@Arg('id', () => ID, { description: 'The delivery.' }) id: string, @Ctx() ctx: RequestContext): Promise<WebhookDeliveryPayload> {
    const scope = scopeOf(ctx);
    return payload(
      async () => {
        const deliveryId = await ctx.use(webhookService).replayDelivery(scope, idOf('WebhookDelivery', id));
        return { delivery: await deliveryOf(ctx, { id: deliveryId }, scope) };
      },
      { delivery: null },
    );
  }

  @Mutation(() => WebhookReplayPayload, {
    description:
      "Sends an endpoint everything since a time again (at most 30 days back): its deliveries of events that recent go back on the schedule, and events it subscribes to but never got (while disabled) are queued with new sequence numbers. Operators, or the app's secret key.",
  })
  replayWebhookDeliveries(
    @Arg('endpointId', () => ID, { description: 'The endpoint.' }) id: string,
    @Arg('since', () => GraphQLDateTimeISO, { description: 'Events written at or after this time; at most 30 days ago.' }) since: Date,
    @Ctx() ctx: RequestContext,
  ): Promise<WebhookReplayPayload> {
    const scope = scopeOf(ctx);
    return payload(async () => ({ queued: await ctx.use(webhookService).replaySince(scope, endpointId(id), since) }), { queued: null });
  }
}

import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { range } from '../../lib/bounds';
import { badInput, forbidden } from '../../lib/errors';
import { idOf, NO_SUCH_ID, toGlobalId } from '../../lib/ids';
import { mapConnection, PageArgs, pageCost } from '../../lib/pagination';
import { payload } from '../../lib/payload';
import { listenerScope } from '../../lib/pg-pubsub';
import type { RequestContext } from '../../lib/request-context';
import { catalogLoaders } from '../catalog/loaders';
import { visibleProduct } from '../catalog/resolver';
import { Product, Sku } from '../catalog/types';
import { skuView } from '../catalog/views';
import type { NodeFetcher } from '../manifest';
import type { LiveSessionStatus } from './entities';
import type { LiveEventMessage } from './events';
import type { SessionTransition } from './lifecycle';
import { LIVE_PRESENCE } from './presence';
import { liveLoaders, LiveReads, liveReader } from './reads';
import { liveActor, liveService } from './service';
import { liveEventStream } from './stream';
import {
  AddLiveItemInput,
  ChangeLiveItemQuotaInput,
  CreateLiveSessionInput,
  LiveItem,
  LiveItemPayload,
  LiveSession,
  LiveSessionConnection,
  LiveSessionEvent,
  LiveSessionFilter,
  LiveSessionPayload,
  MAX_SEQ,
  UpdateLiveItemInput,
  UpdateLiveSessionInput,
} from './types';
import { eventView, itemView, sessionView, type LiveItemView, type LiveSessionView } from './views';

const sessionId = (id: string) => idOf('LiveSession', id);
const itemId = (id: string) => idOf('LiveItem', id);

async function visibleSession(ctx: RequestContext, id: string): Promise<LiveSessionView | null> {
  const row = await new LiveReads(ctx.em).session(liveReader(ctx), id);
  return row ? sessionView(row) : null;
}

/** An item, seen by whoever sees its session. */
async function visibleItem(ctx: RequestContext, id: string): Promise<{ item: LiveItemView; session: LiveSessionView } | null> {
  const row = await new LiveReads(ctx.em).item(id);
  const session = row ? await visibleSession(ctx, row.session_id) : null;
  return row && session ? { item: itemView(row, session.pinnedItemDbId), session } : null;
}

export const liveSessionNode: NodeFetcher = (ctx, id) => visibleSession(ctx, id);
export const liveItemNode: NodeFetcher = async (ctx, id) => (await visibleItem(ctx, id))?.item ?? null;

async function sessionPayload(ctx: RequestContext, id: string): Promise<{ session: LiveSession | null }> {
  return { session: await visibleSession(ctx, id) };
}

async function itemPayload(ctx: RequestContext, id: string): Promise<{ item: LiveItem | null; session: LiveSession | null }> {
  const found = await visibleItem(ctx, id);
  return { item: found?.item ?? null, session: found?.session ?? null };
}

/** Hosts run their own sessions, operators all: a signed-in caller, checked in the service against the session's host. */
@Resolver(() => LiveSession)
export class LiveSessionResolver {
  @Query(() => LiveSession, {
    nullable: true,
    description:
      'A live session: status, pinned item, lineup with stock left and sold, and `lastSeq` to follow on with liveSessionEvents. Storefronts see the sessions shown on their app, hosts their own, operators all; null otherwise.',
  })
  liveSession(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'The session.' }) id: string): Promise<LiveSession | null> {
    return visibleSession(ctx, sessionId(id) ?? NO_SUCH_ID);
  }

  @Query(() => LiveSessionConnection, {
    complexity: pageCost,
    description: 'Live sessions, latest scheduled first: for storefronts those shown on their app (and a host their own), for operators all.',
  })
  async liveSessions(
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('filter', () => LiveSessionFilter, { nullable: true, description: 'Narrows the list.' }) filter?: LiveSessionFilter | null,
  ) {
    const connection = await new LiveReads(ctx.em).list(
      liveReader(ctx),
      {
        statuses: filter?.statuses?.map((s) => s.toLowerCase() as LiveSessionStatus),
        hostId: filter?.hostId != null ? (idOf('Account', filter.hostId) ?? NO_SUCH_ID) : null,
        storefrontAppId: filter?.storefrontAppId != null ? (idOf('StorefrontApp', filter.storefrontAppId) ?? NO_SUCH_ID) : null,
      },
      page,
    );
    return mapConnection(connection, sessionView);
  }

  @FieldResolver(() => [LiveItem], {
    description: 'The lineup by position: items on sale and off sale; with includeRemoved, removed ones too (for its host and operators).',
  })
  async lineup(
    @Root() session: LiveSessionView,
    @Ctx() ctx: RequestContext,
    @Arg('includeRemoved', () => Boolean, { defaultValue: false, description: 'Removed items too: for its host and operators.' }) includeRemoved: boolean,
  ): Promise<LiveItem[]> {
    if (includeRemoved && !ctx.isOperator && idOf('Account', session.host.accountId) !== ctx.viewer?.accountId)
      throw forbidden('Only its host and operators see removed items');
    const loaders = ctx.use(liveLoaders);
    const items = await (includeRemoved ? loaders.fullLineup : loaders.lineup).load(session.dbId);
    return items.map((i) => itemView(i, session.pinnedItemDbId));
  }

  @FieldResolver(() => [ID], {
    description:
      'The storefront apps it shows on (StorefrontApp ids): every one for its host and operators; for anyone else only the app they call through, which sees its own sessions only.',
  })
  storefrontAppIds(@Root() session: LiveSessionView, @Ctx() ctx: RequestContext): string[] {
    if (ctx.isOperator || idOf('Account', session.host.accountId) === ctx.viewer?.accountId) return session.storefrontAppIds;
    const own = ctx.storefront ? toGlobalId('StorefrontApp', ctx.storefront.appId) : null;
    return session.storefrontAppIds.filter((id) => id === own);
  }

  @FieldResolver(() => LiveItem, { nullable: true, description: 'The item being presented now (讲解中); null when none.' })
  async pinnedItem(@Root() session: LiveSessionView, @Ctx() ctx: RequestContext): Promise<LiveItem | null> {
    if (!session.pinnedItemDbId) return null;
    const item = (await ctx.use(liveLoaders).lineup.load(session.dbId)).find((i) => i.id === session.pinnedItemDbId);
    return item ? itemView(item, session.pinnedItemDbId) : null;
  }

  @FieldResolver(() => Int, { description: 'Distinct viewers it ever had (a signed-in account counts once; each anonymous connection once).' })
  uniqueViewers(@Root() session: LiveSessionView, @Ctx() ctx: RequestContext): Promise<number> {
    return ctx.use(liveLoaders).uniqueViewers.load(session.dbId);
  }

  @Authorized()
  @Mutation(() => LiveSessionPayload, {
    description:
      'Schedules a live session. Operators create one for any host (a member or a content author); a member or content author creates their own, shown on the storefront app they call through.',
  })
  createLiveSession(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CreateLiveSessionInput, { description: 'The session.' }) input: CreateLiveSessionInput,
  ): Promise<LiveSessionPayload> {
    return payload(
      async () => {
        const id = await ctx.use(liveService).createSession(liveActor(ctx), {
          ...input,
          hostId: input.hostId == null ? null : (idOf('Account', input.hostId) ?? NO_SUCH_ID),
          storefrontAppIds: input.storefrontAppIds?.map((a) => idOf('StorefrontApp', a)),
        });
        return sessionPayload(ctx, id);
      },
      { session: null },
    );
  }

  @Authorized()
  @Mutation(() => LiveSessionPayload, {
    description: "Changes a session's details (its host or operators). Once ENDED only the replay URL can still be given.",
  })
  updateLiveSession(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'The session.' }) id: string,
    @Arg('input', () => UpdateLiveSessionInput, { description: 'The changes.' }) input: UpdateLiveSessionInput,
  ): Promise<LiveSessionPayload> {
    return payload(
      async () => {
        const target = sessionId(id);
        await ctx.use(liveService).updateSession(liveActor(ctx), target, {
          ...input,
          storefrontAppIds: input.storefrontAppIds?.map((a) => idOf('StorefrontApp', a)),
        });
        return sessionPayload(ctx, target!);
      },
      { session: null },
    );
  }

  private move(ctx: RequestContext, id: string, name: SessionTransition): Promise<LiveSessionPayload> {
    return payload(
      async () => {
        const target = sessionId(id);
        await ctx.use(liveService).move(liveActor(ctx), target, name);
        return sessionPayload(ctx, target!);
      },
      { session: null },
    );
  }

  @Authorized()
  @Mutation(() => LiveSessionPayload, { description: 'Goes live: SCHEDULED → LIVE. Its host or operators.' })
  startLiveSession(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'The session.' }) id: string): Promise<LiveSessionPayload> {
    return this.move(ctx, id, 'start');
  }

  @Authorized()
  @Mutation(() => LiveSessionPayload, { description: 'Pauses: LIVE → PAUSED. Its host or operators.' })
  pauseLiveSession(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'The session.' }) id: string): Promise<LiveSessionPayload> {
    return this.move(ctx, id, 'pause');
  }

  @Authorized()
  @Mutation(() => LiveSessionPayload, { description: 'Resumes: PAUSED → LIVE. Its host or operators.' })
  resumeLiveSession(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'The session.' }) id: string): Promise<LiveSessionPayload> {
    return this.move(ctx, id, 'resume');
  }

  @Authorized()
  @Mutation(() => LiveSessionPayload, {
    description: 'Ends it: LIVE or PAUSED → ENDED; the pin is cleared and every quota left goes back to stock. Its host or operators.',
  })
  endLiveSession(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'The session.' }) id: string): Promise<LiveSessionPayload> {
    return this.move(ctx, id, 'end');
  }

  @Authorized()
  @Mutation(() => LiveSessionPayload, {
    description: 'Calls it off before it starts: SCHEDULED → CANCELLED; every quota goes back to stock. Its host or operators.',
  })
  cancelLiveSession(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'The session.' }) id: string): Promise<LiveSessionPayload> {
    return this.move(ctx, id, 'cancel');
  }

  @Authorized()
  @Mutation(() => LiveSessionPayload, { description: 'Stops presenting the pinned item (NOTHING_PINNED when none is). Its host or operators.' })
  unpinLiveItem(@Ctx() ctx: RequestContext, @Arg('sessionId', () => ID, { description: 'The session.' }) id: string): Promise<LiveSessionPayload> {
    return payload(
      async () => {
        const target = sessionId(id);
        await ctx.use(liveService).unpin(liveActor(ctx), target);
        return sessionPayload(ctx, target!);
      },
      { session: null },
    );
  }

  @Subscription(() => LiveSessionEvent, {
    subscribe: ({ args, context }: { args: { sessionId: string; after?: number | null }; context: RequestContext }) => subscribeToEvents(context, args),
    description:
      'A live session\'s events, numbered: first every event after `after` (kept for the session\'s life and a day), then each as it happens, from whichever API process made it — nothing lost, nothing twice. Without `after`, from now (take a snapshot\'s lastSeq to follow on from it). Each subscriber counts as a viewer while subscribed: a signed-in one once however many connections it has; an anonymous one once per X-Visitor-Id connection parameter (an id the client makes up and keeps, 8 to 64 letters, digits, "-" or "_"), or once per connection without one. Completes after the session ends or is cancelled. Refused with BAD_USER_INPUT (field sessionId) when there is no such session or the caller may not see it.',
  })
  liveSessionEvents(
    @Root() message: LiveEventMessage,
    @Arg('sessionId', () => ID, { description: 'The session.' }) _sessionId: string,
    @Arg('after', () => Int, { nullable: true, ...range(0, MAX_SEQ, 'Replay the events numbered after this one (the last one seen).') }) _after?: number | null,
  ): LiveSessionEvent {
    return eventView(message);
  }
}

async function subscribeToEvents(ctx: RequestContext, args: { sessionId: string; after?: number | null }): Promise<AsyncIterable<LiveEventMessage>> {
  const listener = listenerScope.getStore();
  if (!listener) throw new Error('subscriptions are served over WebSocket only');
  const session = await visibleSession(ctx, sessionId(args.sessionId) ?? NO_SUCH_ID);
  if (!session) throw badInput('No live session you may watch has this id', 'sessionId');
  const presence = ctx.need(LIVE_PRESENCE);
  const connection = await presence.join(session.dbId, ctx.viewer?.accountId ?? null, ctx.visitorId);
  return liveEventStream(listener, ctx.em, session.dbId, args.after ?? null, () => {
    presence.leave(connection).catch(() => undefined);
  });
}

@Resolver(() => LiveItem)
export class LiveItemResolver {
  @FieldResolver(() => Sku, { nullable: true, description: 'The SKU; null when its product is no longer visible to the caller.' })
  async sku(@Root() item: LiveItemView, @Ctx() ctx: RequestContext): Promise<Sku | null> {
    const row = await ctx.use(catalogLoaders).sku.load(item.skuDbId);
    return row && (await visibleProduct(ctx, row.product_id)) ? skuView(row) : null;
  }

  @FieldResolver(() => Product, { nullable: true, description: 'The product; null when it is no longer visible to the caller.' })
  product(@Root() item: LiveItemView, @Ctx() ctx: RequestContext): Promise<Product | null> {
    return visibleProduct(ctx, item.productDbId);
  }

  @Authorized()
  @Mutation(() => LiveItemPayload, {
    description:
      "Adds a SKU to a session's lineup at a live price, with a live stock quota carved out of the SKU's stock at once (INSUFFICIENT_STOCK when it has less). Its host or operators.",
  })
  addLiveItem(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => AddLiveItemInput, { description: 'The item.' }) input: AddLiveItemInput,
  ): Promise<LiveItemPayload> {
    return payload(
      async () => {
        const id = await ctx.use(liveService).addItem(liveActor(ctx), sessionId(input.sessionId), { ...input, skuId: idOf('Sku', input.skuId) });
        return itemPayload(ctx, id);
      },
      { item: null, session: null },
    );
  }

  @Authorized()
  @Mutation(() => LiveItemPayload, {
    description: "Changes a lineup item's live price (also while live), limit, position or sale state. Its host or operators.",
  })
  updateLiveItem(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => UpdateLiveItemInput, { description: 'The changes.' }) input: UpdateLiveItemInput,
  ): Promise<LiveItemPayload> {
    return payload(
      async () => {
        const target = itemId(input.itemId);
        const { livePrice, perCustomerLimit, clearPerCustomerLimit, position, onSale } = input;
        await ctx.use(liveService).updateItem(liveActor(ctx), target, { livePrice, perCustomerLimit, clearPerCustomerLimit, position, onSale });
        return itemPayload(ctx, target!);
      },
      { item: null, session: null },
    );
  }

  @Authorized()
  @Mutation(() => LiveItemPayload, {
    description: "Raises an item's quota (carved from the SKU's stock) or lowers it (given back to the SKU's stock). Its host or operators.",
  })
  changeLiveItemQuota(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ChangeLiveItemQuotaInput, { description: 'The item and the change.' }) input: ChangeLiveItemQuotaInput,
  ): Promise<LiveItemPayload> {
    return payload(
      async () => {
        const target = itemId(input.itemId);
        await ctx.use(liveService).changeQuota(liveActor(ctx), target, input.change, input.idempotencyKey);
        return itemPayload(ctx, target!);
      },
      { item: null, session: null },
    );
  }

  @Authorized()
  @Mutation(() => LiveItemPayload, { description: "Removes an item from the lineup: its quota left goes back to the SKU's stock. Its host or operators." })
  removeLiveItem(@Ctx() ctx: RequestContext, @Arg('itemId', () => ID, { description: 'The item.' }) id: string): Promise<LiveItemPayload> {
    return payload(
      async () => {
        const target = itemId(id);
        await ctx.use(liveService).removeItem(liveActor(ctx), target);
        return itemPayload(ctx, target!);
      },
      { item: null, session: null },
    );
  }

  @Authorized()
  @Mutation(() => LiveItemPayload, {
    description:
      'Pins an item (讲解中): pinning another unpins the first. Only while LIVE or PAUSED, and only an item on sale with stock left. Its host or operators.',
  })
  pinLiveItem(@Ctx() ctx: RequestContext, @Arg('itemId', () => ID, { description: 'The item.' }) id: string): Promise<LiveItemPayload> {
    return payload(
      async () => {
        const target = itemId(id);
        await ctx.use(liveService).pin(liveActor(ctx), target);
        return itemPayload(ctx, target!);
      },
      { item: null, session: null },
    );
  }
}

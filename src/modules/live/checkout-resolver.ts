import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { DomainError } from '../../lib/errors';
import { idOf, NO_SUCH_ID, toGlobalId } from '../../lib/ids';
import { payload } from '../../lib/payload';
import type { RequestContext } from '../../lib/request-context';
import { Role } from '../../lib/roles';
import { orderLoaders, OrderReads } from '../orders/reads';
import { orderView } from '../orders/views';
import { liveCheckoutService } from './checkout';
import { LiveErrorCode as E } from './errors';
import { sessionReport } from './report';
import { LiveReads, liveReader } from './reads';
import { LiveCart, LiveCartPayload, LiveCheckoutInput, LiveCheckoutPayload, LiveSessionReport, SetLiveCartLineInput } from './types';

function storefrontOf(ctx: RequestContext): string {
  if (!ctx.storefront) throw new DomainError(E.SESSION_NOT_FOUND, 'Live carts and orders belong to a storefront app: send its key', null);
  return ctx.storefront.appId;
}

async function cartView(ctx: RequestContext, sessionId: string): Promise<LiveCart> {
  const lines = await ctx.use(liveCheckoutService).cart(ctx.viewer!.accountId, sessionId);
  return { sessionId: toGlobalId('LiveSession', sessionId), lines: lines.map((l) => ({ itemId: toGlobalId('LiveItem', l.item_id), quantity: l.quantity })) };
}

/** The live cart, the live checkout (customers, through a storefront app) and the session report (its host and operators). */
@Resolver()
export class LiveCheckoutResolver {
  @Authorized(Role.CUSTOMER)
  @Query(() => LiveCart, { nullable: true, description: 'Your live cart in a session shown on this storefront app; null when there is no such session.' })
  async liveCart(@Ctx() ctx: RequestContext, @Arg('sessionId', () => ID, { description: 'The session.' }) id: string): Promise<LiveCart | null> {
    const session = await new LiveReads(ctx.em).session(liveReader(ctx), idOf('LiveSession', id) ?? NO_SUCH_ID);
    return session && ctx.storefront ? cartView(ctx, session.id) : null;
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => LiveCartPayload, {
    description:
      'Sets how many of a lineup item your live cart of its session holds (0 takes it out): while the session is LIVE or PAUSED, for an item on sale, within its per-customer limit, at most 20 lines.',
  })
  setLiveCartLine(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SetLiveCartLineInput, { description: 'The item and how many.' }) input: SetLiveCartLineInput,
  ): Promise<LiveCartPayload> {
    return payload(
      async () => {
        const sessionId = await ctx
          .use(liveCheckoutService)
          .setCartLine(ctx.viewer!.accountId, storefrontOf(ctx), idOf('LiveItem', input.itemId), input.quantity);
        return { cart: await cartView(ctx, sessionId) };
      },
      { cart: null },
    );
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => LiveCheckoutPayload, {
    description:
      "Places an order of lineup items (the lines given, or your live cart) at their live prices, through the ordinary checkout: the units come out of the items' live quota (ITEM_SOLD_OUT when less is left; never more than the quota), within each item's per-customer limit counting your other live orders (LIMIT_EXCEEDED), attributed to the session and its host. Pay within the session's time to pay, or the order is cancelled and its units go back.",
  })
  checkoutLive(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => LiveCheckoutInput, { description: 'What to buy and where to ship it.' }) input: LiveCheckoutInput,
  ): Promise<LiveCheckoutPayload> {
    return payload(
      async () => {
        const buyer = { accountId: ctx.viewer!.accountId, role: ctx.viewer!.role, storefrontAppId: storefrontOf(ctx) };
        const { orderId, placed } = await ctx.use(liveCheckoutService).place(buyer, {
          sessionId: idOf('LiveSession', input.sessionId),
          lines: input.lines?.map((l) => ({ itemId: idOf('LiveItem', l.itemId), quantity: l.quantity })) ?? null,
          shippingAddress: input.shippingAddress,
          addressId: input.addressId != null ? (idOf('SavedAddress', input.addressId) ?? NO_SUCH_ID) : null,
          idempotencyKey: input.idempotencyKey,
        });
        if (!placed) return { order: orderView((await new OrderReads(ctx.em).order(orderId))!) };
        ctx.use(orderLoaders).linesByOrder.prime(orderId, placed.lines);
        return { order: orderView(placed.order) };
      },
      { order: null },
    );
  }

  @Authorized()
  @Query(() => LiveSessionReport, {
    nullable: true,
    description:
      "A session's sales and audience: unique and peak viewers, orders, units, GMV, refunds, conversion (buyers / unique viewers), and per item sold and left. Its host and operators; null for anyone else or no such session.",
  })
  async liveSessionReport(
    @Ctx() ctx: RequestContext,
    @Arg('sessionId', () => ID, { description: 'The session.' }) id: string,
  ): Promise<LiveSessionReport | null> {
    const session = await new LiveReads(ctx.em).session(liveReader(ctx), idOf('LiveSession', id) ?? NO_SUCH_ID);
    if (!session || (!ctx.isOperator && session.host_id !== ctx.viewer?.accountId)) return null;
    return sessionReport(ctx.em, session.id);
  }
}

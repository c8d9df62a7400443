import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { maxChars } from '../../lib/bounds';
import { DomainError } from '../../lib/errors';
import { idOf, NO_SUCH_ID } from '../../lib/ids';
import { mapConnection, PageArgs, pageCost, RESULTS_COST } from '../../lib/pagination';
import { payload } from '../../lib/payload';
import type { RequestContext } from '../../lib/request-context';
import type { NodeFetcher } from '../manifest';
import { Role } from '../../lib/roles';
import { OrderErrorCode } from '../orders/errors';
import { OrderReads } from '../orders/reads';
import { orderView } from '../orders/views';
import { CampaignService } from './campaigns';
import { GroupBuyErrorCode as E } from './errors';
import { SESSION_DEADLINE } from './jobs';
import { groupBuyCheckout, MAX_SHARE_TOKEN_LENGTH } from './join';
import { campaignSkusLoader } from './loaders';
import type { SessionProgressMessage } from './notify';
import { GroupBuyReads } from './reads';
import {
  GroupBuyCampaign,
  GroupBuyCampaignConnection,
  GroupBuyCampaignCreateInput,
  GroupBuyCampaignPayload,
  GroupBuyCampaignResults,
  GroupBuyCampaignSku,
  GroupBuyCampaignUpdateInput,
  GroupBuyCheckoutPayload,
  GroupBuyMembershipConnection,
  GroupBuySession,
  GroupBuySessionConnection,
  GroupBuySessionProgress,
  JoinGroupBuyInput,
  StartGroupBuyInput,
} from './types';
import { campaignSkuView, campaignView, membershipView, progressView, resultsView, sessionView } from './views';
import { checkoutService } from '../orders/checkout';
import { JOB_QUEUE } from '../../lib/jobs';

/** The type-graphql PubSub topic of session progress (fed by PostgreSQL NOTIFY, see src/lib/pg-pubsub.ts). */
export const SESSION_TOPIC = 'GROUP_BUY_SESSION';

export const groupBuyMembershipNode: NodeFetcher = async (ctx, id) => {
  if (!ctx.viewer) return null;
  const row = await new GroupBuyReads(ctx.em).membership(id, ctx.isOperator ? null : ctx.viewer.accountId);
  return row ? membershipView(row) : null;
};
export const groupBuyCampaignNode: NodeFetcher = async (ctx, id) => {
  const row = await new GroupBuyReads(ctx.em).campaign(id);
  return row ? campaignView(row) : null;
};
export const groupBuySessionNode: NodeFetcher = async (ctx, id) => {
  const row = await new GroupBuyReads(ctx.em).session(id);
  return row ? sessionView(row) : null;
};

async function campaignPayload(ctx: RequestContext, id: string) {
  return { campaign: campaignView((await new GroupBuyReads(ctx.em).campaign(id))!) };
}

@Resolver(() => GroupBuyCampaign)
export class GroupBuyCampaignResolver {
  @Query(() => GroupBuyCampaign, { nullable: true, description: 'A group-buy campaign; null when there is none with this id.' })
  async groupBuyCampaign(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'The campaign.' }) id: string): Promise<GroupBuyCampaign | null> {
    const row = await new GroupBuyReads(ctx.em).campaign(idOf('GroupBuyCampaign', id) ?? NO_SUCH_ID);
    return row ? campaignView(row) : null;
  }

  @Query(() => GroupBuyCampaignConnection, {
    complexity: pageCost,
    description: "Group-buy campaigns taking new sessions now, newest first; with productId, that product's.",
  })
  async runningGroupBuyCampaigns(
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('productId', () => ID, { nullable: true, description: "Only this product's campaigns." }) productId?: string,
  ) {
    const connection = await new GroupBuyReads(ctx.em).campaigns(page, {
      productId: productId != null ? (idOf('Product', productId) ?? NO_SUCH_ID) : null,
      running: true,
    });
    return mapConnection(connection, campaignView);
  }

  @Authorized(Role.OPERATOR)
  @Query(() => GroupBuyCampaignConnection, { complexity: pageCost, description: 'Every group-buy campaign, newest first. Operators only.' })
  async groupBuyCampaigns(
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('productId', () => ID, { nullable: true, description: "Only this product's campaigns." }) productId?: string,
  ) {
    const connection = await new GroupBuyReads(ctx.em).campaigns(page, { productId: productId != null ? (idOf('Product', productId) ?? NO_SUCH_ID) : null });
    return mapConnection(connection, campaignView);
  }

  @FieldResolver(() => [GroupBuyCampaignSku], { description: 'The SKUs in the campaign with their group and leader prices.' })
  async skus(@Root() campaign: GroupBuyCampaign & { dbId: string; leaderDiscountFen: number }, @Ctx() ctx: RequestContext): Promise<GroupBuyCampaignSku[]> {
    return (await campaignSkusLoader(ctx).load(campaign.dbId)).map((s) => campaignSkuView(s, campaign.leaderDiscountFen));
  }

  @Authorized(Role.OPERATOR)
  @FieldResolver(() => GroupBuySessionConnection, {
    nullable: true,
    complexity: pageCost,
    description: "The campaign's sessions, newest first. Operators only (others get FORBIDDEN and null, the rest of the campaign still arrives).",
  })
  async sessions(@Root() campaign: GroupBuyCampaign & { dbId: string }, @Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    return mapConnection(await new GroupBuyReads(ctx.em).campaignSessions(campaign.dbId, page), sessionView);
  }

  @Authorized(Role.OPERATOR)
  @FieldResolver(() => GroupBuyCampaignResults, {
    nullable: true,
    complexity: RESULTS_COST,
    description:
      'How the campaign did: sessions by outcome, members paid and refunded. Operators only (others get FORBIDDEN and null, the rest of the campaign still arrives).',
  })
  async results(@Root() campaign: GroupBuyCampaign & { dbId: string }, @Ctx() ctx: RequestContext): Promise<GroupBuyCampaignResults> {
    return resultsView(await new GroupBuyReads(ctx.em).results(campaign.dbId));
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => GroupBuyCampaignPayload, { description: "Creates a group-buy campaign for a product's SKUs. Operators only." })
  createGroupBuyCampaign(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => GroupBuyCampaignCreateInput, { description: 'The campaign.' }) input: GroupBuyCampaignCreateInput,
  ): Promise<GroupBuyCampaignPayload> {
    return payload(
      async () => {
        const { campaignId } = await new CampaignService(ctx.em).create({
          ...input,
          productId: idOf('Product', input.productId),
          skus: input.skus.map((s) => ({ skuId: idOf('Sku', s.skuId), groupPrice: s.groupPrice })),
        });
        return campaignPayload(ctx, campaignId);
      },
      { campaign: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => GroupBuyCampaignPayload, { description: 'Changes a campaign that has not ended; omitted fields stay. Operators only.' })
  updateGroupBuyCampaign(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'The campaign.' }) id: string,
    @Arg('input', () => GroupBuyCampaignUpdateInput, { description: 'The changes.' }) input: GroupBuyCampaignUpdateInput,
  ): Promise<GroupBuyCampaignPayload> {
    return payload(
      async () => {
        const { clearAutoFill, ...rest } = input;
        const { campaignId } = await new CampaignService(ctx.em).update(idOf('GroupBuyCampaign', id), {
          ...rest,
          autoFillPercent: clearAutoFill ? null : (input.autoFillPercent ?? undefined),
          skus: input.skus?.map((s) => ({ skuId: idOf('Sku', s.skuId), groupPrice: s.groupPrice })),
        });
        return campaignPayload(ctx, campaignId);
      },
      { campaign: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => GroupBuyCampaignPayload, { description: 'Ends a campaign now: no new sessions; open ones run to their deadline. Operators only.' })
  endGroupBuyCampaign(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'The campaign.' }) id: string): Promise<GroupBuyCampaignPayload> {
    return payload(async () => campaignPayload(ctx, (await new CampaignService(ctx.em).end(idOf('GroupBuyCampaign', id))).campaignId), { campaign: null });
  }
}

@Resolver(() => GroupBuySession)
export class GroupBuySessionResolver {
  @Query(() => GroupBuySession, { nullable: true, description: "A session by its share token (what a friend's link carries); null when there is none." })
  async groupBuySession(
    @Ctx() ctx: RequestContext,
    @Arg('shareToken', maxChars(MAX_SHARE_TOKEN_LENGTH, 'The share token.')) shareToken: string,
  ): Promise<GroupBuySession | null> {
    const row = await new GroupBuyReads(ctx.em).sessionByToken(shareToken.trim());
    return row ? sessionView(row) : null;
  }

  @Query(() => GroupBuySessionConnection, {
    complexity: pageCost,
    description: "A product's sessions that can be joined now (open, a seat free, before the deadline), closest to their deadline first.",
  })
  async joinableGroupBuySessions(
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('productId', () => ID, { description: 'The product.' }) productId: string,
  ) {
    return mapConnection(await new GroupBuyReads(ctx.em).joinable(idOf('Product', productId) ?? NO_SUCH_ID, page), sessionView);
  }

  @Authorized(Role.CUSTOMER)
  @Query(() => GroupBuyMembershipConnection, { complexity: pageCost, description: 'Your seats in group-buy sessions, newest first.' })
  async myGroupBuySessions(@Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    return mapConnection(await new GroupBuyReads(ctx.em).mySessions(ctx.viewer!.accountId, page), membershipView);
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => GroupBuyCheckoutPayload, {
    description:
      'Opens a session (开团): places your order at the leader price; the session opens for friends when you pay it, and its deadline runs from now.',
  })
  startGroupBuy(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => StartGroupBuyInput, { description: 'The campaign, SKU and address.' }) input: StartGroupBuyInput,
  ): Promise<GroupBuyCheckoutPayload> {
    return this.checkout(ctx, { campaignId: idOf('GroupBuyCampaign', input.campaignId) }, input);
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => GroupBuyCheckoutPayload, {
    description:
      'Joins a session (参团) through its share token: holds a seat and places your order at the group price; you count once you pay. Refused before payment when the session is full.',
  })
  joinGroupBuy(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => JoinGroupBuyInput, { description: 'The share token, SKU and address.' }) input: JoinGroupBuyInput,
  ): Promise<GroupBuyCheckoutPayload> {
    return this.checkout(ctx, { shareToken: input.shareToken.trim() }, input);
  }

  private checkout(
    ctx: RequestContext,
    target: { campaignId: string | null } | { shareToken: string },
    input: StartGroupBuyInput | JoinGroupBuyInput,
  ): Promise<GroupBuyCheckoutPayload> {
    return payload(
      async () => {
        if (!ctx.storefront) throw new DomainError(OrderErrorCode.CART_NOT_FOUND, 'Orders belong to a storefront app: send its key', null);
        const skuId = idOf('Sku', input.skuId);
        if (!skuId) throw new DomainError(E.SKU_NOT_IN_CAMPAIGN, 'This SKU is not part of the group-buy campaign', ['input', 'skuId']);
        const activity = groupBuyCheckout(target);
        const buyer = { accountId: ctx.viewer!.accountId, role: ctx.viewer!.role, storefrontAppId: ctx.storefront.appId };
        const { orderId } = await ctx.use(checkoutService).place(buyer, {
          lines: [{ skuId, quantity: input.quantity ?? 1 }],
          shippingAddress: input.shippingAddress,
          idempotencyKey: input.idempotencyKey,
          activity,
        });
        const [order] = await ctx.em
          .getConnection()
          .execute<{ session_id: string; expires_at: string }[]>(
            'select m.session_id, s.expires_at from group_buy_member m join group_buy_session s on s.id = m.session_id where m.order_id = ?',
            [orderId],
          );
        // The deadline timer (one per session); the minute sweep covers a lost one.
        await ctx
          .need(JOB_QUEUE)
          ?.send(SESSION_DEADLINE, { sessionId: order.session_id }, { startAfter: new Date(order.expires_at), singletonKey: order.session_id })
          .catch(() => undefined);
        const reads = new GroupBuyReads(ctx.em);
        return { order: orderView((await new OrderReads(ctx.em).order(orderId))!), session: sessionView((await reads.session(order.session_id))!) };
      },
      { order: null, session: null },
    );
  }

  @Subscription(() => GroupBuySessionProgress, {
    topics: SESSION_TOPIC,
    topicId: ({ args }: { args: { shareToken: string } }) => args.shareToken,
    description:
      "A session's progress as it happens: a member paid (JOINED), it SUCCEEDED or FAILED, with the counts. Delivered from whichever API process made the change.",
  })
  groupBuySessionUpdated(
    @Root() message: SessionProgressMessage,
    @Arg('shareToken', maxChars(MAX_SHARE_TOKEN_LENGTH, "The session's share token.")) _shareToken: string,
  ): GroupBuySessionProgress {
    return progressView(message);
  }
}

import DataLoader from 'dataloader';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { maxChars } from '../../lib/bounds';
import { idOf, NO_SUCH_ID, toGlobalId } from '../../lib/ids';
import { mapConnection, PageArgs, pageCost, RESULTS_COST } from '../../lib/pagination';
import { payload } from '../../lib/payload';
import type { RequestContext } from '../../lib/request-context';
import { Role } from '../../lib/roles';
import { PAYMENT_PROVIDERS } from '../payments/providers';
import type { NodeFetcher } from '../manifest';
import { AssistCampaignService } from './campaigns';
import { AssistReads, type AssistRow } from './reads';
import { refundCompletedLinks } from './refunds';
import { AssistService, MAX_SHARE_TOKEN_LENGTH } from './service';
import {
  AssistCampaign,
  AssistCampaignConnection,
  AssistCampaignCreateInput,
  AssistCampaignPayload,
  AssistCampaignResults,
  AssistCampaignUpdateInput,
  AssistFriendInput,
  AssistFriendPayload,
  AssistLink,
  AssistLinkConnection,
  FriendAssist,
} from './types';
import { assistCampaignView, assistLinkView, assistResultsView, friendAssistView } from './views';

export const assistCampaignNode: NodeFetcher = async (ctx, id) => {
  const row = await new AssistReads(ctx.em).campaign(id);
  return row ? assistCampaignView(row) : null;
};
export const assistLinkNode: NodeFetcher = async (ctx, id) => {
  const row = await new AssistReads(ctx.em).link(id);
  return row ? assistLinkView(row) : null;
};

/** Per-request batching of links' assists. */
const assists = (ctx: RequestContext) =>
  new DataLoader<string, AssistRow[]>(async (ids) => {
    const found = await new AssistReads(ctx.em).assists(ids);
    return ids.map((id) => found.filter((a) => a.link_id === id));
  });

async function campaignPayload(ctx: RequestContext, id: string) {
  return { campaign: assistCampaignView((await new AssistReads(ctx.em).campaign(id))!) };
}

const appsOf = (ids: string[] | null | undefined) => ids?.map((id) => idOf('StorefrontApp', id));

@Resolver(() => AssistCampaign)
export class AssistCampaignResolver {
  @Query(() => AssistCampaign, { nullable: true, description: 'An assist-for-free campaign; null when there is none with this id.' })
  async assistCampaign(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'The campaign.' }) id: string): Promise<AssistCampaign | null> {
    const row = await new AssistReads(ctx.em).campaign(idOf('AssistCampaign', id) ?? NO_SUCH_ID);
    return row ? assistCampaignView(row) : null;
  }

  @Authorized(Role.OPERATOR)
  @Query(() => AssistCampaignConnection, { complexity: pageCost, description: 'Every assist-for-free campaign, newest first. Operators only.' })
  async assistCampaigns(@Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    return mapConnection(await new AssistReads(ctx.em).campaigns(page), assistCampaignView);
  }

  @Authorized(Role.OPERATOR)
  @FieldResolver(() => AssistCampaignResults, {
    nullable: true,
    complexity: RESULTS_COST,
    description: 'How the campaign did. Operators only (others get FORBIDDEN and null, the rest of the campaign still arrives).',
  })
  async results(@Root() c: AssistCampaign & { dbId: string }, @Ctx() ctx: RequestContext): Promise<AssistCampaignResults> {
    return assistResultsView(await new AssistReads(ctx.em).results(c.dbId));
  }

  @Authorized(Role.OPERATOR)
  @FieldResolver(() => AssistLinkConnection, {
    nullable: true,
    complexity: pageCost,
    description: "The campaign's links, newest first. Operators only (others get FORBIDDEN and null, the rest of the campaign still arrives).",
  })
  async links(@Root() c: AssistCampaign & { dbId: string }, @Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    return mapConnection(await new AssistReads(ctx.em).campaignLinks(c.dbId, page), assistLinkView);
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => AssistCampaignPayload, { description: 'Creates an assist-for-free campaign on a product. Operators only.' })
  createAssistCampaign(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => AssistCampaignCreateInput, { description: 'The campaign.' }) input: AssistCampaignCreateInput,
  ): Promise<AssistCampaignPayload> {
    return payload(
      async () =>
        campaignPayload(
          ctx,
          (
            await new AssistCampaignService(ctx.em).create({
              ...input,
              productId: idOf('Product', input.productId),
              storefrontAppIds: appsOf(input.storefrontAppIds),
            })
          ).campaignId,
        ),
      { campaign: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => AssistCampaignPayload, { description: 'Changes an assist campaign that has not ended; links given keep their terms. Operators only.' })
  updateAssistCampaign(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'The campaign.' }) id: string,
    @Arg('input', () => AssistCampaignUpdateInput, { description: 'The changes.' }) input: AssistCampaignUpdateInput,
  ): Promise<AssistCampaignPayload> {
    return payload(
      async () =>
        campaignPayload(
          ctx,
          (await new AssistCampaignService(ctx.em).update(idOf('AssistCampaign', id), { ...input, storefrontAppIds: appsOf(input.storefrontAppIds) }))
            .campaignId,
        ),
      { campaign: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => AssistCampaignPayload, { description: 'Ends an assist campaign: no new links; open ones run to their time. Operators only.' })
  endAssistCampaign(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'The campaign.' }) id: string): Promise<AssistCampaignPayload> {
    return payload(async () => campaignPayload(ctx, (await new AssistCampaignService(ctx.em).end(idOf('AssistCampaign', id))).campaignId), {
      campaign: null,
    });
  }
}

@Resolver(() => AssistLink)
export class AssistLinkResolver {
  @Query(() => AssistLink, { nullable: true, description: "An assist link by its share token (what a friend's link carries); null when there is none." })
  async assistLink(
    @Ctx() ctx: RequestContext,
    @Arg('shareToken', maxChars(MAX_SHARE_TOKEN_LENGTH, 'The share token.')) shareToken: string,
  ): Promise<AssistLink | null> {
    const row = await new AssistReads(ctx.em).linkByToken(shareToken.trim());
    return row ? assistLinkView(row) : null;
  }

  @Authorized(Role.CUSTOMER)
  @Query(() => AssistLinkConnection, { complexity: pageCost, description: 'Your assist links (one per eligible paid order), newest first.' })
  async myAssistLinks(@Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    return mapConnection(await new AssistReads(ctx.em).myLinks(ctx.viewer!.accountId, page), assistLinkView);
  }

  @FieldResolver(() => ID, { nullable: true, description: 'The order (an Order id); only its buyer and operators see it (null for anyone else).' })
  orderId(@Root() l: AssistLink & { buyerDbId: string; orderDbId: string }, @Ctx() ctx: RequestContext): string | null {
    if (!ctx.viewer || (ctx.viewer.accountId !== l.buyerDbId && !ctx.isOperator)) return null;
    return toGlobalId('Order', l.orderDbId);
  }

  @FieldResolver(() => [FriendAssist], { description: "Friends' assists, first first." })
  async assists(@Root() l: AssistLink & { dbId: string }, @Ctx() ctx: RequestContext): Promise<FriendAssist[]> {
    return (await ctx.use(assists).load(l.dbId)).map(friendAssistView);
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => AssistFriendPayload, {
    description:
      "Assists a friend's free order, once (not your own). The assist that completes the link in time refunds the friend's order, exactly once. Refused with SHARING_GAMES_OFF where the storefront app turned the sharing games off.",
  })
  async assistFriend(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => AssistFriendInput, { description: 'The link.' }) input: AssistFriendInput,
  ): Promise<AssistFriendPayload> {
    return payload(
      async () => {
        const { linkId, completed } = await new AssistService(ctx.em).assist(
          ctx.viewer!.accountId,
          ctx.storefront?.appId ?? null,
          input.shareToken.trim(),
          input.idempotencyKey,
        );
        // The refund right away; if the provider fails, the minute sweep retries (the link stays COMPLETED).
        if (completed) await refundCompletedLinks(() => ctx.em.fork(), ctx.need(PAYMENT_PROVIDERS), undefined, [linkId]).catch(() => 0);
        return { link: assistLinkView((await new AssistReads(ctx.em).link(linkId))!) };
      },
      { link: null },
    );
  }
}

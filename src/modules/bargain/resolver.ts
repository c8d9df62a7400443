import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { maxChars } from '../../lib/bounds';
import { DomainError } from '../../lib/errors';
import { idOf, NO_SUCH_ID, toGlobalId } from '../../lib/ids';
import { money } from '../../lib/money';
import { mapConnection, PageArgs, pageCost, RESULTS_COST } from '../../lib/pagination';
import { payload } from '../../lib/payload';
import type { RequestContext } from '../../lib/request-context';
import type { NodeFetcher } from '../manifest';
import { Role } from '../../lib/roles';
import { OrderErrorCode } from '../orders/errors';
import { OrderReads } from '../orders/reads';
import { orderView } from '../orders/views';
import { BargainCampaignService } from './campaigns';
import { BargainErrorCode } from './errors';
import { cutsLoader } from './loaders';
import { bargainCheckout } from './checkout';
import { BargainReads } from './reads';
import { BargainService, MAX_SHARE_TOKEN_LENGTH } from './service';
import {
  Bargain,
  BargainCampaign,
  BargainCampaignConnection,
  BargainCampaignCreateInput,
  BargainCampaignPayload,
  BargainCampaignResults,
  BargainCampaignUpdateInput,
  BargainConnection,
  BargainCut,
  BargainPayload,
  BuyBargainInput,
  BuyBargainPayload,
  HelpBargainInput,
  StartBargainInput,
} from './types';
import { bargainCampaignView, bargainResultsView, bargainView, cutView } from './views';
import { checkoutService } from '../orders/checkout';

export const bargainCampaignNode: NodeFetcher = async (ctx, id) => {
  const row = await new BargainReads(ctx.em).campaign(id);
  return row ? bargainCampaignView(row) : null;
};
export const bargainNode: NodeFetcher = async (ctx, id) => {
  const row = await new BargainReads(ctx.em).bargain(id);
  return row ? bargainView(row) : null;
};

async function campaignPayload(ctx: RequestContext, id: string) {
  return { campaign: bargainCampaignView((await new BargainReads(ctx.em).campaign(id))!) };
}

const skuOf = (id: string | null | undefined) => (id == null ? id : idOf('Sku', id));

@Resolver(() => BargainCampaign)
export class BargainCampaignResolver {
  @Query(() => BargainCampaign, { nullable: true, description: 'A bargain campaign; null when there is none with this id.' })
  async bargainCampaign(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'The campaign.' }) id: string): Promise<BargainCampaign | null> {
    const row = await new BargainReads(ctx.em).campaign(idOf('BargainCampaign', id) ?? NO_SUCH_ID);
    return row ? bargainCampaignView(row) : null;
  }

  @Authorized(Role.OPERATOR)
  @Query(() => BargainCampaignConnection, { complexity: pageCost, description: 'Every bargain campaign, newest first. Operators only.' })
  async bargainCampaigns(@Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    return mapConnection(await new BargainReads(ctx.em).campaigns(page), bargainCampaignView);
  }

  @Authorized(Role.OPERATOR)
  @FieldResolver(() => BargainCampaignResults, {
    nullable: true,
    complexity: RESULTS_COST,
    description: 'How the campaign did. Operators only (others get FORBIDDEN and null, the rest of the campaign still arrives).',
  })
  async results(@Root() c: BargainCampaign & { dbId: string }, @Ctx() ctx: RequestContext): Promise<BargainCampaignResults> {
    return bargainResultsView(await new BargainReads(ctx.em).results(c.dbId));
  }

  @Authorized(Role.OPERATOR)
  @FieldResolver(() => BargainConnection, {
    nullable: true,
    complexity: pageCost,
    description: "The campaign's bargains, newest first. Operators only (others get FORBIDDEN and null, the rest of the campaign still arrives).",
  })
  async bargains(@Root() c: BargainCampaign & { dbId: string }, @Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    return mapConnection(await new BargainReads(ctx.em).campaignBargains(c.dbId, page), bargainView);
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => BargainCampaignPayload, { description: 'Creates a bargain campaign for a SKU. Operators only.' })
  createBargainCampaign(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => BargainCampaignCreateInput, { description: 'The campaign.' }) input: BargainCampaignCreateInput,
  ): Promise<BargainCampaignPayload> {
    return payload(
      async () => campaignPayload(ctx, (await new BargainCampaignService(ctx.em).create({ ...input, skuId: skuOf(input.skuId) ?? null })).campaignId),
      { campaign: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => BargainCampaignPayload, { description: 'Changes a bargain campaign that has not ended. Operators only.' })
  updateBargainCampaign(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'The campaign.' }) id: string,
    @Arg('input', () => BargainCampaignUpdateInput, { description: 'The changes.' }) input: BargainCampaignUpdateInput,
  ): Promise<BargainCampaignPayload> {
    return payload(async () => campaignPayload(ctx, (await new BargainCampaignService(ctx.em).update(idOf('BargainCampaign', id), input)).campaignId), {
      campaign: null,
    });
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => BargainCampaignPayload, { description: 'Ends a bargain campaign: no new bargains; those going on run to their time. Operators only.' })
  endBargainCampaign(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'The campaign.' }) id: string): Promise<BargainCampaignPayload> {
    return payload(async () => campaignPayload(ctx, (await new BargainCampaignService(ctx.em).end(idOf('BargainCampaign', id))).campaignId), {
      campaign: null,
    });
  }
}

@Resolver(() => Bargain)
export class BargainResolver {
  @Query(() => Bargain, { nullable: true, description: "A bargain by its share token (what a friend's link carries); null when there is none." })
  async bargain(
    @Ctx() ctx: RequestContext,
    @Arg('shareToken', maxChars(MAX_SHARE_TOKEN_LENGTH, 'The share token.')) shareToken: string,
  ): Promise<Bargain | null> {
    const row = await new BargainReads(ctx.em).bargainByToken(shareToken.trim());
    return row ? bargainView(row) : null;
  }

  @Authorized(Role.CUSTOMER)
  @Query(() => BargainConnection, { complexity: pageCost, description: 'Your bargains, newest first.' })
  async myBargains(@Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    return mapConnection(await new BargainReads(ctx.em).myBargains(ctx.viewer!.accountId, page), bargainView);
  }

  @FieldResolver(() => ID, {
    nullable: true,
    description: 'The order that bought it (an Order id), once ordered; only its starter and operators see it (null for anyone else).',
  })
  orderId(@Root() b: Bargain & { starterDbId: string; orderDbId: string | null }, @Ctx() ctx: RequestContext): string | null {
    if (!b.orderDbId || !ctx.viewer || (ctx.viewer.accountId !== b.starterDbId && !ctx.isOperator)) return null;
    return toGlobalId('Order', b.orderDbId);
  }

  @FieldResolver(() => [BargainCut], { description: "The friends' cuts, first first." })
  async cuts(@Root() b: Bargain & { dbId: string }, @Ctx() ctx: RequestContext): Promise<BargainCut[]> {
    return (await cutsLoader(ctx).load(b.dbId)).map(cutView);
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => BargainPayload, { description: 'Starts a bargain of a campaign at its start price; share its token for friends to cut.' })
  startBargain(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => StartBargainInput, { description: 'The campaign.' }) input: StartBargainInput,
  ): Promise<BargainPayload> {
    return payload(
      async () => {
        const { bargainId } = await new BargainService(ctx.em).start(ctx.viewer!.accountId, idOf('BargainCampaign', input.campaignId));
        return { bargain: bargainView((await new BargainReads(ctx.em).bargain(bargainId))!), cut: null };
      },
      { bargain: null, cut: null },
    );
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => BargainPayload, {
    description: "Helps a friend: cuts their bargain's price once (not your own). The last helper needed lands it exactly on the floor.",
  })
  helpBargain(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => HelpBargainInput, { description: 'The bargain to cut.' }) input: HelpBargainInput,
  ): Promise<BargainPayload> {
    return payload(
      async () => {
        const { bargainId, amount } = await new BargainService(ctx.em).help(ctx.viewer!.accountId, input.shareToken.trim());
        return { bargain: bargainView((await new BargainReads(ctx.em).bargain(bargainId))!), cut: money(amount) };
      },
      { bargain: null, cut: null },
    );
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => BuyBargainPayload, {
    description: 'Buys your bargain at the price reached, once, through the normal order flow; pay the order as any other.',
  })
  buyBargain(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => BuyBargainInput, { description: 'The bargain and address.' }) input: BuyBargainInput,
  ): Promise<BuyBargainPayload> {
    return payload(
      async () => {
        if (!ctx.storefront) throw new DomainError(OrderErrorCode.CART_NOT_FOUND, 'Orders belong to a storefront app: send its key', null);
        const bargainId = idOf('Bargain', input.bargainId);
        const [row] = bargainId
          ? await ctx.em
              .getConnection()
              .execute<{ sku_id: string }[]>('select c.sku_id from bargain b join bargain_campaign c on c.id = b.campaign_id where b.id = ?', [bargainId])
          : [];
        if (!row) throw new DomainError(BargainErrorCode.BARGAIN_NOT_FOUND, 'No bargain of yours has this id', ['input', 'bargainId']);
        const buyer = { accountId: ctx.viewer!.accountId, role: ctx.viewer!.role, storefrontAppId: ctx.storefront.appId };
        const { orderId } = await ctx.use(checkoutService).place(buyer, {
          lines: [{ skuId: row.sku_id, quantity: 1 }],
          shippingAddress: input.shippingAddress,
          idempotencyKey: input.idempotencyKey,
          activity: bargainCheckout(bargainId),
        });
        return {
          order: orderView((await new OrderReads(ctx.em).order(orderId))!),
          bargain: bargainView((await new BargainReads(ctx.em).bargain(bargainId!))!),
        };
      },
      { order: null, bargain: null },
    );
  }
}

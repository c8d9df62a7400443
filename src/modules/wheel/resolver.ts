import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { idOf, NO_SUCH_ID, toGlobalId } from '../../lib/ids';
import { mapConnection, PageArgs, pageCost, RESULTS_COST } from '../../lib/pagination';
import { payload } from '../../lib/payload';
import type { RequestContext } from '../../lib/request-context';
import { Role } from '../../lib/roles';
import { operatorDay } from '../coupons/queries';
import type { NodeFetcher } from '../manifest';
import { WheelCampaignService } from './campaigns';
import { earnWheelChance } from './chances';
import { drawWheel } from './draw';
import { wheelPrizesLoader } from './loaders';
import { WheelReads } from './reads';
import {
  AddWheelPrizeInput,
  DrawWheelInput,
  DrawWheelPayload,
  EarnWheelChanceInput,
  WheelCampaign,
  WheelCampaignConnection,
  WheelCampaignCreateInput,
  WheelCampaignPayload,
  WheelCampaignResults,
  WheelCampaignUpdateInput,
  WheelChanceSourceEnum,
  WheelChances,
  WheelChancesPayload,
  WheelDraw,
  WheelDrawConnection,
  WheelPrize,
} from './types';
import { wheelCampaignView, wheelChancesView, wheelDrawView, wheelPrizeView, wheelResultsView, type WheelCampaignView, type WheelDrawView } from './views';

export const wheelCampaignNode: NodeFetcher = async (ctx, id) => {
  const row = await new WheelReads(ctx.em).campaign(id);
  return row ? wheelCampaignView(row) : null;
};

/** A draw is its customer's, and everyone's once its campaign has ended (so it can be recomputed); operators see all. */
export const wheelDrawNode: NodeFetcher = async (ctx, id) => {
  const reads = new WheelReads(ctx.em);
  const row = await reads.draw(id);
  if (!row) return null;
  if (ctx.isOperator || ctx.viewer?.accountId === row.customer_id) return wheelDrawView(row);
  return (await reads.campaign(row.campaign_id))?.status === 'ended' ? wheelDrawView(row) : null;
};

const storefrontOf = (ctx: RequestContext) => ctx.storefront?.appId ?? null;
const appIdsOf = (ids: string[] | null | undefined) => (ids == null ? ids : ids.map((id) => idOf('StorefrontApp', id)));

async function campaignPayload(ctx: RequestContext, id: string) {
  return { campaign: wheelCampaignView((await new WheelReads(ctx.em).campaign(id))!) };
}

async function chancesOf(ctx: RequestContext, campaignId: string) {
  return wheelChancesView(await new WheelReads(ctx.em).chances(campaignId, ctx.viewer!.accountId, await operatorDay(ctx.em)));
}

@Resolver(() => WheelCampaign)
export class WheelCampaignResolver {
  @Query(() => WheelCampaign, { nullable: true, description: 'A lucky-wheel campaign: its slots, seed commitment, and after the end its seed and draws.' })
  async wheelCampaign(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'The campaign.' }) id: string): Promise<WheelCampaign | null> {
    const row = await new WheelReads(ctx.em).campaign(idOf('WheelCampaign', id) ?? NO_SUCH_ID);
    return row ? wheelCampaignView(row) : null;
  }

  @Query(() => WheelCampaignConnection, {
    complexity: pageCost,
    description: 'Lucky wheels running now on the storefront app the request comes through, newest first.',
  })
  async runningWheelCampaigns(@Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    return mapConnection(await new WheelReads(ctx.em).runningCampaigns(storefrontOf(ctx), page), wheelCampaignView);
  }

  @Authorized(Role.OPERATOR)
  @Query(() => WheelCampaignConnection, { complexity: pageCost, description: 'Every lucky-wheel campaign, newest first. Operators only.' })
  async wheelCampaigns(@Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    return mapConnection(await new WheelReads(ctx.em).allCampaigns(page), wheelCampaignView);
  }

  @FieldResolver(() => [WheelPrize], { description: 'The slots in slot order (slot 0: no prize): the weights every draw is mapped onto.' })
  async prizes(@Root() c: WheelCampaignView, @Ctx() ctx: RequestContext): Promise<WheelPrize[]> {
    return (await wheelPrizesLoader(ctx).load(c.dbId)).map(wheelPrizeView);
  }

  @FieldResolver(() => WheelDrawConnection, {
    nullable: true,
    complexity: pageCost,
    description:
      'Every draw, newest first: with the revealed seed anyone can recompute slotDrawn of each. Public once the campaign has ENDED; before, only an operator sees them (null for anyone else).',
  })
  async draws(@Root() c: WheelCampaignView, @Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    if (c.status !== 'ENDED' && !ctx.isOperator) return null;
    return mapConnection(await new WheelReads(ctx.em).campaignDraws(c.dbId, page), wheelDrawView);
  }

  @Authorized(Role.OPERATOR)
  @FieldResolver(() => WheelCampaignResults, {
    nullable: true,
    complexity: RESULTS_COST,
    description: 'How the campaign did. Operators only (others get FORBIDDEN and null, the rest of the campaign still arrives).',
  })
  async results(@Root() c: WheelCampaignView, @Ctx() ctx: RequestContext): Promise<WheelCampaignResults> {
    return wheelResultsView(await new WheelReads(ctx.em).results(c.dbId));
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => WheelCampaignPayload, { description: 'Creates a DRAFT lucky-wheel campaign and publishes its seed commitment. Operators only.' })
  createWheelCampaign(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => WheelCampaignCreateInput, { description: 'The campaign.' }) input: WheelCampaignCreateInput,
  ): Promise<WheelCampaignPayload> {
    return payload(
      async () => campaignPayload(ctx, await new WheelCampaignService(ctx.em).create({ ...input, storefrontAppIds: appIdsOf(input.storefrontAppIds) })),
      { campaign: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => WheelCampaignPayload, { description: 'Changes a lucky-wheel campaign that has not ended. Operators only.' })
  updateWheelCampaign(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'The campaign.' }) id: string,
    @Arg('input', () => WheelCampaignUpdateInput, { description: 'The changes.' }) input: WheelCampaignUpdateInput,
  ): Promise<WheelCampaignPayload> {
    return payload(
      async () =>
        campaignPayload(
          ctx,
          await new WheelCampaignService(ctx.em).update(idOf('WheelCampaign', id), { ...input, storefrontAppIds: appIdsOf(input.storefrontAppIds) }),
        ),
      { campaign: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => WheelCampaignPayload, { description: 'Adds a prize slot (a coupon, its weight and stock) to a DRAFT lucky wheel. Operators only.' })
  addWheelPrize(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => AddWheelPrizeInput, { description: 'The prize.' }) input: AddWheelPrizeInput,
  ): Promise<WheelCampaignPayload> {
    return payload(
      async () => {
        const campaignId = idOf('WheelCampaign', input.campaignId);
        await new WheelCampaignService(ctx.em).addPrize(campaignId, { ...input, templateId: idOf('CouponTemplate', input.templateId) });
        return campaignPayload(ctx, campaignId!);
      },
      { campaign: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => WheelCampaignPayload, { description: 'Starts a DRAFT lucky wheel: its slots and weights are fixed from now on. Operators only.' })
  startWheelCampaign(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'The campaign.' }) id: string): Promise<WheelCampaignPayload> {
    return payload(async () => campaignPayload(ctx, await new WheelCampaignService(ctx.em).start(idOf('WheelCampaign', id))), { campaign: null });
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => WheelCampaignPayload, { description: 'Ends a lucky wheel now and reveals its seed. Operators only.' })
  endWheelCampaign(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'The campaign.' }) id: string): Promise<WheelCampaignPayload> {
    return payload(async () => campaignPayload(ctx, await new WheelCampaignService(ctx.em).end(idOf('WheelCampaign', id))), { campaign: null });
  }
}

@Resolver(() => WheelDraw)
export class WheelDrawResolver {
  @Authorized(Role.CUSTOMER)
  @Query(() => WheelChances, { description: "Your chances on a wheel today (before your first draw today: the campaign's daily chances)." })
  async myWheelChances(@Ctx() ctx: RequestContext, @Arg('campaignId', () => ID, { description: 'The campaign.' }) campaignId: string): Promise<WheelChances> {
    return chancesOf(ctx, idOf('WheelCampaign', campaignId) ?? NO_SUCH_ID);
  }

  @Authorized(Role.CUSTOMER)
  @Query(() => WheelDrawConnection, { complexity: pageCost, description: 'Your draws, newest first; of one campaign when campaignId is given.' })
  async myWheelDraws(
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('campaignId', () => ID, { nullable: true, description: 'Only this campaign.' }) campaignId?: string | null,
  ) {
    const id = campaignId ? (idOf('WheelCampaign', campaignId) ?? NO_SUCH_ID) : null;
    return mapConnection(await new WheelReads(ctx.em).myDraws(ctx.viewer!.accountId, id, page), wheelDrawView);
  }

  @FieldResolver(() => WheelPrize, { description: 'The slot awarded.' })
  async prize(@Root() d: WheelDrawView, @Ctx() ctx: RequestContext): Promise<WheelPrize> {
    const slots = await wheelPrizesLoader(ctx).load(d.campaignDbId);
    return wheelPrizeView(slots.find((s) => s.slot === d.slotAwarded)!);
  }

  @FieldResolver(() => ID, { nullable: true, description: 'The coupon won (a Coupon id); only its owner and operators see it (null for anyone else).' })
  couponId(@Root() d: WheelDrawView, @Ctx() ctx: RequestContext): string | null {
    if (!d.couponDbId || !(ctx.isOperator || ctx.viewer?.accountId === d.customerDbId)) return null;
    return toGlobalId('Coupon', d.couponDbId);
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => DrawWheelPayload, {
    description:
      'Spins the wheel once: takes a chance of today and answers the slot to spin to. A drawn prize with no stock left falls to slot 0 (no prize). Send an idempotency key to make retries safe.',
  })
  drawWheel(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => DrawWheelInput, { description: 'The campaign.' }) input: DrawWheelInput,
  ): Promise<DrawWheelPayload> {
    return payload(
      async () => {
        const campaignId = idOf('WheelCampaign', input.campaignId);
        const drawId = await drawWheel(ctx.em, ctx.viewer!.accountId, campaignId, storefrontOf(ctx), input.idempotencyKey);
        const draw = wheelDrawView((await new WheelReads(ctx.em).draw(drawId))!);
        const slots = await wheelPrizesLoader(ctx).load(draw.campaignDbId);
        return {
          draw,
          prize: wheelPrizeView(slots.find((s) => s.slot === draw.slotAwarded)!),
          couponId: draw.couponDbId ? toGlobalId('Coupon', draw.couponDbId) : null,
          chances: await chancesOf(ctx, draw.campaignDbId),
        };
      },
      { draw: null, prize: null, couponId: null, chances: null },
    );
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => WheelChancesPayload, {
    description: "Earns chances on a wheel: by today's sign-in (once a day) or by sharing (up to the campaign's daily cap).",
  })
  earnWheelChance(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => EarnWheelChanceInput, { description: 'The campaign and source.' }) input: EarnWheelChanceInput,
  ): Promise<WheelChancesPayload> {
    return payload(
      async () => {
        const campaignId = idOf('WheelCampaign', input.campaignId);
        await earnWheelChance(
          ctx.em,
          ctx.viewer!.accountId,
          campaignId,
          storefrontOf(ctx),
          input.source === WheelChanceSourceEnum.SIGN_IN ? 'sign_in' : 'shares',
        );
        return { chances: await chancesOf(ctx, campaignId!) };
      },
      { chances: null },
    );
  }
}

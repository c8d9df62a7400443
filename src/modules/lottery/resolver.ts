import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { idOf, NO_SUCH_ID, toGlobalId } from '../../lib/ids';
import { JOB_QUEUE } from '../../lib/jobs';
import { mapConnection, PageArgs, pageCost, RESULTS_COST } from '../../lib/pagination';
import { payload } from '../../lib/payload';
import type { RequestContext } from '../../lib/request-context';
import { Role } from '../../lib/roles';
import type { NodeFetcher } from '../manifest';
import { LotteryCampaignService } from './campaigns';
import { drawLottery } from './draw';
import { enterLottery } from './enter';
import { LOTTERY_DRAW } from './jobs';
import { lotteryPrizesLoader } from './loaders';
import { LotteryReads } from './reads';
import {
  AddLotteryPrizeInput,
  EnterLotteryInput,
  EnterLotteryPayload,
  LotteryCampaign,
  LotteryCampaignConnection,
  LotteryCampaignCreateInput,
  LotteryCampaignPayload,
  LotteryCampaignResults,
  LotteryCampaignUpdateInput,
  LotteryEntry,
  LotteryEntryConnection,
  LotteryParticipation,
  LotteryPrize,
} from './types';
import {
  lotteryCampaignView,
  lotteryEntryView,
  lotteryPrizeView,
  lotteryResultsView,
  participationView,
  type LotteryCampaignView,
  type LotteryEntryView,
} from './views';

export const lotteryCampaignNode: NodeFetcher = async (ctx, id) => {
  const row = await new LotteryReads(ctx.em).campaign(id);
  return row ? lotteryCampaignView(row) : null;
};

/** An entry is its customer's, and everyone's once its lottery is drawn (so it can be checked); operators see all. */
export const lotteryEntryNode: NodeFetcher = async (ctx, id) => {
  const reads = new LotteryReads(ctx.em);
  const row = await reads.entry(id);
  if (!row) return null;
  if (ctx.isOperator || ctx.viewer?.accountId === row.customer_id) return lotteryEntryView(row);
  return (await reads.campaign(row.campaign_id))?.status === 'drawn' ? lotteryEntryView(row) : null;
};

const storefrontOf = (ctx: RequestContext) => ctx.storefront?.appId ?? null;
const appIdsOf = (ids: string[] | null | undefined) => (ids == null ? ids : ids.map((id) => idOf('StorefrontApp', id)));
const templateOf = (id: string | null | undefined) => (id == null ? id : (idOf('CouponTemplate', id) ?? undefined));

async function campaignPayload(ctx: RequestContext, id: string) {
  return { campaign: lotteryCampaignView((await new LotteryReads(ctx.em).campaign(id))!) };
}

/** The draw job for a lottery, now or at `at`; where no worker runs (tests), the sweep draws it. */
function scheduleDraw(ctx: RequestContext, campaignId: string, at?: Date): void {
  ctx.need(JOB_QUEUE)?.sendSoon(LOTTERY_DRAW, { campaignId }, { startAfter: at, singletonKey: `${campaignId}:${at ? 'deadline' : 'cap'}` });
}

@Resolver(() => LotteryCampaign)
export class LotteryCampaignResolver {
  @Query(() => LotteryCampaign, { nullable: true, description: 'A lottery: its tiers, seed commitment, and once drawn its seed and entries.' })
  async lotteryCampaign(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'The lottery.' }) id: string): Promise<LotteryCampaign | null> {
    const row = await new LotteryReads(ctx.em).campaign(idOf('LotteryCampaign', id) ?? NO_SUCH_ID);
    return row ? lotteryCampaignView(row) : null;
  }

  @Query(() => LotteryCampaignConnection, {
    complexity: pageCost,
    description: 'Lotteries taking entries now on the storefront app the request comes through, newest first.',
  })
  async openLotteryCampaigns(@Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    return mapConnection(await new LotteryReads(ctx.em).openCampaigns(storefrontOf(ctx), page), lotteryCampaignView);
  }

  @Authorized(Role.OPERATOR)
  @Query(() => LotteryCampaignConnection, { complexity: pageCost, description: 'Every lottery, newest first. Operators only.' })
  async lotteryCampaigns(@Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    return mapConnection(await new LotteryReads(ctx.em).allCampaigns(page), lotteryCampaignView);
  }

  @FieldResolver(() => [LotteryPrize], { description: 'The prize tiers in rank order.' })
  async prizes(@Root() c: LotteryCampaignView, @Ctx() ctx: RequestContext): Promise<LotteryPrize[]> {
    return (await lotteryPrizesLoader(ctx).load(c.dbId)).map(lotteryPrizeView);
  }

  @FieldResolver(() => LotteryEntryConnection, {
    nullable: true,
    complexity: pageCost,
    description:
      'Every entry with its ticket and prize, newest first: with the revealed seed anyone can check the draw. Public once DRAWN; before, only an operator sees them (null for anyone else).',
  })
  async entries(@Root() c: LotteryCampaignView, @Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    if (c.status !== 'DRAWN' && !ctx.isOperator) return null;
    return mapConnection(await new LotteryReads(ctx.em).campaignEntries(c.dbId, page), lotteryEntryView);
  }

  @Authorized(Role.OPERATOR)
  @FieldResolver(() => LotteryCampaignResults, {
    nullable: true,
    complexity: RESULTS_COST,
    description: 'How the lottery did. Operators only (others get FORBIDDEN and null, the rest of the lottery still arrives).',
  })
  async results(@Root() c: LotteryCampaignView, @Ctx() ctx: RequestContext): Promise<LotteryCampaignResults> {
    return lotteryResultsView(await new LotteryReads(ctx.em).results(c.dbId), c.entryCap);
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => LotteryCampaignPayload, { description: 'Creates a DRAFT lottery and publishes its seed commitment. Operators only.' })
  createLotteryCampaign(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => LotteryCampaignCreateInput, { description: 'The lottery.' }) input: LotteryCampaignCreateInput,
  ): Promise<LotteryCampaignPayload> {
    return payload(
      async () =>
        campaignPayload(
          ctx,
          await new LotteryCampaignService(ctx.em).create({
            ...input,
            storefrontAppIds: appIdsOf(input.storefrontAppIds),
            consolationTemplateId: templateOf(input.consolationTemplateId),
          }),
        ),
      { campaign: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => LotteryCampaignPayload, { description: 'Changes a DRAFT lottery. Operators only.' })
  updateLotteryCampaign(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'The lottery.' }) id: string,
    @Arg('input', () => LotteryCampaignUpdateInput, { description: 'The changes.' }) input: LotteryCampaignUpdateInput,
  ): Promise<LotteryCampaignPayload> {
    return payload(
      async () =>
        campaignPayload(
          ctx,
          await new LotteryCampaignService(ctx.em).update(idOf('LotteryCampaign', id), {
            ...input,
            storefrontAppIds: appIdsOf(input.storefrontAppIds),
            consolationTemplateId: templateOf(input.consolationTemplateId),
          }),
        ),
      { campaign: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => LotteryCampaignPayload, { description: 'Adds the next prize tier (a coupon and its number of winners) to a DRAFT lottery. Operators only.' })
  addLotteryPrize(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => AddLotteryPrizeInput, { description: 'The tier.' }) input: AddLotteryPrizeInput,
  ): Promise<LotteryCampaignPayload> {
    return payload(
      async () => {
        const campaignId = idOf('LotteryCampaign', input.campaignId);
        await new LotteryCampaignService(ctx.em).addPrize(campaignId, { ...input, templateId: idOf('CouponTemplate', input.templateId) });
        return campaignPayload(ctx, campaignId!);
      },
      { campaign: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => LotteryCampaignPayload, { description: 'Opens a DRAFT lottery to entries; its draw is scheduled for the deadline. Operators only.' })
  openLotteryCampaign(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'The lottery.' }) id: string): Promise<LotteryCampaignPayload> {
    return payload(
      async () => {
        const campaignId = idOf('LotteryCampaign', id);
        const { deadline } = await new LotteryCampaignService(ctx.em).open(campaignId);
        scheduleDraw(ctx, campaignId!, new Date(deadline));
        return campaignPayload(ctx, campaignId!);
      },
      { campaign: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => LotteryCampaignPayload, {
    description: 'Ends a lottery: an OPEN one is drawn now (entries close, winners drawn, seed revealed); a DRAFT one is cancelled. Operators only.',
  })
  endLotteryCampaign(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'The lottery.' }) id: string): Promise<LotteryCampaignPayload> {
    return payload(
      async () =>
        campaignPayload(ctx, await new LotteryCampaignService(ctx.em).end(idOf('LotteryCampaign', id), (campaignId) => drawLottery(ctx.em, campaignId, true))),
      { campaign: null },
    );
  }
}

@Resolver(() => LotteryEntry)
export class LotteryEntryResolver {
  @Authorized(Role.CUSTOMER)
  @Query(() => LotteryParticipation, { description: 'Your entries in a lottery: allowed, used, friends credited, your consolation coupon.' })
  async myLotteryParticipation(
    @Ctx() ctx: RequestContext,
    @Arg('campaignId', () => ID, { description: 'The lottery.' }) campaignId: string,
  ): Promise<LotteryParticipation> {
    return participationView(await new LotteryReads(ctx.em).participation(idOf('LotteryCampaign', campaignId) ?? NO_SUCH_ID, ctx.viewer!.accountId));
  }

  @Authorized(Role.CUSTOMER)
  @Query(() => LotteryEntryConnection, { complexity: pageCost, description: 'Your lottery entries, newest first; of one lottery when campaignId is given.' })
  async myLotteryEntries(
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('campaignId', () => ID, { nullable: true, description: 'Only this lottery.' }) campaignId?: string | null,
  ) {
    const id = campaignId ? (idOf('LotteryCampaign', campaignId) ?? NO_SUCH_ID) : null;
    return mapConnection(await new LotteryReads(ctx.em).myEntries(ctx.viewer!.accountId, id, page), lotteryEntryView);
  }

  @FieldResolver(() => ID, { nullable: true, description: 'The coupon won (a Coupon id); only its owner and operators see it (null for anyone else).' })
  couponId(@Root() e: LotteryEntryView, @Ctx() ctx: RequestContext): string | null {
    if (!e.couponDbId || !(ctx.isOperator || ctx.viewer?.accountId === e.customerDbId)) return null;
    return toGlobalId('Coupon', e.couponDbId);
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => EnterLotteryPayload, {
    description:
      'Enters a lottery: the first entry is free, each further one earned by a friend who entered with you as inviter. Send an idempotency key to make retries safe.',
  })
  enterLottery(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => EnterLotteryInput, { description: 'The lottery.' }) input: EnterLotteryInput,
  ): Promise<EnterLotteryPayload> {
    return payload(
      async () => {
        const campaignId = idOf('LotteryCampaign', input.campaignId);
        const inviterId = input.inviterId ? (idOf('Account', input.inviterId) ?? NO_SUCH_ID) : null;
        const entered = await enterLottery(ctx.em, ctx.viewer!.accountId, campaignId, storefrontOf(ctx), inviterId, input.idempotencyKey);
        if (entered.capReached) scheduleDraw(ctx, campaignId!);
        const reads = new LotteryReads(ctx.em);
        return {
          entry: lotteryEntryView((await reads.entry(entered.entryId))!),
          participation: participationView(await reads.participation(campaignId!, ctx.viewer!.accountId)),
        };
      },
      { entry: null, participation: null },
    );
  }
}

import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { idOf, toGlobalId } from '../../lib/ids';
import { keysetPage, mapConnection, PageArgs, pageCost } from '../../lib/pagination';
import { payload } from '../../lib/payload';
import { count, rows } from '../../lib/sql';
import type { RequestContext } from '../../lib/request-context';
import type { NodeFetcher } from '../manifest';
import { Role } from '../../lib/roles';
import { CouponReads, couponLoaders } from './reads';
import {
  ClaimSharePackInput,
  ClaimSharePackPayload,
  ShareCouponPackInput,
  SharePackCampaignConnection,
  SharePackCampaignInput,
  SharePackCampaignPayload,
  SharePackCampaignType,
  SharePackConnection,
  SharePackPayload,
  SharePackType,
} from './share-pack-types';
import { SharePackService } from './share-packs';
import { CouponTemplateType, CouponType } from './types';
import { couponView, templateView } from './views';
import { RATE_LIMITS } from '../../lib/throttle';

interface CampaignRow {
  id: string;
  name: string;
  template_id: string;
  reward_template_id: string;
  friends_needed: number;
  pack_size: number;
  ended_at: string | null;
  pack_count: string;
  claim_count: string;
  reward_count: string;
}
interface PackRow {
  id: string;
  campaign_id: string;
  token: string;
  claimed: number;
  reward_coupon_id: string | null;
}

const campaignView = (r: CampaignRow): SharePackCampaignType =>
  ({
    __typename: 'SharePackCampaign',
    id: toGlobalId('SharePackCampaign', r.id),
    templateDbId: r.template_id,
    rewardTemplateDbId: r.reward_template_id,
    name: r.name,
    friendsNeeded: r.friends_needed,
    packSize: r.pack_size,
    endedAt: r.ended_at == null ? null : new Date(r.ended_at),
    packCount: Number(r.pack_count),
    claimCount: Number(r.claim_count),
    rewardCount: Number(r.reward_count),
  }) as SharePackCampaignType;
const packView = (r: PackRow): SharePackType =>
  ({
    __typename: 'SharePack',
    id: toGlobalId('SharePack', r.id),
    campaignDbId: r.campaign_id,
    rewardCouponDbId: r.reward_coupon_id,
    token: r.token,
    claimed: r.claimed,
  }) as SharePackType;

function campaignQuery(ctx: RequestContext) {
  const knex = ctx.em.getKnex();
  return knex('share_pack_campaign as c').select(
    'c.id',
    'c.name',
    'c.template_id',
    'c.reward_template_id',
    'c.friends_needed',
    'c.pack_size',
    'c.ended_at',
    knex.raw('(select count(*) from share_pack p where p.campaign_id = c.id) as pack_count'),
    knex.raw('(select count(*) from share_pack_claim k where k.campaign_id = c.id) as claim_count'),
    knex.raw('(select count(p.reward_coupon_id) from share_pack p where p.campaign_id = c.id) as reward_count'),
  );
}
const PACK_COLUMNS = ['id', 'campaign_id', 'token', 'claimed', 'reward_coupon_id'];
const campaignById = async (ctx: RequestContext, id: string) => (await rows<CampaignRow>(ctx.em, campaignQuery(ctx).where('c.id', id)))[0] ?? null;
const packById = async (ctx: RequestContext, id: string) =>
  (await rows<PackRow>(ctx.em, ctx.em.getKnex()('share_pack').select(PACK_COLUMNS).where('id', id)))[0] ?? null;

export const sharePackCampaignNode: NodeFetcher = async (ctx, id) => {
  const row = await campaignById(ctx, id);
  return row && campaignView(row);
};

@Resolver(() => SharePackCampaignType)
export class SharePackCampaignResolver {
  @Authorized(Role.OPERATOR)
  @FieldResolver(() => Int, { nullable: true, description: 'Packs shared. Operators only (others get FORBIDDEN and null).' })
  packCount(@Root() root: SharePackCampaignType): number {
    return root.packCount;
  }

  @Authorized(Role.OPERATOR)
  @FieldResolver(() => Int, { nullable: true, description: 'Coupons claimed by friends. Operators only (others get FORBIDDEN and null).' })
  claimCount(@Root() root: SharePackCampaignType): number {
    return root.claimCount;
  }

  @Authorized(Role.OPERATOR)
  @FieldResolver(() => Int, { nullable: true, description: 'Sharer rewards issued. Operators only (others get FORBIDDEN and null).' })
  rewardCount(@Root() root: SharePackCampaignType): number {
    return root.rewardCount;
  }
  @Query(() => SharePackCampaignConnection, {
    complexity: pageCost,
    description: 'Share-pack campaigns, newest first, with their results (packs shared, coupons claimed, rewards issued).',
  })
  async sharePackCampaigns(@Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    const connection = await keysetPage<CampaignRow>(ctx.em, campaignQuery(ctx), page, [{ sql: 'c.id', direction: 'desc', value: (r) => r.id }], () =>
      count(ctx.em, ctx.em.getKnex()('share_pack_campaign')),
    );
    return mapConnection(connection, campaignView);
  }

  @FieldResolver(() => CouponTemplateType, { description: 'What friends get.' })
  async template(@Root() campaign: SharePackCampaignType, @Ctx() ctx: RequestContext): Promise<CouponTemplateType> {
    return templateView((await ctx.use(couponLoaders).template.load(campaign.templateDbId))!);
  }

  @FieldResolver(() => CouponTemplateType, { description: 'What the sharer gets once enough friends have claimed.' })
  async rewardTemplate(@Root() campaign: SharePackCampaignType, @Ctx() ctx: RequestContext): Promise<CouponTemplateType> {
    return templateView((await ctx.use(couponLoaders).template.load(campaign.rewardTemplateDbId))!);
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => SharePackCampaignPayload, { description: 'Creates a share-pack campaign. Operators only.' })
  createSharePackCampaign(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SharePackCampaignInput, { description: 'The campaign.' }) input: SharePackCampaignInput,
  ): Promise<SharePackCampaignPayload> {
    return payload(
      async () => {
        const id = await new SharePackService(ctx.em).createCampaign({
          ...input,
          templateId: idOf('CouponTemplate', input.templateId),
          rewardTemplateId: idOf('CouponTemplate', input.rewardTemplateId),
        });
        return { campaign: campaignView(await campaignById(ctx, id)) };
      },
      { campaign: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => SharePackCampaignPayload, { description: 'Ends a share-pack campaign: no more packs or claims. Operators only.' })
  endSharePackCampaign(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'The campaign.' }) id: string): Promise<SharePackCampaignPayload> {
    return payload(
      async () => ({ campaign: campaignView(await campaignById(ctx, await new SharePackService(ctx.em).endCampaign(idOf('SharePackCampaign', id)))) }),
      { campaign: null },
    );
  }
}

@Resolver(() => SharePackType)
export class SharePackResolver {
  @Authorized(Role.CUSTOMER)
  @Mutation(() => SharePackPayload, { description: 'Your share pack of a campaign (made the first time, the same one after): share its token with friends.' })
  shareCouponPack(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ShareCouponPackInput, { description: 'The share-pack campaign.' }) input: ShareCouponPackInput,
  ): Promise<SharePackPayload> {
    return payload(
      async () => ({
        sharePack: packView(
          await packById(ctx, await new SharePackService(ctx.em).packFor(ctx.viewer!.accountId, idOf('SharePackCampaign', input.campaignId))),
        ),
      }),
      { sharePack: null },
    );
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => ClaimSharePackPayload, {
    description:
      "Claims one coupon from a friend's share pack: once per campaign, not from your own, while the pack holds some. " +
      'Rate limited per customer together with claimCoupon (default 20 a minute): past the limit the request fails with the top-level error THROTTLED (HTTP 429, Retry-After).',
  })
  async claimSharePack(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ClaimSharePackInput, { description: 'The pack.' }) input: ClaimSharePackInput,
  ): Promise<ClaimSharePackPayload> {
    await ctx.need(RATE_LIMITS).enforce([['couponClaimsPerCustomer', ctx.viewer!.accountId]]);
    return payload(
      async () => {
        const id = await new SharePackService(ctx.em).claim(ctx.viewer!.accountId, input.token);
        return { coupon: couponView((await new CouponReads(ctx.em).coupon(id))!) };
      },
      { coupon: null },
    );
  }

  @Authorized(Role.CUSTOMER)
  @Query(() => SharePackConnection, { complexity: pageCost, description: 'Your share packs, newest first.' })
  async mySharePacks(@Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    const base = () => ctx.em.getKnex()('share_pack').where('sharer_id', ctx.viewer!.accountId);
    return mapConnection(
      await keysetPage<PackRow>(ctx.em, base().select(PACK_COLUMNS), page, [{ sql: 'id', direction: 'desc', value: (r) => r.id }], () => count(ctx.em, base())),
      packView,
    );
  }

  @FieldResolver(() => SharePackCampaignType, { description: 'Its campaign.' })
  async campaign(@Root() pack: SharePackType, @Ctx() ctx: RequestContext): Promise<SharePackCampaignType> {
    return campaignView(await campaignById(ctx, pack.campaignDbId));
  }

  @FieldResolver(() => CouponType, { nullable: true, description: 'The reward coupon the sharer got; null until enough friends have claimed.' })
  async rewardCoupon(@Root() pack: SharePackType, @Ctx() ctx: RequestContext): Promise<CouponType | null> {
    const row = pack.rewardCouponDbId ? await ctx.use(couponLoaders).coupon.load(pack.rewardCouponDbId) : null;
    return row && couponView(row);
  }
}

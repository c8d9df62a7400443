import DataLoader from 'dataloader';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { maxChars } from '../../lib/bounds';
import { idOf, NO_SUCH_ID } from '../../lib/ids';
import { JOB_QUEUE } from '../../lib/jobs';
import { mapConnection, PageArgs, pageCost, RESULTS_COST } from '../../lib/pagination';
import { payload } from '../../lib/payload';
import type { RequestContext } from '../../lib/request-context';
import { Role } from '../../lib/roles';
import type { NodeFetcher } from '../manifest';
import { RedPacketCampaignService } from './campaigns';
import { PACKET_DEADLINE } from './jobs';
import { RedPacketReads, type MemberRow } from './reads';
import { MAX_SHARE_TOKEN_LENGTH, RedPacketService } from './service';
import {
  JoinRedPacketInput,
  OpenRedPacketInput,
  RedPacket,
  RedPacketCampaign,
  RedPacketCampaignConnection,
  RedPacketCampaignCreateInput,
  RedPacketCampaignPayload,
  RedPacketCampaignResults,
  RedPacketCampaignUpdateInput,
  RedPacketConnection,
  RedPacketMember,
  RedPacketPayload,
} from './types';
import { memberView, redPacketCampaignView, redPacketResultsView, redPacketView } from './views';

export const redPacketCampaignNode: NodeFetcher = async (ctx, id) => {
  const row = await new RedPacketReads(ctx.em).campaign(id);
  return row ? redPacketCampaignView(row) : null;
};
export const redPacketNode: NodeFetcher = async (ctx, id) => {
  const row = await new RedPacketReads(ctx.em).packet(id);
  return row ? redPacketView(row) : null;
};

/** Per-request batching of packets' members: a page of packets reads its members in one statement. */
const members = (ctx: RequestContext) =>
  new DataLoader<string, MemberRow[]>(async (ids) => {
    const found = await new RedPacketReads(ctx.em).members(ids);
    return ids.map((id) => found.filter((m) => m.packet_id === id));
  });

async function campaignPayload(ctx: RequestContext, id: string) {
  return { campaign: redPacketCampaignView((await new RedPacketReads(ctx.em).campaign(id))!) };
}

const templateOf = (id: string | null | undefined) => (id == null || id === '' ? id : (idOf('CouponTemplate', id) ?? NO_SUCH_ID));
const appsOf = (ids: string[] | null | undefined) => ids?.map((id) => idOf('StorefrontApp', id));

@Resolver(() => RedPacketCampaign)
export class RedPacketCampaignResolver {
  @Query(() => RedPacketCampaign, { nullable: true, description: 'A red-packet campaign; null when there is none with this id.' })
  async redPacketCampaign(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'The campaign.' }) id: string): Promise<RedPacketCampaign | null> {
    const row = await new RedPacketReads(ctx.em).campaign(idOf('RedPacketCampaign', id) ?? NO_SUCH_ID);
    return row ? redPacketCampaignView(row) : null;
  }

  @Authorized(Role.OPERATOR)
  @Query(() => RedPacketCampaignConnection, { complexity: pageCost, description: 'Every red-packet campaign, newest first. Operators only.' })
  async redPacketCampaigns(@Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    return mapConnection(await new RedPacketReads(ctx.em).campaigns(page), redPacketCampaignView);
  }

  @Authorized(Role.OPERATOR)
  @FieldResolver(() => RedPacketCampaignResults, {
    nullable: true,
    complexity: RESULTS_COST,
    description: 'How the campaign did. Operators only (others get FORBIDDEN and null, the rest of the campaign still arrives).',
  })
  async results(@Root() c: RedPacketCampaign & { dbId: string }, @Ctx() ctx: RequestContext): Promise<RedPacketCampaignResults> {
    return redPacketResultsView(await new RedPacketReads(ctx.em).results(c.dbId));
  }

  @Authorized(Role.OPERATOR)
  @FieldResolver(() => RedPacketConnection, {
    nullable: true,
    complexity: pageCost,
    description: "The campaign's packets, newest first. Operators only (others get FORBIDDEN and null, the rest of the campaign still arrives).",
  })
  async packets(@Root() c: RedPacketCampaign & { dbId: string }, @Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    return mapConnection(await new RedPacketReads(ctx.em).campaignPackets(c.dbId, page), redPacketView);
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => RedPacketCampaignPayload, { description: 'Creates a red-packet split campaign. Operators only.' })
  createRedPacketCampaign(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RedPacketCampaignCreateInput, { description: 'The campaign.' }) input: RedPacketCampaignCreateInput,
  ): Promise<RedPacketCampaignPayload> {
    return payload(
      async () =>
        campaignPayload(
          ctx,
          (
            await new RedPacketCampaignService(ctx.em).create({
              ...input,
              shareTemplateId: templateOf(input.shareTemplateId),
              consolationTemplateId: templateOf(input.consolationTemplateId),
              storefrontAppIds: appsOf(input.storefrontAppIds),
            })
          ).campaignId,
        ),
      { campaign: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => RedPacketCampaignPayload, { description: 'Changes a red-packet campaign that has not ended; open packets keep their terms. Operators only.' })
  updateRedPacketCampaign(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'The campaign.' }) id: string,
    @Arg('input', () => RedPacketCampaignUpdateInput, { description: 'The changes.' }) input: RedPacketCampaignUpdateInput,
  ): Promise<RedPacketCampaignPayload> {
    return payload(
      async () =>
        campaignPayload(
          ctx,
          (
            await new RedPacketCampaignService(ctx.em).update(idOf('RedPacketCampaign', id), {
              ...input,
              shareTemplateId: templateOf(input.shareTemplateId),
              consolationTemplateId: templateOf(input.consolationTemplateId),
              storefrontAppIds: appsOf(input.storefrontAppIds),
            })
          ).campaignId,
        ),
      { campaign: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => RedPacketCampaignPayload, {
    description: 'Ends a red-packet campaign: no new packets; open ones run to their time, then its seed is revealed. Operators only.',
  })
  endRedPacketCampaign(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'The campaign.' }) id: string): Promise<RedPacketCampaignPayload> {
    return payload(async () => campaignPayload(ctx, (await new RedPacketCampaignService(ctx.em).end(idOf('RedPacketCampaign', id))).campaignId), {
      campaign: null,
    });
  }
}

@Resolver(() => RedPacket)
export class RedPacketResolver {
  @Query(() => RedPacket, { nullable: true, description: "A red packet by its share token (what a friend's link carries); null when there is none." })
  async redPacket(
    @Ctx() ctx: RequestContext,
    @Arg('shareToken', maxChars(MAX_SHARE_TOKEN_LENGTH, 'The share token.')) shareToken: string,
  ): Promise<RedPacket | null> {
    const row = await new RedPacketReads(ctx.em).packetByToken(shareToken.trim());
    return row ? redPacketView(row) : null;
  }

  @Authorized(Role.CUSTOMER)
  @Query(() => RedPacketConnection, { complexity: pageCost, description: 'Red packets you opened or joined, newest first.' })
  async myRedPackets(@Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    return mapConnection(await new RedPacketReads(ctx.em).myPackets(ctx.viewer!.accountId, page), redPacketView);
  }

  @FieldResolver(() => [RedPacketMember], { description: 'Its members in join order (the opener first), with their shares once complete.' })
  async members(@Root() p: RedPacket & { dbId: string }, @Ctx() ctx: RequestContext): Promise<RedPacketMember[]> {
    return (await ctx.use(members).load(p.dbId)).map(memberView);
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => RedPacketPayload, {
    description:
      'Opens a red packet of a campaign, as its first member; share its token for friends to join. Refused with SHARING_GAMES_OFF where the storefront app turned the sharing games off.',
  })
  openRedPacket(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => OpenRedPacketInput, { description: 'The campaign.' }) input: OpenRedPacketInput,
  ): Promise<RedPacketPayload> {
    return payload(
      async () => {
        const { packetId, expiresAt } = await new RedPacketService(ctx.em).open(
          ctx.viewer!.accountId,
          ctx.storefront?.appId ?? null,
          idOf('RedPacketCampaign', input.campaignId),
          input.idempotencyKey,
        );
        // The deadline timer (one per packet); the minute sweep covers a lost one.
        await ctx
          .need(JOB_QUEUE)
          ?.send(PACKET_DEADLINE, { packetId }, { startAfter: expiresAt, singletonKey: packetId })
          .catch(() => undefined);
        return { packet: redPacketView((await new RedPacketReads(ctx.em).packet(packetId))!), position: 0 };
      },
      { packet: null, position: null },
    );
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => RedPacketPayload, {
    description:
      "Joins a friend's red packet, once. The join that takes the last share completes it: the total is split and every member's share paid as a no-threshold coupon.",
  })
  joinRedPacket(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => JoinRedPacketInput, { description: 'The packet.' }) input: JoinRedPacketInput,
  ): Promise<RedPacketPayload> {
    return payload(
      async () => {
        const { packetId, position } = await new RedPacketService(ctx.em).join(
          ctx.viewer!.accountId,
          ctx.storefront?.appId ?? null,
          input.shareToken.trim(),
          input.idempotencyKey,
        );
        return { packet: redPacketView((await new RedPacketReads(ctx.em).packet(packetId))!), position };
      },
      { packet: null, position: null },
    );
  }
}

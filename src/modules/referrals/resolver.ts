import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { maxChars } from '../../lib/bounds';
import { badInput } from '../../lib/errors';
import { idOf } from '../../lib/ids';
import { money, Money } from '../../lib/money';
import { PageArgs, pageCost, TEAM_AGGREGATE_COST } from '../../lib/pagination';
import { payload } from '../../lib/payload';
import type { RequestContext } from '../../lib/request-context';
import { Role } from '../../lib/roles';
import { Account } from '../accounts/types';
import { MAX_CODE_LENGTH } from './codes';
import { BindingSource } from './entities';
import { BindInviterPayload, InviteChannel, InviteCodeType, Inviter, Team, TeamLevel, TeamMemberConnection, TeamMembersArgs } from './types';
import { inviterView, teamMemberConnection } from './views';
import { referralService } from './service';
import { referralReads } from './reads';

@Resolver()
export class ReferralResolver {
  @Authorized(Role.CUSTOMER)
  @Query(() => InviteCodeType, {
    nullable: true,
    description: 'Your invite code and invite-link token, made on first ask. Null unless you are a member: only members invite.',
  })
  async myInviteCode(@Ctx() ctx: RequestContext): Promise<InviteCodeType | null> {
    const found = await ctx.use(referralService).inviteCode(ctx.viewer!.accountId);
    return found && { code: found.code, linkToken: found.code, createdAt: found.createdAt };
  }

  @Authorized(Role.CUSTOMER)
  @Query(() => TeamMemberConnection, { complexity: pageCost, description: 'The people you invited directly (徒弟), most recently bound first.' })
  async myInvitees(@Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    return teamMemberConnection(await ctx.use(referralReads).invitees(ctx.viewer!.accountId, page));
  }

  @Authorized(Role.CUSTOMER)
  @Query(() => Team, {
    nullable: true,
    description: 'Your team: its size, its levels, its sales and its members. Signed-in customers and members; null with an error for anyone else.',
  })
  myTeam(@Ctx() ctx: RequestContext): Team | null {
    return { accountId: ctx.viewer!.accountId };
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => BindInviterPayload, {
    description:
      'Binds you to the member whose invite code this is; storefronts also call it when a signed-in customer arrives through an invite link. ' +
      'The binding mode decides what happens when you already have an inviter: by default the first binding is permanent (ALREADY_BOUND); ' +
      'when the last link wins, you and your team move to the new inviter; when binding happens only at registration, this is refused (ONLY_AT_REGISTRATION).',
  })
  bindInviter(
    @Ctx() ctx: RequestContext,
    @Arg('inviteCode', maxChars(MAX_CODE_LENGTH, 'The invite code (any case), or the linkToken of the invite link.')) inviteCode: string,
    @Arg('via', () => InviteChannel, { defaultValue: InviteChannel.INVITE_LINK, description: "How the customer gave it; recorded as the binding's source." })
    via: InviteChannel,
  ): Promise<BindInviterPayload> {
    return payload(
      async () => {
        const source = via === InviteChannel.INVITE_CODE ? BindingSource.INVITE_CODE : BindingSource.INVITE_LINK;
        await ctx.use(referralService).bindByCode(ctx.viewer!.accountId, inviteCode, source);
        const row = await ctx.use(referralReads).inviter.load(ctx.viewer!.accountId);
        return { inviter: row && inviterView(row) };
      },
      { inviter: null },
    );
  }
}

@Resolver(() => Team)
export class TeamResolver {
  @FieldResolver(() => Int, {
    complexity: TEAM_AGGREGATE_COST,
    description: 'How many people are in the team, all levels together (you not counted). Exact at once: kept with the tree.',
  })
  size(@Root() team: Team, @Ctx() ctx: RequestContext): Promise<number> {
    return ctx.use(referralReads).teamSize(team.accountId);
  }

  @FieldResolver(() => [TeamLevel], {
    complexity: TEAM_AGGREGATE_COST,
    description: 'Team members per level, shallowest first; levels with nobody are left out.',
  })
  levels(@Root() team: Team, @Ctx() ctx: RequestContext): Promise<TeamLevel[]> {
    return ctx.use(referralReads).teamLevels(team.accountId);
  }

  @FieldResolver(() => Money, {
    complexity: TEAM_AGGREGATE_COST,
    description:
      "Team sales: what the team's members paid for orders paid in [from, to), less what was refunded of those orders. Your own orders are not included. " +
      'Teams of up to 1,000 people are summed from their orders at once; larger teams are read from figures kept per hour from the order events, ' +
      "which follow a payment, refund or cancellation by the time the order's event takes to be delivered: about a second, a few seconds under load.",
  })
  async sales(
    @Root() team: Team,
    @Ctx() ctx: RequestContext,
    @Arg('from', () => GraphQLDateTimeISO, { description: 'Start of the period (included).' }) from: Date,
    @Arg('to', () => GraphQLDateTimeISO, { description: 'End of the period (excluded).' }) to: Date,
  ): Promise<Money> {
    if (from.getTime() >= to.getTime()) throw badInput('from must be before to', 'from');
    return money(await ctx.use(referralReads).teamSales(team.accountId, from, to));
  }

  @FieldResolver(() => TeamMemberConnection, {
    complexity: pageCost,
    description: "The team's members, shallowest level first (then in the order they joined the platform), or one level only.",
  })
  async members(@Root() team: Team, @Ctx() ctx: RequestContext, @Args() args: TeamMembersArgs) {
    return teamMemberConnection(await ctx.use(referralReads).teamMembers(team.accountId, args, args.depth ?? null));
  }
}

@Resolver(() => Account)
export class AccountInviterResolver {
  @FieldResolver(() => Inviter, {
    nullable: true,
    description: 'Who invited this account (its bound inviter): a name and an avatar only. Null when not bound.',
  })
  async inviter(@Root() account: Account, @Ctx() ctx: RequestContext): Promise<Inviter | null> {
    const id = idOf('Account', account.id);
    const row = id ? await ctx.use(referralReads).inviter.load(id) : null;
    return row && inviterView(row);
  }
}

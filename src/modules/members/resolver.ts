import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { forbidden } from '../../lib/errors';
import { idOf, NO_SUCH_ID } from '../../lib/ids';
import { PageArgs, pageCost, mapConnection } from '../../lib/pagination';
import { payload } from '../../lib/payload';
import type { RequestContext } from '../../lib/request-context';
import type { NodeFetcher } from '../manifest';
import { Role } from '../../lib/roles';
import { accountView } from '../accounts/resolver';
import { Account } from '../accounts/types';
import { VISIBLE_STATUSES } from '../catalog/reads';
import { Product } from '../catalog/types';
import { productView } from '../catalog/views';
import { MemberReads } from './reads';
import { memberProgramSettings, updateMemberProgramSettings } from './settings';
import {
  ApplyForMembershipInput,
  ApproveMembershipApplicationInput,
  DeleteMembershipPlanPayload,
  GrantMembershipInput,
  MemberProgramSettingsInput,
  MemberProgramSettingsPayload,
  MemberProgramSettingsType,
  MembershipApplicationConnection,
  MembershipApplicationFilterInput,
  MembershipApplicationPayload,
  MembershipApplicationType,
  MembershipConnection,
  MembershipFilterInput,
  MembershipPayload,
  MembershipPlanConnection,
  MembershipPlanCreateInput,
  MembershipPlanFilterInput,
  MembershipPlanPayload,
  MembershipPlanType,
  MembershipPlanUpdateInput,
  MembershipType,
  RejectMembershipApplicationInput,
  RevokeMembershipInput,
} from './types';
import { applicationView, membershipView, planView, settingsView } from './views';
import { catalogLoaders } from '../catalog/loaders';
import { memberService } from './service';
import { applicationService } from './applications';
import { planService } from './plans';
import { memberLoaders } from './loaders';

/** An ID the client gave: its database id, or one matching nothing when it does not decode; null only when none was given. */
const given = (type: string, id: string | null | undefined): string | null => (id == null ? null : (idOf(type, id) ?? NO_SUCH_ID));

/** Memberships and applications are seen by their account and by operators. */
const ownOrOperator = (ctx: RequestContext, accountId: string) => !!ctx.viewer && (ctx.viewer.accountId === accountId || ctx.isOperator);

export const membershipPlanNode: NodeFetcher = async (ctx, id) => {
  if (!ctx.isOperator) return null;
  const row = await new MemberReads(ctx.em).plan(id);
  return row && planView(row);
};
export const membershipNode: NodeFetcher = async (ctx, id) => {
  const row = await new MemberReads(ctx.em).membership(id);
  return row && ownOrOperator(ctx, row.account_id) ? membershipView(row) : null;
};
export const membershipApplicationNode: NodeFetcher = async (ctx, id) => {
  const row = await new MemberReads(ctx.em).application(id);
  return row && ownOrOperator(ctx, row.account_id) ? applicationView(row) : null;
};

const planPayload = async (ctx: RequestContext, planId: string) => ({ plan: planView((await new MemberReads(ctx.em).plan(planId))!) });
const membershipPayload = async (ctx: RequestContext, membershipId: string) => ({
  membership: membershipView((await new MemberReads(ctx.em).membership(membershipId))!),
});
const applicationPayload = async (ctx: RequestContext, applicationId: string) => ({
  application: applicationView((await new MemberReads(ctx.em).application(applicationId))!),
});

@Resolver(() => MemberProgramSettingsType)
export class MemberProgramResolver {
  @Query(() => MemberProgramSettingsType, {
    description: 'How customers become members, how they are bound to inviters, and how long a share link attributes sales.',
  })
  async memberProgramSettings(@Ctx() ctx: RequestContext): Promise<MemberProgramSettingsType> {
    return settingsView(await memberProgramSettings(ctx.em));
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => MemberProgramSettingsPayload, { description: "Changes the member programme's settings. Operators only." })
  updateMemberProgramSettings(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => MemberProgramSettingsInput, { description: 'The changes.' }) input: MemberProgramSettingsInput,
  ): Promise<MemberProgramSettingsPayload> {
    return payload(async () => ({ settings: settingsView(await updateMemberProgramSettings(ctx.em, input)) }), { settings: null });
  }
}

@Resolver(() => MembershipPlanType)
export class MembershipPlanResolver {
  @Authorized(Role.OPERATOR)
  @Query(() => MembershipPlanConnection, { complexity: pageCost, description: 'Membership plans, newest first. Operators only.' })
  async membershipPlans(
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('filter', () => MembershipPlanFilterInput, { nullable: true, description: 'Filters.' }) filter?: MembershipPlanFilterInput,
  ) {
    return mapConnection(await new MemberReads(ctx.em).planList(page, { active: filter?.active }), planView);
  }

  @FieldResolver(() => Product, {
    nullable: true,
    description: 'The package product whose purchase opens a membership of this plan; null when the plan is not sold as a package.',
  })
  async packageProduct(@Root() plan: MembershipPlanType, @Ctx() ctx: RequestContext): Promise<Product | null> {
    if (!plan.packageProductDbId) return null;
    const row = await ctx.use(catalogLoaders).product.load(plan.packageProductDbId);
    const product = row && productView(row);
    // Drafts are the operator's, wherever the product shows up.
    return product && (ctx.isOperator || VISIBLE_STATUSES.includes(product.status)) ? product : null;
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => MembershipPlanPayload, { description: 'Creates a membership plan. Operators only.' })
  createMembershipPlan(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => MembershipPlanCreateInput, { description: 'The plan.' }) input: MembershipPlanCreateInput,
  ): Promise<MembershipPlanPayload> {
    return payload(
      async () => {
        const { planId } = await ctx.use(planService).create({ ...input, packageProductId: given('Product', input.packageProductId) });
        return planPayload(ctx, planId);
      },
      { plan: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => MembershipPlanPayload, { description: 'Changes a membership plan; memberships already open keep their end. Operators only.' })
  updateMembershipPlan(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'The plan.' }) id: string,
    @Arg('input', () => MembershipPlanUpdateInput, { description: 'The changes.' }) input: MembershipPlanUpdateInput,
  ): Promise<MembershipPlanPayload> {
    return payload(
      async () => {
        const packageProductId = input.packageProductId === undefined ? undefined : given('Product', input.packageProductId);
        const { planId } = await ctx.use(planService).update(idOf('MembershipPlan', id), { ...input, packageProductId });
        return planPayload(ctx, planId);
      },
      { plan: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => DeleteMembershipPlanPayload, {
    description: 'Deletes a membership plan no membership was ever opened with (else PLAN_IN_USE: deactivate it instead). Operators only.',
  })
  deleteMembershipPlan(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'The plan.' }) id: string): Promise<DeleteMembershipPlanPayload> {
    return payload(
      async () => {
        await ctx.use(planService).delete(idOf('MembershipPlan', id));
        return { deletedPlanId: id };
      },
      { deletedPlanId: null },
    );
  }
}

@Resolver(() => MembershipType)
export class MembershipResolver {
  @Authorized(Role.OPERATOR)
  @Query(() => MembershipConnection, { complexity: pageCost, description: 'Memberships, open and ended, newest first. Operators only.' })
  async memberships(
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('filter', () => MembershipFilterInput, { nullable: true, description: 'Filters.' }) filter?: MembershipFilterInput,
  ) {
    const connection = await new MemberReads(ctx.em).membershipList(page, {
      open: filter?.isOpen,
      sources: filter?.sources,
      accountId: given('Account', filter?.accountId),
      planId: given('MembershipPlan', filter?.planId),
    });
    return mapConnection(connection, membershipView);
  }

  @FieldResolver(() => MembershipPlanType, { nullable: true, description: 'The plan; null for a grant or approval without one.' })
  async plan(@Root() membership: MembershipType, @Ctx() ctx: RequestContext): Promise<MembershipPlanType | null> {
    const row = membership.planDbId ? await ctx.use(memberLoaders).plan.load(membership.planDbId) : null;
    return row && planView(row);
  }

  @FieldResolver(() => Account, { description: 'The member.' })
  async account(@Root() membership: MembershipType, @Ctx() ctx: RequestContext): Promise<Account> {
    return accountView((await ctx.use(memberLoaders).account.load(membership.accountDbId))!);
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => MembershipPayload, {
    description: 'Makes a customer a member, in any membership mode; their role becomes MEMBER (in their token after refreshAccessToken). Operators only.',
  })
  grantMembership(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => GrantMembershipInput, { description: 'Who, with which plan, for how long.' }) input: GrantMembershipInput,
  ): Promise<MembershipPayload> {
    return payload(
      async () => {
        const { membershipId } = await ctx.use(memberService).grant({
          accountId: idOf('Account', input.accountId),
          planId: given('MembershipPlan', input.planId),
          durationDays: input.durationDays,
        });
        return membershipPayload(ctx, membershipId);
      },
      { membership: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => MembershipPayload, { description: "Ends a member's open membership, however it came about; their role becomes CUSTOMER. Operators only." })
  revokeMembership(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RevokeMembershipInput, { description: 'Whose membership, and why.' }) input: RevokeMembershipInput,
  ): Promise<MembershipPayload> {
    return payload(
      async () => {
        const { membershipId } = await ctx.use(memberService).revoke({ accountId: idOf('Account', input.accountId), reason: input.reason });
        return membershipPayload(ctx, membershipId);
      },
      { membership: null },
    );
  }
}

@Resolver(() => MembershipApplicationType)
export class MembershipApplicationResolver {
  @Authorized(Role.OPERATOR)
  @Query(() => MembershipApplicationConnection, {
    complexity: pageCost,
    description: 'Membership applications, newest first, e.g. the PENDING ones waiting for a decision. Operators only.',
  })
  async membershipApplications(
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('filter', () => MembershipApplicationFilterInput, { nullable: true, description: 'Filters.' }) filter?: MembershipApplicationFilterInput,
  ) {
    return mapConnection(
      await new MemberReads(ctx.em).applicationList(page, { statuses: filter?.statuses, accountId: given('Account', filter?.accountId) }),
      applicationView,
    );
  }

  @FieldResolver(() => Account, { description: 'The applicant.' })
  async account(@Root() application: MembershipApplicationType, @Ctx() ctx: RequestContext): Promise<Account> {
    return accountView((await ctx.use(memberLoaders).account.load(application.accountDbId))!);
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => MembershipApplicationPayload, {
    description: 'Applies for membership while the membership mode is APPLICATION; an operator approves or rejects it. One pending application at a time.',
  })
  applyForMembership(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ApplyForMembershipInput, { description: 'The application.' }) input: ApplyForMembershipInput,
  ): Promise<MembershipApplicationPayload> {
    return payload(async () => applicationPayload(ctx, (await ctx.use(applicationService).apply(ctx.viewer!.accountId, input)).applicationId), {
      application: null,
    });
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => MembershipApplicationPayload, {
    description: "Approves a pending application: the applicant's membership opens (source APPLICATION). Operators only.",
  })
  approveMembershipApplication(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ApproveMembershipApplicationInput, { description: "The application, and the membership's plan and duration." })
    input: ApproveMembershipApplicationInput,
  ): Promise<MembershipApplicationPayload> {
    return payload(
      async () => {
        const { applicationId } = await ctx.use(applicationService).approve(ctx.viewer!.accountId, {
          applicationId: idOf('MembershipApplication', input.applicationId),
          planId: given('MembershipPlan', input.planId),
          durationDays: input.durationDays,
        });
        return applicationPayload(ctx, applicationId);
      },
      { application: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => MembershipApplicationPayload, { description: 'Rejects a pending application with a reason the applicant sees. Operators only.' })
  rejectMembershipApplication(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RejectMembershipApplicationInput, { description: 'The application, and why.' }) input: RejectMembershipApplicationInput,
  ): Promise<MembershipApplicationPayload> {
    return payload(
      async () => {
        const { applicationId } = await ctx.use(applicationService).reject(ctx.viewer!.accountId, {
          applicationId: idOf('MembershipApplication', input.applicationId),
          reason: input.reason,
        });
        return applicationPayload(ctx, applicationId);
      },
      { application: null },
    );
  }
}

/** An account's membership and latest application, on the account itself. */
@Resolver(() => Account)
export class AccountMembershipResolver {
  @FieldResolver(() => MembershipType, {
    nullable: true,
    description:
      'The open membership (plan, source, since when, until when); null when the account is not a member. Seen by the account itself and by operators.',
  })
  async membership(@Root() account: Account, @Ctx() ctx: RequestContext): Promise<MembershipType | null> {
    const accountId = this.visible(ctx, account);
    const row = await ctx.use(memberLoaders).openMembershipByAccount.load(accountId);
    return row && membershipView(row);
  }

  @FieldResolver(() => MembershipApplicationType, {
    nullable: true,
    description:
      'The latest membership application, whatever its status (a rejection carries its reason); null when there is none. Seen by the account itself and by operators.',
  })
  async membershipApplication(@Root() account: Account, @Ctx() ctx: RequestContext): Promise<MembershipApplicationType | null> {
    const accountId = this.visible(ctx, account);
    const row = await ctx.use(memberLoaders).latestApplicationByAccount.load(accountId);
    return row && applicationView(row);
  }

  private visible(ctx: RequestContext, account: Account): string {
    const accountId = idOf('Account', account.id) ?? NO_SUCH_ID;
    if (!account.isSessionAccount && !ownOrOperator(ctx, accountId)) throw forbidden('Only the account itself and operators may see its membership');
    return accountId;
  }
}

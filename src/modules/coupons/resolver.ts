import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { idOf, NO_SUCH_ID } from '../../lib/ids';
import { PageArgs, pageCost, RESULTS_COST, mapConnection } from '../../lib/pagination';
import { payload } from '../../lib/payload';
import type { RequestContext } from '../../lib/request-context';
import type { NodeFetcher } from '../manifest';
import { Role } from '../../lib/roles';
import { OrderType } from '../orders/types';
import { orderView } from '../orders/views';
import type { CouponDistribution, CouponKind, CouponScope, CouponValidity } from './entities';
import { CouponReads, couponLoaders } from './reads';
import { CouponIssuingService } from './issuing';
import { CouponTemplateService } from './templates';
import {
  ClaimCouponInput,
  ClaimCouponPayload,
  CouponConnection,
  CouponOption,
  CouponFilterInput,
  CouponTemplateConnection,
  CouponTemplateCreateInput,
  CouponTemplateFilterInput,
  CouponTemplatePayload,
  CouponTemplateStats,
  CouponTemplateType,
  CouponTemplateUpdateInput,
  CouponType,
  GrantCouponsInput,
  GrantCouponsPayload,
  toDb,
} from './types';
import { couponView, templateView } from './views';
import { RATE_LIMITS } from '../../lib/throttle';

const given = (type: string, id: string | null | undefined): string | null => (id == null ? null : (idOf(type, id) ?? NO_SUCH_ID));

export const couponTemplateNode: NodeFetcher = async (ctx, id) => {
  const row = await new CouponReads(ctx.em).template(id);
  return row && (ctx.isOperator || row.distribution === 'claimable') ? templateView(row) : null;
};
export const couponNode: NodeFetcher = async (ctx, id) => {
  const row = await new CouponReads(ctx.em).coupon(id);
  return row && ctx.viewer && (ctx.isOperator || row.owner_id === ctx.viewer.accountId) ? couponView(row) : null;
};

const templatePayload = async (ctx: RequestContext, id: string) => ({ template: templateView((await new CouponReads(ctx.em).template(id))!) });

@Resolver(() => CouponTemplateType)
export class CouponTemplateResolver {
  @Authorized(Role.OPERATOR)
  @Query(() => CouponTemplateConnection, {
    complexity: pageCost,
    description: 'Coupon templates, newest first, with what became of their coupons (stats). Operators only.',
  })
  async couponTemplates(
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('filter', () => CouponTemplateFilterInput, { nullable: true, description: 'Filters.' }) filter?: CouponTemplateFilterInput,
  ) {
    return mapConnection(
      await new CouponReads(ctx.em).templateList(page, { distributions: filter?.distributions?.map((d) => toDb(d)), active: filter?.isActive }),
      templateView,
    );
  }

  @Query(() => CouponTemplateConnection, {
    complexity: pageCost,
    description: 'Coupons anyone may claim now (CLAIMABLE, running, not sold out, claim window open), newest first.',
  })
  async claimableCouponTemplates(@Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    return mapConnection(await new CouponReads(ctx.em).templateList(page, { claimableNow: true }), templateView);
  }

  @Authorized(Role.OPERATOR)
  @FieldResolver(() => CouponTemplateStats, {
    nullable: true,
    complexity: RESULTS_COST,
    description: 'Its coupons by status: issued, available, locked, used, expired, revoked. Operators only (others get FORBIDDEN and null).',
  })
  async stats(@Root() template: CouponTemplateType, @Ctx() ctx: RequestContext): Promise<CouponTemplateStats> {
    const counts = await ctx.use(couponLoaders).stats.load(template.dbId);
    return {
      issued: template.issuedCount,
      available: counts.available ?? 0,
      locked: counts.locked ?? 0,
      used: counts.used ?? 0,
      expired: counts.expired ?? 0,
      revoked: counts.revoked ?? 0,
    };
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => CouponTemplatePayload, { description: 'Creates a coupon template. Operators only.' })
  createCouponTemplate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CouponTemplateCreateInput, { description: 'The template.' }) input: CouponTemplateCreateInput,
  ): Promise<CouponTemplatePayload> {
    return payload(
      async () => {
        const id = await new CouponTemplateService(ctx.em).create({
          ...input,
          percentOffBp: input.percentOffBasisPoints,
          kind: toDb<CouponKind>(input.kind),
          scope: input.scope ? toDb<CouponScope>(input.scope) : null,
          validity: toDb<CouponValidity>(input.validity),
          distribution: toDb<CouponDistribution>(input.distribution),
          productIds: input.productIds?.map((id) => idOf('Product', id)),
          categoryIds: input.categoryIds?.map((id) => idOf('Category', id)),
        });
        return templatePayload(ctx, id);
      },
      { template: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => CouponTemplatePayload, { description: "Changes a coupon template's name, description, quantities or claim window. Operators only." })
  updateCouponTemplate(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'The template.' }) id: string,
    @Arg('input', () => CouponTemplateUpdateInput, { description: 'The changes.' }) input: CouponTemplateUpdateInput,
  ): Promise<CouponTemplatePayload> {
    return payload(async () => templatePayload(ctx, await new CouponTemplateService(ctx.em).update(idOf('CouponTemplate', id), input)), { template: null });
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => CouponTemplatePayload, {
    description: 'Ends a coupon template: no more coupons are issued from it; those issued stay valid. Operators only.',
  })
  endCouponTemplate(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'The template.' }) id: string): Promise<CouponTemplatePayload> {
    return payload(async () => templatePayload(ctx, await new CouponTemplateService(ctx.em).end(idOf('CouponTemplate', id))), { template: null });
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => GrantCouponsPayload, { description: 'Issues one coupon of a template to each listed customer, all or none. Operators only.' })
  grantCoupons(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => GrantCouponsInput, { description: 'The template and the customers.' }) input: GrantCouponsInput,
  ): Promise<GrantCouponsPayload> {
    return payload(
      async () => {
        const ids = await new CouponIssuingService(ctx.em).grant(
          ctx.viewer!.accountId,
          idOf('CouponTemplate', input.templateId),
          input.accountIds.map((id) => idOf('Account', id)),
          input.idempotencyKey,
        );
        return { coupons: (await new CouponReads(ctx.em).coupons(ids)).map(couponView) };
      },
      { coupons: null },
    );
  }
}

@Resolver(() => CouponOption)
export class CouponOptionResolver {
  @FieldResolver(() => CouponType, { description: 'The coupon.' })
  async coupon(@Root() option: CouponOption, @Ctx() ctx: RequestContext): Promise<CouponType> {
    return couponView((await ctx.use(couponLoaders).coupon.load(option.couponDbId))!);
  }
}

@Resolver(() => CouponType)
export class CouponResolver {
  @Authorized(Role.CUSTOMER)
  @Query(() => CouponConnection, { complexity: pageCost, description: 'Your coupons, newest first.' })
  async myCoupons(
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('filter', () => CouponFilterInput, { nullable: true, description: 'Filters (ownerId is ignored: these are yours).' }) filter?: CouponFilterInput,
  ) {
    return mapConnection(
      await new CouponReads(ctx.em).couponList(page, {
        statuses: filter?.statuses?.map((s) => toDb(s)),
        templateId: given('CouponTemplate', filter?.templateId),
        ownerId: ctx.viewer!.accountId,
      }),
      couponView,
    );
  }

  @Authorized(Role.OPERATOR)
  @Query(() => CouponConnection, { complexity: pageCost, description: 'Issued coupons, newest first, by template, owner or status. Operators only.' })
  async coupons(
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('filter', () => CouponFilterInput, { nullable: true, description: 'Filters.' }) filter?: CouponFilterInput,
  ) {
    return mapConnection(
      await new CouponReads(ctx.em).couponList(page, {
        statuses: filter?.statuses?.map((s) => toDb(s)),
        templateId: given('CouponTemplate', filter?.templateId),
        ownerId: given('Account', filter?.ownerId),
      }),
      couponView,
    );
  }

  @FieldResolver(() => CouponTemplateType, { description: 'The template: its rule (kind, amount, threshold, scope).' })
  async template(@Root() coupon: CouponType, @Ctx() ctx: RequestContext): Promise<CouponTemplateType> {
    return templateView((await ctx.use(couponLoaders).template.load(coupon.templateDbId))!);
  }

  @FieldResolver(() => OrderType, {
    nullable: true,
    description: "The order holding it (LOCKED) or that used it (USED); null otherwise. The coupon's owner and operators see it.",
  })
  async order(@Root() coupon: CouponType, @Ctx() ctx: RequestContext): Promise<OrderType | null> {
    if (!coupon.orderDbId) return null;
    const row = await ctx.use(couponLoaders).order.load(coupon.orderDbId);
    return row && ctx.viewer && (ctx.isOperator || row.customer_id === ctx.viewer.accountId) ? orderView(row) : null;
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => ClaimCouponPayload, {
    description:
      'Claims a coupon of a CLAIMABLE template: refused when sold out (SOLD_OUT), at your limit (LIMIT_REACHED), or outside the claim window. ' +
      'Rate limited per customer together with claimSharePack (default 20 a minute): past the limit the request fails with the top-level error THROTTLED (HTTP 429, Retry-After).',
  })
  async claimCoupon(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ClaimCouponInput, { description: 'Which coupon.' }) input: ClaimCouponInput,
  ): Promise<ClaimCouponPayload> {
    await ctx.need(RATE_LIMITS).enforce([['couponClaimsPerCustomer', ctx.viewer!.accountId]]);
    return payload(
      async () => {
        const id = await new CouponIssuingService(ctx.em).claim(ctx.viewer!.accountId, idOf('CouponTemplate', input.templateId), input.idempotencyKey);
        return { coupon: couponView((await new CouponReads(ctx.em).coupon(id))!) };
      },
      { coupon: null },
    );
  }
}

/** The coupon an order carries, on the order itself. */
@Resolver(() => OrderType)
export class OrderCouponResolver {
  @FieldResolver(() => CouponType, {
    nullable: true,
    description: 'The coupon this order locked (unpaid) or used (paid); null when it has none, or after it was given back (cancelled, refunded in full).',
  })
  async coupon(@Root() order: OrderType, @Ctx() ctx: RequestContext): Promise<CouponType | null> {
    const row = await ctx.use(couponLoaders).byOrder.load(order.dbId);
    return row && couponView(row);
  }
}

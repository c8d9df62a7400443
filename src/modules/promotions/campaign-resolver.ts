import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Money } from '../../lib/money';
import { idOf, NO_SUCH_ID } from '../../lib/ids';
import { PageArgs, pageCost, RESULTS_COST, mapConnection } from '../../lib/pagination';
import { payload } from '../../lib/payload';
import type { RequestContext } from '../../lib/request-context';
import type { NodeFetcher } from '../manifest';
import { Role } from '../../lib/roles';
import { Sku } from '../catalog/types';
import { skuView } from '../catalog/views';
import { CouponTemplateType } from '../coupons/types';
import { templateView } from '../coupons/views';
import { CampaignReads, discountView, newPriceView, reductionView } from './campaign-reads';
import {
  DiscountConnection,
  DiscountCreateInput,
  DiscountPayload,
  DiscountType,
  FullReductionConnection,
  FullReductionCreateInput,
  FullReductionPayload,
  FullReductionTier,
  FullReductionType,
  NewCustomerPriceConnection,
  NewCustomerPriceInput,
  NewCustomerPricePayload,
  NewCustomerPriceType,
} from './campaign-types';
import { PriceCampaignAdmin } from './campaigns';
import { catalogLoaders } from '../catalog/loaders';
import { couponLoaders } from '../coupons/reads';

export const discountNode: NodeFetcher = async (ctx, id) => {
  const row = await new CampaignReads(ctx.em).discount(id);
  return row && discountView(row);
};
export const fullReductionNode: NodeFetcher = async (ctx, id) => {
  const row = await new CampaignReads(ctx.em).reduction(id);
  return row && reductionView(row);
};
export const newCustomerPriceNode: NodeFetcher = async (ctx, id) => {
  const row = await new CampaignReads(ctx.em).newPrice(id);
  return row && newPriceView(row);
};

const admin = (ctx: RequestContext) => new PriceCampaignAdmin(ctx.em);
const reads = (ctx: RequestContext) => new CampaignReads(ctx.em);

@Resolver(() => DiscountType)
export class DiscountResolver {
  @Authorized(Role.OPERATOR)
  @FieldResolver(() => Int, {
    nullable: true,
    complexity: RESULTS_COST,
    description: 'Orders not cancelled that bought at this discount. Operators only (others get FORBIDDEN and null).',
  })
  orderCount(@Root() root: DiscountType): number {
    return root.orderCount;
  }

  @Authorized(Role.OPERATOR)
  @FieldResolver(() => Money, {
    nullable: true,
    complexity: RESULTS_COST,
    description: "What those orders' lines sold for at the discounted price. Operators only (others get FORBIDDEN and null).",
  })
  sales(@Root() root: DiscountType): Money {
    return root.sales;
  }
  @Query(() => DiscountConnection, { complexity: pageCost, description: 'Limited-time discounts, newest first; isLive: true for those applying now.' })
  async discounts(
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('isLive', () => Boolean, { nullable: true, description: 'Only those applying now.' }) isLive?: boolean,
  ) {
    return mapConnection(await reads(ctx).discountList(page, isLive), discountView);
  }

  @FieldResolver(() => Sku, { description: 'The SKU.' })
  async sku(@Root() discount: DiscountType, @Ctx() ctx: RequestContext): Promise<Sku> {
    return skuView((await ctx.use(catalogLoaders).sku.load(discount.skuDbId))!);
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => DiscountPayload, { description: 'Creates a limited-time discount on a SKU; a SKU with one not ended is refused (SKU_BUSY). Operators only.' })
  createDiscount(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => DiscountCreateInput, { description: 'The discount.' }) input: DiscountCreateInput,
  ): Promise<DiscountPayload> {
    return payload(
      async () => {
        const id = await admin(ctx).createDiscount({ ...input, skuId: idOf('Sku', input.skuId), percentOffBp: input.percentOffBasisPoints });
        return { discount: discountView(await reads(ctx).discount(id)) };
      },
      { discount: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => DiscountPayload, { description: 'Ends a limited-time discount now. Operators only.' })
  endDiscount(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'The discount.' }) id: string): Promise<DiscountPayload> {
    return payload(async () => ({ discount: discountView(await reads(ctx).discount(await admin(ctx).end('discount', idOf('Discount', id)))) }), {
      discount: null,
    });
  }
}

@Resolver(() => FullReductionType)
export class FullReductionResolver {
  @Authorized(Role.OPERATOR)
  @FieldResolver(() => Int, {
    nullable: true,
    complexity: RESULTS_COST,
    description: 'Orders that got one of its tiers. Operators only (others get FORBIDDEN and null).',
  })
  orderCount(@Root() root: FullReductionType): number {
    return root.orderCount;
  }

  @Authorized(Role.OPERATOR)
  @FieldResolver(() => Money, {
    nullable: true,
    complexity: RESULTS_COST,
    description: 'What it took off those orders in all. Operators only (others get FORBIDDEN and null).',
  })
  amountOffTotal(@Root() root: FullReductionType): Money {
    return root.amountOffTotal;
  }

  @Authorized(Role.OPERATOR)
  @FieldResolver(() => Int, {
    nullable: true,
    complexity: RESULTS_COST,
    description: 'Gift coupons issued (paid orders). Operators only (others get FORBIDDEN and null).',
  })
  giftsIssued(@Root() root: FullReductionType): number {
    return root.giftsIssued;
  }
  @Query(() => FullReductionConnection, {
    complexity: pageCost,
    description: 'Full-reduction campaigns, newest first, with their results (orders, amount taken off, gifts issued); isLive: true for those applying now.',
  })
  async fullReductions(
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('isLive', () => Boolean, { nullable: true, description: 'Only those applying now.' }) isLive?: boolean,
  ) {
    return mapConnection(await reads(ctx).reductionList(page, isLive), reductionView);
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => FullReductionPayload, { description: 'Creates a full-reduction campaign. Operators only.' })
  createFullReduction(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => FullReductionCreateInput, { description: 'The campaign.' }) input: FullReductionCreateInput,
  ): Promise<FullReductionPayload> {
    return payload(
      async () => {
        const id = await admin(ctx).createFullReduction({
          ...input,
          basis: input.basis === 'AMOUNT' ? 'amount' : 'count',
          tiers: input.tiers.map((t) => ({ ...t, giftTemplateId: t.giftTemplateId != null ? (idOf('CouponTemplate', t.giftTemplateId) ?? NO_SUCH_ID) : null })),
        });
        return { fullReduction: reductionView(await reads(ctx).reduction(id)) };
      },
      { fullReduction: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => FullReductionPayload, { description: 'Ends a full-reduction campaign now. Operators only.' })
  endFullReduction(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'The campaign.' }) id: string): Promise<FullReductionPayload> {
    return payload(
      async () => ({ fullReduction: reductionView(await reads(ctx).reduction(await admin(ctx).end('full_reduction', idOf('FullReduction', id)))) }),
      { fullReduction: null },
    );
  }
}

@Resolver(() => NewCustomerPriceType)
export class NewCustomerPriceResolver {
  @Authorized(Role.OPERATOR)
  @FieldResolver(() => Int, {
    nullable: true,
    complexity: RESULTS_COST,
    description: 'First orders not cancelled that bought at this price. Operators only (others get FORBIDDEN and null).',
  })
  orderCount(@Root() root: NewCustomerPriceType): number {
    return root.orderCount;
  }

  @Authorized(Role.OPERATOR)
  @FieldResolver(() => Money, {
    nullable: true,
    complexity: RESULTS_COST,
    description:
      "What those orders' lines sold for (one unit at the new-customer price, any more at their own price). Operators only (others get FORBIDDEN and null).",
  })
  sales(@Root() root: NewCustomerPriceType): Money {
    return root.sales;
  }
  @Query(() => NewCustomerPriceConnection, { complexity: pageCost, description: 'New-customer prices, newest first; isActive: true for those applying.' })
  async newCustomerPrices(
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('isActive', () => Boolean, { nullable: true, description: 'Only those not ended.' }) isActive?: boolean,
  ) {
    return mapConnection(await reads(ctx).newPriceList(page, isActive), newPriceView);
  }

  @FieldResolver(() => Sku, { description: 'The SKU.' })
  async sku(@Root() price: NewCustomerPriceType, @Ctx() ctx: RequestContext): Promise<Sku> {
    return skuView((await ctx.use(catalogLoaders).sku.load(price.skuDbId))!);
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => NewCustomerPricePayload, { description: "Sets a SKU's new-customer price (replacing its current one). Operators only." })
  setNewCustomerPrice(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => NewCustomerPriceInput, { description: 'The SKU and price.' }) input: NewCustomerPriceInput,
  ): Promise<NewCustomerPricePayload> {
    return payload(
      async () => {
        const id = await admin(ctx).setNewCustomerPrice(idOf('Sku', input.skuId), input.price);
        return { newCustomerPrice: newPriceView(await reads(ctx).newPrice(id)) };
      },
      { newCustomerPrice: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => NewCustomerPricePayload, { description: 'Ends a new-customer price now. Operators only.' })
  endNewCustomerPrice(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'The new-customer price.' }) id: string,
  ): Promise<NewCustomerPricePayload> {
    return payload(
      async () => ({ newCustomerPrice: newPriceView(await reads(ctx).newPrice(await admin(ctx).end('new_customer_price', idOf('NewCustomerPrice', id)))) }),
      { newCustomerPrice: null },
    );
  }
}

@Resolver(() => FullReductionTier)
export class FullReductionTierResolver {
  @FieldResolver(() => CouponTemplateType, {
    nullable: true,
    description: 'The coupon template of the gift coupon issued when the order is paid (taken back on cancel or full refund); null for none.',
  })
  async giftTemplate(@Root() tier: FullReductionTier, @Ctx() ctx: RequestContext): Promise<CouponTemplateType | null> {
    if (!tier.giftTemplateDbId) return null;
    const row = await ctx.use(couponLoaders).template.load(tier.giftTemplateDbId);
    return row ? templateView(row) : null;
  }
}

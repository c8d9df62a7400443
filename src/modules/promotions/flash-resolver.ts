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
import { FlashSaleAdmin } from './flash-admin';
import {
  FlashSaleConnection,
  FlashSaleCreateInput,
  FlashSaleFilterInput,
  FlashSalePayload,
  FlashSaleType,
  FlashSaleUpdateInput,
  FlashSlotConnection,
  FlashSlotInput,
  FlashSlotPayload,
  FlashSlotType,
} from './flash-types';
import { flashSaleView, slotView } from './flash-views';
import { PromotionReads } from './reads';
import { catalogLoaders } from '../catalog/loaders';

export const flashSlotNode: NodeFetcher = async (ctx, id) => {
  const row = await new PromotionReads(ctx.em).slot(id);
  return row && slotView(row);
};
export const flashSaleNode: NodeFetcher = async (ctx, id) => {
  const row = await new PromotionReads(ctx.em).sale(id);
  return row && flashSaleView(row);
};

const salePayload = async (ctx: RequestContext, id: string) => ({ flashSale: flashSaleView((await new PromotionReads(ctx.em).sale(id))!) });

@Resolver(() => FlashSlotType)
export class FlashSlotResolver {
  @Query(() => FlashSlotConnection, { complexity: pageCost, description: 'The daily flash-sale slots, by time of day.' })
  async flashSlots(@Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    return mapConnection(await new PromotionReads(ctx.em).slotList(page), slotView);
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => FlashSlotPayload, { description: 'Creates a daily flash-sale slot; one overlapping another is refused (SLOT_OVERLAP). Operators only.' })
  createFlashSlot(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => FlashSlotInput, { description: 'The slot.' }) input: FlashSlotInput,
  ): Promise<FlashSlotPayload> {
    return payload(async () => ({ slot: slotView((await new PromotionReads(ctx.em).slot(await new FlashSaleAdmin(ctx.em).createSlot(input)))!) }), {
      slot: null,
    });
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => FlashSlotPayload, { description: 'Deletes a slot no flash sale uses (else SLOT_IN_USE). Operators only.' })
  deleteFlashSlot(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'The slot.' }) id: string): Promise<FlashSlotPayload> {
    return payload(
      async () => {
        await new FlashSaleAdmin(ctx.em).deleteSlot(idOf('FlashSlot', id));
        return { slot: null };
      },
      { slot: null },
    );
  }
}

@Resolver(() => FlashSaleType)
export class FlashSaleResolver {
  @Authorized(Role.OPERATOR)
  @FieldResolver(() => Int, {
    nullable: true,
    complexity: RESULTS_COST,
    description:
      'Units sold: taken by orders, less those given back when an order was cancelled unpaid (an order refunded in full keeps its units counted). Operators only (others get FORBIDDEN and null).',
  })
  sold(@Root() root: FlashSaleType): number {
    return root.sold;
  }

  @Authorized(Role.OPERATOR)
  @FieldResolver(() => Money, {
    nullable: true,
    complexity: RESULTS_COST,
    description: 'Sales at the flash price: sold × flashPrice. Operators only (others get FORBIDDEN and null).',
  })
  sales(@Root() root: FlashSaleType): Money {
    return root.sales;
  }
  @Query(() => FlashSaleConnection, {
    complexity: pageCost,
    description: 'Flash sales, newest first, with what they sold (sold, flashStock left); e.g. isLive: true for those buyable now.',
  })
  async flashSales(
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('filter', () => FlashSaleFilterInput, { nullable: true, description: 'Filters.' }) filter?: FlashSaleFilterInput,
  ) {
    const slotId = filter?.slotId != null ? (idOf('FlashSlot', filter.slotId) ?? NO_SUCH_ID) : null;
    return mapConnection(await new PromotionReads(ctx.em).saleList(page, { running: filter?.isRunning, liveNow: filter?.isLive, slotId }), flashSaleView);
  }

  @FieldResolver(() => Sku, { description: 'The SKU on sale.' })
  async sku(@Root() sale: FlashSaleType, @Ctx() ctx: RequestContext): Promise<Sku> {
    return skuView((await ctx.use(catalogLoaders).sku.load(sale.skuDbId))!);
  }

  @FieldResolver(() => FlashSlotType, { description: 'Its daily slot.' })
  async slot(@Root() sale: FlashSaleType, @Ctx() ctx: RequestContext): Promise<FlashSlotType> {
    return slotView((await new PromotionReads(ctx.em).slot(sale.slotDbId))!);
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => FlashSalePayload, { description: 'Creates a flash sale of a SKU in a slot. Operators only.' })
  createFlashSale(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => FlashSaleCreateInput, { description: 'The flash sale.' }) input: FlashSaleCreateInput,
  ): Promise<FlashSalePayload> {
    return payload(
      async () =>
        salePayload(ctx, await new FlashSaleAdmin(ctx.em).createSale({ ...input, slotId: idOf('FlashSlot', input.slotId), skuId: idOf('Sku', input.skuId) })),
      { flashSale: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => FlashSalePayload, { description: 'Adds or removes flash stock, or changes the per-customer limit, of a running flash sale. Operators only.' })
  updateFlashSale(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'The flash sale.' }) id: string,
    @Arg('input', () => FlashSaleUpdateInput, { description: 'The changes.' }) input: FlashSaleUpdateInput,
  ): Promise<FlashSalePayload> {
    return payload(async () => salePayload(ctx, await new FlashSaleAdmin(ctx.em).updateSale(idOf('FlashSale', id), input)), { flashSale: null });
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => FlashSalePayload, { description: 'Ends a flash sale now; orders already placed keep their price. Operators only.' })
  endFlashSale(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'The flash sale.' }) id: string): Promise<FlashSalePayload> {
    return payload(async () => salePayload(ctx, await new FlashSaleAdmin(ctx.em).endSale(idOf('FlashSale', id))), { flashSale: null });
  }
}

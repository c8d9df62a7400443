import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { maxChars, maxItems } from '../../lib/bounds';
import { badInput, DomainError, forbidden } from '../../lib/errors';
import { idOf, NO_SUCH_ID } from '../../lib/ids';
import { DecimalScalar, type Fen } from '../../lib/money';
import { PageArgs, pageCost, mapConnection } from '../../lib/pagination';
import { payload } from '../../lib/payload';
import type { RequestContext } from '../../lib/request-context';
import type { NodeFetcher } from '../manifest';
import { Role } from '../../lib/roles';
import { ShopPriceStatus, ShopReads, shopLoaders, type ShopProductFilter } from './reads';
import { shopService } from './service';
import { MAX_PER_CALL, MAX_SELECTION, MAX_SLUG_LENGTH } from './rules';
import {
  MyShop,
  MyShopPayload,
  MyShopProductConnection,
  MyShopProductFilterInput,
  RecordShopVisitPayload,
  Shop,
  ShopPricePayload,
  ShopProduct,
  ShopProductConnection,
  ShopProductFilterInput,
  UpdateMyShopInput,
} from './types';
import { myShopProductView, shopProductView, shopView } from './views';

export const shopNode: NodeFetcher = async (ctx, id) => {
  const row = await ctx.use(shopLoaders).shop.load(id);
  return row?.open ? shopView(row) : null;
};

function productFilter(filter: ShopProductFilterInput | MyShopProductFilterInput | undefined): ShopProductFilter {
  let categoryId: string | null = null;
  if (filter?.categoryId) {
    categoryId = idOf('Category', filter.categoryId);
    if (!categoryId) throw badInput('filter.categoryId is not a category ID', 'filter.categoryId');
  }
  return { ...filter, categoryId };
}

async function myShopView(ctx: RequestContext, shopId: string): Promise<MyShop> {
  return { shopDbId: shopId, shop: shopView((await new ShopReads(ctx.em).shop(shopId))!) };
}

const ids = (productIds: string[]) => productIds.map((id) => idOf('Product', id));

@Resolver(() => Shop)
export class ShopResolver {
  @Query(() => Shop, {
    nullable: true,
    description: "A member's shop by its slug, for storefronts; null when there is none or its owner is no longer a member.",
  })
  async shop(@Ctx() ctx: RequestContext, @Arg('slug', maxChars(MAX_SLUG_LENGTH, "The shop's slug.")) slug: string): Promise<Shop | null> {
    const row = await new ShopReads(ctx.em).openShopBySlug(slug.trim());
    return row ? shopView(row) : null;
  }

  @FieldResolver(() => ShopProductConnection, {
    complexity: pageCost,
    description: "The shop's published products in the owner's order, at the shop's prices.",
  })
  async products(
    @Root() shop: Shop,
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('filter', () => ShopProductFilterInput, { nullable: true, description: 'Filters; all given must match.' }) filter?: ShopProductFilterInput,
  ) {
    return mapConnection(await new ShopReads(ctx.em).products(shop.dbId, page, productFilter(filter), true), shopProductView);
  }

  @FieldResolver(() => ShopProduct, {
    nullable: true,
    description:
      "One published product of the shop at the shop's price (e.g. for a product page reached through the shop); null when the shop does not carry it.",
  })
  async product(@Root() shop: Shop, @Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'The product.' }) id: string): Promise<ShopProduct | null> {
    const connection = await new ShopReads(ctx.em).products(shop.dbId, { first: 1 }, { productId: idOf('Product', id) ?? NO_SUCH_ID }, true);
    return connection.nodes[0] ? shopProductView(connection.nodes[0]) : null;
  }

  @Mutation(() => RecordShopVisitPayload, {
    description: "Counts a visit to a shop's page, for the owner's statistics. Storefronts call it when they show the shop.",
  })
  recordShopVisit(@Ctx() ctx: RequestContext, @Arg('slug', maxChars(MAX_SLUG_LENGTH, "The shop's slug.")) slug: string): Promise<RecordShopVisitPayload> {
    return payload(
      async () => {
        await ctx.use(shopService).recordVisit(slug);
        return { recorded: true };
      },
      { recorded: false },
    );
  }
}

@Resolver(() => MyShop)
export class MyShopResolver {
  @Authorized(Role.MEMBER)
  @Query(() => MyShop, {
    nullable: true,
    description:
      'Your shop, opened with a default slug and name the first time you ask. Members only: others get a FORBIDDEN error and null here, without losing the rest of the response.',
  })
  async myShop(@Ctx() ctx: RequestContext): Promise<MyShop | null> {
    try {
      return await myShopView(ctx, await ctx.use(shopService).myShopId(ctx.viewer!.accountId));
    } catch (err) {
      if (err instanceof DomainError) throw forbidden(err.message);
      throw err;
    }
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => MyShopPayload, { description: "Changes your shop's slug, name, avatar or intro. Members only." })
  updateMyShop(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => UpdateMyShopInput, { description: 'The changes.' }) input: UpdateMyShopInput,
  ): Promise<MyShopPayload> {
    return payload(async () => ({ myShop: await myShopView(ctx, await ctx.use(shopService).update(ctx.viewer!.accountId, input)) }), { myShop: null });
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => MyShopPayload, {
    description: `Adds published platform products to the end of your shop's selection (${MAX_SELECTION} in all); ones already there keep their place. Members only.`,
  })
  addShopProducts(
    @Ctx() ctx: RequestContext,
    @Arg('productIds', () => [ID], maxItems(MAX_PER_CALL, 'The products.')) productIds: string[],
  ): Promise<MyShopPayload> {
    return payload(async () => ({ myShop: await myShopView(ctx, await ctx.use(shopService).addProducts(ctx.viewer!.accountId, ids(productIds))) }), {
      myShop: null,
    });
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => MyShopPayload, { description: "Takes products out of your shop's selection (their shop prices go with them). Members only." })
  removeShopProducts(
    @Ctx() ctx: RequestContext,
    @Arg('productIds', () => [ID], maxItems(MAX_PER_CALL, 'The products.')) productIds: string[],
  ): Promise<MyShopPayload> {
    return payload(async () => ({ myShop: await myShopView(ctx, await ctx.use(shopService).removeProducts(ctx.viewer!.accountId, ids(productIds))) }), {
      myShop: null,
    });
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => MyShopPayload, {
    description: 'Moves these products of your shop to the front, in this order; the others follow in their current order. Members only.',
  })
  reorderShopProducts(
    @Ctx() ctx: RequestContext,
    @Arg('productIds', () => [ID], maxItems(MAX_PER_CALL, 'Products of your shop, in the order wanted.')) productIds: string[],
  ): Promise<MyShopPayload> {
    return payload(async () => ({ myShop: await myShopView(ctx, await ctx.use(shopService).reorderProducts(ctx.viewer!.accountId, ids(productIds))) }), {
      myShop: null,
    });
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => ShopPricePayload, {
    description:
      "Sets the price buyers through your shop pay for a product of your selection (every SKU of it), or clears it with null. It must be inside the product's price-control band (product.priceControl); SHOP_PRICE_OUT_OF_BAND otherwise. Members only.",
  })
  setShopPrice(
    @Ctx() ctx: RequestContext,
    @Arg('productId', () => ID, { description: 'A product of your shop.' }) productId: string,
    @Arg('price', () => DecimalScalar, { nullable: true, description: 'The shop price; null clears it.' }) price?: Fen | null,
  ): Promise<ShopPricePayload> {
    return payload(
      async () => {
        const dbId = idOf('Product', productId);
        const shopId = await ctx.use(shopService).setShopPrice(ctx.viewer!.accountId, dbId, price ?? null);
        const connection = await new ShopReads(ctx.em).products(shopId, { first: 1 }, { productId: dbId }, false);
        return { shopProduct: myShopProductView(connection.nodes[0]) };
      },
      { shopProduct: null },
    );
  }

  @FieldResolver(() => MyShopProductConnection, {
    complexity: pageCost,
    description: 'Your whole selection in shop order, off-sale products included, with your shop prices and whether they apply.',
  })
  async products(
    @Root() myShop: MyShop,
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('filter', () => MyShopProductFilterInput, { nullable: true, description: 'Filters; all given must match.' }) filter?: MyShopProductFilterInput,
  ) {
    return mapConnection(await new ShopReads(ctx.em).products(myShop.shopDbId, page, productFilter(filter), false), myShopProductView);
  }

  @FieldResolver(() => MyShopProductConnection, {
    complexity: pageCost,
    description:
      "Products whose shop price no longer applies because the operator moved the price-control band: buyers pay the platform's prices for them until you set a price inside the band or clear it.",
  })
  async outOfBandProducts(@Root() myShop: MyShop, @Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    return mapConnection(
      await new ShopReads(ctx.em).products(myShop.shopDbId, page, { shopPriceStatus: ShopPriceStatus.OUT_OF_BAND }, false),
      myShopProductView,
    );
  }
}

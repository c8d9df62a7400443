import { Arg, Args, Ctx, FieldResolver, ID, Resolver, Root } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { idOf, NO_SUCH_ID } from '../../lib/ids';
import { PageArgs, pageCost, STATISTICS_COST, mapConnection } from '../../lib/pagination';
import type { RequestContext } from '../../lib/request-context';
import { MyShop } from '../shops/types';
import { ShopInsights } from './insights';
import { orderLoaders } from '../orders/reads';
import { ShopCustomerConnection, ShopOrder, ShopOrderConnection, ShopOrderLine, ShopStatistics } from './insight-types';
import { shopCustomerView, shopOrderLineView, shopOrderView, statisticsView } from './insight-views';

/** The shop insights on the owner's shop (myShop): the shops module declares MyShop, attribution reports what went through it. */
@Resolver(() => MyShop)
export class MyShopInsightsResolver {
  @FieldResolver(() => ShopStatistics, {
    complexity: STATISTICS_COST,
    description: 'Visits, paid orders and sales over a period of calendar days (China time), in total and by day; at most 366 days.',
  })
  async statistics(
    @Root() myShop: MyShop,
    @Ctx() ctx: RequestContext,
    @Arg('from', () => GraphQLLocalDate, { description: 'First day.' }) from: string,
    @Arg('to', () => GraphQLLocalDate, { description: 'Last day (included).' }) to: string,
  ): Promise<ShopStatistics> {
    return statisticsView(from, to, await new ShopInsights(ctx.em).statistics(myShop.shopDbId, from, to));
  }

  @FieldResolver(() => ShopCustomerConnection, {
    complexity: pageCost,
    description: 'Buyers who have paid for an order through your shop (客户档案), most recent purchase first.',
  })
  async customers(@Root() myShop: MyShop, @Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    return mapConnection(await new ShopInsights(ctx.em).customers(myShop.shopDbId, page), shopCustomerView);
  }

  @FieldResolver(() => ShopOrderConnection, { complexity: pageCost, description: 'Paid orders placed through your shop, newest first.' })
  async orders(
    @Root() myShop: MyShop,
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('customerId', () => ID, { nullable: true, description: "Only this customer's (a ShopCustomer.id)." }) customerId?: string,
  ) {
    const customer = customerId == null ? null : (idOf('ShopCustomer', customerId) ?? NO_SUCH_ID);
    return mapConnection(await new ShopInsights(ctx.em).orders(myShop.shopDbId, page, customer), shopOrderView);
  }
}

@Resolver(() => ShopOrder)
export class ShopOrderResolver {
  @FieldResolver(() => [ShopOrderLine], { description: 'What was bought.' })
  async lines(@Root() order: ShopOrder, @Ctx() ctx: RequestContext): Promise<ShopOrderLine[]> {
    return (await ctx.use(orderLoaders).linesByOrder.load(order.dbId)).map(shopOrderLineView);
  }
}

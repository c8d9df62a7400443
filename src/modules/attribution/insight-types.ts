import { Field, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLDateTimeISO, GraphQLLocalDate } from 'graphql-scalars';
import { Money } from '../../lib/money';
import { ConnectionType } from '../../lib/pagination';
import { SpecValue } from '../catalog/types';
import { OrderStatusEnum, PriceReasonEnum } from '../orders/types';
import { ShareEntry } from './entry';

/** The shop insights' GraphQL types (myShop.statistics, customers and orders; see insights.ts). */

@ObjectType({ description: "One day of a shop's statistics (calendar day in China time)." })
export class ShopDayStatistics {
  @Field(() => GraphQLLocalDate, { description: 'The day.' })
  day: string;

  @Field(() => Int, { description: 'Visits recorded by storefronts (recordShopVisit).' })
  visits: number;

  @Field(() => Int, { description: 'Orders through the shop paid this day.' })
  orders: number;

  @Field(() => Money, { description: 'What those orders were paid, less what has been refunded of them since.' })
  sales: Money;
}

@ObjectType({ description: "A shop's statistics over a period, in total and by day." })
export class ShopStatistics {
  @Field(() => GraphQLLocalDate, { description: 'First day of the period.' })
  from: string;

  @Field(() => GraphQLLocalDate, { description: 'Last day of the period (included).' })
  to: string;

  @Field(() => Int, { description: 'Visits over the period.' })
  visits: number;

  @Field(() => Int, { description: 'Paid orders through the shop over the period.' })
  orders: number;

  @Field(() => Money, { description: 'Sales over the period: paid less refunded.' })
  sales: Money;

  @Field(() => [ShopDayStatistics], { description: 'Every day of the period, oldest first; days without activity are zeros.' })
  days: ShopDayStatistics[];
}

@ObjectType({ description: 'A buyer who has bought through your shop (客户档案): only what a shop owner may know — no address, phone or email.' })
export class ShopCustomer {
  @Field(() => ID, { description: 'Opaque id of the customer within your shop, for `myShop.orders(customerId:)`.' })
  id: string;

  @Field({ description: "The buyer's display name." })
  displayName: string;

  @Field(() => Int, { description: 'Paid orders through your shop.' })
  orderCount: number;

  @Field(() => Money, { description: 'What they paid for those orders, less refunds.' })
  totalSpent: Money;

  @Field(() => GraphQLDateTimeISO, { description: 'When they last paid for an order through your shop.' })
  lastPurchaseAt: Date;
}

@ObjectType({ description: 'A line of an order through your shop.' })
export class ShopOrderLine {
  @Field({ description: 'Product name at checkout.' })
  productName: string;

  @Field({ description: 'SKU code at checkout.' })
  skuCode: string;

  @Field(() => [SpecValue], { description: 'Spec values at checkout.' })
  specs: SpecValue[];

  @Field(() => Int, { description: 'How many.' })
  quantity: number;

  @Field(() => Money, { description: 'Unit price paid before order-level discounts.' })
  unitPrice: Money;

  @Field(() => PriceReasonEnum, { description: 'Why the unit price is what it is (SHOP_PRICE: your shop price).' })
  priceReason: PriceReasonEnum;

  @Field(() => Money, { description: 'What the buyer pays for the line.' })
  total: Money;
}

@ObjectType({
  description:
    'A paid order placed through your shop, as a shop owner may see it: what was bought, when and for how much — no shipping address or contact details.',
})
export class ShopOrder {
  dbId: string;

  @Field({ description: 'Order number, for customer service.' })
  number: string;

  @Field(() => OrderStatusEnum, { description: 'Where the order is.' })
  status: OrderStatusEnum;

  @Field({ description: "The buyer's display name." })
  buyerName: string;

  @Field(() => ID, { description: 'The buyer, as `ShopCustomer.id`.' })
  customerId: string;

  @Field(() => Money, { description: 'What the buyer paid, shipping included.' })
  total: Money;

  @Field(() => Money, { description: 'What has been refunded of it.' })
  refundedTotal: Money;

  @Field(() => GraphQLDateTimeISO, { description: 'When it was placed.' })
  placedAt: Date;

  @Field(() => GraphQLDateTimeISO, { description: 'When it was paid.' })
  paidAt: Date;

  @Field(() => ShareEntry, { nullable: true, description: 'The share link the buyer came through: your shop, or a product you shared.' })
  entry: ShareEntry | null;

  @Field({ description: 'You bought it yourself, through your own link.' })
  selfPurchase: boolean;
}

export const ShopCustomerConnection = ConnectionType(ShopCustomer, 'ShopCustomer', 'customer of your shop');
export const ShopOrderConnection = ConnectionType(ShopOrder, 'ShopOrder', 'order through your shop');

import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { UserError } from '../../lib/errors';
import { Money } from '../../lib/money';
import { ReportsErrorCode, reportsErrorCodeDescriptions } from './errors';

/** The GraphQL types of the operators' reports (figures.ts, campaigns.ts). */

export enum SalesReportGrouping {
  DAY = 'day',
  CHANNEL = 'channel',
  SOURCE = 'source',
}

registerEnumType(SalesReportGrouping, {
  name: 'SalesReportGrouping',
  description: 'What the rows of a sales report are per.',
  valuesConfig: {
    DAY: { description: "Per calendar day of the operator's time zone: every day of the window is listed." },
    CHANNEL: { description: 'Per storefront app (sales channel) the orders were placed through.' },
    SOURCE: { description: 'Per attribution source: its kind and, within the kind, the article card, live session, placement or referral level.' },
  },
});

export enum SalesSource {
  DIRECT = 'direct',
  MEMBER_SHOP = 'member_shop',
  SHARE_LINK = 'share_link',
  ARTICLE_CARD = 'article_card',
  LIVE_SESSION = 'live_session',
  BUY_BUTTON = 'buy_button',
  REFERRAL = 'referral',
}

registerEnumType(SalesSource, {
  name: 'SalesSource',
  description:
    "Where an order came from, as reports count it: the source of the order's line that paid the most (checkout's attribution, frozen when the order was placed). Each order counts under one source, so the sources add up to the whole.",
  valuesConfig: {
    DIRECT: { description: 'No link, no inviter: the buyer came by themselves.' },
    MEMBER_SHOP: { description: "A member's shop link." },
    SHARE_LINK: { description: "A member's product share link." },
    ARTICLE_CARD: { description: 'A product card of a content article (sourceDetail: "article id:card block id").' },
    LIVE_SESSION: { description: "A live session's link (sourceDetail: the live session's id)." },
    BUY_BUTTON: { description: "A site's buy button (sourceDetail: its placement label, empty when none was given; the site is the channel)." },
    REFERRAL: { description: 'No link: the buyer\'s bound inviter (sourceDetail: the referral level, "1").' },
  },
});

@ObjectType({ description: 'The sales figures of a period (a day, or a window of days).' })
export class SalesFigures {
  @Field(() => Money, { description: 'GMV paid: what the orders paid in the period cost their buyers, shipping included, whatever was refunded later.' })
  gmvPaid: Money;

  @Field(() => Int, { description: 'Orders paid in the period.' })
  ordersPaid: number;

  @Field(() => Int, { description: 'Distinct buyers of the orders paid in the period.' })
  payingCustomers: number;

  @Field(() => Money, { nullable: true, description: 'gmvPaid / ordersPaid, rounded to the fen (halves up); null when no order was paid.' })
  averageOrderValue: Money | null;

  @Field(() => Money, { description: 'What was actually refunded in the period (by the day of the refund, whenever its order was paid).' })
  refunds: Money;

  @Field(() => Money, { description: 'gmvPaid − refunds (negative when refunds of earlier orders outweigh the period’s sales).' })
  net: Money;
}

@ObjectType({ description: 'How each figure changed from the previous period: (current − previous) / previous, e.g. 0.25 for +25%.' })
export class SalesChange {
  @Field(() => Float, { nullable: true, description: 'Change of gmvPaid; null when the previous was 0.' })
  gmvPaid: number | null;

  @Field(() => Float, { nullable: true, description: 'Change of ordersPaid; null when the previous was 0.' })
  ordersPaid: number | null;

  @Field(() => Float, { nullable: true, description: 'Change of payingCustomers; null when the previous was 0.' })
  payingCustomers: number | null;

  @Field(() => Float, { nullable: true, description: 'Change of averageOrderValue; null when the previous was 0 or null.' })
  averageOrderValue: number | null;

  @Field(() => Float, { nullable: true, description: 'Change of refunds; null when the previous was 0.' })
  refunds: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Change of net; null when the previous was 0 (relative to the previous net’s size when it was negative).',
  })
  net: number | null;
}

@ObjectType({ description: "One row of a sales report: a group (per the report's grouping) with its figures beside the previous period's." })
export class SalesReportRow {
  @Field(() => GraphQLLocalDate, { nullable: true, description: 'The day (grouped by DAY); null otherwise.' })
  day: string | null;

  @Field(() => GraphQLLocalDate, {
    nullable: true,
    description: 'The day of the previous period this day is compared with (as many days earlier as the window is long).',
  })
  previousDay: string | null;

  @Field(() => ID, { nullable: true, description: 'The storefront app (grouped by CHANNEL): a StorefrontApp id; null otherwise.' })
  storefrontAppId: string | null;

  @Field(() => SalesSource, { nullable: true, description: 'The source kind (grouped by SOURCE); null otherwise.' })
  source: SalesSource | null;

  @Field(() => String, {
    nullable: true,
    description: 'The source within its kind (see SalesSource); empty when the kind has none; null unless grouped by SOURCE.',
  })
  sourceDetail: string | null;

  @Field(() => SalesFigures, { description: 'The figures of the period.' })
  figures: SalesFigures;

  @Field(() => SalesFigures, { description: 'The figures of the previous period (the same group).' })
  previous: SalesFigures;

  @Field(() => SalesChange, { description: 'How each figure changed from the previous period.' })
  change: SalesChange;
}

@ObjectType({
  description:
    "Daily sales figures in the operator's time zone over a window of days, beside the period of the same length just before it. Read from the daily rollup.",
})
export class SalesReport {
  @Field(() => GraphQLLocalDate, { description: 'First day of the window.' })
  from: string;

  @Field(() => GraphQLLocalDate, { description: 'Last day of the window (included).' })
  to: string;

  @Field(() => GraphQLLocalDate, { description: 'First day of the previous period.' })
  previousFrom: string;

  @Field(() => GraphQLLocalDate, { description: 'Last day of the previous period (the day before from).' })
  previousTo: string;

  @Field({ description: "The operator's time zone the days are in (promotionSettings.timeZone), e.g. Asia/Shanghai." })
  timeZone: string;

  @Field(() => [SalesReportRow], { description: 'The rows: by day oldest first, otherwise the most GMV paid first; at most 2000 (more is refused).' })
  rows: SalesReportRow[];
}

@ObjectType({ description: 'Coupons over the window.' })
export class CouponResults {
  @Field(() => Int, { description: 'Coupons issued in the window (claimed, granted, gifts).' })
  issued: number;

  @Field(() => Int, { description: 'Of the coupons issued in the window, how many have been used (their order paid) so far.' })
  usedOfIssued: number;

  @Field(() => Float, { nullable: true, description: 'usedOfIssued / issued; null when none was issued.' })
  redemptionRate: number | null;

  @Field(() => Int, { description: 'Coupons used in the window (whenever issued).' })
  used: number;

  @Field(() => Money, { description: 'What coupons took off the orders paid in the window.' })
  cost: Money;
}

@ObjectType({ description: 'Flash sales that ran at some time in the window.' })
export class FlashSaleResults {
  @Field(() => Int, { description: 'How many flash sales ran.' })
  sales: number;

  @Field(() => Int, { description: 'Units they offered: sold plus what is left.' })
  unitsOffered: number;

  @Field(() => Int, { description: 'Units sold (held by orders not cancelled).' })
  unitsSold: number;

  @Field(() => Float, { nullable: true, description: 'Sell-through: unitsSold / unitsOffered; null when nothing was offered.' })
  sellThrough: number | null;
}

@ObjectType({ description: 'Group-buy sessions that closed in the window, and the refunds of failed sessions made in it.' })
export class GroupBuyResults {
  @Field(() => Int, { description: 'Sessions that filled up (succeeded).' })
  succeeded: number;

  @Field(() => Int, { description: 'Sessions that failed at their deadline.' })
  failed: number;

  @Field(() => Float, { nullable: true, description: 'succeeded / (succeeded + failed); null when none closed.' })
  successRate: number | null;

  @Field(() => Money, { description: 'What was refunded in the window to members of failed sessions.' })
  refunds: Money;

  @Field(() => Int, { description: 'How many members those refunds went to.' })
  refundedMembers: number;
}

@ObjectType({ description: 'Bargains started in the window.' })
export class BargainResults {
  @Field(() => Int, { description: 'Bargains started.' })
  started: number;

  @Field(() => Int, { description: 'Of those, bought (their order paid).' })
  bought: number;

  @Field(() => Float, { nullable: true, description: 'Completion: bought / started; null when none started.' })
  completionRate: number | null;

  @Field(() => Int, { description: 'Of those, how many friends cut down to the floor price.' })
  reachedFloor: number;

  @Field(() => Money, { description: 'What friends cut off the bargains that were bought: their cost.' })
  cost: Money;
}

@ObjectType({ description: 'What one kind of discount cost over the orders paid in the window.' })
export class DiscountCost {
  @Field({ description: "The price adjustment's code: COUPON, DISCOUNT (limited-time discount), FULL_REDUCTION, NEW_CUSTOMER_PRICE, …" })
  code: string;

  @Field(() => Money, { description: 'What it took off those orders.' })
  cost: Money;

  @Field(() => Int, { description: 'On how many of them.' })
  orders: number;
}

@ObjectType({ description: "Campaign results over a window of calendar days in the operator's time zone, in one place." })
export class CampaignResults {
  @Field(() => GraphQLLocalDate, { description: 'First day of the window.' })
  from: string;

  @Field(() => GraphQLLocalDate, { description: 'Last day of the window (included).' })
  to: string;

  @Field(() => CouponResults, { description: 'Coupon cost and redemption.' })
  coupons: CouponResults;

  @Field(() => FlashSaleResults, { description: 'Flash-sale sell-through.' })
  flashSales: FlashSaleResults;

  @Field(() => GroupBuyResults, { description: 'Group-buy success rate and refunds.' })
  groupBuys: GroupBuyResults;

  @Field(() => BargainResults, { description: 'Bargain completion.' })
  bargains: BargainResults;

  @Field(() => [DiscountCost], {
    description:
      'The cost of each kind of discount (limited-time discount, full reduction, coupons, new-customer price) on the orders paid in the window, by code.',
  })
  discountCosts: DiscountCost[];
}

registerEnumType(ReportsErrorCode, {
  name: 'ReportsErrorCode',
  description: 'Why a reports mutation was refused.',
  valuesConfig: reportsErrorCodeDescriptions,
});

@ObjectType({ description: 'A refused reports mutation.', implements: UserError })
export class ReportsUserError extends UserError {
  @Field(() => ReportsErrorCode, { description: 'What kind of failure this is.' })
  code: ReportsErrorCode;
}

@InputType({ description: 'The days to rebuild the daily sales rollup of, from the orders and refunds.' })
export class RebuildSalesReportInput {
  @Field(() => GraphQLLocalDate, { description: "First day (a calendar day of the operator's time zone)." })
  from: string;

  @Field(() => GraphQLLocalDate, { description: 'Last day, included; at most 366 days after from (refused with INVALID_WINDOW otherwise).' })
  to: string;
}

@ObjectType({ description: 'Result of rebuildSalesReport.' })
export class RebuildSalesReportPayload {
  @Field(() => Int, { nullable: true, description: 'How many chunks of up to 31 days were queued for rebuilding (each a background job); null when refused.' })
  chunks: number | null;

  @Field(() => [ReportsUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: ReportsUserError[];
}

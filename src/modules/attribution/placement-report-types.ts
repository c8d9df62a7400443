import { Field, Int, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Money } from '../../lib/money';
import { AttributedSite } from './types';

/** The GraphQL types of the sales per site and placement (salesByPlacement, mySalesByPlacement; see placement-report.ts). */

@ObjectType({ description: 'The figures of a sales report: orders, units, GMV, paid, refunded.' })
export class PlacementFigures {
  @Field(() => Int, { description: 'Orders placed (whatever became of them after).' })
  orders: number;

  @Field(() => Int, { description: 'Units in those orders.' })
  units: number;

  @Field(() => Money, { description: "Gross merchandise value: what the orders' lines cost the buyers when placed (shipping excluded)." })
  gmv: Money;

  @Field(() => Money, { description: 'What of the GMV was paid: the lines of the orders paid.' })
  paid: Money;

  @Field(() => Money, { description: 'What of the paid has been refunded since.' })
  refunded: Money;
}

@ObjectType({ description: 'One calendar day (China time, by when the orders were placed) of a site and placement; only days with orders are listed.' })
export class PlacementDaySales extends PlacementFigures {
  @Field(() => GraphQLLocalDate, { description: 'The day.' })
  day: string;
}

@ObjectType({ description: "A site's sales at one placement of its buy button, over the report's window: in total and by day." })
export class PlacementSales extends PlacementFigures {
  @Field(() => AttributedSite, { description: 'The site: the storefront app the orders were placed through.' })
  site: AttributedSite;

  @Field(() => String, { nullable: true, description: 'The placement label the site gave (CheckoutInput.placement); null: orders placed without one.' })
  placement: string | null;

  @Field(() => [PlacementDaySales], { description: 'The days with orders, oldest first.' })
  days: PlacementDaySales[];
}

@ObjectType({
  description:
    'Sales per site and buy-button placement over a window of calendar days (China time, by when orders were placed): the totals, and each site × placement group with its days. Bounded: at most 100 groups, those with the most GMV first (groupCount says how many there are).',
})
export class SalesByPlacement extends PlacementFigures {
  @Field(() => GraphQLLocalDate, { description: 'First day of the window.' })
  from: string;

  @Field(() => GraphQLLocalDate, { description: 'Last day of the window (included).' })
  to: string;

  @Field(() => Int, { description: 'How many site × placement groups had orders in the window; groups lists at most 100 of them.' })
  groupCount: number;

  @Field(() => [PlacementSales], { description: 'The site × placement groups, the most GMV first (at most 100).' })
  groups: PlacementSales[];
}

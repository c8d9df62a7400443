import { Field, Int, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Money } from '../../lib/money';
import { ArticleBlock } from './types';

/** The funnel's GraphQL types (Article.funnel; see funnel.ts). */

const ORDERS =
  "Orders with lines checkout attributed to the article's cards (OrderLineSource CONTENT_CARD), counted on the day they were placed (an order counts once per card). Counted from the order events, a moment after checkout.";
const PAID =
  "What was paid for the lines attributed to the article's cards, counted on the day of payment (the lines' totals after every discount); refunds do not take it back, they count in refundedSales.";
const REFUNDED = "What was refunded of the lines attributed to the article's cards, counted on the day of the refund.";

@ObjectType({ description: "One day of an article's funnel (calendar day in China time)." })
export class ArticleFunnelDay {
  @Field(() => GraphQLLocalDate, { description: 'The day.' })
  day: string;

  @Field(() => Int, { description: 'Views recorded by storefronts (recordArticleView), each one.' })
  views: number;

  @Field(() => Int, { description: 'Visitors who viewed it that day, each once (signed-in readers by account, others by the visitor id the storefront sent).' })
  uniqueViews: number;

  @Field(() => Int, { description: 'Clicks on its product cards and grids (recordCardClick).' })
  clicks: number;

  @Field(() => Int, { description: 'Add-to-carts from its product cards and grids (recordCardAddToCart).' })
  addToCarts: number;

  @Field(() => Int, { description: ORDERS })
  orders: number;

  @Field(() => Money, { description: PAID })
  paidSales: Money;

  @Field(() => Money, { description: REFUNDED })
  refundedSales: Money;
}

@ObjectType({ description: 'One product card or grid of an article over the period of the funnel.' })
export class CardFunnel {
  @Field(() => ArticleBlock, { description: 'The block (a ProductCardBlock or ProductGridBlock), as it is in the article now.' })
  block: ArticleBlock;

  @Field(() => Int, { description: 'Clicks on it.' })
  clicks: number;

  @Field(() => Int, { description: 'Add-to-carts from it.' })
  addToCarts: number;

  @Field(() => Int, {
    description:
      'Orders with lines checkout attributed to this card (the products it features, through its link), counted on the day they were placed. Authors who are not members (KOLs) have theirs counted too, though commission pays only members.',
  })
  orders: number;

  @Field(() => Money, { description: PAID })
  paidSales: Money;

  @Field(() => Money, { description: REFUNDED })
  refundedSales: Money;
}

@ObjectType({
  description: "An article's funnel over a period of calendar days (China time): views → clicks → add-to-carts → orders, in total, by day and by card.",
})
export class ArticleFunnel {
  @Field(() => GraphQLLocalDate, { description: 'First day of the period.' })
  from: string;

  @Field(() => GraphQLLocalDate, { description: 'Last day of the period (included).' })
  to: string;

  @Field(() => Int, { description: 'Views over the period.' })
  views: number;

  @Field(() => Int, { description: "Unique views over the period: the sum of each day's unique views (a reader on two days counts twice)." })
  uniqueViews: number;

  @Field(() => Int, { description: 'Clicks on its cards and grids over the period.' })
  clicks: number;

  @Field(() => Int, { description: 'Add-to-carts from its cards and grids over the period.' })
  addToCarts: number;

  @Field(() => Int, { description: ORDERS })
  orders: number;

  @Field(() => Money, { description: PAID })
  paidSales: Money;

  @Field(() => Money, { description: REFUNDED })
  refundedSales: Money;

  @Field(() => [ArticleFunnelDay], { description: 'Every day of the period, oldest first; days without anything are zeros.' })
  days: ArticleFunnelDay[];

  @Field(() => [CardFunnel], {
    description: "Each product card and grid the article has now, in the body's order, with its counts over the period (zeros when none).",
  })
  cards: CardFunnel[];
}

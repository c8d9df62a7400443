import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { maxItems } from '../../lib/bounds';
import { Money } from '../../lib/money';
import { CouponOption } from '../coupons/types';
import { MAX_ORDER_LINES } from '../orders/service';
import { LineInputType, PriceBreakdownType, PriceReasonEnum } from '../orders/types';

@InputType({ description: 'What to price: a cart or lines (give exactly one), and which coupon.' })
export class PriceCartInput {
  @Field(() => ID, { nullable: true, description: "Price this cart's buyable lines." })
  cartId?: string | null;

  @Field(() => [LineInputType], { nullable: true, ...maxItems(MAX_ORDER_LINES, 'Price these lines.') })
  lines?: LineInputType[] | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Price with this coupon of yours; neither couponId nor noCoupon: with the best usable one, as checkout would.',
  })
  couponId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'true: price without a coupon.' })
  noCoupon?: boolean | null;
}

@ObjectType({ description: 'A line of a price preview.' })
export class PreviewLine {
  /** The SKU (resolved to `sku`). */
  skuDbId: string;

  @Field(() => Int, { description: 'How many.' })
  quantity: number;

  @Field(() => Money, { description: 'Unit price before order-level discounts.' })
  unitPrice: Money;

  @Field(() => PriceReasonEnum, { description: 'Why the unit price is what it is.' })
  priceReason: PriceReasonEnum;

  @Field(() => Money, { description: "This line's share of the order-level discounts (coupon…)." })
  discount: Money;

  @Field(() => Money, { description: 'What the line costs: unit price × quantity − discount.' })
  total: Money;
}

@ObjectType({ description: 'What an order would cost now, step by step, before checkout.' })
export class PricePreview {
  @Field(() => PriceBreakdownType, {
    description:
      'The breakdown: each pipeline step (activity price → discount / member price → full reduction → coupon → shipping) is a named adjustment with what it took.',
  })
  cost: PriceBreakdownType;

  @Field(() => [PreviewLine], { description: 'The lines with their share of each discount.' })
  lines: PreviewLine[];

  @Field(() => [CouponOption], { description: 'Every available coupon of yours: what it would take off, or why it cannot be used here.' })
  couponOptions: CouponOption[];
}

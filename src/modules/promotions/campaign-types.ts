import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { maxChars, maxItems, range } from '../../lib/bounds';
import { DecimalScalar, Money, type Fen } from '../../lib/money';
import { ConnectionType } from '../../lib/pagination';
import { Node } from '../../lib/node';
import { PromotionUserError } from '../coupons/promotion-errors';
import { MAX_NAME_LENGTH, MAX_PERCENT_OFF_BP, MAX_THRESHOLD_COUNT, MAX_TIERS } from './campaigns';

export enum FullReductionBasisEnum {
  AMOUNT = 'AMOUNT',
  COUNT = 'COUNT',
}
registerEnumType(FullReductionBasisEnum, {
  name: 'FullReductionBasis',
  description: "What a full-reduction tier's threshold counts, over the lines not at an activity price.",
  valuesConfig: { AMOUNT: { description: 'What the goods cost after discounts (满X元).' }, COUNT: { description: 'How many items (满N件).' } },
});

@ObjectType('Discount', {
  description: 'A limited-time discount (限时折扣) on a SKU: buyers pay the lower of the discounted retail price and their member or shop price.',
  implements: Node,
})
export class DiscountType extends Node {
  /** Results, exposed to operators only by field resolvers. */
  orderCount: number;
  sales: Money;
  skuDbId: string;

  @Field({ description: 'Name, e.g. "双11 限时 8 折".' })
  name: string;

  @Field(() => Int, { nullable: true, description: 'Basis points off the retail price (2000 = 20% off); null for an amount off.' })
  percentOffBasisPoints: number | null;

  @Field(() => Money, { nullable: true, description: "Amount off each unit's retail price; null for a percentage." })
  amountOff: Money | null;

  @Field(() => GraphQLDateTimeISO, { description: 'From.' })
  startsAt: Date;

  @Field(() => GraphQLDateTimeISO, { description: 'Until.' })
  endsAt: Date;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When it was ended; null while it runs.' })
  endedAt: Date | null;

  @Field({ description: 'Applies right now.' })
  isLive: boolean;
}

@ObjectType({ description: 'A tier of a full-reduction campaign.' })
export class FullReductionTier {
  @Field(() => Money, { nullable: true, description: 'AMOUNT basis: the goods must cost at least this.' })
  thresholdAmount: Money | null;

  @Field(() => Int, { nullable: true, description: 'COUNT basis: at least this many items.' })
  thresholdCount: number | null;

  @Field(() => Money, { description: 'Taken off the order (zero for a tier giving only free shipping or a gift).' })
  amountOff: Money;

  @Field({ description: 'Shipping is free.' })
  freeShipping: boolean;

  /** The gift's coupon template (resolved to `giftTemplate`). */
  giftTemplateDbId: string | null;
}

@ObjectType('FullReduction', { description: 'A full-reduction campaign (满减 / 满送): the highest tier an order reaches applies.', implements: Node })
export class FullReductionType extends Node {
  @Field({ description: 'Name, e.g. "满199减30".' })
  name: string;

  @Field(() => FullReductionBasisEnum, { description: 'What the thresholds count.' })
  basis: FullReductionBasisEnum;

  @Field(() => [FullReductionTier], { description: 'The tiers, lowest threshold first.' })
  tiers: FullReductionTier[];

  @Field(() => GraphQLDateTimeISO, { description: 'From.' })
  startsAt: Date;

  @Field(() => GraphQLDateTimeISO, { description: 'Until.' })
  endsAt: Date;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When it was ended; null while it runs.' })
  endedAt: Date | null;

  @Field({ description: 'Applies right now.' })
  isLive: boolean;

  /** Exposed to operators only by a field resolver. */
  orderCount: number;

  /** Exposed to operators only by a field resolver. */
  amountOffTotal: Money;

  /** Exposed to operators only by a field resolver. */
  giftsIssued: number;
}

@ObjectType('NewCustomerPrice', {
  description: "A new-customer price (新人特价): one unit of the SKU at this price on a customer's first order.",
  implements: Node,
})
export class NewCustomerPriceType extends Node {
  /** Results, exposed to operators only by field resolvers. */
  orderCount: number;
  sales: Money;

  skuDbId: string;

  @Field(() => Money, { description: 'The price.' })
  price: Money;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When it was ended (or replaced); null while it applies.' })
  endedAt: Date | null;
}

@ObjectType({ description: 'Result of a limited-time discount mutation.' })
export class DiscountPayload {
  @Field(() => DiscountType, { nullable: true, description: 'The discount; null when refused.' })
  discount: DiscountType | null;

  @Field(() => [PromotionUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: PromotionUserError[];
}

@ObjectType({ description: 'Result of a full-reduction mutation.' })
export class FullReductionPayload {
  @Field(() => FullReductionType, { nullable: true, description: 'The campaign; null when refused.' })
  fullReduction: FullReductionType | null;

  @Field(() => [PromotionUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: PromotionUserError[];
}

@ObjectType({ description: 'Result of a new-customer price mutation.' })
export class NewCustomerPricePayload {
  @Field(() => NewCustomerPriceType, { nullable: true, description: 'The new-customer price; null when refused.' })
  newCustomerPrice: NewCustomerPriceType | null;

  @Field(() => [PromotionUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: PromotionUserError[];
}

@InputType({ description: 'A new limited-time discount: give percentOffBasisPoints or amountOff.' })
export class DiscountCreateInput {
  @Field(maxChars(MAX_NAME_LENGTH, 'Name, not blank.'))
  name: string;

  @Field(() => ID, { description: 'The SKU (one discount not ended per SKU).' })
  skuId: string;

  @Field(() => Int, { nullable: true, ...range(1, MAX_PERCENT_OFF_BP, 'Basis points off the retail price.') })
  percentOffBasisPoints?: number | null;

  @Field(() => DecimalScalar, { nullable: true, description: "Amount off each unit's retail price, below it." })
  amountOff?: Fen | null;

  @Field(() => GraphQLDateTimeISO, { description: 'From.' })
  startsAt: Date;

  @Field(() => GraphQLDateTimeISO, { description: 'Until (in the future).' })
  endsAt: Date;
}

@InputType({ description: "A tier: its threshold (by the campaign's basis) and what it gives — an amount off, free shipping and/or a gift coupon." })
export class FullReductionTierInput {
  @Field(() => DecimalScalar, { nullable: true, description: 'AMOUNT basis: the threshold.' })
  thresholdAmount?: Fen | null;

  @Field(() => Int, { nullable: true, ...range(1, MAX_THRESHOLD_COUNT, 'COUNT basis: the threshold.') })
  thresholdCount?: number | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Amount off (at most an AMOUNT threshold).' })
  amountOff?: Fen | null;

  @Field(() => Boolean, { nullable: true, description: 'Free shipping.' })
  freeShipping?: boolean | null;

  @Field(() => ID, { nullable: true, description: 'A coupon template to give one coupon of when the order is paid.' })
  giftTemplateId?: string | null;
}

@InputType({ description: 'A new full-reduction campaign.' })
export class FullReductionCreateInput {
  @Field(maxChars(MAX_NAME_LENGTH, 'Name, not blank.'))
  name: string;

  @Field(() => FullReductionBasisEnum, { description: 'What the thresholds count.' })
  basis: FullReductionBasisEnum;

  @Field(() => [FullReductionTierInput], maxItems(MAX_TIERS, 'The tiers, at least one, each with its own threshold.'))
  tiers: FullReductionTierInput[];

  @Field(() => GraphQLDateTimeISO, { description: 'From.' })
  startsAt: Date;

  @Field(() => GraphQLDateTimeISO, { description: 'Until (in the future).' })
  endsAt: Date;
}

@InputType({ description: "A SKU's new-customer price." })
export class NewCustomerPriceInput {
  @Field(() => ID, { description: 'The SKU.' })
  skuId: string;

  @Field(() => DecimalScalar, { description: "The price, below the retail price; replaces the SKU's current one." })
  price: Fen;
}

export const DiscountConnection = ConnectionType(DiscountType, 'Discount', 'limited-time discount');
export const FullReductionConnection = ConnectionType(FullReductionType, 'FullReduction', 'full-reduction campaign');
export const NewCustomerPriceConnection = ConnectionType(NewCustomerPriceType, 'NewCustomerPrice', 'new-customer price');

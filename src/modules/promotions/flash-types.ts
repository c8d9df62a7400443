import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { maxChars, range } from '../../lib/bounds';
import { DecimalScalar, Money, type Fen } from '../../lib/money';
import { ConnectionType } from '../../lib/pagination';
import { Node } from '../../lib/node';
import { PromotionUserError } from '../coupons/promotion-errors';
import { MAX_FLASH_STOCK, MAX_PER_CUSTOMER, MAX_SLOT_NAME_LENGTH, TIME_LENGTH } from './flash-admin';

@ObjectType('FlashSlot', {
  description: "A daily flash-sale time slot, in the operator's time zone (promotionSettings.timeZone). Slots never overlap.",
  implements: Node,
})
export class FlashSlotType extends Node {
  @Field({ description: 'Name, e.g. "10点场".' })
  name: string;

  @Field({ description: 'Start of the slot each day, HH:MM.' })
  startTime: string;

  @Field({ description: 'End of the slot each day (exclusive), HH:MM; 24:00 is midnight.' })
  endTime: string;
}

@ObjectType('FlashSale', {
  description:
    'A flash sale (秒杀) of one SKU: its own price and stock, sold only inside its slot on the days from startsAt to endsAt. While live, the SKU sells only at the flash price, from the flash stock.',
  implements: Node,
})
export class FlashSaleType extends Node {
  dbId: string;
  slotDbId: string;
  skuDbId: string;

  @Field(() => Money, { description: 'The flash price.' })
  flashPrice: Money;

  @Field(() => Int, { description: 'Units left at the flash price.' })
  flashStock: number;

  /** Exposed to operators only by a field resolver. */
  sold: number;

  /** Exposed to operators only by a field resolver. */
  sales: Money;

  @Field(() => Int, { description: 'Units one customer may buy in this flash sale, over all their orders not cancelled.' })
  perCustomerLimit: number;

  @Field(() => GraphQLDateTimeISO, { description: 'First moment of the days it runs.' })
  startsAt: Date;

  @Field(() => GraphQLDateTimeISO, { description: 'When it stops running.' })
  endsAt: Date;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When an operator ended it early; null otherwise.' })
  endedAt: Date | null;

  @Field({ description: 'Buyable right now: running, inside its days and inside its slot of the day.' })
  isLive: boolean;
}

@ObjectType({ description: 'Result of a flash-slot mutation.' })
export class FlashSlotPayload {
  @Field(() => FlashSlotType, { nullable: true, description: 'The slot; null when refused (or deleted).' })
  slot: FlashSlotType | null;

  @Field(() => [PromotionUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: PromotionUserError[];
}

@ObjectType({ description: 'Result of a flash-sale mutation.' })
export class FlashSalePayload {
  @Field(() => FlashSaleType, { nullable: true, description: 'The flash sale; null when refused.' })
  flashSale: FlashSaleType | null;

  @Field(() => [PromotionUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: PromotionUserError[];
}

@InputType({ description: 'A new daily flash-sale slot.' })
export class FlashSlotInput {
  @Field(maxChars(MAX_SLOT_NAME_LENGTH, 'Name, not blank.'))
  name: string;

  @Field(maxChars(TIME_LENGTH, "Start each day, HH:MM (operator's time zone)."))
  startTime: string;

  @Field(maxChars(TIME_LENGTH, 'End each day, HH:MM, after startTime; 24:00 for midnight.'))
  endTime: string;
}

@InputType({ description: 'A new flash sale.' })
export class FlashSaleCreateInput {
  @Field(() => ID, { description: 'The daily slot.' })
  slotId: string;

  @Field(() => ID, { description: 'The SKU (at most one running flash sale each).' })
  skuId: string;

  @Field(() => DecimalScalar, { description: "The flash price, below the SKU's retail price." })
  flashPrice: Fen;

  @Field(() => Int, range(1, MAX_FLASH_STOCK, "Units for sale at the flash price (also taken from the SKU's stock when sold)."))
  flashStock: number;

  @Field(() => Int, { nullable: true, ...range(1, MAX_PER_CUSTOMER, 'Units one customer may buy; omitted: 1.') })
  perCustomerLimit?: number | null;

  @Field(() => GraphQLDateTimeISO, { description: 'First moment of the days it runs.' })
  startsAt: Date;

  @Field(() => GraphQLDateTimeISO, { description: 'When it stops running.' })
  endsAt: Date;
}

@InputType({ description: 'Changes to a running flash sale.' })
export class FlashSaleUpdateInput {
  @Field(() => Int, { nullable: true, ...range(-MAX_FLASH_STOCK, MAX_FLASH_STOCK, 'Units to add to the flash stock (negative removes; never below zero).') })
  addFlashStock?: number | null;

  @Field(() => Int, { nullable: true, ...range(1, MAX_PER_CUSTOMER, 'New per-customer limit.') })
  perCustomerLimit?: number | null;
}

@InputType({ description: 'Filters of flash sales.' })
export class FlashSaleFilterInput {
  @Field(() => Boolean, { nullable: true, description: 'true: only those buyable right now.' })
  isLive?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'true: not ended and not past endsAt; false: over.' })
  isRunning?: boolean | null;

  @Field(() => ID, { nullable: true, description: "Only this slot's." })
  slotId?: string | null;
}

export const FlashSlotConnection = ConnectionType(FlashSlotType, 'FlashSlot', 'flash-sale slot');
export const FlashSaleConnection = ConnectionType(FlashSaleType, 'FlashSale', 'flash sale');

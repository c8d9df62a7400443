import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { maxChars, range } from '../../lib/bounds';
import { UserError } from '../../lib/errors';
import { DecimalScalar, Money, type Fen } from '../../lib/money';
import { ConnectionType } from '../../lib/pagination';
import { Node } from '../../lib/node';
import { OrderErrorCode, orderErrorCodeDescriptions } from '../orders/errors';
import { OrderType, ShippingAddressInput } from '../orders/types';
import {
  MAX_BOOST_PERCENT,
  MAX_HELPERS_NEEDED,
  MAX_NAME_LENGTH,
  MAX_PER_CUSTOMER,
  MAX_STOCK,
  MAX_TIME_LIMIT_SECONDS,
  MIN_BOOST_PERCENT,
  MIN_TIME_LIMIT_SECONDS,
} from './campaigns';
import { BargainErrorCode, bargainErrorCodeDescriptions } from './errors';
import { MAX_SHARE_TOKEN_LENGTH } from './service';

/** The idempotency key rule of lib/idempotency: 8 to 128 letters, digits or ._:- characters. */
const MAX_IDEMPOTENCY_KEY_LENGTH = 128;

export enum BargainStatusEnum {
  ACTIVE = 'ACTIVE',
  ORDERED = 'ORDERED',
  PURCHASED = 'PURCHASED',
  EXPIRED = 'EXPIRED',
}
registerEnumType(BargainStatusEnum, {
  name: 'BargainStatus',
  description: 'Where a bargain is.',
  valuesConfig: {
    ACTIVE: { description: 'Friends can cut it until expiresAt; it can be bought (at the floor, or at any price if the campaign allows).' },
    ORDERED: { description: 'Ordered at the price reached; waiting for payment (a cancelled order makes it ACTIVE again while time lasts).' },
    PURCHASED: { description: 'Bought and paid.' },
    EXPIRED: { description: 'The time ran out before it was bought.' },
  },
});

export enum BargainCampaignStatusEnum {
  ACTIVE = 'ACTIVE',
  ENDED = 'ENDED',
}
registerEnumType(BargainCampaignStatusEnum, {
  name: 'BargainCampaignStatus',
  description: 'Whether a bargain campaign takes new bargains (within its window).',
  valuesConfig: {
    ACTIVE: { description: 'Takes new bargains between startsAt and endsAt.' },
    ENDED: { description: 'Ended by an operator: no new bargains.' },
  },
});

/** Checkout's own refusals and the bargain ones buying can meet (bargain/checkout.ts, buyBargain), in one code enum. */
export const BargainCheckoutErrorCode = {
  ...OrderErrorCode,
  BARGAIN_NOT_FOUND: BargainErrorCode.BARGAIN_NOT_FOUND,
  BARGAIN_NOT_ACTIVE: BargainErrorCode.BARGAIN_NOT_ACTIVE,
  FLOOR_NOT_REACHED: BargainErrorCode.FLOOR_NOT_REACHED,
  INVALID_QUANTITY: BargainErrorCode.INVALID_QUANTITY,
  OUT_OF_STOCK: BargainErrorCode.OUT_OF_STOCK,
} as const;
export type BargainCheckoutErrorCode = OrderErrorCode | BargainErrorCode;
registerEnumType(BargainErrorCode, {
  name: 'BargainErrorCode',
  description: 'Why a bargain campaign, bargain or cut was refused.',
  valuesConfig: bargainErrorCodeDescriptions,
});
const bargainCheckoutErrorCodeDescriptions: Record<keyof typeof BargainCheckoutErrorCode, { description: string }> = {
  ...orderErrorCodeDescriptions,
  BARGAIN_NOT_FOUND: bargainErrorCodeDescriptions.BARGAIN_NOT_FOUND,
  BARGAIN_NOT_ACTIVE: bargainErrorCodeDescriptions.BARGAIN_NOT_ACTIVE,
  FLOOR_NOT_REACHED: bargainErrorCodeDescriptions.FLOOR_NOT_REACHED,
  INVALID_QUANTITY: bargainErrorCodeDescriptions.INVALID_QUANTITY,
  OUT_OF_STOCK: bargainErrorCodeDescriptions.OUT_OF_STOCK,
};
registerEnumType(BargainCheckoutErrorCode, {
  name: 'BargainCheckoutErrorCode',
  description: 'Why buying a bargain was refused: a checkout refusal (stock, address…) or a bargain one.',
  valuesConfig: bargainCheckoutErrorCodeDescriptions,
});

@ObjectType({ description: 'A bargain refusal.', implements: UserError })
export class BargainUserError extends UserError {
  @Field(() => BargainErrorCode, { description: 'What kind of failure this is.' })
  code: BargainErrorCode;
}

@ObjectType({ description: 'A refusal to buy a bargain.', implements: UserError })
export class BargainCheckoutUserError extends UserError {
  @Field(() => BargainCheckoutErrorCode, { description: 'What kind of failure this is.' })
  code: BargainCheckoutErrorCode;
}

@ObjectType({ description: 'How a bargain campaign did.' })
export class BargainCampaignResults {
  @Field(() => Int, { description: 'Bargains started.' })
  started: number;

  @Field(() => Int, { description: 'Bargains still being cut.' })
  active: number;

  @Field(() => Int, { description: 'Bargains cut down to the floor.' })
  floorReached: number;

  @Field(() => Int, { description: 'Bargains bought and paid.' })
  purchased: number;

  @Field(() => Int, { description: 'Bargains whose time ran out.' })
  expired: number;
}

@ObjectType({ description: 'A bargain campaign (砍价): a SKU cut from a start price to a floor price by friends.', implements: Node })
export class BargainCampaign extends Node {
  @Field(() => ID, { description: 'The SKU (a Sku id).' })
  skuId: string;

  @Field({ description: 'Name shown to shoppers.' })
  name: string;

  @Field(() => Money, { description: 'Where each bargain starts.' })
  startPrice: Money;

  @Field(() => Money, { description: 'The lowest price; the last helper needed lands on it exactly.' })
  floorPrice: Money;

  @Field(() => Int, { description: "Friends' cuts needed to reach the floor." })
  helpersNeeded: number;

  @Field(() => Int, { description: 'Time a bargain has, in seconds from its start.' })
  timeLimitSeconds: number;

  @Field(() => Int, { description: 'Bargains that can still be bought.' })
  stock: number;

  @Field(() => Int, { description: 'Bargains one customer may start.' })
  perCustomerLimit: number;

  @Field({ description: 'true: buying needs the floor reached; false: buy at any current price.' })
  buyAtFloorOnly: boolean;

  @Field(() => Int, { description: "A new customer's cut may reach this percent of the usual upper bound (100: no boost)." })
  newHelperBoostPercent: number;

  @Field(() => GraphQLDateTimeISO, { description: 'Bargains can be started from then.' })
  startsAt: Date;

  @Field(() => GraphQLDateTimeISO, { description: 'No new bargains from then.' })
  endsAt: Date;

  @Field(() => BargainCampaignStatusEnum, { description: 'ACTIVE or ENDED.' })
  status: BargainCampaignStatusEnum;
}

@ObjectType({ description: "A friend's cut of a bargain." })
export class BargainCut {
  @Field({ description: "The helper's display name." })
  helperName: string;

  @Field(() => Money, { description: 'How much they cut.' })
  amount: Money;

  @Field({ description: "A new customer's boosted cut." })
  boosted: boolean;

  @Field(() => GraphQLDateTimeISO, { description: 'When.' })
  createdAt: Date;
}

@ObjectType({ description: "A customer's bargain: friends cut its price through the share token.", implements: Node })
export class Bargain extends Node {
  @Field({ description: 'What friends open to help cut.' })
  shareToken: string;

  @Field(() => ID, { description: 'The campaign (a BargainCampaign id).' })
  campaignId: string;

  @Field(() => BargainStatusEnum, { description: 'Where it is.' })
  status: BargainStatusEnum;

  @Field(() => Money, { description: 'Start price.' })
  startPrice: Money;

  @Field(() => Money, { description: 'Floor price.' })
  floorPrice: Money;

  @Field(() => Money, { description: 'The price now.' })
  currentPrice: Money;

  @Field(() => Money, { description: 'Cut so far: startPrice − currentPrice.' })
  cutTotal: Money;

  @Field(() => Int, { description: 'Cuts needed in all.' })
  helpersNeeded: number;

  @Field(() => Int, { description: 'Cuts so far.' })
  helpersCount: number;

  @Field(() => Int, { description: 'Seconds left (0 once passed), counted when read.' })
  secondsLeft: number;

  @Field(() => GraphQLDateTimeISO, { description: 'When the time runs out.' })
  expiresAt: Date;

  @Field({ description: "The starter's display name." })
  starterName: string;

  /** Resolved by BargainResolver.orderId: shown only to the starter and operators. */
  orderId?: string | null;
}

export const BargainCampaignConnection = ConnectionType(BargainCampaign, 'BargainCampaign', 'bargain campaign');
export const BargainConnection = ConnectionType(Bargain, 'Bargain', 'bargain');

@InputType({ description: 'A new bargain campaign.' })
export class BargainCampaignCreateInput {
  @Field(() => ID, { description: 'The SKU.' })
  skuId: string;

  @Field(maxChars(MAX_NAME_LENGTH, 'Name shown to shoppers, not blank.'))
  name: string;

  @Field(() => DecimalScalar, { description: 'Where each bargain starts (above the floor).' })
  startPrice: Fen;

  @Field(() => DecimalScalar, { description: 'The lowest price.' })
  floorPrice: Fen;

  @Field(() => Int, range(1, MAX_HELPERS_NEEDED, "Friends' cuts needed to reach the floor (start − floor must be at least this many fen)."))
  helpersNeeded: number;

  @Field(() => Int, range(MIN_TIME_LIMIT_SECONDS, MAX_TIME_LIMIT_SECONDS, 'Time a bargain has, in seconds (a minute to 30 days).'))
  timeLimitSeconds: number;

  @Field(() => Int, range(0, MAX_STOCK, 'Bargains that can be bought.'))
  stock: number;

  @Field(() => GraphQLDateTimeISO, { description: 'Bargains can be started from then.' })
  startsAt: Date;

  @Field(() => GraphQLDateTimeISO, { description: 'No new bargains from then.' })
  endsAt: Date;

  @Field(() => Int, { nullable: true, ...range(1, MAX_PER_CUSTOMER, 'Bargains one customer may start (default 1).') })
  perCustomerLimit?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Buying needs the floor reached (default true).' })
  buyAtFloorOnly?: boolean | null;

  @Field(() => Int, {
    nullable: true,
    ...range(MIN_BOOST_PERCENT, MAX_BOOST_PERCENT, "A new customer's cut may reach this percent of the usual upper bound (default 100)."),
  })
  newHelperBoostPercent?: number | null;
}

@InputType({ description: 'Changes to a bargain campaign; omitted fields stay. Bargains already started keep their prices.' })
export class BargainCampaignUpdateInput {
  @Field(() => String, { nullable: true, ...maxChars(MAX_NAME_LENGTH, 'Name, not blank.') })
  name?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Start price.' })
  startPrice?: Fen | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Floor price.' })
  floorPrice?: Fen | null;

  @Field(() => Int, { nullable: true, ...range(1, MAX_HELPERS_NEEDED, 'Cuts needed.') })
  helpersNeeded?: number | null;

  @Field(() => Int, { nullable: true, ...range(MIN_TIME_LIMIT_SECONDS, MAX_TIME_LIMIT_SECONDS, 'Time limit in seconds.') })
  timeLimitSeconds?: number | null;

  @Field(() => Int, { nullable: true, ...range(0, MAX_STOCK, 'Stock.') })
  stock?: number | null;

  @Field(() => Int, { nullable: true, ...range(1, MAX_PER_CUSTOMER, 'Bargains per customer.') })
  perCustomerLimit?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Buying needs the floor reached.' })
  buyAtFloorOnly?: boolean | null;

  @Field(() => Int, { nullable: true, ...range(MIN_BOOST_PERCENT, MAX_BOOST_PERCENT, 'New-customer boost percent.') })
  newHelperBoostPercent?: number | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'New start.' })
  startsAt?: Date | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'New end.' })
  endsAt?: Date | null;
}

@InputType({ description: 'Start a bargain of a campaign.' })
export class StartBargainInput {
  @Field(() => ID, { description: 'The bargain campaign.' })
  campaignId: string;
}

@InputType({ description: "Cut a friend's bargain." })
export class HelpBargainInput {
  @Field(maxChars(MAX_SHARE_TOKEN_LENGTH, "The bargain's share token (what the friend's link carries)."))
  shareToken: string;
}

@InputType({ description: 'Buy your bargain at the price it reached, through the normal order flow.' })
export class BuyBargainInput {
  @Field(() => ID, { description: 'Your bargain.' })
  bargainId: string;

  @Field(() => ShippingAddressInput, { description: 'Where to ship.' })
  shippingAddress: ShippingAddressInput;

  @Field(() => String, {
    nullable: true,
    ...maxChars(MAX_IDEMPOTENCY_KEY_LENGTH, 'Idempotency key (at least 8 of letters, digits, ._:-): the same key and input return the first order.'),
  })
  idempotencyKey?: string | null;
}

@ObjectType({ description: 'Result of a bargain campaign mutation.' })
export class BargainCampaignPayload {
  @Field(() => BargainCampaign, { nullable: true, description: 'The campaign now; null when refused.' })
  campaign: BargainCampaign | null;

  @Field(() => [BargainUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: BargainUserError[];
}

@ObjectType({ description: 'Result of starting or cutting a bargain.' })
export class BargainPayload {
  @Field(() => Bargain, { nullable: true, description: 'The bargain now; null when refused.' })
  bargain: Bargain | null;

  @Field(() => Money, { nullable: true, description: 'What this cut took off (helpBargain only).' })
  cut: Money | null;

  @Field(() => [BargainUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: BargainUserError[];
}

@ObjectType({ description: 'Result of buying a bargain.' })
export class BuyBargainPayload {
  @Field(() => OrderType, { nullable: true, description: 'The order, waiting for payment; null when refused.' })
  order: OrderType | null;

  @Field(() => Bargain, { nullable: true, description: 'The bargain; null when refused.' })
  bargain: Bargain | null;

  @Field(() => [BargainCheckoutUserError], { description: 'Why it was refused (e.g. FLOOR_NOT_REACHED, OUT_OF_STOCK); empty on success.' })
  userErrors: BargainCheckoutUserError[];
}

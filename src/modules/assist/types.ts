import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { maxChars, maxItems, range } from '../../lib/bounds';
import { UserError } from '../../lib/errors';
import { Money } from '../../lib/money';
import { ConnectionType } from '../../lib/pagination';
import { Node } from '../../lib/node';
import { MAX_HELPERS_NEEDED, MAX_NAME_LENGTH, MAX_PER_CUSTOMER, MAX_STOREFRONT_APPS, MAX_TIME_LIMIT_SECONDS, MIN_TIME_LIMIT_SECONDS } from './campaigns';
import { AssistErrorCode, assistErrorCodeDescriptions } from './errors';
import { MAX_SHARE_TOKEN_LENGTH } from './service';

/** The idempotency key rule of lib/idempotency: 8 to 128 letters, digits or ._:- characters. */
const MAX_IDEMPOTENCY_KEY_LENGTH = 128;

export enum AssistLinkStatusEnum {
  OPEN = 'OPEN',
  COMPLETED = 'COMPLETED',
  REFUNDED = 'REFUNDED',
  EXPIRED = 'EXPIRED',
  ENDED = 'ENDED',
}
registerEnumType(AssistLinkStatusEnum, {
  name: 'AssistLinkStatus',
  description: 'Where an assist link is.',
  valuesConfig: {
    OPEN: { description: 'Friends can assist until expiresAt.' },
    COMPLETED: { description: 'Every assist needed came in time: the refund of the order is on its way (made at once, or within about a minute).' },
    REFUNDED: { description: "The order's paid amount was refunded through the payment provider." },
    EXPIRED: { description: 'The time ran out first: nothing is refunded.' },
    ENDED: { description: 'The order was refunded or cancelled another way: the link ended.' },
  },
});

export enum AssistCampaignStatusEnum {
  ACTIVE = 'ACTIVE',
  ENDED = 'ENDED',
}
registerEnumType(AssistCampaignStatusEnum, {
  name: 'AssistCampaignStatus',
  description: 'Whether an assist campaign gives new links (within its window).',
  valuesConfig: {
    ACTIVE: { description: 'Orders paid between startsAt and endsAt get links.' },
    ENDED: { description: 'Ended by an operator: no new links; open ones run to their time.' },
  },
});

registerEnumType(AssistErrorCode, {
  name: 'AssistErrorCode',
  description: 'Why an assist campaign or assist was refused.',
  valuesConfig: assistErrorCodeDescriptions,
});

@ObjectType({ description: 'An assist refusal.', implements: UserError })
export class AssistUserError extends UserError {
  @Field(() => AssistErrorCode, { description: 'What kind of failure this is.' })
  code: AssistErrorCode;
}

@ObjectType({ description: 'How an assist-for-free campaign did.' })
export class AssistCampaignResults {
  @Field(() => Int, { description: 'Links given (one per eligible paid order).' })
  linksCreated: number;

  @Field(() => Int, { description: 'Links still open.' })
  linksOpen: number;

  @Field(() => Int, { description: 'Links that got every assist in time (refunded or about to be).' })
  linksCompleted: number;

  @Field(() => Int, { description: 'Links whose time ran out first.' })
  linksExpired: number;

  @Field(() => Int, { description: 'Links ended because their order was refunded or cancelled another way.' })
  linksEnded: number;

  @Field(() => Int, { description: "Friends' assists in all." })
  assists: number;

  @Field(() => Float, { description: 'Completed ÷ (completed + expired), 0 to 1 (0 when none is decided yet).' })
  completionRate: number;

  @Field(() => Int, { description: 'Free orders given: refunds made.' })
  refundsGiven: number;

  @Field(() => Money, { description: 'What those refunds gave back in all (the prize cost; no coupons are given).' })
  refundedAmount: Money;
}

@ObjectType({ description: 'An assist-for-free campaign (助力享免单) on a product.', implements: Node })
export class AssistCampaign extends Node {
  @Field(() => ID, { description: 'The product (a Product id): a paid order holding it gets an assist link.' })
  productId: string;

  @Field({ description: 'Name shown to shoppers.' })
  name: string;

  @Field(() => Int, { description: "Friends' assists needed for the free order." })
  helpersNeeded: number;

  @Field(() => Int, { description: 'Time a link has, in seconds from the payment.' })
  timeLimitSeconds: number;

  @Field({ description: 'Only customers who never had an order paid may assist.' })
  newCustomersOnly: boolean;

  @Field(() => Int, { description: 'Links one buyer may get in this campaign.' })
  linksPerCustomer: number;

  @Field(() => [ID], { description: 'The storefront apps it runs on (StorefrontApp ids); empty: every app whose sharing games are on.' })
  storefrontAppIds: string[];

  @Field(() => GraphQLDateTimeISO, { description: 'Orders paid from then get links.' })
  startsAt: Date;

  @Field(() => GraphQLDateTimeISO, { description: 'No new links from then.' })
  endsAt: Date;

  @Field(() => AssistCampaignStatusEnum, { description: 'ACTIVE or ENDED.' })
  status: AssistCampaignStatusEnum;
}

@ObjectType({ description: "A friend's assist." })
export class FriendAssist {
  @Field({ description: "The friend's display name." })
  name: string;

  @Field(() => GraphQLDateTimeISO, { description: 'When the friend assisted.' })
  createdAt: Date;
}

@ObjectType({ description: "A buyer's assist link for one paid order: when enough friends assist in time, the order is refunded.", implements: Node })
export class AssistLink extends Node {
  @Field({ description: 'What friends open to assist.' })
  shareToken: string;

  @Field(() => ID, { description: 'The campaign (an AssistCampaign id).' })
  campaignId: string;

  @Field(() => AssistLinkStatusEnum, { description: 'Where it is.' })
  status: AssistLinkStatusEnum;

  @Field(() => Int, { description: 'Assists needed.' })
  helpersNeeded: number;

  @Field(() => Int, { description: 'Assists so far.' })
  assistsCount: number;

  @Field(() => Int, { description: 'Seconds left while OPEN (0 otherwise), counted when read.' })
  secondsLeft: number;

  @Field(() => GraphQLDateTimeISO, { description: 'When the time runs out.' })
  expiresAt: Date;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When the last assist needed came in; null before.' })
  completedAt: Date | null;

  @Field(() => Money, { nullable: true, description: 'What was refunded, once REFUNDED; null before.' })
  refunded: Money | null;

  @Field({ description: "The buyer's display name." })
  buyerName: string;

  /** Resolved by AssistLinkResolver.orderId: shown only to the buyer and operators. */
  orderId?: string | null;
}

export const AssistCampaignConnection = ConnectionType(AssistCampaign, 'AssistCampaign', 'assist campaign');
export const AssistLinkConnection = ConnectionType(AssistLink, 'AssistLink', 'assist link');

const appIdsInput = (more: string) => maxItems(MAX_STOREFRONT_APPS, `Storefront apps (StorefrontApp ids) it runs on; empty: every app. ${more}`);

@InputType({ description: 'A new assist-for-free campaign.' })
export class AssistCampaignCreateInput {
  @Field(() => ID, { description: 'The product: a paid order holding it gets an assist link.' })
  productId: string;

  @Field(maxChars(MAX_NAME_LENGTH, 'Name shown to shoppers, not blank.'))
  name: string;

  @Field(() => Int, range(1, MAX_HELPERS_NEEDED, "Friends' assists needed for the free order."))
  helpersNeeded: number;

  @Field(() => Int, range(MIN_TIME_LIMIT_SECONDS, MAX_TIME_LIMIT_SECONDS, 'Time a link has from the payment, in seconds (a minute to 7 days).'))
  timeLimitSeconds: number;

  @Field(() => GraphQLDateTimeISO, { description: 'Orders paid from then get links.' })
  startsAt: Date;

  @Field(() => GraphQLDateTimeISO, { description: 'No new links from then.' })
  endsAt: Date;

  @Field(() => Boolean, { nullable: true, description: 'Only customers who never had an order paid may assist (default false).' })
  newCustomersOnly?: boolean | null;

  @Field(() => Int, { nullable: true, ...range(1, MAX_PER_CUSTOMER, 'Links one buyer may get (default 1).') })
  linksPerCustomer?: number | null;

  @Field(() => [ID], { nullable: true, ...appIdsInput('Omitted: every app.') })
  storefrontAppIds?: string[] | null;
}

@InputType({ description: 'Changes to an assist campaign; omitted fields stay. Links already given keep their assists needed and time.' })
export class AssistCampaignUpdateInput {
  @Field(() => String, { nullable: true, ...maxChars(MAX_NAME_LENGTH, 'Name, not blank.') })
  name?: string | null;

  @Field(() => Int, { nullable: true, ...range(1, MAX_HELPERS_NEEDED, 'Assists needed for new links.') })
  helpersNeeded?: number | null;

  @Field(() => Int, { nullable: true, ...range(MIN_TIME_LIMIT_SECONDS, MAX_TIME_LIMIT_SECONDS, 'Time limit of new links, in seconds.') })
  timeLimitSeconds?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'New customers only.' })
  newCustomersOnly?: boolean | null;

  @Field(() => Int, { nullable: true, ...range(1, MAX_PER_CUSTOMER, 'Links per buyer.') })
  linksPerCustomer?: number | null;

  @Field(() => [ID], { nullable: true, ...appIdsInput('Replaces the list.') })
  storefrontAppIds?: string[] | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'New start.' })
  startsAt?: Date | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'New end.' })
  endsAt?: Date | null;
}

@InputType({ description: "Assist a friend's free order." })
export class AssistFriendInput {
  @Field(maxChars(MAX_SHARE_TOKEN_LENGTH, "The link's share token (what the friend's link carries)."))
  shareToken: string;

  @Field(() => String, {
    nullable: true,
    ...maxChars(
      MAX_IDEMPOTENCY_KEY_LENGTH,
      'Idempotency key (at least 8 of letters, digits, ._:-): the same key with the same input returns the first answer instead of doing it again; with other input it is refused with IDEMPOTENCY_KEY_REUSED.',
    ),
  })
  idempotencyKey?: string | null;
}

@ObjectType({ description: 'Result of an assist campaign mutation.' })
export class AssistCampaignPayload {
  @Field(() => AssistCampaign, { nullable: true, description: 'The campaign now; null when refused.' })
  campaign: AssistCampaign | null;

  @Field(() => [AssistUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: AssistUserError[];
}

@ObjectType({ description: 'Result of assisting a friend.' })
export class AssistFriendPayload {
  @Field(() => AssistLink, {
    nullable: true,
    description: 'The link now (REFUNDED when this assist completed it and the refund went through); null when refused.',
  })
  link: AssistLink | null;

  @Field(() => [AssistUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: AssistUserError[];
}

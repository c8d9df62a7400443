import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { maxChars, maxItems, range } from '../../lib/bounds';
import { UserError } from '../../lib/errors';
import { DecimalScalar, Money, type Fen } from '../../lib/money';
import { ConnectionType } from '../../lib/pagination';
import { Node } from '../../lib/node';
import { OrderErrorCode, orderErrorCodeDescriptions } from '../orders/errors';
import { OrderType, ShippingAddressInput } from '../orders/types';
import { MAX_LINE_QUANTITY } from '../orders/entities';
import {
  MAX_AUTO_FILL_PERCENT,
  MAX_CAMPAIGN_SKUS,
  MAX_NAME_LENGTH,
  MAX_SESSION_SECONDS,
  MAX_SESSIONS_PER_CUSTOMER,
  MAX_SIZE,
  MIN_SESSION_SECONDS,
  MIN_SIZE,
} from './campaigns';
import { GroupBuyErrorCode, groupBuyErrorCodeDescriptions } from './errors';
import { MAX_SHARE_TOKEN_LENGTH } from './join';

/** The idempotency key rule of lib/idempotency: 8 to 128 letters, digits or ._:- characters. */
const MAX_IDEMPOTENCY_KEY_LENGTH = 128;

export enum GroupBuyCampaignStatus {
  ACTIVE = 'ACTIVE',
  ENDED = 'ENDED',
}
registerEnumType(GroupBuyCampaignStatus, {
  name: 'GroupBuyCampaignStatus',
  description: 'Whether a campaign takes new sessions (within its window) or was ended by an operator.',
  valuesConfig: {
    ACTIVE: { description: 'Takes new sessions between startsAt and endsAt.' },
    ENDED: { description: 'Ended: no new sessions; open ones run to their deadline.' },
  },
});

export enum GroupBuySessionStatus {
  OPENING = 'OPENING',
  OPEN = 'OPEN',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(GroupBuySessionStatus, {
  name: 'GroupBuySessionStatus',
  description: 'Where a group-buy session is.',
  valuesConfig: {
    OPENING: { description: 'The leader has not paid yet: nobody can join.' },
    OPEN: { description: 'The leader paid: friends join by paying, until it fills or its deadline.' },
    SUCCEEDED: { description: "Filled (or auto-filled at the deadline): every paid member's order goes on to shipping." },
    FAILED: { description: 'Not filled by the deadline: every paid member is refunded.' },
    CANCELLED: { description: "The leader's order was cancelled unpaid." },
  },
});

export enum GroupBuyMemberStatus {
  RESERVED = 'RESERVED',
  PAID = 'PAID',
  CANCELLED = 'CANCELLED',
  LATE_PAYMENT_REFUNDED = 'LATE_PAYMENT_REFUNDED',
  REFUND_DUE = 'REFUND_DUE',
  REFUNDED = 'REFUNDED',
}
registerEnumType(GroupBuyMemberStatus, {
  name: 'GroupBuyMemberStatus',
  description: "A customer's seat in a session.",
  valuesConfig: {
    RESERVED: { description: 'A seat is held for the unpaid order (it counts once paid).' },
    PAID: { description: 'Paid: a member of the session.' },
    CANCELLED: { description: 'The order was cancelled unpaid (or the session closed before payment); the seat went back.' },
    LATE_PAYMENT_REFUNDED: {
      description: 'The payment arrived after the session had closed: the order was cancelled and the payment given back automatically.',
    },
    REFUND_DUE: { description: 'The session failed: the refund is on its way.' },
    REFUNDED: { description: 'The session failed and the money went back through the payment provider.' },
  },
});

export enum GroupBuySessionEvent {
  JOINED = 'JOINED',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}
registerEnumType(GroupBuySessionEvent, {
  name: 'GroupBuySessionEvent',
  description: 'What just happened to a session.',
  valuesConfig: {
    JOINED: { description: 'A member paid (the leader opening it, or a friend joining).' },
    SUCCEEDED: { description: 'The session filled (or auto-filled at its deadline).' },
    FAILED: { description: 'The deadline passed unfilled; paid members are being refunded.' },
  },
});

/** Checkout's own refusals (stock, address…) and the group-buy ones opening or joining can meet (join.ts, the resolver), in one code enum. */
export const GroupBuyCheckoutErrorCode = {
  ...OrderErrorCode,
  CAMPAIGN_NOT_FOUND: GroupBuyErrorCode.CAMPAIGN_NOT_FOUND,
  CAMPAIGN_NOT_RUNNING: GroupBuyErrorCode.CAMPAIGN_NOT_RUNNING,
  SKU_NOT_IN_CAMPAIGN: GroupBuyErrorCode.SKU_NOT_IN_CAMPAIGN,
  INVALID_QUANTITY: GroupBuyErrorCode.INVALID_QUANTITY,
  ONE_LINE_ONLY: GroupBuyErrorCode.ONE_LINE_ONLY,
  SESSION_NOT_FOUND: GroupBuyErrorCode.SESSION_NOT_FOUND,
  SESSION_NOT_JOINABLE: GroupBuyErrorCode.SESSION_NOT_JOINABLE,
  SESSION_FULL: GroupBuyErrorCode.SESSION_FULL,
  ALREADY_IN_SESSION: GroupBuyErrorCode.ALREADY_IN_SESSION,
  ALREADY_IN_OPEN_SESSION: GroupBuyErrorCode.ALREADY_IN_OPEN_SESSION,
  LIMIT_REACHED: GroupBuyErrorCode.LIMIT_REACHED,
  NEW_CUSTOMERS_ONLY: GroupBuyErrorCode.NEW_CUSTOMERS_ONLY,
} as const;
export type GroupBuyCheckoutErrorCode = OrderErrorCode | GroupBuyErrorCode;
registerEnumType(GroupBuyErrorCode, {
  name: 'GroupBuyErrorCode',
  description: 'Why a group-buy campaign mutation was refused.',
  valuesConfig: groupBuyErrorCodeDescriptions,
});
const groupBuyCheckoutErrorCodeDescriptions: Record<keyof typeof GroupBuyCheckoutErrorCode, { description: string }> = {
  ...orderErrorCodeDescriptions,
  CAMPAIGN_NOT_FOUND: groupBuyErrorCodeDescriptions.CAMPAIGN_NOT_FOUND,
  CAMPAIGN_NOT_RUNNING: groupBuyErrorCodeDescriptions.CAMPAIGN_NOT_RUNNING,
  SKU_NOT_IN_CAMPAIGN: groupBuyErrorCodeDescriptions.SKU_NOT_IN_CAMPAIGN,
  ONE_LINE_ONLY: groupBuyErrorCodeDescriptions.ONE_LINE_ONLY,
  SESSION_NOT_FOUND: groupBuyErrorCodeDescriptions.SESSION_NOT_FOUND,
  SESSION_NOT_JOINABLE: groupBuyErrorCodeDescriptions.SESSION_NOT_JOINABLE,
  SESSION_FULL: groupBuyErrorCodeDescriptions.SESSION_FULL,
  ALREADY_IN_SESSION: groupBuyErrorCodeDescriptions.ALREADY_IN_SESSION,
  ALREADY_IN_OPEN_SESSION: groupBuyErrorCodeDescriptions.ALREADY_IN_OPEN_SESSION,
  LIMIT_REACHED: groupBuyErrorCodeDescriptions.LIMIT_REACHED,
  NEW_CUSTOMERS_ONLY: groupBuyErrorCodeDescriptions.NEW_CUSTOMERS_ONLY,
  INVALID_QUANTITY: { description: "The quantity is out of the order's range or above the campaign's units-per-member maximum." },
};
registerEnumType(GroupBuyCheckoutErrorCode, {
  name: 'GroupBuyCheckoutErrorCode',
  description: 'Why opening or joining a group-buy session was refused: a checkout refusal (stock, address…) or a group-buy one.',
  valuesConfig: groupBuyCheckoutErrorCodeDescriptions,
});

@ObjectType({ description: 'A group-buy campaign refusal.', implements: UserError })
export class GroupBuyUserError extends UserError {
  @Field(() => GroupBuyErrorCode, { description: 'What kind of failure this is.' })
  code: GroupBuyErrorCode;
}

@ObjectType({ description: 'A refusal to open or join a session.', implements: UserError })
export class GroupBuyCheckoutUserError extends UserError {
  @Field(() => GroupBuyCheckoutErrorCode, { description: 'What kind of failure this is.' })
  code: GroupBuyCheckoutErrorCode;
}

@ObjectType({ description: 'A SKU of a group-buy campaign with its prices.' })
export class GroupBuyCampaignSku {
  @Field(() => ID, { description: 'The SKU (a Sku id).' })
  skuId: string;

  @Field(() => Money, { description: 'The group price, for members who join.' })
  groupPrice: Money;

  @Field(() => Money, { description: 'The price for the customer who opens a session: the group price less the leader discount.' })
  leaderPrice: Money;
}

@ObjectType({ description: 'How a campaign did: its sessions and members.' })
export class GroupBuyCampaignResults {
  @Field(() => Int, { description: 'Sessions opened.' })
  sessions: number;

  @Field(() => Int, { description: 'Sessions still opening or open.' })
  open: number;

  @Field(() => Int, { description: 'Sessions that succeeded.' })
  succeeded: number;

  @Field(() => Int, { description: 'Sessions that failed.' })
  failed: number;

  @Field(() => Int, { description: 'Members who paid, whatever became of their session.' })
  paidMembers: number;

  @Field(() => Int, { description: 'Members of failed sessions refunded through the provider.' })
  refundedMembers: number;

  @Field(() => Int, { description: 'Members of failed sessions whose refund is still to be made.' })
  refundDueMembers: number;
}

@ObjectType({
  description: "A group-buy campaign (拼团): a product's SKUs at a group price, sessions of `size` members that must fill in time.",
  implements: Node,
})
export class GroupBuyCampaign extends Node {
  @Field(() => ID, { description: 'The product (a Product id).' })
  productId: string;

  @Field({ description: 'Name shown to shoppers.' })
  name: string;

  @Field(() => Int, { description: 'Members a session needs (2–20).' })
  size: number;

  @Field(() => Int, { description: 'Time a session has to fill, in seconds from its opening.' })
  sessionSeconds: number;

  @Field(() => GraphQLDateTimeISO, { description: 'Sessions can be opened from then.' })
  startsAt: Date;

  @Field(() => GraphQLDateTimeISO, { description: 'No new sessions from then.' })
  endsAt: Date;

  @Field(() => Int, { description: 'Sessions of this campaign one customer may be in (failed or cancelled ones do not count).' })
  perCustomerLimit: number;

  @Field(() => Int, { description: 'Units one member may buy in a session.' })
  maxQuantity: number;

  @Field({ description: 'Only new customers (without a paid order before) may take part.' })
  newCustomersOnly: boolean;

  @Field(() => Money, { description: 'Taken off the group price for the customer who opens a session.' })
  leaderDiscount: Money;

  @Field(() => Int, {
    nullable: true,
    description: 'At the deadline a session succeeds with fewer members when at least this percent of its seats is paid; null: it fails.',
  })
  autoFillPercent: number | null;

  @Field(() => GroupBuyCampaignStatus, { description: 'ACTIVE or ENDED.' })
  status: GroupBuyCampaignStatus;

  @Field({ description: 'Whether a session can be opened right now (ACTIVE and within the window).' })
  running: boolean;

  @Field(() => GraphQLDateTimeISO, { description: 'When it was created.' })
  createdAt: Date;
}

@ObjectType({ description: 'Who opened a session, as other shoppers see them: display name and avatar only.' })
export class GroupBuyLeader {
  @Field({ description: "The leader's display name." })
  displayName: string;

  @Field(() => String, { nullable: true, description: "The leader's avatar URL; null when they have none." })
  avatarUrl: string | null;
}

@ObjectType({
  description: 'A group-buy session (团): friends join through its share token by paying; it succeeds when `size` members paid.',
  implements: Node,
})
export class GroupBuySession extends Node {
  @Field({ description: 'What friends join through (share it as a link or QR code).' })
  shareToken: string;

  @Field(() => ID, { description: 'The campaign (a GroupBuyCampaign id).' })
  campaignId: string;

  @Field(() => ID, { description: 'The product (a Product id).' })
  productId: string;

  @Field(() => GroupBuySessionStatus, { description: 'Where the session is.' })
  status: GroupBuySessionStatus;

  @Field(() => Int, { description: 'Members needed.' })
  size: number;

  @Field(() => Int, { description: 'Members who paid (only paid members count).' })
  joined: number;

  @Field(() => Int, { description: 'Members still missing: size − joined ("2 short").' })
  remaining: number;

  @Field(() => Int, { description: 'Seats free to join now (seats held by unpaid orders are taken).' })
  seatsFree: number;

  @Field(() => Int, { description: 'Seconds until the deadline (0 once passed), counted when read.' })
  secondsLeft: number;

  @Field(() => GraphQLDateTimeISO, { description: 'The deadline.' })
  expiresAt: Date;

  @Field(() => GraphQLDateTimeISO, { description: 'When it was opened.' })
  openedAt: Date;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When it succeeded, failed or was cancelled.' })
  closedAt: Date | null;

  @Field(() => GroupBuyLeader, { description: 'Who opened it.' })
  leader: GroupBuyLeader;
}

@ObjectType({ description: 'Your seat in a group-buy session; by `node(id:)` only to its customer and operators.', implements: Node })
export class GroupBuyMembership extends Node {
  @Field(() => GroupBuyMemberStatus, { description: 'Where your seat is.' })
  status: GroupBuyMemberStatus;

  @Field({ description: 'You opened the session.' })
  isLeader: boolean;

  @Field(() => ID, { description: 'Your order for it (an Order id).' })
  orderId: string;

  @Field(() => GraphQLDateTimeISO, { description: 'When you took the seat.' })
  joinedAt: Date;

  @Field(() => GroupBuySession, { description: 'The session.' })
  session: GroupBuySession;
}

@ObjectType({ description: "A session's progress, as the subscription delivers it." })
export class GroupBuySessionProgress {
  @Field(() => GroupBuySessionEvent, { description: 'What just happened.' })
  event: GroupBuySessionEvent;

  @Field({ description: "The session's share token." })
  shareToken: string;

  @Field(() => GroupBuySessionStatus, { description: "The session's status now." })
  status: GroupBuySessionStatus;

  @Field(() => Int, { description: 'Members who paid.' })
  joined: number;

  @Field(() => Int, { description: 'Members needed.' })
  size: number;

  @Field(() => Int, { description: 'Members still missing.' })
  remaining: number;

  @Field(() => GraphQLDateTimeISO, { description: 'The deadline.' })
  expiresAt: Date;
}

export const GroupBuyCampaignConnection = ConnectionType(GroupBuyCampaign, 'GroupBuyCampaign', 'group-buy campaign');
export const GroupBuySessionConnection = ConnectionType(GroupBuySession, 'GroupBuySession', 'group-buy session');
export const GroupBuyMembershipConnection = ConnectionType(GroupBuyMembership, 'GroupBuyMembership', 'group-buy seat');

@InputType({ description: "A SKU of the campaign's product and its group price." })
export class GroupBuyCampaignSkuInput {
  @Field(() => ID, { description: 'The SKU.' })
  skuId: string;

  @Field(() => DecimalScalar, { description: 'The group price (more than the leader discount).' })
  groupPrice: Fen;
}

@InputType({ description: 'A new group-buy campaign.' })
export class GroupBuyCampaignCreateInput {
  @Field(() => ID, { description: 'The product.' })
  productId: string;

  @Field(maxChars(MAX_NAME_LENGTH, 'Name shown to shoppers, not blank.'))
  name: string;

  @Field(() => Int, range(MIN_SIZE, MAX_SIZE, 'Members a session needs.'))
  size: number;

  @Field(() => Int, range(MIN_SESSION_SECONDS, MAX_SESSION_SECONDS, 'Time a session has to fill, in seconds (a minute to 30 days).'))
  sessionSeconds: number;

  @Field(() => GraphQLDateTimeISO, { description: 'Sessions can be opened from then.' })
  startsAt: Date;

  @Field(() => GraphQLDateTimeISO, { description: 'No new sessions from then; after startsAt.' })
  endsAt: Date;

  @Field(() => [GroupBuyCampaignSkuInput], maxItems(MAX_CAMPAIGN_SKUS, 'The SKUs of the product in the campaign, with their group prices; at least one.'))
  skus: GroupBuyCampaignSkuInput[];

  @Field(() => Int, { nullable: true, ...range(1, MAX_SESSIONS_PER_CUSTOMER, 'Sessions one customer may be in (default 1).') })
  perCustomerLimit?: number | null;

  @Field(() => Int, { nullable: true, ...range(1, MAX_LINE_QUANTITY, 'Units one member may buy (default 1).') })
  maxQuantity?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Only customers without a paid order before may take part (default false).' })
  newCustomersOnly?: boolean | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Taken off the group price for the leader (default 0).' })
  leaderDiscount?: Fen | null;

  @Field(() => Int, {
    nullable: true,
    ...range(1, MAX_AUTO_FILL_PERCENT, 'Auto-fill at the deadline when at least this percent of the seats is paid; omitted: never.'),
  })
  autoFillPercent?: number | null;
}

@InputType({ description: 'Changes to a campaign; omitted fields stay. Size and session time cannot change.' })
export class GroupBuyCampaignUpdateInput {
  @Field(() => String, { nullable: true, ...maxChars(MAX_NAME_LENGTH, 'Name, not blank.') })
  name?: string | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'New start.' })
  startsAt?: Date | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'New end.' })
  endsAt?: Date | null;

  @Field(() => [GroupBuyCampaignSkuInput], { nullable: true, ...maxItems(MAX_CAMPAIGN_SKUS, 'Replaces the SKUs and their group prices; at least one.') })
  skus?: GroupBuyCampaignSkuInput[] | null;

  @Field(() => Int, { nullable: true, ...range(1, MAX_SESSIONS_PER_CUSTOMER, 'Sessions one customer may be in.') })
  perCustomerLimit?: number | null;

  @Field(() => Int, { nullable: true, ...range(1, MAX_LINE_QUANTITY, 'Units one member may buy.') })
  maxQuantity?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'New customers only.' })
  newCustomersOnly?: boolean | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Leader discount.' })
  leaderDiscount?: Fen | null;

  @Field(() => Int, { nullable: true, ...range(1, MAX_AUTO_FILL_PERCENT, 'Auto-fill percent.') })
  autoFillPercent?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'true: stop auto-filling (autoFillPercent becomes null).' })
  clearAutoFill?: boolean | null;
}

@InputType({ description: 'Open a session (开团) by ordering a SKU of a campaign; pay the order to open it.' })
export class StartGroupBuyInput {
  @Field(() => ID, { description: 'The campaign.' })
  campaignId: string;

  @Field(() => ID, { description: "The SKU (one of the campaign's)." })
  skuId: string;

  @Field(() => Int, { nullable: true, ...range(1, MAX_LINE_QUANTITY, "How many (default 1; at most the campaign's maxQuantity).") })
  quantity?: number | null;

  @Field(() => ShippingAddressInput, { description: 'Where to ship.' })
  shippingAddress: ShippingAddressInput;

  @Field(() => String, {
    nullable: true,
    ...maxChars(MAX_IDEMPOTENCY_KEY_LENGTH, 'Idempotency key (at least 8 of letters, digits, ._:-): the same key and input return the first order.'),
  })
  idempotencyKey?: string | null;
}

@InputType({ description: 'Join a session (参团) through its share token by ordering a SKU of its campaign; your seat counts once you pay.' })
export class JoinGroupBuyInput {
  @Field(maxChars(MAX_SHARE_TOKEN_LENGTH, "The session's share token."))
  shareToken: string;

  @Field(() => ID, { description: "The SKU (one of the campaign's)." })
  skuId: string;

  @Field(() => Int, { nullable: true, ...range(1, MAX_LINE_QUANTITY, "How many (default 1; at most the campaign's maxQuantity).") })
  quantity?: number | null;

  @Field(() => ShippingAddressInput, { description: 'Where to ship.' })
  shippingAddress: ShippingAddressInput;

  @Field(() => String, {
    nullable: true,
    ...maxChars(MAX_IDEMPOTENCY_KEY_LENGTH, 'Idempotency key (at least 8 of letters, digits, ._:-): the same key and input return the first order.'),
  })
  idempotencyKey?: string | null;
}

@ObjectType({ description: 'Result of a campaign mutation.' })
export class GroupBuyCampaignPayload {
  @Field(() => GroupBuyCampaign, { nullable: true, description: 'The campaign now; null when refused.' })
  campaign: GroupBuyCampaign | null;

  @Field(() => [GroupBuyUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: GroupBuyUserError[];
}

@ObjectType({ description: 'Result of opening or joining a session: the order to pay (its seat is held until it is paid or cancelled) and the session.' })
export class GroupBuyCheckoutPayload {
  @Field(() => OrderType, { nullable: true, description: 'The order, waiting for payment; null when refused.' })
  order: OrderType | null;

  @Field(() => GroupBuySession, { nullable: true, description: 'The session; null when refused.' })
  session: GroupBuySession | null;

  @Field(() => [GroupBuyCheckoutUserError], { description: 'Why it was refused (e.g. SESSION_FULL, INSUFFICIENT_STOCK); empty on success.' })
  userErrors: GroupBuyCheckoutUserError[];
}

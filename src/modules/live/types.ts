import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { maxChars, maxItems, range } from '../../lib/bounds';
import { UserError } from '../../lib/errors';
import { DecimalScalar, Money, type Fen } from '../../lib/money';
import { Node } from '../../lib/node';
import { ConnectionType } from '../../lib/pagination';
import { OrderErrorCode, orderErrorCodeDescriptions } from '../orders/errors';
import { OrderType, ShippingAddressInput } from '../orders/types';
import { LiveErrorCode, liveErrorCodeDescriptions } from './errors';
import { MAX_APPS, MAX_PER_CUSTOMER_LIMIT, MAX_POSITION, MAX_QUOTA, MAX_TITLE_LENGTH, MAX_URL_LENGTH } from './rules';

/** The idempotency key rule of lib/idempotency: 8 to 128 letters, digits or ._:- characters. */
const MAX_IDEMPOTENCY_KEY_LENGTH = 128;
/** The largest sequence number `after` accepts. */
export const MAX_SEQ = 2_000_000_000;

export enum LiveSessionStatusType {
  SCHEDULED = 'SCHEDULED',
  LIVE = 'LIVE',
  PAUSED = 'PAUSED',
  ENDED = 'ENDED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(LiveSessionStatusType, {
  name: 'LiveSessionStatus',
  description: 'Where a live session is: SCHEDULED → LIVE ⇄ PAUSED → ENDED, or SCHEDULED → CANCELLED.',
  valuesConfig: {
    SCHEDULED: { description: 'Announced: the lineup is being prepared; viewers may wait in the room.' },
    LIVE: { description: 'On air.' },
    PAUSED: { description: 'On air, paused by the host (a break); the lineup stays.' },
    ENDED: { description: 'Over: every quota left went back to stock. Final.' },
    CANCELLED: { description: 'Called off before it started: every quota went back to stock. Final.' },
  },
});

export enum LiveItemStatusType {
  ON_SALE = 'ON_SALE',
  OFF_SALE = 'OFF_SALE',
  REMOVED = 'REMOVED',
}
registerEnumType(LiveItemStatusType, {
  name: 'LiveItemStatus',
  description: 'Where a lineup item is.',
  valuesConfig: {
    ON_SALE: { description: 'On sale in the session.' },
    OFF_SALE: { description: 'Kept in the lineup with its quota, but not sold nor pinnable until put back on sale.' },
    REMOVED: { description: 'Taken out of the lineup; its quota went back to stock. Final.' },
  },
});

export enum LiveEventKind {
  STATUS = 'STATUS',
  DETAILS = 'DETAILS',
  PINNED = 'PINNED',
  UNPINNED = 'UNPINNED',
  ITEM_ADDED = 'ITEM_ADDED',
  ITEM_CHANGED = 'ITEM_CHANGED',
  ITEM_REMOVED = 'ITEM_REMOVED',
  PRICE = 'PRICE',
  STOCK = 'STOCK',
  SOLD = 'SOLD',
  VIEWERS = 'VIEWERS',
}
registerEnumType(LiveEventKind, {
  name: 'LiveEventType',
  description: 'What happened in a live session; the fields of LiveSessionEvent it fills are named.',
  valuesConfig: {
    STATUS: { description: 'The session moved: `status`.' },
    DETAILS: { description: 'Its title, cover, stream or replay URL changed: `title`, `coverUrl`, `streamUrl`, `replayUrl`.' },
    PINNED: { description: 'An item is being presented now (讲解中): `itemId`.' },
    UNPINNED: { description: 'The item is no longer presented: `itemId`.' },
    ITEM_ADDED: { description: 'An item joined the lineup: `itemId`, `skuId`, `livePrice`, `stockLeft`, `sold`, `position`, `onSale`, `perCustomerLimit`.' },
    ITEM_CHANGED: { description: "An item's sale state, position or limit changed: the same fields as ITEM_ADDED." },
    ITEM_REMOVED: { description: 'An item left the lineup: `itemId`.' },
    PRICE: { description: "An item's live price changed: `itemId`, `livePrice`." },
    STOCK: { description: "An item's quota left changed: `itemId`, `stockLeft`." },
    SOLD: { description: "An item's sold count changed: `itemId`, `sold`." },
    VIEWERS: { description: 'The number of viewers watching changed (at most about once a second): `viewers`, `peakViewers`.' },
  },
});

registerEnumType(LiveErrorCode, { name: 'LiveErrorCode', description: 'Why a live-session mutation was refused.', valuesConfig: liveErrorCodeDescriptions });

@ObjectType({ description: 'A live-session refusal: nothing was changed.', implements: UserError })
export class LiveUserError extends UserError {
  @Field(() => LiveErrorCode, { description: 'What kind of failure this is.' })
  code: LiveErrorCode;
}

@ObjectType({ description: 'Who hosts a live session, as viewers see them.' })
export class LiveHost {
  @Field(() => ID, { description: 'The host (an Account id).' })
  accountId: string;

  @Field({ description: "The host's public name." })
  displayName: string;
}

@ObjectType({ description: "An item of a session's lineup: a SKU at a live price with a live stock quota carved out of the SKU's stock.", implements: Node })
export class LiveItem extends Node {
  @Field(() => ID, { description: 'The session (a LiveSession id).' })
  sessionId: string;

  @Field(() => ID, { description: 'The SKU (a Sku id).' })
  skuId: string;

  @Field(() => ID, { description: 'The product of the SKU (a Product id).' })
  productId: string;

  @Field(() => Money, { description: 'The live price.' })
  livePrice: Money;

  @Field(() => Int, { description: 'Units still for sale in the session (the quota left).' })
  stockLeft: number;

  @Field(() => Int, { description: 'Units sold in the session.' })
  sold: number;

  @Field(() => Int, { nullable: true, description: 'Units one customer may buy of it in the session; null: no limit but the quota.' })
  perCustomerLimit: number | null;

  @Field(() => Int, { description: 'Its place in the lineup (ascending).' })
  position: number;

  @Field(() => LiveItemStatusType, { description: 'ON_SALE, OFF_SALE or REMOVED.' })
  status: LiveItemStatusType;

  @Field({ description: 'It is being presented now (讲解中).' })
  pinned: boolean;
}

@ObjectType({
  description: 'A live-stream session (直播带货): a host, a schedule, the stream a provider serves, and a lineup at live prices.',
  implements: Node,
})
export class LiveSession extends Node {
  @Field(() => LiveHost, { description: 'Who hosts it.' })
  host: LiveHost;

  @Field({ description: 'Its title.' })
  title: string;

  @Field(() => String, { nullable: true, description: 'Its cover image URL.' })
  coverUrl: string | null;

  @Field(() => GraphQLDateTimeISO, { description: 'When it is scheduled to start.' })
  scheduledStartAt: Date;

  @Field(() => String, { nullable: true, description: "Where players pull the stream from (the provider's URL); null until given." })
  streamUrl: string | null;

  @Field(() => String, { nullable: true, description: 'The recording, once the provider has one.' })
  replayUrl: string | null;

  @Field(() => LiveSessionStatusType, { description: 'Where the session is.' })
  status: LiveSessionStatusType;

  /** Every app it shows on; the schema's field (resolver.ts) shows a storefront only its own. */
  storefrontAppIds: string[];

  @Field(() => Int, { description: 'Viewers watching now (distinct viewers subscribed across every API process), as last published.' })
  viewers: number;

  @Field(() => Int, { description: 'The most viewers watching at once.' })
  peakViewers: number;

  @Field(() => Int, {
    description: 'The sequence number of its last event: subscribe to liveSessionEvents with `after` set to it to follow on from this snapshot.',
  })
  lastSeq: number;

  @Field(() => GraphQLDateTimeISO, { description: 'When it was created.' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When it went live first.' })
  startedAt: Date | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When it ended or was cancelled.' })
  endedAt: Date | null;

  @Field(() => Int, { description: 'Minutes a live order has to be paid before it is cancelled and its units go back to the lineup.' })
  paymentWindowMinutes: number;
}

export const LiveSessionConnection = ConnectionType(LiveSession, 'LiveSession', 'live session');

@ObjectType({ description: 'One event of a live session, numbered: `seq` strictly increases by one per event of the session, with no gap.' })
export class LiveSessionEvent {
  @Field(() => ID, { description: 'The session (a LiveSession id).' })
  sessionId: string;

  @Field(() => Int, { description: 'Its sequence number in the session (1, 2, 3 …): resume after the last one seen with `after`.' })
  seq: number;

  @Field(() => LiveEventKind, { description: 'What happened; it says which other fields are filled.' })
  type: LiveEventKind;

  @Field(() => GraphQLDateTimeISO, { description: 'When it happened.' })
  at: Date;

  @Field(() => LiveSessionStatusType, { nullable: true, description: 'STATUS: the new status.' })
  status: LiveSessionStatusType | null;

  @Field(() => String, { nullable: true, description: 'DETAILS: the title.' })
  title: string | null;

  @Field(() => String, { nullable: true, description: 'DETAILS: the cover URL.' })
  coverUrl: string | null;

  @Field(() => String, { nullable: true, description: 'DETAILS: the stream URL.' })
  streamUrl: string | null;

  @Field(() => String, { nullable: true, description: 'DETAILS: the replay URL.' })
  replayUrl: string | null;

  @Field(() => ID, { nullable: true, description: 'Item events: the item (a LiveItem id).' })
  itemId: string | null;

  @Field(() => ID, { nullable: true, description: 'ITEM_ADDED, ITEM_CHANGED: the SKU (a Sku id).' })
  skuId: string | null;

  @Field(() => Money, { nullable: true, description: 'ITEM_ADDED, ITEM_CHANGED, PRICE: the live price.' })
  livePrice: Money | null;

  @Field(() => Int, { nullable: true, description: 'ITEM_ADDED, ITEM_CHANGED, STOCK: units left for sale.' })
  stockLeft: number | null;

  @Field(() => Int, { nullable: true, description: 'ITEM_ADDED, ITEM_CHANGED, SOLD: units sold.' })
  sold: number | null;

  @Field(() => Int, { nullable: true, description: 'ITEM_ADDED, ITEM_CHANGED: the place in the lineup.' })
  position: number | null;

  @Field(() => Boolean, { nullable: true, description: 'ITEM_ADDED, ITEM_CHANGED: the item is on sale.' })
  onSale: boolean | null;

  @Field(() => Int, { nullable: true, description: 'ITEM_ADDED, ITEM_CHANGED: the per-customer limit (null: none).' })
  perCustomerLimit: number | null;

  @Field(() => Int, { nullable: true, description: 'VIEWERS: viewers watching now.' })
  viewers: number | null;

  @Field(() => Int, { nullable: true, description: 'VIEWERS: the most viewers watching at once.' })
  peakViewers: number | null;
}

@InputType({ description: 'Which live sessions to list.' })
export class LiveSessionFilter {
  @Field(() => [LiveSessionStatusType], { nullable: true, ...maxItems(5, 'Only sessions in these states.') })
  statuses?: LiveSessionStatusType[] | null;

  @Field(() => ID, { nullable: true, description: "Only this host's sessions (an Account id)." })
  hostId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Only sessions shown on this storefront app (a StorefrontApp id). Storefronts always see only the sessions shown on their own app.',
  })
  storefrontAppId?: string | null;
}

@InputType({ description: 'A new live session.' })
export class CreateLiveSessionInput {
  @Field(() => ID, {
    nullable: true,
    description: 'The host (an Account id): a member or a content author. Operators must name one; others host their own sessions (leave it out).',
  })
  hostId?: string | null;

  @Field(maxChars(MAX_TITLE_LENGTH, 'Its title.'))
  title: string;

  @Field(() => String, { nullable: true, ...maxChars(MAX_URL_LENGTH, 'Its cover image: an absolute http(s) URL.') })
  coverUrl?: string | null;

  @Field(() => GraphQLDateTimeISO, { description: 'When it is scheduled to start: from a day ago to a year ahead.' })
  scheduledStartAt: Date;

  @Field(() => String, { nullable: true, ...maxChars(MAX_URL_LENGTH, "The provider's stream URL, if already known: an absolute http(s) URL.") })
  streamUrl?: string | null;

  @Field(() => [ID], {
    nullable: true,
    ...maxItems(
      MAX_APPS,
      'The storefront apps it shows on (StorefrontApp ids). Operators choose any; a host may only name the app they call through, which is the default.',
    ),
  })
  storefrontAppIds?: string[] | null;
}

@InputType({ description: "Changes to a live session's details; fields left out stay." })
export class UpdateLiveSessionInput {
  @Field(() => Int, {
    nullable: true,
    ...range(1, 120, 'Minutes a live order has to be paid (1 to 120); the shop-wide time to pay still applies when shorter.'),
  })
  paymentWindowMinutes?: number | null;

  @Field(() => String, { nullable: true, ...maxChars(MAX_TITLE_LENGTH, 'Its title.') })
  title?: string | null;

  @Field(() => String, { nullable: true, ...maxChars(MAX_URL_LENGTH, 'Its cover image: an absolute http(s) URL.') })
  coverUrl?: string | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'A new scheduled start (only while SCHEDULED): from a day ago to a year ahead.' })
  scheduledStartAt?: Date | null;

  @Field(() => String, { nullable: true, ...maxChars(MAX_URL_LENGTH, "The provider's stream URL: an absolute http(s) URL.") })
  streamUrl?: string | null;

  @Field(() => String, {
    nullable: true,
    ...maxChars(MAX_URL_LENGTH, "The provider's replay URL: an absolute http(s) URL. The one detail that can still be given once the session ENDED."),
  })
  replayUrl?: string | null;

  @Field(() => [ID], { nullable: true, ...maxItems(MAX_APPS, 'The storefront apps it shows on, replacing the list (StorefrontApp ids).') })
  storefrontAppIds?: string[] | null;
}

@InputType({ description: "A SKU to add to a session's lineup." })
export class AddLiveItemInput {
  @Field(() => ID, { description: 'The session (a LiveSession id).' })
  sessionId: string;

  @Field(() => ID, { description: 'The SKU (a Sku id) of a published product; once per lineup.' })
  skuId: string;

  @Field(() => DecimalScalar, { description: 'The live price, above 0.' })
  livePrice: Fen;

  @Field(() => Int, range(1, MAX_QUOTA, "The live stock quota, carved out of the SKU's stock now (refused when it has less)."))
  quota: number;

  @Field(() => Int, {
    nullable: true,
    ...range(1, MAX_PER_CUSTOMER_LIMIT, 'Units one customer may buy of it in the session; left out: no limit but the quota.'),
  })
  perCustomerLimit?: number | null;

  @Field(() => Int, { nullable: true, ...range(0, MAX_POSITION, 'Its place in the lineup; left out: after the last.') })
  position?: number | null;

  @Field(() => String, {
    nullable: true,
    ...maxChars(MAX_IDEMPOTENCY_KEY_LENGTH, 'Sending the same key again replays the first answer instead of carving twice (8 to 128 letters, digits or ._:-).'),
  })
  idempotencyKey?: string | null;
}

@InputType({ description: 'Changes to a lineup item; fields left out stay.' })
export class UpdateLiveItemInput {
  @Field(() => ID, { description: 'The item (a LiveItem id).' })
  itemId: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'A new live price, above 0 (allowed while live: a PRICE event).' })
  livePrice?: Fen | null;

  @Field(() => Int, { nullable: true, ...range(1, MAX_PER_CUSTOMER_LIMIT, 'A new per-customer limit.') })
  perCustomerLimit?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'True: no per-customer limit any more.' })
  clearPerCustomerLimit?: boolean | null;

  @Field(() => Int, { nullable: true, ...range(0, MAX_POSITION, 'A new place in the lineup.') })
  position?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Put it on sale (true) or take it off sale (false: unpinned if pinned).' })
  onSale?: boolean | null;
}

@InputType({ description: "A change of an item's live stock quota." })
export class ChangeLiveItemQuotaInput {
  @Field(() => ID, { description: 'The item (a LiveItem id).' })
  itemId: string;

  @Field(() => Int, range(-MAX_QUOTA, MAX_QUOTA, "Units to carve from the SKU's stock (positive) or give back to it (negative); not 0."))
  change: number;

  @Field(() => String, {
    nullable: true,
    ...maxChars(
      MAX_IDEMPOTENCY_KEY_LENGTH,
      'Sending the same key again replays the first answer instead of moving stock twice (8 to 128 letters, digits or ._:-).',
    ),
  })
  idempotencyKey?: string | null;
}

@ObjectType({ description: 'The result of a live-session mutation.' })
export class LiveSessionPayload {
  @Field(() => LiveSession, { nullable: true, description: 'The session as it is now; null when refused.' })
  session: LiveSession | null;

  @Field(() => [LiveUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: LiveUserError[];
}

@ObjectType({ description: 'The result of a lineup mutation.' })
export class LiveItemPayload {
  @Field(() => LiveItem, { nullable: true, description: 'The item as it is now; null when refused.' })
  item: LiveItem | null;

  @Field(() => LiveSession, { nullable: true, description: 'Its session as it is now; null when refused.' })
  session: LiveSession | null;

  @Field(() => [LiveUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: LiveUserError[];
}

/** Why a live checkout was refused: a checkout refusal (address, idempotency key…) or a live one. */
export const LiveCheckoutErrorCode = {
  ...OrderErrorCode,
  SESSION_NOT_FOUND: LiveErrorCode.SESSION_NOT_FOUND,
  SESSION_NOT_LIVE: LiveErrorCode.SESSION_NOT_LIVE,
  ITEM_NOT_FOUND: LiveErrorCode.ITEM_NOT_FOUND,
  ITEM_NOT_IN_LINEUP: LiveErrorCode.ITEM_NOT_IN_LINEUP,
  ITEM_REMOVED: LiveErrorCode.ITEM_REMOVED,
  ITEM_OFF_SALE: LiveErrorCode.ITEM_OFF_SALE,
  ITEM_SOLD_OUT: LiveErrorCode.ITEM_SOLD_OUT,
  LIMIT_EXCEEDED: LiveErrorCode.LIMIT_EXCEEDED,
  CART_EMPTY: LiveErrorCode.CART_EMPTY,
  CART_FULL: LiveErrorCode.CART_FULL,
} as const;
export type LiveCheckoutErrorCode = (typeof LiveCheckoutErrorCode)[keyof typeof LiveCheckoutErrorCode];
registerEnumType(LiveCheckoutErrorCode, {
  name: 'LiveCheckoutErrorCode',
  description: 'Why a live cart change or a live checkout was refused: a checkout refusal (address, idempotency key…) or a live one.',
  valuesConfig: {
    ...orderErrorCodeDescriptions,
    SESSION_NOT_FOUND: liveErrorCodeDescriptions.SESSION_NOT_FOUND,
    SESSION_NOT_LIVE: liveErrorCodeDescriptions.SESSION_NOT_LIVE,
    ITEM_NOT_FOUND: liveErrorCodeDescriptions.ITEM_NOT_FOUND,
    ITEM_NOT_IN_LINEUP: liveErrorCodeDescriptions.ITEM_NOT_IN_LINEUP,
    ITEM_REMOVED: liveErrorCodeDescriptions.ITEM_REMOVED,
    ITEM_OFF_SALE: liveErrorCodeDescriptions.ITEM_OFF_SALE,
    ITEM_SOLD_OUT: liveErrorCodeDescriptions.ITEM_SOLD_OUT,
    LIMIT_EXCEEDED: liveErrorCodeDescriptions.LIMIT_EXCEEDED,
    CART_EMPTY: liveErrorCodeDescriptions.CART_EMPTY,
    CART_FULL: liveErrorCodeDescriptions.CART_FULL,
  },
});

@ObjectType({ description: 'A refusal of a live cart change or a live checkout: nothing was changed.', implements: UserError })
export class LiveCheckoutUserError extends UserError {
  @Field(() => LiveCheckoutErrorCode, { description: 'What kind of failure this is.' })
  code: LiveCheckoutErrorCode;
}

@ObjectType({ description: 'A line of a live cart.' })
export class LiveCartLine {
  @Field(() => ID, { description: 'The lineup item (a LiveItem id).' })
  itemId: string;

  @Field(() => Int, { description: 'How many.' })
  quantity: number;
}

@ObjectType({ description: "A viewer's live cart in a session: lineup items to check out together with checkoutLive." })
export class LiveCart {
  @Field(() => ID, { description: 'The session (a LiveSession id).' })
  sessionId: string;

  @Field(() => [LiveCartLine], { description: 'Its lines, by lineup position (at most 20).' })
  lines: LiveCartLine[];
}

@InputType({ description: 'How many of a lineup item the live cart holds.' })
export class SetLiveCartLineInput {
  @Field(() => ID, { description: 'The lineup item (a LiveItem id).' })
  itemId: string;

  @Field(() => Int, range(0, MAX_PER_CUSTOMER_LIMIT, 'How many (within its per-customer limit); 0 takes it out of the cart.'))
  quantity: number;
}

@ObjectType({ description: 'The result of a live cart change.' })
export class LiveCartPayload {
  @Field(() => LiveCart, { nullable: true, description: 'The cart as it is now; null when refused.' })
  cart: LiveCart | null;

  @Field(() => [LiveCheckoutUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: LiveCheckoutUserError[];
}

@InputType({ description: 'A lineup item to buy now.' })
export class LiveLineInput {
  @Field(() => ID, { description: 'The lineup item (a LiveItem id).' })
  itemId: string;

  @Field(() => Int, range(1, MAX_PER_CUSTOMER_LIMIT, 'How many (within its per-customer limit).'))
  quantity: number;
}

@InputType({ description: 'A live checkout: lineup items of a session, at their live prices, and where to ship them.' })
export class LiveCheckoutInput {
  @Field(() => ID, { description: 'The session (a LiveSession id), LIVE or PAUSED.' })
  sessionId: string;

  @Field(() => [LiveLineInput], { nullable: true, ...maxItems(20, 'Buy these items now; left out: the live cart of the session.') })
  lines?: LiveLineInput[] | null;

  @Field(() => ShippingAddressInput, { nullable: true, description: 'Where to ship. Give either shippingAddress or addressId.' })
  shippingAddress?: ShippingAddressInput | null;

  @Field(() => ID, { nullable: true, description: 'Ship to one of your saved addresses (a SavedAddress id) instead.' })
  addressId?: string | null;

  @Field(() => String, {
    nullable: true,
    ...maxChars(
      MAX_IDEMPOTENCY_KEY_LENGTH,
      'Sending the same key again replays the first answer instead of placing another order (8 to 128 letters, digits or ._:-).',
    ),
  })
  idempotencyKey?: string | null;
}

@ObjectType({ description: 'The result of a live checkout.' })
export class LiveCheckoutPayload {
  @Field(() => OrderType, { nullable: true, description: "The order, waiting for payment within the session's time to pay; null when refused." })
  order: OrderType | null;

  @Field(() => [LiveCheckoutUserError], { description: 'Why it was refused (e.g. ITEM_SOLD_OUT, LIMIT_EXCEEDED); empty on success.' })
  userErrors: LiveCheckoutUserError[];
}

@ObjectType({ description: "One lineup item's figures in a session report." })
export class LiveItemReport {
  @Field(() => ID, { description: 'The item (a LiveItem id).' })
  itemId: string;

  @Field({ description: "The product's name." })
  productName: string;

  @Field({ description: "The SKU's code." })
  skuCode: string;

  @Field(() => Int, { description: 'Units taken by orders not cancelled.' })
  sold: number;

  @Field(() => Int, { description: 'Quota left.' })
  left: number;

  @Field(() => Int, { description: 'Units in paid orders.' })
  paidUnits: number;

  @Field(() => Money, { description: 'What paid orders paid for its lines.' })
  gmv: Money;
}

@ObjectType({ description: "A live session's sales and audience, for its host and operators." })
export class LiveSessionReport {
  @Field(() => ID, { description: 'The session (a LiveSession id).' })
  sessionId: string;

  @Field(() => Int, { description: 'Distinct viewers it ever had.' })
  uniqueViewers: number;

  @Field(() => Int, { description: 'The most viewers at once.' })
  peakViewers: number;

  @Field(() => Int, { description: 'Orders placed live (paid or not, cancelled ones included).' })
  ordersPlaced: number;

  @Field(() => Int, { description: 'Orders placed live that were paid.' })
  orders: number;

  @Field(() => Int, { description: 'Units in paid orders.' })
  units: number;

  @Field(() => Money, { description: 'What paid orders paid for their live lines (gross, before refunds).' })
  gmv: Money;

  @Field(() => Money, { description: 'What was refunded on those lines.' })
  refunds: Money;

  @Field(() => Int, { description: 'Distinct customers with a paid order.' })
  buyers: number;

  @Field(() => Float, { nullable: true, description: 'buyers / uniqueViewers; null before the session had a viewer.' })
  conversion: number | null;

  @Field(() => [LiveItemReport], { description: 'Per lineup item (removed ones included), by position.' })
  items: LiveItemReport[];
}

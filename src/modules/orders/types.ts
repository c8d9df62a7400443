import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { maxChars, maxItems, MAX_PLACEMENT_LENGTH, MAX_SHARE_TOKEN_LENGTH, range } from '../../lib/bounds';
import { UserError } from '../../lib/errors';
import { DecimalScalar, Money, type Fen } from '../../lib/money';
import { ConnectionType } from '../../lib/pagination';
import { Node } from '../../lib/node';
import { SpecValue } from '../catalog/types';
import { MAX_EMAIL_LENGTH, MAX_PHONE_LENGTH } from '../accounts/service';
import { CartWarningCode } from './cart';
import { MAX_LINE_QUANTITY } from './entities';
import { OrderErrorCode, orderErrorCodeDescriptions } from './errors';
import { MAX_RECIPIENT_NAME_LENGTH, MAX_REGION_LENGTH, MAX_STREET_LENGTH } from '../../lib/address';
import { MAX_CARRIER_LENGTH, MAX_ORDER_LINES, MAX_TRACKING_NUMBER_LENGTH } from './service';
import { MAX_AFTER_SALE_DAYS, MAX_AUTO_RECEIVE_DAYS, MAX_UNPAID_TIMEOUT_MINUTES } from './settings';

/** The idempotency key rule of lib/idempotency: 8 to 128 letters, digits or ._:- characters. */
const MAX_IDEMPOTENCY_KEY_LENGTH = 128;

export enum OrderStatusEnum {
  PENDING_PAYMENT = 'PENDING_PAYMENT',
  PAID = 'PAID',
  SHIPPED = 'SHIPPED',
  RECEIVED = 'RECEIVED',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(OrderStatusEnum, {
  name: 'OrderStatus',
  description:
    'Where an order is: PENDING_PAYMENT → PAID → SHIPPED → RECEIVED → COMPLETED, or CANCELLED before payment (or when refunded in full before shipping).',
  valuesConfig: {
    PENDING_PAYMENT: { description: 'Placed, stock taken, waiting for payment until paymentDueAt; then cancelled automatically.' },
    PAID: { description: 'Paid; waiting to be shipped.' },
    SHIPPED: { description: 'Handed to the carrier.' },
    RECEIVED: { description: 'Received by the buyer (confirmed, or automatically after the set days).' },
    COMPLETED: { description: 'The after-sale window has closed.' },
    CANCELLED: { description: 'Cancelled before payment (by the buyer or for not being paid in time), or refunded in full before it shipped; stock returned.' },
  },
});

export enum PriceReasonEnum {
  RETAIL = 'RETAIL',
  MEMBER_PRICE = 'MEMBER_PRICE',
  SHOP_PRICE = 'SHOP_PRICE',
  FLASH_SALE = 'FLASH_SALE',
  GROUP_BUY = 'GROUP_BUY',
  BARGAIN = 'BARGAIN',
}
registerEnumType(PriceReasonEnum, {
  name: 'PriceReason',
  description: "Why a line's unit price is what it is.",
  valuesConfig: {
    RETAIL: { description: 'The retail price.' },
    MEMBER_PRICE: { description: 'The member price, for members.' },
    SHOP_PRICE: { description: "The price of the member's shop the order went through (inside the product's price-control band)." },
    FLASH_SALE: { description: 'The flash-sale price of a campaign whose time slot is on.' },
    GROUP_BUY: { description: "The group price of a group-buy campaign (the leader's price when the buyer opens the session)." },
    BARGAIN: { description: 'The price a bargain reached with the help of friends.' },
  },
});
registerEnumType(CartWarningCode, {
  name: 'CartWarningCode',
  description: 'What is wrong with a cart line.',
  valuesConfig: {
    NOT_BUYABLE: { description: 'The product is off sale or not on sale yet (a preview).' },
    OUT_OF_STOCK: { description: 'The SKU is sold out.' },
    INSUFFICIENT_STOCK: { description: 'Fewer left than the line asks for.' },
  },
});
registerEnumType(OrderErrorCode, {
  name: 'OrderErrorCode',
  description: 'Why a cart, checkout or order mutation was refused.',
  valuesConfig: orderErrorCodeDescriptions,
});

@ObjectType({
  description:
    'A named line of a price breakdown, in the order the pricing pipeline applied it: a discount (isDiscount) or a charge such as shipping. Shipping is also PriceBreakdown.shippingFee: show it once.',
})
export class PriceAdjustment {
  @Field({ description: 'Stable code, e.g. SHIPPING, COUPON.' })
  code: string;

  @Field({ description: 'Label to show.' })
  label: string;

  @Field(() => Money, { description: 'The amount, always positive: subtracted when isDiscount, added otherwise.' })
  amount: Money;

  @Field({ description: 'true for a discount (subtracted), false for a charge (added).' })
  isDiscount: boolean;
}

@ObjectType('PriceBreakdown', { description: 'A full price breakdown.' })
export class PriceBreakdownType {
  @Field(() => Money, { description: 'Sum of unit price × quantity over the lines.' })
  subtotal: Money;

  @Field(() => Money, { description: 'Sum of all discounts.' })
  discountTotal: Money;

  @Field(() => Money, { description: 'Shipping fee (zero when free).' })
  shippingFee: Money;

  @Field(() => Money, { description: 'What the buyer pays: subtotal − discounts + shipping.' })
  total: Money;

  @Field(() => [PriceAdjustment], { description: 'Each discount and charge, in the order the pricing pipeline applied them.' })
  adjustments: PriceAdjustment[];
}

@ObjectType({ description: 'A problem with a cart line; the rest of the cart still works.' })
export class CartWarning {
  @Field(() => ID, { description: 'The cart line.' })
  lineId: string;

  @Field(() => CartWarningCode, { description: 'What is wrong.' })
  code: CartWarningCode;

  @Field({ description: 'What is wrong, in words.' })
  message: string;
}

@ObjectType({ description: 'A line of a cart.' })
export class CartLine {
  skuDbId: string;

  @Field(() => ID, { description: 'ID of the line, for updateCartLine.' })
  id: string;

  @Field(() => Int, { description: 'How many.' })
  quantity: number;
}

@ObjectType({ description: 'A cart, per customer and storefront app, or a guest cart reachable by its id.', implements: Node })
export class Cart extends Node {
  @Field(() => [CartLine], { description: 'The lines, oldest first.' })
  lines: CartLine[];

  @Field(() => [CartWarning], { description: 'Lines that cannot be bought as they are; they are left out of `cost`.' })
  warnings: CartWarning[];

  @Field(() => PriceBreakdownType, {
    description:
      "Estimated cost of the buyable lines with today's prices and shipping; checkout freezes the real one. A cart does not know which share link the buyer came through, so shop prices show at checkout only.",
  })
  cost: PriceBreakdownType;
}

@ObjectType({ description: 'Where an order is shipped.' })
export class ShippingAddress {
  @Field({ description: 'Recipient.' })
  name: string;

  @Field({ description: "Recipient's phone." })
  phone: string;

  @Field({ description: 'Province, city and district.' })
  region: string;

  @Field({ description: 'Street address.' })
  detail: string;
}

@ObjectType({ description: 'A shipment: carrier and tracking number.' })
export class Shipment {
  @Field({ description: 'Carrier, e.g. 顺丰.' })
  carrier: string;

  @Field({ description: 'Tracking number.' })
  trackingNumber: string;

  @Field(() => GraphQLDateTimeISO, { description: 'When it was shipped.' })
  shippedAt: Date;
}

@ObjectType('OrderLine', { description: 'A line of an order, frozen at checkout.' })
export class OrderLineType {
  dbId: string;
  skuDbId: string;

  @Field(() => ID, { description: 'ID of the line.' })
  id: string;

  @Field({ description: 'Product name at checkout.' })
  productName: string;

  @Field({ description: 'SKU code at checkout.' })
  skuCode: string;

  @Field(() => [SpecValue], { description: 'Spec values at checkout.' })
  specs: SpecValue[];

  @Field(() => Money, { description: 'Unit price paid before order-level discounts.' })
  unitPrice: Money;

  @Field(() => PriceReasonEnum, { description: 'Why the unit price is what it is.' })
  priceReason: PriceReasonEnum;

  @Field(() => Int, { description: 'How many.' })
  quantity: number;

  @Field(() => Money, { description: "This line's share of order-level discounts." })
  discount: Money;

  @Field(() => Money, { description: 'What the buyer pays for the line: unit price × quantity − discount.' })
  total: Money;

  @Field(() => Int, { description: 'Units refunded so far.' })
  refundedQuantity: number;

  @Field(() => Money, { description: 'Money refunded for this line so far.' })
  refundedAmount: Money;
}

@ObjectType('Order', { description: 'An order.', implements: Node })
export class OrderType extends Node {
  dbId: string;
  customerDbId: string;

  @Field({ description: 'Order number for people (customer service, receipts).' })
  number: string;

  @Field(() => OrderStatusEnum, { description: 'Where the order is.' })
  status: OrderStatusEnum;

  @Field(() => PriceBreakdownType, { description: 'The price breakdown frozen at checkout.' })
  cost: PriceBreakdownType;

  @Field(() => Money, { description: 'Money refunded so far (see `refunds`); never more than `cost.total`.' })
  refundedTotal: Money;

  @Field(() => ShippingAddress, { description: 'Where it ships.' })
  shippingAddress: ShippingAddress;

  @Field(() => Shipment, { nullable: true, description: 'The shipment; null until shipped.' })
  shipment: Shipment | null;

  @Field(() => GraphQLDateTimeISO, { description: 'When it was placed.' })
  placedAt: Date;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'Unpaid orders are cancelled at this time; null once paid or cancelled.' })
  paymentDueAt: Date | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When it was paid.' })
  paidAt: Date | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When it was received.' })
  receivedAt: Date | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When it completed.' })
  completedAt: Date | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When it was cancelled.' })
  cancelledAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it was cancelled.' })
  cancelReason: string | null;
}

export const OrderConnection = ConnectionType(OrderType, 'Order', 'order');

@ObjectType('OrderSettings', { description: "The order flow's settings." })
export class OrderSettingsType {
  @Field(() => Money, { description: 'Flat shipping fee per order.' })
  shippingFlatFee: Money;

  @Field(() => Money, { nullable: true, description: 'Orders whose goods total reaches this ship free; null = never free.' })
  freeShippingThreshold: Money | null;

  @Field(() => Int, { description: 'Minutes an order may stay unpaid before it is cancelled and its stock returned.' })
  unpaidTimeoutMinutes: number;

  @Field(() => Int, { description: 'Days after shipping when an order counts as received if the buyer has not confirmed.' })
  autoReceiveDays: number;

  @Field(() => Int, { description: 'Days after receipt during which after-sale requests are accepted; then the order completes.' })
  afterSaleDays: number;
}

@ObjectType({ description: 'A refused cart, checkout or order mutation.', implements: UserError })
export class OrderUserError extends UserError {
  @Field(() => OrderErrorCode, { description: 'What kind of failure this is.' })
  code: OrderErrorCode;
}

@ObjectType({ description: 'Result of a cart mutation.' })
export class CartPayload {
  @Field(() => Cart, { nullable: true, description: 'The cart as it is now; null when refused.' })
  cart: Cart | null;

  @Field(() => [OrderUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: OrderUserError[];
}

@ObjectType({ description: 'Result of an order mutation.' })
export class OrderPayload {
  @Field(() => OrderType, { nullable: true, description: 'The order as it is now; null when refused.' })
  order: OrderType | null;

  @Field(() => [OrderUserError], { description: 'Why it was refused (e.g. INSUFFICIENT_STOCK, ILLEGAL_TRANSITION); empty on success.' })
  userErrors: OrderUserError[];
}

@ObjectType({ description: 'Result of changing the order settings.' })
export class OrderSettingsPayload {
  @Field(() => OrderSettingsType, { nullable: true, description: 'The settings now; null when refused.' })
  settings: OrderSettingsType | null;

  @Field(() => [OrderUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: OrderUserError[];
}

@InputType('LineInput', { description: 'A SKU and how many.' })
export class LineInputType {
  @Field(() => ID, { description: 'The SKU.' })
  skuId: string;

  @Field(() => Int, range(1, MAX_LINE_QUANTITY, 'How many.'))
  quantity: number;
}

@InputType({ description: 'Where to ship.' })
export class ShippingAddressInput {
  @Field(maxChars(MAX_RECIPIENT_NAME_LENGTH, 'Recipient, not blank.'))
  name: string;

  @Field(maxChars(MAX_PHONE_LENGTH, "Recipient's phone: 11 digits starting with 1, or + and an international number; spaces and hyphens are dropped."))
  phone: string;

  @Field(maxChars(MAX_REGION_LENGTH, 'Province, city and district, e.g. "浙江省 杭州市 西湖区" (at least 2 characters).'))
  region: string;

  @Field(maxChars(MAX_STREET_LENGTH, 'Street address (at least 2 characters).'))
  detail: string;
}

@InputType({ description: 'What to order: a cart, or lines directly ("buy now"). Give exactly one.' })
export class CheckoutInput {
  @Field(() => ID, {
    nullable: true,
    description: "Check out this cart's buyable lines (lines with warnings stay); bought lines leave the cart. Give either cartId or lines.",
  })
  cartId?: string | null;

  @Field(() => [LineInputType], { nullable: true, ...maxItems(MAX_ORDER_LINES, 'Buy these lines now, without a cart.') })
  lines?: LineInputType[] | null;

  @Field(() => ShippingAddressInput, { nullable: true, description: 'Where to ship. Give either shippingAddress or addressId (ADDRESS_REQUIRED otherwise).' })
  shippingAddress?: ShippingAddressInput | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'Ship to one of your saved addresses (a `SavedAddress.id`, see `me.addresses`) instead of giving shippingAddress; the order keeps a copy, so later changes to the saved address do not move it. ADDRESS_NOT_FOUND when it is not yours.',
  })
  addressId?: string | null;

  @Field(() => String, {
    nullable: true,
    ...maxChars(
      MAX_IDEMPOTENCY_KEY_LENGTH,
      'Idempotency key (at least 8 of letters, digits, ._:-): the same key with the same input returns the first order instead of placing another; with other input it is refused with IDEMPOTENCY_KEY_REUSED.',
    ),
  })
  idempotencyKey?: string | null;

  @Field(() => String, {
    nullable: true,
    ...maxChars(
      MAX_SHARE_TOKEN_LENGTH,
      "The share-link token the buyer arrived with, if any (a shop or product link, or a content card's ProductCardBlock.linkToken): it counts as arriving through the link now and wins first the lines it covers — a content card the lines of the products it features, a shop or product link every line; other lines go to the buyer's last valid touch within the attribution window that covers them, then the bound inviter (OrderLine.source says which and why). Through a member's shop — a shop link's, or the sharer's shop carrying the product of a product link or content card — the shop's prices apply. An unknown or lapsed token never fails the checkout; it attributes nothing.",
    ),
  })
  shareToken?: string | null;

  @Field(() => String, {
    nullable: true,
    ...maxChars(
      MAX_PLACEMENT_LENGTH,
      "Where on the site the buy button the buyer used sits, as the site labels it (e.g. \"sidebar\", \"post-42.footer\"): 1 to 40 letters, digits, '_', '.' or '-', INVALID_PLACEMENT otherwise, with nothing written. Recorded with the order together with the site (the storefront app whose key the request carries) and reported per site and placement (salesByPlacement, mySalesByPlacement). Lines that no share link covers — neither shareToken nor a touch within the attribution window — are attributed to the buy button itself (OrderLine.source kind BUY_BUTTON); with a valid shareToken the sharer, article or card wins its lines as usual and the placement is recorded alongside. Any storefront may send it.",
    ),
  })
  placement?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'Use this coupon of yours (COUPON_NOT_AVAILABLE when it is not available, COUPON_UNUSABLE with the reason when it does not apply). Neither couponId nor noCoupon: the usable coupon that takes the most off is applied.',
  })
  couponId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'true: use no coupon, not even the best one automatically.' })
  noCoupon?: boolean | null;
}

@InputType({ description: 'A shipment.' })
export class ShipOrderInput {
  @Field(() => ID, { description: 'The order.' })
  orderId: string;

  @Field(maxChars(MAX_CARRIER_LENGTH, 'Carrier (at least 2 characters).'))
  carrier: string;

  @Field(maxChars(MAX_TRACKING_NUMBER_LENGTH, 'Tracking number: at least 4 letters, digits, hyphens.'))
  trackingNumber: string;
}

@InputType({ description: 'Changes to the order settings; omitted fields stay as they are.' })
export class OrderSettingsInput {
  @Field(() => DecimalScalar, { nullable: true, description: 'Flat shipping fee.' })
  shippingFlatFee?: Fen | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Free shipping from this goods total; null turns free shipping off.' })
  freeShippingThreshold?: Fen | null;

  @Field(() => Int, { nullable: true, ...range(1, MAX_UNPAID_TIMEOUT_MINUTES, 'Unpaid timeout in minutes.') })
  unpaidTimeoutMinutes?: number | null;

  @Field(() => Int, { nullable: true, ...range(1, MAX_AUTO_RECEIVE_DAYS, 'Days until automatic receipt.') })
  autoReceiveDays?: number | null;

  @Field(() => Int, { nullable: true, ...range(0, MAX_AFTER_SALE_DAYS, 'After-sale window in days.') })
  afterSaleDays?: number | null;
}

@InputType({ description: 'Filters of an order list.' })
export class OrderFilterInput {
  @Field(() => [OrderStatusEnum], { nullable: true, ...maxItems(Object.keys(OrderStatusEnum).length, 'Only orders in these statuses.') })
  statuses?: OrderStatusEnum[] | null;

  @Field(() => String, { nullable: true, ...maxChars(MAX_EMAIL_LENGTH, "Operators only: an order number, or the buyer's email or phone.") })
  query?: string | null;
}

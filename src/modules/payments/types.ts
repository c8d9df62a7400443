import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { maxChars, maxItems, range } from '../../lib/bounds';
import { UserError } from '../../lib/errors';
import { Money } from '../../lib/money';
import { ConnectionType } from '../../lib/pagination';
import { Node } from '../../lib/node';
import { MAX_LINE_QUANTITY } from '../orders/entities';
import { MAX_ORDER_LINES } from '../orders/service';
import { OrderType } from '../orders/types';
import { PaymentErrorCode, paymentErrorCodeDescriptions } from './errors';
import { MAX_REASON_LENGTH } from './refunds';
import { MAX_RETURN_URL_LENGTH } from './return-url';

export enum PaymentStatusEnum {
  PENDING = 'PENDING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  REFUNDED = 'REFUNDED',
}
registerEnumType(PaymentStatusEnum, {
  name: 'PaymentStatus',
  description: 'Where a payment is.',
  valuesConfig: {
    PENDING: { description: 'Opened at the provider; the buyer has not paid yet (or the provider has not told us).' },
    SUCCEEDED: { description: 'Paid, and the order is paid by it.' },
    FAILED: { description: 'The provider reported the payment failed; nothing was taken. Pay again with a new payment.' },
    REFUNDED: {
      description: 'Paid, but the order could no longer take it (cancelled meanwhile, or paid by another payment): given back in full automatically.',
    },
  },
});

export enum RefundKindEnum {
  ORDER = 'ORDER',
  UNAPPLIED_PAYMENT = 'UNAPPLIED_PAYMENT',
}
registerEnumType(RefundKindEnum, {
  name: 'RefundKind',
  description: 'Why money went back.',
  valuesConfig: {
    ORDER: { description: 'A refund of a paid order, whole or in part (by an operator, or an approved after-sale request).' },
    UNAPPLIED_PAYMENT: { description: 'A payment that arrived when the order could no longer take it, returned in full automatically.' },
  },
});

export enum AfterSaleStatusEnum {
  OPEN = 'OPEN',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}
registerEnumType(AfterSaleStatusEnum, {
  name: 'AfterSaleStatus',
  description: 'Where an after-sale request is.',
  valuesConfig: {
    OPEN: { description: "Waiting for an operator's decision." },
    APPROVED: { description: 'Approved and refunded (see `refund`).' },
    REJECTED: { description: 'Rejected; `decisionReason` says why.' },
  },
});
registerEnumType(PaymentErrorCode, {
  name: 'PaymentErrorCode',
  description: 'Why a payment, refund or after-sale mutation was refused.',
  valuesConfig: paymentErrorCodeDescriptions,
});

@ObjectType('Payment', {
  description: 'An attempt to pay an order through a payment provider. An order may have several; at most one succeeds.',
  implements: Node,
})
export class PaymentType extends Node {
  @Field(() => PaymentStatusEnum, { description: 'Where the payment is.' })
  status: PaymentStatusEnum;

  @Field(() => Money, { description: "What the buyer pays: the order's total." })
  amount: Money;

  @Field(() => Money, { description: 'How much of it has been given back.' })
  refunded: Money;

  @Field({ description: 'The payment provider, e.g. "sandbox".' })
  provider: string;

  @Field(() => String, {
    nullable: true,
    description: "While PENDING: where the buyer pays, the provider's page (for the sandbox a path on this API: /sandbox/payments/<token>). Null once settled.",
  })
  redirectUrl: string | null;

  @Field(() => String, {
    nullable: true,
    description: "While PENDING: what an app hands to the provider's SDK instead of opening redirectUrl. Null once settled.",
  })
  token: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Where the provider's page sends the buyer back to when done (payOrder's returnUrl); null when none was given.",
  })
  returnUrl: string | null;

  @Field(() => GraphQLDateTimeISO, { description: 'When the payment was opened.' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When the provider confirmed the money was taken.' })
  succeededAt: Date | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When the provider reported the payment failed.' })
  failedAt: Date | null;
}

@ObjectType('RefundLine', { description: 'What a refund gave back of one order line.' })
export class RefundLineType {
  @Field(() => ID, { description: 'The order line (an `OrderLine.id`).' })
  orderLineId: string;

  @Field(() => Int, { description: 'Units refunded.' })
  quantity: number;

  @Field(() => Money, { description: 'Money refunded for them: their share of the line total, discounts included.' })
  amount: Money;

  @Field({ description: 'true when the goods had not shipped and the units went back into stock.' })
  restocked: boolean;
}

@ObjectType('Refund', { description: 'Money given back through the payment provider.', implements: Node })
export class RefundType extends Node {
  @Field(() => RefundKindEnum, { description: 'Why the money went back.' })
  kind: RefundKindEnum;

  @Field(() => Money, { description: 'All of it: the lines plus shipping.' })
  amount: Money;

  @Field(() => Money, { description: 'The part of the shipping fee given back (only a whole-order refund returns shipping).' })
  shipping: Money;

  @Field({ description: "Why, as given by the operator or the buyer's request, or said by the system." })
  reason: string;

  @Field(() => [RefundLineType], { description: 'What was refunded of each line; empty for UNAPPLIED_PAYMENT and for shipping alone.' })
  lines: RefundLineType[];

  @Field(() => ID, { description: 'The payment the money went back to (a `Payment.id`).' })
  paymentId: string;

  @Field({ description: "The provider's id of the refund, for reconciliation." })
  providerRefundId: string;

  @Field(() => GraphQLDateTimeISO, { description: 'When the provider accepted it.' })
  createdAt: Date;
}

@ObjectType('AfterSaleLine', { description: 'A line and quantity asked back in an after-sale request.' })
export class AfterSaleLineType {
  @Field(() => ID, { description: 'The order line (an `OrderLine.id`).' })
  orderLineId: string;

  @Field(() => Int, { description: 'Units asked back.' })
  quantity: number;
}

@ObjectType('AfterSaleRequest', { description: "A buyer's request for money back (售后), decided by an operator.", implements: Node })
export class AfterSaleRequestType extends Node {
  @Field(() => ID, { description: 'The order (an `Order.id`).' })
  orderId: string;

  @Field(() => AfterSaleStatusEnum, { description: 'Where the request is.' })
  status: AfterSaleStatusEnum;

  @Field(() => [AfterSaleLineType], { nullable: true, description: 'The lines and quantities asked back; null: the whole order.' })
  lines: AfterSaleLineType[] | null;

  @Field({ description: "The buyer's reason." })
  reason: string;

  @Field(() => String, { nullable: true, description: 'Why it was rejected.' })
  decisionReason: string | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When an operator decided.' })
  decidedAt: Date | null;

  @Field(() => ID, { nullable: true, description: 'The refund an approval made (a `Refund.id`).' })
  refundId: string | null;

  @Field(() => GraphQLDateTimeISO, { description: 'When the buyer asked.' })
  createdAt: Date;
}

export const AfterSaleRequestConnection = ConnectionType(AfterSaleRequestType, 'AfterSaleRequest', 'after-sale request');

@ObjectType({ description: 'A refused payment, refund or after-sale mutation.', implements: UserError })
export class PaymentUserError extends UserError {
  @Field(() => PaymentErrorCode, { description: 'What kind of failure this is.' })
  code: PaymentErrorCode;
}

@ObjectType({ description: 'Result of payOrder.' })
export class PaymentPayload {
  @Field(() => PaymentType, { nullable: true, description: 'The payment, with where to pay; null when refused.' })
  payment: PaymentType | null;

  @Field(() => [PaymentUserError], { description: 'Why it was refused (e.g. ORDER_NOT_PAYABLE); empty on success.' })
  userErrors: PaymentUserError[];
}

@ObjectType({ description: 'Result of a refund.' })
export class RefundPayload {
  @Field(() => RefundType, { nullable: true, description: 'The refund; null when refused.' })
  refund: RefundType | null;

  @Field(() => OrderType, { nullable: true, description: 'The order after the refund; null when refused.' })
  order: OrderType | null;

  @Field(() => [PaymentUserError], { description: 'Why it was refused (e.g. EXCEEDS_REFUNDABLE); empty on success.' })
  userErrors: PaymentUserError[];
}

@ObjectType({ description: 'Result of an after-sale mutation.' })
export class AfterSalePayload {
  @Field(() => AfterSaleRequestType, { nullable: true, description: 'The request as it is now; null when refused.' })
  afterSaleRequest: AfterSaleRequestType | null;

  @Field(() => [PaymentUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: PaymentUserError[];
}

/** The idempotency key rule of lib/idempotency: 8 to 128 letters, digits or ._:- characters. */
const IDEMPOTENCY_KEY = maxChars(
  128,
  'Idempotency key (at least 8 of letters, digits, ._:-): the same key with the same input returns the first answer instead of doing it again; with other input it is refused with IDEMPOTENCY_KEY_REUSED.',
);

@InputType({ description: 'The order to pay.' })
export class PayOrderInput {
  @Field(() => ID, { description: 'Your order, PENDING_PAYMENT.' })
  orderId: string;

  @Field(() => String, {
    nullable: true,
    ...maxChars(
      MAX_RETURN_URL_LENGTH,
      "Where the provider's page sends the buyer back to once they paid (or the payment failed): an absolute http(s) URL whose origin is one of the calling storefront app's allowed origins (RETURN_URL_NOT_ALLOWED otherwise; INVALID_RETURN_URL when it is no such URL). Coming back proves nothing: the order is PAID only once the provider confirms.",
    ),
  })
  returnUrl?: string | null;

  @Field(() => String, { nullable: true, ...IDEMPOTENCY_KEY })
  idempotencyKey?: string | null;
}

@InputType({ description: 'A line and how many of its units.' })
export class RefundLineInput {
  @Field(() => ID, { description: 'The order line (an `OrderLine.id`).' })
  orderLineId: string;

  @Field(() => Int, range(1, MAX_LINE_QUANTITY, 'Units (at most what is left unrefunded of the line).'))
  quantity: number;
}

@InputType({ description: 'What to refund: the whole order (lines omitted) or lines and quantities.' })
export class RefundOrderInput {
  @Field(() => ID, { description: 'The order: PAID, SHIPPED, RECEIVED or COMPLETED.' })
  orderId: string;

  @Field(() => [RefundLineInput], {
    nullable: true,
    ...maxItems(MAX_ORDER_LINES, 'Lines and quantities to refund; omitted: everything not yet refunded, shipping included.'),
  })
  lines?: RefundLineInput[] | null;

  @Field(maxChars(MAX_REASON_LENGTH, 'Why (at least 2 characters); the buyer may see it.'))
  reason: string;

  @Field(() => String, { nullable: true, ...IDEMPOTENCY_KEY })
  idempotencyKey?: string | null;
}

@InputType({ description: 'What to ask back: the whole order (lines omitted) or lines and quantities.' })
export class AfterSaleRequestInput {
  @Field(() => ID, { description: 'Your order: PAID, SHIPPED, or RECEIVED within the after-sale window.' })
  orderId: string;

  @Field(() => [RefundLineInput], { nullable: true, ...maxItems(MAX_ORDER_LINES, 'Lines and quantities; omitted: the whole order.') })
  lines?: RefundLineInput[] | null;

  @Field(maxChars(MAX_REASON_LENGTH, 'Why (at least 2 characters).'))
  reason: string;

  @Field(() => String, { nullable: true, ...IDEMPOTENCY_KEY })
  idempotencyKey?: string | null;
}

@InputType({ description: 'An after-sale request to approve.' })
export class ApproveAfterSaleInput {
  @Field(() => ID, { description: 'The request, OPEN.' })
  requestId: string;

  @Field(() => String, { nullable: true, ...IDEMPOTENCY_KEY })
  idempotencyKey?: string | null;
}

@InputType({ description: 'An after-sale request to reject.' })
export class RejectAfterSaleInput {
  @Field(() => ID, { description: 'The request, OPEN.' })
  requestId: string;

  @Field(maxChars(MAX_REASON_LENGTH, 'Why (at least 2 characters); the buyer sees it.'))
  reason: string;
}

@InputType({ description: 'Filters of the after-sale request list.' })
export class AfterSaleFilterInput {
  @Field(() => [AfterSaleStatusEnum], { nullable: true, ...maxItems(Object.keys(AfterSaleStatusEnum).length, 'Only requests in these statuses.') })
  statuses?: AfterSaleStatusEnum[] | null;
}

import { Check, Entity, Enum, Index, ManyToOne, OneToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { uuidv7 } from '../../lib/ids';
import type { Fen } from '../../lib/money';
import { Account } from '../accounts/entities';
import { Order, OrderLine } from '../orders/entities';

export enum PaymentStatus {
  /** Created at the provider; the buyer has not paid yet. */
  PENDING = 'pending',
  /** Paid, and the order took it (at most one per order). */
  SUCCEEDED = 'succeeded',
  /** The provider reported the payment failed; nothing was taken. */
  FAILED = 'failed',
  /** Paid, but the order could not take it (cancelled, or paid by another payment): given back in full. */
  REFUNDED = 'refunded',
}

/**
 * One attempt to pay an order through a provider. The status only moves by conditional updates
 * (see service.ts); the partial unique index lets at most one payment of an order succeed, and the
 * checks keep refunds within what the payment took.
 */
@Entity({ tableName: 'payment' })
@Unique({ name: 'payment_provider_payment', properties: ['provider', 'providerPaymentId'] })
@Index({
  name: 'payment_one_succeeded_per_order',
  expression: `create unique index "payment_one_succeeded_per_order" on "payment" ("order_id") where "status" = 'succeeded'`,
})
@Check({ name: 'payment_amounts', expression: 'amount > 0 and refunded_amount >= 0 and refunded_amount <= amount' })
@Check({ name: 'payment_succeeded_at', expression: `(status = 'succeeded' or status = 'refunded') = (succeeded_at is not null)` })
@Check({ name: 'payment_refunded_in_full', expression: `status <> 'refunded' or refunded_amount = amount` })
export class Payment {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Order, { index: true, deleteRule: 'restrict' })
  order: Order;

  /** The provider's name, e.g. "sandbox". */
  @Property({ type: 'text' })
  provider: string;

  @Property({ type: 'text' })
  providerPaymentId: string;

  /** What the buyer pays: the order's total when the payment was created. */
  @Property({ type: 'integer' })
  amount: Fen;

  /** How much of it has been given back, whatever the reason. */
  @Property({ type: 'integer', default: 0 })
  refundedAmount: Fen = 0;

  @Enum({ items: () => PaymentStatus, nativeEnumName: 'payment_status', default: PaymentStatus.PENDING })
  status: PaymentStatus = PaymentStatus.PENDING;

  /** Where the buyer goes to pay (the provider's page). */
  @Property({ type: 'text' })
  redirectUrl: string;

  /** What an app hands to the provider's SDK instead of opening the page. */
  @Property({ type: 'text' })
  token: string;

  /** Where the provider's page sends the buyer back to (payOrder's returnUrl, an origin the storefront app allows); null: nowhere. */
  @Property({ type: 'text', nullable: true })
  returnUrl: string | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  succeededAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  failedAt: Date | null = null;
}

export enum RefundKind {
  /** Money of a paid order given back (operator, or an approved after-sale request): counts in the order's refunded total. */
  ORDER = 'order',
  /** A payment the order could not take, given back in full automatically: not part of the order's money. */
  UNAPPLIED_PAYMENT = 'unapplied_payment',
}

/**
 * Money given back through the provider. `sequence` numbers the refunds of an order (unique), and
 * the provider's idempotency key is derived from it: a refund retried after our commit failed asks
 * the provider with the same key and cannot pay out twice.
 */
@Entity({ tableName: 'refund' })
@Unique({ name: 'refund_order_sequence', properties: ['order', 'sequence'] })
@Check({ name: 'refund_amounts', expression: 'amount > 0 and shipping_amount >= 0 and shipping_amount <= amount and sequence >= 1' })
@Check({ name: 'refund_reason_length', expression: 'length(reason) >= 1 and length(reason) <= 200' })
export class Refund {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** Covered by refund_order_sequence, whose first column it is. */
  @ManyToOne(() => Order, { deleteRule: 'restrict' })
  order: Order;

  @ManyToOne(() => Payment, { index: true, deleteRule: 'restrict' })
  payment: Payment;

  @Property({ type: 'integer' })
  sequence: number;

  @Enum({ items: () => RefundKind, nativeEnumName: 'refund_kind' })
  kind: RefundKind;

  /** The whole refund: its lines' amounts plus `shippingAmount`. */
  @Property({ type: 'integer' })
  amount: Fen;

  /** The part of the shipping fee given back (only a whole-order refund returns shipping). */
  @Property({ type: 'integer', default: 0 })
  shippingAmount: Fen = 0;

  @Property({ type: 'text' })
  reason: string;

  @Property({ type: 'text', unique: true })
  providerRefundId: string;

  /** The operator who refunded; null when the refund was automatic. */
  @ManyToOne(() => Account, { nullable: true, index: true, deleteRule: 'set null' })
  operator: Account | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

/** How much of one order line a refund gave back, and whether its stock went back to the shelf. */
@Entity({ tableName: 'refund_line' })
@Unique({ name: 'refund_line_once', properties: ['refund', 'orderLine'] })
@Check({ name: 'refund_line_amounts', expression: 'quantity > 0 and amount >= 0' })
export class RefundLine {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** Covered by refund_line_once, whose first column it is. */
  @ManyToOne(() => Refund, { deleteRule: 'cascade' })
  refund: Refund;

  @ManyToOne(() => OrderLine, { index: true, deleteRule: 'restrict' })
  orderLine: OrderLine;

  @Property({ type: 'integer' })
  quantity: number;

  @Property({ type: 'integer' })
  amount: Fen;

  /** The goods had not shipped, so the quantity went back into stock. */
  @Property({ type: 'boolean' })
  restocked: boolean;
}

export enum AfterSaleStatus {
  OPEN = 'open',
  APPROVED = 'approved',
  REJECTED = 'rejected',
}

/** What a buyer asks back: lines and quantities, or null for the whole order. */
export interface AfterSaleLine {
  orderLineId: string;
  quantity: number;
}

/**
 * A buyer's after-sale (refund) request. An operator approves it (which refunds, in the same
 * transaction) or rejects it with a reason; an order has at most one open request at a time.
 */
@Entity({ tableName: 'after_sale_request' })
@Index({
  name: 'after_sale_one_open_per_order',
  expression: `create unique index "after_sale_one_open_per_order" on "after_sale_request" ("order_id") where "status" = 'open'`,
})
@Index({ name: 'after_sale_status_created', properties: ['status', 'createdAt', 'id'] })
@Index({ name: 'after_sale_created', properties: ['createdAt', 'id'] })
@Check({ name: 'after_sale_reason_length', expression: 'length(reason) >= 2 and length(reason) <= 200' })
@Check({ name: 'after_sale_decided', expression: `(status = 'open') = (decided_at is null)` })
@Check({ name: 'after_sale_rejected_has_reason', expression: `status <> 'rejected' or decision_reason is not null` })
@Check({ name: 'after_sale_approved_has_refund', expression: `status <> 'approved' or refund_id is not null` })
export class AfterSaleRequest {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Order, { index: true, deleteRule: 'restrict' })
  order: Order;

  @Enum({ items: () => AfterSaleStatus, nativeEnumName: 'after_sale_status', default: AfterSaleStatus.OPEN })
  status: AfterSaleStatus = AfterSaleStatus.OPEN;

  /** The lines and quantities asked back; null: the whole order. */
  @Property({ type: 'jsonb', nullable: true })
  lines: AfterSaleLine[] | null = null;

  @Property({ type: 'text' })
  reason: string;

  @Property({ type: 'text', nullable: true })
  decisionReason: string | null = null;

  @ManyToOne(() => Account, { nullable: true, index: true, deleteRule: 'set null' })
  decidedBy: Account | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null = null;

  /** The refund an approval made. */
  @OneToOne(() => Refund, { nullable: true, owner: true, unique: true, deleteRule: 'restrict' })
  refund: Refund | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

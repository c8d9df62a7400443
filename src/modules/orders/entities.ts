import { randomUUID } from 'node:crypto';
import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { uuidv7 } from '../../lib/ids';
import type { Fen } from '../../lib/money';
import { Account } from '../accounts/entities';
import { Sku, type SpecValue } from '../catalog/entities';
import { StorefrontApp } from '../storefronts/entities';
import type { Adjustment } from '../../lib/pricing/step';

/**
 * A cart belongs to a storefront app and, once signed in, to a customer (one per customer and app).
 * Guest carts have no customer: their random id is the only way to reach them, so it is a random
 * UUID (v4), never a time-ordered one.
 */
@Entity({ tableName: 'cart' })
@Index({
  name: 'cart_customer_channel',
  expression: 'create unique index "cart_customer_channel" on "cart" ("customer_id", "storefront_app_id") where "customer_id" is not null',
})
export class Cart {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => StorefrontApp, { index: true, deleteRule: 'cascade' })
  storefrontApp: StorefrontApp;

  @ManyToOne(() => Account, { nullable: true, index: true, deleteRule: 'cascade' })
  customer: Account | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Index()
  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

export const MAX_LINE_QUANTITY = 999;

@Entity({ tableName: 'cart_line' })
@Unique({ name: 'cart_line_sku', properties: ['cart', 'sku'] })
@Check({ name: 'cart_line_quantity', expression: 'quantity >= 1 and quantity <= 999' })
export class CartLine {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Cart, { index: true, deleteRule: 'cascade' })
  cart: Cart;

  @ManyToOne(() => Sku, { index: true, deleteRule: 'cascade' })
  sku: Sku;

  @Property({ type: 'integer' })
  quantity: number;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

export enum OrderStatus {
  PENDING_PAYMENT = 'pending_payment',
  PAID = 'paid',
  SHIPPED = 'shipped',
  RECEIVED = 'received',
  COMPLETED = 'completed',
  CANCELLED = 'cancelled',
}

/**
 * An order with its frozen price breakdown. The money columns always agree (check constraints):
 * total = subtotal − discount_total + shipping_fee, and refunds never exceed the total.
 * Status changes are conditional updates on the expected current status (see lifecycle.ts).
 */
@Entity({ tableName: 'customer_order' })
@Check({ name: 'order_total_adds_up', expression: 'total = subtotal - discount_total + shipping_fee' })
@Check({ name: 'order_amounts_non_negative', expression: 'subtotal >= 0 and discount_total >= 0 and shipping_fee >= 0 and total >= 0' })
@Check({ name: 'order_refund_within_total', expression: 'refunded_total >= 0 and refunded_total <= total' })
@Index({ name: 'order_customer_placed', properties: ['customer', 'placedAt', 'id'] })
@Index({ name: 'order_placed', properties: ['placedAt', 'id'] })
// Team sales sum paid orders by customer and period: an index-only read with the amounts included.
@Index({
  name: 'order_customer_paid',
  expression:
    'create index "order_customer_paid" on "customer_order" ("customer_id", "paid_at") include ("total", "refunded_total") where "paid_at" is not null',
})
@Index({ name: 'order_unpaid_due', expression: `create index "order_unpaid_due" on "customer_order" ("payment_due_at") where "status" = 'pending_payment'` })
export class Order {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** Human-readable order number, e.g. for customer service. */
  @Property({ type: 'text', unique: true })
  number: string;

  @ManyToOne(() => Account, { deleteRule: 'restrict' })
  customer: Account;

  /**
   * The sales channel the order was placed through. No foreign key: every order of an app would
   * share-lock the app's one row (a multixact on the hottest row of the database, written at each
   * checkout); apps are never deleted, only disabled, and the checkout writes the id of the app
   * it has just resolved from the caller's key.
   */
  @ManyToOne(() => StorefrontApp, { index: true, createForeignKeyConstraint: false })
  storefrontApp: StorefrontApp;

  @Enum({ items: () => OrderStatus, nativeEnumName: 'order_status', default: OrderStatus.PENDING_PAYMENT })
  @Index()
  status: OrderStatus = OrderStatus.PENDING_PAYMENT;

  @Property({ type: 'integer' })
  subtotal: Fen;

  @Property({ type: 'integer', default: 0 })
  discountTotal: Fen = 0;

  @Property({ type: 'integer', default: 0 })
  shippingFee: Fen = 0;

  @Property({ type: 'integer' })
  total: Fen;

  @Property({ type: 'integer', default: 0 })
  refundedTotal: Fen = 0;

  /** The named lines of the breakdown (discounts negative, charges positive), frozen at checkout. */
  @Property({ type: 'jsonb' })
  adjustments: Adjustment[];

  @Property({ type: 'text' })
  shipName: string;

  @Property({ type: 'text' })
  shipPhone: string;

  @Property({ type: 'text' })
  shipRegion: string;

  @Property({ type: 'text' })
  shipDetail: string;

  @Property({ type: 'timestamptz' })
  placedAt: Date = new Date();

  /** Unpaid orders are cancelled at this time and their stock returned. */
  @Property({ type: 'timestamptz' })
  paymentDueAt: Date;

  @Property({ type: 'timestamptz', nullable: true })
  paidAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  shippedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  carrier: string | null = null;

  @Property({ type: 'text', nullable: true })
  trackingNumber: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  receivedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  completedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  cancelReason: string | null = null;

  /** Paid but not to be shipped yet: a group-buy order until its session succeeds. */
  @Property({ type: 'boolean', default: false })
  fulfilmentHold: boolean = false;

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

/** A line of an order, with what was bought copied in: later catalog edits do not change it. */
@Entity({ tableName: 'order_line' })
@Check({
  name: 'order_line_amounts',
  expression: 'quantity > 0 and unit_price >= 0 and discount >= 0 and total = unit_price * quantity - discount and total >= 0',
})
@Check({ name: 'order_line_list_price', expression: 'list_price is null or list_price >= 0' })
@Check({
  name: 'order_line_refund_within',
  expression: 'refunded_quantity >= 0 and refunded_quantity <= quantity and refunded_amount >= 0 and refunded_amount <= total',
})
export class OrderLine {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Order, { index: true, deleteRule: 'cascade' })
  order: Order;

  @ManyToOne(() => Sku, { index: true, deleteRule: 'restrict' })
  sku: Sku;

  @Property({ type: 'uuid', index: true })
  productId: string;

  @Property({ type: 'text' })
  productName: string;

  @Property({ type: 'text' })
  skuCode: string;

  @Property({ type: 'jsonb' })
  specs: SpecValue[];

  @Property({ type: 'integer' })
  unitPrice: Fen;

  /**
   * The SKU's base (retail) unit price at checkout, before member, shop or activity prices: what
   * a shop price is compared with for the shop owner's margin. Null on lines from before it was kept.
   */
  @Property({ type: 'integer', nullable: true })
  listPrice: Fen | null = null;

  /** Why the unit price is what it is: RETAIL, MEMBER_PRICE, later promotion prices. */
  @Property({ type: 'text' })
  priceReason: string;

  @Property({ type: 'integer' })
  quantity: number;

  /** This line's share of order-level discounts. */
  @Property({ type: 'integer', default: 0 })
  discount: Fen = 0;

  @Property({ type: 'integer' })
  total: Fen;

  @Property({ type: 'integer', default: 0 })
  refundedQuantity: number = 0;

  @Property({ type: 'integer', default: 0 })
  refundedAmount: Fen = 0;

  /**
   * Whether the line's units were taken from the SKU's stock (and go back to it when the unpaid order
   * is cancelled). False for a line whose stock a sale channel had carved out before (a live
   * session's quota): that channel takes and gives back its own units (its `cancelled` order hook).
   */
  @Property({ type: 'boolean', default: true })
  stockFromSku: boolean = true;
}

/**
 * The outbox: each order change writes its event in the same transaction as the change. The
 * dispatcher (events.ts) delivers them to in-process subscribers at least once, in id order per order.
 */
@Entity({ tableName: 'order_event' })
@Index({ name: 'order_event_undelivered', expression: 'create index "order_event_undelivered" on "order_event" ("id") where "delivered_at" is null' })
export class OrderEvent {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id: string;

  @ManyToOne(() => Order, { index: true, deleteRule: 'cascade' })
  order: Order;

  @Property({ type: 'text' })
  type: string;

  @Property({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null = null;

  @Property({ type: 'integer', default: 0 })
  attempts: number = 0;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;
}

/** Operator settings of the order flow: one row (id = 1). */
@Entity({ tableName: 'order_settings' })
@Check({ name: 'order_settings_single_row', expression: 'id = 1' })
@Check({
  name: 'order_settings_valid',
  expression:
    'shipping_flat_fee >= 0 and (free_shipping_threshold is null or free_shipping_threshold >= 0) and unpaid_timeout_minutes > 0 and auto_receive_days > 0 and after_sale_days >= 0',
})
export class OrderSettings {
  @PrimaryKey({ type: 'integer', autoincrement: false })
  id: number = 1;

  @Property({ type: 'integer', default: 1000 })
  shippingFlatFee: Fen = 1000;

  @Property({ type: 'integer', nullable: true, default: 9900 })
  freeShippingThreshold: Fen | null = 9900;

  @Property({ type: 'integer', default: 30 })
  unpaidTimeoutMinutes: number = 30;

  @Property({ type: 'integer', default: 10 })
  autoReceiveDays: number = 10;

  @Property({ type: 'integer', default: 7 })
  afterSaleDays: number = 7;

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

import { Check, Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7 } from '../../lib/ids';
import type { Fen } from '../../lib/money';
import { Account } from '../accounts/entities';
import { Sku } from '../catalog/entities';

/**
 * A daily flash-sale time slot (e.g. 10:00–12:00 every day, in the operator's time zone), in
 * minutes after local midnight. Slots never overlap: an exclusion constraint over their ranges.
 */
@Entity({ tableName: 'flash_slot' })
@Check({ name: 'flash_slot_times', expression: 'start_minute >= 0 and start_minute < end_minute and end_minute <= 1440' })
@Index({
  name: 'flash_slot_no_overlap',
  expression: 'alter table "flash_slot" add constraint "flash_slot_no_overlap" exclude using gist (int4range("start_minute", "end_minute") with &&)',
})
export class FlashSlot {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'text' })
  name: string;

  @Property({ type: 'integer' })
  startMinute: number;

  @Property({ type: 'integer' })
  endMinute: number;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

/**
 * A flash sale of one SKU in a slot, on the days from starts_at to ends_at: its own price and its
 * own stock. `flash_stock` (what is left) only falls by a conditional decrement and a check holds it
 * at zero or more, so many buyers for few units get exactly that many. One running campaign per SKU
 * (a partial unique index).
 */
@Entity({ tableName: 'flash_sale' })
@Check({ name: 'flash_sale_amounts', expression: 'flash_price >= 1 and flash_stock >= 0 and sold >= 0 and per_customer_limit >= 1' })
@Check({ name: 'flash_sale_window', expression: 'ends_at > starts_at' })
@Index({ name: 'flash_sale_one_per_sku', expression: 'create unique index "flash_sale_one_per_sku" on "flash_sale" ("sku_id") where "ended_at" is null' })
@Index({ name: 'flash_sale_window_index', properties: ['startsAt', 'endsAt'] })
export class FlashSale {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => FlashSlot, { index: true, deleteRule: 'restrict' })
  slot: FlashSlot;

  @ManyToOne(() => Sku, { index: true, deleteRule: 'cascade' })
  sku: Sku;

  @Property({ type: 'integer' })
  flashPrice: Fen;

  /** Units left at the flash price. */
  @Property({ type: 'integer' })
  flashStock: number;

  /** Units sold (taken by orders not cancelled). */
  @Property({ type: 'integer', default: 0 })
  sold: number = 0;

  @Property({ type: 'integer', default: 1 })
  perCustomerLimit: number = 1;

  @Property({ type: 'timestamptz' })
  startsAt: Date;

  @Property({ type: 'timestamptz' })
  endsAt: Date;

  @Property({ type: 'timestamptz', nullable: true })
  endedAt: Date | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

/** Units of a flash sale a customer holds in orders not cancelled; grows only by an upsert refused past the limit. */
@Entity({ tableName: 'flash_sale_customer' })
@Check({ name: 'flash_sale_customer_bought', expression: 'bought >= 0' })
export class FlashSaleCustomer {
  @ManyToOne(() => FlashSale, { primary: true, deleteRule: 'cascade' })
  flashSale: FlashSale;

  @ManyToOne(() => Account, { primary: true, index: true, deleteRule: 'cascade' })
  account: Account;

  @Property({ type: 'integer' })
  bought: number;
}

/** Flash stock an order took; given back once (returned_at) when the unpaid order is cancelled. */
@Entity({ tableName: 'flash_sale_purchase' })
@Check({ name: 'flash_sale_purchase_quantity', expression: 'quantity >= 1' })
export class FlashSalePurchase {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => FlashSale, { index: true, deleteRule: 'cascade' })
  flashSale: FlashSale;

  @ManyToOne(() => Account, { index: true, deleteRule: 'cascade' })
  customer: Account;

  @Index()
  @Property({ type: 'uuid' })
  orderId: string;

  @Property({ type: 'integer' })
  quantity: number;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  returnedAt: Date | null = null;
}

/**
 * A limited-time discount (限时折扣) on one SKU: a percentage (basis points) or an amount off each
 * unit's retail price, from starts_at to ends_at. One not ended per SKU (a partial unique index).
 */
@Entity({ tableName: 'discount' })
@Check({
  name: 'discount_amount',
  expression:
    '(percent_off_bp is not null and percent_off_bp >= 1 and percent_off_bp <= 9999 and amount_off is null) or (amount_off is not null and amount_off >= 1 and percent_off_bp is null)',
})
@Check({ name: 'discount_window', expression: 'ends_at > starts_at' })
@Index({ name: 'discount_one_per_sku', expression: 'create unique index "discount_one_per_sku" on "discount" ("sku_id") where "ended_at" is null' })
export class Discount {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'text' })
  name: string;

  @ManyToOne(() => Sku, { index: true, deleteRule: 'cascade' })
  sku: Sku;

  @Property({ type: 'integer', nullable: true })
  percentOffBp: number | null = null;

  @Property({ type: 'integer', nullable: true })
  amountOff: Fen | null = null;

  @Property({ type: 'timestamptz' })
  startsAt: Date;

  @Property({ type: 'timestamptz' })
  endsAt: Date;

  @Property({ type: 'timestamptz', nullable: true })
  endedAt: Date | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

/** A full-reduction campaign (满减 / 满送): tiers by amount or item count, each with an amount off, free shipping and/or a gift coupon. */
@Entity({ tableName: 'full_reduction' })
@Check({ name: 'full_reduction_basis', expression: "basis = 'amount' or basis = 'count'" })
@Check({ name: 'full_reduction_window', expression: 'ends_at > starts_at' })
@Index({ name: 'full_reduction_running', properties: ['endedAt', 'startsAt', 'endsAt'] })
export class FullReduction {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'text' })
  name: string;

  @Property({ type: 'text' })
  basis: 'amount' | 'count';

  /** [{ threshold, amountOff, freeShipping, giftTemplateId }], thresholds ascending. */
  @Property({ type: 'jsonb' })
  tiers: { threshold: number; amountOff: number; freeShipping: boolean; giftTemplateId: string | null }[];

  @Property({ type: 'timestamptz' })
  startsAt: Date;

  @Property({ type: 'timestamptz' })
  endsAt: Date;

  @Property({ type: 'timestamptz', nullable: true })
  endedAt: Date | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

/** The full-reduction tier an order got, and its gift coupon: issued once on payment, taken back once on cancel or full refund. */
@Entity({ tableName: 'full_reduction_order' })
export class FullReductionOrder {
  @PrimaryKey({ type: 'uuid' })
  orderId: string;

  @ManyToOne(() => FullReduction, { index: true, deleteRule: 'cascade' })
  fullReduction: FullReduction;

  @Property({ type: 'integer' })
  amountOff: Fen;

  @Property({ type: 'uuid', nullable: true })
  giftTemplateId: string | null = null;

  @Index()
  @Property({ type: 'uuid', nullable: true })
  giftCouponId: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  giftTakenBackAt: Date | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

/** A new-customer price (新人特价) on one SKU, for one unit on a customer's first order. One not ended per SKU. */
@Entity({ tableName: 'new_customer_price' })
@Check({ name: 'new_customer_price_positive', expression: 'price >= 1' })
@Index({
  name: 'new_customer_price_one_per_sku',
  expression: 'create unique index "new_customer_price_one_per_sku" on "new_customer_price" ("sku_id") where "ended_at" is null',
})
export class NewCustomerPrice {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Sku, { index: true, deleteRule: 'cascade' })
  sku: Sku;

  @Property({ type: 'integer' })
  price: Fen;

  @Property({ type: 'timestamptz', nullable: true })
  endedAt: Date | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

/**
 * A customer's first order got new-customer prices: one row per customer (the primary key), so of
 * two first orders placed at once only one gets them. Deleted when that order is cancelled.
 */
@Entity({ tableName: 'new_customer_redemption' })
export class NewCustomerRedemption {
  @ManyToOne(() => Account, { primary: true, deleteRule: 'cascade' })
  account: Account;

  @Property({ type: 'uuid', unique: true })
  orderId: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

/**
 * A line an order bought at a limited-time discount or a new-customer price: the campaign's result
 * (orders, sales), written with the order in checkout. One row per order and SKU.
 */
@Entity({ tableName: 'price_campaign_order' })
@Check({ name: 'price_campaign_order_kind', expression: "kind = 'discount' or kind = 'new_customer_price'" })
@Check({ name: 'price_campaign_order_amounts', expression: 'quantity >= 1 and amount_off >= 0 and sales >= 0' })
@Index({ name: 'price_campaign_order_campaign', properties: ['campaignId', 'kind'] })
export class PriceCampaignOrder {
  @PrimaryKey({ type: 'uuid' })
  orderId: string;

  @PrimaryKey({ type: 'uuid' })
  skuId: string;

  /** 'discount' (campaignId is a discount's) or 'new_customer_price'. */
  @Property({ type: 'text' })
  kind: string;

  @Property({ type: 'uuid' })
  campaignId: string;

  @Property({ type: 'integer' })
  quantity: number;

  /** What the campaign took off the line. */
  @Property({ type: 'integer' })
  amountOff: Fen;

  /** What the line sold for (before order-level reductions and coupons). */
  @Property({ type: 'integer' })
  sales: Fen;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

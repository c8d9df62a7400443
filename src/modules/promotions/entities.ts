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
@Index({ name: 'flash_slot_no_overlap', expression: 'alter table "flash_slot" add constraint "flash_slot_no_overlap" exclude using gist (int4range("start_minute", "end_minute") with &&)' })
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

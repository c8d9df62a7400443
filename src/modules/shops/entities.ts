import { Check, Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7 } from '../../lib/ids';
import type { Fen } from '../../lib/money';
import { Account } from '../accounts/entities';
import { Product } from '../catalog/entities';

/** A member's micro-shop (微店): one per member; the platform fulfils, the shop holds no stock. */
@Entity({ tableName: 'shop' })
export class Shop {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Account, { unique: true, deleteRule: 'cascade' })
  owner: Account;

  @Property({ type: 'text', unique: true })
  slug: string;

  @Property({ type: 'text' })
  name: string;

  @Property({ type: 'text', nullable: true })
  avatarUrl: string | null = null;

  @Property({ type: 'text', default: '' })
  intro: string = '';

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

/**
 * A platform product in a shop's selection, with the member's optional shop price. The price
 * must be inside the product's price-control band when set; when the operator later narrows the
 * band, an out-of-band shop price stops applying (checked at read and at pricing time).
 */
@Entity({ tableName: 'shop_product' })
@Check({ name: 'shop_product_price', expression: 'shop_price is null or shop_price > 0' })
@Index({ name: 'shop_product_order', properties: ['shop', 'position'] })
export class ShopProduct {
  @ManyToOne(() => Shop, { primary: true, deleteRule: 'cascade' })
  shop: Shop;

  @ManyToOne(() => Product, { primary: true, index: true, deleteRule: 'cascade' })
  product: Product;

  @Property({ type: 'integer', default: 0 })
  position: number = 0;

  @Property({ type: 'integer', nullable: true })
  shopPrice: Fen | null = null;

  @Property({ type: 'timestamptz' })
  addedAt: Date = new Date();
}

/** Visits recorded by storefronts, counted per shop and day (upserted, one row a day). */
@Entity({ tableName: 'shop_visit_day' })
@Check({ name: 'shop_visit_count', expression: 'visits >= 0' })
export class ShopVisitDay {
  @ManyToOne(() => Shop, { primary: true, deleteRule: 'cascade' })
  shop: Shop;

  @PrimaryKey({ type: 'date' })
  day: string;

  @Property({ type: 'integer', default: 0 })
  visits: number = 0;
}

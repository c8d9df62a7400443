import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7 } from '../../lib/ids';
import type { Fen } from '../../lib/money';

/**
 * Categories form a tree. `path` is the materialized path of ids from the root ("/a/b/c/"), so
 * "this category and every descendant" is one indexed prefix match.
 */
@Entity({ tableName: 'category' })
@Index({ name: 'category_path_prefix', expression: 'create index "category_path_prefix" on "category" ("path" text_pattern_ops)' })
export class Category {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Category, { nullable: true, index: true, deleteRule: 'restrict' })
  parent: Category | null = null;

  @Property({ type: 'text' })
  name: string;

  @Property({ type: 'text', unique: true })
  slug: string;

  @Property({ type: 'text' })
  path: string;

  /** Order among siblings, smallest first. */
  @Property({ type: 'integer', default: 0 })
  position: number = 0;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

/** What the operator decided; the status clients see also depends on the sale start time. */
export enum Publication {
  DRAFT = 'draft',
  PUBLISHED = 'published',
  UNPUBLISHED = 'unpublished',
}

/**
 * A product (SPU). min/max prices are kept in step with its SKUs in the same transaction as
 * any SKU change, so listings sort and filter on indexed columns of this one table.
 */
@Entity({ tableName: 'product' })
@Check({ name: 'product_price_band', expression: 'price_floor is null or price_ceiling is null or price_floor <= price_ceiling' })
@Check({ name: 'product_price_band_non_negative', expression: '(price_floor is null or price_floor >= 0) and (price_ceiling is null or price_ceiling >= 0)' })
@Index({ name: 'product_newest', properties: ['createdAt', 'id'] })
@Index({ name: 'product_price', properties: ['minPrice', 'id'] })
@Index({ name: 'product_sales', properties: ['salesCount', 'id'] })
@Index({ name: 'product_tags', expression: 'create index "product_tags" on "product" using gin ("tags")' })
@Index({
  name: 'product_search',
  expression: `create index "product_search" on "product" using gin (("name" || ' ' || "description") gin_trgm_ops)`,
})
export class Product {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'text', unique: true })
  slug: string;

  @Property({ type: 'text' })
  name: string;

  @Property({ type: 'text', default: '' })
  description: string = '';

  @ManyToOne(() => Category, { index: true, deleteRule: 'restrict' })
  category: Category;

  @Property({ type: 'text[]', default: '{}' })
  tags: string[] = [];

  @Enum({ items: () => Publication, nativeEnumName: 'product_publication', default: Publication.DRAFT })
  publication: Publication = Publication.DRAFT;

  /** When the product becomes buyable; before it, a published product is a preview (商品预告). */
  @Property({ type: 'timestamptz', nullable: true })
  saleStartsAt: Date | null = null;

  /** Price-control band (控价) for member shop prices, in fen; null = no bound on that side. */
  @Property({ type: 'integer', nullable: true })
  priceFloor: Fen | null = null;

  @Property({ type: 'integer', nullable: true })
  priceCeiling: Fen | null = null;

  @Property({ type: 'integer', default: 0 })
  minPrice: Fen = 0;

  @Property({ type: 'integer', default: 0 })
  maxPrice: Fen = 0;

  /** Units sold, kept by the orders module; drives the "best selling" sort. */
  @Property({ type: 'integer', default: 0 })
  salesCount: number = 0;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

@Entity({ tableName: 'product_image' })
export class ProductImage {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Product, { index: true, deleteRule: 'cascade' })
  product: Product;

  @Property({ type: 'text' })
  url: string;

  @Property({ type: 'text', default: '' })
  altText: string = '';

  @Property({ type: 'integer', default: 0 })
  position: number = 0;
}

export interface SpecValue {
  name: string;
  value: string;
}

/** A SKU: one buyable combination of spec values, with its own prices and stock. */
@Entity({ tableName: 'sku' })
@Check({ name: 'sku_stock_non_negative', expression: 'stock >= 0' })
@Check({ name: 'sku_price_non_negative', expression: 'price >= 0' })
@Check({ name: 'sku_member_price_valid', expression: 'member_price is null or (member_price >= 0 and member_price <= price)' })
export class Sku {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Product, { index: true, deleteRule: 'cascade' })
  product: Product;

  /** The merchant's SKU code, unique over the catalog. */
  @Property({ type: 'text', unique: true })
  code: string;

  @Property({ type: 'jsonb' })
  specs: SpecValue[];

  @Property({ type: 'integer' })
  price: Fen;

  @Property({ type: 'integer', nullable: true })
  memberPrice: Fen | null = null;

  @Property({ type: 'integer', default: 0 })
  stock: number = 0;

  @Property({ type: 'integer', default: 0 })
  position: number = 0;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

/** Append-only record of every stock change: who, how much, why, and what was left. */
@Entity({ tableName: 'stock_movement' })
@Check({ name: 'stock_movement_non_zero', expression: 'delta <> 0' })
export class StockMovement {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Sku, { index: true, deleteRule: 'cascade' })
  sku: Sku;

  @Property({ type: 'integer' })
  delta: number;

  @Property({ type: 'integer' })
  stockAfter: number;

  @Property({ type: 'text' })
  reason: string;

  /** The operator who made the change; null for changes made by the system. */
  @Property({ type: 'uuid', nullable: true, index: true })
  actorId: string | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { UserError } from '../../lib/errors';
import { DecimalScalar, Money, MoneyRange, type Fen } from '../../lib/money';
import { ConnectionType } from '../../lib/pagination';
import { Node } from '../../lib/node';
import { ProductSort, type CategoryRow, type ImageRow, type SkuRow } from './reads';
import { maxChars, maxItems, range } from '../../lib/bounds';
import {
  CatalogErrorCode,
  MAX_ALT_TEXT_LENGTH,
  MAX_DESCRIPTION_LENGTH,
  MAX_IMAGES_PER_PRODUCT,
  MAX_IMAGE_URL_LENGTH,
  MAX_NAME_LENGTH,
  MAX_POSITION,
  MAX_REASON_LENGTH,
  MAX_SEARCH_LENGTH,
  MAX_SKU_CODE_LENGTH,
  MAX_SKUS_PER_PRODUCT,
  MAX_SLUG_LENGTH,
  MAX_SPEC_NAME_LENGTH,
  MAX_SPEC_VALUE_LENGTH,
  MAX_SPECS,
  MAX_STOCK,
  MAX_TAG_LENGTH,
  MAX_TAGS,
  ProductStatus,
  catalogErrorCodeDescriptions,
} from './rules';

/** The idempotency key rule of lib/idempotency: 8 to 128 letters, digits or ._:- characters. */
const MAX_IDEMPOTENCY_KEY_LENGTH = 128;

registerEnumType(ProductStatus, {
  name: 'ProductStatus',
  description: 'Where a product is in its life.',
  valuesConfig: {
    DRAFT: { description: 'Being prepared by an operator; only operators see it.' },
    PREVIEW: { description: 'Published with a sale start time in the future (商品预告): visible, not buyable yet.' },
    ON_SALE: { description: 'Visible and buyable.' },
    OFF_SALE: { description: 'Taken off sale: reachable by id or slug (old share links), not listed, not buyable.' },
  },
});
registerEnumType(ProductSort, {
  name: 'ProductSort',
  description: 'Orders of a product listing.',
  valuesConfig: {
    NEWEST: { description: 'Most recently created first.' },
    PRICE_ASC: { description: 'Lowest starting price first.' },
    PRICE_DESC: { description: 'Highest starting price first.' },
    BEST_SELLING: { description: 'Most units sold first.' },
  },
});
registerEnumType(CatalogErrorCode, {
  name: 'CatalogErrorCode',
  description: 'Why a catalog mutation was refused.',
  valuesConfig: catalogErrorCodeDescriptions,
});

@ObjectType({ description: 'One spec value of a SKU, e.g. colour = red.' })
export class SpecValue {
  @Field({ description: 'The spec, e.g. "颜色" or "size".' })
  name: string;

  @Field({ description: 'Its value for this SKU, e.g. "红色" or "XL".' })
  value: string;
}

@ObjectType({ description: 'A product category; categories form a tree.', implements: Node })
export class Category extends Node {
  dbId: string;
  parentDbId: string | null;
  path: string;

  @Field({ description: 'Display name.' })
  name: string;

  @Field({ description: 'URL-friendly unique name.' })
  slug: string;

  @Field(() => Int, { description: 'Order among its siblings, smallest first.' })
  position: number;
}

@ObjectType({ description: 'A product image.' })
export class ProductImage {
  @Field({ description: 'https:// URL of the image.' })
  url: string;

  @Field({ description: 'Text describing the image, for accessibility; may be empty.' })
  altText: string;
}

@ObjectType({ description: 'The price-control band (控价) inside which member shops may set their own price. Either side may be open.' })
export class PriceControlBand {
  @Field(() => Money, { nullable: true, description: 'Lowest allowed shop price; null = no floor.' })
  floor: Money | null;

  @Field(() => Money, { nullable: true, description: 'Highest allowed shop price; null = no ceiling.' })
  ceiling: Money | null;
}

@ObjectType({ description: 'A product (SPU): what a shopper sees as one item, sold as one of its SKUs.', implements: Node })
export class Product extends Node {
  dbId: string;
  /** Present when the product came from a read that carried its relations (one-statement pages). */
  loaded?: { skus: SkuRow[]; images: ImageRow[]; category: CategoryRow | null };
  categoryDbId: string;
  priceFloor: Fen | null;
  priceCeiling: Fen | null;

  @Field({ description: 'URL-friendly unique name, usable with `product(slug:)`.' })
  slug: string;

  @Field({ description: 'Display name.' })
  name: string;

  @Field({ description: 'Plain-text description; may be empty.' })
  description: string;

  @Field(() => ProductStatus, { description: 'Draft, preview, on sale or off sale.' })
  status: ProductStatus;

  @Field(() => GraphQLDateTimeISO, {
    nullable: true,
    description: 'When the product becomes buyable; in the future for a preview, null when on sale since publication.',
  })
  saleStartsAt: Date | null;

  @Field(() => [String], { description: 'Lower-case tags, e.g. "新品".' })
  tags: string[];

  @Field(() => MoneyRange, { description: 'Lowest and highest retail price over the SKUs.' })
  priceRange: MoneyRange;

  @Field(() => Int, { description: 'Units sold so far; storefronts may see a sale up to one second late.' })
  salesCount: number;

  @Field(() => GraphQLDateTimeISO, { description: 'When the product was created.' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeISO, { description: 'When the product was last changed.' })
  updatedAt: Date;
}

@ObjectType({ description: 'A SKU: one buyable variant of a product with its spec values, prices and stock.', implements: Node })
export class Sku extends Node {
  dbId: string;
  productDbId: string;
  stock: number;

  @Field({ description: "The merchant's SKU code." })
  code: string;

  @Field(() => [SpecValue], { description: 'Spec values that tell this SKU apart, e.g. colour and size.' })
  specs: SpecValue[];

  @Field(() => Money, { description: 'Retail price.' })
  price: Money;

  @Field(() => Money, { nullable: true, description: 'Price for members on their own purchases; null when the SKU has no member price.' })
  memberPrice: Money | null;

  @Field({ description: 'At least one unit can be bought now (stock is above zero). Storefronts may see a change of stock up to one second late.' })
  inStock: boolean;
}

@ObjectType({ description: "A recorded change of a SKU's stock.", implements: Node })
export class StockMovement extends Node {
  skuDbId: string;

  @Field(() => Int, { description: 'Units added (positive) or removed (negative).' })
  delta: number;

  @Field(() => Int, { description: 'Stock left after this change.' })
  stockAfter: number;

  @Field({ description: 'Why the stock changed, as given by the operator or the system.' })
  reason: string;

  @Field(() => GraphQLDateTimeISO, { description: 'When it changed.' })
  createdAt: Date;
}

export const ProductConnection = ConnectionType(Product, 'Product', 'product');
export const StockMovementConnection = ConnectionType(StockMovement, 'StockMovement', 'stock movement');

@ObjectType({ description: 'A refused catalog change.', implements: UserError })
export class CatalogUserError extends UserError {
  @Field(() => CatalogErrorCode, { description: 'What kind of failure this is.' })
  code: CatalogErrorCode;
}

// ── inputs ─────────────────────────────────────────────────────────────────

@InputType({ description: 'Filters of a product listing; all given filters must match.' })
export class ProductFilterInput {
  @Field(() => ID, { nullable: true, description: 'Only products in this category or any of its descendants.' })
  categoryId?: string | null;

  @Field(() => String, { nullable: true, ...maxChars(MAX_SEARCH_LENGTH, 'Text that must appear in the name or description (case-insensitive).') })
  query?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Only products with a SKU priced at least this.' })
  minPrice?: Fen | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Only products with a SKU priced at most this.' })
  maxPrice?: Fen | null;

  @Field(() => [String], { nullable: true, ...maxItems(MAX_TAGS, 'Only products carrying at least one of these tags.', { maxLength: MAX_TAG_LENGTH }) })
  tags?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only products with a SKU in stock; false: only products sold out.' })
  inStock?: boolean | null;

  @Field(() => [ProductStatus], {
    nullable: true,
    ...maxItems(
      Object.keys(ProductStatus).length,
      'Only products in these statuses. Storefronts see PREVIEW and ON_SALE (the default); operators may list any status and see all by default.',
    ),
  })
  statuses?: ProductStatus[] | null;
}

@InputType({ description: 'One spec value of a SKU.' })
export class SpecValueInput {
  @Field(maxChars(MAX_SPEC_NAME_LENGTH, 'The spec, e.g. "颜色"; not blank, unique within the SKU.'))
  name: string;

  @Field(maxChars(MAX_SPEC_VALUE_LENGTH, 'Its value, e.g. "红色"; not blank.'))
  value: string;
}

@InputType({ description: 'A product image.' })
export class ProductImageInput {
  @Field(maxChars(MAX_IMAGE_URL_LENGTH, 'An https:// URL.'))
  url: string;

  @Field(() => String, { nullable: true, ...maxChars(MAX_ALT_TEXT_LENGTH, 'Text describing the image.') })
  altText?: string | null;
}

@InputType({ description: 'A price-control band; leave a side null for no bound.' })
export class PriceControlInput {
  @Field(() => DecimalScalar, { nullable: true, description: 'Lowest allowed member shop price.' })
  floor?: Fen | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Highest allowed member shop price; not below the floor.' })
  ceiling?: Fen | null;
}

@InputType({ description: 'A new SKU.' })
export class SkuCreateInput {
  @Field(maxChars(MAX_SKU_CODE_LENGTH, 'SKU code, unique over the catalog: letters, digits, dots, hyphens, underscores, starting with a letter or digit.'))
  code: string;

  @Field(() => [SpecValueInput], maxItems(MAX_SPECS, 'Spec values.'))
  specs: SpecValueInput[];

  @Field(() => DecimalScalar, { description: 'Retail price, above 0.00.' })
  price: Fen;

  @Field(() => DecimalScalar, { nullable: true, description: 'Member price, not above the retail price.' })
  memberPrice?: Fen | null;

  @Field(() => Int, { nullable: true, ...range(0, MAX_STOCK, 'Initial stock (default 0); later changes go through adjustSkuStock.') })
  stock?: number | null;

  @Field(() => Int, { nullable: true, ...range(0, MAX_POSITION, "Order among the product's SKUs, smallest first.") })
  position?: number | null;
}

@InputType({ description: 'Changes to a SKU; omitted fields stay as they are. Stock changes go through adjustSkuStock.' })
export class SkuUpdateInput {
  @Field(() => String, { nullable: true, ...maxChars(MAX_SKU_CODE_LENGTH, 'New SKU code.') })
  code?: string | null;

  @Field(() => [SpecValueInput], { nullable: true, ...maxItems(MAX_SPECS, 'New spec values, replacing the old ones.') })
  specs?: SpecValueInput[] | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'New retail price.' })
  price?: Fen | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'New member price; null removes it.' })
  memberPrice?: Fen | null;

  @Field(() => Int, { nullable: true, ...range(0, MAX_POSITION, 'New position.') })
  position?: number | null;
}

@InputType({ description: 'A new product; it starts as a draft.' })
export class ProductCreateInput {
  @Field(maxChars(MAX_NAME_LENGTH, 'Display name, not blank.'))
  name: string;

  @Field(() => String, {
    nullable: true,
    ...maxChars(MAX_SLUG_LENGTH, 'URL-friendly unique name: lower-case letters, digits and single hyphens; made from the name when omitted.'),
  })
  slug?: string | null;

  @Field(() => String, { nullable: true, ...maxChars(MAX_DESCRIPTION_LENGTH, 'Plain-text description.') })
  description?: string | null;

  @Field(() => ID, { description: 'The category the product belongs to.' })
  categoryId: string;

  @Field(() => [String], { nullable: true, ...maxItems(MAX_TAGS, 'Tags.', { maxLength: MAX_TAG_LENGTH }) })
  tags?: string[] | null;

  @Field(() => [ProductImageInput], { nullable: true, ...maxItems(MAX_IMAGES_PER_PRODUCT, 'Images in display order.') })
  images?: ProductImageInput[] | null;

  @Field(() => PriceControlInput, { nullable: true, description: 'Price-control band for member shop prices.' })
  priceControl?: PriceControlInput | null;

  @Field(() => [SkuCreateInput], maxItems(MAX_SKUS_PER_PRODUCT, 'The SKUs, at least one.'))
  skus: SkuCreateInput[];
}

@InputType({ description: 'Changes to a product; omitted fields stay as they are.' })
export class ProductUpdateInput {
  @Field(() => String, { nullable: true, ...maxChars(MAX_NAME_LENGTH, 'New name.') })
  name?: string | null;

  @Field(() => String, { nullable: true, ...maxChars(MAX_SLUG_LENGTH, 'New slug.') })
  slug?: string | null;

  @Field(() => String, { nullable: true, ...maxChars(MAX_DESCRIPTION_LENGTH, 'New description.') })
  description?: string | null;

  @Field(() => ID, { nullable: true, description: 'New category.' })
  categoryId?: string | null;

  @Field(() => [String], { nullable: true, ...maxItems(MAX_TAGS, 'New tags, replacing the old ones.', { maxLength: MAX_TAG_LENGTH }) })
  tags?: string[] | null;

  @Field(() => [ProductImageInput], { nullable: true, ...maxItems(MAX_IMAGES_PER_PRODUCT, 'New images, replacing the old ones.') })
  images?: ProductImageInput[] | null;

  @Field(() => PriceControlInput, { nullable: true, description: 'New price-control band; null removes the band.' })
  priceControl?: PriceControlInput | null;
}

@InputType({ description: 'A stock adjustment.' })
export class StockAdjustmentInput {
  @Field(() => ID, { description: 'The SKU.' })
  skuId: string;

  @Field(() => Int, range(-MAX_STOCK, MAX_STOCK, 'Units to add (positive) or remove (negative), not zero; never leaves stock below zero.'))
  delta: number;

  @Field(maxChars(MAX_REASON_LENGTH, 'Why, e.g. "stocktake 2026-11" (at least 2 characters).'))
  reason: string;

  @Field(() => String, {
    nullable: true,
    ...maxChars(
      MAX_IDEMPOTENCY_KEY_LENGTH,
      'Idempotency key (at least 8 characters of letters, digits, ._:-). Sending the same key with the same input again replays the first answer instead of adjusting twice; the same key with other input is refused with IDEMPOTENCY_KEY_REUSED.',
    ),
  })
  idempotencyKey?: string | null;
}

@InputType({ description: 'A new category.' })
export class CategoryCreateInput {
  @Field(maxChars(MAX_NAME_LENGTH, 'Display name, not blank.'))
  name: string;

  @Field(maxChars(MAX_SLUG_LENGTH, 'URL-friendly unique name: lower-case letters, digits and single hyphens.'))
  slug: string;

  @Field(() => ID, { nullable: true, description: 'Parent category; omitted for a top-level category.' })
  parentId?: string | null;

  @Field(() => Int, { nullable: true, ...range(0, MAX_POSITION, 'Order among siblings.') })
  position?: number | null;
}

@InputType({ description: 'Changes to a category; omitted fields stay as they are.' })
export class CategoryUpdateInput {
  @Field(() => String, { nullable: true, ...maxChars(MAX_NAME_LENGTH, 'New name.') })
  name?: string | null;

  @Field(() => String, { nullable: true, ...maxChars(MAX_SLUG_LENGTH, 'New slug.') })
  slug?: string | null;

  @Field(() => ID, { nullable: true, description: 'New parent (moves the category with its subtree); null makes it top-level; omitted keeps it.' })
  parentId?: string | null;

  @Field(() => Int, { nullable: true, ...range(0, MAX_POSITION, 'New position.') })
  position?: number | null;
}

// ── payloads ───────────────────────────────────────────────────────────────

@ObjectType({ description: 'Result of a product mutation.' })
export class ProductPayload {
  @Field(() => Product, { nullable: true, description: 'The product as it is now; null when the mutation was refused.' })
  product: Product | null;

  @Field(() => [CatalogUserError], { description: 'Why the mutation was refused; empty on success.' })
  userErrors: CatalogUserError[];
}

@ObjectType({ description: 'Result of a SKU mutation.' })
export class SkuPayload {
  @Field(() => Sku, { nullable: true, description: 'The SKU as it is now; null when the mutation was refused.' })
  sku: Sku | null;

  @Field(() => [CatalogUserError], { description: 'Why the mutation was refused; empty on success.' })
  userErrors: CatalogUserError[];
}

@ObjectType({ description: 'Result of deleting a SKU.' })
export class DeleteSkuPayload {
  @Field(() => ID, { nullable: true, description: 'ID of the deleted SKU; null when refused.' })
  deletedSkuId: string | null;

  @Field(() => [CatalogUserError], { description: 'Why the mutation was refused; empty on success.' })
  userErrors: CatalogUserError[];
}

@ObjectType({ description: 'Result of a stock adjustment.' })
export class AdjustSkuStockPayload {
  @Field(() => StockMovement, { nullable: true, description: 'The recorded change; null when refused.' })
  stockMovement: StockMovement | null;

  @Field(() => Sku, { nullable: true, description: 'The SKU with its stock now; null when refused.' })
  sku: Sku | null;

  @Field(() => [CatalogUserError], { description: 'Why the adjustment was refused (e.g. INSUFFICIENT_STOCK); empty on success.' })
  userErrors: CatalogUserError[];
}

@ObjectType({ description: 'Result of a category mutation.' })
export class CategoryPayload {
  @Field(() => Category, { nullable: true, description: 'The category as it is now; null when refused.' })
  category: Category | null;

  @Field(() => [CatalogUserError], { description: 'Why the mutation was refused; empty on success.' })
  userErrors: CatalogUserError[];
}

@ObjectType({ description: 'Result of deleting a category.' })
export class DeleteCategoryPayload {
  @Field(() => ID, { nullable: true, description: 'ID of the deleted category; null when refused.' })
  deletedCategoryId: string | null;

  @Field(() => [CatalogUserError], { description: 'Why the mutation was refused; empty on success.' })
  userErrors: CatalogUserError[];
}

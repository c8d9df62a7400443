import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { maxChars } from '../../lib/bounds';
import { UserError } from '../../lib/errors';
import { Money } from '../../lib/money';
import { ConnectionType } from '../../lib/pagination';
import { Node } from '../../lib/node';
import { MAX_SEARCH_LENGTH } from '../catalog/rules';
import { Product } from '../catalog/types';
import { ShopPriceStatus } from './reads';
import { MAX_AVATAR_URL_LENGTH, MAX_INTRO_LENGTH, MAX_NAME_LENGTH, MAX_SLUG_LENGTH, MIN_SLUG_LENGTH, ShopErrorCode, shopErrorCodeDescriptions } from './rules';

registerEnumType(ShopErrorCode, { name: 'ShopErrorCode', description: 'Why a shop mutation was refused.', valuesConfig: shopErrorCodeDescriptions });
registerEnumType(ShopPriceStatus, {
  name: 'ShopPriceStatus',
  description: "Whether a product's shop price is what buyers through the shop pay.",
  valuesConfig: {
    NONE: { description: "No shop price set: buyers pay the platform's prices." },
    APPLIED: { description: "The shop price is inside the product's price-control band and applies." },
    OUT_OF_BAND: {
      description:
        "The operator has since moved the price-control band and the shop price lies outside it: it does not apply (buyers pay the platform's prices) until you set one inside the band or clear it.",
    },
  },
});

@ObjectType({
  description:
    "A member's shop (微店) as storefronts show it: a curated selection of platform products, fulfilled by the platform. Seen only while its owner is a member.",
  implements: Node,
})
export class Shop extends Node {
  dbId: string;

  @Field({ description: 'URL name of the shop, unique: 3–30 lower-case letters, digits and hyphens. Use with `shop(slug:)`.' })
  slug: string;

  @Field({ description: 'Display name.' })
  name: string;

  @Field(() => String, { nullable: true, description: "https:// URL of the shop's avatar; null when none." })
  avatarUrl: string | null;

  @Field({ description: "The owner's introduction of the shop; may be empty." })
  intro: string;

  @Field(() => GraphQLDateTimeISO, { description: 'When the shop was opened.' })
  createdAt: Date;
}

@ObjectType({ description: "A product in a shop's selection, at the shop's price." })
export class ShopProduct {
  @Field(() => Product, { description: 'The platform product, with its SKUs.' })
  product: Product;

  @Field(() => Money, {
    nullable: true,
    description:
      'What buyers arriving through this shop pay for each SKU of the product (instead of its retail price); a member buyer pays their member price where lower. Null when the shop sets no price (or its price no longer applies): the SKU prices apply.',
  })
  shopPrice: Money | null;

  @Field(() => Int, { description: "Place in the shop's order, smallest first." })
  position: number;
}

@ObjectType({ description: "A product of your shop's selection as you, its owner, see it: with the shop price you set and whether it applies." })
export class MyShopProduct {
  @Field(() => Product, {
    description: 'The platform product (any status: products the operator took off sale stay in your selection but are not shown to buyers).',
  })
  product: Product;

  @Field(() => Int, { description: "Place in the shop's order, smallest first." })
  position: number;

  @Field(() => Money, { nullable: true, description: 'The shop price you set, whether or not it applies now; null when none.' })
  shopPrice: Money | null;

  @Field(() => ShopPriceStatus, {
    description:
      'Whether the shop price applies: OUT_OF_BAND when the operator has narrowed the price-control band (see product.priceControl) since you set it.',
  })
  shopPriceStatus: ShopPriceStatus;

  @Field(() => GraphQLDateTimeISO, { description: 'When you added it.' })
  addedAt: Date;
}

export const ShopProductConnection = ConnectionType(ShopProduct, 'ShopProduct', 'shop product');
export const MyShopProductConnection = ConnectionType(MyShopProduct, 'MyShopProduct', 'product of your shop');

@ObjectType({ description: 'Your shop as its owner: the public face, the whole selection, statistics, customers and orders.' })
export class MyShop {
  shopDbId: string;

  @Field(() => Shop, { description: 'The shop as storefronts show it.' })
  shop: Shop;
}

@InputType({ description: "Filters of a shop's products; all given must match." })
export class ShopProductFilterInput {
  @Field(() => ID, { nullable: true, description: 'Only products in this category or any of its descendants.' })
  categoryId?: string | null;

  @Field(() => String, { nullable: true, ...maxChars(MAX_SEARCH_LENGTH, 'Text that must appear in the name or description (case-insensitive).') })
  query?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only products with a SKU in stock; false: only products sold out.' })
  inStock?: boolean | null;
}

@InputType({ description: "Filters of your shop's selection; all given must match." })
export class MyShopProductFilterInput extends ShopProductFilterInput {
  @Field(() => ShopPriceStatus, { nullable: true, description: 'Only products whose shop price is in this state.' })
  shopPriceStatus?: ShopPriceStatus | null;
}

@InputType({ description: 'Changes to your shop; omitted fields stay as they are.' })
export class UpdateMyShopInput {
  @Field(() => String, {
    nullable: true,
    ...maxChars(
      MAX_SLUG_LENGTH,
      `New URL name: at least ${MIN_SLUG_LENGTH} lower-case letters, digits and single hyphens inside (e.g. "lily-tea"); some words are reserved. SLUG_TAKEN when another shop has it.`,
    ),
  })
  slug?: string | null;

  @Field(() => String, { nullable: true, ...maxChars(MAX_NAME_LENGTH, 'Display name, not blank.') })
  name?: string | null;

  @Field(() => String, { nullable: true, ...maxChars(MAX_AVATAR_URL_LENGTH, 'An https:// URL of the avatar; an empty string removes it.') })
  avatarUrl?: string | null;

  @Field(() => String, { nullable: true, ...maxChars(MAX_INTRO_LENGTH, 'Introduction.') })
  intro?: string | null;
}

@ObjectType({ description: 'A refused shop mutation.', implements: UserError })
export class ShopUserError extends UserError {
  @Field(() => ShopErrorCode, { description: 'What kind of failure this is.' })
  code: ShopErrorCode;
}

@ObjectType({ description: 'Result of a change to your shop.' })
export class MyShopPayload {
  @Field(() => MyShop, { nullable: true, description: 'Your shop as it is now; null when refused.' })
  myShop: MyShop | null;

  @Field(() => [ShopUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: ShopUserError[];
}

@ObjectType({ description: 'Result of setting a shop price.' })
export class ShopPricePayload {
  @Field(() => MyShopProduct, { nullable: true, description: 'The product of your shop with its price now; null when refused.' })
  shopProduct: MyShopProduct | null;

  @Field(() => [ShopUserError], { description: 'Why it was refused (e.g. SHOP_PRICE_OUT_OF_BAND, with the band in the message); empty on success.' })
  userErrors: ShopUserError[];
}

@ObjectType({ description: 'Result of recording a visit.' })
export class RecordShopVisitPayload {
  @Field({ description: 'true when the visit was counted.' })
  recorded: boolean;

  @Field(() => [ShopUserError], { description: 'Why it was refused (SHOP_NOT_FOUND); empty on success.' })
  userErrors: ShopUserError[];
}

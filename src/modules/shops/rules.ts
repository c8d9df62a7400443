import { randomBytes } from 'node:crypto';
import { DomainError } from '../../lib/errors';
import { formatFen, type Fen } from '../../lib/money';

/** Why a shop mutation was refused. */
export enum ShopErrorCode {
  NOT_A_MEMBER = 'NOT_A_MEMBER',
  SHOP_NOT_FOUND = 'SHOP_NOT_FOUND',
  INVALID_SLUG = 'INVALID_SLUG',
  SLUG_RESERVED = 'SLUG_RESERVED',
  SLUG_TAKEN = 'SLUG_TAKEN',
  INVALID_NAME = 'INVALID_NAME',
  INVALID_AVATAR_URL = 'INVALID_AVATAR_URL',
  INVALID_INTRO = 'INVALID_INTRO',
  PRODUCT_NOT_FOUND = 'PRODUCT_NOT_FOUND',
  PRODUCT_NOT_IN_SHOP = 'PRODUCT_NOT_IN_SHOP',
  INVALID_PRODUCT_LIST = 'INVALID_PRODUCT_LIST',
  TOO_MANY_PRODUCTS = 'TOO_MANY_PRODUCTS',
  SELECTION_FULL = 'SELECTION_FULL',
  SHOP_PRICE_OUT_OF_BAND = 'SHOP_PRICE_OUT_OF_BAND',
}

/** A shop's selection holds at most this many products; one mutation handles at most MAX_PER_CALL. */
export const MAX_SELECTION = 500;
export const MAX_PER_CALL = 100;

export const MIN_SLUG_LENGTH = 3;
export const MAX_SLUG_LENGTH = 30;
export const MAX_NAME_LENGTH = 40;
export const MAX_INTRO_LENGTH = 500;
export const MAX_AVATAR_URL_LENGTH = 2000;

/**
 * Shop days (visits, orders, sales by day) are calendar days in China, whatever the server's zone:
 * the business and its members live there.
 */
export const SHOP_TIME_ZONE = 'Asia/Shanghai';

/** Words a shop URL must not take: they collide with storefront routes or pretend to be the platform. */
export const RESERVED_SLUGS = new Set([
  'about',
  'account',
  'admin',
  'api',
  'app',
  'assets',
  'cart',
  'checkout',
  'help',
  'login',
  'logout',
  'me',
  'member',
  'members',
  'my',
  'new',
  'official',
  'operator',
  'order',
  'orders',
  'pay',
  'platform',
  'privacy',
  'register',
  'root',
  'sandbox',
  'search',
  'settings',
  'shop',
  'shops',
  'signin',
  'signup',
  'static',
  'support',
  'system',
  'terms',
  'www',
  'graphql',
  'health',
  'metrics',
  'null',
  'undefined',
]);

const fail = (code: ShopErrorCode, message: string, field: string[]) => new DomainError(code, message, field);

/** Shop slugs appear in share URLs: 3–30 lower-case letters, digits and single inner hyphens. */
export function cleanShopSlug(slug: string, field: string[]): string {
  const clean = slug.trim();
  if (clean.length < MIN_SLUG_LENGTH || clean.length > MAX_SLUG_LENGTH || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(clean)) {
    throw fail(
      ShopErrorCode.INVALID_SLUG,
      `"${slug.slice(0, 40)}" is not a valid shop slug: use ${MIN_SLUG_LENGTH} to ${MAX_SLUG_LENGTH} lower-case letters, digits and single hyphens inside, e.g. "lily-tea"`,
      field,
    );
  }
  if (RESERVED_SLUGS.has(clean)) throw fail(ShopErrorCode.SLUG_RESERVED, `"${clean}" is reserved: choose another shop slug`, field);
  return clean;
}

/**
 * The slug a new shop starts with: random, so two members opening their shops at once do not
 * collide (and if they ever do, the unique constraint decides and the loser draws again).
 */
export function defaultShopSlug(): string {
  return `m-${randomBytes(6).toString('hex')}`;
}

export function defaultShopName(displayName: string): string {
  return `${displayName.trim().slice(0, 24) || 'My'}的小店`;
}

export function cleanShopName(name: string, field: string[]): string {
  const clean = name.trim();
  if (clean.length < 1 || clean.length > MAX_NAME_LENGTH) throw fail(ShopErrorCode.INVALID_NAME, `Shop name must be 1 to ${MAX_NAME_LENGTH} characters`, field);
  return clean;
}

export function cleanIntro(intro: string, field: string[]): string {
  const clean = intro.trim();
  if (clean.length > MAX_INTRO_LENGTH) throw fail(ShopErrorCode.INVALID_INTRO, `Intro must be at most ${MAX_INTRO_LENGTH} characters`, field);
  return clean;
}

/** An avatar is an https:// URL; an empty string removes it. */
export function cleanAvatarUrl(url: string, field: string[]): string | null {
  const clean = url.trim();
  if (clean === '') return null;
  let parsed: URL | null = null;
  try {
    parsed = new URL(clean);
  } catch {
    parsed = null;
  }
  if (!parsed || parsed.protocol !== 'https:' || clean.length > MAX_AVATAR_URL_LENGTH) {
    throw fail(ShopErrorCode.INVALID_AVATAR_URL, `Avatar must be an https:// URL, got "${clean.slice(0, 100)}"`, field);
  }
  return parsed.toString();
}

export interface PriceBand {
  floor: Fen | null;
  ceiling: Fen | null;
}

/**
 * A shop price must stay inside the product's price-control band; an open side (null, as the
 * catalog documents PriceControlBand) does not limit. The same rule in SQL is shopPriceApplies,
 * used wherever a stored shop price is read: when the operator narrows the band later, prices
 * outside it stop applying without anything being rewritten.
 */
export function checkShopPrice(price: Fen, band: PriceBand, productName: string, field: string[]): void {
  if (price <= 0) throw fail(ShopErrorCode.SHOP_PRICE_OUT_OF_BAND, 'A shop price must be more than 0.00', field);
  if ((band.floor != null && price < band.floor) || (band.ceiling != null && price > band.ceiling)) {
    throw fail(
      ShopErrorCode.SHOP_PRICE_OUT_OF_BAND,
      `The shop price of ${productName} must be within its price-control band ${describeBand(band)}; ${formatFen(price)} is outside it`,
      field,
    );
  }
}

export function describeBand(band: PriceBand): string {
  if (band.floor != null && band.ceiling != null) return `${formatFen(band.floor)} to ${formatFen(band.ceiling)}`;
  if (band.floor != null) return `${formatFen(band.floor)} or more`;
  if (band.ceiling != null) return `up to ${formatFen(band.ceiling)}`;
  return 'with no limits';
}

/** checkShopPrice as SQL, for a price expression over product `p`. */
export function shopPriceApplies(price: string): string {
  return `(${price} is not null and (p.price_floor is null or ${price} >= p.price_floor) and (p.price_ceiling is null or ${price} <= p.price_ceiling))`;
}

/** Whether the stored shop price of shop_product `sp` applies, over product `p`. */
export const SHOP_PRICE_APPLIES = shopPriceApplies('sp.shop_price');

/** What each ShopErrorCode means, for the schema. */
export const shopErrorCodeDescriptions: Record<keyof typeof ShopErrorCode, { description: string }> = {
  NOT_A_MEMBER: { description: 'The caller is not a member: only members have a shop.' },
  SHOP_NOT_FOUND: { description: 'No shop has this slug.' },
  INVALID_SLUG: { description: 'The shop slug is not 3 to 30 lower-case letters, digits and single hyphens inside.' },
  SLUG_RESERVED: { description: 'The shop slug is reserved: choose another.' },
  SLUG_TAKEN: { description: 'Another shop already has this slug.' },
  INVALID_NAME: { description: 'The shop name is not 1 to 40 characters.' },
  INVALID_AVATAR_URL: { description: 'The avatar is not an https:// URL.' },
  INVALID_INTRO: { description: 'The intro is longer than 500 characters.' },
  PRODUCT_NOT_FOUND: { description: 'No product has this id, or the product is off sale and cannot join a shop.' },
  PRODUCT_NOT_IN_SHOP: { description: "The product is not in the caller's shop." },
  INVALID_PRODUCT_LIST: { description: 'No products were given, or a product is given twice.' },
  TOO_MANY_PRODUCTS: { description: 'More products were given at a time than allowed.' },
  SELECTION_FULL: { description: 'The shop already holds as many products as allowed.' },
  SHOP_PRICE_OUT_OF_BAND: { description: "A shop price is not above 0.00 or outside the product's price-control band." },
};

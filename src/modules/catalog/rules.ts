import { DomainError } from '../../lib/errors';
import { MAX_FEN, type Fen } from '../../lib/money';
import type { Publication, SpecValue } from './entities';

/**
 * The catalog's validation rules in one place: what a slug, a SKU, an image or a price band may be.
 * Each returns the cleaned value or throws a DomainError naming the field.
 */
export enum CatalogErrorCode {
  PRODUCT_NOT_FOUND = 'PRODUCT_NOT_FOUND',
  SKU_NOT_FOUND = 'SKU_NOT_FOUND',
  CATEGORY_NOT_FOUND = 'CATEGORY_NOT_FOUND',
  INVALID_NAME = 'INVALID_NAME',
  INVALID_SLUG = 'INVALID_SLUG',
  SLUG_TAKEN = 'SLUG_TAKEN',
  INVALID_DESCRIPTION = 'INVALID_DESCRIPTION',
  INVALID_TAG = 'INVALID_TAG',
  INVALID_IMAGE = 'INVALID_IMAGE',
  INVALID_SKU_CODE = 'INVALID_SKU_CODE',
  SKU_CODE_TAKEN = 'SKU_CODE_TAKEN',
  INVALID_SPECS = 'INVALID_SPECS',
  INVALID_PRICE = 'INVALID_PRICE',
  INVALID_PRICE_BAND = 'INVALID_PRICE_BAND',
  INVALID_STOCK = 'INVALID_STOCK',
  NO_SKUS = 'NO_SKUS',
  LAST_SKU = 'LAST_SKU',
  CATEGORY_NOT_EMPTY = 'CATEGORY_NOT_EMPTY',
  CATEGORY_CYCLE = 'CATEGORY_CYCLE',
  INVALID_QUANTITY = 'INVALID_QUANTITY',
  INSUFFICIENT_STOCK = 'INSUFFICIENT_STOCK',
  INVALID_REASON = 'INVALID_REASON',
  INVALID_IDEMPOTENCY_KEY = 'INVALID_IDEMPOTENCY_KEY',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
}

export const MAX_SKUS_PER_PRODUCT = 50;
export const MAX_IMAGES_PER_PRODUCT = 20;
export const MAX_STOCK = 10_000_000;
export const MAX_NAME_LENGTH = 120;
export const MAX_SLUG_LENGTH = 100;
export const MAX_DESCRIPTION_LENGTH = 20_000;
export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 30;
export const MAX_IMAGE_URL_LENGTH = 2000;
export const MAX_ALT_TEXT_LENGTH = 200;
export const MAX_SKU_CODE_LENGTH = 64;
export const MAX_SPECS = 5;
export const MAX_SPEC_NAME_LENGTH = 30;
export const MAX_SPEC_VALUE_LENGTH = 60;
export const MAX_REASON_LENGTH = 200;
/** Positions only order siblings; no catalog needs more places than this. */
export const MAX_POSITION = 10_000;
/** Search text of a listing: a few words, never a document. */
export const MAX_SEARCH_LENGTH = 100;

const fail = (code: CatalogErrorCode, message: string, field: (string | number)[]) => new DomainError(code, message, field.map(String));

export function cleanName(name: string, field: (string | number)[]): string {
  const clean = name.trim();
  if (clean.length < 1 || clean.length > MAX_NAME_LENGTH) throw fail(CatalogErrorCode.INVALID_NAME, `Name must be 1 to ${MAX_NAME_LENGTH} characters`, field);
  return clean;
}

/** Slugs appear in URLs: lower-case letters, digits and single hyphens. */
export function cleanSlug(slug: string, field: (string | number)[]): string {
  const clean = slug.trim();
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(clean) || clean.length > MAX_SLUG_LENGTH) {
    throw fail(
      CatalogErrorCode.INVALID_SLUG,
      `"${slug}" is not a valid slug: use 1 to ${MAX_SLUG_LENGTH} lower-case letters, digits and single hyphens, e.g. "green-tea-250g"`,
      field,
    );
  }
  return clean;
}

/** A slug from a name when the operator gives none; a random suffix keeps it unique-ish, the database decides. */
export function slugFromName(name: string): string {
  const ascii = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${ascii || 'product'}-${Math.random().toString(36).slice(2, 8)}`;
}

export function cleanDescription(description: string, field: (string | number)[]): string {
  if (description.length > MAX_DESCRIPTION_LENGTH)
    throw fail(CatalogErrorCode.INVALID_DESCRIPTION, `Description must be at most ${MAX_DESCRIPTION_LENGTH.toLocaleString('en-US')} characters`, field);
  return description;
}

export function cleanTags(tags: string[], field: (string | number)[]): string[] {
  if (tags.length > MAX_TAGS) throw fail(CatalogErrorCode.INVALID_TAG, `At most ${MAX_TAGS} tags`, field);
  const out = new Set<string>();
  tags.forEach((tag, i) => {
    const clean = tag.trim().toLowerCase();
    if (clean.length < 1 || clean.length > MAX_TAG_LENGTH)
      throw fail(CatalogErrorCode.INVALID_TAG, `Each tag must be 1 to ${MAX_TAG_LENGTH} characters`, [...field, i]);
    out.add(clean);
  });
  return [...out];
}

export interface ImageInput {
  url: string;
  altText?: string | null;
}

export function cleanImages(images: ImageInput[], field: (string | number)[]): { url: string; altText: string }[] {
  if (images.length > MAX_IMAGES_PER_PRODUCT) throw fail(CatalogErrorCode.INVALID_IMAGE, `At most ${MAX_IMAGES_PER_PRODUCT} images`, field);
  return images.map((image, i) => {
    let url: URL | null = null;
    try {
      url = new URL(image.url);
    } catch {
      url = null;
    }
    if (!url || url.protocol !== 'https:' || image.url.length > MAX_IMAGE_URL_LENGTH) {
      throw fail(CatalogErrorCode.INVALID_IMAGE, `Image URL must be an https:// URL, got "${image.url.slice(0, 100)}"`, [...field, i, 'url']);
    }
    const altText = (image.altText ?? '').trim();
    if (altText.length > MAX_ALT_TEXT_LENGTH)
      throw fail(CatalogErrorCode.INVALID_IMAGE, `Alt text must be at most ${MAX_ALT_TEXT_LENGTH} characters`, [...field, i, 'altText']);
    return { url: url.toString(), altText };
  });
}

const SKU_CODE = new RegExp(`^[A-Za-z0-9][A-Za-z0-9._-]{0,${MAX_SKU_CODE_LENGTH - 1}}$`);

export function cleanSkuCode(code: string, field: (string | number)[]): string {
  const clean = code.trim();
  if (!SKU_CODE.test(clean)) {
    throw fail(
      CatalogErrorCode.INVALID_SKU_CODE,
      `"${code}" is not a valid SKU code: 1 to ${MAX_SKU_CODE_LENGTH} letters, digits, dots, hyphens or underscores`,
      field,
    );
  }
  return clean;
}

export function cleanSpecs(specs: SpecValue[], field: (string | number)[]): SpecValue[] {
  if (specs.length > MAX_SPECS) throw fail(CatalogErrorCode.INVALID_SPECS, `At most ${MAX_SPECS} spec values per SKU`, field);
  const names = new Set<string>();
  return specs.map((spec, i) => {
    const name = spec.name.trim();
    const value = spec.value.trim();
    if (!name || name.length > MAX_SPEC_NAME_LENGTH || !value || value.length > MAX_SPEC_VALUE_LENGTH) {
      throw fail(CatalogErrorCode.INVALID_SPECS, `Spec names must be 1 to ${MAX_SPEC_NAME_LENGTH} characters and values 1 to ${MAX_SPEC_VALUE_LENGTH}`, [
        ...field,
        i,
      ]);
    }
    if (names.has(name)) throw fail(CatalogErrorCode.INVALID_SPECS, `Spec "${name}" is given twice`, [...field, i, 'name']);
    names.add(name);
    return { name, value };
  });
}

export function checkPrices(price: Fen, memberPrice: Fen | null, field: (string | number)[]): void {
  if (price <= 0) throw fail(CatalogErrorCode.INVALID_PRICE, 'Price must be more than 0.00', [...field, 'price']);
  if (memberPrice != null && memberPrice > price) {
    throw fail(CatalogErrorCode.INVALID_PRICE, 'Member price must not be higher than the retail price', [...field, 'memberPrice']);
  }
}

export function checkPriceBand(floor: Fen | null, ceiling: Fen | null, field: (string | number)[]): void {
  if (floor != null && ceiling != null && floor > ceiling) {
    throw fail(CatalogErrorCode.INVALID_PRICE_BAND, 'The price-control floor must not be above the ceiling', field);
  }
  if ((floor ?? 0) > MAX_FEN || (ceiling ?? 0) > MAX_FEN) throw fail(CatalogErrorCode.INVALID_PRICE_BAND, 'Price band too large', field);
}

export function checkInitialStock(stock: number, field: (string | number)[]): void {
  if (!Number.isInteger(stock) || stock < 0 || stock > MAX_STOCK) {
    throw fail(CatalogErrorCode.INVALID_STOCK, `Stock must be a whole number from 0 to ${MAX_STOCK}`, field);
  }
}

/** The status clients see: what the operator decided, plus whether the sale has started. */
export enum ProductStatus {
  DRAFT = 'DRAFT',
  PREVIEW = 'PREVIEW',
  ON_SALE = 'ON_SALE',
  OFF_SALE = 'OFF_SALE',
}

export function productStatus(publication: Publication | string, saleStartsAt: Date | null, now = Date.now()): ProductStatus {
  if (publication === 'draft') return ProductStatus.DRAFT;
  if (publication === 'unpublished') return ProductStatus.OFF_SALE;
  return saleStartsAt && saleStartsAt.getTime() > now ? ProductStatus.PREVIEW : ProductStatus.ON_SALE;
}

/** What each CatalogErrorCode means, for the schema. */
export const catalogErrorCodeDescriptions: Record<keyof typeof CatalogErrorCode, { description: string }> = {
  PRODUCT_NOT_FOUND: { description: 'No product has this id.' },
  SKU_NOT_FOUND: { description: 'No SKU has this id.' },
  CATEGORY_NOT_FOUND: { description: 'No category has this id.' },
  INVALID_NAME: { description: 'A name is not 1 to 120 characters.' },
  INVALID_SLUG: { description: 'A slug is not 1 to 100 lower-case letters, digits and single hyphens.' },
  SLUG_TAKEN: { description: 'Another item already has this slug.' },
  INVALID_DESCRIPTION: { description: 'The description is longer than 20,000 characters.' },
  INVALID_TAG: { description: 'More than 20 tags, or a tag is not 1 to 30 characters.' },
  INVALID_IMAGE: { description: 'Too many images, an image URL is not https://, or alt text is longer than 200 characters.' },
  INVALID_SKU_CODE: { description: 'A SKU code is not 1 to 64 letters, digits, dots, hyphens or underscores.' },
  SKU_CODE_TAKEN: { description: 'Another SKU already has this code.' },
  INVALID_SPECS: { description: "A SKU's spec values are too many, too long or repeated, or the product has too many SKUs." },
  INVALID_PRICE: { description: 'A price is not above 0.00, or a member price is higher than the retail price.' },
  INVALID_PRICE_BAND: { description: 'The price-control floor is above the ceiling, or the band is too large.' },
  INVALID_STOCK: { description: 'A stock figure is not a whole number within the allowed range.' },
  NO_SKUS: { description: 'A product was created or published without any SKU.' },
  LAST_SKU: { description: 'The SKU is the last one of a published product: unpublish the product first.' },
  CATEGORY_NOT_EMPTY: { description: 'The category still has subcategories or products; the message says how many.' },
  CATEGORY_CYCLE: { description: 'A category would move under itself or one of its descendants.' },
  INVALID_QUANTITY: { description: 'A stock adjustment delta is zero, not whole, or out of range.' },
  INSUFFICIENT_STOCK: { description: 'A SKU has fewer units in stock than asked for; the message names the SKU and what is left.' },
  INVALID_REASON: { description: 'The reason for a stock adjustment is not 2 to 200 characters.' },
  INVALID_IDEMPOTENCY_KEY: { description: 'The idempotency key is not 8 to 128 letters, digits or ._:- characters.' },
  IDEMPOTENCY_KEY_REUSED: { description: 'This idempotency key was already used with different input.' },
};

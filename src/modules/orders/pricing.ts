import type { EntityManager } from '@mikro-orm/postgresql';
import type { Fen } from '../../lib/money';
import type { ActivityPrice, PriceBreakdown, PricingLine } from '../../lib/pricing/step';
import type { SkuForSale } from '../catalog/queries';
import { orderSettings } from './settings';
import type { ShippingFacts } from './shipping-step';
import { Dependency } from '../../lib/dependency';
import type { StatementPart } from '../../lib/sql';

/**
 * What checkout, the price preview and the cart ask of pricing, and what they give it. Orders
 * names no promotion: the steps, what they load and what a checkout commits for them are listed
 * in src/server/pricing.ts, which implements OrderPricing and is handed to the services by the
 * request context.
 */

/** A line as orders gives it to pricing: the SKU's prices and where it sits in the catalog. */
export interface OrderPricingLine extends PricingLine {
  productId: string;
  categoryId: string;
  memberPrice: Fen | null;
  /** The shop's price for this product, when the order goes through a shop that sets one. */
  shopPrice: Fen | null;
  /** The price of a campaign chosen for this order (group-buy, bargain). */
  activityPrice: ActivityPrice | null;
}

/** What orders knows of an order it prices. */
export interface OrderPricingInput extends ShippingFacts {
  lines: OrderPricingLine[];
  buyerIsMember: boolean;
}

/** What the loaders go by: the buyer, the lines, the coupon asked for, and the SKUs a campaign chosen for this order prices. */
export interface PricingRequest {
  accountId: string | null;
  lines: readonly { skuId: string; quantity: number }[];
  /** Decoded id; NO_SUCH_ID when the given id did not decode. */
  couponId?: string | null;
  noCoupon?: boolean | null;
  activitySkuIds?: ReadonlySet<string>;
  /** Coupons another order of the buyer took while this checkout priced: not chosen again. */
  excludedCouponIds?: readonly string[];
}

/** Prices an order with what was loaded for it. Pure. */
export type Pricer<Breakdown> = (order: OrderPricingInput) => Breakdown;

/**
 * The site a checkout comes from: the storefront app whose key the request carries, and the label
 * it gave the buy button the buyer used (null: none given). Recorded with the order's source.
 */
export interface CheckoutSite {
  appId: string;
  name: string;
  placement: string | null;
}

/** Where a checkout's sale came from, as pricing needs it: the shop's prices by product, for an order through a member's shop that sets them. */
export interface CheckoutSource {
  shopPrices?: Map<string, Fen>;
}

/**
 * The composed pricing (src/server/pricing.ts), in the phases of a checkout. What it reads and
 * writes comes as parts of the checkout's statements: everything pricing and the sale's source
 * need is read in one statement, and the order with what pricing decided is written in one.
 */
export interface OrderPricing<Breakdown extends PriceBreakdown = PriceBreakdown, Source extends CheckoutSource = CheckoutSource> {
  /** Before the checkout transaction opens: refusals that cost a read, so a rush is turned away cheaply. */
  refuseEarly(em: EntityManager, lines: readonly { skuId: string; quantity: number }[]): Promise<void>;
  /**
   * Runs a checkout when its turn comes: the checkouts of a rush on one hot row (a flash sale) wait
   * in memory, a few at a time in the database, instead of each holding a pooled connection while
   * it queues on the row. Decides nothing; `work` runs the whole checkout.
   */
  inTurn<T>(lines: readonly { skuId: string; quantity: number }[], work: () => Promise<T>): Promise<T>;
  /** What the loaders read beyond the order (promotions live now, the buyer's coupons), as parts of the caller's read statement. */
  loadParts(request: PricingRequest): StatementPart[];
  /** The pricer, from what loadParts found (in their order); may refuse. */
  pricer(found: readonly unknown[], request: PricingRequest): Pricer<Breakdown>;
  /** loadParts as a statement of their own, then pricer: the preview. */
  load(em: EntityManager, request: PricingRequest): Promise<Pricer<Breakdown>>;
  /** The steps with nothing loaded: the cart's estimate. */
  readonly price: Pricer<Breakdown>;
  /**
   * Parts of the checkout's write statement, once the order's id is known: what pricing decided
   * is recorded (the coupon locked, campaigns' results), then campaign stock is taken; each part
   * refuses what the database did not do. May refuse before writing (a chosen coupon unusable).
   */
  writeParts(breakdown: Breakdown, orderId: string, accountId: string, request: PricingRequest): StatementPart[];
  /** Where the sale came from (the share link, the member's shop, the inviter), as a part of the read statement. */
  sourceQuery(accountId: string, shareToken: string | null, skuIds: readonly string[]): StatementPart;
  readSource(found: unknown, accountId: string): Source;
  /** The source recorded on the order and on each of its lines (ids and products, in the order's order), with the site it came from: parts of the write statement. */
  sourceParts(source: Source, orderId: string, accountId: string, lines: readonly { id: string; productId: string }[], site: CheckoutSite): StatementPart[];
}

/** The composed pricing (src/server/pricing.ts), supplied by the composition root: the one place that knows every step. */
export const ORDER_PRICING = new Dependency<OrderPricing>('the order pricing');

/**
 * Prices lines for a buyer with the current order settings: the same steps for checkout, the
 * preview and the cart. `shopPrices` by product, for an order through a shop; `activityPrices` by
 * SKU, from a campaign chosen for this order.
 */
export async function priceLines<Breakdown>(
  em: EntityManager,
  price: Pricer<Breakdown>,
  lines: readonly { skuId: string; quantity: number }[],
  skus: Map<string, SkuForSale>,
  isMember: boolean,
  shopPrices?: Map<string, Fen>,
  activityPrices?: ReadonlyMap<string, ActivityPrice>,
): Promise<Breakdown> {
  return priceWith(price, lines, skus, isMember, await orderSettings(em), shopPrices, activityPrices);
}

/** priceLines with the settings already read (the checkout reads them in its one read statement). */
export function priceWith<Breakdown>(
  price: Pricer<Breakdown>,
  lines: readonly { skuId: string; quantity: number }[],
  skus: Map<string, SkuForSale>,
  isMember: boolean,
  settings: { shippingFlatFee: Fen; freeShippingThreshold: Fen | null },
  shopPrices?: Map<string, Fen>,
  activityPrices?: ReadonlyMap<string, ActivityPrice>,
): Breakdown {
  const pricing: OrderPricingLine[] = lines.map((line) => {
    const sku = skus.get(line.skuId)!;
    return {
      skuId: sku.id,
      productId: sku.product_id,
      categoryId: sku.category_id,
      quantity: line.quantity,
      retailPrice: sku.price,
      memberPrice: sku.member_price,
      shopPrice: shopPrices?.get(sku.product_id) ?? null,
      activityPrice: activityPrices?.get(sku.id) ?? null,
    };
  });
  return price({ lines: pricing, buyerIsMember: isMember, shipping: { flatFee: settings.shippingFlatFee, freeAbove: settings.freeShippingThreshold } });
}

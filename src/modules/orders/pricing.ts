import type { EntityManager } from '@mikro-orm/postgresql';
import type { Fen } from '../../lib/money';
import type { ActivityPrice, PriceBreakdown, PricingLine } from '../../lib/pricing/step';
import type { SkuForSale } from '../catalog/queries';
import { orderSettings } from './settings';
import type { ShippingFacts } from './shipping-step';
import { Dependency } from '../../lib/dependency';

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
}

/** Prices an order with what was loaded for it. Pure. */
export type Pricer<Breakdown> = (order: OrderPricingInput) => Breakdown;

/** The composed pricing (src/server/pricing.ts), in the phases of a checkout. */
export interface OrderPricing<Breakdown extends PriceBreakdown = PriceBreakdown> {
  /** Before the checkout transaction opens: refusals that cost a read, so a rush is turned away cheaply. */
  refuseEarly(em: EntityManager, lines: readonly { skuId: string; quantity: number }[]): Promise<void>;
  /** Loads, in the caller's transaction, what the steps read beyond the order (promotions live now, the buyer's coupons); may refuse. */
  load(em: EntityManager, request: PricingRequest): Promise<Pricer<Breakdown>>;
  /** The steps with nothing loaded: the cart's estimate. */
  readonly price: Pricer<Breakdown>;
  /** Inside the checkout transaction, once the order exists: what pricing decided is recorded (the coupon locked, …); may refuse. */
  commit(tx: EntityManager, breakdown: Breakdown, orderId: string, accountId: string): Promise<void>;
  /** Inside the checkout transaction, last before the SKU stock: campaign stock taken; may refuse. */
  takeStock(tx: EntityManager, breakdown: Breakdown, orderId: string, accountId: string): Promise<void>;
  /**
   * Inside the checkout transaction, before pricing: where the sale came from (the share link, the
   * member's shop, the inviter). It gives the shop's prices by product, which the shop-price step
   * reads, and records the attribution once the order exists.
   */
  attribute(tx: EntityManager, accountId: string, shareToken: string | null, productIds: string[]): Promise<CheckoutSource>;
}

/** Where a checkout's sale came from, as pricing needs it: the shop's prices, and how to record it on the order. */
export interface CheckoutSource {
  /** The shop's price by product id, for an order through a member's shop that sets one. */
  shopPrices?: Map<string, Fen>;
  record(tx: EntityManager, orderId: string): Promise<void>;
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
  const settings = await orderSettings(em);
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

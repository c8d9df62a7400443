import { loadInOrder } from '../lib/pricing/loaders';
import { runPipeline, type PipelineBreakdown, type PipelineInput, type PipelineStep } from '../lib/pricing/pipeline';
import { unitPriceStep } from '../modules/catalog/unit-price-step';
import { couponStep } from '../modules/coupons/coupon-step';
import { loadCouponPricing, lockOrderCoupon } from '../modules/coupons/pricing-context';
import { activityPriceStep } from '../modules/orders/activity-price-step';
import type { OrderPricing } from '../modules/orders/pricing';
import { shippingStep } from '../modules/orders/shipping-step';
import { discountStep } from '../modules/promotions/discount-step';
import { loadFlashSalePrices, refuseSoldOutFlashSales, takeFlashStock } from '../modules/promotions/flash-pricing';
import { fullReductionStep } from '../modules/promotions/full-reduction-step';
import { loadPriceCampaigns, recordPriceCampaigns } from '../modules/promotions/price-campaigns';
import { shopPriceStep } from '../modules/shops/shop-price-step';
import { applicableShopPrices } from '../modules/shops/service';
import { attributeCheckout, recordAttribution } from '../modules/attribution/service';

/**
 * How an order is priced: the steps, in their order, and the checkout's part for them. This is
 * the one place the modules' pricing rules meet (the kernel, src/lib/pricing/, knows none of
 * them); checkout, the `priceCart` preview and the cart get it from the request context.
 *
 * Adding a promotion: a step in its module (a PricingStep declaring what it reads), one line in
 * PIPELINE, and — when it needs data or records something — its loader in LOADERS and its commit
 * in COMMITS. Each list runs in the order written, each entry awaited before the next: the order
 * of the SQL statements, and of the locks they take, follows it.
 */

/** The steps that price an order, in this order; each reads the lines as the steps before it left them. */
export const PIPELINE = [
  activityPriceStep, // 1. activity price: flash sale, group-buy, bargain — beats every other price (orders)
  unitPriceStep, //     2. unit price: member price or retail price (catalog)
  shopPriceStep, //     3. shop price, for an order through a member's shop (shops)
  discountStep, //      4. limited-time discount / new-customer price: the lower of it and the price so far (promotions)
  fullReductionStep, // 5. full reduction 满减 / 满送 (promotions)
  couponStep, //        6. coupon: the chosen one, or the best usable one (coupons)
  shippingStep, //      7. shipping: a flat fee, or free (orders)
] as const;

/** Before the checkout transaction opens: refusals that cost one read, so a rush is turned away cheaply. */
const EARLY_REFUSALS = [refuseSoldOutFlashSales] as const;

/** What the steps read beyond the order's own lines, loaded in the checkout transaction (and for the preview); each may refuse. */
const LOADERS = [
  loadFlashSalePrices, //  live flash sales: activity prices (refuses a sold-out one)
  loadPriceCampaigns, //   limited-time discounts, new-customer prices, full-reduction campaigns
  loadCouponPricing, //    the buyer's coupons and their choice (refuses a coupon not theirs)
] as const;

/** Inside the checkout transaction, once the order exists: what pricing decided, recorded; each may refuse. */
const COMMITS = [
  lockOrderCoupon, //      the applied coupon locked by the order
  recordPriceCampaigns, // the new-customer redemption, discounted lines, the full-reduction tier
] as const;

/** Inside the checkout transaction, last before the SKU stock (row locks held until commit). */
const STOCK_TAKERS = [takeFlashStock] as const;

type Step = (typeof PIPELINE)[number];
/** What pricing reads: every step's fields of a line and of the order. */
export type PricingContext = PipelineInput<Step>;
/** A priced order: lines, adjustments, totals, and what the coupon and full-reduction steps decided. */
export type PricedOrder = PipelineBreakdown<Step>;

/** Prices with the steps above (or, in tests, others). Pure. */
export function price(ctx: PricingContext, steps: readonly PipelineStep<Step>[] = PIPELINE): PricedOrder {
  return runPipeline(steps, ctx);
}

/** The composed pricing, in a checkout's phases: built once, shared by every request. */
export const orderPricing: OrderPricing<PricedOrder> = {
  async refuseEarly(em, lines) {
    for (const refuse of EARLY_REFUSALS) await refuse(em, lines);
  },
  async load(em, request) {
    const loaded = await loadInOrder(LOADERS, em, request);
    return (order) => price({ ...order, ...loaded });
  },
  price: (order) => price(order),
  async commit(tx, breakdown, orderId, accountId) {
    for (const commit of COMMITS) await commit(tx, breakdown, orderId, accountId);
  },
  async takeStock(tx, breakdown, orderId, accountId) {
    for (const take of STOCK_TAKERS) await take(tx, breakdown, orderId, accountId);
  },
  // The share link and the member's shop (attribution); the shop's own prices for step 3 (shops).
  async attribute(tx, accountId, shareToken, productIds) {
    const draft = await attributeCheckout(tx, accountId, shareToken);
    const shopPrices = draft.shopId ? await applicableShopPrices(tx, draft.shopId, productIds) : undefined;
    return { shopPrices, record: (t, orderId) => recordAttribution(t, orderId, draft) };
  },
};

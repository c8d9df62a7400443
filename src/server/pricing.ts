import { loaderParts, loadTogether, readLoaded } from '../lib/pricing/loaders';
import { runPipeline, type PipelineBreakdown, type PipelineInput, type PipelineStep } from '../lib/pricing/pipeline';
import { unitPriceStep } from '../modules/catalog/unit-price-step';
import { couponStep } from '../modules/coupons/coupon-step';
import { couponLoader, couponParts } from '../modules/coupons/pricing-context';
import { activityPriceStep } from '../modules/orders/activity-price-step';
import type { OrderPricing, PricingRequest } from '../modules/orders/pricing';
import { shippingStep } from '../modules/orders/shipping-step';
import { discountStep } from '../modules/promotions/discount-step';
import { flashSaleLoader, flashStockParts, inFlashSaleTurn, refuseSoldOutFlashSales } from '../modules/promotions/flash-pricing';
import { fullReductionStep } from '../modules/promotions/full-reduction-step';
import { priceCampaignLoader, priceCampaignParts } from '../modules/promotions/price-campaigns';
import { shopPriceStep } from '../modules/shops/shop-price-step';
import { checkoutSource, type CheckoutSource } from '../modules/attribution/checkout-source';
import { CONTENT_CARDS } from '../modules/content/queries';
import { liveLineupProducts } from '../modules/live/queries';

/**
 * How an order is priced: the steps, in their order, and the checkout's part for them. This is
 * the one place the modules' pricing rules meet (the kernel, src/lib/pricing/, knows none of
 * them); checkout, the `priceCart` preview and the cart get it from the request context.
 *
 * Adding a promotion: a step in its module (a PricingStep declaring what it reads), one line in
 * PIPELINE, and — when it needs data or records something — its loader in LOADERS and its commit
 * in COMMITS. The loaders all read in the checkout's one read statement and are read back in the
 * order written (the first to refuse decides); the commits and stock takers are parts of its one
 * write statement, checked in the order written.
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

/** What the steps read beyond the order's own lines, read in the checkout's one read statement (and the preview's); each may refuse, in this order. */
const LOADERS = [
  flashSaleLoader, //     live flash sales: activity prices (refuses a sold-out one)
  priceCampaignLoader, // limited-time discounts, new-customer prices, full-reduction campaigns
  couponLoader, //        the buyer's coupons and their choice (refuses a coupon not theirs)
] as const;

/** In the checkout's one write statement, with the order: what pricing decided, recorded; each may refuse, in this order. */
const COMMITS = [
  couponParts, //        the applied coupon locked by the order
  priceCampaignParts, // the new-customer redemption, discounted lines, the full-reduction tier
] as const;

/** In the checkout's one write statement, before the SKU stock (row locks held until commit). */
const STOCK_TAKERS = [flashStockParts] as const;

type Step = (typeof PIPELINE)[number];
type Loader = (typeof LOADERS)[number];
/** What pricing reads: every step's fields of a line and of the order. */
export type PricingContext = PipelineInput<Step>;
/** A priced order: lines, adjustments, totals, and what the coupon and full-reduction steps decided. */
export type PricedOrder = PipelineBreakdown<Step>;

/** Prices with the steps above (or, in tests, others). Pure. */
export function price(ctx: PricingContext, steps: readonly PipelineStep<Step>[] = PIPELINE): PricedOrder {
  return runPipeline(steps, ctx);
}

/** The composed pricing, in a checkout's phases: built once, shared by every request. */
export const orderPricing: OrderPricing<PricedOrder, CheckoutSource> = {
  async refuseEarly(em, lines) {
    for (const refuse of EARLY_REFUSALS) await refuse(em, lines);
  },
  // A flash sale's rush waits its turn per SKU in memory.
  inTurn: (lines, work) => inFlashSaleTurn(lines, work),
  loadParts: (request) => loaderParts<PricingRequest>(LOADERS, request),
  pricer(found, request) {
    const loaded = readLoaded<PricingRequest, Loader>(LOADERS, found, request);
    return (order) => price({ ...order, ...loaded });
  },
  async load(em, request) {
    const loaded = await loadTogether<PricingRequest, Loader>(LOADERS, em, request);
    return (order) => price({ ...order, ...loaded });
  },
  price: (order) => price(order),
  // The commits' parts, then the stock takers': in the checkout's one write statement, before the SKU stock.
  writeParts: (breakdown, orderId, accountId, request) => [
    ...COMMITS.flatMap((commit) => commit(breakdown, orderId, accountId, request)),
    ...STOCK_TAKERS.flatMap((take) => take(breakdown, orderId, accountId)),
  ],
  // The share links and their precedence, the member's shop (attribution) over the cards of published articles (content) and the lineups
  // of live sessions (live), the shop's own prices for step 3 (shops).
  ...checkoutSource(CONTENT_CARDS, liveLineupProducts),
};

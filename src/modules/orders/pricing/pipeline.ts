import type { Fen } from '../../../lib/money';
import { runPipeline, type PipelineBreakdown, type PipelineInput, type PipelineStep } from '../../../lib/pricing/pipeline';
import type { ActivityPrice } from '../../../lib/pricing/step';
import { unitPriceStep } from '../../catalog/unit-price-step';
import { couponStep, type CouponPricing } from '../../coupons/coupon-step';
import { discountStep, type DiscountOffer } from '../../promotions/discount-step';
import { fullReductionStep, type FullReductionOffer } from '../../promotions/full-reduction-step';
import { shopPriceStep } from '../../shops/shop-price-step';
import { activityPriceStep } from '../activity-price-step';
import { shippingStep } from '../shipping-step';

/**
 * The steps that price an order, in their order; each lives in the module whose rule it is, and
 * the kernel that runs them (src/lib/pricing/) knows none of them. Each reads the lines as the
 * steps before it left them.
 */
export const PIPELINE = [
  activityPriceStep, // 1. activity price: flash sale, group-buy, bargain — beats every other price (orders)
  unitPriceStep, //     2. unit price: member price or retail price (catalog)
  shopPriceStep, //     3. shop price, for an order through a member's shop (shops)
  discountStep, //      4. limited-time discount / new-customer price: the lower of it and the price so far (promotions)
  fullReductionStep, // 5. full reduction 满减 / 满送 (promotions)
  couponStep, //        6. coupon: the chosen one, or the best usable one (coupons)
  shippingStep, //      7. shipping: a flat fee, or free (orders)
] as const;

type Step = (typeof PIPELINE)[number];
/** What pricing reads: every step's fields of a line and of the order. */
export type PricingContext = PipelineInput<Step>;
export type PricingLineInput = PricingContext['lines'][number];
/** A priced order: lines, adjustments, totals, and what the coupon and full-reduction steps decided. */
export type PricedOrder = PipelineBreakdown<Step>;

/** What the promotions modules load before pricing (promotions/checkout.ts): coupons, and activity prices by SKU id. */
export interface PricingPromotions {
  coupons?: CouponPricing | null;
  discounts?: Map<string, DiscountOffer>;
  newCustomerPrices?: Map<string, Fen>;
  fullReductions?: FullReductionOffer[];
  activityPrices?: Map<string, ActivityPrice>;
}

/** Prices with the steps above (or, in tests, others). Pure. */
export function price(ctx: PricingContext, steps: readonly PipelineStep<Step>[] = PIPELINE): PricedOrder {
  return runPipeline(steps, ctx);
}

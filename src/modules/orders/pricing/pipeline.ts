import type { Fen } from '../../../lib/money';
import { couponStep } from '../../coupons/step';
import type { CouponOutcome, CouponPricing } from '../../coupons/step';
import { discountStep, fullReductionStep } from '../../promotions/steps';
import type { DiscountOffer, FullReductionOffer, FullReductionOutcome } from '../../promotions/steps';
import { allocate } from './allocate';

/**
 * The order pricing pipeline: one ordered list of steps that turns lines into a frozen price
 * breakdown. The documented order is
 *
 *   1. activity price (flash sale, group price, bargain)   — the line's `activityPrice`
 *   2. unit price: member price or retail price              — lines without an activity price
 *   3. shop price (an order through a member's shop)         — lines without an activity price
 *   4. limited-time discount / new-customer price: the lower
 *      of it and the member or shop price                     — promotions/steps.ts
 *   5. full reduction (满减 / 满送)                           — promotions/steps.ts
 *   6. coupon: the chosen one, or the best usable one         — coupons/step.ts
 *   7. shipping                                               — here
 *
 * The shop price comes after the unit price because it replaces the retail price (up or down:
 * it is the member's resale price inside the price-control band) but never a member's lower
 * member price, and before every discount, which is computed on what the line costs.
 *
 * A promotion adds a step to PIPELINE, never a fork of the pipeline. Steps only read the context
 * and write the state; every amount is integer fen.
 */

export type PriceReason = 'RETAIL' | 'MEMBER_PRICE' | 'SHOP_PRICE' | ActivityKind;

/** The campaigns that set a line's price outright: the activity's price beats member and shop prices. */
export type ActivityKind = 'FLASH_SALE' | 'GROUP_BUY' | 'BARGAIN';

/**
 * A price set for a line by a campaign, decided before pricing by the module that owns the
 * campaign (which also checks its limits and takes its stock inside the checkout transaction).
 */
export interface ActivityPrice {
  kind: ActivityKind;
  campaignId: string;
  unitPrice: Fen;
}

export interface PricingLineInput {
  skuId: string;
  productId: string;
  categoryId: string;
  quantity: number;
  retailPrice: Fen;
  memberPrice: Fen | null;
  /** The shop price that applies to this product (the order goes through a shop, the price is in band); absent otherwise. */
  shopPrice?: Fen | null;
  /** A campaign's price for this line (flash sale, group-buy, bargain); absent for ordinary lines. */
  activityPrice?: ActivityPrice | null;
}

/** What the promotions modules load before pricing (promotions/checkout.ts): coupons, and activity prices by SKU id. */
export interface PricingPromotions {
  coupons?: CouponPricing | null;
  discounts?: Map<string, DiscountOffer>;
  newCustomerPrices?: Map<string, Fen>;
  fullReductions?: FullReductionOffer[];
  activityPrices?: Map<string, ActivityPrice>;
}

export interface PricingContext {
  lines: PricingLineInput[];
  buyerIsMember: boolean;
  shipping: { flatFee: Fen; freeAbove: Fen | null };
  /** The buyer's coupons and which to use, loaded before pricing (coupons/pricing-context.ts); absent: no coupon step. */
  coupons?: CouponPricing | null;
  /** Limited-time discounts live now, by SKU id. */
  discounts?: Map<string, DiscountOffer>;
  /** New-customer prices by SKU id; given only for the buyer's first order. */
  newCustomerPrices?: Map<string, Fen>;
  /** Full-reduction campaigns live now. */
  fullReductions?: FullReductionOffer[];
}

export interface LineDiscount {
  code: string;
  amount: Fen;
}

export interface PricedLine {
  skuId: string;
  quantity: number;
  unitPrice: Fen;
  priceReason: PriceReason;
  /** unitPrice × quantity */
  subtotal: Fen;
  /** The campaign whose price this line carries, if any. */
  activity: ActivityPrice | null;
  /** This line's share of each order-level discount, so lines always sum to the order. */
  discounts: LineDiscount[];
  /** subtotal − discounts: what the buyer pays for this line. */
  total: Fen;
}

/** A named line of the breakdown: negative for discounts, positive for charges such as shipping. */
export interface Adjustment {
  code: string;
  label: string;
  amount: Fen;
}

export interface PriceBreakdown {
  lines: PricedLine[];
  subtotal: Fen;
  adjustments: Adjustment[];
  discountTotal: Fen;
  shippingFee: Fen;
  total: Fen;
  /** What the coupon step decided: every coupon with its discount or why it cannot be used, and the one applied. */
  coupon?: CouponOutcome;
  /** The full-reduction tier applied, if any (its gift coupon is issued when the order is paid). */
  fullReduction?: FullReductionOutcome;
}

export interface PricingState {
  lines: PricedLine[];
  adjustments: Adjustment[];
  shippingFee: Fen;
  coupon?: CouponOutcome;
  fullReduction?: FullReductionOutcome;
  /** A full-reduction tier waived shipping. */
  freeShipping?: boolean;
}

export interface PricingStep {
  name: string;
  apply(state: PricingState, ctx: PricingContext): void;
}

/** Step 1: a line in a campaign carries the campaign's price; the other lines start at retail. */
export const activityPriceStep: PricingStep = {
  name: 'activity-price',
  apply(state, ctx) {
    state.lines = ctx.lines.map((line) => {
      const activity = line.activityPrice ?? null;
      const unitPrice = activity ? activity.unitPrice : line.retailPrice;
      const subtotal = unitPrice * line.quantity;
      return { skuId: line.skuId, quantity: line.quantity, unitPrice, priceReason: activity ? activity.kind : 'RETAIL', activity, subtotal, discounts: [], total: subtotal };
    });
  },
};

/** Step 2: members pay the member price where a SKU has one (campaign lines keep theirs). */
export const unitPriceStep: PricingStep = {
  name: 'unit-price',
  apply(state, ctx) {
    if (!ctx.buyerIsMember) return;
    const memberPrices = new Map(ctx.lines.map((l) => [l.skuId, l.memberPrice]));
    for (const line of state.lines) {
      const memberPrice = memberPrices.get(line.skuId);
      if (line.activity || memberPrice == null || memberPrice >= line.unitPrice) continue;
      line.unitPrice = memberPrice;
      line.priceReason = 'MEMBER_PRICE';
      line.subtotal = memberPrice * line.quantity;
      line.total = line.subtotal - line.discounts.reduce((sum, d) => sum + d.amount, 0);
    }
  },
};

/**
 * Step 3: through a member's shop, the shop's price replaces the retail price of the products it
 * sets one for; a member buyer keeps their member price where it is lower.
 */
export const shopPriceStep: PricingStep = {
  name: 'shop-price',
  apply(state, ctx) {
    const shopPrices = new Map(ctx.lines.map((l) => [l.skuId, l.shopPrice ?? null]));
    for (const line of state.lines) {
      const shopPrice = shopPrices.get(line.skuId);
      if (shopPrice == null || line.activity) continue;
      const replaces = line.priceReason === 'RETAIL' || (line.priceReason === 'MEMBER_PRICE' && shopPrice < line.unitPrice);
      if (!replaces) continue;
      line.unitPrice = shopPrice;
      line.priceReason = 'SHOP_PRICE';
      line.subtotal = shopPrice * line.quantity;
      line.total = line.subtotal - line.discounts.reduce((sum, d) => sum + d.amount, 0);
    }
  },
};

/** Step 6: a flat fee, waived when the goods (after discounts) reach the free-shipping threshold. */
export const shippingStep: PricingStep = {
  name: 'shipping',
  apply(state, ctx) {
    const goods = state.lines.reduce((sum, l) => sum + l.total, 0);
    const free = state.freeShipping || (ctx.shipping.freeAbove != null && goods >= ctx.shipping.freeAbove);
    state.shippingFee = free || state.lines.length === 0 ? 0 : ctx.shipping.flatFee;
    if (state.shippingFee > 0) state.adjustments.push({ code: 'SHIPPING', label: '运费 Shipping', amount: state.shippingFee });
  },
};

export const PIPELINE: PricingStep[] = [activityPriceStep, unitPriceStep, shopPriceStep, discountStep, fullReductionStep, couponStep, shippingStep];

/**
 * An order-level discount, spread over the lines by their current totals. Steps for full
 * reduction and coupons call this, so every line knows its share.
 */
export function applyOrderDiscount(state: PricingState, code: string, label: string, amount: Fen): void {
  const goods = state.lines.reduce((sum, l) => sum + l.total, 0);
  const capped = Math.min(amount, goods);
  if (capped <= 0) return;
  const shares = allocate(capped, state.lines.map((l) => l.total));
  state.lines.forEach((line, i) => {
    if (shares[i] === 0) return;
    line.discounts.push({ code, amount: shares[i] });
    line.total -= shares[i];
  });
  state.adjustments.push({ code, label, amount: -capped });
}

export function price(ctx: PricingContext, steps: PricingStep[] = PIPELINE): PriceBreakdown {
  const state: PricingState = { lines: [], adjustments: [], shippingFee: 0 };
  for (const step of steps) step.apply(state, ctx);
  const subtotal = state.lines.reduce((sum, l) => sum + l.subtotal, 0);
  const goods = state.lines.reduce((sum, l) => sum + l.total, 0);
  return {
    lines: state.lines,
    subtotal,
    adjustments: state.adjustments,
    discountTotal: subtotal - goods,
    shippingFee: state.shippingFee,
    total: goods + state.shippingFee,
    ...(state.coupon ? { coupon: state.coupon } : {}),
    ...(state.fullReduction ? { fullReduction: state.fullReduction } : {}),
  };
}

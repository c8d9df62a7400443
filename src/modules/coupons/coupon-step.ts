import { formatFen, type Fen } from '../../lib/money';
import { spreadDiscount } from '../../lib/pricing/spread';
import type { PricingState, PricingStep, StepInput } from '../../lib/pricing/step';
import { describeLocal, localParts } from './local-time';

/** A coupon of the buyer as pricing needs it: its template's rule, with the category scope already expanded to descendants. */
export interface CouponOffer {
  couponId: string;
  name: string;
  kind: 'AMOUNT_OFF' | 'PERCENT_OFF';
  amountOff: Fen | null;
  /** 1 to 9999 basis points (1500 = 15% off). */
  percentOffBp: number | null;
  maxDiscount: Fen | null;
  /** The eligible goods must cost at least this; 0 = no threshold. */
  threshold: Fen;
  scope: 'ALL' | 'PRODUCTS' | 'CATEGORIES';
  productIds: string[];
  /** The scope's categories and all their descendants. */
  categoryIds: string[];
  validFrom: Date;
  validUntil: Date;
}

export type CouponChoice = { mode: 'best' } | { mode: 'none' } | { mode: 'chosen'; couponId: string };

export interface CouponPricing {
  offers: CouponOffer[];
  choice: CouponChoice;
  now: Date;
  timeZone: string;
}

/** What the coupon step reads of a line: where it sits, for the coupon's scope. */
export interface CouponLine {
  productId: string;
  categoryId: string;
}
export interface CouponFacts {
  /** The buyer's coupons and which to use, loaded before pricing (pricing-context.ts); absent: the step does nothing. */
  coupons?: CouponPricing | null;
}

export type UnusableReason = 'NOT_STARTED' | 'EXPIRED' | 'NOT_IN_SCOPE' | 'BELOW_THRESHOLD';

export interface CouponOption {
  couponId: string;
  usable: boolean;
  /** What it would take off this order (0 when unusable). */
  discount: Fen;
  reasonCode: UnusableReason | null;
  reason: string | null;
  /** Which lines it applies to (by position). */
  eligible: boolean[];
}

export interface CouponOutcome {
  options: CouponOption[];
  /** The coupon applied, or null. */
  appliedCouponId: string | null;
  /** The buyer chose a coupon that cannot be used on this order: checkout refuses it with the option's reason. */
  chosenUnusable: CouponOption | null;
}

const yuan = (fen: Fen) => `¥${formatFen(fen)}`;

/** Whether one coupon can be used on the lines as they cost now, and what it takes off. Pure. */
export function evaluateCoupon(offer: CouponOffer, state: PricingState, input: StepInput<CouponLine>, now: Date, timeZone: string): CouponOption {
  const refuse = (reasonCode: UnusableReason, reason: string, eligible: boolean[] = []): CouponOption => ({
    couponId: offer.couponId,
    usable: false,
    discount: 0,
    reasonCode,
    reason,
    eligible,
  });
  if (now < offer.validFrom) return refuse('NOT_STARTED', `starts ${describeLocal(offer.validFrom, now, timeZone)}`);
  if (now >= offer.validUntil) {
    const until = localParts(offer.validUntil, timeZone);
    return refuse('EXPIRED', `expired ${until.date} ${until.time}`);
  }
  const products = new Set(offer.productIds);
  const categories = new Set(offer.categoryIds);
  // Lines at a campaign's price (flash sale, group-buy, bargain) are already promoted: no coupon on top.
  const eligible = state.lines.map((priced, i) => {
    const line = input.lines[i];
    if (priced.activity) return false;
    if (offer.scope === 'PRODUCTS') return products.has(line.productId);
    if (offer.scope === 'CATEGORIES') return categories.has(line.categoryId);
    return true;
  });
  if (!eligible.some(Boolean)) return refuse('NOT_IN_SCOPE', 'not valid for these products');
  const goods = state.lines.reduce((sum, l, i) => sum + (eligible[i] ? l.total : 0), 0);
  if (goods < offer.threshold) {
    const scoped = offer.scope === 'ALL' ? '' : ' (on the products it is valid for)';
    return refuse('BELOW_THRESHOLD', `${yuan(offer.threshold - goods)} short of the ${yuan(offer.threshold)} threshold${scoped}`, eligible);
  }
  let discount = offer.kind === 'AMOUNT_OFF' ? (offer.amountOff ?? 0) : Math.floor((goods * (offer.percentOffBp ?? 0)) / 10_000);
  if (offer.maxDiscount != null) discount = Math.min(discount, offer.maxDiscount);
  discount = Math.min(discount, goods);
  return { couponId: offer.couponId, usable: true, discount, reasonCode: null, reason: null, eligible };
}

/**
 * Step 6 of PIPELINE: the coupon. Every coupon of the buyer is evaluated against the lines as they
 * cost after the earlier steps; the chosen one is applied, or — when the buyer chose none — the
 * usable one that takes the most off (ties: the one that expires first). The discount is spread
 * over the lines it is valid for. The breakdown's `coupon` says what was decided.
 */
export const couponStep: PricingStep<CouponLine, CouponFacts, { coupon: CouponOutcome }> = {
  name: 'coupon',
  apply(state, input) {
    const pricing = input.coupons;
    if (!pricing || state.lines.length === 0) return;
    const options = pricing.offers.map((offer) => evaluateCoupon(offer, state, input, pricing.now, pricing.timeZone));
    const offerOf = new Map(pricing.offers.map((o) => [o.couponId, o]));
    let applied: CouponOption | null = null;
    let chosenUnusable: CouponOption | null = null;
    if (pricing.choice.mode === 'chosen') {
      const chosenId = pricing.choice.couponId;
      const chosen = options.find((o) => o.couponId === chosenId) ?? null;
      if (chosen?.usable) applied = chosen;
      else chosenUnusable = chosen;
    } else if (pricing.choice.mode === 'best') {
      for (const option of options) {
        if (!option.usable || option.discount <= 0) continue;
        if (
          !applied ||
          option.discount > applied.discount ||
          (option.discount === applied.discount && offerOf.get(option.couponId)!.validUntil < offerOf.get(applied.couponId)!.validUntil)
        )
          applied = option;
      }
    }
    if (applied) spreadDiscount(state, 'COUPON', `优惠券 Coupon: ${offerOf.get(applied.couponId)!.name}`, applied.discount, applied.eligible);
    state.coupon = { options, appliedCouponId: applied?.couponId ?? null, chosenUnusable };
  },
};

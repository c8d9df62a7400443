import type { Fen } from '../money';

/**
 * The pricing kernel's contracts. A step is a name, what it reads of each line and of the order,
 * and what it does to the breakdown; the kernel runs a list of them (pipeline.ts) and knows no
 * domain: each step lives in the module whose rule it is, and one list, PIPELINE in
 * src/server/pricing.ts, puts them in their order. Every amount is integer fen.
 */

/** A line as pricing starts from it: the SKU, how many, and its list (retail) price. */
export interface PricingLine {
  skuId: string;
  quantity: number;
  retailPrice: Fen;
}

/** What a step reads: the lines, each with the fields `Line` names, and the order-wide facts `Facts` names. */
export type StepInput<Line extends object = object, Facts extends object = object> = Facts & { lines: readonly (PricingLine & Line)[] };

/**
 * A price a campaign sets for a line outright (a flash sale, a group-buy, a bargain). Such a line
 * is already promoted: no later step changes its price or discounts it. `kind` is also the line's
 * price reason.
 */
export interface ActivityPrice {
  kind: string;
  campaignId: string;
  unitPrice: Fen;
}

export interface LineDiscount {
  code: string;
  amount: Fen;
}

export interface PricedLine {
  skuId: string;
  quantity: number;
  unitPrice: Fen;
  /** Why the unit price is what it is: RETAIL until a step sets another price (MEMBER_PRICE, SHOP_PRICE, an activity's kind). */
  priceReason: string;
  /** unitPrice × quantity */
  subtotal: Fen;
  /** The campaign whose price this line carries, if any. */
  activity: ActivityPrice | null;
  /** This line's share of each discount, so lines always sum to the order. */
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

/** What the steps work on, one after the other. */
export interface PricingState {
  lines: PricedLine[];
  adjustments: Adjustment[];
  shippingFee: Fen;
  /** A step waived shipping (a full-reduction tier); the shipping step reads it. */
  freeShipping?: boolean;
}

/**
 * One step of pricing: `Line` and `Facts` are what it reads (see StepInput), `Outcome` what it adds
 * to the breakdown besides lines and adjustments (a coupon step: which coupon it applied). Steps
 * only read the input and write the state, in place.
 */
export interface PricingStep<Line extends object = object, Facts extends object = object, Outcome extends object = object> {
  readonly name: string;
  apply(state: PricingState & Partial<Outcome>, input: StepInput<Line, Facts>): void;
}

export interface PriceBreakdown {
  lines: PricedLine[];
  subtotal: Fen;
  adjustments: Adjustment[];
  discountTotal: Fen;
  shippingFee: Fen;
  total: Fen;
}

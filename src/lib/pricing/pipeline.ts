import type { PriceBreakdown, PricedLine, PricingLine, PricingState, PricingStep, StepInput } from './step';

/** `A | B` → `A & B`: what several steps (or loaders) declare, together. */
export type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** What several steps declare, together (an object type). */
type Together<U> = UnionToIntersection<U> & object;

type LineOf<S> = S extends PricingStep<infer Line, infer _Facts, infer _Outcome> ? Line : never;
type FactsOf<S> = S extends PricingStep<infer _Line, infer Facts, infer _Outcome> ? Facts : never;
type OutcomeOf<S> = S extends PricingStep<infer _Line, infer _Facts, infer Outcome> ? Outcome : never;

/** What a list of steps (`S`: the union of their types) reads, together: every field any of them reads of a line or of the order. */
export type PipelineInput<S> = StepInput<Together<LineOf<S>>, Together<FactsOf<S>>>;

/** The breakdown a list of steps gives: lines and adjustments, and each step's outcome when it had one. */
export type PipelineBreakdown<S> = PriceBreakdown & Partial<Together<OutcomeOf<S>>>;

/** A step that can stand in a list of steps `S`: it reads no more than they read together and adds no other outcome. */
export type PipelineStep<S> = PricingStep<Together<LineOf<S>>, Together<FactsOf<S>>, Together<OutcomeOf<S>>>;

/** Every line starts at its list price; the steps change it from there. */
function startLine(line: PricingLine): PricedLine {
  const subtotal = line.retailPrice * line.quantity;
  return {
    skuId: line.skuId,
    quantity: line.quantity,
    unitPrice: line.retailPrice,
    priceReason: 'RETAIL',
    activity: null,
    subtotal,
    discounts: [],
    total: subtotal,
  };
}

/** Runs the steps in the order given over the input and sums up the breakdown. Pure: no I/O. */
export function runPipeline<Line extends object, Facts extends object, Outcome extends object>(
  steps: readonly PricingStep<Line, Facts, Outcome>[],
  input: StepInput<Line, Facts>,
): PriceBreakdown & Partial<Outcome> {
  const start: PricingState = { lines: input.lines.map(startLine), adjustments: [], shippingFee: 0 };
  // No step has added its outcome yet: every outcome is optional.
  const state = start as PricingState & Partial<Outcome>;
  for (const step of steps) step.apply(state, input);
  const { lines, adjustments, shippingFee, freeShipping: _waived, ...outcomes } = state;
  const subtotal = lines.reduce((sum, l) => sum + l.subtotal, 0);
  const goods = lines.reduce((sum, l) => sum + l.total, 0);
  // What is left of the state is what the steps added: their outcomes.
  return { lines, subtotal, adjustments, discountTotal: subtotal - goods, shippingFee, total: goods + shippingFee, ...outcomes } as PriceBreakdown &
    Partial<Outcome>;
}

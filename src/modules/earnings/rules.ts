import type { Fen } from '../../lib/money';
import { OverrideKind } from './entities';

/** Why an earnings mutation was refused. */
export enum EarningsErrorCode {
  INVALID_SETTINGS = 'INVALID_SETTINGS',
  PRODUCT_NOT_FOUND = 'PRODUCT_NOT_FOUND',
  SKU_NOT_FOUND = 'SKU_NOT_FOUND',
  INVALID_OVERRIDE = 'INVALID_OVERRIDE',
  OVERRIDE_NOT_FOUND = 'OVERRIDE_NOT_FOUND',
  BELOW_MINIMUM = 'BELOW_MINIMUM',
  INSUFFICIENT_AVAILABLE = 'INSUFFICIENT_AVAILABLE',
  DEBT_OUTSTANDING = 'DEBT_OUTSTANDING',
  WITHDRAWAL_NOT_FOUND = 'WITHDRAWAL_NOT_FOUND',
  ILLEGAL_TRANSITION = 'ILLEGAL_TRANSITION',
  INVALID_REASON = 'INVALID_REASON',
  INVALID_AMOUNT = 'INVALID_AMOUNT',
  ACCOUNT_NOT_FOUND = 'ACCOUNT_NOT_FOUND',
  INVALID_IDEMPOTENCY_KEY = 'INVALID_IDEMPOTENCY_KEY',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
}

export const BASIS_POINTS = 10_000;
export const MAX_LEVELS = 3;
export const MAX_FROZEN_DAYS = 90;
export const MAX_WITHDRAWAL_FEE_RATE = 5_000;

/** The rule version an order earns by (the columns of commission_rule_version). */
export interface RuleVersion {
  id: string;
  levels: number;
  level1_rate: number;
  level2_rate: number;
  level3_rate: number;
  self_purchase: boolean;
  bonus_level1: Fen;
  bonus_level2: Fen;
  frozen_days: number;
  withdrawal_minimum: Fen;
  withdrawal_fee_rate: number;
  effective_from: Date | string;
}

export interface OverrideRow {
  product_id: string;
  sku_id: string | null;
  kind: OverrideKind;
  level1: number;
  level2: number;
  level3: number;
}

/** An order's frozen attribution, as earnings need it. */
export interface Attribution {
  buyerId: string;
  sharerId: string | null;
  inviterId: string | null;
  shopId: string | null;
  entry: string | null;
  selfPurchase: boolean;
}

/** A member who earns at a level, and the path from the buyer up to them. */
export interface Earner {
  level: number;
  memberId: string;
  path: string[];
}

/**
 * Who earns commission on an order — the rule, in one place:
 *
 * - With a share (the order is attributed to a sharer): level 1 is the sharer, level 2 the
 *   sharer's inviter, level 3 (when the rules have 3 levels) that member's inviter.
 * - Self-purchase (the buyer shared the link or owns the shop): with the setting on, the buyer is
 *   level 1 as above; with it off the share is ignored and the rule below applies.
 * - Without a share: level 1 is the buyer's bound inviter (as frozen on the order), level 2 that
 *   inviter's inviter, and so on.
 * - Only current members earn. A level whose member is not a member now is SKIPPED: nobody is
 *   paid for that level and the levels above keep their own level and rate (no compression),
 *   so what an upline earns never depends on someone else's membership.
 *
 * `chainFrom(x)` is x followed by its ancestors, nearest first (the referral tree);
 * `isMember` the accounts that are members now.
 */
export function whoEarns(
  attribution: Attribution,
  levels: number,
  selfPurchaseOn: boolean,
  chainFrom: (id: string) => string[],
  isMember: (id: string) => boolean,
): Earner[] {
  const viaShare = attribution.sharerId != null && (!attribution.selfPurchase || selfPurchaseOn);
  const start = viaShare ? attribution.sharerId : attribution.inviterId;
  if (!start) return [];
  const chain = chainFrom(start).slice(0, Math.min(levels, MAX_LEVELS));
  const earners: Earner[] = [];
  chain.forEach((memberId, i) => {
    if (!isMember(memberId)) return;
    const path = [attribution.buyerId, ...chain.slice(0, i + 1)].filter((id, j, all) => j === 0 || id !== all[j - 1]);
    earners.push({ level: i + 1, memberId, path });
  });
  return earners;
}

/** How a level's commission on a line is computed: a percentage (basis points) of the base, or fen per unit. */
export interface LineRate {
  kind: OverrideKind;
  value: number;
}

/** The SKU's override beats the product's, which beats the version's rate for the level. */
export function rateFor(version: RuleVersion, overrides: OverrideRow[], productId: string, skuId: string, level: number): LineRate {
  const pick = (o: OverrideRow) => ({ kind: o.kind, value: [o.level1, o.level2, o.level3][level - 1] });
  const sku = overrides.find((o) => o.sku_id === skuId);
  if (sku) return pick(sku);
  const product = overrides.find((o) => o.sku_id == null && o.product_id === productId);
  if (product) return pick(product);
  return { kind: OverrideKind.PERCENT, value: [version.level1_rate, version.level2_rate, version.level3_rate][level - 1] };
}

/** Rounded down to the fen (the member never gets a fraction more than the rate); a fixed amount never exceeds the base. */
export function commission(rate: LineRate, base: Fen, quantity: number): Fen {
  if (base <= 0) return 0;
  if (rate.kind === OverrideKind.FIXED) return Math.min(base, rate.value * quantity);
  return Math.floor((base * rate.value) / BASIS_POINTS);
}

/**
 * Each level's commission on one line, given out level by level (level 1 first) from what is
 * left of the base, so that all levels together never exceed the base — whatever the overrides.
 */
export function levelCommissions(rates: LineRate[], base: Fen, quantity: number): Fen[] {
  let left = Math.max(0, base);
  return rates.map((rate) => {
    const amount = Math.min(left, commission(rate, base, quantity));
    left -= amount;
    return amount;
  });
}

/**
 * The shop owner's margin on a line sold at their shop price above the base (retail) price:
 * (shop price − base price) × quantity, never more than what the buyer paid for the line.
 */
export function shopMargin(priceReason: string, unitPrice: Fen, basePrice: Fen, quantity: number, lineTotal: Fen): Fen {
  if (priceReason !== 'SHOP_PRICE' || unitPrice <= basePrice) return 0;
  return Math.min(lineTotal, (unitPrice - basePrice) * quantity);
}

/**
 * What of an entry a refund reverses so far: floor(entry × refunded / line total). Reversing the
 * difference to what was reversed before keeps the sum of reversals exact — never more than the
 * entry, and all of it once the line is refunded in full.
 */
export function reversedSoFar(entry: Fen, refunded: Fen, lineTotal: Fen): Fen {
  if (lineTotal <= 0 || refunded >= lineTotal) return entry;
  return Math.floor((entry * refunded) / lineTotal);
}

/** The withdrawal fee: the rate of the amount, rounded to the nearest fen (halves up). */
export function withdrawalFee(amount: Fen, rate: number): Fen {
  return Math.floor((amount * rate + BASIS_POINTS / 2) / BASIS_POINTS);
}

/** What each EarningsErrorCode means, for the schema. */
export const earningsErrorCodeDescriptions: Record<keyof typeof EarningsErrorCode, { description: string }> = {
  INVALID_SETTINGS: { description: 'A commission or withdrawal setting is out of range; the message names it.' },
  PRODUCT_NOT_FOUND: { description: 'No product has this id.' },
  SKU_NOT_FOUND: { description: 'No SKU of this product has this id.' },
  INVALID_OVERRIDE: { description: 'A commission override is negative or not whole, or its levels together exceed 100% or the price.' },
  OVERRIDE_NOT_FOUND: { description: 'The product or SKU has no commission override to remove.' },
  BELOW_MINIMUM: { description: 'The withdrawal amount is below the minimum withdrawal.' },
  INSUFFICIENT_AVAILABLE: { description: 'The withdrawal amount is more than the available earnings.' },
  DEBT_OUTSTANDING: { description: 'The earnings carry a debt from refunds: withdrawals wait until later earnings have paid it.' },
  WITHDRAWAL_NOT_FOUND: { description: 'No withdrawal has this id.' },
  ILLEGAL_TRANSITION: { description: "The withdrawal's status does not allow this step now; the message says which status it needs." },
  INVALID_REASON: { description: 'The reason is missing or too long.' },
  INVALID_AMOUNT: { description: 'The amount is not more than 0.' },
  ACCOUNT_NOT_FOUND: { description: 'No account has this id.' },
  INVALID_IDEMPOTENCY_KEY: { description: 'The idempotency key is not 8 to 128 letters, digits or ._:- characters.' },
  IDEMPOTENCY_KEY_REUSED: { description: 'This idempotency key was already used with different input.' },
};

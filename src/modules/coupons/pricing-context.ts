import { DomainError } from '../../lib/errors';
import { ChoiceTaken } from '../../lib/pricing/choice-taken';
import type { PricingLoader } from '../../lib/pricing/loaders';
import { q, sql, type StatementPart } from '../../lib/sql';
import { categoriesUnder } from '../catalog/queries';
import { OrderErrorCode } from '../orders/errors';
import { OPERATOR_TIME_ZONE } from './queries';
import type { CouponChoice, CouponFacts, CouponOffer, CouponOutcome } from './coupon-step';

/** What the buyer asked for at checkout or in a preview: a coupon, none, or (neither given) the best one. */
export interface CouponRequest {
  accountId: string | null;
  /** Decoded id; NO_SUCH_ID when the given id did not decode. */
  couponId?: string | null;
  noCoupon?: boolean | null;
  /** Coupons another order of the buyer took while this checkout priced: not chosen again. */
  excludedCouponIds?: readonly string[];
}

interface OfferRow {
  id: string;
  name: string;
  kind: 'amount_off' | 'percent_off';
  amount_off: number | null;
  percent_off_bp: number | null;
  max_discount: number | null;
  threshold: number;
  scope: 'all' | 'products' | 'categories';
  product_ids: string[];
  category_ids: string[];
  valid_from: string;
  valid_until: string;
}

/**
 * A pricing loader (src/server/pricing.ts): what the coupon step needs — all the buyer's available
 * coupons (no cut, so a chosen coupon is always found and the best is never missed; the
 * owner/status index serves it) with their rules (category scopes expanded to every descendant
 * through the catalog's materialized path), the choice and the operator's time zone. Checkout and
 * the price preview both run it, so they price alike. `excludedCouponIds`: coupons another order
 * of the buyer took while this checkout priced (ChoiceTaken), left out of the best choice.
 */
export const couponLoader: PricingLoader<CouponRequest, CouponFacts> = {
  query(request) {
    if (!request.accountId) return null;
    return {
      result: q`json_build_object(
        'time_zone', ${OPERATOR_TIME_ZONE},
        'offers', (select coalesce(json_agg(x), '[]') from (
          select c.id, t.name, t.kind, coalesce(c.amount_off, t.amount_off) as amount_off, t.percent_off_bp, t.max_discount, t.threshold, t.scope, t.product_ids,
                 case when t.scope = 'categories' then to_jsonb(${categoriesUnder(sql('array(select jsonb_array_elements_text(t.category_ids)::uuid)'))}) else '[]'::jsonb end as category_ids,
                 c.valid_from, c.valid_until
            from coupon c join coupon_template t on t.id = c.template_id
           where c.owner_id = ${request.accountId} and c.status = 'available'
           order by c.valid_until, c.id) x))`,
    };
  },
  read(found, request) {
    if (!request.accountId) return {};
    if (request.noCoupon && request.couponId)
      throw new DomainError(OrderErrorCode.COUPON_UNUSABLE, 'Give a couponId or noCoupon: true, not both', ['input', 'couponId']);
    const choice: CouponChoice = request.noCoupon ? { mode: 'none' } : request.couponId ? { mode: 'chosen', couponId: request.couponId } : { mode: 'best' };
    const { time_zone: timeZone, offers } = found as { time_zone: string; offers: OfferRow[] };
    if (choice.mode === 'chosen' && !offers.some((r) => r.id === choice.couponId)) {
      throw new DomainError(
        OrderErrorCode.COUPON_NOT_AVAILABLE,
        'You have no available coupon with this id (it may be used, locked by another unpaid order, or not yours)',
        ['input', 'couponId'],
      );
    }
    const excluded = new Set(request.excludedCouponIds ?? []);
    return {
      coupons: {
        offers: offers.filter((r) => !excluded.has(r.id)).map(offerOf),
        choice,
        now: new Date(),
        timeZone,
      },
    };
  },
};

function offerOf(r: OfferRow): CouponOffer {
  return {
    couponId: r.id,
    name: r.name,
    kind: r.kind === 'amount_off' ? 'AMOUNT_OFF' : 'PERCENT_OFF',
    amountOff: r.amount_off,
    percentOffBp: r.percent_off_bp,
    maxDiscount: r.max_discount,
    threshold: r.threshold,
    scope: r.scope.toUpperCase() as CouponOffer['scope'],
    productIds: r.product_ids,
    categoryIds: r.category_ids,
    validFrom: new Date(r.valid_from),
    validUntil: new Date(r.valid_until),
  };
}

/**
 * A checkout commit (src/server/pricing.ts): a chosen coupon that cannot be used refuses the
 * checkout with its reason; the applied one is locked by the order with a conditional update in
 * the checkout's one write statement, so of two orders racing for one coupon exactly one gets it.
 * A coupon pricing chose by itself that another order took meanwhile is ChoiceTaken: the checkout
 * prices again without it.
 */
export function couponParts(breakdown: { coupon?: CouponOutcome }, orderId: string, accountId: string, request: CouponRequest): StatementPart[] {
  const outcome = breakdown.coupon;
  if (!outcome) return [];
  if (outcome.chosenUnusable) {
    throw new DomainError(OrderErrorCode.COUPON_UNUSABLE, `This coupon cannot be used on this order: ${outcome.chosenUnusable.reason}`, ['input', 'couponId']);
  }
  const couponId = outcome.appliedCouponId;
  if (!couponId) return [];
  const chosenByPricing = !request.couponId;
  return [
    {
      with: [
        [
          'coupon_locked',
          q`update coupon set status = 'locked', order_id = ${orderId}, locked_at = now()
             where id = ${couponId} and owner_id = ${accountId} and status = 'available' and valid_until > now() returning id`,
        ],
      ],
      result: sql('(select count(*) from coupon_locked)'),
      refusedWhen: sql('not exists (select 1 from coupon_locked)'),
      check(locked) {
        if (locked !== 0) return;
        const message = 'This coupon was just used by another order of yours: check out again';
        if (chosenByPricing) throw new ChoiceTaken(OrderErrorCode.COUPON_NOT_AVAILABLE, message, couponId);
        throw new DomainError(OrderErrorCode.COUPON_NOT_AVAILABLE, message, ['input', 'couponId']);
      },
    },
  ];
}

import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { categoryDescendants } from '../catalog/queries';
import { OrderErrorCode } from '../orders/errors';
import { operatorTimeZone } from './settings';
import type { CouponChoice, CouponFacts, CouponOffer, CouponOutcome } from './coupon-step';

/** What the buyer asked for at checkout or in a preview: a coupon, none, or (neither given) the best one. */
export interface CouponRequest {
  accountId: string | null;
  /** Decoded id; NO_SUCH_ID when the given id did not decode. */
  couponId?: string | null;
  noCoupon?: boolean | null;
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
 * Loads, before pricing, what the coupon step needs: all the buyer's available coupons (no cut, so
 * a chosen coupon is always found and the best is never missed; the owner/status index serves it) with their rules
 * (category scopes expanded to every descendant through the materialized path) and the choice.
 * A pricing loader (src/server/pricing.ts): checkout and the price preview both run it, so they
 * price alike.
 */
export async function loadCouponPricing(em: EntityManager, request: CouponRequest): Promise<CouponFacts> {
  if (!request.accountId) return {};
  if (request.noCoupon && request.couponId)
    throw new DomainError(OrderErrorCode.COUPON_UNUSABLE, 'Give a couponId or noCoupon: true, not both', ['input', 'couponId']);
  const choice: CouponChoice = request.noCoupon ? { mode: 'none' } : request.couponId ? { mode: 'chosen', couponId: request.couponId } : { mode: 'best' };
  const conn = em.getConnection();
  const ctx = em.getTransactionContext<Knex.Transaction>();
  const rows = await conn.execute<OfferRow[]>(
    `select c.id, t.name, t.kind, t.amount_off, t.percent_off_bp, t.max_discount, t.threshold, t.scope, t.product_ids, t.category_ids, c.valid_from, c.valid_until
       from coupon c join coupon_template t on t.id = c.template_id
      where c.owner_id = ? and c.status = 'available'
      order by c.valid_until, c.id`,
    [request.accountId],
    'all',
    ctx,
  );
  if (choice.mode === 'chosen' && !rows.some((r) => r.id === choice.couponId)) {
    throw new DomainError(
      OrderErrorCode.COUPON_NOT_AVAILABLE,
      'You have no available coupon with this id (it may be used, locked by another unpaid order, or not yours)',
      ['input', 'couponId'],
    );
  }
  const below = await categoryDescendants(em, [...new Set(rows.filter((r) => r.scope === 'categories').flatMap((r) => r.category_ids))]);
  const offers: CouponOffer[] = rows.map((r) => ({
    couponId: r.id,
    name: r.name,
    kind: r.kind === 'amount_off' ? 'AMOUNT_OFF' : 'PERCENT_OFF',
    amountOff: r.amount_off,
    percentOffBp: r.percent_off_bp,
    maxDiscount: r.max_discount,
    threshold: r.threshold,
    scope: r.scope.toUpperCase() as CouponOffer['scope'],
    productIds: r.product_ids,
    categoryIds: r.category_ids.flatMap((id) => below.get(id) ?? []),
    validFrom: new Date(r.valid_from),
    validUntil: new Date(r.valid_until),
  }));
  return { coupons: { offers, choice, now: new Date(), timeZone: await operatorTimeZone(em) } };
}

/**
 * A checkout commit (src/server/pricing.ts), inside the checkout transaction once the order
 * exists: a chosen coupon that cannot be used refuses the checkout with its reason; the applied
 * one is locked by the order with a conditional update, so of two orders racing for one coupon
 * exactly one gets it.
 */
export async function lockOrderCoupon(tx: EntityManager, breakdown: { coupon?: CouponOutcome }, orderId: string, accountId: string): Promise<void> {
  const outcome = breakdown.coupon;
  if (!outcome) return;
  if (outcome.chosenUnusable) {
    throw new DomainError(OrderErrorCode.COUPON_UNUSABLE, `This coupon cannot be used on this order: ${outcome.chosenUnusable.reason}`, ['input', 'couponId']);
  }
  if (!outcome.appliedCouponId) return;
  const locked = await tx
    .getConnection()
    .execute<{ id: string }[]>(
      `update coupon set status = 'locked', order_id = ?, locked_at = now() where id = ? and owner_id = ? and status = 'available' and valid_until > now() returning id`,
      [orderId, outcome.appliedCouponId, accountId],
      'all',
      tx.getTransactionContext(),
    );
  if (locked.length === 0)
    throw new DomainError(OrderErrorCode.COUPON_NOT_AVAILABLE, 'This coupon was just used by another order of yours: check out again', ['input', 'couponId']);
}

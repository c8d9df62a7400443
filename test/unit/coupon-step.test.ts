import { price, type PricingContext } from '../../src/server/pricing';
import type { CouponOffer, CouponPricing } from '../../src/modules/coupons/coupon-step';
import { describeLocal } from '../../src/modules/coupons/local-time';

const NOW = new Date('2026-11-24T02:00:00Z'); // 10:00 in Shanghai
const line = (skuId: string, quantity: number, retailPrice: number, productId = `p-${skuId}`, categoryId = 'tea') => ({
  skuId,
  productId,
  categoryId,
  quantity,
  retailPrice,
  memberPrice: null,
});
const offer = (over: Partial<CouponOffer>): CouponOffer => ({
  couponId: 'c1',
  name: '满99减12',
  kind: 'AMOUNT_OFF',
  amountOff: 1200,
  percentOffBp: null,
  maxDiscount: null,
  threshold: 9900,
  scope: 'ALL',
  productIds: [],
  categoryIds: [],
  validFrom: new Date('2026-11-01T00:00:00Z'),
  validUntil: new Date('2026-12-01T00:00:00Z'),
  ...over,
});
const ctx = (offers: CouponOffer[], choice: CouponPricing['choice'] = { mode: 'best' }, lines = [line('a', 2, 3300), line('b', 1, 4500)]): PricingContext => ({
  lines,
  buyerIsMember: false,
  shipping: { flatFee: 800, freeAbove: null },
  coupons: { offers, choice, now: NOW, timeZone: 'Asia/Shanghai' },
});

describe('coupon step', () => {
  it('takes a fixed amount off above the threshold, spread over the lines, before shipping', () => {
    const b = price(ctx([offer({})]));
    expect(b.subtotal).toBe(11100);
    expect(b.adjustments.map((a) => [a.code, a.amount])).toEqual([
      ['COUPON', -1200],
      ['SHIPPING', 800],
    ]);
    expect(b.lines.map((l) => l.total).reduce((s, t) => s + t, 0)).toBe(11100 - 1200);
    expect(b.total).toBe(11100 - 1200 + 800);
    expect(b.coupon!.appliedCouponId).toBe('c1');
  });

  it('says how much is short of the threshold', () => {
    const b = price(ctx([offer({ threshold: 12300 })]));
    expect(b.coupon!.appliedCouponId).toBeNull();
    expect(b.coupon!.options[0]).toMatchObject({ usable: false, reasonCode: 'BELOW_THRESHOLD', reason: '¥12.00 short of the ¥123.00 threshold' });
    expect(b.adjustments.map((a) => a.code)).toEqual(['SHIPPING']);
  });

  it('counts only the lines in scope, and refuses a coupon for none of them', () => {
    const some = price(ctx([offer({ scope: 'PRODUCTS', productIds: ['p-b'], threshold: 0, amountOff: 9999 })]));
    expect(some.lines.map((l) => l.subtotal - l.total)).toEqual([0, 4500]);
    const none = price(ctx([offer({ scope: 'CATEGORIES', categoryIds: ['shoes'] })]));
    expect(none.coupon!.options[0]).toMatchObject({ reasonCode: 'NOT_IN_SCOPE', reason: 'not valid for these products' });
  });

  it("tells when a coupon starts or ended, in the operator's time zone", () => {
    const tomorrow = price(ctx([offer({ validFrom: new Date('2026-11-25T02:00:00Z') })]));
    expect(tomorrow.coupon!.options[0]).toMatchObject({ reasonCode: 'NOT_STARTED', reason: 'starts tomorrow 10:00' });
    const later = price(ctx([offer({ validFrom: new Date('2026-11-27T08:30:00Z') })]));
    expect(later.coupon!.options[0].reason).toBe('starts 2026-11-27 16:30');
    const expired = price(ctx([offer({ validUntil: new Date('2026-11-23T16:00:00Z') })]));
    expect(expired.coupon!.options[0]).toMatchObject({ reasonCode: 'EXPIRED', reason: 'expired 2026-11-24 00:00' });
    expect(describeLocal(new Date('2026-11-24T15:59:00Z'), NOW, 'Asia/Shanghai')).toBe('today 23:59');
  });

  it('picks the coupon that takes the most off, or the chosen one, or none', () => {
    const offers = [
      offer({ couponId: 'small', amountOff: 500, threshold: 0 }),
      offer({ couponId: 'big', kind: 'PERCENT_OFF', amountOff: null, percentOffBp: 2000, maxDiscount: 3000, threshold: 0 }),
    ];
    expect(price(ctx(offers)).coupon!.appliedCouponId).toBe('big');
    expect(price(ctx(offers)).discountTotal).toBe(2220);
    expect(price(ctx(offers, { mode: 'chosen', couponId: 'small' })).discountTotal).toBe(500);
    expect(price(ctx(offers, { mode: 'none' })).discountTotal).toBe(0);
    const capped = price(ctx([offer({ kind: 'PERCENT_OFF', amountOff: null, percentOffBp: 5000, maxDiscount: 3000, threshold: 0 })]));
    expect(capped.discountTotal).toBe(3000);
  });

  it('flags a chosen coupon that cannot be used instead of applying another', () => {
    const b = price(ctx([offer({ couponId: 'far', threshold: 50000 }), offer({ couponId: 'ok', threshold: 0 })], { mode: 'chosen', couponId: 'far' }));
    expect(b.coupon!.appliedCouponId).toBeNull();
    expect(b.coupon!.chosenUnusable!.reasonCode).toBe('BELOW_THRESHOLD');
  });

  it('splits a percentage exactly: lines always sum to the order, in whole fen', () => {
    let seed = 11;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let k = 0; k < 500; k++) {
      const lines = Array.from({ length: 1 + Math.floor(rnd() * 6) }, (_, i) => line(`s${i}`, 1 + Math.floor(rnd() * 5), 1 + Math.floor(rnd() * 99999)));
      const bp = 1 + Math.floor(rnd() * 9999);
      const b = price(ctx([offer({ kind: 'PERCENT_OFF', amountOff: null, percentOffBp: bp, threshold: 0 })], { mode: 'best' }, lines));
      const goods = b.lines.reduce((s, l) => s + l.total, 0);
      expect(b.subtotal - goods).toBe(b.discountTotal);
      expect(b.discountTotal).toBe(Math.floor((b.subtotal * bp) / 10000));
      expect(b.lines.every((l) => Number.isInteger(l.total) && l.total >= 0)).toBe(true);
    }
  });
});

describe('discount and full-reduction steps', () => {
  const base = (over: Partial<PricingContext>): PricingContext => ({
    lines: [line('a', 2, 3300), line('b', 1, 4500)],
    buyerIsMember: false,
    shipping: { flatFee: 800, freeAbove: null },
    ...over,
  });

  it('takes a limited-time discount per unit, and the new-customer price for one unit, whichever is lower', () => {
    const b = price(
      base({ discounts: new Map([['a', { id: 'd', name: '8折', percentOffBp: 2000, amountOff: null }]]), newCustomerPrices: new Map([['b', 100]]) }),
    );
    expect(b.adjustments.map((a) => [a.code, a.amount])).toEqual([
      ['DISCOUNT', -1320],
      ['NEW_CUSTOMER_PRICE', -4400],
      ['SHIPPING', 800],
    ]);
    expect(b.lines.map((l) => l.total)).toEqual([5280, 100]);
  });

  it('applies the highest tier reached, with free shipping, before the coupon', () => {
    const tiers = [
      { threshold: 5000, amountOff: 500, freeShipping: false, giftTemplateId: null },
      { threshold: 10000, amountOff: 1500, freeShipping: true, giftTemplateId: 'gift' },
    ];
    const b = price(
      base({
        fullReductions: [{ id: 'fr', name: '满减', basis: 'AMOUNT', tiers }],
        coupons: { offers: [offer({ threshold: 9000 })], choice: { mode: 'best' }, now: NOW, timeZone: 'Asia/Shanghai' },
      }),
    );
    expect(b.adjustments.map((a) => [a.code, a.amount])).toEqual([
      ['FULL_REDUCTION', -1500],
      ['COUPON', -1200],
    ]);
    expect(b.shippingFee).toBe(0);
    expect(b.fullReduction).toMatchObject({ campaignId: 'fr', tierIndex: 1, giftTemplateId: 'gift' });
    expect(b.lines.reduce((s, l) => s + l.total, 0)).toBe(11100 - 1500 - 1200);
    const byCount = price(
      base({
        fullReductions: [{ id: 'n', name: '满3件', basis: 'COUNT', tiers: [{ threshold: 3, amountOff: 999, freeShipping: false, giftTemplateId: null }] }],
      }),
    );
    expect(byCount.discountTotal).toBe(999);
  });
});

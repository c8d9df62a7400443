import { allocate } from '../../src/lib/pricing/allocate';
import { spreadDiscount } from '../../src/lib/pricing/spread';
import type { PricingStep } from '../../src/lib/pricing/step';
import { unitPriceStep } from '../../src/modules/catalog/unit-price-step';
import { activityPriceStep } from '../../src/modules/orders/activity-price-step';
import { shippingStep } from '../../src/modules/orders/shipping-step';
import { shopPriceStep } from '../../src/modules/shops/shop-price-step';
import { price, PIPELINE, type PricingContext } from '../../src/server/pricing';

const line = (skuId: string, quantity: number, retailPrice: number, memberPrice: number | null = null, shopPrice: number | null = null) => ({
  skuId,
  productId: `p-${skuId}`,
  categoryId: 'c',
  quantity,
  retailPrice,
  memberPrice,
  shopPrice,
});
const ctx = (over: Partial<PricingContext> = {}): PricingContext => ({
  lines: [line('a', 2, 1000, 900), line('b', 1, 2550)],
  buyerIsMember: false,
  shipping: { flatFee: 800, freeAbove: 9900 },
  ...over,
});

describe('allocate', () => {
  it('splits exactly, in proportion, largest remainders first', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(1000, [2000, 2550])).toEqual([440, 560]);
    expect(allocate(1, [5, 5])).toEqual([1, 0]);
    expect(allocate(7, [0, 0])).toEqual([7, 0]);
  });

  it('always sums to the amount, for random inputs', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let k = 0; k < 2000; k++) {
      const weights = Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => Math.floor(rnd() * 100000));
      const amount = Math.floor(rnd() * 50000);
      const parts = allocate(amount, weights);
      expect(parts.reduce((s, p) => s + p, 0)).toBe(amount);
      expect(parts.every((p) => p >= 0 && Number.isInteger(p))).toBe(true);
    }
  });
});

describe('pricing pipeline', () => {
  it('prices at retail for customers, with the flat shipping fee below the threshold', () => {
    const b = price(ctx());
    expect(b.lines.map((l) => [l.unitPrice, l.priceReason, l.subtotal])).toEqual([
      [1000, 'RETAIL', 2000],
      [2550, 'RETAIL', 2550],
    ]);
    expect(b).toMatchObject({ subtotal: 4550, discountTotal: 0, shippingFee: 800, total: 5350 });
    expect(b.adjustments).toEqual([{ code: 'SHIPPING', label: expect.any(String), amount: 800 }]);
  });

  it('gives members the member price where a SKU has one', () => {
    const b = price(ctx({ buyerIsMember: true }));
    expect(b.lines.map((l) => [l.unitPrice, l.priceReason])).toEqual([
      [900, 'MEMBER_PRICE'],
      [2550, 'RETAIL'],
    ]);
    expect(b.subtotal).toBe(4350);
  });

  it('ships free at or above the threshold, and never charges shipping on nothing', () => {
    expect(price(ctx({ lines: [line('a', 10, 990)] })).shippingFee).toBe(0);
    expect(price(ctx({ lines: [line('a', 10, 989)] })).shippingFee).toBe(800);
    expect(price(ctx({ lines: [] })).total).toBe(0);
  });

  it('spreads an order-level discount over the lines so they sum to the total', () => {
    const coupon: PricingStep = {
      name: 'test-coupon',
      apply: (state) =>
        spreadDiscount(
          state,
          'COUPON',
          'Coupon',
          1001,
          state.lines.map(() => true),
        ),
    };
    const b = price(ctx(), [activityPriceStep, unitPriceStep, coupon, shippingStep]);
    expect(b.discountTotal).toBe(1001);
    expect(b.lines.map((l) => l.discounts[0].amount)).toEqual([440, 561]);
    expect(b.lines.reduce((s, l) => s + l.total, 0) + b.shippingFee).toBe(b.total);
    expect(b.total).toBe(4550 - 1001 + 800);
  });

  it('never discounts below zero', () => {
    const huge: PricingStep = {
      name: 'huge',
      apply: (state) =>
        spreadDiscount(
          state,
          'X',
          'X',
          10_000_000,
          state.lines.map(() => true),
        ),
    };
    const b = price(ctx(), [activityPriceStep, unitPriceStep, huge, shippingStep]);
    expect(b.lines.every((l) => l.total === 0)).toBe(true);
    expect(b.total).toBe(800);
  });
});

describe('shop price step', () => {
  it('runs after the unit price and before shipping', () => {
    expect(PIPELINE.map((s) => s.name)).toEqual(['activity-price', 'unit-price', 'shop-price', 'discount', 'full-reduction', 'coupon', 'shipping']);
  });

  it('replaces the retail price, up or down, for the lines that have one', () => {
    const b = price(ctx({ lines: [line('a', 2, 1000, null, 900), line('b', 1, 2550, null, 2800), line('c', 1, 500)] }));
    expect(b.lines.map((l) => [l.unitPrice, l.priceReason, l.subtotal, l.total])).toEqual([
      [900, 'SHOP_PRICE', 1800, 1800],
      [2800, 'SHOP_PRICE', 2800, 2800],
      [500, 'RETAIL', 500, 500],
    ]);
    expect(b).toMatchObject({ subtotal: 5100, discountTotal: 0, shippingFee: 800, total: 5900 });
  });

  it('leaves a member their member price when it is lower, and gives them the shop price when that is lower', () => {
    const b = price(ctx({ buyerIsMember: true, lines: [line('a', 1, 1000, 800, 900), line('b', 1, 1000, 950, 900), line('c', 1, 1000, null, 1100)] }));
    expect(b.lines.map((l) => [l.unitPrice, l.priceReason])).toEqual([
      [800, 'MEMBER_PRICE'],
      [900, 'SHOP_PRICE'],
      [1100, 'SHOP_PRICE'],
    ]);
  });

  it('counts towards free shipping and takes order-level discounts like any price', () => {
    expect(price(ctx({ lines: [line('a', 10, 1200, null, 990)] })).shippingFee).toBe(0);
    expect(price(ctx({ lines: [line('a', 10, 1200, null, 980)] })).shippingFee).toBe(800);
    const coupon: PricingStep = {
      name: 'test-coupon',
      apply: (state) =>
        spreadDiscount(
          state,
          'COUPON',
          'Coupon',
          500,
          state.lines.map(() => true),
        ),
    };
    const b = price(ctx({ lines: [line('a', 2, 1000, null, 900), line('b', 1, 2000)] }), [
      activityPriceStep,
      unitPriceStep,
      shopPriceStep,
      coupon,
      shippingStep,
    ]);
    expect(b.lines.map((l) => [l.unitPrice, l.subtotal, l.total])).toEqual([
      [900, 1800, 1800 - 237],
      [2000, 2000, 2000 - 263],
    ]);
    expect(b.total).toBe(3800 - 500 + 800);
  });

  it('does nothing without shop prices', () => {
    expect(price(ctx())).toEqual(price(ctx(), [activityPriceStep, unitPriceStep, shippingStep]));
  });
});

describe('activity price', () => {
  it('beats the member and shop prices, and takes order-level discounts like any price', () => {
    const flash = { kind: 'FLASH_SALE' as const, campaignId: 'f1', unitPrice: 500 };
    const b = price(ctx({ buyerIsMember: true, lines: [{ ...line('a', 2, 1000, 800, 700), activityPrice: flash }, line('b', 1, 1000, 800, 900)] }));
    expect(b.lines.map((l) => [l.unitPrice, l.priceReason, l.activity?.campaignId ?? null])).toEqual([
      [500, 'FLASH_SALE', 'f1'],
      [800, 'MEMBER_PRICE', null],
    ]);
    expect(b.subtotal).toBe(1800);
  });
});

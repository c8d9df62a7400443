import { CouponRedemption } from '../src/modules/coupons/redemption';
import { dispatchOrderEvents } from '../src/modules/orders/events';
import { startHarness, type Harness } from './harness';
import { claim, couponStatus, template } from './coupons';
import { ADDRESS, completeSandbox, payOrder, products } from './shop';
import { customer, type Person } from './social';

let h: Harness;
let op: string;

beforeAll(async () => {
  h = await startHarness();
  op = await h.operatorToken();
});
afterAll(() => h.close());

const CHECKOUT = `mutation($input: CheckoutInput!) {
  checkout(input: $input) {
    order { id number status cost { subtotal { amount } discountTotal { amount } total { amount } adjustments { code label amount { amount } isDiscount } } lines { discount { amount } total { amount } } }
    userErrors { code field message }
  }
}`;
const PREVIEW = `query($input: PriceCartInput!) {
  priceCart(input: $input) {
    cost { subtotal { amount } discountTotal { amount } shippingFee { amount } total { amount } adjustments { code amount { amount } isDiscount } }
    lines { sku { id } quantity unitPrice { amount } discount { amount } total { amount } }
    couponOptions { coupon { id } usable applied discount { amount } reasonCode reason }
  }
}`;

async function dispatch(): Promise<void> {
  while ((await dispatchOrderEvents(h.orm.em.fork())) > 0);
}

const checkoutWith = (buyer: Person, lines: { skuId: string; quantity: number }[], extra: Record<string, unknown> = {}) =>
  h.gql(CHECKOUT, { input: { lines, shippingAddress: ADDRESS, ...extra } }, { token: buyer.token });

async function pay(buyer: Person, orderId: string) {
  const { payment } = await payOrder(h, buyer.token, orderId);
  await completeSandbox(h, payment!.redirectUrl);
  await dispatch();
}

describe('the coupon step at checkout', () => {
  it('applies the best usable coupon automatically, locks it, and uses it on payment', async () => {
    const [sku] = await products(h, op, ['60.00'], 50);
    const buyer = await customer(h, 'best');
    const small = await claim(h, buyer.token, (await template(h, op, { name: '减5', amountOff: '5.00', threshold: '0' })).id);
    const big = await claim(h, buyer.token, (await template(h, op, { name: '满99减12' })).id);
    const res = await checkoutWith(buyer, [{ skuId: sku.skuId, quantity: 2 }]);
    expect(res.data.checkout.userErrors).toEqual([]);
    const order = res.data.checkout.order;
    expect(order.cost.subtotal.amount).toBe('120.00');
    expect(order.cost.adjustments).toEqual([{ code: 'COUPON', label: '优惠券 Coupon: 满99减12', amount: { amount: '12.00' }, isDiscount: true }]);
    expect(order.cost.total.amount).toBe('108.00');
    expect(order.lines[0]).toEqual({ discount: { amount: '12.00' }, total: { amount: '108.00' } });
    expect(await couponStatus(h, big)).toBe('locked');
    expect(await couponStatus(h, small)).toBe('available');
    const seen = await h.gql('query($id: ID!) { order(id: $id) { coupon { id status } } }', { id: order.id }, { token: buyer.token });
    expect(seen.data.order.coupon).toEqual({ id: big, status: 'LOCKED' });
    await pay(buyer, order.id);
    expect(await couponStatus(h, big)).toBe('used');
    await dispatch();
    expect(await couponStatus(h, big)).toBe('used');
  });

  it('falls back to the next best coupon when another order of the buyer takes the best one a moment earlier', async () => {
    const [sku] = await products(h, op, ['60.00'], 50);
    const buyer = await customer(h, 'racing');
    const small = await claim(h, buyer.token, (await template(h, op, { name: '减5', amountOff: '5.00', threshold: '0' })).id);
    const big = await claim(h, buyer.token, (await template(h, op, { name: '满99减12' })).id);
    // Three orders at once, none naming a coupon: each prices with the best coupon still available, and none is refused.
    const results = await Promise.all([1, 2, 3].map(() => checkoutWith(buyer, [{ skuId: sku.skuId, quantity: 2 }])));
    for (const res of results) expect(res.data.checkout.userErrors).toEqual([]);
    const discounts = results.map((r) => r.data.checkout.order.cost.discountTotal.amount).sort();
    expect(discounts).toEqual(['0.00', '12.00', '5.00']);
    expect(await couponStatus(h, big)).toBe('locked');
    expect(await couponStatus(h, small)).toBe('locked');
  });

  it('uses the chosen coupon, or none with noCoupon', async () => {
    const [sku] = await products(h, op, ['60.00'], 50);
    const buyer = await customer(h, 'chooser');
    const small = await claim(h, buyer.token, (await template(h, op, { name: '减5', amountOff: '5.00', threshold: '0' })).id);
    await claim(h, buyer.token, (await template(h, op, { name: '满99减12' })).id);
    const chosen = await checkoutWith(buyer, [{ skuId: sku.skuId, quantity: 2 }], { couponId: small });
    expect(chosen.data.checkout.order.cost.discountTotal.amount).toBe('5.00');
    const none = await checkoutWith(buyer, [{ skuId: sku.skuId, quantity: 2 }], { noCoupon: true });
    expect(none.data.checkout.order.cost.discountTotal.amount).toBe('0.00');
  });

  it('refuses a chosen coupon that does not apply, with the reason, and places nothing', async () => {
    const [sku] = await products(h, op, ['87.00'], 50);
    const buyer = await customer(h, 'short');
    const coupon = await claim(h, buyer.token, (await template(h, op, {})).id);
    const res = await checkoutWith(buyer, [{ skuId: sku.skuId, quantity: 1 }], { couponId: coupon });
    expect(res.data.checkout.order).toBeNull();
    expect(res.data.checkout.userErrors).toEqual([
      { code: 'COUPON_UNUSABLE', field: ['input', 'couponId'], message: 'This coupon cannot be used on this order: ¥12.00 short of the ¥99.00 threshold' },
    ]);
    expect((await h.sql('select count(*)::int as n from customer_order where customer_id = $1', [buyer.id]))[0].n).toBe(0);
    expect(await couponStatus(h, coupon)).toBe('available');
    const other = await customer(h, 'thief');
    const stolen = await checkoutWith(other, [{ skuId: sku.skuId, quantity: 2 }], { couponId: coupon });
    expect(stolen.data.checkout.userErrors[0].code).toBe('COUPON_NOT_AVAILABLE');
  });

  it('scopes a coupon to products and to categories with their descendants', async () => {
    const [inScope] = await products(h, op, ['50.00'], 50);
    const [outOfScope] = await products(h, op, ['50.00'], 50);
    const productOf = async (skuId: string) =>
      (await h.gql('query($id: ID!) { node(id: $id) { ... on Sku { product { id } } } }', { id: skuId })).data.node.product.id;
    const buyer = await customer(h, 'scoped');
    const coupon = await claim(
      h,
      buyer.token,
      (await template(h, op, { name: '指定商品', amountOff: '20.00', threshold: '0', scope: 'PRODUCTS', productIds: [await productOf(inScope.skuId)] })).id,
    );
    const preview = await h.gql(PREVIEW, { input: { lines: [{ skuId: outOfScope.skuId, quantity: 1 }] } }, { token: buyer.token });
    expect(preview.data.priceCart.couponOptions).toEqual([
      {
        coupon: { id: coupon },
        usable: false,
        applied: false,
        discount: { amount: '0.00' },
        reasonCode: 'NOT_IN_SCOPE',
        reason: 'not valid for these products',
      },
    ]);
    const both = await h.gql(
      PREVIEW,
      {
        input: {
          lines: [
            { skuId: inScope.skuId, quantity: 1 },
            { skuId: outOfScope.skuId, quantity: 1 },
          ],
        },
      },
      { token: buyer.token },
    );
    expect(both.data.priceCart.lines.map((l: { discount: { amount: string } }) => l.discount.amount)).toEqual(['20.00', '0.00']);

    const [root] = await h.sql(`select id from category where slug = 'tea'`);
    const child = await h.gql(
      'mutation($input: CategoryCreateInput!) { createCategory(input: $input) { category { id } userErrors { code message } } }',
      {
        input: { name: '绿茶 child', slug: `green-${Date.now()}`, parentId: Buffer.from(`Category:${root.id}`).toString('base64url') },
      },
      { token: op, key: null },
    );
    const childId = child.data.createCategory.category.id;
    const cat = await h.gql(
      'mutation($input: ProductCreateInput!) { createProduct(input: $input) { product { id skus { id } } userErrors { code message } } }',
      {
        input: { name: 'Green tea in a child category', categoryId: childId, skus: [{ code: `GRN-${Date.now()}`, specs: [], price: '40.00', stock: 10 }] },
      },
      { token: op, key: null },
    );
    await h.gql('mutation($id: ID!) { publishProduct(id: $id) { userErrors { code } } }', { id: cat.data.createProduct.product.id }, { token: op, key: null });
    const teaCoupon = await claim(
      h,
      buyer.token,
      (
        await template(h, op, {
          name: '茶类',
          kind: 'PERCENT_OFF',
          amountOff: null,
          percentOffBasisPoints: 1000,
          threshold: '0',
          scope: 'CATEGORIES',
          categoryIds: [Buffer.from(`Category:${root.id}`).toString('base64url')],
        })
      ).id,
    );
    const green = await h.gql(
      PREVIEW,
      { input: { lines: [{ skuId: cat.data.createProduct.product.skus[0].id, quantity: 1 }], couponId: teaCoupon } },
      { token: buyer.token },
    );
    expect(green.data.priceCart.cost.discountTotal.amount).toBe('4.00');
  });

  it("previews the breakdown with every coupon's discount or reason, as checkout would price it", async () => {
    const [sku] = await products(h, op, ['43.50'], 50);
    const buyer = await customer(h, 'previewer');
    const pct = await claim(
      h,
      buyer.token,
      (await template(h, op, { name: '85折', kind: 'PERCENT_OFF', amountOff: null, percentOffBasisPoints: 1500, maxDiscount: '10.00', threshold: '0' })).id,
    );
    const later = await claim(
      h,
      buyer.token,
      (
        await template(h, op, {
          name: '明天',
          validity: 'FIXED',
          validDays: null,
          validFrom: new Date(Date.now() + 3 * 86_400_000).toISOString(),
          validUntil: new Date(Date.now() + 9 * 86_400_000).toISOString(),
        })
      ).id,
    );
    const res = await h.gql(PREVIEW, { input: { lines: [{ skuId: sku.skuId, quantity: 1 }] } }, { token: buyer.token });
    const preview = res.data.priceCart;
    expect(preview.cost).toEqual({
      subtotal: { amount: '43.50' },
      discountTotal: { amount: '6.52' },
      shippingFee: { amount: '10.00' },
      total: { amount: '46.98' },
      adjustments: [
        { code: 'COUPON', amount: { amount: '6.52' }, isDiscount: true },
        { code: 'SHIPPING', amount: { amount: '10.00' }, isDiscount: false },
      ],
    });
    const byId = new Map(preview.couponOptions.map((o: { coupon: { id: string } }) => [o.coupon.id, o]));
    expect(byId.get(pct)).toMatchObject({ usable: true, applied: true, discount: { amount: '6.52' } });
    expect(byId.get(later)).toMatchObject({ usable: false, applied: false, reasonCode: 'NOT_STARTED' });
    expect((byId.get(later) as { reason: string }).reason).toMatch(/^starts \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    const placed = await checkoutWith(buyer, [{ skuId: sku.skuId, quantity: 1 }]);
    expect(placed.data.checkout.order.cost.total.amount).toBe('46.98');
    const bad = await h.gql(PREVIEW, { input: { lines: [{ skuId: sku.skuId, quantity: 1 }], couponId: pct } }, { token: buyer.token });
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'COUPON_NOT_AVAILABLE' });
  });
});

describe('a coupon follows its order', () => {
  it('comes back when the unpaid order is cancelled', async () => {
    const [sku] = await products(h, op, ['120.00'], 50);
    const buyer = await customer(h, 'canceller');
    const coupon = await claim(h, buyer.token, (await template(h, op, {})).id);
    const order = (await checkoutWith(buyer, [{ skuId: sku.skuId, quantity: 1 }])).data.checkout.order;
    expect(await couponStatus(h, coupon)).toBe('locked');
    await h.gql('mutation($id: ID!) { cancelOrder(orderId: $id) { userErrors { code } } }', { id: order.id }, { token: buyer.token });
    await dispatch();
    expect(await couponStatus(h, coupon)).toBe('available');
    const again = await checkoutWith(buyer, [{ skuId: sku.skuId, quantity: 1 }], { couponId: coupon });
    expect(again.data.checkout.order.cost.discountTotal.amount).toBe('12.00');
  });

  it('comes back when the paid order is refunded in full, not on a partial refund', async () => {
    const [a, b] = await products(h, op, ['80.00', '40.00'], 50);
    const buyer = await customer(h, 'refunded');
    const coupon = await claim(h, buyer.token, (await template(h, op, {})).id);
    const order = (
      await checkoutWith(buyer, [
        { skuId: a.skuId, quantity: 1 },
        { skuId: b.skuId, quantity: 1 },
      ])
    ).data.checkout.order;
    await pay(buyer, order.id);
    expect(await couponStatus(h, coupon)).toBe('used');
    const REFUND = 'mutation($input: RefundOrderInput!) { refundOrder(input: $input) { userErrors { code message } } }';
    const lines = (await h.gql('query($id: ID!) { order(id: $id) { lines { id quantity } } }', { id: order.id }, { token: buyer.token })).data.order.lines;
    const partial = await h.gql(
      REFUND,
      { input: { orderId: order.id, reason: 'one broke', lines: [{ orderLineId: lines[0].id, quantity: 1 }] } },
      { token: op, key: null },
    );
    expect(partial.data.refundOrder.userErrors).toEqual([]);
    await dispatch();
    expect(await couponStatus(h, coupon)).toBe('used');
    const rest = await h.gql(REFUND, { input: { orderId: order.id, reason: 'all of it' } }, { token: op, key: null });
    expect(rest.data.refundOrder.userErrors).toEqual([]);
    await dispatch();
    expect(await couponStatus(h, coupon)).toBe('available');
  });

  it('goes to exactly one of two orders placed at once with it', async () => {
    const [sku] = await products(h, op, ['120.00'], 50);
    const buyer = await customer(h, 'double');
    const coupon = await claim(h, buyer.token, (await template(h, op, {})).id);
    const results = await Promise.all(Array.from({ length: 6 }, () => checkoutWith(buyer, [{ skuId: sku.skuId, quantity: 1 }], { couponId: coupon })));
    const placed = results.filter((r) => r.data?.checkout.order);
    expect(placed).toHaveLength(1);
    expect(results.filter((r) => r.data?.checkout.userErrors[0]?.code === 'COUPON_NOT_AVAILABLE')).toHaveLength(5);
    expect((await h.sql('select count(*)::int as n from customer_order where customer_id = $1', [buyer.id]))[0].n).toBe(1);
    expect(await couponStatus(h, coupon)).toBe('locked');
  });

  it('expires when it comes back after its validity', async () => {
    const [sku] = await products(h, op, ['120.00'], 50);
    const buyer = await customer(h, 'expiring');
    const coupon = await claim(h, buyer.token, (await template(h, op, {})).id);
    const order = (await checkoutWith(buyer, [{ skuId: sku.skuId, quantity: 1 }])).data.checkout.order;
    await h.sql(`update coupon set valid_from = now() - interval '2 days', valid_until = now() - interval '1 day' where status = 'locked' and owner_id = $1`, [
      buyer.id,
    ]);
    await h.gql('mutation($id: ID!) { cancelOrder(orderId: $id) { userErrors { code } } }', { id: order.id }, { token: buyer.token });
    await dispatch();
    expect(await couponStatus(h, coupon)).toBe('expired');
  });

  it('is marked EXPIRED by the sweep once its validity has passed unused', async () => {
    const buyer = await customer(h, 'sweep');
    const coupon = await claim(h, buyer.token, (await template(h, op, {})).id);
    await h.sql(`update coupon set valid_from = now() - interval '2 days', valid_until = now() - interval '1 second' where owner_id = $1`, [buyer.id]);
    expect(await new CouponRedemption(h.orm.em.fork()).expireDue()).toBeGreaterThanOrEqual(1);
    expect(await couponStatus(h, coupon)).toBe('expired');
    expect(await new CouponRedemption(h.orm.em.fork()).expireDue()).toBe(0);
  });
});

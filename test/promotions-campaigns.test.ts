import { dispatchOrderEvents } from '../src/modules/orders/events';
import { startHarness, type Harness } from './harness';
import { couponStatus, template } from './coupons';
import { ADDRESS, completeSandbox, payOrder, products } from './shop';
import { customer, member, type Person } from './social';

let h: Harness;
let op: string;

beforeAll(async () => {
  h = await startHarness();
  op = await h.operatorToken();
  // Shipping is charged on every order here, so free shipping shows only when a tier gives it.
  const res = await h.gql(
    'mutation { updateOrderSettings(input: { freeShippingThreshold: null }) { userErrors { code message } } }',
    {},
    { token: op, key: null },
  );
  expect(res.data.updateOrderSettings.userErrors).toEqual([]);
});
afterAll(() => h.close());

const DAY = 86_400_000;
const CHECKOUT = `mutation($input: CheckoutInput!) {
  checkout(input: $input) { order { id cost { subtotal { amount } discountTotal { amount } shippingFee { amount } total { amount } adjustments { code label amount { amount } } } lines { total { amount } } } userErrors { code field message } }
}`;
const asOp = (query: string, variables: Record<string, unknown>) => h.gql(query, variables, { token: op, key: null });
const window = () => ({ startsAt: new Date(Date.now() - DAY).toISOString(), endsAt: new Date(Date.now() + DAY).toISOString() });
const buy = (buyer: Person, lines: { skuId: string; quantity: number }[], extra: Record<string, unknown> = {}) =>
  h.gql(CHECKOUT, { input: { lines, shippingAddress: ADDRESS, ...extra } }, { token: buyer.token });
async function dispatch(): Promise<void> {
  while ((await dispatchOrderEvents(h.orm.em.fork())) > 0);
}

const DISCOUNT =
  'mutation($input: DiscountCreateInput!) { createDiscount(input: $input) { discount { id isLive percentOffBasisPoints amountOff { amount } } userErrors { code field message } } }';
const REDUCTION =
  'mutation($input: FullReductionCreateInput!) { createFullReduction(input: $input) { fullReduction { id isLive tiers { thresholdAmount { amount } thresholdCount amountOff { amount } freeShipping giftTemplate { id } } } userErrors { code field message } } }';

describe('limited-time discounts', () => {
  it('takes a percentage off the retail price, or leaves a lower member price alone', async () => {
    const [sku] = await products(h, op, ['80.00'], 50);
    const res = await asOp(DISCOUNT, { input: { name: '限时8折', skuId: sku.skuId, percentOffBasisPoints: 2000, ...window() } });
    expect(res.data.createDiscount.discount).toMatchObject({ isLive: true, percentOffBasisPoints: 2000 });
    const buyer = await customer(h, 'discount');
    const order = (await buy(buyer, [{ skuId: sku.skuId, quantity: 2 }])).data.checkout.order;
    expect(order.cost.adjustments).toEqual([
      { code: 'DISCOUNT', label: '限时折扣 Limited-time discount', amount: { amount: '32.00' } },
      { code: 'SHIPPING', label: '运费 Shipping', amount: { amount: '10.00' } },
    ]);
    expect(order.cost.total.amount).toBe('138.00');

    const [cheapForMembers] = await products(h, op, ['80.00'], 50);
    await h.sql(`update sku set member_price = 5000 where code = $1`, [cheapForMembers.code]);
    await asOp(DISCOUNT, { input: { name: '限时8折', skuId: cheapForMembers.skuId, percentOffBasisPoints: 2000, ...window() } });
    const asMember = await member(h, 'm');
    const memberOrder = (await buy(asMember, [{ skuId: cheapForMembers.skuId, quantity: 1 }])).data.checkout.order;
    expect(memberOrder.cost.subtotal.amount).toBe('50.00');
    expect(memberOrder.cost.discountTotal.amount).toBe('0.00');
  });

  it('refuses a second discount on a SKU, and bad input, writing nothing', async () => {
    const [sku] = await products(h, op, ['80.00'], 50);
    expect((await asOp(DISCOUNT, { input: { name: 'A', skuId: sku.skuId, amountOff: '5.00', ...window() } })).data.createDiscount.userErrors).toEqual([]);
    const before = (await h.sql('select count(*)::int as n from discount'))[0].n;
    const cases: [Record<string, unknown>, string][] = [
      [{ amountOff: '5.00' }, 'SKU_BUSY'],
      [{ amountOff: '80.00' }, 'INVALID_DISCOUNT'],
      [{ amountOff: '5.00', percentOffBasisPoints: 100 }, 'INVALID_DISCOUNT'],
      [{}, 'INVALID_DISCOUNT'],
      [{ amountOff: '5.00', endsAt: new Date(Date.now() - 1000).toISOString() }, 'INVALID_WINDOW'],
      [{ amountOff: '5.00', skuId: 'bm9wZQ' }, 'SKU_NOT_FOUND'],
    ];
    for (const [over, code] of cases) {
      const res = await asOp(DISCOUNT, { input: { name: 'B', skuId: sku.skuId, ...window(), ...over } });
      expect(res.data.createDiscount.userErrors[0].code).toBe(code);
    }
    // 10000 basis points (free goods) is outside the documented 1 to 9999: refused at the edge.
    const free = await asOp(DISCOUNT, { input: { name: 'B', skuId: sku.skuId, ...window(), percentOffBasisPoints: 10000 } });
    expect(free.status).toBe(400);
    expect(free.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'percentOffBasisPoints'] });
    expect((await h.sql('select count(*)::int as n from discount'))[0].n).toBe(before);
  });
});

describe('full reduction', () => {
  it('applies the highest tier reached: amount off, free shipping, and a gift coupon on payment taken back on full refund', async () => {
    const gift = await template(h, op, { name: '下次用', amountOff: '10.00', threshold: '0', distribution: 'GRANT_ONLY' });
    const res = await asOp(REDUCTION, {
      input: {
        name: '满减',
        basis: 'AMOUNT',
        ...window(),
        tiers: [
          { thresholdAmount: '199.00', amountOff: '30.00', freeShipping: true, giftTemplateId: gift.id },
          { thresholdAmount: '99.00', amountOff: '10.00' },
        ],
      },
    });
    expect(res.data.createFullReduction.userErrors).toEqual([]);
    expect(res.data.createFullReduction.fullReduction.tiers.map((t: { thresholdAmount: { amount: string } }) => t.thresholdAmount.amount)).toEqual([
      '99.00',
      '199.00',
    ]);
    const [sku] = await products(h, op, ['60.00'], 50);
    const buyer = await customer(h, 'reducer');
    const low = (await buy(buyer, [{ skuId: sku.skuId, quantity: 2 }])).data.checkout.order;
    expect(low.cost.adjustments.map((a: { code: string; amount: { amount: string } }) => [a.code, a.amount.amount])).toEqual([
      ['FULL_REDUCTION', '10.00'],
      ['SHIPPING', '10.00'],
    ]);
    const high = (await buy(buyer, [{ skuId: sku.skuId, quantity: 4 }])).data.checkout.order;
    expect(high.cost).toMatchObject({
      subtotal: { amount: '240.00' },
      discountTotal: { amount: '30.00' },
      shippingFee: { amount: '0.00' },
      total: { amount: '210.00' },
    });
    const { payment } = await payOrder(h, buyer.token, high.id);
    await completeSandbox(h, payment!.redirectUrl);
    await dispatch();
    const [row] = await h.sql(
      'select gift_coupon_id from full_reduction_order where order_id = (select id from customer_order where customer_id = $1 and status = $2)',
      [buyer.id, 'paid'],
    );
    expect(row.gift_coupon_id).not.toBeNull();
    const giftId = Buffer.from(`Coupon:${row.gift_coupon_id}`).toString('base64url');
    expect(await couponStatus(h, giftId)).toBe('available');
    const refunded = await h.gql(
      'mutation($input: RefundOrderInput!) { refundOrder(input: $input) { userErrors { code message } } }',
      { input: { orderId: high.id, reason: 'changed my mind' } },
      { token: op, key: null },
    );
    expect(refunded.data.refundOrder.userErrors).toEqual([]);
    await dispatch();
    expect(await couponStatus(h, giftId)).toBe('revoked');
    const results = await h.gql('{ fullReductions(first: 5) { nodes { orderCount amountOffTotal { amount } giftsIssued } } }', {}, { token: op });
    expect(results.data.fullReductions.nodes[0]).toEqual({ orderCount: 2, amountOffTotal: { amount: '40.00' }, giftsIssued: 1 });
    // The results are the operator's: a customer sees the campaign, not them.
    const hidden = await h.gql(
      '{ fullReductions(first: 5) { nodes { orderCount amountOffTotal { amount } giftsIssued } } }',
      {},
      { token: await h.customerToken() },
    );
    expect(hidden.data.fullReductions.nodes[0]).toEqual({ orderCount: null, amountOffTotal: null, giftsIssued: null });
    expect(new Set(hidden.errors!.map((e) => e.extensions.code))).toEqual(new Set(['FORBIDDEN']));
  });

  it('refuses bad tiers', async () => {
    const cases: [Record<string, unknown>[], string[]][] = [
      [[], ['input', 'tiers']],
      [[{ thresholdCount: 2, amountOff: '5.00' }], ['input', 'tiers', '0', 'thresholdAmount']],
      [[{ thresholdAmount: '10.00', amountOff: '20.00' }], ['input', 'tiers', '0', 'amountOff']],
      [[{ thresholdAmount: '10.00' }], ['input', 'tiers', '0', 'amountOff']],
      [[{ thresholdAmount: '10.00', giftTemplateId: 'bm9wZQ' }], ['input', 'tiers', '0', 'giftTemplateId']],
    ];
    for (const [tiers, field] of cases) {
      const res = await asOp(REDUCTION, { input: { name: 'Bad', basis: 'AMOUNT', tiers, ...window() } });
      expect(res.data.createFullReduction.userErrors[0]).toMatchObject({ code: 'INVALID_TIERS', field });
    }
  });
});

describe('new-customer price', () => {
  const SET =
    'mutation($input: NewCustomerPriceInput!) { setNewCustomerPrice(input: $input) { newCustomerPrice { id price { amount } } userErrors { code field } } }';

  it("prices one unit for a customer's first order only, one first order at a time, and gives it back on cancel", async () => {
    await asOp('mutation($id: ID!) { endFullReduction(id: $id) { userErrors { code } } }', {
      id: (await h.gql('{ fullReductions(first: 1, isLive: true) { nodes { id } } }')).data.fullReductions.nodes[0].id,
    });
    const [sku] = await products(h, op, ['30.00'], 50);
    expect((await asOp(SET, { input: { skuId: sku.skuId, price: '1.00' } })).data.setNewCustomerPrice.userErrors).toEqual([]);
    expect((await asOp(SET, { input: { skuId: sku.skuId, price: '30.00' } })).data.setNewCustomerPrice.userErrors[0].code).toBe('INVALID_PRICE');
    const fresh = await customer(h, 'newbie');
    const results = await Promise.all(Array.from({ length: 4 }, () => buy(fresh, [{ skuId: sku.skuId, quantity: 2 }])));
    const placed = results.filter((r) => r.data?.checkout.order);
    const discounted = placed.filter((r) => r.data.checkout.order.cost.adjustments.some((a: { code: string }) => a.code === 'NEW_CUSTOMER_PRICE'));
    expect(discounted).toHaveLength(1);
    expect(discounted[0].data.checkout.order.cost.discountTotal.amount).toBe('29.00');
    expect(results.filter((r) => r.data?.checkout.userErrors[0]?.code === 'NEW_CUSTOMER_PRICE_USED').length + placed.length).toBe(4);
    for (const r of placed)
      await h.gql('mutation($id: ID!) { cancelOrder(orderId: $id) { userErrors { code } } }', { id: r.data.checkout.order.id }, { token: fresh.token });
    await dispatch();
    const again = (await buy(fresh, [{ skuId: sku.skuId, quantity: 1 }])).data.checkout.order;
    expect(again.cost.discountTotal.amount).toBe('29.00');
    const second = (await buy(fresh, [{ skuId: sku.skuId, quantity: 1 }])).data.checkout.order;
    expect(second.cost.discountTotal.amount).toBe('0.00');
  });
});

import { BACKFILL_GIFT_REVOCATIONS } from '../migrations/Migration20261206053000';
import { dispatchOrderEvents } from '../src/modules/orders/events';
import { minuteOfDay } from '../src/modules/promotions/flash-pricing';
import { formatTime } from '../src/modules/promotions/flash-admin';
import { startHarness, type Harness } from './harness';
import { claim, couponStatus, CREATE_TEMPLATE, template } from './coupons';
import { campaign, start } from './groupbuy';
import { ADDRESS, completeSandbox, paidOrder, payOrder, products } from './shop';
import { customer, type Person } from './social';

/** Coupons taken back, coupons of the right kind in the right place, and campaign checkouts beside flash sales. */

let h: Harness;
let op: string;

beforeAll(async () => {
  h = await startHarness();
  op = await h.operatorToken();
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
  checkout(input: $input) { order { id cost { discountTotal { amount } total { amount } } lines { unitPrice { amount } priceReason } } userErrors { code field message } }
}`;
const CANCEL = 'mutation($id: ID!) { cancelOrder(orderId: $id) { userErrors { code } } }';
const REFUND = 'mutation($input: RefundOrderInput!) { refundOrder(input: $input) { userErrors { code message } } }';
const asOp = (query: string, variables: Record<string, unknown>) => h.gql(query, variables, { token: op, key: null });
const buy = (buyer: Person, lines: { skuId: string; quantity: number }[], extra: Record<string, unknown> = {}) =>
  h.gql(CHECKOUT, { input: { lines, shippingAddress: ADDRESS, ...extra } }, { token: buyer.token });
const window = () => ({ startsAt: new Date(Date.now() - DAY).toISOString(), endsAt: new Date(Date.now() + DAY).toISOString() });
const couponGlobalId = (dbId: string) => Buffer.from(`Coupon:${dbId}`).toString('base64url');
async function dispatch(): Promise<void> {
  while ((await dispatchOrderEvents(h.orm.em.fork())) > 0);
}
const REDUCTION =
  'mutation($input: FullReductionCreateInput!) { createFullReduction(input: $input) { fullReduction { id } userErrors { code field message } } }';

describe('a coupon taken back', () => {
  it.each([
    ['', false],
    [' (taken back before coupons remembered it)', true],
  ])(
    'a full-reduction gift locked by an unpaid order when its own order is refunded is REVOKED when that order is cancelled, not given back%s',
    async (_name, legacy) => {
      const gift = await template(h, op, { name: '满减赠券', amountOff: '10.00', threshold: '0', distribution: 'GRANT_ONLY' });
      const [big] = await products(h, op, ['500.00'], 50);
      await h.sql('update full_reduction set ended_at = now() where ended_at is null');
      const res = await asOp(REDUCTION, {
        input: { name: '满500赠', basis: 'AMOUNT', ...window(), tiers: [{ thresholdAmount: '500.00', giftTemplateId: gift.id }] },
      });
      expect(res.data.createFullReduction.userErrors).toEqual([]);
      const [small] = await products(h, op, ['60.00'], 50);
      const buyer = await customer(h, 'gift-taker');
      const earning = (await buy(buyer, [{ skuId: big.skuId, quantity: 1 }])).data.checkout.order;
      const { payment } = await payOrder(h, buyer.token, earning.id);
      await completeSandbox(h, payment!.redirectUrl);
      await dispatch();
      const [row] = await h.sql('select gift_coupon_id from full_reduction_order f join customer_order o on o.id = f.order_id where o.customer_id = $1', [
        buyer.id,
      ]);
      const giftId = couponGlobalId(row.gift_coupon_id);
      // Order B locks the gift, unpaid; then order A (which earned it) is refunded in full.
      const spending = await buy(buyer, [{ skuId: small.skuId, quantity: 1 }], { couponId: giftId });
      expect(spending.data.checkout.userErrors).toEqual([]);
      expect(await couponStatus(h, giftId)).toBe('locked');
      expect((await asOp(REFUND, { input: { orderId: earning.id, reason: 'returned' } })).data.refundOrder.userErrors).toEqual([]);
      await dispatch();
      expect(await couponStatus(h, giftId)).toBe('locked');
      if (legacy) {
        // A gift taken back before coupons remembered it: the migration gives it its revoked_at.
        await h.sql('update coupon set revoked_at = null where id = $1', [row.gift_coupon_id]);
        await h.sql(BACKFILL_GIFT_REVOCATIONS);
      }
      expect((await h.gql(CANCEL, { id: spending.data.checkout.order.id }, { token: buyer.token })).data.cancelOrder.userErrors).toEqual([]);
      await dispatch();
      expect(await couponStatus(h, giftId)).toBe('revoked');
      // Delivering the events again changes nothing.
      await h.sql('update order_event set delivered_at = null where order_id in (select id from customer_order where customer_id = $1)', [buyer.id]);
      await dispatch();
      expect(await couponStatus(h, giftId)).toBe('revoked');
    },
  );

  it('a gift taken back while checkouts race to lock it ends REVOKED whichever wins', async () => {
    const gift = await template(h, op, { name: '竞速赠券', amountOff: '10.00', threshold: '0', distribution: 'GRANT_ONLY' });
    const [big] = await products(h, op, ['700.00'], 50);
    await h.sql('update full_reduction set ended_at = now() where ended_at is null');
    expect(
      (await asOp(REDUCTION, { input: { name: '满700赠', basis: 'AMOUNT', ...window(), tiers: [{ thresholdAmount: '700.00', giftTemplateId: gift.id }] } }))
        .data.createFullReduction.userErrors,
    ).toEqual([]);
    const [small] = await products(h, op, ['60.00'], 50);
    for (let round = 0; round < 3; round++) {
      const buyer = await customer(h, `racer${round}`);
      const earning = (await buy(buyer, [{ skuId: big.skuId, quantity: 1 }])).data.checkout.order;
      const { payment } = await payOrder(h, buyer.token, earning.id);
      await completeSandbox(h, payment!.redirectUrl);
      await dispatch();
      const [row] = await h.sql('select gift_coupon_id from full_reduction_order f join customer_order o on o.id = f.order_id where o.customer_id = $1', [
        buyer.id,
      ]);
      const giftId = couponGlobalId(row.gift_coupon_id);
      const [a, b, refund] = await Promise.all([
        buy(buyer, [{ skuId: small.skuId, quantity: 1 }], { couponId: giftId }),
        buy(buyer, [{ skuId: small.skuId, quantity: 1 }], { couponId: giftId }),
        asOp(REFUND, { input: { orderId: earning.id, reason: 'race' } }).then(async (r) => {
          await dispatch();
          return r;
        }),
      ]);
      expect(refund.data.refundOrder.userErrors).toEqual([]);
      await dispatch();
      const placed = [a, b].filter((r) => r.data.checkout.order).map((r) => r.data.checkout.order.id);
      expect(placed.length).toBeLessThanOrEqual(1);
      const [coupon] = await h.sql('select status, revoked_at from coupon where id = $1', [row.gift_coupon_id]);
      expect(coupon.revoked_at).not.toBeNull();
      expect(coupon.status).toBe(placed.length === 1 ? 'locked' : 'revoked');
      for (const id of placed) await h.gql(CANCEL, { id }, { token: buyer.token });
      await dispatch();
      expect(await couponStatus(h, giftId)).toBe('revoked');
    }
  });

  it('a membership gift is taken back when the order that bought the membership is refunded; one already locked stays REVOKED after its order is cancelled', async () => {
    const membershipGift = await template(h, op, { name: '会员礼', amountOff: '20.00', threshold: '0', distribution: 'MEMBERSHIP_GIFT', perCustomerLimit: 5 });
    const second = await template(h, op, { name: '会员礼二', amountOff: '5.00', threshold: '0', distribution: 'MEMBERSHIP_GIFT', perCustomerLimit: 5 });
    const [pack] = await products(h, op, ['399.00'], 100);
    const [row] = await h.sql('select product_id from sku where code = $1', [pack.code]);
    const plan = await asOp('mutation($input: MembershipPlanCreateInput!) { createMembershipPlan(input: $input) { plan { id } userErrors { code } } }', {
      input: { name: `Pack ${pack.code}`, packageProductId: Buffer.from(`Product:${row.product_id}`).toString('base64url'), durationDays: 365 },
    });
    expect(plan.data.createMembershipPlan.userErrors).toEqual([]);
    const buyer = await customer(h, 'pack-buyer');
    const order = await paidOrder(h, buyer.token, [{ skuId: pack.skuId, quantity: 1 }]);
    await dispatch();
    const gifts = await h.sql('select c.id, c.template_id, c.membership_id from coupon c where c.owner_id = $1 order by c.template_id', [buyer.id]);
    expect(gifts.map((g) => g.template_id).sort()).toEqual(
      [membershipGift.id, second.id].map((id) => Buffer.from(id, 'base64url').toString('utf8').split(':')[1]).sort(),
    );
    expect(gifts.every((g) => g.membership_id)).toBe(true);
    const [locking] = gifts;
    const [small] = await products(h, op, ['60.00'], 50);
    const spending = await buy(buyer, [{ skuId: small.skuId, quantity: 1 }], { couponId: couponGlobalId(locking.id) });
    expect(spending.data.checkout.userErrors).toEqual([]);

    expect((await asOp(REFUND, { input: { orderId: order.id, reason: 'changed my mind' } })).data.refundOrder.userErrors).toEqual([]);
    await dispatch();
    expect((await h.sql('select role from account where id = $1', [buyer.id]))[0].role).toBe('customer');
    expect(await couponStatus(h, couponGlobalId(gifts[1].id))).toBe('revoked');
    expect(await couponStatus(h, couponGlobalId(locking.id))).toBe('locked');
    await h.gql(CANCEL, { id: spending.data.checkout.order.id }, { token: buyer.token });
    await dispatch();
    expect(await couponStatus(h, couponGlobalId(locking.id))).toBe('revoked');
    const mine = await h.gql('{ myCoupons(first: 10) { nodes { id status } } }', {}, { token: buyer.token });
    expect(mine.errors).toBeUndefined();
  });
});

describe('coupons of the right kind', () => {
  it('a share pack takes SHARE_PACK templates only, a sign-in reward SIGN_IN_REWARD only, a full-reduction gift GRANT_ONLY only, writing nothing', async () => {
    const claimable = await template(h, op, { name: '可领', amountOff: '5.00', threshold: '0' });
    const sharePack = await template(h, op, { name: '券包', amountOff: '5.00', threshold: '0', distribution: 'SHARE_PACK' });
    const before = (
      await h.sql('select (select count(*) from share_pack_campaign) + (select count(*) from sign_in_reward) + (select count(*) from full_reduction) as n')
    )[0].n;
    const pack = await asOp(
      'mutation($input: SharePackCampaignInput!) { createSharePackCampaign(input: $input) { campaign { id } userErrors { code field } } }',
      {
        input: { name: 'Pack', templateId: claimable.id, rewardTemplateId: sharePack.id, friendsNeeded: 2 },
      },
    );
    expect(pack.data.createSharePackCampaign.userErrors).toEqual([{ code: 'WRONG_DISTRIBUTION', field: ['input', 'templateId'] }]);
    const reward = await asOp(
      'mutation($input: SharePackCampaignInput!) { createSharePackCampaign(input: $input) { campaign { id } userErrors { code field } } }',
      {
        input: { name: 'Pack', templateId: sharePack.id, rewardTemplateId: claimable.id, friendsNeeded: 2 },
      },
    );
    expect(reward.data.createSharePackCampaign.userErrors).toEqual([{ code: 'WRONG_DISTRIBUTION', field: ['input', 'rewardTemplateId'] }]);
    const signIn = await asOp('mutation($input: SignInRewardInput!) { setSignInReward(input: $input) { userErrors { code field } } }', {
      input: { streakDay: 1, templateId: claimable.id },
    });
    expect(signIn.data.setSignInReward.userErrors).toEqual([{ code: 'WRONG_DISTRIBUTION', field: ['input', 'templateId'] }]);
    const reduction = await asOp(REDUCTION, {
      input: { name: '满减', basis: 'AMOUNT', ...window(), tiers: [{ thresholdAmount: '100.00', giftTemplateId: claimable.id }] },
    });
    expect(reduction.data.createFullReduction.userErrors[0]).toMatchObject({ code: 'INVALID_TIERS', field: ['input', 'tiers', '0', 'giftTemplateId'] });
    expect(
      (await h.sql('select (select count(*) from share_pack_campaign) + (select count(*) from sign_in_reward) + (select count(*) from full_reduction) as n'))[0]
        .n,
    ).toBe(before);
  });

  it("rewards do not count as claims: a sign-in reward leaves the customer's claims of the template untouched", async () => {
    const reward = await template(h, op, { name: '签到券', amountOff: '1.00', threshold: '0', distribution: 'SIGN_IN_REWARD', perCustomerLimit: 1 });
    const set = await asOp('mutation($input: SignInRewardInput!) { setSignInReward(input: $input) { userErrors { code field } } }', {
      input: { streakDay: 1, templateId: reward.id },
    });
    expect(set.data.setSignInReward.userErrors).toEqual([]);
    const buyer = await customer(h, 'signer');
    const res = await h.gql('mutation { signIn { signIn { rewardCoupon { id } } userErrors { code } } }', {}, { token: buyer.token });
    expect(res.errors).toBeUndefined();
    expect(res.data.signIn.signIn.rewardCoupon).not.toBeNull();
    expect((await h.sql('select count(*)::int as n from coupon_claim_count where account_id = $1', [buyer.id]))[0].n).toBe(0);
    await asOp('mutation($input: SignInRewardInput!) { setSignInReward(input: $input) { userErrors { code field } } }', {
      input: { streakDay: 1, templateId: null },
    });
  });

  it('refuses a FIXED template whose validity has already ended, writing nothing', async () => {
    const before = (await h.sql('select count(*)::int as n from coupon_template'))[0].n;
    const res = await asOp(CREATE_TEMPLATE, {
      input: {
        name: '过期',
        kind: 'AMOUNT_OFF',
        amountOff: '5.00',
        threshold: '0',
        validity: 'FIXED',
        validFrom: new Date(Date.now() - 2 * DAY).toISOString(),
        validUntil: new Date(Date.now() - 1000).toISOString(),
        distribution: 'CLAIMABLE',
      },
    });
    expect(res.data.createCouponTemplate.userErrors).toEqual([{ code: 'INVALID_VALIDITY', field: ['input', 'validUntil'], message: expect.any(String) }]);
    expect((await h.sql('select count(*)::int as n from coupon_template'))[0].n).toBe(before);
  });
});

describe('share-pack rewards', () => {
  it('a reward missed because its template was sold out is given by a later claim, once', async () => {
    const friendCoupon = await template(h, op, { name: '好友券', amountOff: '5.00', threshold: '0', distribution: 'SHARE_PACK' });
    const rewardTemplate = await template(h, op, { name: '奖励', amountOff: '15.00', threshold: '0', distribution: 'SHARE_PACK', totalQuantity: 1 });
    const rewardDb = Buffer.from(rewardTemplate.id, 'base64url').toString('utf8').split(':')[1];
    const created = await asOp(
      'mutation($input: SharePackCampaignInput!) { createSharePackCampaign(input: $input) { campaign { id } userErrors { code field } } }',
      {
        input: { name: 'Retry', templateId: friendCoupon.id, rewardTemplateId: rewardTemplate.id, friendsNeeded: 1, packSize: 3 },
      },
    );
    const campaignId = created.data.createSharePackCampaign.campaign.id;
    const sharer = await customer(h, 'sharer');
    const share = await h.gql(
      'mutation($campaignId: ID!) { shareCouponPack(input: { campaignId: $campaignId }) { sharePack { token } userErrors { code } } }',
      { campaignId },
      { token: sharer.token },
    );
    const token = share.data.shareCouponPack.sharePack.token;
    // The reward template is sold out when the first friend claims.
    await h.sql('update coupon_template set issued = 1 where id = $1', [rewardDb]);
    const claimPack = async (friend: Person) =>
      (
        await h.gql(
          'mutation($token: String!) { claimSharePack(input: { token: $token }) { coupon { id } userErrors { code } } }',
          { token },
          { token: friend.token },
        )
      ).data.claimSharePack;
    expect((await claimPack(await customer(h, 'friend-a'))).userErrors).toEqual([]);
    expect((await h.sql('select reward_coupon_id from share_pack where token = $1', [token]))[0].reward_coupon_id).toBeNull();
    await h.sql('update coupon_template set issued = 0 where id = $1', [rewardDb]);
    expect((await claimPack(await customer(h, 'friend-b'))).userErrors).toEqual([]);
    expect((await h.sql('select reward_coupon_id from share_pack where token = $1', [token]))[0].reward_coupon_id).not.toBeNull();
    expect((await claimPack(await customer(h, 'friend-c'))).userErrors).toEqual([]);
    expect((await h.sql('select count(*)::int as n from coupon where owner_id = $1 and template_id = $2', [sharer.id, rewardDb]))[0].n).toBe(1);
  });
});

describe('choosing a coupon', () => {
  it('refuses couponId together with noCoupon: true, placing nothing', async () => {
    const t = await template(h, op, { name: '无门槛', amountOff: '3.00', threshold: '0' });
    const buyer = await customer(h, 'both');
    const couponId = await claim(h, buyer.token, t.id);
    const [sku] = await products(h, op, ['30.00'], 10);
    const res = await buy(buyer, [{ skuId: sku.skuId, quantity: 1 }], { couponId, noCoupon: true });
    expect(res.data.checkout.order).toBeNull();
    expect(res.data.checkout.userErrors).toEqual([{ code: 'COUPON_UNUSABLE', field: ['input', 'couponId'], message: expect.any(String) }]);
    expect((await h.sql('select count(*)::int as n from customer_order where customer_id = $1', [buyer.id]))[0].n).toBe(0);
    expect(await couponStatus(h, couponId)).toBe('available');
  });

  it('finds a chosen coupon and the best one among more than 200', async () => {
    const many = await template(h, op, { name: '小券', amountOff: '1.00', threshold: '0', validDays: 1, distribution: 'GRANT_ONLY' });
    const best = await template(h, op, { name: '大券', amountOff: '9.00', threshold: '0', validDays: 30, distribution: 'GRANT_ONLY' });
    const buyer = await customer(h, 'hoarder');
    const account = Buffer.from(`Account:${buyer.id}`).toString('base64url');
    const GRANT = 'mutation($input: GrantCouponsInput!) { grantCoupons(input: $input) { userErrors { code field message } } }';
    for (let i = 0; i < 3; i++)
      expect((await asOp(GRANT, { input: { templateId: many.id, accountIds: Array(100).fill(account) } })).data.grantCoupons.userErrors).toEqual([]);
    expect((await asOp(GRANT, { input: { templateId: best.id, accountIds: [account, account] } })).data.grantCoupons.userErrors).toEqual([]);
    const [sku] = await products(h, op, ['30.00'], 10);
    const auto = await buy(buyer, [{ skuId: sku.skuId, quantity: 1 }]);
    expect(auto.data.checkout.userErrors).toEqual([]);
    expect(auto.data.checkout.order.cost.discountTotal.amount).toBe('9.00');
    const [last] = await h.sql(
      `select c.id from coupon c join coupon_template t on t.id = c.template_id where c.owner_id = $1 and c.status = 'available' and t.name = '大券'`,
      [buyer.id],
    );
    const chosen = await buy(buyer, [{ skuId: sku.skuId, quantity: 1 }], { couponId: couponGlobalId(last.id) });
    expect(chosen.data.checkout.userErrors).toEqual([]);
    expect(chosen.data.checkout.order.cost.discountTotal.amount).toBe('9.00');
  });
});

describe('campaign checkouts beside a flash sale', () => {
  it('a group-buy start on a SKU whose flash sale is sold out gets the group price; a plain checkout is refused', async () => {
    const m = minuteOfDay(new Date(), 'Asia/Shanghai');
    const slot = await asOp('mutation($input: FlashSlotInput!) { createFlashSlot(input: $input) { slot { id } userErrors { code } } }', {
      input: { name: '此刻', startTime: formatTime(Math.max(0, m - 30)), endTime: formatTime(Math.min(1440, m + 30)) },
    });
    const { campaign: gb, skus } = await campaign(h, op, { groupPrices: ['59.00'], retail: ['99.00'] });
    const sale = await asOp('mutation($input: FlashSaleCreateInput!) { createFlashSale(input: $input) { flashSale { id } userErrors { code field } } }', {
      input: { slotId: slot.data.createFlashSlot.slot.id, skuId: skus[0].skuId, flashPrice: '9.90', flashStock: 1, perCustomerLimit: 1, ...window() },
    });
    expect(sale.data.createFlashSale.userErrors).toEqual([]);
    await h.sql('update flash_sale set flash_stock = 0, sold = 1 where id = $1', [
      Buffer.from(sale.data.createFlashSale.flashSale.id, 'base64url').toString('utf8').split(':')[1],
    ]);
    const plain = await buy(await customer(h, 'plain'), [{ skuId: skus[0].skuId, quantity: 1 }]);
    expect(plain.data.checkout.userErrors[0].code).toBe('FLASH_SALE_SOLD_OUT');
    const leader = await customer(h, 'leader');
    const started = await start(h, leader.token, gb.id, skus[0].skuId);
    expect(started.userErrors).toEqual([]);
    expect(started.order.lines[0].priceReason).not.toBe('FLASH_SALE');
    expect(started.order.lines[0].unitPrice.amount).toBe('54.00');
  });
});

describe('objects instead of ids', () => {
  it('Coupon.order, FullReductionTier.giftTemplate and PreviewLine.sku; a customer reaching a template gets null stats, not an error for the whole list', async () => {
    const gift = await template(h, op, { name: '赠品券', amountOff: '2.00', threshold: '0', distribution: 'GRANT_ONLY' });
    const created = await asOp(REDUCTION, {
      input: { name: '满9999赠', basis: 'AMOUNT', ...window(), tiers: [{ thresholdAmount: '9999.00', giftTemplateId: gift.id }] },
    });
    const reductionId = created.data.createFullReduction.fullReduction.id;
    const buyer = await customer(h, 'objects');
    const listed = await h.gql(
      '{ fullReductions(first: 20) { nodes { id tiers { giftTemplate { id name stats { issued } } } } } }',
      {},
      { token: buyer.token },
    );
    const mine = listed.data.fullReductions.nodes.find((n: { id: string }) => n.id === reductionId);
    expect(mine.tiers).toEqual([{ giftTemplate: { id: gift.id, name: '赠品券', stats: null } }]);
    expect(new Set(listed.errors!.map((e) => e.extensions.code))).toEqual(new Set(['FORBIDDEN']));
    const asOperator = await h.gql('{ fullReductions(first: 20) { nodes { id tiers { giftTemplate { stats { issued } } } } } }', {}, { token: op });
    expect(asOperator.errors).toBeUndefined();

    const t = await template(h, op, { name: '三元', amountOff: '3.00', threshold: '0' });
    const couponId = await claim(h, buyer.token, t.id);
    const [sku] = await products(h, op, ['30.00'], 10);
    const preview = await h.gql(
      'query($input: PriceCartInput!) { priceCart(input: $input) { lines { sku { id } quantity } } }',
      { input: { lines: [{ skuId: sku.skuId, quantity: 2 }] } },
      { token: buyer.token },
    );
    expect(preview.data.priceCart.lines).toEqual([{ sku: { id: sku.skuId }, quantity: 2 }]);
    const order = (await buy(buyer, [{ skuId: sku.skuId, quantity: 1 }], { couponId })).data.checkout.order;
    const coupons = await h.gql('{ myCoupons(first: 5) { nodes { id status order { id } } } }', {}, { token: buyer.token });
    expect(coupons.errors).toBeUndefined();
    expect(coupons.data.myCoupons.nodes.find((c: { id: string }) => c.id === couponId)).toEqual({ id: couponId, status: 'LOCKED', order: { id: order.id } });
  });
});

describe('discount and new-customer price results', () => {
  it('operators see the orders not cancelled that bought at them and what those lines sold for; others get null', async () => {
    const [sku, other] = await products(h, op, ['80.00', '50.00'], 50);
    const discount = await asOp('mutation($input: DiscountCreateInput!) { createDiscount(input: $input) { discount { id } userErrors { code } } }', {
      input: { name: '限时减10', skuId: sku.skuId, amountOff: '10.00', ...window() },
    });
    const discountId = discount.data.createDiscount.discount.id;
    const price = await asOp(
      'mutation($input: NewCustomerPriceInput!) { setNewCustomerPrice(input: $input) { newCustomerPrice { id } userErrors { code } } }',
      { input: { skuId: other.skuId, price: '1.00' } },
    );
    const priceId = price.data.setNewCustomerPrice.newCustomerPrice.id;
    const first = await customer(h, 'first-order');
    const placed = await buy(first, [
      { skuId: sku.skuId, quantity: 2 },
      { skuId: other.skuId, quantity: 2 },
    ]);
    expect(placed.data.checkout.userErrors).toEqual([]);
    const canceller = await customer(h, 'cancels');
    const cancelled = await buy(canceller, [{ skuId: sku.skuId, quantity: 1 }]);
    const results = async (token?: string) =>
      h.gql(
        'query($d: ID!, $n: ID!) { d: node(id: $d) { ... on Discount { orderCount sales { amount } } } n: node(id: $n) { ... on NewCustomerPrice { orderCount sales { amount } } } }',
        { d: discountId, n: priceId },
        token === op ? { token, key: null } : { token },
      );
    expect((await results(op)).data).toEqual({ d: { orderCount: 2, sales: { amount: '210.00' } }, n: { orderCount: 1, sales: { amount: '51.00' } } });
    expect((await h.gql(CANCEL, { id: cancelled.data.checkout.order.id }, { token: canceller.token })).data.cancelOrder.userErrors).toEqual([]);
    expect((await results(op)).data.d).toEqual({ orderCount: 1, sales: { amount: '140.00' } });
    const hidden = await results(first.token);
    expect(hidden.data).toEqual({ d: { orderCount: null, sales: null }, n: { orderCount: null, sales: null } });
    expect(new Set(hidden.errors!.map((e) => e.extensions.code))).toEqual(new Set(['FORBIDDEN']));
  });
});

import { SignJWT } from 'jose';
import { loadConfig } from '../src/config';
import { toGlobalId } from '../src/lib/ids';
import { DEMO, startHarness, type Harness } from './harness';
import { paidOrder, products } from './shop';

let h: Harness;
let operator: string;
let customer: string;
let member: string;
/** Real targets, so that each operator-only request would change something if it got through. */
const target = {
  categoryId: '',
  emptyCategoryId: '',
  draftProductId: '',
  productId: '',
  skuId: '',
  otherSkuId: '',
  appId: '',
  paidOrderId: '',
  /** Paid through the sandbox provider, so it can be refunded. */
  refundableOrderId: '',
  approvableRequestId: '',
  rejectableRequestId: '',
  /** The member's account: the membership to revoke. */
  memberAccountId: '',
  /** A customer to make a member. */
  granteeAccountId: '',
  planId: '',
  deletablePlanId: '',
  couponTemplateId: '',
  sharePackTemplateId: '',
  signInTemplateId: '',
  flashSlotId: '',
  deletableFlashSlotId: '',
  flashSaleId: '',
  discountId: '',
  /** A SKU with no discount or new-customer price yet. */
  spareSkuId: '',
  fullReductionId: '',
  newCustomerPriceId: '',
  sharePackCampaignId: '',
  approvableApplicationId: '',
  rejectableApplicationId: '',
  /** The member's withdrawals: two REQUESTED (to approve, to reject), two APPROVED (to mark paid, to mark failed). */
  approvableWithdrawalId: '',
  rejectableWithdrawalId: '',
  payableWithdrawalId: '',
  failableWithdrawalId: '',
  groupBuyCampaignId: '',
  bargainCampaignId: '',
  redPacketCampaignId: '',
  redPacketTemplateId: '',
  assistCampaignId: '',
  /** A DRAFT lucky wheel and a DRAFT lottery, and a GRANT_ONLY template for their prizes. */
  wheelCampaignId: '',
  lotteryCampaignId: '',
  gamePrizeTemplateId: '',
  /** The customer's reviews of a received order: one published (to hide, to reply to), one hidden (to show again). */
  publishedReviewId: '',
  hiddenReviewId: '',
  /** The demo KOL, a content author to unmake. */
  authorAccountId: '',
  /** The demo article (published), to hide; and another of the KOL's, hidden, to unhide. */
  articleId: '',
  hiddenArticleId: '',
};

const asOperator = (query: string, variables?: Record<string, unknown>) => h.gql(query, variables, { token: operator, key: null });

beforeAll(async () => {
  h = await startHarness();
  operator = await h.operatorToken();
  customer = await h.customerToken();

  // A member: registered as a customer, made a member by an operator's grant.
  const register = async (email: string) => {
    const reg = await h.gql('mutation($input: RegisterInput!) { register(input: $input) { account { id } userErrors { code } } }', {
      input: { email, password: 'vip-pass-2026' },
    });
    expect(reg.data.register.userErrors).toEqual([]);
    return reg.data.register.account.id as string;
  };
  target.memberAccountId = await register('member@example.com');
  const granted = await asOperator('mutation($input: GrantMembershipInput!) { grantMembership(input: $input) { userErrors { code message } } }', {
    input: { accountId: target.memberAccountId },
  });
  expect(granted.data.grantMembership.userErrors).toEqual([]);
  member = await h.login('member@example.com', 'vip-pass-2026');
  target.granteeAccountId = await register('grantee@example.com');

  // Membership plans, and two applications (sent while the mode is APPLICATION) to approve and reject.
  for (const which of ['planId', 'deletablePlanId'] as const) {
    const plan = await asOperator(
      'mutation($input: MembershipPlanCreateInput!) { createMembershipPlan(input: $input) { plan { id } userErrors { code message } } }',
      { input: { name: `Authz ${which}` } },
    );
    expect(plan.data.createMembershipPlan.userErrors).toEqual([]);
    target[which] = plan.data.createMembershipPlan.plan.id;
  }
  const setMode = (membershipMode: string) =>
    asOperator('mutation($input: MemberProgramSettingsInput!) { updateMemberProgramSettings(input: $input) { userErrors { code } } }', {
      input: { membershipMode },
    });
  await setMode('APPLICATION');
  for (const [which, token] of [
    ['approvableApplicationId', customer],
    ['rejectableApplicationId', await h.login('bob@demo.example', 'customer-demo-2')],
  ] as const) {
    const applied = await h.gql(
      'mutation { applyForMembership(input: { message: "Authz" }) { application { id } userErrors { code message } } }',
      {},
      { token },
    );
    expect(applied.data.applyForMembership.userErrors).toEqual([]);
    target[which] = applied.data.applyForMembership.application.id;
  }
  await setMode('EVERYONE');

  const [category] = await h.sql(`select id from category where slug = 'tea'`);
  target.categoryId = toGlobalId('Category', category.id);
  const empty = await asOperator('mutation($input: CategoryCreateInput!) { createCategory(input: $input) { category { id } userErrors { code message } } }', {
    input: { name: 'Empty shelf', slug: 'authz-empty-shelf' },
  });
  expect(empty.data.createCategory.userErrors).toEqual([]);
  target.emptyCategoryId = empty.data.createCategory.category.id;

  const [draft] = await h.sql(`select id from product where publication = 'draft' limit 1`);
  target.draftProductId = toGlobalId('Product', draft.id);
  const [product] = await h.sql(
    `select p.id from product p where p.publication = 'published' and (select count(*) from sku s where s.product_id = p.id) >= 3 order by p.slug limit 1`,
  );
  target.productId = toGlobalId('Product', product.id);
  const skus = await h.sql('select id from sku where product_id = $1 order by position', [product.id]);
  target.skuId = toGlobalId('Sku', skus[0].id);
  target.otherSkuId = toGlobalId('Sku', skus[1].id);
  const groupBuy = await asOperator(
    'mutation($input: GroupBuyCampaignCreateInput!) { createGroupBuyCampaign(input: $input) { campaign { id } userErrors { code message } } }',
    {
      input: {
        productId: target.productId,
        name: 'Authz group-buy',
        size: 2,
        sessionSeconds: 3600,
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 86_400_000).toISOString(),
        skus: [{ skuId: target.skuId, groupPrice: '1.00' }],
      },
    },
  );
  expect(groupBuy.data.createGroupBuyCampaign.userErrors).toEqual([]);
  target.groupBuyCampaignId = groupBuy.data.createGroupBuyCampaign.campaign.id;
  const bargain = await asOperator(
    'mutation($input: BargainCampaignCreateInput!) { createBargainCampaign(input: $input) { campaign { id } userErrors { code message } } }',
    {
      input: {
        skuId: target.skuId,
        name: 'Authz bargain',
        startPrice: '10.00',
        floorPrice: '1.00',
        helpersNeeded: 2,
        timeLimitSeconds: 3600,
        stock: 5,
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
    },
  );
  expect(bargain.data.createBargainCampaign.userErrors).toEqual([]);
  target.bargainCampaignId = bargain.data.createBargainCampaign.campaign.id;

  const app = await asOperator('mutation { createStorefrontApp(name: "Authorization target") { storefrontApp { id } userErrors { code } } }');
  target.appId = app.data.createStorefrontApp.storefrontApp.id;
  const template = await asOperator(
    'mutation($input: CouponTemplateCreateInput!) { createCouponTemplate(input: $input) { template { id } userErrors { code message } } }',
    {
      input: { name: 'Authz coupon', kind: 'AMOUNT_OFF', amountOff: '5.00', validity: 'DAYS_AFTER_CLAIM', validDays: 7, distribution: 'GRANT_ONLY' },
    },
  );
  expect(template.data.createCouponTemplate.userErrors).toEqual([]);
  target.couponTemplateId = template.data.createCouponTemplate.template.id;
  const packetTemplate = await asOperator(
    'mutation($input: CouponTemplateCreateInput!) { createCouponTemplate(input: $input) { template { id } userErrors { code message } } }',
    {
      input: { name: 'Authz red packet share', kind: 'AMOUNT_OFF', amountOff: '0.01', validity: 'DAYS_AFTER_CLAIM', validDays: 7, distribution: 'GRANT_ONLY' },
    },
  );
  target.redPacketTemplateId = packetTemplate.data.createCouponTemplate.template.id;
  const redPacket = await asOperator(
    'mutation($input: RedPacketCampaignCreateInput!) { createRedPacketCampaign(input: $input) { campaign { id } userErrors { code message } } }',
    {
      input: {
        name: 'Authz red packet',
        totalAmount: '10.00',
        shares: 3,
        minimumShare: '0.01',
        timeLimitSeconds: 3600,
        shareTemplateId: target.redPacketTemplateId,
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
    },
  );
  expect(redPacket.data.createRedPacketCampaign.userErrors).toEqual([]);
  target.redPacketCampaignId = redPacket.data.createRedPacketCampaign.campaign.id;
  const assist = await asOperator(
    'mutation($input: AssistCampaignCreateInput!) { createAssistCampaign(input: $input) { campaign { id } userErrors { code message } } }',
    {
      input: {
        productId: target.productId,
        name: 'Authz assist',
        helpersNeeded: 3,
        timeLimitSeconds: 3600,
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
    },
  );
  expect(assist.data.createAssistCampaign.userErrors).toEqual([]);
  target.assistCampaignId = assist.data.createAssistCampaign.campaign.id;
  const gamePrize = await asOperator(
    'mutation($input: CouponTemplateCreateInput!) { createCouponTemplate(input: $input) { template { id } userErrors { code message } } }',
    { input: { name: 'Authz game prize', kind: 'AMOUNT_OFF', amountOff: '3.00', validity: 'DAYS_AFTER_CLAIM', validDays: 7, distribution: 'GRANT_ONLY' } },
  );
  target.gamePrizeTemplateId = gamePrize.data.createCouponTemplate.template.id;
  const wheel = await asOperator(
    'mutation($input: WheelCampaignCreateInput!) { createWheelCampaign(input: $input) { campaign { id } userErrors { code message } } }',
    { input: { name: 'Authz wheel', startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 86_400_000).toISOString() } },
  );
  expect(wheel.data.createWheelCampaign.userErrors).toEqual([]);
  target.wheelCampaignId = wheel.data.createWheelCampaign.campaign.id;
  const lottery = await asOperator(
    'mutation($input: LotteryCampaignCreateInput!) { createLotteryCampaign(input: $input) { campaign { id } userErrors { code message } } }',
    { input: { name: 'Authz lottery', startsAt: new Date().toISOString(), deadline: new Date(Date.now() + 86_400_000).toISOString() } },
  );
  expect(lottery.data.createLotteryCampaign.userErrors).toEqual([]);
  target.lotteryCampaignId = lottery.data.createLotteryCampaign.campaign.id;
  for (const [distribution, key] of [
    ['SHARE_PACK', 'sharePackTemplateId'],
    ['SIGN_IN_REWARD', 'signInTemplateId'],
  ] as const) {
    const made = await asOperator(
      'mutation($input: CouponTemplateCreateInput!) { createCouponTemplate(input: $input) { template { id } userErrors { code message } } }',
      {
        input: { name: `Authz ${distribution}`, kind: 'AMOUNT_OFF', amountOff: '5.00', validity: 'DAYS_AFTER_CLAIM', validDays: 7, distribution },
      },
    );
    expect(made.data.createCouponTemplate.userErrors).toEqual([]);
    target[key] = made.data.createCouponTemplate.template.id;
  }
  const flashSlot = await asOperator(
    'mutation { createFlashSlot(input: { name: "Authz slot", startTime: "01:00", endTime: "02:00" }) { slot { id } userErrors { code message } } }',
  );
  expect(flashSlot.data.createFlashSlot.userErrors).toEqual([]);
  target.flashSlotId = flashSlot.data.createFlashSlot.slot.id;
  target.deletableFlashSlotId = (
    await asOperator('mutation { createFlashSlot(input: { name: "Spare slot", startTime: "05:00", endTime: "06:00" }) { slot { id } } }')
  ).data.createFlashSlot.slot.id;
  const flashSku = await products(h, operator, ['50.00', '60.00'], 10);
  target.spareSkuId = flashSku[1].skuId;
  const flashSale = await asOperator(
    'mutation($input: FlashSaleCreateInput!) { createFlashSale(input: $input) { flashSale { id } userErrors { code message } } }',
    {
      input: {
        slotId: target.flashSlotId,
        skuId: flashSku[0].skuId,
        flashPrice: '5.00',
        flashStock: 3,
        startsAt: '2026-01-01T00:00:00Z',
        endsAt: '2099-01-01T00:00:00Z',
      },
    },
  );
  expect(flashSale.data.createFlashSale.userErrors).toEqual([]);
  target.flashSaleId = flashSale.data.createFlashSale.flashSale.id;
  const campaignWindow = { startsAt: '2026-01-01T00:00:00Z', endsAt: '2099-01-01T00:00:00Z' };
  const discount = await asOperator(
    'mutation($input: DiscountCreateInput!) { createDiscount(input: $input) { discount { id } userErrors { code message } } }',
    {
      input: { name: 'Authz discount', skuId: flashSku[0].skuId, amountOff: '1.00', ...campaignWindow },
    },
  );
  expect(discount.data.createDiscount.userErrors).toEqual([]);
  target.discountId = discount.data.createDiscount.discount.id;
  const reduction = await asOperator(
    'mutation($input: FullReductionCreateInput!) { createFullReduction(input: $input) { fullReduction { id } userErrors { code message } } }',
    {
      input: { name: 'Authz reduction', basis: 'COUNT', tiers: [{ thresholdCount: 100, amountOff: '1.00' }], ...campaignWindow },
    },
  );
  expect(reduction.data.createFullReduction.userErrors).toEqual([]);
  target.fullReductionId = reduction.data.createFullReduction.fullReduction.id;
  const newPrice = await asOperator(
    'mutation($input: NewCustomerPriceInput!) { setNewCustomerPrice(input: $input) { newCustomerPrice { id } userErrors { code message } } }',
    {
      input: { skuId: flashSku[0].skuId, price: '40.00' },
    },
  );
  expect(newPrice.data.setNewCustomerPrice.userErrors).toEqual([]);
  target.newCustomerPriceId = newPrice.data.setNewCustomerPrice.newCustomerPrice.id;
  const packCampaign = await asOperator(
    'mutation($input: SharePackCampaignInput!) { createSharePackCampaign(input: $input) { campaign { id } userErrors { code message } } }',
    {
      input: { name: 'Authz pack', templateId: target.sharePackTemplateId, rewardTemplateId: target.sharePackTemplateId, friendsNeeded: 2 },
    },
  );
  expect(packCampaign.data.createSharePackCampaign.userErrors).toEqual([]);
  target.sharePackCampaignId = packCampaign.data.createSharePackCampaign.campaign.id;

  // A paid order to ship: placed through checkout, marked paid by hand (payment is another module's test).
  const [onSale] = await h.sql(
    `select s.id from sku s join product p on p.id = s.product_id where p.publication = 'published' and p.sale_starts_at is null and s.stock > 5 limit 1`,
  );
  const placed = await h.gql(
    'mutation($input: CheckoutInput!) { checkout(input: $input) { order { id } userErrors { code message } } }',
    {
      input: {
        lines: [{ skuId: toGlobalId('Sku', onSale.id), quantity: 1 }],
        shippingAddress: { name: 'A', phone: '13800138000', region: '上海市 黄浦区', detail: '南京东路 1 号' },
      },
    },
    { token: customer },
  );
  expect(placed.data.checkout.userErrors).toEqual([]);
  target.paidOrderId = placed.data.checkout.order.id;
  await h.sql(`update customer_order set status = 'paid', paid_at = now() where id = $1`, [
    placed.data.checkout.order.id.length && (await h.sql('select id from customer_order order by placed_at desc limit 1'))[0].id,
  ]);

  // Earnings: a product override to remove, and the member's withdrawals from an operator's credit.
  const override = await asOperator('mutation($input: CommissionOverrideInput!) { setCommissionOverride(input: $input) { userErrors { code message } } }', {
    input: { productId: target.draftProductId, kind: 'PERCENT', levelRates: [500] },
  });
  expect(override.data.setCommissionOverride.userErrors).toEqual([]);
  const credited = await asOperator('mutation($input: AdjustEarningsInput!) { adjustEarnings(input: $input) { userErrors { code message } } }', {
    input: { accountId: target.memberAccountId, amount: '100.00', debit: false, reason: 'Authorization targets' },
  });
  expect(credited.data.adjustEarnings.userErrors).toEqual([]);
  for (const which of ['approvableWithdrawalId', 'rejectableWithdrawalId', 'payableWithdrawalId', 'failableWithdrawalId'] as const) {
    const asked = await h.gql(
      'mutation { requestWithdrawal(input: { amount: "10.00" }) { withdrawal { id } userErrors { code message } } }',
      {},
      { token: member },
    );
    expect(asked.data.requestWithdrawal.userErrors).toEqual([]);
    target[which] = asked.data.requestWithdrawal.withdrawal.id;
  }
  for (const which of ['payableWithdrawalId', 'failableWithdrawalId'] as const) {
    const approved = await asOperator('mutation($id: ID!) { approveWithdrawal(input: { withdrawalId: $id }) { userErrors { code message } } }', {
      id: target[which],
    });
    expect(approved.data.approveWithdrawal.userErrors).toEqual([]);
  }

  // Orders paid through the sandbox: one to refund, two with after-sale requests to approve and reject.
  const [sku] = await products(h, operator, ['18.00'], 20);
  const lines = [{ skuId: sku.skuId, quantity: 1 }];
  target.refundableOrderId = (await paidOrder(h, customer, lines)).id;
  for (const which of ['approvableRequestId', 'rejectableRequestId'] as const) {
    const order = await paidOrder(h, customer, lines);
    const asked = await h.gql(
      'mutation($input: AfterSaleRequestInput!) { requestAfterSale(input: $input) { afterSaleRequest { id } userErrors { code message } } }',
      {
        input: { orderId: order.id, reason: 'Changed my mind' },
      },
      { token: customer },
    );
    expect(asked.data.requestAfterSale.userErrors).toEqual([]);
    target[which] = asked.data.requestAfterSale.afterSaleRequest.id;
  }

  // A received order of two lines, both reviewed by the customer; the second review hidden.
  const [first, second] = await products(h, operator, ['12.00', '13.00'], 5);
  const received = await paidOrder(h, customer, [
    { skuId: first.skuId, quantity: 1 },
    { skuId: second.skuId, quantity: 1 },
  ]);
  const shipped = await asOperator('mutation($input: ShipOrderInput!) { shipOrder(input: $input) { userErrors { code message } } }', {
    input: { orderId: received.id, carrier: '顺丰', trackingNumber: 'SF20261206' },
  });
  expect(shipped.data.shipOrder.userErrors).toEqual([]);
  const confirmed = await h.gql('mutation($id: ID!) { confirmOrderReceipt(orderId: $id) { userErrors { code } } }', { id: received.id }, { token: customer });
  expect(confirmed.data.confirmOrderReceipt.userErrors).toEqual([]);
  const lineIds = await h.sql('select id from order_line where order_id = $1 order by id', [received.dbId]);
  for (const [i, which] of (['publishedReviewId', 'hiddenReviewId'] as const).entries()) {
    const reviewed = await h.gql(
      'mutation($input: WriteReviewInput!) { writeReview(input: $input) { review { id } userErrors { code message } } }',
      { input: { orderLineId: toGlobalId('OrderLine', lineIds[i].id), rating: 4 } },
      { token: customer },
    );
    expect(reviewed.data.writeReview.userErrors).toEqual([]);
    target[which] = reviewed.data.writeReview.review.id;
  }
  const hidden = await asOperator('mutation($input: HideReviewInput!) { hideReview(input: $input) { userErrors { code message } } }', {
    input: { reviewId: target.hiddenReviewId, reason: 'Authorization target' },
  });
  expect(hidden.data.hideReview.userErrors).toEqual([]);
  // Content: the demo KOL and their article, and another of theirs that an operator hid.
  const [kol] = await h.sql('select id from account where email = $1', [DEMO.authorEmail]);
  target.authorAccountId = toGlobalId('Account', kol.id);
  const [demoArticle] = await h.sql('select id from article where slug = $1', [DEMO.articleSlug]);
  target.articleId = toGlobalId('Article', demoArticle.id);
  const kolToken = await h.login(DEMO.authorEmail, DEMO.authorPassword);
  const written = await h.gql(
    'mutation { createArticle(input: { title: "Authz", blocks: [{ paragraph: { text: "hidden" } }] }) { article { id } userErrors { code message } } }',
    {},
    { token: kolToken },
  );
  expect(written.data.createArticle.userErrors).toEqual([]);
  target.hiddenArticleId = written.data.createArticle.article.id;
  await h.gql('mutation($id: ID!) { publishArticle(id: $id) { userErrors { code } } }', { id: target.hiddenArticleId }, { token: kolToken });
  const hiddenArticle = await asOperator('mutation($id: ID!) { hideArticle(id: $id, reason: "Authz") { userErrors { code message } } }', {
    id: target.hiddenArticleId,
  });
  expect(hiddenArticle.data.hideArticle.userErrors).toEqual([]);
});
afterAll(() => h.close());

interface Operation {
  field: string;
  query: string;
  variables: () => Record<string, unknown>;
}

/** Every operator-only root field, each with arguments that would succeed for an operator. */
const OPERATOR_ONLY: Operation[] = [
  {
    field: 'createProduct',
    query: 'mutation($input: ProductCreateInput!) { createProduct(input: $input) { product { id } userErrors { code message } } }',
    variables: () => ({
      input: {
        categoryId: target.categoryId,
        name: 'Authz tea',
        slug: 'authz-tea',
        skus: [{ code: 'AUTHZ-TEA-1', price: '10.00', specs: [{ name: '规格', value: '100g' }], stock: 5 }],
      },
    }),
  },
  {
    field: 'updateProduct',
    query: 'mutation($id: ID!, $input: ProductUpdateInput!) { updateProduct(id: $id, input: $input) { product { id } userErrors { code message } } }',
    variables: () => ({ id: target.productId, input: { name: 'Renamed by someone' } }),
  },
  {
    field: 'publishProduct',
    query: 'mutation($id: ID!) { publishProduct(id: $id) { product { id } userErrors { code message } } }',
    variables: () => ({ id: target.draftProductId }),
  },
  {
    field: 'unpublishProduct',
    query: 'mutation($id: ID!) { unpublishProduct(id: $id) { product { id } userErrors { code message } } }',
    variables: () => ({ id: target.productId }),
  },
  {
    field: 'addProductSku',
    query:
      'mutation($productId: ID!, $input: SkuCreateInput!) { addProductSku(productId: $productId, input: $input) { sku { id } userErrors { code message } } }',
    variables: () => ({ productId: target.productId, input: { code: 'AUTHZ-EXTRA-1', price: '1.00', specs: [{ name: '规格', value: '1kg' }] } }),
  },
  {
    field: 'updateProductSku',
    query: 'mutation($id: ID!, $input: SkuUpdateInput!) { updateProductSku(id: $id, input: $input) { sku { id } userErrors { code message } } }',
    variables: () => ({ id: target.skuId, input: { price: '9999.00' } }),
  },
  {
    field: 'deleteProductSku',
    query: 'mutation($id: ID!) { deleteProductSku(id: $id) { deletedSkuId userErrors { code message } } }',
    variables: () => ({ id: target.otherSkuId }),
  },
  {
    field: 'adjustSkuStock',
    query: 'mutation($input: StockAdjustmentInput!) { adjustSkuStock(input: $input) { sku { id } userErrors { code message } } }',
    variables: () => ({ input: { skuId: target.skuId, delta: 1000, reason: 'found more in the back', idempotencyKey: 'authz-adjust-0001' } }),
  },
  {
    field: 'createCategory',
    query: 'mutation($input: CategoryCreateInput!) { createCategory(input: $input) { category { id } userErrors { code message } } }',
    variables: () => ({ input: { name: 'Authz shelf', slug: 'authz-shelf' } }),
  },
  {
    field: 'updateCategory',
    query: 'mutation($id: ID!, $input: CategoryUpdateInput!) { updateCategory(id: $id, input: $input) { category { id } userErrors { code message } } }',
    variables: () => ({ id: target.categoryId, input: { name: 'Renamed tea' } }),
  },
  {
    field: 'deleteCategory',
    query: 'mutation($id: ID!) { deleteCategory(id: $id) { deletedCategoryId userErrors { code message } } }',
    variables: () => ({ id: target.emptyCategoryId }),
  },
  {
    field: 'createStorefrontApp',
    query: 'mutation($name: String!) { createStorefrontApp(name: $name) { secretKey userErrors { code message } } }',
    variables: () => ({ name: 'Sneaky app' }),
  },
  {
    field: 'updateStorefrontApp',
    query:
      'mutation($id: ID!, $input: StorefrontAppUpdateInput!) { updateStorefrontApp(id: $id, input: $input) { storefrontApp { id } userErrors { code message } } }',
    variables: () => ({ id: target.appId, input: { enabled: false } }),
  },
  {
    field: 'rotateStorefrontAppSecret',
    query: 'mutation($id: ID!) { rotateStorefrontAppSecret(id: $id) { secretKey userErrors { code message } } }',
    variables: () => ({ id: target.appId }),
  },
  {
    field: 'shipOrder',
    query: 'mutation($input: ShipOrderInput!) { shipOrder(input: $input) { order { id } userErrors { code message } } }',
    variables: () => ({ input: { orderId: target.paidOrderId, carrier: '顺丰', trackingNumber: 'SF1234567890' } }),
  },
  {
    field: 'updateOrderSettings',
    query: 'mutation($input: OrderSettingsInput!) { updateOrderSettings(input: $input) { settings { unpaidTimeoutMinutes } userErrors { code message } } }',
    variables: () => ({ input: { unpaidTimeoutMinutes: 5 } }),
  },
  {
    field: 'refundOrder',
    query: 'mutation($input: RefundOrderInput!) { refundOrder(input: $input) { refund { id } userErrors { code message } } }',
    variables: () => ({ input: { orderId: target.refundableOrderId, reason: 'Out of stock after all', idempotencyKey: 'authz-refund-0001' } }),
  },
  {
    field: 'approveAfterSale',
    query: 'mutation($input: ApproveAfterSaleInput!) { approveAfterSale(input: $input) { afterSaleRequest { id } userErrors { code message } } }',
    variables: () => ({ input: { requestId: target.approvableRequestId, idempotencyKey: 'authz-approve-0001' } }),
  },
  {
    field: 'rejectAfterSale',
    query: 'mutation($input: RejectAfterSaleInput!) { rejectAfterSale(input: $input) { afterSaleRequest { id } userErrors { code message } } }',
    variables: () => ({ input: { requestId: target.rejectableRequestId, reason: 'Opened and used' } }),
  },
  {
    field: 'afterSaleRequests',
    query: 'query($first: Int) { afterSaleRequests(first: $first, filter: { statuses: [OPEN] }) { totalCount nodes { id status } } }',
    variables: () => ({ first: 5 }),
  },
  {
    field: 'orders',
    query: 'query($first: Int) { orders(first: $first) { totalCount nodes { id } } }',
    variables: () => ({ first: 5 }),
  },
  {
    field: 'updateMemberProgramSettings',
    query:
      'mutation($input: MemberProgramSettingsInput!) { updateMemberProgramSettings(input: $input) { settings { attributionWindowDays } userErrors { code message } } }',
    variables: () => ({ input: { attributionWindowDays: 14 } }),
  },
  {
    field: 'createMembershipPlan',
    query: 'mutation($input: MembershipPlanCreateInput!) { createMembershipPlan(input: $input) { plan { id } userErrors { code message } } }',
    variables: () => ({ input: { name: 'Sneaky plan', durationDays: 30 } }),
  },
  {
    field: 'updateMembershipPlan',
    query:
      'mutation($id: ID!, $input: MembershipPlanUpdateInput!) { updateMembershipPlan(id: $id, input: $input) { plan { id } userErrors { code message } } }',
    variables: () => ({ id: target.planId, input: { name: 'Renamed plan', active: false } }),
  },
  {
    field: 'deleteMembershipPlan',
    query: 'mutation($id: ID!) { deleteMembershipPlan(id: $id) { deletedPlanId userErrors { code message } } }',
    variables: () => ({ id: target.deletablePlanId }),
  },
  {
    field: 'grantMembership',
    query: 'mutation($input: GrantMembershipInput!) { grantMembership(input: $input) { membership { id } userErrors { code message } } }',
    variables: () => ({ input: { accountId: target.granteeAccountId, durationDays: 30 } }),
  },
  {
    field: 'revokeMembership',
    query: 'mutation($input: RevokeMembershipInput!) { revokeMembership(input: $input) { membership { id } userErrors { code message } } }',
    variables: () => ({ input: { accountId: target.memberAccountId, reason: 'Authorization check' } }),
  },
  {
    field: 'approveMembershipApplication',
    query:
      'mutation($input: ApproveMembershipApplicationInput!) { approveMembershipApplication(input: $input) { application { id } userErrors { code message } } }',
    variables: () => ({ input: { applicationId: target.approvableApplicationId } }),
  },
  {
    field: 'rejectMembershipApplication',
    query:
      'mutation($input: RejectMembershipApplicationInput!) { rejectMembershipApplication(input: $input) { application { id } userErrors { code message } } }',
    variables: () => ({ input: { applicationId: target.rejectableApplicationId, reason: 'Not this time' } }),
  },
  {
    field: 'membershipPlans',
    query: 'query($first: Int) { membershipPlans(first: $first) { totalCount nodes { id name } } }',
    variables: () => ({ first: 5 }),
  },
  {
    field: 'memberships',
    query: 'query($first: Int) { memberships(first: $first, filter: { isOpen: true }) { totalCount nodes { id source } } }',
    variables: () => ({ first: 5 }),
  },
  {
    field: 'membershipApplications',
    query: 'query($first: Int) { membershipApplications(first: $first, filter: { statuses: [PENDING] }) { totalCount nodes { id status } } }',
    variables: () => ({ first: 5 }),
  },
  {
    field: 'commissionSettings',
    query: '{ commissionSettings { versionId levels level1Rate overrides(first: 5) { totalCount } } }',
    variables: () => ({}),
  },
  {
    field: 'updateCommissionSettings',
    query: 'mutation($input: CommissionSettingsInput!) { updateCommissionSettings(input: $input) { settings { versionId } userErrors { code message } } }',
    variables: () => ({ input: { level1Rate: 900 } }),
  },
  {
    field: 'setCommissionOverride',
    query: 'mutation($input: CommissionOverrideInput!) { setCommissionOverride(input: $input) { settings { versionId } userErrors { code message } } }',
    variables: () => ({ input: { productId: target.productId, kind: 'FIXED', levelAmounts: ['1.00'] } }),
  },
  {
    field: 'removeCommissionOverride',
    query:
      'mutation($input: RemoveCommissionOverrideInput!) { removeCommissionOverride(input: $input) { settings { versionId } userErrors { code message } } }',
    variables: () => ({ input: { productId: target.draftProductId } }),
  },
  {
    field: 'adjustEarnings',
    query: 'mutation($input: AdjustEarningsInput!) { adjustEarnings(input: $input) { entry { id } userErrors { code message } } }',
    variables: () => ({ input: { accountId: target.memberAccountId, amount: '1.00', debit: true, reason: 'Correction' } }),
  },
  {
    field: 'approveWithdrawal',
    query: 'mutation($id: ID!) { approveWithdrawal(input: { withdrawalId: $id }) { withdrawal { status } userErrors { code message } } }',
    variables: () => ({ id: target.approvableWithdrawalId }),
  },
  {
    field: 'rejectWithdrawal',
    query:
      'mutation($id: ID!) { rejectWithdrawal(input: { withdrawalId: $id, reason: "Not this time" }) { withdrawal { status } userErrors { code message } } }',
    variables: () => ({ id: target.rejectableWithdrawalId }),
  },
  {
    field: 'markWithdrawalPaid',
    query: 'mutation($id: ID!) { markWithdrawalPaid(input: { withdrawalId: $id }) { withdrawal { status } userErrors { code message } } }',
    variables: () => ({ id: target.payableWithdrawalId }),
  },
  {
    field: 'markWithdrawalFailed',
    query:
      'mutation($id: ID!) { markWithdrawalFailed(input: { withdrawalId: $id, reason: "Bank refused" }) { withdrawal { status } userErrors { code message } } }',
    variables: () => ({ id: target.failableWithdrawalId }),
  },
  {
    field: 'earningsLiabilities',
    query: '{ earningsLiabilities { total { amount } debt { amount } members } }',
    variables: () => ({}),
  },
  {
    field: 'memberBalance',
    query: 'query($id: ID!) { memberBalance(accountId: $id) { reconciles balances { available { amount } } } }',
    variables: () => ({ id: target.memberAccountId }),
  },
  {
    field: 'salesReport',
    query: '{ salesReport(from: "2026-11-01", to: "2026-11-07") { timeZone rows { day figures { gmvPaid { amount } } } } }',
    variables: () => ({}),
  },
  {
    field: 'campaignResults',
    query: '{ campaignResults(from: "2026-11-01", to: "2026-11-07") { coupons { issued } bargains { started } } }',
    variables: () => ({}),
  },
  {
    field: 'rebuildSalesReport',
    query: 'mutation { rebuildSalesReport(input: { from: "2026-11-01", to: "2026-11-07" }) { chunks userErrors { code } } }',
    variables: () => ({}),
  },
  {
    field: 'memberLedger',
    query: 'query($id: ID!) { memberLedger(accountId: $id, first: 5) { totalCount nodes { id explanation } } }',
    variables: () => ({ id: target.memberAccountId }),
  },
  {
    field: 'withdrawals',
    query: '{ withdrawals(first: 5, filter: { statuses: [REQUESTED] }) { totalCount nodes { id amount { amount } } } }',
    variables: () => ({}),
  },
  {
    field: 'topEarners',
    query: '{ topEarners(from: "2020-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z", first: 5) { earned { amount } member { id } } }',
    variables: () => ({}),
  },
  {
    field: 'createCouponTemplate',
    query: 'mutation($input: CouponTemplateCreateInput!) { createCouponTemplate(input: $input) { template { id } userErrors { code message } } }',
    variables: () => ({
      input: { name: 'Sneaky coupon', kind: 'AMOUNT_OFF', amountOff: '50.00', validity: 'DAYS_AFTER_CLAIM', validDays: 7, distribution: 'CLAIMABLE' },
    }),
  },
  {
    field: 'updateCouponTemplate',
    query:
      'mutation($id: ID!, $input: CouponTemplateUpdateInput!) { updateCouponTemplate(id: $id, input: $input) { template { id } userErrors { code message } } }',
    variables: () => ({ id: target.couponTemplateId, input: { name: 'Renamed coupon' } }),
  },
  {
    field: 'grantCoupons',
    query: 'mutation($input: GrantCouponsInput!) { grantCoupons(input: $input) { coupons { id } userErrors { code message } } }',
    variables: () => ({ input: { templateId: target.couponTemplateId, accountIds: [target.granteeAccountId] } }),
  },
  {
    field: 'endCouponTemplate',
    query: 'mutation($id: ID!) { endCouponTemplate(id: $id) { template { id } userErrors { code message } } }',
    variables: () => ({ id: target.couponTemplateId }),
  },
  {
    field: 'couponTemplates',
    query: 'query($first: Int) { couponTemplates(first: $first) { totalCount nodes { id stats { issued used } } } }',
    variables: () => ({ first: 5 }),
  },
  {
    field: 'coupons',
    query: 'query($first: Int) { coupons(first: $first) { totalCount nodes { id } } }',
    variables: () => ({ first: 5 }),
  },
  {
    field: 'createFlashSlot',
    query: 'mutation { createFlashSlot(input: { name: "Sneaky slot", startTime: "03:00", endTime: "04:00" }) { slot { id } userErrors { code message } } }',
    variables: () => ({}),
  },
  {
    field: 'updateFlashSale',
    query: 'mutation($id: ID!) { updateFlashSale(id: $id, input: { addFlashStock: 5 }) { flashSale { id } userErrors { code message } } }',
    variables: () => ({ id: target.flashSaleId }),
  },
  {
    field: 'endFlashSale',
    query: 'mutation($id: ID!) { endFlashSale(id: $id) { flashSale { id } userErrors { code message } } }',
    variables: () => ({ id: target.flashSaleId }),
  },
  {
    field: 'createFlashSale',
    query: 'mutation($input: FlashSaleCreateInput!) { createFlashSale(input: $input) { flashSale { id } userErrors { code message } } }',
    variables: () => ({
      input: {
        slotId: target.flashSlotId,
        skuId: target.skuId,
        flashPrice: '0.01',
        flashStock: 3,
        startsAt: '2026-01-01T00:00:00Z',
        endsAt: '2099-01-01T00:00:00Z',
      },
    }),
  },
  {
    field: 'deleteFlashSlot',
    query: 'mutation($id: ID!) { deleteFlashSlot(id: $id) { userErrors { code message } } }',
    variables: () => ({ id: target.deletableFlashSlotId }),
  },
  {
    field: 'createDiscount',
    query: 'mutation($input: DiscountCreateInput!) { createDiscount(input: $input) { discount { id } userErrors { code message } } }',
    variables: () => ({
      input: {
        name: 'Sneaky discount',
        skuId: target.spareSkuId,
        percentOffBasisPoints: 9000,
        startsAt: '2026-01-01T00:00:00Z',
        endsAt: '2099-01-01T00:00:00Z',
      },
    }),
  },
  {
    field: 'endDiscount',
    query: 'mutation($id: ID!) { endDiscount(id: $id) { discount { id } userErrors { code message } } }',
    variables: () => ({ id: target.discountId }),
  },
  {
    field: 'createFullReduction',
    query: 'mutation($input: FullReductionCreateInput!) { createFullReduction(input: $input) { fullReduction { id } userErrors { code message } } }',
    variables: () => ({
      input: {
        name: 'Sneaky reduction',
        basis: 'COUNT',
        tiers: [{ thresholdCount: 1, amountOff: '99.00' }],
        startsAt: '2026-01-01T00:00:00Z',
        endsAt: '2099-01-01T00:00:00Z',
      },
    }),
  },
  {
    field: 'endFullReduction',
    query: 'mutation($id: ID!) { endFullReduction(id: $id) { fullReduction { id } userErrors { code message } } }',
    variables: () => ({ id: target.fullReductionId }),
  },
  {
    field: 'setNewCustomerPrice',
    query: 'mutation($input: NewCustomerPriceInput!) { setNewCustomerPrice(input: $input) { newCustomerPrice { id } userErrors { code message } } }',
    variables: () => ({ input: { skuId: target.spareSkuId, price: '0.01' } }),
  },
  {
    field: 'endNewCustomerPrice',
    query: 'mutation($id: ID!) { endNewCustomerPrice(id: $id) { newCustomerPrice { id } userErrors { code message } } }',
    variables: () => ({ id: target.newCustomerPriceId }),
  },
  {
    field: 'updatePromotionSettings',
    query: 'mutation { updatePromotionSettings(input: { timeZone: "Asia/Tokyo" }) { settings { timeZone } userErrors { code message } } }',
    variables: () => ({}),
  },
  {
    field: 'setSignInReward',
    query: 'mutation($input: SignInRewardInput!) { setSignInReward(input: $input) { streakDay userErrors { code message } } }',
    variables: () => ({ input: { streakDay: 1, templateId: target.signInTemplateId } }),
  },
  {
    field: 'createSharePackCampaign',
    query: 'mutation($input: SharePackCampaignInput!) { createSharePackCampaign(input: $input) { campaign { id } userErrors { code message } } }',
    variables: () => ({
      input: { name: 'Sneaky pack', templateId: target.sharePackTemplateId, rewardTemplateId: target.sharePackTemplateId, friendsNeeded: 1 },
    }),
  },
  {
    field: 'endSharePackCampaign',
    query: 'mutation($id: ID!) { endSharePackCampaign(id: $id) { campaign { id } userErrors { code message } } }',
    variables: () => ({ id: target.sharePackCampaignId }),
  },
  {
    field: 'storefrontApps',
    query: 'query($first: Int) { storefrontApps(first: $first) { totalCount nodes { id publicKey } } }',
    variables: () => ({ first: 5 }),
  },
  {
    field: 'salesByPlacement',
    query: 'query($from: LocalDate!, $to: LocalDate!) { salesByPlacement(from: $from, to: $to) { orders gmv { amount } groups { placement } } }',
    variables: () => ({ from: '2026-12-01', to: '2026-12-31' }),
  },
  {
    field: 'createGroupBuyCampaign',
    query: 'mutation($input: GroupBuyCampaignCreateInput!) { createGroupBuyCampaign(input: $input) { campaign { id } userErrors { code message } } }',
    variables: () => ({
      input: {
        productId: target.productId,
        name: 'Authz group-buy 2',
        size: 3,
        sessionSeconds: 600,
        startsAt: '2026-01-01T00:00:00Z',
        endsAt: '2036-01-01T00:00:00Z',
        skus: [{ skuId: target.skuId, groupPrice: '2.00' }],
      },
    }),
  },
  {
    field: 'updateGroupBuyCampaign',
    query:
      'mutation($id: ID!, $input: GroupBuyCampaignUpdateInput!) { updateGroupBuyCampaign(id: $id, input: $input) { campaign { id } userErrors { code message } } }',
    variables: () => ({ id: target.groupBuyCampaignId, input: { name: 'Renamed group-buy' } }),
  },
  {
    field: 'endGroupBuyCampaign',
    query: 'mutation($id: ID!) { endGroupBuyCampaign(id: $id) { campaign { id } userErrors { code message } } }',
    variables: () => ({ id: target.groupBuyCampaignId }),
  },
  {
    field: 'createBargainCampaign',
    query: 'mutation($input: BargainCampaignCreateInput!) { createBargainCampaign(input: $input) { campaign { id } userErrors { code message } } }',
    variables: () => ({
      input: {
        skuId: target.skuId,
        name: 'Authz bargain 2',
        startPrice: '10.00',
        floorPrice: '2.00',
        helpersNeeded: 3,
        timeLimitSeconds: 600,
        stock: 1,
        startsAt: '2026-01-01T00:00:00Z',
        endsAt: '2036-01-01T00:00:00Z',
      },
    }),
  },
  {
    field: 'updateBargainCampaign',
    query:
      'mutation($id: ID!, $input: BargainCampaignUpdateInput!) { updateBargainCampaign(id: $id, input: $input) { campaign { id } userErrors { code message } } }',
    variables: () => ({ id: target.bargainCampaignId, input: { stock: 9 } }),
  },
  {
    field: 'endBargainCampaign',
    query: 'mutation($id: ID!) { endBargainCampaign(id: $id) { campaign { id } userErrors { code message } } }',
    variables: () => ({ id: target.bargainCampaignId }),
  },
  {
    field: 'bargainCampaigns',
    query: 'query($first: Int) { bargainCampaigns(first: $first) { totalCount nodes { id results { started } bargains(first: 2) { totalCount } } } }',
    variables: () => ({ first: 5 }),
  },
  {
    field: 'createRedPacketCampaign',
    query: 'mutation($input: RedPacketCampaignCreateInput!) { createRedPacketCampaign(input: $input) { campaign { id } userErrors { code message } } }',
    variables: () => ({
      input: {
        name: 'Authz red packet 2',
        totalAmount: '5.00',
        shares: 2,
        minimumShare: '0.01',
        timeLimitSeconds: 600,
        shareTemplateId: target.redPacketTemplateId,
        startsAt: '2026-01-01T00:00:00Z',
        endsAt: '2036-01-01T00:00:00Z',
      },
    }),
  },
  {
    field: 'updateRedPacketCampaign',
    query:
      'mutation($id: ID!, $input: RedPacketCampaignUpdateInput!) { updateRedPacketCampaign(id: $id, input: $input) { campaign { id } userErrors { code message } } }',
    variables: () => ({ id: target.redPacketCampaignId, input: { name: 'Renamed red packet' } }),
  },
  {
    field: 'endRedPacketCampaign',
    query: 'mutation($id: ID!) { endRedPacketCampaign(id: $id) { campaign { id } userErrors { code message } } }',
    variables: () => ({ id: target.redPacketCampaignId }),
  },
  {
    field: 'redPacketCampaigns',
    query: 'query($first: Int) { redPacketCampaigns(first: $first) { totalCount nodes { id results { packetsOpened } packets(first: 2) { totalCount } } } }',
    variables: () => ({ first: 5 }),
  },
  {
    field: 'createAssistCampaign',
    query: 'mutation($input: AssistCampaignCreateInput!) { createAssistCampaign(input: $input) { campaign { id } userErrors { code message } } }',
    variables: () => ({
      input: {
        productId: target.productId,
        name: 'Authz assist 2',
        helpersNeeded: 2,
        timeLimitSeconds: 600,
        startsAt: '2026-01-01T00:00:00Z',
        endsAt: '2036-01-01T00:00:00Z',
      },
    }),
  },
  {
    field: 'updateAssistCampaign',
    query:
      'mutation($id: ID!, $input: AssistCampaignUpdateInput!) { updateAssistCampaign(id: $id, input: $input) { campaign { id } userErrors { code message } } }',
    variables: () => ({ id: target.assistCampaignId, input: { name: 'Renamed assist' } }),
  },
  {
    field: 'endAssistCampaign',
    query: 'mutation($id: ID!) { endAssistCampaign(id: $id) { campaign { id } userErrors { code message } } }',
    variables: () => ({ id: target.assistCampaignId }),
  },
  {
    field: 'assistCampaigns',
    query: 'query($first: Int) { assistCampaigns(first: $first) { totalCount nodes { id results { linksCreated } links(first: 2) { totalCount } } } }',
    variables: () => ({ first: 5 }),
  },
  {
    field: 'createWheelCampaign',
    query: 'mutation($input: WheelCampaignCreateInput!) { createWheelCampaign(input: $input) { campaign { id } userErrors { code message } } }',
    variables: () => ({ input: { name: 'Sneaky wheel', startsAt: '2026-01-01T00:00:00Z', endsAt: '2036-01-01T00:00:00Z' } }),
  },
  {
    field: 'updateWheelCampaign',
    query:
      'mutation($id: ID!, $input: WheelCampaignUpdateInput!) { updateWheelCampaign(id: $id, input: $input) { campaign { id } userErrors { code message } } }',
    variables: () => ({ id: target.wheelCampaignId, input: { dailyChances: 9 } }),
  },
  {
    field: 'addWheelPrize',
    query: 'mutation($input: AddWheelPrizeInput!) { addWheelPrize(input: $input) { campaign { id } userErrors { code message } } }',
    variables: () => ({ input: { campaignId: target.wheelCampaignId, name: 'Sneaky prize', templateId: target.gamePrizeTemplateId, weight: 1, stock: 1 } }),
  },
  {
    field: 'startWheelCampaign',
    query: 'mutation($id: ID!) { startWheelCampaign(id: $id) { campaign { id } userErrors { code message } } }',
    variables: () => ({ id: target.wheelCampaignId }),
  },
  {
    field: 'endWheelCampaign',
    query: 'mutation($id: ID!) { endWheelCampaign(id: $id) { campaign { id } userErrors { code message } } }',
    variables: () => ({ id: target.wheelCampaignId }),
  },
  {
    field: 'wheelCampaigns',
    query: 'query($first: Int) { wheelCampaigns(first: $first) { totalCount nodes { id results { draws } } } }',
    variables: () => ({ first: 5 }),
  },
  {
    field: 'createLotteryCampaign',
    query: 'mutation($input: LotteryCampaignCreateInput!) { createLotteryCampaign(input: $input) { campaign { id } userErrors { code message } } }',
    variables: () => ({ input: { name: 'Sneaky lottery', startsAt: '2026-01-01T00:00:00Z', deadline: '2036-01-01T00:00:00Z' } }),
  },
  {
    field: 'updateLotteryCampaign',
    query:
      'mutation($id: ID!, $input: LotteryCampaignUpdateInput!) { updateLotteryCampaign(id: $id, input: $input) { campaign { id } userErrors { code message } } }',
    variables: () => ({ id: target.lotteryCampaignId, input: { entryCap: 99 } }),
  },
  {
    field: 'addLotteryPrize',
    query: 'mutation($input: AddLotteryPrizeInput!) { addLotteryPrize(input: $input) { campaign { id } userErrors { code message } } }',
    variables: () => ({ input: { campaignId: target.lotteryCampaignId, name: 'Sneaky tier', templateId: target.gamePrizeTemplateId, winners: 1 } }),
  },
  {
    field: 'openLotteryCampaign',
    query: 'mutation($id: ID!) { openLotteryCampaign(id: $id) { campaign { id } userErrors { code message } } }',
    variables: () => ({ id: target.lotteryCampaignId }),
  },
  {
    field: 'endLotteryCampaign',
    query: 'mutation($id: ID!) { endLotteryCampaign(id: $id) { campaign { id } userErrors { code message } } }',
    variables: () => ({ id: target.lotteryCampaignId }),
  },
  {
    field: 'lotteryCampaigns',
    query: 'query($first: Int) { lotteryCampaigns(first: $first) { totalCount nodes { id results { entries } } } }',
    variables: () => ({ first: 5 }),
  },
  {
    field: 'hideReview',
    query: 'mutation($input: HideReviewInput!) { hideReview(input: $input) { review { id } userErrors { code message } } }',
    variables: () => ({ input: { reviewId: target.publishedReviewId, reason: 'Not an operator' } }),
  },
  {
    field: 'unhideReview',
    query: 'mutation($input: UnhideReviewInput!) { unhideReview(input: $input) { review { id } userErrors { code message } } }',
    variables: () => ({ input: { reviewId: target.hiddenReviewId } }),
  },
  {
    field: 'replyToReview',
    query: 'mutation($input: ReplyToReviewInput!) { replyToReview(input: $input) { review { id } userErrors { code message } } }',
    variables: () => ({ input: { reviewId: target.publishedReviewId, text: 'A reply from nobody' } }),
  },
  {
    field: 'reviews',
    query: 'query($filter: ReviewFilterInput) { reviews(first: 5, filter: $filter) { totalCount nodes { id hiddenReason } } }',
    variables: () => ({ filter: { hidden: true } }),
  },
  {
    field: 'grantAuthor',
    query: 'mutation($id: ID!) { grantAuthor(accountId: $id) { author { accountId } userErrors { code message } } }',
    variables: () => ({ id: target.granteeAccountId }),
  },
  {
    field: 'revokeAuthor',
    query: 'mutation($id: ID!) { revokeAuthor(accountId: $id) { author { accountId } userErrors { code message } } }',
    variables: () => ({ id: target.authorAccountId }),
  },
  {
    field: 'contentAuthors',
    query: '{ contentAuthors(first: 5) { totalCount nodes { accountId } } }',
    variables: () => ({}),
  },
  {
    field: 'allArticles',
    query: '{ allArticles(first: 5) { totalCount nodes { id status } } }',
    variables: () => ({}),
  },
  {
    field: 'hideArticle',
    query: 'mutation($id: ID!) { hideArticle(id: $id, reason: "Not allowed") { article { id } userErrors { code message } } }',
    variables: () => ({ id: target.articleId }),
  },
  {
    field: 'unhideArticle',
    query: 'mutation($id: ID!) { unhideArticle(id: $id) { article { id } userErrors { code message } } }',
    variables: () => ({ id: target.hiddenArticleId }),
  },
  {
    field: 'groupBuyCampaigns',
    query: 'query($first: Int) { groupBuyCampaigns(first: $first) { totalCount nodes { id results { sessions } sessions(first: 2) { totalCount } } } }',
    variables: () => ({ first: 5 }),
  },
];

/** Mutations anyone may call (with a storefront key where the channel rule asks for one). */
const PUBLIC_MUTATIONS = [
  'register',
  'login',
  'refreshAccessToken',
  'logout',
  'requestSignInCode',
  'signInWithCode',
  'addSavedAddress',
  'updateSavedAddress',
  'setDefaultSavedAddress',
  'removeSavedAddress',
  'addCartLines',
  'updateCartLine',
  'mergeCart',
  'checkout',
  'setLiveCartLine',
  'checkoutLive',
  'cancelOrder',
  'confirmOrderReceipt',
  'payOrder',
  'requestAfterSale',
  'applyForMembership',
  'bindInviter',
  'updateMyShop',
  'addShopProducts',
  'removeShopProducts',
  'reorderShopProducts',
  'setShopPrice',
  'recordShopVisit',
  'createShareLink',
  'recordShareTouch',
  'requestWithdrawal',
  'startGroupBuy',
  'joinGroupBuy',
  'startBargain',
  'helpBargain',
  'buyBargain',
  'openRedPacket',
  'joinRedPacket',
  'assistFriend',
  'drawWheel',
  'earnWheelChance',
  'enterLottery',
  'claimCoupon',
  'signIn',
  'shareCouponPack',
  'claimSharePack',
  'writeReview',
  'followUpReview',
  'createArticle',
  'updateArticle',
  'publishArticle',
  'unpublishArticle',
  'recordArticleView',
  'recordCardClick',
  'recordCardAddToCart',
  // Live sessions: a host runs their own, an operator all (the service checks the session's host).
  'createLiveSession',
  'updateLiveSession',
  'startLiveSession',
  'pauseLiveSession',
  'resumeLiveSession',
  'endLiveSession',
  'cancelLiveSession',
  'addLiveItem',
  'updateLiveItem',
  'changeLiveItemQuota',
  'removeLiveItem',
  'pinLiveItem',
  'unpinLiveItem',
  // Webhooks: operators for every app, a storefront app's secret key for its own (test/webhooks.test.ts checks who is refused).
  'createWebhookEndpoint',
  'updateWebhookEndpoint',
  'rotateWebhookEndpointSecret',
  'deleteWebhookEndpoint',
  'sendWebhookTestEvent',
  'replayWebhookDelivery',
  'replayWebhookDeliveries',
];
const PUBLIC_QUERIES = [
  'categories',
  'category',
  'me',
  'node',
  'nodes',
  'product',
  'products',
  'cart',
  'order',
  'myOrders',
  'orderSettings',
  'memberProgramSettings',
  'myInviteCode',
  'myInvitees',
  'myTeam',
  'shop',
  'myShop',
  'myEarnings',
  'myWithdrawals',
  'groupBuyCampaign',
  'runningGroupBuyCampaigns',
  'groupBuySession',
  'joinableGroupBuySessions',
  'myGroupBuySessions',
  'bargainCampaign',
  'bargain',
  'myBargains',
  'redPacketCampaign',
  'redPacket',
  'myRedPackets',
  'assistCampaign',
  'assistLink',
  'myAssistLinks',
  'promotionGames',
  'wheelCampaign',
  'runningWheelCampaigns',
  'myWheelChances',
  'myWheelDraws',
  'lotteryCampaign',
  'openLotteryCampaigns',
  'myLotteryParticipation',
  'myLotteryEntries',
  'claimableCouponTemplates',
  'myCoupons',
  'priceCart',
  'flashSlots',
  'flashSales',
  'discounts',
  'fullReductions',
  'newCustomerPrices',
  'promotionSettings',
  'mySignIns',
  'signInRewards',
  'sharePackCampaigns',
  'mySharePacks',
  'myReviews',
  'reviewableLines',
  'article',
  'articles',
  'myArticles',
  'liveSession',
  'liveSessions',
  'mySalesByPlacement',
  'liveCart',
  'liveSessionReport',
  // Operators, or a storefront app's secret key for its own app (test/webhooks.test.ts).
  'webhookEndpoints',
  'webhookDeliveries',
];

/** A digest of every table a refused request could have written to. */
async function database(): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const table of [
    'product',
    'sku',
    'product_image',
    'stock_movement',
    'category',
    'storefront_app',
    'idempotency_record',
    'account',
    'customer_order',
    'order_line',
    'payment',
    'refund',
    'after_sale_request',
    'member_program_settings',
    'membership_plan',
    'membership',
    'membership_application',
    'commission_rule_version',
    'commission_override',
    'earning_entry',
    'member_balance',
    'withdrawal',
    'coupon_template',
    'coupon',
    'flash_slot',
    'flash_sale',
    'discount',
    'full_reduction',
    'new_customer_price',
    'promotion_settings',
    'sign_in_reward',
    'share_pack_campaign',
    'review',
    'review_rating_summary',
    'content_author',
    'article',
    'live_session',
    'live_item',
    'live_event',
    'red_packet_campaign',
    'assist_campaign',
    'wheel_campaign',
    'wheel_prize',
    'lottery_campaign',
    'lottery_prize',
  ]) {
    const [{ digest }] = await h.sql(`select md5(coalesce(string_agg(row_to_json(t)::text, ',' order by row_to_json(t)::text), '')) as digest from ${table} t`);
    digests[table] = digest;
  }
  return digests;
}

describe('the list of operator-only root fields', () => {
  it('decides every mutation and query of the schema: a new one must be added to a list here', async () => {
    const res = await h.gql('{ __schema { mutationType { fields { name description } } queryType { fields { name description } } } }', {}, { key: null });
    expect(res.errors).toBeUndefined();
    const operatorOnly = OPERATOR_ONLY.map((o) => o.field);
    const mutations = res.data.__schema.mutationType.fields as { name: string; description: string }[];
    const queries = res.data.__schema.queryType.fields as { name: string; description: string }[];
    const undecided = [
      ...mutations.map((f) => f.name).filter((n) => !operatorOnly.includes(n) && !PUBLIC_MUTATIONS.includes(n)),
      ...queries.map((f) => f.name).filter((n) => !operatorOnly.includes(n) && !PUBLIC_QUERIES.includes(n)),
    ];
    expect(undecided).toEqual([]);
    // And what the schema documents as operators-only is what is tested as such.
    const documented = [...mutations, ...queries].filter((f) => /Operators only/.test(f.description)).map((f) => f.name);
    expect(documented.sort()).toEqual([...operatorOnly].sort());
  });

  it('lists the operator-only object fields the schema documents', async () => {
    const res = await h.gql('{ __schema { types { name fields { name description } } } }', {}, { key: null });
    const documented: string[] = [];
    for (const type of res.data.__schema.types) {
      if (['Query', 'Mutation'].includes(type.name) || type.name.startsWith('__')) continue;
      for (const f of type.fields ?? []) if (/operators only/i.test(f.description ?? '')) documented.push(`${type.name}.${f.name}`);
    }
    expect(documented.sort()).toEqual([
      'AssistCampaign.links',
      'AssistCampaign.results',
      'BargainCampaign.bargains',
      'BargainCampaign.results',
      'CouponTemplate.stats',
      'Discount.orderCount',
      'Discount.sales',
      'FlashSale.sales',
      'FlashSale.sold',
      'FullReduction.amountOffTotal',
      'FullReduction.giftsIssued',
      'FullReduction.orderCount',
      'GroupBuyCampaign.results',
      'GroupBuyCampaign.sessions',
      'LotteryCampaign.results',
      'NewCustomerPrice.orderCount',
      'NewCustomerPrice.sales',
      'Order.attribution',
      'Product.priceControl',
      'RedPacketCampaign.packets',
      'RedPacketCampaign.results',
      'SharePackCampaign.claimCount',
      'SharePackCampaign.packCount',
      'SharePackCampaign.rewardCount',
      'Sku.stock',
      'Sku.stockMovements',
      'WheelCampaign.results',
    ]);
  });
});

describe('operator-only root fields', () => {
  it.each(OPERATOR_ONLY.map((o) => [o.field, o] as const))('%s is FORBIDDEN to customers and members, and writes nothing', async (_field, op) => {
    const before = await database();
    for (const token of [customer, member]) {
      const res = await h.gql(op.query, op.variables(), { token });
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0]).toMatchObject({ message: 'Only operators may do this', path: [op.field], extensions: { code: 'FORBIDDEN' } });
      expect(res.data).toBeNull();
    }
    expect(await database()).toEqual(before);
  });

  it.each(OPERATOR_ONLY.map((o) => [o.field, o] as const))('%s is UNAUTHENTICATED without a bearer token, and writes nothing', async (_field, op) => {
    const before = await database();
    const res = await h.gql(op.query, op.variables());
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]).toMatchObject({ message: expect.stringMatching(/Sign in/), path: [op.field], extensions: { code: 'UNAUTHENTICATED' } });
    expect(res.data).toBeNull();
    // The secret key of a server does not make anyone an operator either.
    const server = await h.gql(op.query, op.variables(), { key: DEMO.storefrontSecretKey });
    expect(server.errors![0].extensions.code).toBe('UNAUTHENTICATED');
    expect(await database()).toEqual(before);
  });
});

describe('operator-only object fields', () => {
  const STOCK = 'query($id: ID) { product(id: $id) { id skus { id stock } } }';
  const MOVEMENTS = 'query($id: ID) { product(id: $id) { id skus { id stockMovements(first: 5) { totalCount nodes { delta reason } } } } }';
  const STOCK_BY_NODE = 'query($id: ID!) { node(id: $id) { id ... on Sku { stock } } }';
  const PRICE_CONTROL = 'query($id: ID) { product(id: $id) { id priceControl { floor { amount } ceiling { amount } } } }';

  it('Sku.stock and Sku.stockMovements are FORBIDDEN to customers and members, UNAUTHENTICATED to nobody', async () => {
    for (const [query, variables] of [
      [STOCK, { id: target.productId }],
      [MOVEMENTS, { id: target.productId }],
      [STOCK_BY_NODE, { id: target.skuId }],
    ] as const) {
      for (const token of [customer, member]) {
        const res = await h.gql(query, variables, { token });
        expect(res.errors!.length).toBeGreaterThan(0);
        for (const e of res.errors!) expect(e.extensions.code).toBe('FORBIDDEN');
      }
      const nobody = await h.gql(query, variables);
      expect(nobody.errors!.length).toBeGreaterThan(0);
      for (const e of nobody.errors!) expect(e.extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('Sku.stock and Sku.stockMovements answer operators, with or without a storefront key', async () => {
    for (const key of [null, DEMO.storefrontPublicKey]) {
      const res = await h.gql(MOVEMENTS.replace('skus { id', 'skus { id stock'), { id: target.productId }, { token: operator, key });
      expect(res.errors).toBeUndefined();
      for (const sku of res.data.product.skus) {
        expect(typeof sku.stock).toBe('number');
        expect(typeof sku.stockMovements.totalCount).toBe('number');
      }
    }
  });

  it('Product.priceControl is for members and operators: FORBIDDEN to customers, UNAUTHENTICATED to nobody', async () => {
    const [product] = await h.sql(`select id from product where publication = 'published' and price_floor is not null limit 1`);
    const id = toGlobalId('Product', product.id);

    const asCustomer = await h.gql(PRICE_CONTROL, { id }, { token: customer });
    expect(asCustomer.errors![0]).toMatchObject({ path: ['product', 'priceControl'], extensions: { code: 'FORBIDDEN' } });
    const asNobody = await h.gql(PRICE_CONTROL, { id });
    expect(asNobody.errors![0]).toMatchObject({ path: ['product', 'priceControl'], extensions: { code: 'UNAUTHENTICATED' } });

    for (const token of [member, operator]) {
      const res = await h.gql(PRICE_CONTROL, { id }, { token });
      expect(res.errors).toBeUndefined();
      expect(res.data.product.priceControl.floor.amount).toMatch(/^\d+\.\d{2}$/);
    }
  });
});

describe('the channel rule', () => {
  it('refuses a request with neither a storefront key nor an operator token', async () => {
    const cases: [string, Record<string, unknown>?][] = [
      ['{ categories { id } }'],
      ['query { ...Shelves } fragment Shelves on Query { categories { id } }'],
      ['{ me { id } products(first: 1) { totalCount } }'],
      ['mutation($input: CategoryCreateInput!) { createCategory(input: $input) { userErrors { code } } }', { input: { name: 'No key', slug: 'no-key' } }],
    ];
    for (const [query, variables] of cases) {
      for (const token of [undefined, customer]) {
        const res = await h.gql(query, variables, { key: null, token });
        expect(res.status).toBe(401);
        expect(res.data).toBeUndefined();
        expect(res.errors![0].extensions.code).toBe('STOREFRONT_KEY_REQUIRED');
        expect(res.errors![0].message).toMatch(/X-Storefront-Key/);
      }
    }
    expect(await h.sql(`select 1 from category where slug = 'no-key'`)).toEqual([]);
  });

  it('lets an operator query without a storefront key, and anyone sign in or introspect', async () => {
    const products = await h.gql('{ products(first: 3, filter: { statuses: [DRAFT] }) { nodes { status } } }', {}, { token: operator, key: null });
    expect(products.errors).toBeUndefined();
    expect(products.data.products.nodes.map((n: any) => n.status)).toEqual(['DRAFT', 'DRAFT', 'DRAFT']);
    const introspection = await h.gql('{ __typename __schema { queryType { name } } }', {}, { key: null });
    expect(introspection.data).toEqual({ __typename: 'Query', __schema: { queryType: { name: 'Query' } } });
    const me = await h.gql('{ me { id } }', {}, { key: null });
    expect(me.data).toEqual({ me: null });
  });
});

describe('unexpected errors', () => {
  it('are masked: a generic message and a correlation id, no stack, no SQL', async () => {
    // A token signed with the server's own key, in a live session, whose subject is not an account
    // id: the lookup fails inside PostgreSQL (invalid uuid), which nothing in the app expects.
    const secret = new TextEncoder().encode(loadConfig({ NODE_ENV: 'test' }).jwtSecret);
    const { sid } = JSON.parse(Buffer.from((await h.customerToken()).split('.')[1], 'base64url').toString());
    const token = await new SignJWT({ role: 'customer', sid })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('not-an-account-id')
      .setIssuer('social-commerce-api')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(secret);
    const res = await h.gql('{ me { id } }', {}, { token, headers: { 'x-request-id': 'authz-masking-check-1' } });
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]).toEqual({
      message: 'Internal server error: quote the correlationId when reporting it',
      path: ['me'],
      locations: [{ line: 1, column: 3 }],
      extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId: 'authz-masking-check-1' },
    });
    const body = JSON.stringify(res.body);
    expect(body).not.toMatch(/uuid|select|stacktrace|\.ts:|node_modules/i);
  });
});

describe('query limits', () => {
  const nested = (levels: number, field = 'children') => `${`${field} { `.repeat(levels)}id${' }'.repeat(levels)}`;

  it('refuse a query deeper than 12 levels before running it', async () => {
    // parent is a single object, so a long chain of it stays cheap: only the depth limit applies.
    const twelve = await h.gql(`{ category(slug: "tea") { ${nested(10, 'parent')} } }`);
    expect(twelve.errors).toBeUndefined();
    const thirteen = await h.gql(`{ category(slug: "tea") { ${nested(11, 'parent')} } }`);
    expect(thirteen.errors![0].extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', depth: 13, maxDepth: 12 });

    const res = await h.gql(`{ categories { ${nested(11)} } }`);
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0].message).toBe('Query is 13 levels deep; the limit is 12');
    expect(res.errors![0].extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', depth: 13, maxDepth: 12 });

    const viaFragments = await h.gql(`query { categories { ...A } } fragment A on Category { children { ...B } } fragment B on Category { ${nested(10)} }`);
    expect(viaFragments.errors![0].extensions.code).toBe('QUERY_TOO_DEEP');
  });

  it('refuse a too deep mutation without running it', async () => {
    const res = await asOperator(`mutation($input: CategoryCreateInput!) { createCategory(input: $input) { category { ${nested(11)} } } }`, {
      input: { name: 'Too deep', slug: 'too-deep' },
    });
    expect(res.errors![0].extensions.code).toBe('QUERY_TOO_DEEP');
    expect(res.data).toBeUndefined();
    expect(await h.sql(`select 1 from category where slug = 'too-deep'`)).toEqual([]);
  });

  it('refuse a query that costs too much before running it', async () => {
    const big = `products(first: $n) { nodes { skus { id code specs { name value } price { amount currencyCode } } category { children { id name children { id name } } } } }`;
    const res = await h.gql(`query($n: Int) { ${big} }`, { n: 100 });
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.errors![0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', maxCost: 10000 });
    expect(res.errors![0].extensions.cost).toBeGreaterThan(10000);
    expect(res.errors![0].message).toMatch(/^Query costs \d+; the limit is 10000\. Ask for smaller pages or fewer fields\.$/);
    // The same shape over a small page is fine: the cost follows the page size asked for.
    const small = await h.gql(`query($n: Int) { ${big} }`, { n: 5 });
    expect(small.errors).toBeUndefined();

    const aliases = Array.from({ length: 6 }, (_, i) => `p${i}: products(first: 100) { nodes { id name skus { id price { amount } } } }`).join(' ');
    const aliased = await h.gql(`{ ${aliases} }`);
    expect(aliased.errors![0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(aliased.data).toBeUndefined();
  });

  it('refuse a too costly mutation without running it', async () => {
    const res = await asOperator(`mutation($input: CategoryCreateInput!) { createCategory(input: $input) { category { ${nested(4)} } } }`, {
      input: { name: 'Too costly', slug: 'too-costly' },
    });
    expect(res.errors![0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(res.data).toBeUndefined();
    expect(await h.sql(`select 1 from category where slug = 'too-costly'`)).toEqual([]);
  });
});

// Last: it changes the targets the tests above rely on.
describe('the same requests from an operator', () => {
  it('all go through with the same arguments, so the refusals above were the guard at work', async () => {
    const before = await database();
    for (const op of OPERATOR_ONLY) {
      const res = await asOperator(op.query, op.variables());
      expect({ field: op.field, errors: res.errors }).toEqual({ field: op.field, errors: undefined });
      const result = res.data[op.field];
      if (result.userErrors) expect({ field: op.field, userErrors: result.userErrors }).toEqual({ field: op.field, userErrors: [] });
    }
    const after = await database();
    for (const table of [
      'product',
      'sku',
      'stock_movement',
      'category',
      'storefront_app',
      'refund',
      'after_sale_request',
      'member_program_settings',
      'membership_plan',
      'membership',
      'membership_application',
      'commission_rule_version',
      'earning_entry',
      'member_balance',
      'withdrawal',
    ])
      expect({ table, changed: after[table] !== before[table] }).toEqual({ table, changed: true });
  });
});

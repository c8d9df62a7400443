import { toGlobalId } from '../src/lib/ids';
import { sweepAssists } from '../src/modules/assist/jobs';
import { PaymentProviders } from '../src/modules/payments/providers';
import { loadConfig } from '../src/config';
import { startHarness, type Harness } from './harness';
import { dbId, shoppers, type Shopper } from './groupbuy';
import { paidOrder, products } from './shop';

let h: Harness;
let op: string;

beforeAll(async () => {
  h = await startHarness();
  op = await h.operatorToken();
});
afterAll(async () => {
  await h.close();
});

const LINK_FIELDS = 'id shareToken status helpersNeeded assistsCount secondsLeft refunded { amount } orderId assists { name }';
const CREATE = `mutation($input: AssistCampaignCreateInput!) { createAssistCampaign(input: $input) { campaign { id name helpersNeeded newCustomersOnly productId status } userErrors { code field message } } }`;
const ASSIST = `mutation($input: AssistFriendInput!) { assistFriend(input: $input) { link { ${LINK_FIELDS} } userErrors { code field message } } }`;
const MY_LINKS = `{ myAssistLinks(first: 5) { nodes { ${LINK_FIELDS} } } }`;
const RESULTS = `query($id: ID!) { assistCampaign(id: $id) { results { linksCreated linksOpen linksCompleted linksExpired linksEnded assists completionRate refundsGiven refundedAmount { amount } } } }`;

/** A product on sale (one SKU at this price) and an assist campaign on it. */
async function setup(input: Record<string, unknown> = {}, price = '50.00') {
  const [sku] = await products(h, op, [price], 1000);
  const [row] = await h.sql('select product_id from sku where code = $1', [sku.code]);
  const productId = toGlobalId('Product', row.product_id);
  const res = await h.gql(CREATE, { input: campaignInput(productId, input) }, { token: op, key: null });
  if (res.data?.createAssistCampaign?.userErrors?.length !== 0) throw new Error(JSON.stringify(res.body));
  return { campaign: res.data.createAssistCampaign.campaign, sku, productId };
}

function campaignInput(productId: string, input: Record<string, unknown> = {}) {
  return {
    productId,
    name: '助力享免单',
    helpersNeeded: 3,
    timeLimitSeconds: 3600,
    startsAt: new Date(Date.now() - 60_000).toISOString(),
    endsAt: new Date(Date.now() + 86_400_000).toISOString(),
    ...input,
  };
}

/** The buyer pays an order of the SKU; returns the order and the buyer's link for it. */
async function buy(buyer: Shopper, skuId: string) {
  const order = await paidOrder(h, buyer.token, [{ skuId, quantity: 1 }]);
  const links = (await h.gql(MY_LINKS, {}, { token: buyer.token })).data.myAssistLinks.nodes;
  return { order, link: links.find((l: { orderId: string }) => l.orderId === order.id) };
}

const assist = async (who: Shopper, shareToken: string, extra: Record<string, unknown> = {}, key?: string) =>
  (await h.gql(ASSIST, { input: { shareToken, ...extra } }, { token: who.token, ...(key ? { key } : {}) })).data.assistFriend;

/** Everything a refused assist could write. */
async function written(): Promise<Record<string, number>> {
  const [row] = await h.sql(`select (select count(*) from assist)::int as assists, (select coalesce(sum(assists_count), 0) from assist_link)::int as counted,
      (select count(*) from assist_link where status <> 'open')::int as moved, (select count(*) from refund)::int as refunds`);
  return row;
}

const refunds = (orderDbId: string) => h.sql('select amount, reason from refund where order_id = $1', [orderDbId]);

describe('assist campaigns (operators)', () => {
  it('refuses an unknown product, a bad window and out-of-range numbers, and writes nothing', async () => {
    const { productId } = await setup();
    const before = (await h.sql('select count(*)::int as n from assist_campaign'))[0].n;
    const create = (input: Record<string, unknown>) => h.gql(CREATE, { input: campaignInput(productId, input) }, { token: op, key: null });
    expect((await create({ productId: 'nope' })).data.createAssistCampaign.userErrors).toEqual([expect.objectContaining({ code: 'PRODUCT_NOT_FOUND' })]);
    expect((await create({ endsAt: new Date(Date.now() - 86_400_000).toISOString() })).data.createAssistCampaign.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID_WINDOW', field: ['input', 'endsAt'] }),
    ]);
    expect((await create({ storefrontAppIds: ['nope'] })).data.createAssistCampaign.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID_STOREFRONT_APP', field: ['input', 'storefrontAppIds', '0'] }),
    ]);
    const zero = await create({ helpersNeeded: 0 });
    expect(zero.status).toBe(400);
    expect(zero.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'helpersNeeded'] });
    expect((await h.sql('select count(*)::int as n from assist_campaign'))[0].n).toBe(before);
  });
});

describe('assist-for-free', () => {
  it('gives a paid order of the product a link; N friends assisting in time refund the order exactly once through the provider', async () => {
    const { campaign, sku } = await setup();
    const [buyer, f1, f2, f3, late] = await shoppers(h, 5);
    const { order, link } = await buy(buyer, sku.skuId);
    expect(link).toMatchObject({ status: 'OPEN', helpersNeeded: 3, assistsCount: 0, refunded: null });
    expect(link.secondsLeft).toBeGreaterThan(3500);

    expect((await assist(f1, link.shareToken)).link).toMatchObject({ status: 'OPEN', assistsCount: 1, orderId: null });
    expect((await assist(f2, link.shareToken)).link).toMatchObject({ status: 'OPEN', assistsCount: 2 });
    const last = await assist(f3, link.shareToken);
    expect(last.userErrors).toEqual([]);
    // The order's paid amount, shipping included.
    const [paid] = await h.sql('select total from customer_order where id = $1', [order.dbId]);
    expect(last.link).toMatchObject({ status: 'REFUNDED', assistsCount: 3, refunded: { amount: (paid.total / 100).toFixed(2) } });
    expect(last.link.assists).toHaveLength(3);

    expect(await refunds(order.dbId)).toEqual([{ amount: paid.total, reason: 'Assist-for-free: friends assisted in time' }]);
    const [o] = await h.sql('select refunded_total, total from customer_order where id = $1', [order.dbId]);
    expect(o.refunded_total).toBe(o.total);
    expect((await h.sql(`select count(*)::int as n from order_event where order_id = $1 and type = 'order.refunded'`, [order.dbId]))[0].n).toBe(1);

    const before = await written();
    expect((await assist(late, link.shareToken)).userErrors).toEqual([expect.objectContaining({ code: 'LINK_COMPLETE', field: ['input', 'shareToken'] })]);
    expect(await written()).toEqual(before);
    // The sweep finds nothing more to refund.
    expect((await sweepAssists(() => h.orm.em.fork(), PaymentProviders.fromConfig(loadConfig({ NODE_ENV: 'test' })))).refunded).toBe(0);
    expect(await refunds(order.dbId)).toHaveLength(1);

    const results = (await h.gql(RESULTS, { id: campaign.id }, { token: op, key: null })).data.assistCampaign.results;
    expect(results).toEqual({
      linksCreated: 1,
      linksOpen: 0,
      linksCompleted: 1,
      linksExpired: 0,
      linksEnded: 0,
      assists: 3,
      completionRate: 1,
      refundsGiven: 1,
      refundedAmount: { amount: (paid.total / 100).toFixed(2) },
    });
  });

  it('refunds once when more friends than needed assist at the same time', async () => {
    const { sku } = await setup({ helpersNeeded: 3 });
    const [buyer, ...friends] = await shoppers(h, 31);
    const { order, link } = await buy(buyer, sku.skuId);
    const results = await Promise.all(friends.map((f) => assist(f, link.shareToken)));
    expect(results.filter((r) => r.userErrors.length === 0)).toHaveLength(3);
    expect(new Set(results.filter((r) => r.userErrors.length).map((r) => r.userErrors[0].code))).toEqual(new Set(['LINK_COMPLETE']));
    expect(await refunds(order.dbId)).toHaveLength(1);
    const [row] = await h.sql('select status, assists_count from assist_link where order_id = $1', [order.dbId]);
    expect(row).toEqual({ status: 'refunded', assists_count: 3 });
    expect((await h.sql('select count(*)::int as n from assist a join assist_link l on l.id = a.link_id where l.order_id = $1', [order.dbId]))[0].n).toBe(3);
  });

  it('refuses each bad assist with its code and writes nothing', async () => {
    const { sku } = await setup({ newCustomersOnly: true });
    const [buyer, friend, oldCustomer] = await shoppers(h, 3);
    const { link } = await buy(buyer, sku.skuId);
    await paidOrder(h, oldCustomer.token, [{ skuId: (await products(h, op, ['5.00'], 10))[0].skuId, quantity: 1 }]);
    expect((await assist(friend, link.shareToken)).userErrors).toEqual([]);
    const cases: [string, () => Promise<{ userErrors: { code: string }[] }>][] = [
      ['LINK_NOT_FOUND', () => assist(friend, 'no-such-token')],
      ['CANNOT_ASSIST_YOURSELF', () => assist(buyer, link.shareToken)],
      ['ALREADY_ASSISTED', () => assist(friend, link.shareToken)],
      ['NEW_CUSTOMERS_ONLY', () => assist(oldCustomer, link.shareToken)],
    ];
    for (const [code, attempt] of cases) {
      const before = await written();
      expect((await attempt()).userErrors).toEqual([expect.objectContaining({ code })]);
      expect(await written()).toEqual(before);
    }
  });

  it('past the time: assists are refused, the link expires and nothing is refunded', async () => {
    const { sku } = await setup({ helpersNeeded: 2 });
    const [buyer, f1, f2] = await shoppers(h, 3);
    const { order, link } = await buy(buyer, sku.skuId);
    await assist(f1, link.shareToken);
    await h.sql(`update assist_link set expires_at = now() - interval '1 second' where order_id = $1`, [order.dbId]);
    const before = await written();
    expect((await assist(f2, link.shareToken)).userErrors).toEqual([expect.objectContaining({ code: 'LINK_EXPIRED' })]);
    expect(await written()).toEqual(before);
    expect((await sweepAssists(() => h.orm.em.fork(), PaymentProviders.fromConfig(loadConfig({ NODE_ENV: 'test' })))).expired).toBeGreaterThanOrEqual(1);
    expect((await h.sql('select status from assist_link where order_id = $1', [order.dbId]))[0].status).toBe('expired');
    expect(await refunds(order.dbId)).toEqual([]);
    expect((await assist(f2, link.shareToken)).userErrors).toEqual([expect.objectContaining({ code: 'LINK_EXPIRED' })]);
  });

  it('ends the link when the order is refunded another way', async () => {
    const { sku } = await setup();
    const [buyer, friend] = await shoppers(h, 2);
    const { order, link } = await buy(buyer, sku.skuId);
    const refund = await h.gql(
      'mutation($input: RefundOrderInput!) { refundOrder(input: $input) { userErrors { code message } } }',
      { input: { orderId: order.id, reason: 'Buyer changed their mind' } },
      { token: op, key: null },
    );
    expect(refund.data.refundOrder.userErrors).toEqual([]);
    expect((await h.sql('select status from assist_link where order_id = $1', [order.dbId]))[0].status).toBe('ended');
    const before = await written();
    expect((await assist(friend, link.shareToken)).userErrors).toEqual([expect.objectContaining({ code: 'LINK_ENDED' })]);
    expect(await written()).toEqual(before);
  });

  it('gives no link for an order without the product, and refuses assists where the sharing games are off', async () => {
    const { sku } = await setup();
    const [buyer, friend] = await shoppers(h, 2);
    const other = (await products(h, op, ['9.00'], 10))[0];
    const plain = await paidOrder(h, buyer.token, [{ skuId: other.skuId, quantity: 1 }]);
    expect((await h.sql('select count(*)::int as n from assist_link where order_id = $1', [plain.dbId]))[0].n).toBe(0);

    const { link } = await buy(buyer, sku.skuId);
    const created = await h.gql('mutation { createStorefrontApp(name: "Mini program") { storefrontApp { id } secretKey } }', {}, { token: op, key: null });
    const { storefrontApp: app, secretKey } = created.data.createStorefrontApp;
    await h.gql(
      'mutation($id: ID!, $input: StorefrontAppUpdateInput!) { updateStorefrontApp(id: $id, input: $input) { userErrors { code } } }',
      { id: app.id, input: { sharingGames: false } },
      { token: op, key: null },
    );
    const before = await written();
    const refused = await assist(friend, link.shareToken, {}, secretKey);
    expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'SHARING_GAMES_OFF' })]);
    expect(await written()).toEqual(before);
    const games = (await h.gql('{ promotionGames { kind offered notOfferedReason } }', {}, { key: secretKey })).data.promotionGames;
    expect(games.find((g: { kind: string }) => g.kind === 'ASSIST_FOR_FREE')).toEqual({
      kind: 'ASSIST_FOR_FREE',
      offered: false,
      notOfferedReason: 'Not offered on this channel',
    });
    expect(dbId(link.id)).toBeTruthy();
  });

  it('the sweep refunds a completed link the request could not, once even when two sweeps run together, and voids one whose order had money back first', async () => {
    const { sku } = await setup({ helpersNeeded: 1 });
    const [buyer, other] = await shoppers(h, 2);
    const { order } = await buy(buyer, sku.skuId);
    const second = await buy(other, sku.skuId);
    // As if the provider had failed in the request: the links are COMPLETED, no refund made yet.
    await h.sql(`update assist_link set assists_count = 1, status = 'completed', completed_at = now() where order_id = any($1::uuid[])`, [
      [order.dbId, second.order.dbId],
    ]);
    const refunded = await h.gql(
      'mutation($input: RefundOrderInput!) { refundOrder(input: $input) { userErrors { code message } } }',
      { input: { orderId: second.order.id, reason: 'Refunded by the operator first', lines: null } },
      { token: op, key: null },
    );
    expect(refunded.data.refundOrder.userErrors).toEqual([]);
    const providers = PaymentProviders.fromConfig(loadConfig({ NODE_ENV: 'test' }));
    const [a, b] = await Promise.all([sweepAssists(() => h.orm.em.fork(), providers), sweepAssists(() => h.orm.em.fork(), providers)]);
    expect(a.refunded + b.refunded).toBe(1);
    expect(await refunds(order.dbId)).toHaveLength(1);
    expect(await refunds(second.order.dbId)).toEqual([{ amount: expect.any(Number), reason: 'Refunded by the operator first' }]);
    const statuses = await h.sql('select order_id, status from assist_link where order_id = any($1::uuid[]) order by status', [
      [order.dbId, second.order.dbId],
    ]);
    expect(statuses).toEqual([
      { order_id: order.dbId, status: 'refunded' },
      { order_id: second.order.dbId, status: 'ended' },
    ]);
  });

  it('gives a buyer no more links than the campaign allows, and only on the apps it runs on', async () => {
    const { sku } = await setup({ linksPerCustomer: 1 });
    const [buyer, friend] = await shoppers(h, 2);
    const first = await buy(buyer, sku.skuId);
    expect(first.link).toBeTruthy();
    const again = await buy(buyer, sku.skuId);
    expect(again.link).toBeUndefined();

    const created = await h.gql('mutation { createStorefrontApp(name: "Partner app") { storefrontApp { id } secretKey } }', {}, { token: op, key: null });
    const { storefrontApp: app, secretKey } = created.data.createStorefrontApp;
    const elsewhere = await setup({ storefrontAppIds: [app.id] });
    const [buyer2] = await shoppers(h, 1);
    // Bought through the demo storefront: the campaign runs only on the partner app, so no link.
    expect((await buy(buyer2, elsewhere.sku.skuId)).link).toBeUndefined();
    const before = await written();
    expect((await assist(friend, first.link.shareToken, {}, secretKey)).userErrors).toEqual([]);
    expect((await written()).assists).toBe(before.assists + 1);
  });
});

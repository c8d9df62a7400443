import { expireBargains } from '../src/modules/bargain/expiry';
import { startHarness, type Harness } from './harness';
import { ADDRESS, products } from './shop';
import { dbId, pay, shoppers, type Shopper } from './groupbuy';

let h: Harness;
let op: string;

beforeAll(async () => {
  h = await startHarness();
  op = await h.operatorToken();
});
afterAll(async () => {
  await h.close();
});

const BARGAIN_FIELDS =
  'id shareToken status startPrice { amount } floorPrice { amount } currentPrice { amount } cutTotal { amount } helpersNeeded helpersCount secondsLeft orderId';
const CREATE = `mutation($input: BargainCampaignCreateInput!) { createBargainCampaign(input: $input) { campaign { id name stock buyAtFloorOnly startPrice { amount } floorPrice { amount } } userErrors { code field message } } }`;
const START = `mutation($id: ID!) { startBargain(input: { campaignId: $id }) { bargain { ${BARGAIN_FIELDS} } userErrors { code field message } } }`;
const HELP = `mutation($t: String!) { helpBargain(input: { shareToken: $t }) { cut { amount } bargain { ${BARGAIN_FIELDS} } userErrors { code field message } } }`;
const BUY = `mutation($input: BuyBargainInput!) { buyBargain(input: $input) { order { id status lines { unitPrice { amount } priceReason } } bargain { status orderId } userErrors { code field message } } }`;

async function bargainCampaign(input: Record<string, unknown> = {}) {
  const [sku] = await products(h, op, ['100.00'], 100);
  const res = await h.gql(
    CREATE,
    {
      input: {
        skuId: sku.skuId,
        name: 'Cut it',
        startPrice: '100.00',
        floorPrice: '1.00',
        helpersNeeded: 3,
        timeLimitSeconds: 3600,
        stock: 10,
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date(Date.now() + 86_400_000).toISOString(),
        ...input,
      },
    },
    { token: op, key: null },
  );
  if (res.data?.createBargainCampaign?.userErrors?.length !== 0) throw new Error(JSON.stringify(res.body));
  return { campaign: res.data.createBargainCampaign.campaign, sku };
}

const start = async (who: Shopper, campaignId: string) => (await h.gql(START, { id: campaignId }, { token: who.token })).data.startBargain;
const help = async (who: Shopper, token: string) => (await h.gql(HELP, { t: token }, { token: who.token })).data.helpBargain;
const buy = async (who: Shopper, bargainId: string, extra: Record<string, unknown> = {}) =>
  (await h.gql(BUY, { input: { bargainId, shippingAddress: ADDRESS, ...extra } }, { token: who.token })).data.buyBargain;
const row = async (bargainId: string) =>
  (await h.sql('select status, current_price, cut_total, start_price, floor_price, helpers_count from bargain where id = $1', [dbId(bargainId)]))[0];

describe('bargain campaigns (operators)', () => {
  it.each([
    ['a start price not above the floor', { startPrice: '1.00' }, 'INVALID_PRICE', ['input', 'startPrice']],
    ['a floor price of 0 (an order at 0 cannot be paid)', { floorPrice: '0.00' }, 'INVALID_PRICE', ['input', 'floorPrice']],
    ['more helpers than fen to cut', { startPrice: '1.02', floorPrice: '1.00', helpersNeeded: 3 }, 'INVALID_HELPERS', ['input', 'helpersNeeded']],
    ['an end before the start', { endsAt: new Date(Date.now() - 86_400_000).toISOString() }, 'INVALID_WINDOW', ['input', 'endsAt']],
  ])('refuses %s and writes nothing', async (_what, change, code, field) => {
    const [sku] = await products(h, op, ['10.00'], 5);
    const before = (await h.sql('select count(*)::int as n from bargain_campaign'))[0].n;
    const res = await h.gql(
      CREATE,
      {
        input: {
          skuId: sku.skuId,
          name: 'Bad',
          startPrice: '100.00',
          floorPrice: '1.00',
          helpersNeeded: 3,
          timeLimitSeconds: 3600,
          stock: 10,
          startsAt: new Date().toISOString(),
          endsAt: new Date(Date.now() + 86_400_000).toISOString(),
          ...change,
        },
      },
      { token: op, key: null },
    );
    expect(res.data.createBargainCampaign.userErrors).toEqual([expect.objectContaining({ code, field })]);
    expect((await h.sql('select count(*)::int as n from bargain_campaign'))[0].n).toBe(before);
  });

  it.each([
    ['no helpers', { helpersNeeded: 0 }, ['input', 'helpersNeeded']],
    ['a time limit under a minute', { timeLimitSeconds: 5 }, ['input', 'timeLimitSeconds']],
    ['a boost above 300%', { newHelperBoostPercent: 301 }, ['input', 'newHelperBoostPercent']],
    ['negative stock', { stock: -1 }, ['input', 'stock']],
  ])('refuses %s at the edge, outside its documented bounds, and writes nothing', async (_what, change, field) => {
    const [sku] = await products(h, op, ['10.00'], 5);
    const before = (await h.sql('select count(*)::int as n from bargain_campaign'))[0].n;
    const res = await h.gql(
      CREATE,
      {
        input: {
          skuId: sku.skuId,
          name: 'Bad',
          startPrice: '100.00',
          floorPrice: '1.00',
          helpersNeeded: 3,
          timeLimitSeconds: 3600,
          stock: 10,
          startsAt: new Date().toISOString(),
          endsAt: new Date(Date.now() + 86_400_000).toISOString(),
          ...change,
        },
      },
      { token: op, key: null },
    );
    expect(res.status).toBe(400);
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect((await h.sql('select count(*)::int as n from bargain_campaign'))[0].n).toBe(before);
  });

  it('refuses an unknown SKU, an empty name, and unknown campaigns', async () => {
    const base = {
      name: 'X',
      startPrice: '10.00',
      floorPrice: '1.00',
      helpersNeeded: 2,
      timeLimitSeconds: 3600,
      stock: 1,
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + 86_400_000).toISOString(),
    };
    const [sku] = await products(h, op, ['10.00'], 5);
    expect((await h.gql(CREATE, { input: { ...base, skuId: 'bad' } }, { token: op, key: null })).data.createBargainCampaign.userErrors).toEqual([
      expect.objectContaining({ code: 'SKU_NOT_FOUND' }),
    ]);
    expect((await h.gql(CREATE, { input: { ...base, skuId: sku.skuId, name: ' ' } }, { token: op, key: null })).data.createBargainCampaign.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID_NAME' }),
    ]);
    const [a] = await shoppers(h, 1);
    expect((await start(a, 'nope')).userErrors).toEqual([expect.objectContaining({ code: 'CAMPAIGN_NOT_FOUND' })]);
    const end = await h.gql('mutation($id: ID!) { endBargainCampaign(id: $id) { userErrors { code } } }', { id: 'nope' }, { token: op, key: null });
    expect(end.data.endBargainCampaign.userErrors).toEqual([{ code: 'CAMPAIGN_NOT_FOUND' }]);
  });

  it("refuses to start or buy when the campaign's stock is gone", async () => {
    const { campaign } = await bargainCampaign({ buyAtFloorOnly: false, stock: 1 });
    const [a, b, friend] = await shoppers(h, 3);
    const ba = (await start(a, campaign.id)).bargain;
    const bb = (await start(b, campaign.id)).bargain;
    await help(friend, ba.shareToken);
    await help(friend, bb.shareToken);
    expect((await buy(a, ba.id)).userErrors).toEqual([]);
    expect((await buy(b, bb.id)).userErrors).toEqual([expect.objectContaining({ code: 'OUT_OF_STOCK' })]);
    const [c] = await shoppers(h, 1);
    expect((await start(c, campaign.id)).userErrors).toEqual([expect.objectContaining({ code: 'OUT_OF_STOCK' })]);
  });

  it('updates and ends a campaign; operators see its bargains and results', async () => {
    const { campaign } = await bargainCampaign();
    const [a] = await shoppers(h, 1);
    expect((await start(a, campaign.id)).userErrors).toEqual([]);
    const upd = await h.gql(
      'mutation($id: ID!, $input: BargainCampaignUpdateInput!) { updateBargainCampaign(id: $id, input: $input) { campaign { stock name } userErrors { code } } }',
      { id: campaign.id, input: { stock: 3, name: 'Cut it more' } },
      { token: op, key: null },
    );
    expect(upd.data.updateBargainCampaign).toEqual({ campaign: { stock: 3, name: 'Cut it more' }, userErrors: [] });
    const res = await h.gql(
      'query($id: ID!) { node(id: $id) { ... on BargainCampaign { results { started active floorReached purchased expired } bargains(first: 5) { totalCount } } } }',
      { id: campaign.id },
      { token: op, key: null },
    );
    expect(res.data.node).toEqual({ results: { started: 1, active: 1, floorReached: 0, purchased: 0, expired: 0 }, bargains: { totalCount: 1 } });
    const end = 'mutation($id: ID!) { endBargainCampaign(id: $id) { campaign { status } userErrors { code } } }';
    expect((await h.gql(end, { id: campaign.id }, { token: op, key: null })).data.endBargainCampaign).toEqual({
      campaign: { status: 'ENDED' },
      userErrors: [],
    });
    const [b] = await shoppers(h, 1);
    expect((await start(b, campaign.id)).userErrors).toEqual([expect.objectContaining({ code: 'CAMPAIGN_NOT_RUNNING' })]);
  });
});

describe('bargaining', () => {
  it('friends cut once each to exactly the floor with the last helper needed; the starter buys at the floor price once', async () => {
    const { campaign } = await bargainCampaign();
    const [starter, f1, f2, f3, f4] = await shoppers(h, 5);
    const started = await start(starter, campaign.id);
    expect(started.bargain).toMatchObject({ status: 'ACTIVE', currentPrice: { amount: '100.00' }, cutTotal: { amount: '0.00' }, helpersCount: 0 });
    const token = started.bargain.shareToken;
    const cuts: number[] = [];
    for (const f of [f1, f2, f3]) {
      const r = await help(f, token);
      expect(r.userErrors).toEqual([]);
      cuts.push(Math.round(Number(r.cut.amount) * 100));
      const now = await row(started.bargain.id);
      expect(now.cut_total).toBe(now.start_price - now.current_price);
    }
    expect(cuts.reduce((a, b) => a + b, 0)).toBe(9900);
    expect(await row(started.bargain.id)).toMatchObject({ current_price: 100, helpers_count: 3 });
    expect((await help(f4, token)).userErrors).toEqual([expect.objectContaining({ code: 'FLOOR_REACHED' })]);
    const viewed = await h.gql(`query($t: String!) { bargain(shareToken: $t) { currentPrice { amount } cuts { helperName amount { amount } } } }`, {
      t: token,
    });
    expect(viewed.data.bargain.cuts).toHaveLength(3);

    const bought = await buy(starter, started.bargain.id);
    expect(bought.userErrors).toEqual([]);
    expect(bought.order.lines).toEqual([{ unitPrice: { amount: '1.00' }, priceReason: 'BARGAIN' }]);
    expect(bought.bargain).toEqual({ status: 'ORDERED', orderId: bought.order.id });
    expect((await buy(starter, started.bargain.id)).userErrors).toEqual([expect.objectContaining({ code: 'BARGAIN_NOT_ACTIVE' })]);
    expect(await pay(h, starter.token, bought.order.id)).toBe('paid');
    expect((await row(started.bargain.id)).status).toBe('purchased');
  });

  it('refuses every bad move, and writes nothing', async () => {
    const { campaign } = await bargainCampaign({ helpersNeeded: 2 });
    const [starter, friend, other] = await shoppers(h, 3);
    const b = (await start(starter, campaign.id)).bargain;
    expect((await help(friend, b.shareToken)).userErrors).toEqual([]);
    const counts = async () =>
      (
        await h.sql(
          'select (select count(*) from bargain_cut)::int as cuts, (select count(*) from bargain)::int as bargains, (select count(*) from customer_order)::int as orders, (select sum(current_price) from bargain)::int as prices',
        )
      )[0];
    const before = await counts();
    expect((await help(starter, b.shareToken)).userErrors).toEqual([expect.objectContaining({ code: 'CANNOT_HELP_YOURSELF', field: ['input', 'shareToken'] })]);
    expect((await help(friend, b.shareToken)).userErrors).toEqual([expect.objectContaining({ code: 'ALREADY_HELPED' })]);
    expect((await help(friend, 'nope')).userErrors).toEqual([expect.objectContaining({ code: 'BARGAIN_NOT_FOUND' })]);
    expect((await start(starter, campaign.id)).userErrors).toEqual([expect.objectContaining({ code: 'ALREADY_BARGAINING', field: ['input', 'campaignId'] })]);
    expect((await buy(starter, b.id)).userErrors).toEqual([expect.objectContaining({ code: 'FLOOR_NOT_REACHED', field: ['input', 'bargainId'] })]);
    expect((await buy(other, b.id)).userErrors).toEqual([expect.objectContaining({ code: 'BARGAIN_NOT_FOUND' })]);
    expect((await buy(starter, b.id, { shippingAddress: { ...ADDRESS, phone: '1' } })).userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID_ADDRESS' }),
    ]);
    expect(await counts()).toEqual(before);
    // The starter is not a helper even by the database's own check.
    await expect(
      h.sql(
        `insert into bargain_cut (id, bargain_id, helper_id, starter_id, amount, boosted, created_at) values (gen_random_uuid(), $1, $2, $2, 1, false, now())`,
        [dbId(b.id), starter.id],
      ),
    ).rejects.toThrow(/bargain_cut_not_starter/);
    await expect(h.sql(`update bargain set current_price = current_price - 1 where id = $1`, [dbId(b.id)])).rejects.toThrow(/bargain_cuts_add_up/);
  });

  it('buys at any current price when the campaign allows it; a cancelled unpaid order makes it buyable again and returns the stock', async () => {
    const { campaign } = await bargainCampaign({ buyAtFloorOnly: false, stock: 1 });
    const [starter, friend] = await shoppers(h, 2);
    const b = (await start(starter, campaign.id)).bargain;
    const cut = await help(friend, b.shareToken);
    const bought = await buy(starter, b.id);
    expect(bought.userErrors).toEqual([]);
    expect(bought.order.lines[0].unitPrice).toEqual(cut.bargain.currentPrice);
    expect((await h.sql('select stock from bargain_campaign where id = $1', [dbId(campaign.id)]))[0].stock).toBe(0);
    await h.gql('mutation($id: ID!) { cancelOrder(orderId: $id) { userErrors { code } } }', { id: bought.order.id }, { token: starter.token });
    expect((await row(b.id)).status).toBe('active');
    expect((await h.sql('select stock from bargain_campaign where id = $1', [dbId(campaign.id)]))[0].stock).toBe(1);
    expect((await buy(starter, b.id)).userErrors).toEqual([]);
  });

  it("limits bargains per customer, and a new customer's help may cut more", async () => {
    const { campaign } = await bargainCampaign({ perCustomerLimit: 1, helpersNeeded: 10, newHelperBoostPercent: 300 });
    const [starter] = await shoppers(h, 1);
    const b = (await start(starter, campaign.id)).bargain;
    await h.sql(`update bargain set status = 'expired' where id = $1`, [dbId(b.id)]);
    expect((await start(starter, campaign.id)).userErrors).toEqual([expect.objectContaining({ code: 'LIMIT_REACHED' })]);
    const [s2, newbie] = await shoppers(h, 2);
    const b2 = (await start(s2, campaign.id)).bargain;
    const r = await help(newbie, b2.shareToken);
    expect((await h.sql('select boosted from bargain_cut where bargain_id = $1', [dbId(b2.id)]))[0].boosted).toBe(true);
    expect(Number(r.cut.amount)).toBeGreaterThan(0);
  });

  it('expired bargains fail and cannot be cut or bought', async () => {
    const { campaign } = await bargainCampaign({ buyAtFloorOnly: false });
    const [starter, friend] = await shoppers(h, 2);
    const b = (await start(starter, campaign.id)).bargain;
    await h.sql(`update bargain set expires_at = now() - interval '1 second' where id = $1`, [dbId(b.id)]);
    expect((await help(friend, b.shareToken)).userErrors).toEqual([expect.objectContaining({ code: 'BARGAIN_NOT_ACTIVE' })]);
    expect((await buy(starter, b.id)).userErrors).toEqual([expect.objectContaining({ code: 'BARGAIN_NOT_ACTIVE' })]);
    expect(await expireBargains(h.orm.em.fork())).toBeGreaterThanOrEqual(1);
    expect((await row(b.id)).status).toBe('expired');
  });

  it('parallel helpers on the last cut: exactly the helpers needed cut, landing on the floor', async () => {
    const { campaign } = await bargainCampaign({ helpersNeeded: 3 });
    const [starter, first, second] = await shoppers(h, 3);
    const b = (await start(starter, campaign.id)).bargain;
    await help(first, b.shareToken);
    await help(second, b.shareToken);
    const racers = await shoppers(h, 30);
    const results = await Promise.all(racers.map((r) => help(r, b.shareToken)));
    expect(results.filter((r) => r.userErrors.length === 0)).toHaveLength(1);
    expect(results.filter((r) => r.userErrors.length).every((r) => r.userErrors[0].code === 'FLOOR_REACHED')).toBe(true);
    expect(await row(b.id)).toMatchObject({ current_price: 100, cut_total: 9900, helpers_count: 3 });
    expect((await h.sql('select count(*)::int as n, sum(amount)::int as total from bargain_cut where bargain_id = $1', [dbId(b.id)]))[0]).toEqual({
      n: 3,
      total: 9900,
    });
  });

  it('parallel purchases of one bargain: exactly one order', async () => {
    const { campaign } = await bargainCampaign({ buyAtFloorOnly: false, stock: 5 });
    const [starter, friend] = await shoppers(h, 2);
    const b = (await start(starter, campaign.id)).bargain;
    await help(friend, b.shareToken);
    const results = await Promise.all(Array.from({ length: 10 }, () => buy(starter, b.id)));
    expect(results.filter((r) => r.userErrors.length === 0)).toHaveLength(1);
    expect(
      (
        await h.sql(
          `select count(*)::int as n from order_line where price_reason = 'BARGAIN' and sku_id = (select sku_id from bargain_campaign where id = $1)`,
          [dbId(campaign.id)],
        )
      )[0].n,
    ).toBe(1);
    expect((await h.sql('select stock from bargain_campaign where id = $1', [dbId(campaign.id)]))[0].stock).toBe(4);
  });

  it('parallel starts of one customer: exactly one bargain going, counted once', async () => {
    const { campaign } = await bargainCampaign({ perCustomerLimit: 5 });
    const [starter] = await shoppers(h, 1);
    const results = await Promise.all(Array.from({ length: 10 }, () => start(starter, campaign.id)));
    expect(results.filter((r) => r.userErrors.length === 0)).toHaveLength(1);
    expect(results.filter((r) => r.userErrors.length).every((r) => r.userErrors[0].code === 'ALREADY_BARGAINING')).toBe(true);
    expect((await h.sql('select count(*)::int as n from bargain where campaign_id = $1', [dbId(campaign.id)]))[0].n).toBe(1);
    expect((await h.sql('select started from bargain_usage where campaign_id = $1 and customer_id = $2', [dbId(campaign.id), starter.id]))[0].started).toBe(1);
    // The database itself refuses a second bargain going.
    await expect(
      h.sql(
        `insert into bargain (id, campaign_id, starter_id, share_token, start_price, floor_price, current_price, cut_total, helpers_needed, helpers_count, status, expires_at, created_at)
       select gen_random_uuid(), campaign_id, starter_id, 'x' || share_token, start_price, floor_price, current_price, cut_total, helpers_needed, helpers_count, 'active', expires_at, now() from bargain where campaign_id = $1`,
        [dbId(campaign.id)],
      ),
    ).rejects.toThrow(/bargain_one_going/);
  });

  it("an operator's stock change applies to the stock as it is now, while purchases run", async () => {
    const { campaign } = await bargainCampaign({ buyAtFloorOnly: false, stock: 20 });
    const friend = (await shoppers(h, 1))[0];
    const starters = await shoppers(h, 8);
    const bargains: { id: string; shareToken: string }[] = [];
    for (const s of starters) {
      const b = (await start(s, campaign.id)).bargain;
      await help(friend, b.shareToken);
      bargains.push(b);
    }
    const UPDATE =
      'mutation($id: ID!, $input: BargainCampaignUpdateInput!) { updateBargainCampaign(id: $id, input: $input) { campaign { stock } userErrors { code } } }';
    const [updated, ...bought] = await Promise.all([
      h.gql(UPDATE, { id: campaign.id, input: { stock: 50 } }, { token: op, key: null }),
      ...starters.map((s, i) => buy(s, bargains[i].id)),
    ]);
    expect(updated.data.updateBargainCampaign.userErrors).toEqual([]);
    expect(bought.every((r) => r.userErrors.length === 0)).toBe(true);
    // Purchases committed before the change are in the 50 (the operator set what is left); those after it come off it.
    const stock = (await h.sql('select stock from bargain_campaign where id = $1', [dbId(campaign.id)]))[0].stock;
    expect(stock).toBeGreaterThanOrEqual(42);
    expect(stock).toBeLessThanOrEqual(50);
    const after = (
      await h.sql(`select count(*)::int as n from bargain b join customer_order o on o.id = b.order_id where b.campaign_id = $1`, [dbId(campaign.id)])
    )[0].n;
    expect(after).toBe(8);
  });

  it('a bargain order refunded before shipping gives its unit back to the campaign', async () => {
    const { campaign } = await bargainCampaign({ buyAtFloorOnly: false, stock: 2 });
    const [starter, friend] = await shoppers(h, 2);
    const b = (await start(starter, campaign.id)).bargain;
    await help(friend, b.shareToken);
    const bought = await buy(starter, b.id);
    expect(await pay(h, starter.token, bought.order.id)).toBe('paid');
    const stock = async () => (await h.sql('select stock from bargain_campaign where id = $1', [dbId(campaign.id)]))[0].stock;
    expect(await stock()).toBe(1);
    const refund = await h.gql(
      'mutation($input: RefundOrderInput!) { refundOrder(input: $input) { order { status } userErrors { code } } }',
      { input: { orderId: bought.order.id, reason: 'Out of stock in the warehouse' } },
      { token: op, key: null },
    );
    expect(refund.data.refundOrder).toEqual({ order: { status: 'CANCELLED' }, userErrors: [] });
    expect(await stock()).toBe(2);
  });

  it("shows a bargain's order only to its starter and operators, and never an email-derived name", async () => {
    const { campaign } = await bargainCampaign({ buyAtFloorOnly: false });
    const [starter, other] = await shoppers(h, 2);
    const [friend] = await shoppers(h, 1);
    // An account that never chose a name: its default is the part of its email before the @.
    await h.sql(`update account set email = 'zhang.wei.1984@example.com', display_name = 'zhang.wei.1984' where id = $1`, [friend.id]);
    const b = (await start(starter, campaign.id)).bargain;
    await help(friend, b.shareToken);
    const bought = await buy(starter, b.id);
    const Q = 'query($id: ID!) { node(id: $id) { ... on Bargain { orderId starterName } } }';
    expect((await h.gql(Q, { id: b.id }, { token: starter.token })).data.node.orderId).toBe(bought.order.id);
    expect((await h.gql(Q, { id: b.id }, { token: op })).data.node.orderId).toBe(bought.order.id);
    expect((await h.gql(Q, { id: b.id }, { token: other.token })).data.node).toEqual({ orderId: null, starterName: expect.stringMatching(/^Shopper \d+$/) });
    const byToken = await h.gql('query($t: String!) { bargain(shareToken: $t) { orderId cuts { helperName } } }', { t: b.shareToken });
    expect(byToken.data.bargain).toEqual({ orderId: null, cuts: [{ helperName: 'z**' }] });
  });
});

import { createHash } from 'node:crypto';
import { fairChoice } from '../src/lib/fair-draw';
import { dispatchOrderEvents } from '../src/modules/orders/events';
import { expireWheels } from '../src/modules/wheel/lifecycle';
import { earnWheelChanceForPaidOrder } from '../src/modules/wheel/subscribers';
import { ERRORS, count, prizeTemplate } from './games';
import { dbId, shoppers, type Shopper } from './groupbuy';
import { startHarness, type GqlResult, type Harness } from './harness';
import { paidOrder, products } from './shop';
import { template } from './coupons';

let h: Harness;
let op: string;
let prize: string;

beforeAll(async () => {
  h = await startHarness();
  op = await h.operatorToken();
  prize = await prizeTemplate(h, op);
});
afterAll(async () => {
  await h.close();
});

const CAMPAIGN = 'id name status seedCommitment seed revealedAt dailyChances storefrontAppIds prizes { slot name weight stock remaining templateId }';
const CREATE = `mutation($input: WheelCampaignCreateInput!) { createWheelCampaign(input: $input) { campaign { ${CAMPAIGN} } ${ERRORS} } }`;
const UPDATE = `mutation($id: ID!, $input: WheelCampaignUpdateInput!) { updateWheelCampaign(id: $id, input: $input) { campaign { ${CAMPAIGN} } ${ERRORS} } }`;
const ADD_PRIZE = `mutation($input: AddWheelPrizeInput!) { addWheelPrize(input: $input) { campaign { ${CAMPAIGN} } ${ERRORS} } }`;
const START = `mutation($id: ID!) { startWheelCampaign(id: $id) { campaign { ${CAMPAIGN} } ${ERRORS} } }`;
const END = `mutation($id: ID!) { endWheelCampaign(id: $id) { campaign { ${CAMPAIGN} } ${ERRORS} } }`;
const DRAW = `mutation($input: DrawWheelInput!) { drawWheel(input: $input) {
  draw { id drawId slotDrawn slotAwarded won couponId prize { slot name } } prize { slot name } couponId chances { allowed used left } ${ERRORS} } }`;
const EARN = `mutation($input: EarnWheelChanceInput!) { earnWheelChance(input: $input) { chances { day allowed used left fromSignIn fromOrders fromShares } ${ERRORS} } }`;
const CHANCES = `query($id: ID!) { myWheelChances(campaignId: $id) { allowed used left fromSignIn fromOrders fromShares } }`;
const CAMPAIGN_QUERY = `query($id: ID!, $after: String) { wheelCampaign(id: $id) { ${CAMPAIGN} draws(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { drawId slotDrawn slotAwarded won couponId } } } }`;
const RESULTS = `query($id: ID!) { wheelCampaign(id: $id) { results { draws players prizesWon chancesAllowed chancesUsed chanceUseRate couponsIssued couponsUsed couponUseRate couponCost { amount } prizes { slot name drawn awarded stock } } } }`;

const asOp = (query: string, variables: Record<string, unknown>) => h.gql(query, variables, { token: op, key: null });

function window(): { startsAt: string; endsAt: string } {
  return { startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date(Date.now() + 86_400_000).toISOString() };
}

/** A wheel with these prizes (weight, stock) of the shared template, started unless told. */
async function wheel(prizes: { weight: number; stock: number; template?: string }[], input: Record<string, unknown> = {}, start = true): Promise<string> {
  const res = await asOp(CREATE, { input: { name: 'Lucky', ...window(), dailyChances: 3, ...input } });
  if (res.data?.createWheelCampaign?.userErrors?.length !== 0) throw new Error(JSON.stringify(res.body));
  const id = res.data.createWheelCampaign.campaign.id as string;
  for (const [i, p] of prizes.entries()) {
    const added = await asOp(ADD_PRIZE, {
      input: { campaignId: id, name: `Prize ${i + 1}`, templateId: p.template ?? prize, weight: p.weight, stock: p.stock },
    });
    if (added.data?.addWheelPrize?.userErrors?.length !== 0) throw new Error(JSON.stringify(added.body));
  }
  if (start) {
    const started = await asOp(START, { id });
    if (started.data?.startWheelCampaign?.userErrors?.length !== 0) throw new Error(JSON.stringify(started.body));
  }
  return id;
}

const draw = async (who: Shopper, campaignId: string, idempotencyKey?: string) => {
  const res = await h.gql(DRAW, { input: { campaignId, idempotencyKey } }, { token: who.token });
  if (!res.data) throw new Error(JSON.stringify(res.body));
  return res.data.drawWheel;
};
const earn = async (who: Shopper, campaignId: string, source: string) =>
  (await h.gql(EARN, { input: { campaignId, source } }, { token: who.token })).data.earnWheelChance;

/** Every draw of a campaign, page by page, as anyone sees them. */
async function allDraws(campaignId: string, token?: string) {
  const draws: { drawId: string; slotDrawn: number; slotAwarded: number; won: boolean; couponId: string | null }[] = [];
  let after: string | null = null;
  for (;;) {
    const res: GqlResult = await h.gql(CAMPAIGN_QUERY, { id: campaignId, after }, { token });
    const page: any = res.data.wheelCampaign.draws;
    draws.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) return { campaign: res.data.wheelCampaign, draws };
    after = page.pageInfo.endCursor;
  }
}

const writes = async () => ({
  campaigns: await count(h, 'wheel_campaign'),
  prizes: await count(h, 'wheel_prize'),
  draws: await count(h, 'wheel_draw'),
  chances: (await h.sql('select coalesce(sum(used), 0)::int as u, coalesce(sum(allowed), 0)::int as a from wheel_chance'))[0],
  coupons: await count(h, 'coupon'),
  awarded: (await h.sql('select coalesce(sum(awarded), 0)::int as n from wheel_prize'))[0].n,
});

describe('lucky-wheel campaigns (operators)', () => {
  it('creates a DRAFT wheel with its no-prize slot and a published commitment, never the seed', async () => {
    const res = await asOp(CREATE, { input: { name: '幸运大转盘', ...window(), noPrizeWeight: 7, noPrizeLabel: '再接再厉' } });
    expect(res.data.createWheelCampaign.userErrors).toEqual([]);
    const c = res.data.createWheelCampaign.campaign;
    expect(c).toMatchObject({ status: 'DRAFT', seed: null, dailyChances: 1, storefrontAppIds: [] });
    expect(c.seedCommitment).toMatch(/^[0-9a-f]{64}$/);
    expect(c.prizes).toEqual([{ slot: 0, name: '再接再厉', weight: 7, stock: null, remaining: null, templateId: null }]);
    const added = await asOp(ADD_PRIZE, { input: { campaignId: c.id, name: '¥5', templateId: prize, weight: 3, stock: 2 } });
    expect(added.data.addWheelPrize.campaign.prizes[1]).toEqual({ slot: 1, name: '¥5', weight: 3, stock: 2, remaining: 2, templateId: prize });
  });

  it.each([
    ['an end before the start', { endsAt: new Date(Date.now() - 86_400_000).toISOString() }, 'INVALID_WINDOW', ['input', 'endsAt']],
    ['a blank name', { name: '   ' }, 'INVALID_NAME', ['input', 'name']],
    [
      'an unknown storefront app',
      { storefrontAppIds: [Buffer.from('StorefrontApp:00000000-0000-0000-0000-000000000001').toString('base64url')] },
      'INVALID_STOREFRONT_APP',
      ['input', 'storefrontAppIds', '0'],
    ],
  ])('refuses %s and writes nothing', async (_what, change, code, field) => {
    const before = await writes();
    const res = await asOp(CREATE, { input: { name: 'Bad', ...window(), ...change } });
    expect(res.data.createWheelCampaign).toMatchObject({ campaign: null, userErrors: [{ code, field }] });
    expect(await writes()).toEqual(before);
  });

  it('refuses a chance count out of range at the edge, before anything runs', async () => {
    const before = await writes();
    const res = await asOp(CREATE, { input: { name: 'Bad', ...window(), dailyChances: 101 } });
    expect(res.status).toBe(400);
    expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await writes()).toEqual(before);
  });

  it('refuses prizes that are not GRANT_ONLY coupons, unknown templates and campaigns, and prizes once started', async () => {
    const id = await wheel([], { noPrizeWeight: 1 }, false);
    const claimable = (await template(h, op, { name: 'claimable', distribution: 'CLAIMABLE' })).id;
    const before = await writes();
    const cases: [Record<string, unknown>, string, string[]][] = [
      [{ campaignId: id, templateId: claimable }, 'WRONG_DISTRIBUTION', ['input', 'templateId']],
      [
        { campaignId: id, templateId: Buffer.from('CouponTemplate:00000000-0000-0000-0000-000000000001').toString('base64url') },
        'TEMPLATE_NOT_FOUND',
        ['input', 'templateId'],
      ],
      [
        { campaignId: Buffer.from('WheelCampaign:00000000-0000-0000-0000-000000000001').toString('base64url'), templateId: prize },
        'CAMPAIGN_NOT_FOUND',
        ['campaignId'],
      ],
    ];
    for (const [input, code, field] of cases) {
      const res = await asOp(ADD_PRIZE, { input: { name: 'P', weight: 1, stock: 1, ...input } });
      expect(res.data.addWheelPrize).toMatchObject({ campaign: null, userErrors: [{ code, field }] });
    }
    expect(await writes()).toEqual(before);
    expect((await asOp(START, { id })).data.startWheelCampaign.userErrors).toEqual([]);
    const late = await asOp(ADD_PRIZE, { input: { campaignId: id, name: 'Late', templateId: prize, weight: 1, stock: 1 } });
    expect(late.data.addWheelPrize.userErrors[0].code).toBe('CAMPAIGN_NOT_DRAFT');
    const weight = await asOp(UPDATE, { id, input: { noPrizeWeight: 5 } });
    expect(weight.data.updateWheelCampaign.userErrors[0]).toMatchObject({ code: 'CAMPAIGN_NOT_DRAFT', field: ['input', 'noPrizeWeight'] });
    const renamed = await asOp(UPDATE, { id, input: { name: 'Renamed', dailyChances: 5 } });
    expect(renamed.data.updateWheelCampaign.campaign).toMatchObject({ name: 'Renamed', dailyChances: 5 });
    expect(await count(h, 'wheel_prize', 'campaign_id = $1', [dbId(id)])).toBe(1);
  });

  it('holds at most 20 prize slots besides the no-prize slot', async () => {
    const id = await wheel(
      Array.from({ length: 20 }, () => ({ weight: 1, stock: 1 })),
      {},
      false,
    );
    const before = await writes();
    const res = await asOp(ADD_PRIZE, { input: { campaignId: id, name: 'One too many', templateId: prize, weight: 1, stock: 1 } });
    expect(res.data.addWheelPrize).toMatchObject({ campaign: null, userErrors: [{ code: 'TOO_MANY_PRIZES', field: ['campaignId'] }] });
    expect(await writes()).toEqual(before);
  });

  it('will not start a wheel whose weights add up to 0, ends once, and changes nothing once ended', async () => {
    const id = await wheel([{ weight: 0, stock: 3 }], {}, false);
    const refused = await asOp(START, { id });
    expect(refused.data.startWheelCampaign.userErrors[0].code).toBe('NO_WINNING_WEIGHT');
    expect((await h.sql('select status from wheel_campaign where id = $1', [dbId(id)]))[0].status).toBe('draft');
    const ended = await asOp(END, { id });
    expect(ended.data.endWheelCampaign.campaign).toMatchObject({ status: 'ENDED' });
    expect(ended.data.endWheelCampaign.campaign.seed).toMatch(/^[0-9a-f]{64}$/);
    for (const [q, v, field] of [
      [END, { id }, 'endWheelCampaign'],
      [START, { id }, 'startWheelCampaign'],
      [UPDATE, { id, input: { name: 'x' } }, 'updateWheelCampaign'],
    ] as const) {
      const res = await asOp(q, v);
      expect(res.data[field].userErrors[0].code).toBe('CAMPAIGN_ENDED');
    }
  });
});

describe('drawing (customers)', () => {
  it('answers the slot to spin to and the coupon, in one commit with the chance and the stock', async () => {
    const [who] = await shoppers(h, 1);
    const id = await wheel([{ weight: 1, stock: 10 }]);
    const res = await draw(who, id);
    expect(res.userErrors).toEqual([]);
    expect(res.draw).toMatchObject({ slotDrawn: 1, slotAwarded: 1, won: true, prize: { slot: 1, name: 'Prize 1' } });
    expect(res.prize).toEqual({ slot: 1, name: 'Prize 1' });
    expect(res.couponId).toBe(res.draw.couponId);
    expect(res.chances).toEqual({ allowed: 3, used: 1, left: 2 });
    const [coupon] = await h.sql('select owner_id, status, template_id from coupon where id = $1', [dbId(res.couponId)]);
    expect(coupon).toEqual({ owner_id: who.id, status: 'available', template_id: dbId(prize) });
    expect((await h.sql('select awarded from wheel_prize where campaign_id = $1 and slot = 1', [dbId(id)]))[0].awarded).toBe(1);
    const mine = await h.gql(
      'query($id: ID) { myWheelDraws(first: 5, campaignId: $id) { totalCount nodes { drawId couponId } } }',
      { id },
      { token: who.token },
    );
    expect(mine.data.myWheelDraws).toEqual({ totalCount: 1, nodes: [{ drawId: res.draw.drawId, couponId: res.couponId }] });
  });

  it('refuses a draw past the day’s chances, on a wheel not running, or on another storefront app — writing nothing', async () => {
    const [who] = await shoppers(h, 1);
    const id = await wheel([{ weight: 1, stock: 100 }], { dailyChances: 1 });
    expect((await draw(who, id)).userErrors).toEqual([]);
    const draft = await wheel([{ weight: 1, stock: 100 }], {}, false);
    const app = await asOp('mutation { createStorefrontApp(name: "Elsewhere") { storefrontApp { id } userErrors { code } } }', {});
    const elsewhere = await wheel([{ weight: 1, stock: 100 }], { storefrontAppIds: [app.data.createStorefrontApp.storefrontApp.id] });
    const unknown = Buffer.from('WheelCampaign:00000000-0000-0000-0000-000000000001').toString('base64url');
    const before = await writes();
    for (const [campaignId, code] of [
      [id, 'NO_CHANCES_LEFT'],
      [draft, 'CAMPAIGN_NOT_RUNNING'],
      [elsewhere, 'NOT_ON_THIS_APP'],
      [unknown, 'CAMPAIGN_NOT_FOUND'],
    ]) {
      const res = await draw(who, campaignId);
      expect(res).toMatchObject({ draw: null, prize: null, chances: null, userErrors: [{ code, field: ['input', 'campaignId'] }] });
    }
    expect(await writes()).toEqual(before);
  });

  it('replays the same draw for the same idempotency key, and refuses the key with other input', async () => {
    const [who] = await shoppers(h, 1);
    const id = await wheel([{ weight: 1, stock: 100 }]);
    const other = await wheel([{ weight: 1, stock: 100 }]);
    const first = await draw(who, id, 'wheel-draw-key-1');
    const again = await Promise.all([draw(who, id, 'wheel-draw-key-1'), draw(who, id, 'wheel-draw-key-1')]);
    for (const r of again) expect(r.draw.drawId).toBe(first.draw.drawId);
    expect(await count(h, 'wheel_draw', 'customer_id = $1', [who.id])).toBe(1);
    expect((await h.sql('select used from wheel_chance where customer_id = $1', [who.id]))[0].used).toBe(1);
    const reused = await draw(who, other, 'wheel-draw-key-1');
    expect(reused.userErrors[0].code).toBe('IDEMPOTENCY_KEY_REUSED');
    const bad = await draw(who, id, 'short');
    expect(bad.userErrors[0].code).toBe('INVALID_IDEMPOTENCY_KEY');
    expect(await count(h, 'wheel_draw', 'customer_id = $1', [who.id])).toBe(1);
  });

  it('never gives more prizes than stock: 200 parallel draws on 5 prizes of stock 1', async () => {
    const people = await shoppers(h, 200, 'Spinner');
    const id = await wheel(
      Array.from({ length: 5 }, () => ({ weight: 1, stock: 1 })),
      { dailyChances: 1 },
    );
    const couponsBefore = await count(h, 'coupon');
    const results = await Promise.all(people.map((p) => draw(p, id)));
    for (const r of results) expect(r.userErrors).toEqual([]);
    // Every draw lands on a prize (slot 0 weighs nothing), but only 5 can be given.
    expect(results.every((r) => r.draw.slotDrawn >= 1)).toBe(true);
    const won = results.filter((r) => r.draw.won);
    expect(won).toHaveLength(5);
    expect(new Set(won.map((r) => r.draw.slotAwarded))).toEqual(new Set([1, 2, 3, 4, 5]));
    expect(results.filter((r) => !r.draw.won).every((r) => r.draw.slotAwarded === 0 && r.couponId === null)).toBe(true);
    expect(await count(h, 'coupon')).toBe(couponsBefore + 5);
    const prizes = await h.sql('select slot, stock, awarded from wheel_prize where campaign_id = $1 and slot > 0 order by slot', [dbId(id)]);
    expect(prizes.every((p: { awarded: number }) => p.awarded === 1)).toBe(true);
  });

  it('never draws more than the chances a customer has, however many are sent at once', async () => {
    const [who] = await shoppers(h, 1);
    const id = await wheel([{ weight: 1, stock: 1000 }], { dailyChances: 3 });
    const results = await Promise.all(Array.from({ length: 20 }, () => draw(who, id)));
    expect(results.filter((r) => r.userErrors.length === 0)).toHaveLength(3);
    expect(results.filter((r) => r.userErrors[0]?.code === 'NO_CHANCES_LEFT')).toHaveLength(17);
    expect(await count(h, 'wheel_draw', 'campaign_id = $1', [dbId(id)])).toBe(3);
    expect((await h.sql('select used, allowed from wheel_chance where campaign_id = $1', [dbId(id)]))[0]).toEqual({ used: 3, allowed: 3 });
  });
});

describe('earning chances', () => {
  it('by signing in today, once a day; refused before signing in', async () => {
    const [who] = await shoppers(h, 1);
    const id = await wheel([{ weight: 1, stock: 100 }], { dailyChances: 1, signInChances: 2 });
    const early = await earn(who, id, 'SIGN_IN');
    expect(early).toMatchObject({ chances: null, userErrors: [{ code: 'NOT_SIGNED_IN_TODAY', field: ['input', 'source'] }] });
    expect(await count(h, 'wheel_chance', 'customer_id = $1', [who.id])).toBe(0);
    const signed = await h.gql('mutation { signIn { userErrors { code } } }', {}, { token: who.token });
    expect(signed.data.signIn.userErrors).toEqual([]);
    const earned = await earn(who, id, 'SIGN_IN');
    expect(earned.chances).toMatchObject({ allowed: 3, used: 0, left: 3, fromSignIn: 2 });
    const twice = await earn(who, id, 'SIGN_IN');
    expect(twice.userErrors[0].code).toBe('EARN_LIMIT_REACHED');
    expect((await h.gql(CHANCES, { id }, { token: who.token })).data.myWheelChances).toMatchObject({ allowed: 3, fromSignIn: 2 });
  });

  it('by sharing, up to the daily cap; none when the campaign gives none', async () => {
    const [who] = await shoppers(h, 1);
    const id = await wheel([{ weight: 1, stock: 100 }], { dailyChances: 0, shareChancesPerDay: 2 });
    expect((await draw(who, id)).userErrors[0].code).toBe('NO_CHANCES_LEFT');
    expect((await earn(who, id, 'SHARE')).chances).toMatchObject({ allowed: 1, fromShares: 1 });
    expect((await earn(who, id, 'SHARE')).chances).toMatchObject({ allowed: 2, fromShares: 2 });
    const capped = await earn(who, id, 'SHARE');
    expect(capped.userErrors[0].code).toBe('EARN_LIMIT_REACHED');
    expect((await h.sql('select allowed from wheel_chance where customer_id = $1', [who.id]))[0].allowed).toBe(2);
    expect((await draw(who, id)).userErrors).toEqual([]);
    const none = await wheel([{ weight: 1, stock: 100 }]);
    expect((await earn(who, none, 'SHARE')).userErrors[0].code).toBe('EARN_LIMIT_REACHED');
  });

  it('by paying an order: one chance per order, once however often the event is delivered, up to the daily cap', async () => {
    const token = await h.customerToken();
    const id = await wheel([{ weight: 1, stock: 100 }], { dailyChances: 0, orderChancesPerDay: 1 });
    const [sku] = await products(h, op, ['10.00'], 10);
    const order = await paidOrder(h, token, [{ skuId: sku.skuId, quantity: 1 }]);
    while ((await dispatchOrderEvents(h.orm.em.fork())) > 0);
    const chances = (await h.gql(CHANCES, { id }, { token })).data.myWheelChances;
    expect(chances).toMatchObject({ allowed: 1, fromOrders: 1 });
    const event = { id: '0', orderId: order.dbId, type: 'order.paid', payload: {}, createdAt: new Date() };
    await earnWheelChanceForPaidOrder(event, h.orm.em.fork());
    expect((await h.gql(CHANCES, { id }, { token })).data.myWheelChances).toMatchObject({ allowed: 1, fromOrders: 1 });
    await paidOrder(h, token, [{ skuId: sku.skuId, quantity: 1 }]);
    while ((await dispatchOrderEvents(h.orm.em.fork())) > 0);
    expect((await h.gql(CHANCES, { id }, { token })).data.myWheelChances).toMatchObject({ allowed: 1, fromOrders: 1 });
    expect(await count(h, 'wheel_order_credit', 'campaign_id = $1', [dbId(id)])).toBe(2);
  });
});

describe('fairness', () => {
  it('publishes the commitment first, reveals the seed at the end, and every draw recomputes from it', async () => {
    const people = await shoppers(h, 30, 'Checker');
    const id = await wheel(
      [
        { weight: 5, stock: 3 },
        { weight: 3, stock: 100 },
        { weight: 1, stock: 100 },
      ],
      { dailyChances: 2, noPrizeWeight: 4 },
    );
    await Promise.all(people.flatMap((p) => [draw(p, id), draw(p, id)]));
    // Before the end: no seed, and the draws are not public.
    const [someone] = await shoppers(h, 1);
    const before = await h.gql(CAMPAIGN_QUERY, { id }, { token: someone.token });
    expect(before.data.wheelCampaign).toMatchObject({ seed: null, draws: null });
    const commitment = before.data.wheelCampaign.seedCommitment;

    expect((await asOp(END, { id })).data.endWheelCampaign.userErrors).toEqual([]);
    const { campaign, draws } = await allDraws(id);
    expect(createHash('sha256').update(campaign.seed, 'utf8').digest('hex')).toBe(commitment);
    expect(draws).toHaveLength(60);
    const weights = campaign.prizes.map((p: { weight: number }) => p.weight);
    expect(weights).toEqual([4, 5, 3, 1]);
    for (const d of draws) {
      expect(d.slotDrawn).toBe(fairChoice(campaign.seed, d.drawId, weights));
      expect([d.slotDrawn, 0]).toContain(d.slotAwarded);
      expect(d.couponId).toBeNull(); // someone else's coupon
    }
    // Slot 1 had stock 3: any draw of it beyond the third fell to no prize.
    expect(draws.filter((d) => d.slotAwarded === 1)).toHaveLength(Math.min(3, draws.filter((d) => d.slotDrawn === 1).length));
    expect(draws.filter((d) => d.slotDrawn > 1).every((d) => d.slotAwarded === d.slotDrawn)).toBe(true);

    const results = (await asOp(RESULTS, { id })).data.wheelCampaign.results;
    const won = draws.filter((d) => d.won).length;
    expect(results).toMatchObject({
      draws: 60,
      players: 30,
      prizesWon: won,
      chancesAllowed: 60,
      chancesUsed: 60,
      chanceUseRate: 1,
      couponsIssued: won,
      couponsUsed: 0,
    });
    expect(results.couponCost.amount).toBe((won * 5).toFixed(2));
    expect(results.prizes.map((p: { slot: number; drawn: number }) => p.drawn).reduce((a: number, b: number) => a + b, 0)).toBe(60);
    const forbidden = await h.gql(RESULTS, { id }, { token: someone.token });
    expect(forbidden.errors![0].extensions.code).toBe('FORBIDDEN');
  });

  it('the sweep ends wheels whose window is over and reveals their seeds', async () => {
    const id = await wheel([{ weight: 1, stock: 1 }]);
    await h.sql(`update wheel_campaign set starts_at = now() - interval '2 days', ends_at = now() - interval '1 second' where id = $1`, [dbId(id)]);
    expect(await expireWheels(h.orm.em.fork())).toBeGreaterThanOrEqual(1);
    const res = await h.gql(CAMPAIGN_QUERY, { id });
    expect(res.data.wheelCampaign).toMatchObject({ status: 'ENDED', draws: { totalCount: 0 } });
    expect(res.data.wheelCampaign.seed).toMatch(/^[0-9a-f]{64}$/);
  });

  it('lists the wheels running on the storefront app', async () => {
    const id = await wheel([{ weight: 1, stock: 1 }]);
    const res = await h.gql('{ runningWheelCampaigns(first: 100) { nodes { id status } } }');
    expect(res.data.runningWheelCampaigns.nodes).toContainEqual({ id, status: 'ACTIVE' });
    expect(res.data.runningWheelCampaigns.nodes.every((n: { status: string }) => n.status === 'ACTIVE')).toBe(true);
  });
});

import { createHash } from 'node:crypto';
import { fairInteger } from '../src/lib/fair-draw';
import { toGlobalId } from '../src/lib/ids';
import { drawDueLotteries, drawLottery } from '../src/modules/lottery/draw';
import { template } from './coupons';
import { ERRORS, count, prizeTemplate } from './games';
import { dbId, shoppers, type Shopper } from './groupbuy';
import { startHarness, type GqlResult, type Harness } from './harness';

let h: Harness;
let op: string;
let first: string;
let second: string;
let consolation: string;

beforeAll(async () => {
  h = await startHarness();
  op = await h.operatorToken();
  first = await prizeTemplate(h, op, '50.00');
  second = await prizeTemplate(h, op, '10.00');
  consolation = await prizeTemplate(h, op, '1.00');
});
afterAll(async () => {
  await h.close();
});

const CAMPAIGN =
  'id name status entryCount entryCap inviteEntriesCap seedCommitment seed drawnAt consolationTemplateId prizes { rank name winners won templateId }';
const CREATE = `mutation($input: LotteryCampaignCreateInput!) { createLotteryCampaign(input: $input) { campaign { ${CAMPAIGN} } ${ERRORS} } }`;
const UPDATE = `mutation($id: ID!, $input: LotteryCampaignUpdateInput!) { updateLotteryCampaign(id: $id, input: $input) { campaign { ${CAMPAIGN} } ${ERRORS} } }`;
const ADD_PRIZE = `mutation($input: AddLotteryPrizeInput!) { addLotteryPrize(input: $input) { campaign { ${CAMPAIGN} } ${ERRORS} } }`;
const OPEN = `mutation($id: ID!) { openLotteryCampaign(id: $id) { campaign { ${CAMPAIGN} } ${ERRORS} } }`;
const END = `mutation($id: ID!) { endLotteryCampaign(id: $id) { campaign { ${CAMPAIGN} } ${ERRORS} } }`;
const ENTER = `mutation($input: EnterLotteryInput!) { enterLottery(input: $input) {
  entry { id entryId number ticket won prizeRank couponId } participation { allowed used left invites consolationCouponId } ${ERRORS} } }`;
const ENTRIES = `query($id: ID!, $after: String) { lotteryCampaign(id: $id) { ${CAMPAIGN} entries(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { entryId entrant number ticket won prizeRank couponId } } } }`;
const RESULTS = `query($id: ID!) { lotteryCampaign(id: $id) { results { entries entrants invitedEntrants fillRate winners prizeCouponsIssued consolationCouponsIssued couponsUsed couponUseRate couponCost { amount } } } }`;

const asOp = (query: string, variables: Record<string, unknown>) => h.gql(query, variables, { token: op, key: null });
const unknown = (type: string) => Buffer.from(`${type}:00000000-0000-0000-0000-000000000001`).toString('base64url');

function window(): { startsAt: string; deadline: string } {
  return { startsAt: new Date(Date.now() - 60_000).toISOString(), deadline: new Date(Date.now() + 86_400_000).toISOString() };
}

/** A lottery with these tiers (template, winners), opened unless told. */
async function lottery(tiers: [string, number][], input: Record<string, unknown> = {}, open = true): Promise<string> {
  const res = await asOp(CREATE, { input: { name: '万人抽奖', ...window(), ...input } });
  if (res.data?.createLotteryCampaign?.userErrors?.length !== 0) throw new Error(JSON.stringify(res.body));
  const id = res.data.createLotteryCampaign.campaign.id as string;
  for (const [i, [templateId, winners]] of tiers.entries()) {
    const added = await asOp(ADD_PRIZE, { input: { campaignId: id, name: `Tier ${i + 1}`, templateId, winners } });
    if (added.data?.addLotteryPrize?.userErrors?.length !== 0) throw new Error(JSON.stringify(added.body));
  }
  if (open) {
    const opened = await asOp(OPEN, { id });
    if (opened.data?.openLotteryCampaign?.userErrors?.length !== 0) throw new Error(JSON.stringify(opened.body));
  }
  return id;
}

const enter = async (who: Shopper, campaignId: string, extra: Record<string, unknown> = {}) => {
  const res = await h.gql(ENTER, { input: { campaignId, ...extra } }, { token: who.token });
  if (!res.data) throw new Error(JSON.stringify(res.body));
  return res.data.enterLottery;
};

const writes = async () => ({
  campaigns: (await h.sql('select count(*)::int as n, coalesce(sum(entries), 0)::int as e from lottery_campaign'))[0],
  prizes: await count(h, 'lottery_prize'),
  participants: (await h.sql('select count(*)::int as n, coalesce(sum(allowed), 0)::int as a, coalesce(sum(used), 0)::int as u from lottery_participant'))[0],
  entries: await count(h, 'lottery_entry'),
  coupons: await count(h, 'coupon'),
});

async function allEntries(campaignId: string, token?: string) {
  const entries: { entryId: string; entrant: string; ticket: string; won: boolean; prizeRank: number | null; couponId: string | null }[] = [];
  let after: string | null = null;
  for (;;) {
    const res: GqlResult = await h.gql(ENTRIES, { id: campaignId, after }, { token });
    const page: any = res.data.lotteryCampaign.entries;
    entries.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) return { campaign: res.data.lotteryCampaign, entries };
    after = page.pageInfo.endCursor;
  }
}

describe('lottery campaigns (operators)', () => {
  it('creates a DRAFT lottery with a published commitment, never the seed', async () => {
    const res = await asOp(CREATE, { input: { name: '万人抽奖', ...window(), entryCap: 100, inviteEntriesCap: 2, consolationTemplateId: consolation } });
    expect(res.data.createLotteryCampaign.userErrors).toEqual([]);
    expect(res.data.createLotteryCampaign.campaign).toMatchObject({
      status: 'DRAFT',
      seed: null,
      entryCount: 0,
      entryCap: 100,
      inviteEntriesCap: 2,
      consolationTemplateId: consolation,
    });
    expect(res.data.createLotteryCampaign.campaign.seedCommitment).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['a deadline before the start', { deadline: new Date(Date.now() - 86_400_000).toISOString() }, 'INVALID_WINDOW', ['input', 'deadline']],
    ['a blank name', { name: ' ' }, 'INVALID_NAME', ['input', 'name']],
    ['an unknown storefront app', { storefrontAppIds: [unknown('StorefrontApp')] }, 'INVALID_STOREFRONT_APP', ['input', 'storefrontAppIds', '0']],
    ['an unknown consolation template', { consolationTemplateId: unknown('CouponTemplate') }, 'TEMPLATE_NOT_FOUND', ['input', 'consolationTemplateId']],
  ])('refuses %s and writes nothing', async (_what, change, code, field) => {
    const before = await writes();
    const res = await asOp(CREATE, { input: { name: 'Bad', ...window(), ...change } });
    expect(res.data.createLotteryCampaign).toMatchObject({ campaign: null, userErrors: [{ code, field }] });
    expect(await writes()).toEqual(before);
  });

  it('refuses a claimable consolation or prize, opening without prizes, and changes once open', async () => {
    const claimable = (await template(h, op, { name: 'claimable lottery', distribution: 'CLAIMABLE' })).id;
    const before = await writes();
    const wrong = await asOp(CREATE, { input: { name: 'Bad', ...window(), consolationTemplateId: claimable } });
    expect(wrong.data.createLotteryCampaign.userErrors[0]).toMatchObject({ code: 'WRONG_DISTRIBUTION', field: ['input', 'consolationTemplateId'] });
    expect(await writes()).toEqual(before);
    const id = await lottery([], {}, false);
    const after = await writes();
    const prize = await asOp(ADD_PRIZE, { input: { campaignId: id, name: 'x', templateId: claimable, winners: 1 } });
    expect(prize.data.addLotteryPrize.userErrors[0].code).toBe('WRONG_DISTRIBUTION');
    const none = await asOp(OPEN, { id });
    expect(none.data.openLotteryCampaign.userErrors[0].code).toBe('NO_PRIZES');
    const missing = await asOp(OPEN, { id: unknown('LotteryCampaign') });
    expect(missing.data.openLotteryCampaign.userErrors[0].code).toBe('CAMPAIGN_NOT_FOUND');
    expect(await writes()).toEqual(after);
    expect((await asOp(ADD_PRIZE, { input: { campaignId: id, name: 'Top', templateId: first, winners: 1 } })).data.addLotteryPrize.userErrors).toEqual([]);
    expect((await asOp(OPEN, { id })).data.openLotteryCampaign.campaign.status).toBe('OPEN');
    const late = await asOp(ADD_PRIZE, { input: { campaignId: id, name: 'Late', templateId: first, winners: 1 } });
    expect(late.data.addLotteryPrize.userErrors[0].code).toBe('CAMPAIGN_NOT_DRAFT');
    const changed = await asOp(UPDATE, { id, input: { entryCap: 5 } });
    expect(changed.data.updateLotteryCampaign.userErrors[0].code).toBe('CAMPAIGN_NOT_DRAFT');
    const reopened = await asOp(OPEN, { id });
    expect(reopened.data.openLotteryCampaign.userErrors[0].code).toBe('CAMPAIGN_NOT_DRAFT');
  });

  it('holds at most 20 prize tiers', async () => {
    const id = await lottery(
      Array.from({ length: 20 }, () => [first, 1] as [string, number]),
      {},
      false,
    );
    const before = await writes();
    const res = await asOp(ADD_PRIZE, { input: { campaignId: id, name: 'One too many', templateId: first, winners: 1 } });
    expect(res.data.addLotteryPrize).toMatchObject({ campaign: null, userErrors: [{ code: 'TOO_MANY_PRIZES', field: ['input', 'campaignId'] }] });
    expect(await writes()).toEqual(before);
  });

  it('cancels a DRAFT lottery, and ends nothing twice', async () => {
    const id = await lottery([[first, 1]], {}, false);
    expect((await asOp(UPDATE, { id, input: { name: 'Renamed', entryCap: 9 } })).data.updateLotteryCampaign.campaign).toMatchObject({
      name: 'Renamed',
      entryCap: 9,
    });
    expect((await asOp(END, { id })).data.endLotteryCampaign.campaign).toMatchObject({ status: 'CANCELLED', seed: null });
    expect((await asOp(END, { id })).data.endLotteryCampaign.userErrors[0].code).toBe('CAMPAIGN_ENDED');
    expect((await asOp(OPEN, { id })).data.openLotteryCampaign.userErrors[0].code).toBe('CAMPAIGN_ENDED');
  });
});

describe('entering (customers)', () => {
  it('takes one free entry, then one more per friend who enters as invited, up to the cap', async () => {
    const [ann, ben, cat] = await shoppers(h, 3, 'Entrant');
    const id = await lottery([[first, 1]], { inviteEntriesCap: 1 });
    const res = await enter(ann, id);
    expect(res.userErrors).toEqual([]);
    expect(res.entry).toMatchObject({ number: 1, ticket: null, won: false, prizeRank: null });
    expect(res.participation).toEqual({ allowed: 1, used: 1, left: 0, invites: 0, consolationCouponId: null });

    const before = await writes();
    const again = await enter(ann, id);
    expect(again).toMatchObject({ entry: null, userErrors: [{ code: 'NO_ENTRIES_LEFT', field: ['input', 'campaignId'] }] });
    const self = await enter(ben, id, { inviterId: toGlobalId('Account', ben.id) });
    expect(self.userErrors[0]).toMatchObject({ code: 'CANNOT_INVITE_YOURSELF', field: ['input', 'inviterId'] });
    const stranger = await enter(ben, id, { inviterId: toGlobalId('Account', cat.id) });
    expect(stranger.userErrors[0]).toMatchObject({ code: 'INVITER_NOT_ENTERED', field: ['input', 'inviterId'] });
    expect(await writes()).toEqual(before);

    expect((await enter(ben, id, { inviterId: toGlobalId('Account', ann.id) })).userErrors).toEqual([]);
    expect((await enter(cat, id, { inviterId: toGlobalId('Account', ann.id) })).userErrors).toEqual([]);
    const mine = await h.gql('query($id: ID!) { myLotteryParticipation(campaignId: $id) { allowed used left invites } }', { id }, { token: ann.token });
    expect(mine.data.myLotteryParticipation).toEqual({ allowed: 2, used: 1, left: 1, invites: 1 });
    const extra = await enter(ann, id);
    expect(extra.entry.number).toBe(2);
    expect((await enter(ann, id)).userErrors[0].code).toBe('NO_ENTRIES_LEFT');
    const list = await h.gql('query($id: ID) { myLotteryEntries(first: 5, campaignId: $id) { totalCount nodes { number } } }', { id }, { token: ann.token });
    expect(list.data.myLotteryEntries).toEqual({ totalCount: 2, nodes: [{ number: 2 }, { number: 1 }] });
  });

  it('refuses entries to a lottery not open, on another storefront app, or unknown — writing nothing', async () => {
    const [who] = await shoppers(h, 1);
    const draft = await lottery([[first, 1]], {}, false);
    const app = await asOp('mutation { createStorefrontApp(name: "Lottery elsewhere") { storefrontApp { id } userErrors { code } } }', {});
    const elsewhere = await lottery([[first, 1]], { storefrontAppIds: [app.data.createStorefrontApp.storefrontApp.id] });
    const before = await writes();
    for (const [campaignId, code] of [
      [draft, 'CAMPAIGN_NOT_OPEN'],
      [elsewhere, 'NOT_ON_THIS_APP'],
      [unknown('LotteryCampaign'), 'CAMPAIGN_NOT_FOUND'],
    ]) {
      expect(await enter(who, campaignId)).toMatchObject({ entry: null, userErrors: [{ code, field: ['input', 'campaignId'] }] });
    }
    expect(await writes()).toEqual(before);
  });

  it('replays the same entry for the same idempotency key', async () => {
    const [who] = await shoppers(h, 1);
    const id = await lottery([[first, 1]]);
    const [a, b] = await Promise.all([enter(who, id, { idempotencyKey: 'lottery-entry-1' }), enter(who, id, { idempotencyKey: 'lottery-entry-1' })]);
    expect(a.entry.entryId).toBe(b.entry.entryId);
    expect(await count(h, 'lottery_entry', 'customer_id = $1', [who.id])).toBe(1);
    const other = await lottery([[first, 1]]);
    expect((await enter(who, other, { idempotencyKey: 'lottery-entry-1' })).userErrors[0].code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});

/** The recipe of docs/games.md, written out: tickets, rank, tiers filled one prize per customer. */
function recompute(seed: string, entries: { entryId: string; customer: string }[], tiers: { rank: number; winners: number }[]): Map<string, number> {
  const ranked = entries
    .map((e) => ({ ...e, ticket: fairInteger(seed, e.entryId, 2 ** 48) }))
    .sort((a, b) => a.ticket - b.ticket || (a.entryId < b.entryId ? -1 : 1));
  const won = new Map<string, number>();
  const winners = new Set<string>();
  let next = 0;
  for (const tier of tiers) {
    for (let given = 0; given < tier.winners && next < ranked.length;) {
      const e = ranked[next++];
      if (winners.has(e.customer)) continue;
      winners.add(e.customer);
      won.set(e.entryId, tier.rank);
      given++;
    }
  }
  return won;
}

describe('the draw', () => {
  it('closes at the entry cap under parallel entries, draws once, issues prizes and consolation, and anyone can recompute it', async () => {
    const people = await shoppers(h, 30, 'Crowd');
    const id = await lottery(
      [
        [first, 2],
        [second, 3],
      ],
      { entryCap: 10, consolationTemplateId: consolation },
    );
    const results = await Promise.all(people.map((p) => enter(p, id)));
    expect(results.filter((r) => r.userErrors.length === 0)).toHaveLength(10);
    expect(results.filter((r) => r.userErrors[0]?.code === 'ENTRY_CAP_REACHED')).toHaveLength(20);
    expect(await count(h, 'lottery_entry', 'campaign_id = $1', [dbId(id)])).toBe(10);
    expect(await count(h, 'lottery_participant', 'campaign_id = $1', [dbId(id)])).toBe(10);

    const [outsider] = await shoppers(h, 1);
    const before = await h.gql(ENTRIES, { id }, { token: outsider.token });
    expect(before.data.lotteryCampaign).toMatchObject({ status: 'OPEN', seed: null, entries: null, entryCount: 10 });
    const commitment = before.data.lotteryCampaign.seedCommitment;

    const couponsBefore = await count(h, 'coupon');
    // The job, the sweep and another process all at once: one draws.
    const drawn = await Promise.all([drawLottery(h.orm.em.fork(), dbId(id)), drawLottery(h.orm.em.fork(), dbId(id)), drawDueLotteries(() => h.orm.em.fork())]);
    expect(drawn.filter((d) => d === true || d === 1)).toHaveLength(1);
    expect(await count(h, 'coupon')).toBe(couponsBefore + 10);
    expect(await drawDueLotteries(() => h.orm.em.fork())).toBe(0);
    expect(await count(h, 'coupon')).toBe(couponsBefore + 10);

    const { campaign, entries } = await allEntries(id, outsider.token);
    expect(campaign.status).toBe('DRAWN');
    expect(createHash('sha256').update(campaign.seed, 'utf8').digest('hex')).toBe(commitment);
    expect(campaign.prizes).toEqual([
      { rank: 1, name: 'Tier 1', winners: 2, won: 2, templateId: first },
      { rank: 2, name: 'Tier 2', winners: 3, won: 3, templateId: second },
    ]);
    for (const e of entries) expect(e.ticket).toBe(String(fairInteger(campaign.seed, e.entryId, 2 ** 48)));
    const expected = recompute(
      campaign.seed,
      entries.map((e) => ({ entryId: e.entryId, customer: e.entrant })),
      campaign.prizes,
    );
    for (const e of entries) expect(e.prizeRank).toBe(expected.get(e.entryId) ?? null);

    // Winners hold their tier's coupon; the other five their consolation.
    const mine = await Promise.all(
      people.map(async (p) => ({
        p,
        entry: (await h.gql('query($id: ID) { myLotteryEntries(first: 1, campaignId: $id) { nodes { won prizeRank couponId } } }', { id }, { token: p.token }))
          .data.myLotteryEntries.nodes[0],
        part: (await h.gql('query($id: ID!) { myLotteryParticipation(campaignId: $id) { consolationCouponId } }', { id }, { token: p.token })).data
          .myLotteryParticipation,
      })),
    );
    const entered = mine.filter((m) => m.entry);
    expect(entered).toHaveLength(10);
    for (const m of entered) {
      if (m.entry.won) {
        const [c] = await h.sql('select template_id, owner_id from coupon where id = $1', [dbId(m.entry.couponId)]);
        expect(c).toEqual({ template_id: dbId(m.entry.prizeRank === 1 ? first : second), owner_id: m.p.id });
        expect(m.part.consolationCouponId).toBeNull();
      } else {
        const [c] = await h.sql('select template_id, owner_id from coupon where id = $1', [dbId(m.part.consolationCouponId)]);
        expect(c).toEqual({ template_id: dbId(consolation), owner_id: m.p.id });
      }
    }

    const res = (await asOp(RESULTS, { id })).data.lotteryCampaign.results;
    expect(res).toEqual({
      entries: 10,
      entrants: 10,
      invitedEntrants: 0,
      fillRate: 1,
      winners: 5,
      prizeCouponsIssued: 5,
      consolationCouponsIssued: 5,
      couponsUsed: 0,
      couponUseRate: 0,
      couponCost: { amount: (2 * 50 + 3 * 10 + 5 * 1).toFixed(2) },
    });
    expect((await h.gql(RESULTS, { id }, { token: outsider.token })).errors![0].extensions.code).toBe('FORBIDDEN');
    expect((await enter(outsider, id)).userErrors[0].code).toBe('CAMPAIGN_NOT_OPEN');
  });

  it('draws at the deadline (the sweep), with fewer entrants than prizes; a customer with several entries wins once', async () => {
    const [ann, ben] = await shoppers(h, 2, 'Few');
    const id = await lottery(
      [
        [first, 1],
        [second, 5],
      ],
      { inviteEntriesCap: 3 },
    );
    await enter(ann, id);
    await enter(ben, id, { inviterId: toGlobalId('Account', ann.id) });
    await enter(ann, id);
    await h.sql(`update lottery_campaign set starts_at = now() - interval '2 days', deadline = now() - interval '1 second' where id = $1`, [dbId(id)]);
    expect(await drawDueLotteries(() => h.orm.em.fork())).toBeGreaterThanOrEqual(1);
    const { campaign, entries } = await allEntries(id);
    expect(campaign.status).toBe('DRAWN');
    expect(entries.filter((e) => e.won)).toHaveLength(2);
    // Ann's two entries name her first one as their entrant; the public recompute applies one prize per customer.
    expect(new Set(entries.map((e) => e.entrant)).size).toBe(2);
    const expected = recompute(
      campaign.seed,
      entries.map((e) => ({ entryId: e.entryId, customer: e.entrant })),
      campaign.prizes,
    );
    for (const e of entries) expect(e.prizeRank).toBe(expected.get(e.entryId) ?? null);
    expect(campaign.prizes.map((p: { won: number }) => p.won)).toEqual([1, 1]);
    const results = (await asOp(RESULTS, { id })).data.lotteryCampaign.results;
    expect(results).toMatchObject({ entries: 3, entrants: 2, invitedEntrants: 1, fillRate: null, winners: 2, consolationCouponsIssued: 0 });
  });

  it('an operator ends an open lottery early: it is drawn at once', async () => {
    const people = await shoppers(h, 3, 'Early');
    const id = await lottery([[first, 1]], { consolationTemplateId: consolation });
    for (const p of people) await enter(p, id);
    const ended = await asOp(END, { id });
    expect(ended.data.endLotteryCampaign.campaign).toMatchObject({ status: 'DRAWN', prizes: [{ rank: 1, won: 1 }] });
    expect(ended.data.endLotteryCampaign.campaign.seed).toMatch(/^[0-9a-f]{64}$/);
    expect(await count(h, 'lottery_participant', 'campaign_id = $1 and consolation_coupon_id is not null', [dbId(id)])).toBe(2);
    expect((await asOp(END, { id })).data.endLotteryCampaign.userErrors[0].code).toBe('CAMPAIGN_ENDED');
  });

  it('lists the lotteries open on the storefront app', async () => {
    const id = await lottery([[first, 1]]);
    const res = await h.gql('{ openLotteryCampaigns(first: 100) { nodes { id status } } }');
    expect(res.data.openLotteryCampaigns.nodes).toContainEqual({ id, status: 'OPEN' });
  });
});

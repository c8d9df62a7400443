import { fairSplit, seedCommitment } from '../src/lib/fair-draw';
import { expirePackets } from '../src/modules/redpacket/expiry';
import { PACKET_DEADLINE, RED_PACKET_SWEEP, registerRedPacketJobs } from '../src/modules/redpacket/jobs';
import type { JobQueue } from '../src/lib/jobs';
import { startHarness, type Harness } from './harness';
import { template } from './coupons';
import { dbId, shoppers, type Shopper } from './groupbuy';

let h: Harness;
let op: string;
let shareTemplate: string;
let consolationTemplate: string;

beforeAll(async () => {
  h = await startHarness();
  op = await h.operatorToken();
  const base = { kind: 'AMOUNT_OFF', threshold: '0.00', validity: 'DAYS_AFTER_CLAIM', validDays: 7, distribution: 'GRANT_ONLY' };
  shareTemplate = (await template(h, op, { ...base, name: '红包', amountOff: '0.01' })).id;
  consolationTemplate = (await template(h, op, { ...base, name: '安慰奖', amountOff: '2.00' })).id;
});
afterAll(async () => {
  await h.close();
});

const CAMPAIGN_FIELDS = 'id name shares totalAmount { amount } minimumShare { amount } status seedCommitment seed storefrontAppIds';
const PACKET_FIELDS =
  'id shareToken status joinsCount sharesLeft shares totalAmount { amount } secondsLeft consolationGiven members { position name share { amount } }';
const CREATE = `mutation($input: RedPacketCampaignCreateInput!) { createRedPacketCampaign(input: $input) { campaign { ${CAMPAIGN_FIELDS} } userErrors { code field message } } }`;
const OPEN = `mutation($input: OpenRedPacketInput!) { openRedPacket(input: $input) { packet { ${PACKET_FIELDS} } position userErrors { code field message } } }`;
const JOIN = `mutation($input: JoinRedPacketInput!) { joinRedPacket(input: $input) { packet { ${PACKET_FIELDS} } position userErrors { code field message } } }`;
const END = `mutation($id: ID!) { endRedPacketCampaign(id: $id) { campaign { ${CAMPAIGN_FIELDS} } userErrors { code field message } } }`;
const RESULTS = `query($id: ID!) { redPacketCampaign(id: $id) { seed results { packetsOpened packetsOpen packetsCompleted packetsExpired joins completionRate couponCost { amount } prizesByKind { kind count cost { amount } } } } }`;

function campaignInput(input: Record<string, unknown> = {}) {
  return {
    name: '天天拆红包',
    totalAmount: '10.00',
    shares: 3,
    minimumShare: '0.50',
    timeLimitSeconds: 3600,
    shareTemplateId: shareTemplate,
    startsAt: new Date(Date.now() - 60_000).toISOString(),
    endsAt: new Date(Date.now() + 86_400_000).toISOString(),
    ...input,
  };
}

async function campaign(input: Record<string, unknown> = {}) {
  const res = await h.gql(CREATE, { input: campaignInput(input) }, { token: op, key: null });
  if (res.data?.createRedPacketCampaign?.userErrors?.length !== 0) throw new Error(JSON.stringify(res.body));
  return res.data.createRedPacketCampaign.campaign;
}

const open = async (who: Shopper, campaignId: string, extra: Record<string, unknown> = {}, key?: string) =>
  (await h.gql(OPEN, { input: { campaignId, ...extra } }, { token: who.token, ...(key ? { key } : {}) })).data.openRedPacket;
const join = async (who: Shopper, shareToken: string, extra: Record<string, unknown> = {}, key?: string) =>
  (await h.gql(JOIN, { input: { shareToken, ...extra } }, { token: who.token, ...(key ? { key } : {}) })).data.joinRedPacket;

/** Every table a refused open or join could write. */
async function written(): Promise<Record<string, number>> {
  const [row] = await h.sql(`select (select count(*) from red_packet)::int as packets, (select count(*) from red_packet_member)::int as members,
      (select coalesce(sum(opened + joined), 0) from red_packet_usage)::int as usage, (select sum(joins_count) from red_packet)::int as joins,
      (select count(*) from coupon)::int as coupons`);
  return row;
}

async function coupons(packetGlobalId: string) {
  return h.sql(
    `select m.position, m.share_amount, c.amount_off, c.owner_id, m.customer_id, c.template_id from red_packet_member m join coupon c on c.id = m.coupon_id
      where m.packet_id = $1 order by m.position`,
    [dbId(packetGlobalId)],
  );
}

describe('red-packet campaigns (operators)', () => {
  it.each([
    ['a total below shares × minimum', { totalAmount: '1.00', shares: 3, minimumShare: '0.50' }, 'INVALID_SPLIT', ['input', 'totalAmount']],
    ['an end before the start', { endsAt: new Date(Date.now() - 86_400_000).toISOString() }, 'INVALID_WINDOW', ['input', 'endsAt']],
    ['a blank name', { name: '  ' }, 'INVALID_NAME', ['input', 'name']],
    ['an unknown share template', { shareTemplateId: 'nope' }, 'INVALID_TEMPLATE', ['input', 'shareTemplateId']],
    ['an unknown storefront app', { storefrontAppIds: ['nope'] }, 'INVALID_STOREFRONT_APP', ['input', 'storefrontAppIds', '0']],
  ])('refuses %s and writes nothing', async (_what, change, code, field) => {
    const before = (await h.sql('select count(*)::int as n from red_packet_campaign'))[0].n;
    const res = await h.gql(CREATE, { input: campaignInput(change) }, { token: op, key: null });
    expect(res.data.createRedPacketCampaign.userErrors).toEqual([expect.objectContaining({ code, field })]);
    expect((await h.sql('select count(*)::int as n from red_packet_campaign'))[0].n).toBe(before);
  });

  it('refuses a coupon template with a threshold (a red packet is a no-threshold coupon)', async () => {
    const threshold = await template(h, op, { name: '满99减5', amountOff: '5.00', threshold: '99.00', distribution: 'GRANT_ONLY' });
    const res = await h.gql(CREATE, { input: campaignInput({ consolationTemplateId: threshold.id }) }, { token: op, key: null });
    expect(res.data.createRedPacketCampaign.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID_TEMPLATE', field: ['input', 'consolationTemplateId'] }),
    ]);
  });

  it.each([
    ['one share', { shares: 1 }, ['input', 'shares']],
    ['a time limit under a minute', { timeLimitSeconds: 5 }, ['input', 'timeLimitSeconds']],
  ])('refuses %s at the edge, outside its documented bounds, and writes nothing', async (_what, change, field) => {
    const before = (await h.sql('select count(*)::int as n from red_packet_campaign'))[0].n;
    const res = await h.gql(CREATE, { input: campaignInput(change) }, { token: op, key: null });
    expect(res.status).toBe(400);
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect((await h.sql('select count(*)::int as n from red_packet_campaign'))[0].n).toBe(before);
  });

  it('publishes the commitment, never the seed while the campaign runs', async () => {
    const c = await campaign();
    expect(c.seedCommitment).toMatch(/^[0-9a-f]{64}$/);
    expect(c.seed).toBeNull();
    expect((await h.gql(END, { id: 'nope' }, { token: op, key: null })).data.endRedPacketCampaign.userErrors).toEqual([
      expect.objectContaining({ code: 'CAMPAIGN_NOT_FOUND' }),
    ]);
  });
});

describe('opening and joining a packet', () => {
  it('splits the total among the opener and the friends who join, pays every share as a coupon of its amount, and lets anyone recompute the split', async () => {
    const c = await campaign();
    const [opener, f1, f2, late] = await shoppers(h, 4);
    const opened = await open(opener, c.id);
    expect(opened.userErrors).toEqual([]);
    expect(opened.position).toBe(0);
    expect(opened.packet).toMatchObject({ status: 'OPEN', joinsCount: 1, sharesLeft: 2, shares: 3 });
    const token = opened.packet.shareToken;

    const first = await join(f1, token);
    expect(first.userErrors).toEqual([]);
    expect(first.position).toBe(1);
    expect(first.packet).toMatchObject({ status: 'OPEN', joinsCount: 2 });
    expect(first.packet.members.every((m: { share: unknown }) => m.share === null)).toBe(true);

    const last = await join(f2, token);
    expect(last.userErrors).toEqual([]);
    expect(last.packet).toMatchObject({ status: 'COMPLETED', joinsCount: 3, sharesLeft: 0 });
    const shares = last.packet.members.map((m: { share: { amount: string } }) => Math.round(Number(m.share.amount) * 100));
    expect(shares.reduce((a: number, b: number) => a + b, 0)).toBe(1000);
    expect(Math.min(...shares)).toBeGreaterThanOrEqual(50);

    const paid = await coupons(opened.packet.id);
    expect(paid.map((p) => p.customer_id)).toEqual([opener.id, f1.id, f2.id]);
    expect(paid.map((p) => p.amount_off)).toEqual(shares);
    expect(paid.every((p) => p.owner_id === p.customer_id && p.template_id === dbId(shareTemplate))).toBe(true);

    // The buyer sees the coupon with its own amount.
    const mine = await h.gql('{ myCoupons(first: 5) { nodes { amountOff { amount } status } } }', {}, { token: opener.token });
    expect(mine.data.myCoupons.nodes).toEqual([{ amountOff: { amount: last.packet.members[0].share.amount }, status: 'AVAILABLE' }]);

    const before = await written();
    expect((await join(late, token)).userErrors).toEqual([expect.objectContaining({ code: 'PACKET_FULL', field: ['input', 'shareToken'] })]);
    expect(await written()).toEqual(before);

    // Once the campaign is over and nothing of it is open, the seed is out and the split recomputes.
    const ended = (await h.gql(END, { id: c.id }, { token: op, key: null })).data.endRedPacketCampaign.campaign;
    expect(seedCommitment(ended.seed)).toBe(c.seedCommitment);
    expect(fairSplit(ended.seed, dbId(opened.packet.id), 1000, 3, 50)).toEqual(shares);
  });

  it('never lets more than N in: 100 friends join a 5-share packet at once', async () => {
    const c = await campaign({ shares: 5, totalAmount: '20.00', minimumShare: '1.00' });
    const [opener, ...friends] = await shoppers(h, 101);
    const opened = await open(opener, c.id);
    const results = await Promise.all(friends.map((f) => join(f, opened.packet.shareToken)));
    const ok = results.filter((r) => r.userErrors.length === 0);
    expect(ok).toHaveLength(4);
    expect(new Set(results.filter((r) => r.userErrors.length).map((r) => r.userErrors[0].code))).toEqual(new Set(['PACKET_FULL']));
    const [packet] = await h.sql('select status, joins_count from red_packet where id = $1', [dbId(opened.packet.id)]);
    expect(packet).toEqual({ status: 'completed', joins_count: 5 });
    const paid = await coupons(opened.packet.id);
    expect(paid).toHaveLength(5);
    expect(paid.map((p) => p.position)).toEqual([0, 1, 2, 3, 4]);
    expect(paid.reduce((sum, p) => sum + p.amount_off, 0)).toBe(2000);
    expect(paid.every((p) => p.amount_off >= 100 && p.amount_off === p.share_amount)).toBe(true);
    expect((await h.sql('select count(*)::int as n from red_packet_usage where campaign_id = $1 and joined > 0', [dbId(c.id)]))[0].n).toBe(4);

    const ended = (await h.gql(END, { id: c.id }, { token: op, key: null })).data.endRedPacketCampaign.campaign;
    expect(fairSplit(ended.seed, dbId(opened.packet.id), 2000, 5, 100)).toEqual(paid.map((p) => p.amount_off));
  });

  it('refuses each bad join or open with its code and writes nothing', async () => {
    const c = await campaign({ joinsPerCustomer: 1 });
    const [opener, friend, other] = await shoppers(h, 3);
    const opened = await open(opener, c.id);
    const token = opened.packet.shareToken;
    const other2 = await open(other, c.id);
    expect((await join(friend, other2.packet.shareToken)).userErrors).toEqual([]);
    const cases: [string, () => Promise<{ userErrors: { code: string }[] }>][] = [
      ['PACKET_NOT_FOUND', () => join(friend, 'no-such-token')],
      ['ALREADY_JOINED', () => join(opener, token)],
      ['ALREADY_JOINED', () => join(friend, other2.packet.shareToken)],
      ['LIMIT_REACHED', () => join(friend, token)],
      ['LIMIT_REACHED', () => open(opener, c.id)],
      ['CAMPAIGN_NOT_FOUND', () => open(friend, 'nope')],
    ];
    for (const [code, attempt] of cases) {
      const before = await written();
      expect((await attempt()).userErrors).toEqual([expect.objectContaining({ code })]);
      expect(await written()).toEqual(before);
    }

    // Past its time: refused, even before the sweep has expired it.
    await h.sql(`update red_packet set expires_at = now() - interval '1 second' where id = $1`, [dbId(opened.packet.id)]);
    const [stranger] = await shoppers(h, 1);
    const before = await written();
    expect((await join(stranger, token)).userErrors).toEqual([expect.objectContaining({ code: 'PACKET_EXPIRED' })]);
    expect(await written()).toEqual(before);

    // An ended campaign opens no packet.
    await h.gql(END, { id: c.id }, { token: op, key: null });
    const beforeEnd = await written();
    expect((await open(stranger, c.id)).userErrors).toEqual([expect.objectContaining({ code: 'CAMPAIGN_NOT_RUNNING' })]);
    expect(await written()).toEqual(beforeEnd);
  });

  it('replays an open or a join sent twice with the same idempotency key', async () => {
    const c = await campaign();
    const [opener, friend] = await shoppers(h, 2);
    const a = await open(opener, c.id, { idempotencyKey: 'open-key-0001' });
    const b = await open(opener, c.id, { idempotencyKey: 'open-key-0001' });
    expect(b.packet.id).toBe(a.packet.id);
    expect((await h.sql('select count(*)::int as n from red_packet where opener_id = $1', [opener.id]))[0].n).toBe(1);
    const [x, y] = await Promise.all([
      join(friend, a.packet.shareToken, { idempotencyKey: 'join-key-0001' }),
      join(friend, a.packet.shareToken, { idempotencyKey: 'join-key-0001' }),
    ]);
    expect(x.userErrors).toEqual([]);
    expect(y.userErrors).toEqual([]);
    expect((await h.sql('select joins_count from red_packet where id = $1', [dbId(a.packet.id)]))[0].joins_count).toBe(2);
  });
});

describe('refusals that need a setting', () => {
  it('refuses the completing join with PRIZE_UNAVAILABLE when the share template has ended, and writes nothing', async () => {
    const own = await template(h, op, {
      kind: 'AMOUNT_OFF',
      threshold: '0.00',
      validity: 'DAYS_AFTER_CLAIM',
      validDays: 7,
      distribution: 'GRANT_ONLY',
      name: '会结束的红包',
      amountOff: '0.01',
    });
    const c = await campaign({ shares: 2, shareTemplateId: own.id });
    const [opener, friend] = await shoppers(h, 2);
    const opened = await open(opener, c.id);
    await h.gql('mutation($id: ID!) { endCouponTemplate(id: $id) { userErrors { code } } }', { id: own.id }, { token: op, key: null });
    const before = await written();
    expect((await join(friend, opened.packet.shareToken)).userErrors).toEqual([expect.objectContaining({ code: 'PRIZE_UNAVAILABLE' })]);
    expect(await written()).toEqual(before);
    expect((await h.sql('select status from red_packet where id = $1', [dbId(opened.packet.id)]))[0].status).toBe('open');
  });

  it('refuses an idempotency key used again with other input', async () => {
    const [a, b] = [await campaign(), await campaign()];
    const [opener] = await shoppers(h, 1);
    expect((await open(opener, a.id, { idempotencyKey: 'reused-key-01' })).userErrors).toEqual([]);
    const before = await written();
    expect((await open(opener, b.id, { idempotencyKey: 'reused-key-01' })).userErrors).toEqual([expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED' })]);
    expect((await open(opener, b.id, { idempotencyKey: 'bad key' })).userErrors).toEqual([expect.objectContaining({ code: 'INVALID_IDEMPOTENCY_KEY' })]);
    expect(await written()).toEqual(before);
  });
});

describe('expiry', () => {
  it('expires an unfinished packet once, gives its opener the consolation coupon, and counts it in the results', async () => {
    const c = await campaign({ consolationTemplateId: consolationTemplate });
    const [opener, friend] = await shoppers(h, 2);
    const opened = await open(opener, c.id);
    await join(friend, opened.packet.shareToken);
    await h.sql(`update red_packet set expires_at = now() - interval '1 second' where id = $1`, [dbId(opened.packet.id)]);
    await Promise.all([expirePackets(h.orm.em.fork()), expirePackets(h.orm.em.fork())]);
    expect(await expirePackets(h.orm.em.fork())).toBe(0);
    const packet = (await h.gql(`query($t: String!) { redPacket(shareToken: $t) { ${PACKET_FIELDS} } }`, { t: opened.packet.shareToken })).data.redPacket;
    expect(packet).toMatchObject({ status: 'EXPIRED', consolationGiven: true, secondsLeft: 0 });
    const got = await h.sql('select template_id, owner_id from coupon where owner_id = any($1::uuid[])', [[opener.id, friend.id]]);
    expect(got).toEqual([{ template_id: dbId(consolationTemplate), owner_id: opener.id }]);

    const results = (await h.gql(RESULTS, { id: c.id }, { token: op, key: null })).data.redPacketCampaign;
    expect(results.results).toEqual({
      packetsOpened: 1,
      packetsOpen: 0,
      packetsCompleted: 0,
      packetsExpired: 1,
      joins: 1,
      completionRate: 0,
      couponCost: { amount: '2.00' },
      prizesByKind: [
        { kind: 'SHARE', count: 0, cost: { amount: '0.00' } },
        { kind: 'CONSOLATION', count: 1, cost: { amount: '2.00' } },
      ],
    });
  });

  it('expires a packet from its deadline timer, and the minute sweep backs the timer up', async () => {
    const handlers = new Map<string, (data: object) => Promise<void>>();
    const crons: string[] = [];
    const queue = {
      register: async (name: string, handler: (data: object) => Promise<void>, options: { cron?: string } = {}) => {
        handlers.set(name, handler);
        if (options.cron) crons.push(name);
      },
    } as unknown as JobQueue;
    await registerRedPacketJobs(queue, () => h.orm.em.fork());
    expect(crons).toEqual([RED_PACKET_SWEEP]);
    const c = await campaign();
    const [a, b] = await shoppers(h, 2);
    const first = await open(a, c.id);
    const second = await open(b, c.id);
    await h.sql(`update red_packet set expires_at = now() - interval '1 second' where id = any($1::uuid[])`, [[dbId(first.packet.id), dbId(second.packet.id)]]);
    await handlers.get(PACKET_DEADLINE)!({ packetId: dbId(first.packet.id) });
    const status = async (id: string) => (await h.sql('select status from red_packet where id = $1', [dbId(id)]))[0].status;
    expect([await status(first.packet.id), await status(second.packet.id)]).toEqual(['expired', 'open']);
    await handlers.get(RED_PACKET_SWEEP)!({});
    expect(await status(second.packet.id)).toBe('expired');
  });

  it('reports completed packets and their coupon cost', async () => {
    const c = await campaign({ shares: 2, totalAmount: '3.00', minimumShare: '0.01' });
    const [a, b] = await shoppers(h, 2);
    await join(b, (await open(a, c.id)).packet.shareToken);
    const results = (await h.gql(RESULTS, { id: c.id }, { token: op, key: null })).data.redPacketCampaign.results;
    expect(results).toMatchObject({ packetsOpened: 1, packetsCompleted: 1, completionRate: 1, couponCost: { amount: '3.00' } });
    expect(results.prizesByKind[0]).toEqual({ kind: 'SHARE', count: 2, cost: { amount: '3.00' } });
    expect((await h.gql(RESULTS, { id: c.id }, { token: a.token })).data.redPacketCampaign.results).toBeNull();
  });
});

describe('the per-app switch', () => {
  it('refuses the split where the storefront app turned the sharing games off, and the games list says why', async () => {
    const created = await h.gql(
      'mutation { createStorefrontApp(name: "WeChat H5") { storefrontApp { id } secretKey userErrors { code } } }',
      {},
      { token: op, key: null },
    );
    const { storefrontApp: app, secretKey } = created.data.createStorefrontApp;
    const games = async () => (await h.gql('{ promotionGames { kind offered notOfferedReason } }', {}, { key: secretKey })).data.promotionGames;
    expect(await games()).toEqual([
      { kind: 'WHEEL', offered: true, notOfferedReason: null },
      { kind: 'LOTTERY', offered: true, notOfferedReason: null },
      { kind: 'RED_PACKET_SPLIT', offered: true, notOfferedReason: null },
      { kind: 'ASSIST_FOR_FREE', offered: true, notOfferedReason: null },
    ]);
    const off = await h.gql(
      'mutation($id: ID!, $input: StorefrontAppUpdateInput!) { updateStorefrontApp(id: $id, input: $input) { storefrontApp { sharingGames sharingGamesOffReason } userErrors { code } } }',
      { id: app.id, input: { sharingGames: false, sharingGamesOffReason: '微信外链规则不允许助力、拆红包' } },
      { token: op, key: null },
    );
    expect(off.data.updateStorefrontApp.storefrontApp).toEqual({ sharingGames: false, sharingGamesOffReason: '微信外链规则不允许助力、拆红包' });
    expect(await games()).toEqual([
      { kind: 'WHEEL', offered: true, notOfferedReason: null },
      { kind: 'LOTTERY', offered: true, notOfferedReason: null },
      { kind: 'RED_PACKET_SPLIT', offered: false, notOfferedReason: '微信外链规则不允许助力、拆红包' },
      { kind: 'ASSIST_FOR_FREE', offered: false, notOfferedReason: '微信外链规则不允许助力、拆红包' },
    ]);

    const c = await campaign();
    const [opener, friend] = await shoppers(h, 2);
    const opened = await open(opener, c.id);
    const before = await written();
    expect((await open(friend, c.id, {}, secretKey)).userErrors).toEqual([expect.objectContaining({ code: 'SHARING_GAMES_OFF' })]);
    expect((await join(friend, opened.packet.shareToken, {}, secretKey)).userErrors).toEqual([expect.objectContaining({ code: 'SHARING_GAMES_OFF' })]);
    expect(await written()).toEqual(before);

    // A campaign limited to other apps is refused here too, with its own code.
    const elsewhere = await campaign({ storefrontAppIds: [app.id] });
    expect((await open(friend, elsewhere.id)).userErrors).toEqual([expect.objectContaining({ code: 'NOT_ON_THIS_APP' })]);
    expect(await written()).toEqual(before);

    const tooLong = await h.gql(
      'mutation($id: ID!, $input: StorefrontAppUpdateInput!) { updateStorefrontApp(id: $id, input: $input) { userErrors { code } } }',
      { id: app.id, input: { sharingGamesOffReason: 'x'.repeat(201) } },
      { token: op, key: null },
    );
    expect(tooLong.status).toBe(400);
  });
});

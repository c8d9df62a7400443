import { CatalogService } from '../src/modules/catalog/service';
import { expireSessions } from '../src/modules/groupbuy/expiry';
import { groupBuyCancelled, refuseGroupBuyPayment } from '../src/modules/groupbuy/session-hooks';
import { registerGroupBuyJobs, SESSION_DEADLINE, sweepGroupBuys } from '../src/modules/groupbuy/jobs';
import { JobQueue } from '../src/lib/jobs';
import pino from 'pino';
import { refundFailedMembers } from '../src/modules/groupbuy/refunds';
import { OrderService } from '../src/modules/orders/service';
import { ProviderError } from '../src/modules/payments/provider';
import { PaymentProviders } from '../src/modules/payments/providers';
import { SandboxProvider } from '../src/modules/payments/sandbox';
import { loadConfig } from '../src/config';
import { requestStatements } from './support/request-statements';
import { startHarness, type Harness } from './harness';
import { ADDRESS, completeSandbox, payOrder } from './shop';
import { campaign, CREATE, dbId, join, openSession, pay, SESSION_FIELDS, shoppers, start } from './groupbuy';

let h: Harness;
let op: string;
const secret = loadConfig({ NODE_ENV: 'test' }).paymentSandboxSecret;
const providers = () => new PaymentProviders(new SandboxProvider(secret));
const fork = () => h.orm.em.fork();

beforeAll(async () => {
  h = await startHarness();
  op = await h.operatorToken();
});
afterAll(async () => {
  await h.close();
});

/** Puts a session's deadline in the past. */
const expire = (sessionId: string) => h.sql(`update group_buy_session set expires_at = now() - interval '1 second' where id = $1`, [dbId(sessionId)]);
const sessionRow = async (sessionId: string) => (await h.sql('select status, size, reserved, paid from group_buy_session where id = $1', [dbId(sessionId)]))[0];

describe('campaigns (operators)', () => {
  it('creates, updates and ends a campaign; the leader price is the group price less the leader discount', async () => {
    const { campaign: c, skus } = await campaign(h, op);
    expect(c).toMatchObject({ size: 3, status: 'ACTIVE', running: true, perCustomerLimit: 1, maxQuantity: 1, leaderDiscount: { amount: '5.00' } });
    expect(c.skus).toEqual([
      { skuId: skus[0].skuId, groupPrice: { amount: '59.00' }, leaderPrice: { amount: '54.00' } },
      { skuId: skus[1].skuId, groupPrice: { amount: '49.00' }, leaderPrice: { amount: '44.00' } },
    ]);
    const updated = await h.gql(
      `mutation($id: ID!, $input: GroupBuyCampaignUpdateInput!) { updateGroupBuyCampaign(id: $id, input: $input) { campaign { name maxQuantity autoFillPercent } userErrors { code } } }`,
      { id: c.id, input: { name: 'Tea for three, again', maxQuantity: 2, autoFillPercent: 60 } },
      { token: op, key: null },
    );
    expect(updated.data.updateGroupBuyCampaign).toEqual({ campaign: { name: 'Tea for three, again', maxQuantity: 2, autoFillPercent: 60 }, userErrors: [] });
    const end = `mutation($id: ID!) { endGroupBuyCampaign(id: $id) { campaign { status running } userErrors { code } } }`;
    expect((await h.gql(end, { id: c.id }, { token: op, key: null })).data.endGroupBuyCampaign).toEqual({
      campaign: { status: 'ENDED', running: false },
      userErrors: [],
    });
    expect((await h.gql(end, { id: c.id }, { token: op, key: null })).data.endGroupBuyCampaign.userErrors).toEqual([{ code: 'CAMPAIGN_ENDED' }]);
    const again = await h.gql(
      `mutation($id: ID!, $input: GroupBuyCampaignUpdateInput!) { updateGroupBuyCampaign(id: $id, input: $input) { userErrors { code } } }`,
      { id: c.id, input: { name: 'Late' } },
      { token: op, key: null },
    );
    expect(again.data.updateGroupBuyCampaign.userErrors).toEqual([{ code: 'CAMPAIGN_ENDED' }]);
    const [late] = await shoppers(h, 1);
    expect((await start(h, late.token, c.id, c.skus[0].skuId)).userErrors).toEqual([
      expect.objectContaining({ code: 'CAMPAIGN_NOT_RUNNING', field: ['input', 'campaignId'] }),
    ]);
    const unknown = await h.gql(end, { id: 'nope' }, { token: op, key: null });
    expect(unknown.data.endGroupBuyCampaign.userErrors).toEqual([{ code: 'CAMPAIGN_NOT_FOUND' }]);
  });

  it.each([
    ['an end before the start', { endsAt: new Date(Date.now() - 3_600_000).toISOString() }, 'INVALID_WINDOW', ['input', 'endsAt']],
    ['an empty name', { name: '  ' }, 'INVALID_NAME', ['input', 'name']],
    ['no SKUs', { skus: [] }, 'SKU_NOT_IN_PRODUCT', ['input', 'skus']],
    ['a leader discount above the group price', { leaderDiscount: '60.00' }, 'INVALID_PRICE', ['input', 'skus', '0', 'groupPrice']],
  ])('refuses %s and writes nothing', async (_what, change, code, field) => {
    const { skus, productId } = await campaign(h, op);
    const before = (await h.sql('select count(*)::int as n from group_buy_campaign'))[0].n;
    const res = await h.gql(
      CREATE,
      {
        input: {
          productId,
          name: 'Bad',
          size: 3,
          sessionSeconds: 3600,
          startsAt: new Date().toISOString(),
          endsAt: new Date(Date.now() + 86_400_000).toISOString(),
          skus: [{ skuId: skus[0].skuId, groupPrice: '59.00' }],
          ...change,
        },
      },
      { token: op, key: null },
    );
    expect(res.data.createGroupBuyCampaign.userErrors).toEqual([expect.objectContaining({ code, field })]);
    expect((await h.sql('select count(*)::int as n from group_buy_campaign'))[0].n).toBe(before);
  });

  it.each([
    ['size 1', { size: 1 }, ['input', 'size']],
    ['size 21', { size: 21 }, ['input', 'size']],
    ['a session time under a minute', { sessionSeconds: 30 }, ['input', 'sessionSeconds']],
    ['a zero limit', { perCustomerLimit: 0 }, ['input', 'perCustomerLimit']],
    ['auto-fill at 100%', { autoFillPercent: 100 }, ['input', 'autoFillPercent']],
  ])('refuses %s at the edge, outside its documented bounds, and writes nothing', async (_what, change, field) => {
    const { skus, productId } = await campaign(h, op);
    const before = (await h.sql('select count(*)::int as n from group_buy_campaign'))[0].n;
    const res = await h.gql(
      CREATE,
      {
        input: {
          productId,
          name: 'Bad',
          size: 3,
          sessionSeconds: 3600,
          startsAt: new Date().toISOString(),
          endsAt: new Date(Date.now() + 86_400_000).toISOString(),
          skus: [{ skuId: skus[0].skuId, groupPrice: '59.00' }],
          ...change,
        },
      },
      { token: op, key: null },
    );
    expect(res.status).toBe(400);
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect((await h.sql('select count(*)::int as n from group_buy_campaign'))[0].n).toBe(before);
  });

  it('refuses a SKU of another product', async () => {
    const { productId } = await campaign(h, op);
    const other = await campaign(h, op);
    const res = await h.gql(
      CREATE,
      {
        input: {
          productId,
          name: 'Mixed',
          size: 3,
          sessionSeconds: 3600,
          startsAt: new Date().toISOString(),
          endsAt: new Date(Date.now() + 86_400_000).toISOString(),
          skus: [{ skuId: other.skus[0].skuId, groupPrice: '10.00' }],
        },
      },
      { token: op, key: null },
    );
    expect(res.data.createGroupBuyCampaign.userErrors).toEqual([
      expect.objectContaining({ code: 'SKU_NOT_IN_PRODUCT', field: ['input', 'skus', '0', 'skuId'] }),
    ]);
  });
});

describe('opening and joining', () => {
  it('opens a session at the leader price, held from shipping; it is joinable once the leader pays', async () => {
    const { campaign: c, skus, productId } = await campaign(h, op);
    const [leader] = await shoppers(h, 1, 'Leader');
    const started = await start(h, leader.token, c.id, skus[0].skuId);
    expect(started.userErrors).toEqual([]);
    expect(started.order.lines).toEqual([{ unitPrice: { amount: '54.00' }, priceReason: 'GROUP_BUY' }]);
    expect(started.session).toMatchObject({ status: 'OPENING', size: 3, joined: 0, remaining: 3, leader: { displayName: 'Leader 1', avatarUrl: null } });
    expect((await h.sql('select fulfilment_hold from customer_order where id = $1', [dbId(started.order.id)]))[0].fulfilment_hold).toBe(true);
    const joinable = `query($p: ID!) { joinableGroupBuySessions(productId: $p, first: 10) { totalCount nodes { ${SESSION_FIELDS} } } }`;
    expect((await h.gql(joinable, { p: productId })).data.joinableGroupBuySessions.totalCount).toBe(0);

    expect(await pay(h, leader.token, started.order.id)).toBe('paid');
    const listed = (await h.gql(joinable, { p: productId })).data.joinableGroupBuySessions;
    expect(listed.totalCount).toBe(1);
    expect(listed.nodes[0]).toMatchObject({
      shareToken: started.session.shareToken,
      status: 'OPEN',
      joined: 1,
      remaining: 2,
      seatsFree: 2,
      leader: { displayName: 'Leader 1', avatarUrl: null },
    });
    expect(Number.isInteger(listed.nodes[0].secondsLeft) && listed.nodes[0].secondsLeft > 3500 && listed.nodes[0].secondsLeft <= 3600).toBe(true);

    const byToken = await h.gql(`query($t: String!) { groupBuySession(shareToken: $t) { ${SESSION_FIELDS} } }`, { t: started.session.shareToken });
    expect(byToken.data.groupBuySession).toMatchObject({ status: 'OPEN', joined: 1 });
    const mine = await h.gql(
      '{ myGroupBuySessions(first: 5) { totalCount nodes { status isLeader orderId session { status joined } } } }',
      {},
      { token: leader.token },
    );
    expect(mine.data.myGroupBuySessions).toEqual({
      totalCount: 1,
      nodes: [{ status: 'PAID', isLeader: true, orderId: started.order.id, session: { status: 'OPEN', joined: 1 } }],
    });
  });

  it("the N-th payment succeeds the session in its transaction and releases every member's order for shipping", async () => {
    const { campaign: c, skus } = await campaign(h, op);
    const [leader, a, b] = await shoppers(h, 3);
    const s = await openSession(h, leader, c.id, skus[0].skuId);
    const ja = await join(h, a.token, s.shareToken, skus[1].skuId);
    expect(ja.userErrors).toEqual([]);
    expect(ja.order.lines).toEqual([{ unitPrice: { amount: '49.00' }, priceReason: 'GROUP_BUY' }]);
    expect(await pay(h, a.token, ja.order.id)).toBe('paid');

    const ship = `mutation($input: ShipOrderInput!) { shipOrder(input: $input) { order { status } userErrors { code field message } } }`;
    const refused = await h.gql(ship, { input: { orderId: s.leaderOrderId, carrier: 'SF Express', trackingNumber: 'SF1234567' } }, { token: op, key: null });
    expect(refused.data.shipOrder.userErrors).toEqual([expect.objectContaining({ code: 'FULFILMENT_ON_HOLD', field: ['orderId'] })]);
    expect((await h.sql('select status from customer_order where id = $1', [dbId(s.leaderOrderId)]))[0].status).toBe('paid');

    const jb = await join(h, b.token, s.shareToken, skus[0].skuId);
    expect(await pay(h, b.token, jb.order.id)).toBe('paid');
    expect(await sessionRow(s.sessionId)).toEqual({ status: 'succeeded', size: 3, reserved: 3, paid: 3 });
    const holds = await h.sql(
      `select bool_or(o.fulfilment_hold) as held from group_buy_member m join customer_order o on o.id = m.order_id where m.session_id = $1`,
      [dbId(s.sessionId)],
    );
    expect(holds[0].held).toBe(false);
    const shipped = await h.gql(ship, { input: { orderId: s.leaderOrderId, carrier: 'SF Express', trackingNumber: 'SF1234567' } }, { token: op, key: null });
    expect(shipped.data.shipOrder).toEqual({ order: { status: 'SHIPPED' }, userErrors: [] });
  });

  it('200 parallel joiners of a 3-person session: exactly 2 seats are taken before payment, and exactly 3 members pay', async () => {
    const { campaign: c, skus } = await campaign(h, op);
    const [leader] = await shoppers(h, 1);
    const s = await openSession(h, leader, c.id, skus[0].skuId);
    const joiners = await shoppers(h, 200);
    const results = await Promise.all(joiners.map((j) => join(h, j.token, s.shareToken, skus[0].skuId)));
    const ok = results.filter((r) => r.userErrors.length === 0);
    expect(ok).toHaveLength(2);
    const codes = new Set(results.filter((r) => r.userErrors.length).map((r) => r.userErrors[0].code));
    expect([...codes].every((code) => code === 'SESSION_FULL' || code === 'SESSION_NOT_JOINABLE')).toBe(true);
    expect(
      (await h.sql('select count(*)::int as n from customer_order o join order_line l on l.order_id = o.id where l.sku_id = $1', [dbId(skus[0].skuId)]))[0].n,
    ).toBe(3);
    const payers = results.map((r, i) => ({ r, j: joiners[i] })).filter(({ r }) => r.order);
    await Promise.all(payers.map(({ r, j }) => pay(h, j.token, r.order.id)));
    expect(await sessionRow(s.sessionId)).toEqual({ status: 'succeeded', size: 3, reserved: 3, paid: 3 });
    expect((await h.sql(`select count(*)::int as n from group_buy_member where session_id = $1 and status = 'paid'`, [dbId(s.sessionId)]))[0].n).toBe(3);
  });

  it('a repeated join with the same idempotency key returns the first order and holds one seat', async () => {
    const { campaign: c, skus } = await campaign(h, op);
    const [leader, a] = await shoppers(h, 2);
    const s = await openSession(h, leader, c.id, skus[0].skuId);
    const first = await join(h, a.token, s.shareToken, skus[0].skuId, { idempotencyKey: 'join-key-0001' });
    const again = await join(h, a.token, s.shareToken, skus[0].skuId, { idempotencyKey: 'join-key-0001' });
    expect(again.order.id).toBe(first.order.id);
    expect(await sessionRow(s.sessionId)).toMatchObject({ reserved: 2, paid: 1 });
    const other = await join(h, a.token, s.shareToken, skus[1].skuId, { idempotencyKey: 'join-key-0001' });
    expect(other.userErrors).toEqual([expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED' })]);
  });

  it('refuses every bad join, and writes nothing', async () => {
    const { campaign: c, skus } = await campaign(h, op, { input: { maxQuantity: 2 } });
    const other = await campaign(h, op);
    const [leader, a, b, c2] = await shoppers(h, 4);
    const s = await openSession(h, leader, c.id, skus[0].skuId);
    const counts = async () =>
      (
        await h.sql(
          'select (select count(*) from customer_order)::int as orders, (select count(*) from group_buy_member)::int as members, (select sum(reserved) from group_buy_session)::int as seats',
        )
      )[0];
    const before = await counts();
    const cases: [Promise<any>, string, string[] | null][] = [
      [join(h, leader.token, s.shareToken, skus[0].skuId), 'ALREADY_IN_SESSION', ['input', 'shareToken']],
      [start(h, leader.token, c.id, skus[0].skuId), 'ALREADY_IN_OPEN_SESSION', ['input', 'campaignId']],
      [join(h, a.token, 'no-such-token', skus[0].skuId), 'SESSION_NOT_FOUND', ['input', 'shareToken']],
      [join(h, a.token, s.shareToken, other.skus[0].skuId), 'SKU_NOT_IN_CAMPAIGN', ['input', 'skuId']],
      [join(h, a.token, s.shareToken, skus[0].skuId, { quantity: 3 }), 'INVALID_QUANTITY', ['input', 'quantity']],
      [start(h, a.token, other.campaign.id.replace(/.$/, 'x'), skus[0].skuId), 'CAMPAIGN_NOT_FOUND', ['input', 'campaignId']],
      [
        join(h, b.token, s.shareToken, skus[0].skuId, { shippingAddress: { ...ADDRESS, phone: '123' } }),
        'INVALID_ADDRESS',
        ['input', 'shippingAddress', 'phone'],
      ],
    ];
    for (const [call, code, field] of cases) expect((await call).userErrors).toEqual([expect.objectContaining({ code, field })]);
    expect(await counts()).toEqual(before);

    // A second open session of the same campaign while in one: refused too.
    const ja = await join(h, a.token, s.shareToken, skus[0].skuId);
    expect(ja.userErrors).toEqual([]);
    const s2 = await openSession(h, c2, c.id, skus[0].skuId);
    expect((await join(h, a.token, s2.shareToken, skus[0].skuId)).userErrors).toEqual([expect.objectContaining({ code: 'ALREADY_IN_OPEN_SESSION' })]);
    // Full (every seat held, even unpaid): refused before payment.
    const jb = await join(h, b.token, s.shareToken, skus[0].skuId);
    expect(jb.userErrors).toEqual([]);
    const [late] = await shoppers(h, 1);
    expect((await join(h, late.token, s.shareToken, skus[0].skuId)).userErrors).toEqual([expect.objectContaining({ code: 'SESSION_FULL' })]);
  });

  it('a cancelled unpaid join gives its seat back', async () => {
    const { campaign: c, skus } = await campaign(h, op, { size: 2 });
    const [leader, a, b] = await shoppers(h, 3);
    const s = await openSession(h, leader, c.id, skus[0].skuId);
    const ja = await join(h, a.token, s.shareToken, skus[0].skuId);
    expect((await join(h, b.token, s.shareToken, skus[0].skuId)).userErrors[0].code).toBe('SESSION_FULL');
    const cancel = await h.gql(
      'mutation($id: ID!) { cancelOrder(orderId: $id) { order { status } userErrors { code } } }',
      { id: ja.order.id },
      { token: a.token },
    );
    expect(cancel.data.cancelOrder.order.status).toBe('CANCELLED');
    expect(await sessionRow(s.sessionId)).toMatchObject({ status: 'open', reserved: 1, paid: 1 });
    const jb = await join(h, b.token, s.shareToken, skus[0].skuId);
    expect(jb.userErrors).toEqual([]);
    expect(await pay(h, b.token, jb.order.id)).toBe('paid');
    expect(await sessionRow(s.sessionId)).toMatchObject({ status: 'succeeded', paid: 2 });
    // The cancelled order's payment, arriving now, is given back with a clear status on the seat.
    const [seat] = await h.sql('select status from group_buy_member where order_id = $1', [dbId(ja.order.id)]);
    expect(seat.status).toBe('cancelled');
  });

  it('limits sessions per customer and new-customer campaigns in the database', async () => {
    const { campaign: c, skus } = await campaign(h, op, { size: 2, input: { perCustomerLimit: 1 } });
    const [leader, a] = await shoppers(h, 2);
    const s = await openSession(h, leader, c.id, skus[0].skuId);
    const ja = await join(h, a.token, s.shareToken, skus[0].skuId);
    expect(await pay(h, a.token, ja.order.id)).toBe('paid');
    expect(await sessionRow(s.sessionId)).toMatchObject({ status: 'succeeded' });
    const again = await start(h, a.token, c.id, skus[0].skuId);
    expect(again.userErrors).toEqual([expect.objectContaining({ code: 'LIMIT_REACHED' })]);
    // a has a paid order now: not a new customer.
    const fresh = await campaign(h, op, { input: { newCustomersOnly: true } });
    expect((await start(h, a.token, fresh.campaign.id, fresh.skus[0].skuId)).userErrors).toEqual([expect.objectContaining({ code: 'NEW_CUSTOMERS_ONLY' })]);
    const [newbie] = await shoppers(h, 1);
    expect((await start(h, newbie.token, fresh.campaign.id, fresh.skus[0].skuId)).userErrors).toEqual([]);
  });

  it("a new customer's parallel orders in new-customers-only campaigns: one is placed; cancelling it frees the customer again", async () => {
    const fresh = await Promise.all([1, 2, 3].map(() => campaign(h, op, { input: { newCustomersOnly: true } })));
    const [newbie] = await shoppers(h, 1);
    const results = await Promise.all(fresh.map((f) => start(h, newbie.token, f.campaign.id, f.skus[0].skuId)));
    const won = results.filter((r) => r.userErrors.length === 0);
    expect(won).toHaveLength(1);
    expect(results.filter((r) => r.userErrors.length).every((r) => r.userErrors[0].code === 'NEW_CUSTOMERS_ONLY')).toBe(true);
    expect((await h.sql('select count(*)::int as n from group_buy_member where customer_id = $1', [newbie.id]))[0].n).toBe(1);
    await h.gql('mutation($id: ID!) { cancelOrder(orderId: $id) { userErrors { code } } }', { id: won[0].order.id }, { token: newbie.token });
    expect((await h.sql('select count(*)::int as n from group_buy_new_customer_claim where customer_id = $1', [newbie.id]))[0].n).toBe(0);
    const other = fresh.find((f, i) => results[i].userErrors.length > 0)!;
    expect((await start(h, newbie.token, other.campaign.id, other.skus[0].skuId)).userErrors).toEqual([]);
  });

  it('a seat is a node, refetchable by its customer and operators only', async () => {
    const { campaign: c, skus } = await campaign(h, op);
    const [leader, other] = await shoppers(h, 2);
    await openSession(h, leader, c.id, skus[0].skuId);
    const mine = await h.gql('{ myGroupBuySessions(first: 1) { nodes { id isLeader } } }', {}, { token: leader.token });
    const seat = mine.data.myGroupBuySessions.nodes[0];
    const Q = 'query($id: ID!) { node(id: $id) { ... on GroupBuyMembership { id isLeader status } } }';
    expect((await h.gql(Q, { id: seat.id }, { token: leader.token })).data.node).toEqual({ id: seat.id, isLeader: true, status: 'PAID' });
    expect((await h.gql(Q, { id: seat.id }, { token: op })).data.node).toEqual({ id: seat.id, isLeader: true, status: 'PAID' });
    expect((await h.gql(Q, { id: seat.id }, { token: other.token })).data.node).toBeNull();
    expect((await h.gql(Q, { id: seat.id })).data.node).toBeNull();
  });

  it('shows a leader who never chose a name by a masked name, never part of their email', async () => {
    const { campaign: c, skus } = await campaign(h, op);
    const [leader] = await shoppers(h, 1);
    await h.sql(`update account set email = 'li.na.1990@example.com', display_name = 'li.na.1990' where id = $1`, [leader.id]);
    const s = await openSession(h, leader, c.id, skus[0].skuId);
    const seen = await h.gql('query($t: String!) { groupBuySession(shareToken: $t) { leader { displayName } } }', { t: s.shareToken });
    expect(seen.data.groupBuySession.leader).toEqual({ displayName: 'l**' });
  });

  it('parallel joins of one customer into two sessions of a campaign: one wins', async () => {
    const { campaign: c, skus } = await campaign(h, op, { input: { perCustomerLimit: 5 } });
    const [l1, l2, a] = await shoppers(h, 3);
    const s1 = await openSession(h, l1, c.id, skus[0].skuId);
    const s2 = await openSession(h, l2, c.id, skus[0].skuId);
    const results = await Promise.all([
      join(h, a.token, s1.shareToken, skus[0].skuId),
      join(h, a.token, s2.shareToken, skus[0].skuId),
      start(h, a.token, c.id, skus[0].skuId),
    ]);
    expect(results.filter((r) => r.userErrors.length === 0)).toHaveLength(1);
    expect((await h.sql('select count(*)::int as n from group_buy_member where customer_id = $1 and active', [a.id]))[0].n).toBe(1);
  });
});

describe('refunds and the open session', () => {
  const REFUND = 'mutation($input: RefundOrderInput!) { refundOrder(input: $input) { order { status } userErrors { code field } } }';
  const ASK = 'mutation($input: AfterSaleRequestInput!) { requestAfterSale(input: $input) { afterSaleRequest { id } userErrors { code field } } }';

  it("refuses a refund or an after-sale request on a paid member's order while the session is open, and allows it once the session has succeeded", async () => {
    const { campaign: c, skus } = await campaign(h, op, { size: 2 });
    const [leader, a] = await shoppers(h, 2);
    const s = await openSession(h, leader, c.id, skus[0].skuId);
    const before = await sessionRow(s.sessionId);
    const refused = await h.gql(REFUND, { input: { orderId: s.leaderOrderId, reason: 'Changed my mind' } }, { token: op, key: null });
    expect(refused.data.refundOrder).toEqual({ order: null, userErrors: [{ code: 'GROUP_BUY_SESSION_OPEN', field: ['input', 'orderId'] }] });
    const asked = await h.gql(ASK, { input: { orderId: s.leaderOrderId, reason: 'Changed my mind' } }, { token: leader.token });
    expect(asked.data.requestAfterSale).toEqual({ afterSaleRequest: null, userErrors: [{ code: 'GROUP_BUY_SESSION_OPEN', field: ['input', 'orderId'] }] });
    expect(await sessionRow(s.sessionId)).toEqual(before);
    expect((await h.sql('select count(*)::int as n from refund where order_id = $1', [dbId(s.leaderOrderId)]))[0].n).toBe(0);
    expect((await h.sql('select count(*)::int as n from after_sale_request where order_id = $1', [dbId(s.leaderOrderId)]))[0].n).toBe(0);

    const ja = await join(h, a.token, s.shareToken, skus[0].skuId);
    expect(await pay(h, a.token, ja.order.id)).toBe('paid');
    expect((await sessionRow(s.sessionId)).status).toBe('succeeded');
    const refunded = await h.gql(REFUND, { input: { orderId: s.leaderOrderId, reason: 'Changed my mind' } }, { token: op, key: null });
    expect(refunded.data.refundOrder.userErrors).toEqual([]);
  });

  it('a payment arriving while the order is being cancelled reads the member after the cancellation: the seat goes back once', async () => {
    const { campaign: c, skus } = await campaign(h, op, { size: 3 });
    const [leader, a] = await shoppers(h, 2);
    const s = await openSession(h, leader, c.id, skus[0].skuId);
    const ja = await join(h, a.token, s.shareToken, skus[0].skuId);
    expect(await sessionRow(s.sessionId)).toMatchObject({ reserved: 2, paid: 1 });
    // Assigned inside the transaction's callback, which narrowing cannot see.
    let payment = null as Promise<string | null> | null;
    // The cancellation holds the order; the payment's check starts meanwhile and must wait for it.
    await fork().transactional(async (tx) => {
      await tx.getConnection().execute('select id from customer_order where id = ? for update', [dbId(ja.order.id)], 'all', tx.getTransactionContext());
      await groupBuyCancelled(tx, dbId(ja.order.id));
      payment = fork().transactional((tx2) => refuseGroupBuyPayment(tx2, dbId(ja.order.id)));
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    expect(await payment).toEqual(expect.any(String));
    expect(await sessionRow(s.sessionId)).toMatchObject({ status: 'open', reserved: 1, paid: 1 });
    expect((await h.sql('select joined from group_buy_usage where campaign_id = $1 and customer_id = $2', [dbId(c.id), a.id]))[0].joined).toBe(0);
  });

  it('a payment holding its order when the deadline sweep runs: the sweep waits for the order, never the other way round (no deadlock)', async () => {
    const { campaign: c, skus } = await campaign(h, op, { size: 3 });
    const [leader, a] = await shoppers(h, 2);
    const s = await openSession(h, leader, c.id, skus[0].skuId);
    const ja = await join(h, a.token, s.shareToken, skus[0].skuId);
    await expire(s.sessionId);
    // Assigned inside the transaction's callback, which narrowing cannot see.
    let sweep = null as Promise<number> | null;
    // A payment's transaction: it locks the order first, the sweep starts meanwhile, then the payment takes the session.
    const refused = await fork().transactional(async (tx) => {
      await tx.getConnection().execute('select id from customer_order where id = ? for update', [dbId(ja.order.id)], 'all', tx.getTransactionContext());
      sweep = expireSessions(fork(), [dbId(s.sessionId)]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      return refuseGroupBuyPayment(tx, dbId(ja.order.id));
    });
    expect(refused).toMatch(/deadline passed/);
    expect(await sweep).toBe(1);
    expect((await sessionRow(s.sessionId)).status).toBe('failed');
    const members = await h.sql('select status from group_buy_member where session_id = $1 order by joined_at', [dbId(s.sessionId)]);
    expect(members.map((m) => m.status)).toEqual(['refund_due', 'late_payment_refunded']);
  });
});

describe('the deadline', () => {
  it('an unfilled session fails; every paid member is refunded once through the provider; a payment after that is refunded automatically', async () => {
    const { campaign: c, skus } = await campaign(h, op);
    const [leader, a, b] = await shoppers(h, 3);
    const s = await openSession(h, leader, c.id, skus[0].skuId);
    const ja = await join(h, a.token, s.shareToken, skus[0].skuId);
    expect(await pay(h, a.token, ja.order.id)).toBe('paid');
    const jb = await join(h, b.token, s.shareToken, skus[0].skuId);
    // b starts paying before the deadline and finishes after it.
    const racing = (await payOrder(h, b.token, jb.order.id)).payment!;
    const stock = (await h.sql('select stock from sku where id = $1', [dbId(skus[0].skuId)]))[0].stock;
    await expire(s.sessionId);
    await sweepGroupBuys(fork, providers());
    expect(await sessionRow(s.sessionId)).toMatchObject({ status: 'failed', paid: 2 });
    const members = await h.sql(
      `select m.status, m.refund_id, o.status as order_status, o.refunded_total, o.total from group_buy_member m join customer_order o on o.id = m.order_id where m.session_id = $1 order by m.joined_at`,
      [dbId(s.sessionId)],
    );
    expect(members.map((m) => [m.status, m.order_status])).toEqual([
      ['refunded', 'cancelled'],
      ['refunded', 'cancelled'],
      ['cancelled', 'pending_payment'],
    ]);
    expect(members.slice(0, 2).every((m) => m.refund_id && m.refunded_total === m.total)).toBe(true);
    expect((await h.sql('select stock from sku where id = $1', [dbId(skus[0].skuId)]))[0].stock).toBe(stock + 2);

    // b's unpaid order can no longer be paid…
    expect((await payOrder(h, b.token, jb.order.id)).userErrors).toEqual([expect.objectContaining({ code: 'ORDER_NOT_PAYABLE' })]);
    // …and the payment already under way, arriving now, is refused by the session: the order cancelled, the money given back.
    expect((await completeSandbox(h, racing.redirectUrl)).body.outcome).toBe('refunded');
    const [seat] = await h.sql(
      'select m.status, o.status as order_status from group_buy_member m join customer_order o on o.id = m.order_id where m.order_id = $1',
      [dbId(jb.order.id)],
    );
    expect(seat).toEqual({ status: 'late_payment_refunded', order_status: 'cancelled' });
    const mine = await h.gql('{ myGroupBuySessions(first: 1) { nodes { status session { status } } } }', {}, { token: b.token });
    expect(mine.data.myGroupBuySessions.nodes).toEqual([{ status: 'LATE_PAYMENT_REFUNDED', session: { status: 'FAILED' } }]);
    const [late] = await shoppers(h, 1);
    expect((await join(h, late.token, s.shareToken, skus[0].skuId)).userErrors).toEqual([
      expect.objectContaining({ code: 'SESSION_NOT_JOINABLE', message: expect.stringMatching(/FAILED/) }),
    ]);
    // Running everything again refunds nothing more.
    await sweepGroupBuys(fork, providers());
    expect(
      (
        await h.sql('select count(*)::int as n from refund r join group_buy_member m on m.order_id = r.order_id where m.session_id = $1', [dbId(s.sessionId)])
      )[0].n,
    ).toBe(3);
  });

  it('many sessions fail at once; two workers with duplicate jobs refund each paid member exactly once', async () => {
    const { campaign: c, skus } = await campaign(h, op, { size: 3 });
    const people = await shoppers(h, 16);
    const sessions = [];
    for (let i = 0; i < 8; i++) {
      const s = await openSession(h, people[2 * i], c.id, skus[0].skuId);
      const j = await join(h, people[2 * i + 1].token, s.shareToken, skus[0].skuId);
      expect(await pay(h, people[2 * i + 1].token, j.order.id)).toBe('paid');
      sessions.push(s);
    }
    await h.sql(`update group_buy_session set expires_at = now() - interval '1 second' where campaign_id = $1`, [dbId(c.id)]);
    const calls: string[] = [];
    const counting = () => {
      const sandbox = new SandboxProvider(secret);
      const refund = sandbox.refund.bind(sandbox);
      sandbox.refund = async (input) => {
        calls.push(input.idempotencyKey);
        return refund(input);
      };
      return new PaymentProviders(sandbox);
    };
    await Promise.all([
      expireSessions(fork()),
      expireSessions(
        fork(),
        sessions.map((s) => dbId(s.sessionId)),
      ),
      sweepGroupBuys(fork, counting()),
      sweepGroupBuys(fork, counting()),
    ]);
    await Promise.all([refundFailedMembers(fork, counting()), refundFailedMembers(fork, counting())]);
    const rows = await h.sql(
      `select m.status, (select count(*)::int from refund r where r.order_id = m.order_id) as refunds from group_buy_member m where m.campaign_id = $1`,
      [dbId(c.id)],
    );
    expect(rows).toHaveLength(16);
    expect(rows.every((r) => r.status === 'refunded' && r.refunds === 1)).toBe(true);
    expect(new Set(calls).size).toBe(16);
    expect(calls).toHaveLength(16);
    const results = await h.gql(
      `query($id: ID!) { groupBuyCampaign(id: $id) { results { sessions open succeeded failed paidMembers refundedMembers refundDueMembers } sessions(first: 3) { totalCount nodes { status joined } } } }`,
      { id: c.id },
      { token: op, key: null },
    );
    expect(results.data.groupBuyCampaign.results).toEqual({
      sessions: 8,
      open: 0,
      succeeded: 0,
      failed: 8,
      paidMembers: 16,
      refundedMembers: 16,
      refundDueMembers: 0,
    });
    expect(results.data.groupBuyCampaign.sessions.totalCount).toBe(8);
  });

  it('the deadline timer on the job queue: two workers and a duplicate job fail the session and refund its members once', async () => {
    const { campaign: c, skus } = await campaign(h, op, { size: 3 });
    const [leader, a] = await shoppers(h, 2);
    const s = await openSession(h, leader, c.id, skus[0].skuId);
    const ja = await join(h, a.token, s.shareToken, skus[0].skuId);
    expect(await pay(h, a.token, ja.order.id)).toBe('paid');
    const url = h.orm.config.get('clientUrl')!;
    const logger = pino({ level: 'silent' });
    const workers = await Promise.all([JobQueue.start(url, logger), JobQueue.start(url, logger)]);
    try {
      for (const w of workers) await registerGroupBuyJobs(w, fork, providers(), logger);
      await expire(s.sessionId);
      await workers[0].send(SESSION_DEADLINE, { sessionId: dbId(s.sessionId) });
      await workers[1].send(SESSION_DEADLINE, { sessionId: dbId(s.sessionId) });
      const deadline = Date.now() + 20_000;
      let refunded = 0;
      while (Date.now() < deadline && refunded < 2) {
        refunded = (await h.sql(`select count(*)::int as n from group_buy_member where session_id = $1 and status = 'refunded'`, [dbId(s.sessionId)]))[0].n;
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(refunded).toBe(2);
      await new Promise((r) => setTimeout(r, 3000)); // let the duplicate run too
      expect(
        (
          await h.sql('select count(*)::int as n from refund r join group_buy_member m on m.order_id = r.order_id where m.session_id = $1', [dbId(s.sessionId)])
        )[0].n,
      ).toBe(2);
      expect(await sessionRow(s.sessionId)).toMatchObject({ status: 'failed' });
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
  });

  it('a crash after the provider refunded but before the commit: the retry asks with the same key, and the member is refunded once', async () => {
    const { campaign: c, skus } = await campaign(h, op, { size: 2 });
    const [leader] = await shoppers(h, 1);
    const s = await openSession(h, leader, c.id, skus[0].skuId);
    await expire(s.sessionId);
    await expireSessions(fork());
    const keys: string[] = [];
    const crashing = new SandboxProvider(secret);
    const refund = crashing.refund.bind(crashing);
    crashing.refund = async (input) => {
      keys.push(input.idempotencyKey);
      await refund(input);
      throw new ProviderError('connection reset after the refund was made');
    };
    expect(await refundFailedMembers(fork, new PaymentProviders(crashing))).toBe(0);
    expect((await h.sql('select status from group_buy_member where order_id = $1', [dbId(s.leaderOrderId)]))[0].status).toBe('refund_due');
    const healthy = new SandboxProvider(secret);
    const ok = healthy.refund.bind(healthy);
    healthy.refund = async (input) => {
      keys.push(input.idempotencyKey);
      return ok(input);
    };
    expect(await refundFailedMembers(fork, new PaymentProviders(healthy))).toBe(1);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
    expect((await h.sql('select count(*)::int as n from refund where order_id = $1', [dbId(s.leaderOrderId)]))[0].n).toBe(1);
  });

  it('auto-fills at the deadline when the set share of seats is paid', async () => {
    const { campaign: c, skus } = await campaign(h, op, { size: 3, input: { autoFillPercent: 60 } });
    const [leader, a, b] = await shoppers(h, 3);
    const s = await openSession(h, leader, c.id, skus[0].skuId);
    const ja = await join(h, a.token, s.shareToken, skus[0].skuId);
    expect(await pay(h, a.token, ja.order.id)).toBe('paid');
    const jb = await join(h, b.token, s.shareToken, skus[0].skuId);
    const racing = (await payOrder(h, b.token, jb.order.id)).payment!;
    await expire(s.sessionId);
    expect(await expireSessions(fork())).toBeGreaterThanOrEqual(1);
    expect(await sessionRow(s.sessionId)).toMatchObject({ status: 'succeeded', paid: 2 });
    expect(
      (await h.sql('select bool_or(fulfilment_hold) as held from customer_order where id = any($1::uuid[])', [[dbId(s.leaderOrderId), dbId(ja.order.id)]]))[0]
        .held,
    ).toBe(false);
    expect((await completeSandbox(h, racing.redirectUrl)).body.outcome).toBe('refunded');
    expect((await h.sql('select status from group_buy_member where order_id = $1', [dbId(jb.order.id)]))[0].status).toBe('late_payment_refunded');
  });

  it('a leader whose order is cancelled unpaid leaves a cancelled session', async () => {
    const { campaign: c, skus } = await campaign(h, op);
    const [leader] = await shoppers(h, 1);
    const started = await start(h, leader.token, c.id, skus[0].skuId);
    await h.sql(`update customer_order set payment_due_at = now() - interval '1 second' where id = $1`, [dbId(started.order.id)]);
    await new OrderService(fork(), new CatalogService(fork())).cancelOverdue();
    expect(await sessionRow(started.session.id)).toMatchObject({ status: 'cancelled', reserved: 0, paid: 0 });
    // The customer can open another one: the seat and the limit went back.
    expect((await start(h, leader.token, c.id, skus[0].skuId)).userErrors).toEqual([]);
  });
});

describe('storefront reads (no N+1)', () => {
  function statementsFor(query: string, variables?: Record<string, unknown>): Promise<number> {
    return requestStatements(async () => {
      const res = await h.gql(query, variables);
      expect(res.errors).toBeUndefined();
    });
  }

  it("lists a product's joinable sessions in one statement, a session by token in one, running campaigns with their SKUs in two", async () => {
    const { campaign: c, skus, productId } = await campaign(h, op);
    const people = await shoppers(h, 4);
    let token = '';
    for (const p of people) token = (await openSession(h, p, c.id, skus[0].skuId)).shareToken;
    await campaign(h, op);
    const listing = `query($p: ID!) { joinableGroupBuySessions(productId: $p, first: 20) { nodes { ${SESSION_FIELDS} } } }`;
    expect(await statementsFor(listing, { p: productId })).toBe(1);
    expect(await statementsFor(`query($t: String!) { groupBuySession(shareToken: $t) { ${SESSION_FIELDS} } }`, { t: token })).toBe(1);
    expect(await statementsFor('{ runningGroupBuyCampaigns(first: 20) { nodes { id name skus { skuId groupPrice { amount } } } } }')).toBe(2);
  });
});

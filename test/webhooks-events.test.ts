import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { sweepGroupBuys } from '../src/modules/groupbuy/jobs';
import { PaymentProviders } from '../src/modules/payments/providers';
import { loadConfig } from '../src/config';
import { deliverWebhooks, type WebhookSettings } from '../src/modules/webhooks/delivery';
import { drain, person } from './earnings';
import { campaign, join, openSession, pay, shoppers } from './groupbuy';
import { DEMO, startHarness, type Harness } from './harness';
import { live, MOVE, ok } from './live';
import { bought, write } from './reviews';
import { products } from './shop';

/** The events of modules other than orders, as a storefront app's receiver gets them. */

const SETTINGS: WebhookSettings = { httpsOnly: false, allowPrivate: true, timeoutMs: 3000, retryDelaysMs: [200], disableAfterFailingMs: 5 * 86_400_000 };

let h: Harness;
let operator: string;
let server: Server;
let secret = '';
const received: { headers: IncomingHttpHeaders; body: string }[] = [];
const asOperator = (query: string, variables?: Record<string, unknown>) => h.gql(query, variables, { token: operator, key: null });

/** What the receiver got since the last call, verified with standardwebhooks' own Webhook.verify. */
async function events(): Promise<any[]> {
  await drain(h);
  await deliverWebhooks(() => h.orm.em.fork(), SETTINGS);
  const got = received.splice(0).map((r) => new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as any);
  return got.sort((a, b) => a.sequence - b.sequence);
}

beforeAll(async () => {
  h = await startHarness({ env: { WEBHOOKS_ALLOW_PRIVATE_URLS: 'true' } });
  operator = await h.operatorToken();
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const created = await h.gql(
    'mutation($input: WebhookEndpointCreateInput!) { createWebhookEndpoint(input: $input) { secret userErrors { code message } } }',
    {
      input: {
        url: `http://127.0.0.1:${port}/events`,
        eventTypes: [
          'GROUP_BUY_SESSION_SUCCEEDED',
          'GROUP_BUY_SESSION_FAILED',
          'MEMBERSHIP_OPENED',
          'MEMBERSHIP_ENDED',
          'WITHDRAWAL_REQUESTED',
          'WITHDRAWAL_APPROVED',
          'WITHDRAWAL_PAID',
          'WITHDRAWAL_REJECTED',
          'LIVE_SESSION_STARTED',
          'LIVE_SESSION_ENDED',
          'ORDER_SHIPPED',
          'ORDER_RECEIVED',
          'AFTER_SALE_REQUESTED',
          'AFTER_SALE_DECIDED',
          'REVIEW_CREATED',
        ],
      },
    },
    { key: DEMO.storefrontSecretKey },
  );
  expect(created.data.createWebhookEndpoint.userErrors).toEqual([]);
  secret = created.data.createWebhookEndpoint.secret;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await h.close();
});

it('tells of a group-buy session that succeeds, with the app’s own members’ orders', async () => {
  const { campaign: c, skus } = await campaign(h, operator, { size: 2 });
  const [leader, friend] = await shoppers(h, 2, 'Hook');
  const session = await openSession(h, leader, c.id, skus[0].skuId);
  const joined = await join(h, friend.token, session.shareToken, skus[0].skuId);
  expect(await pay(h, friend.token, joined.order.id)).toBe('paid');
  const got = (await events()).filter((e) => e.type.startsWith('group_buy.'));
  expect(got).toHaveLength(1);
  expect(got[0]).toMatchObject({
    type: 'group_buy.session_succeeded',
    resource: { type: 'group_buy_session', id: session.sessionId },
    data: { session: { id: session.sessionId, campaignId: c.id, status: 'SUCCEEDED', size: 2, paidMembers: 2 } },
  });
  expect(got[0].data.orders).toEqual([
    { orderId: session.leaderOrderId, isLeader: true },
    { orderId: joined.order.id, isLeader: false },
  ]);
});

it('tells of a group-buy session that fails at its deadline', async () => {
  const { campaign: c, skus } = await campaign(h, operator, { size: 3 });
  const [leader] = await shoppers(h, 1, 'Alone');
  const session = await openSession(h, leader, c.id, skus[0].skuId);
  await events();
  await h.sql(`update group_buy_session set expires_at = now() - interval '1 second' where share_token = $1`, [session.shareToken]);
  await sweepGroupBuys(() => h.orm.em.fork(), PaymentProviders.fromConfig(loadConfig({ NODE_ENV: 'test' })));
  const got = (await events()).filter((e) => e.type.startsWith('group_buy.'));
  expect(got).toEqual([
    expect.objectContaining({
      type: 'group_buy.session_failed',
      data: { session: expect.objectContaining({ id: session.sessionId, status: 'FAILED' }), orders: [{ orderId: session.leaderOrderId, isLeader: true }] },
    }),
  ]);
});

it('tells of memberships opened and ended, to the app the member registered through', async () => {
  const customer = await person(h, 'Joiner', { member: false });
  await events();
  const granted = await asOperator('mutation($input: GrantMembershipInput!) { grantMembership(input: $input) { userErrors { code message } } }', {
    input: { accountId: customer.globalId },
  });
  expect(granted.data.grantMembership.userErrors).toEqual([]);
  const revoked = await asOperator('mutation($input: RevokeMembershipInput!) { revokeMembership(input: $input) { userErrors { code message } } }', {
    input: { accountId: customer.globalId, reason: 'Test over' },
  });
  expect(revoked.data.revokeMembership.userErrors).toEqual([]);
  const got = await events();
  expect(got.map((e) => e.type)).toEqual(['membership.opened', 'membership.ended']);
  expect(got[0].data.membership).toMatchObject({ memberId: customer.globalId, source: 'GRANT', endedAt: null });
  expect(got[1].data.membership).toMatchObject({ memberId: customer.globalId, endReason: expect.stringMatching(/Test over/) });
  expect(got[1].resource).toEqual({ type: 'membership', id: got[0].resource.id, version: 2 });
  expect(got[0].resource.version).toBe(1);
});

it('tells of a withdrawal’s steps', async () => {
  const member = await person(h, 'Withdrawer');
  const adjusted = await asOperator('mutation($input: AdjustEarningsInput!) { adjustEarnings(input: $input) { userErrors { code message } } }', {
    input: { accountId: member.globalId, amount: '100.00', debit: false, reason: 'Opening balance' },
  });
  expect(adjusted.data.adjustEarnings.userErrors).toEqual([]);
  await events();
  const requested = await h.gql(
    'mutation($input: RequestWithdrawalInput!) { requestWithdrawal(input: $input) { withdrawal { id } userErrors { code message } } }',
    { input: { amount: '50.00' } },
    { token: member.token },
  );
  const id = requested.data.requestWithdrawal.withdrawal.id;
  for (const step of ['approveWithdrawal', 'markWithdrawalPaid']) {
    const res = await asOperator(`mutation($input: WithdrawalInput!) { ${step}(input: $input) { userErrors { code message } } }`, {
      input: { withdrawalId: id },
    });
    expect(res.data[step].userErrors).toEqual([]);
  }
  const got = await events();
  expect(got.map((e) => [e.type, e.data.withdrawal.status])).toEqual([
    ['withdrawal.requested', 'REQUESTED'],
    ['withdrawal.approved', 'APPROVED'],
    ['withdrawal.paid', 'PAID'],
  ]);
  expect(got[0].data.withdrawal).toMatchObject({ id, memberId: member.globalId, amount: { amount: '50.00', currencyCode: 'CNY' } });
  expect(new Set(got.map((e) => e.resource.id))).toEqual(new Set([id]));
  expect(got[1].resource.version).toBeGreaterThan(got[0].resource.version);
  expect(got[2].resource.version).toBeGreaterThan(got[1].resource.version);
});

it('tells of a live session going live and ending', async () => {
  const host = await person(h, 'Host');
  await events();
  const session = await live(h, host.token);
  await ok(h, MOVE('end'), { id: session.id }, host.token);
  const got = await events();
  expect(got.map((e) => [e.type, e.data.liveSession.status])).toEqual([
    ['live_session.started', 'LIVE'],
    ['live_session.ended', 'ENDED'],
  ]);
  expect(got[0].data.liveSession).toMatchObject({ id: session.id, hostId: host.globalId, title: session.title });
});

it('tells of shipping, receipt, an after-sale request and its decision, and a review, in the order they happened', async () => {
  const buyer = await person(h, 'Reviewer', { member: false });
  const [sku] = await products(h, operator, ['20.00'], 10);
  await events();
  const { orderId, lineIds } = await bought(h, operator, buyer, [{ skuId: sku.skuId, quantity: 1 }]);
  // As the outbox's dispatcher does within a second: order events reach webhooks through it.
  await drain(h);
  const asked = await h.gql(
    'mutation($input: AfterSaleRequestInput!) { requestAfterSale(input: $input) { afterSaleRequest { id } userErrors { code message } } }',
    { input: { orderId, reason: 'Box dented' } },
    { token: buyer.token },
  );
  expect(asked.data.requestAfterSale.userErrors).toEqual([]);
  const requestId = asked.data.requestAfterSale.afterSaleRequest.id;
  const rejected = await asOperator('mutation($input: RejectAfterSaleInput!) { rejectAfterSale(input: $input) { userErrors { code message } } }', {
    input: { requestId, reason: 'The tea is fine' },
  });
  expect(rejected.data.rejectAfterSale.userErrors).toEqual([]);
  const review = await write(h, buyer, { orderLineId: lineIds[0], rating: 5, text: 'Lovely tea', anonymous: false });
  expect(review.data.writeReview.userErrors).toEqual([]);
  const got = await events();
  expect(got.map((e) => e.type)).toEqual(['order.shipped', 'order.received', 'after_sale.requested', 'after_sale.decided', 'review.created']);
  expect(got[0].data).toMatchObject({ order: { id: orderId, status: expect.any(String) }, carrier: '顺丰', trackingNumber: 'SF20261206' });
  expect(got[1].data.receivedBy).toBe('buyer');
  expect(got[2].data.afterSaleRequest).toMatchObject({ id: requestId, orderId, status: 'OPEN', reason: 'Box dented', lines: null });
  expect(got[3].data.afterSaleRequest).toMatchObject({ id: requestId, status: 'REJECTED', decisionReason: 'The tea is fine', refundId: null });
  expect(got[3].resource).toEqual({ type: 'after_sale_request', id: requestId, version: 2 });
  expect(got[4].data.review).toMatchObject({
    id: review.data.writeReview.review.id,
    orderId,
    orderLineId: lineIds[0],
    rating: 5,
    text: 'Lovely tea',
    authorId: buyer.globalId,
  });
});

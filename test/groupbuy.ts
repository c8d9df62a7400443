import { loadConfig } from '../src/config';
import { uuidv7 } from '../src/lib/ids';
import { AccessTokens } from '../src/modules/accounts/tokens';
import { Role } from '../src/lib/roles';
import type { Harness } from './harness';
import { ADDRESS, completeSandbox, payOrder, products } from './shop';

/** Group-buy steps over HTTP, shared by the group-buy tests. */

export const CAMPAIGN_FIELDS =
  'id name size sessionSeconds status running perCustomerLimit maxQuantity newCustomersOnly autoFillPercent leaderDiscount { amount } skus { skuId groupPrice { amount } leaderPrice { amount } }';
export const SESSION_FIELDS = 'id shareToken status size joined remaining seatsFree secondsLeft expiresAt leader { displayName avatarUrl }';

export const CREATE = `mutation($input: GroupBuyCampaignCreateInput!) { createGroupBuyCampaign(input: $input) { campaign { ${CAMPAIGN_FIELDS} } userErrors { code field message } } }`;
export const START = `mutation($input: StartGroupBuyInput!) { startGroupBuy(input: $input) { order { id number status cost { total { amount } } lines { unitPrice { amount } priceReason } } session { ${SESSION_FIELDS} } userErrors { code field message } } }`;
export const JOIN = `mutation($input: JoinGroupBuyInput!) { joinGroupBuy(input: $input) { order { id number status cost { total { amount } } lines { unitPrice { amount } priceReason } } session { ${SESSION_FIELDS} } userErrors { code field message } } }`;

export interface Shopper {
  id: string;
  token: string;
}

/** Customers made straight in the database, each with a session and a signed token: hundreds of sign-ups over HTTP would cost minutes of password hashing. */
export async function shoppers(h: Harness, n: number, name = 'Shopper'): Promise<Shopper[]> {
  const config = loadConfig({ NODE_ENV: 'test' });
  const tokens = new AccessTokens(config.jwtSecret, config.accessTokenTtlSeconds, () => h.orm.em.fork());
  const ids = Array.from({ length: n }, () => uuidv7());
  const sessions = ids.map(() => uuidv7());
  const stem = Math.random().toString(36).slice(2, 10);
  await h.sql(
    `insert into account (id, email, password_hash, display_name, role, created_at, updated_at)
     select id, 'gb-' || $2 || '-' || ord || '@example.com', 'x', $3 || ' ' || ord, 'customer', now(), now() from unnest($1::uuid[]) with ordinality as t(id, ord)`,
    [ids, stem, name],
  );
  await h.sql('insert into account_session (id, account_id, created_at) select s, a, now() from unnest($1::uuid[], $2::uuid[]) as t(s, a)', [sessions, ids]);
  return Promise.all(ids.map(async (id, i) => ({ id, token: (await tokens.sign({ accountId: id, role: Role.CUSTOMER, sessionId: sessions[i] })).token })));
}

/** A product with SKUs at these retail prices (stock each) and an ACTIVE campaign over them, started a minute ago. */
export async function campaign(
  h: Harness,
  op: string,
  options: { size?: number; groupPrices?: string[]; retail?: string[]; stock?: number; input?: Record<string, unknown> } = {},
) {
  const retail = options.retail ?? ['99.00', '89.00'];
  const skus = await products(h, op, retail, options.stock ?? 1000);
  const [row] = await h.sql('select product_id from sku where code = $1', [skus[0].code]);
  const productId = Buffer.from(`Product:${row.product_id}`).toString('base64url');
  const groupPrices = options.groupPrices ?? ['59.00', '49.00'];
  const res = await h.gql(
    CREATE,
    {
      input: {
        productId,
        name: 'Tea for three',
        size: options.size ?? 3,
        sessionSeconds: 3600,
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date(Date.now() + 86_400_000).toISOString(),
        skus: skus.slice(0, groupPrices.length).map((s, i) => ({ skuId: s.skuId, groupPrice: groupPrices[i] })),
        leaderDiscount: '5.00',
        ...options.input,
      },
    },
    { token: op, key: null },
  );
  if (res.data?.createGroupBuyCampaign?.userErrors?.length !== 0) throw new Error(`createGroupBuyCampaign: ${JSON.stringify(res.body)}`);
  return { campaign: res.data.createGroupBuyCampaign.campaign, skus, productId, productDbId: row.product_id as string };
}

export async function start(h: Harness, token: string, campaignId: string, skuId: string, extra: Record<string, unknown> = {}) {
  const res = await h.gql(START, { input: { campaignId, skuId, shippingAddress: ADDRESS, ...extra } }, { token });
  if (!res.data) throw new Error(`startGroupBuy: ${JSON.stringify(res.body)}`);
  return res.data.startGroupBuy;
}

export async function join(h: Harness, token: string, shareToken: string, skuId: string, extra: Record<string, unknown> = {}) {
  const res = await h.gql(JOIN, { input: { shareToken, skuId, shippingAddress: ADDRESS, ...extra } }, { token });
  if (!res.data) throw new Error(`joinGroupBuy: ${JSON.stringify(res.body)}`);
  return res.data.joinGroupBuy;
}

/** Pays an order through the sandbox; returns the callback's outcome ("paid", or "refunded" for a payment the order could not take). */
export async function pay(h: Harness, token: string, orderId: string): Promise<string> {
  const { payment, userErrors } = await payOrder(h, token, orderId);
  if (!payment) throw new Error(`payOrder: ${JSON.stringify(userErrors)}`);
  const done = await completeSandbox(h, payment.redirectUrl);
  return done.body.outcome;
}

/** Opens a session: the leader starts and pays. */
export async function openSession(h: Harness, leader: Shopper, campaignId: string, skuId: string) {
  const started = await start(h, leader.token, campaignId, skuId);
  if (started.userErrors.length) throw new Error(`start: ${JSON.stringify(started.userErrors)}`);
  expect(await pay(h, leader.token, started.order.id)).toBe('paid');
  return { shareToken: started.session.shareToken as string, leaderOrderId: started.order.id as string, sessionId: started.session.id as string };
}

export const dbId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];

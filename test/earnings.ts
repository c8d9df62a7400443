import { dispatchOrderEvents } from '../src/modules/orders/events';
import { sweepOrders } from '../src/modules/orders/jobs';
import { settleDue } from '../src/modules/earnings/settlement';
import type { Harness } from './harness';
import { ADDRESS, completeSandbox, payOrder } from './shop';
import { idFromGlobal } from './social';

/** People, orders and the ledger checks shared by the earnings tests, over HTTP where a person would act. */

export interface Person {
  id: string;
  globalId: string;
  email: string;
  name: string;
  token: string;
  code: string;
}

const PASSWORD = 'earnings-pass-2026';
let serial = 0;

const REGISTER = 'mutation($input: RegisterInput!) { register(input: $input) { account { id } userErrors { code field message } } }';

/** A new account, bound at registration to the inviter whose code is given; a member unless told otherwise. */
export async function person(h: Harness, name: string, options: { inviter?: Person; member?: boolean } = {}): Promise<Person> {
  const email = `${name.toLowerCase()}-${++serial}-${Math.random().toString(36).slice(2, 7)}@earnings.example`;
  const displayName = `${name} ${serial}`;
  const res = await h.gql(REGISTER, { input: { email, password: PASSWORD, displayName, inviteCode: options.inviter?.code } });
  if (res.data?.register?.userErrors?.length !== 0) throw new Error(`register: ${JSON.stringify(res.body)}`);
  const globalId = res.data.register.account.id;
  const id = idFromGlobal(globalId);
  if (options.member !== false) await h.sql(`update account set role = 'member' where id = $1`, [id]);
  const login = await h.gql(
    'mutation($input: LoginInput!) { login(input: $input) { tokens { accessToken } } }',
    { input: { login: email, password: PASSWORD } },
    { key: null },
  );
  const token = login.data.login.tokens.accessToken;
  let code = '';
  if (options.member !== false) {
    const invite = await h.gql('{ myInviteCode { code } }', {}, { token });
    code = invite.data.myInviteCode.code;
  }
  return { id, globalId, email, name: displayName, token, code };
}

/** Every order event out, as the dispatcher would deliver them. */
export async function drain(h: Harness): Promise<void> {
  while ((await dispatchOrderEvents(h.orm.em.fork())) > 0);
}

export const SETTINGS = `mutation($input: CommissionSettingsInput!) {
  updateCommissionSettings(input: $input) { settings { versionId levels level1Rate level2Rate level3Rate selfPurchase frozenDays withdrawalFeeRate withdrawalMinimum { amount } membershipBonusLevel1 { amount } membershipBonusLevel2 { amount } } userErrors { code field message } }
}`;

export async function setRules(h: Harness, op: string, input: Record<string, unknown>) {
  const res = await h.gql(SETTINGS, { input }, { token: op, key: null });
  if (res.data?.updateCommissionSettings?.userErrors?.length !== 0) throw new Error(`updateCommissionSettings: ${JSON.stringify(res.body)}`);
  return res.data.updateCommissionSettings.settings;
}

/** A new published product with one SKU per price (stock 1000), optionally with a price-control band; returns global ids. */
export async function product(h: Harness, op: string, prices: string[], band?: { floor: string | null; ceiling: string | null }) {
  const cat = (await h.gql('{ category(slug: "tea") { id } }')).data.category.id;
  const stem = `ERN-${Math.random().toString(36).slice(2, 10)}`;
  const res = await h.gql(
    'mutation($input: ProductCreateInput!) { createProduct(input: $input) { product { id skus { id code } } userErrors { code message } } }',
    {
      input: {
        name: `Earnings ${stem}`,
        categoryId: cat,
        priceControl: band ?? null,
        skus: prices.map((price, i) => ({ code: `${stem}-${i}`, specs: [{ name: '规格', value: `v${i}` }], price, stock: 1000 })),
      },
    },
    { token: op, key: null },
  );
  if (res.data?.createProduct?.userErrors?.length !== 0) throw new Error(`createProduct: ${JSON.stringify(res.body)}`);
  const p = res.data.createProduct.product;
  await h.gql('mutation($id: ID!) { publishProduct(id: $id) { userErrors { code } } }', { id: p.id }, { token: op, key: null });
  const byCode = new Map<string, string>(p.skus.map((s: { id: string; code: string }) => [s.code, s.id]));
  return { productId: p.id as string, skuIds: prices.map((_, i) => byCode.get(`${stem}-${i}`)!) };
}

const CHECKOUT =
  'mutation($input: CheckoutInput!) { checkout(input: $input) { order { id number lines { id total { amount } } } userErrors { code field message } } }';

export interface PaidOrder {
  id: string;
  dbId: string;
  number: string;
  lines: { id: string; dbId: string; total: string }[];
}

/** Checkout (with a share token when given), pay through the sandbox, deliver the events. */
export async function buy(
  h: Harness,
  buyer: Person,
  lines: { skuId: string; quantity: number }[],
  shareToken?: string,
  options: { deliver?: boolean } = {},
): Promise<PaidOrder> {
  const res = await h.gql(CHECKOUT, { input: { lines, shippingAddress: ADDRESS, shareToken } }, { token: buyer.token });
  if (res.data?.checkout?.userErrors?.length !== 0) throw new Error(`checkout: ${JSON.stringify(res.body)}`);
  const order = res.data.checkout.order;
  const { payment } = await payOrder(h, buyer.token, order.id);
  const done = await completeSandbox(h, payment!.redirectUrl);
  if (done.status !== 200 || done.body.outcome !== 'paid') throw new Error(`sandbox: ${JSON.stringify(done.body)}`);
  if (options.deliver !== false) await drain(h);
  return {
    id: order.id,
    dbId: idFromGlobal(order.id),
    number: order.number,
    lines: order.lines.map((l: { id: string; total: { amount: string } }) => ({ id: l.id, dbId: idFromGlobal(l.id), total: l.total.amount })),
  };
}

/** Ship (operator), confirm receipt (buyer), let the after-sale window pass and sweep: the order is COMPLETED, its events delivered. */
export async function complete(h: Harness, op: string, buyer: Person, order: PaidOrder): Promise<void> {
  const shipped = await h.gql(
    'mutation($input: ShipOrderInput!) { shipOrder(input: $input) { userErrors { code } } }',
    { input: { orderId: order.id, carrier: '顺丰', trackingNumber: 'SF20261124' } },
    { token: op, key: null },
  );
  if (shipped.data?.shipOrder?.userErrors?.length !== 0) throw new Error(`ship: ${JSON.stringify(shipped.body)}`);
  const received = await h.gql('mutation($id: ID!) { confirmOrderReceipt(orderId: $id) { userErrors { code } } }', { id: order.id }, { token: buyer.token });
  if (received.data?.confirmOrderReceipt?.userErrors?.length !== 0) throw new Error(`receive: ${JSON.stringify(received.body)}`);
  await h.sql(`update customer_order set received_at = now() - interval '30 days' where id = $1`, [order.dbId]);
  await sweepOrders(h.orm.em.fork());
  await drain(h);
}

export async function settle(h: Harness) {
  return settleDue(h.orm.em.fork());
}

/** A refund of some lines by the operator (amounts as decimals), events delivered. */
export async function refund(h: Harness, op: string, order: PaidOrder, lines: { orderLineId: string; quantity: number }[]) {
  const res = await h.gql(
    'mutation($input: RefundOrderInput!) { refundOrder(input: $input) { refund { id amount { amount } } userErrors { code field message } } }',
    { input: { orderId: order.id, lines, reason: 'Returned' } },
    { token: op, key: null },
  );
  if (res.data?.refundOrder?.userErrors?.length !== 0) throw new Error(`refundOrder: ${JSON.stringify(res.body)}`);
  await drain(h);
  return res.data.refundOrder.refund;
}

export const MY_EARNINGS = `query($filter: EarningEntryFilterInput) { myEarnings {
  summary { todayEstimate { amount } pending { amount } available { amount } withdrawing { amount } withdrawn { amount } debt { amount } lifetime { amount } }
  entries(first: 50, filter: $filter) { totalCount nodes { id kind source amount { amount } isDebit explanation level rate orderNumber buyerName fixedAmount { amount } baseAmount { amount } ruleVersionId } }
} }`;

export async function earnings(h: Harness, who: Person, filter?: Record<string, unknown>) {
  const res = await h.gql(MY_EARNINGS, { filter }, { token: who.token });
  if (res.errors) throw new Error(`myEarnings: ${JSON.stringify(res.errors)}`);
  return res.data.myEarnings as {
    summary: Record<'todayEstimate' | 'pending' | 'available' | 'withdrawing' | 'withdrawn' | 'debt' | 'lifetime', { amount: string }>;
    entries: {
      totalCount: number;
      nodes: {
        id: string;
        kind: string;
        source: string;
        amount: { amount: string };
        isDebit: boolean;
        explanation: string;
        level: number | null;
        rate: number | null;
        orderNumber: string | null;
        buyerName: string | null;
        fixedAmount: { amount: string } | null;
        baseAmount: { amount: string } | null;
        ruleVersionId: string | null;
      }[];
    };
  };
}

/** A member's balances in fen, from the database. */
export async function balance(h: Harness, memberId: string) {
  const [row] = await h.sql('select pending::int, available::int, withdrawing::int, withdrawn::int, debt::int from member_balance where member_id = $1', [
    memberId,
  ]);
  return row ?? { pending: 0, available: 0, withdrawing: 0, withdrawn: 0, debt: 0 };
}

/** Accruals by source for an order, in fen: { member, source, amount }. */
export async function accruals(h: Harness, orderDbId: string) {
  return h.sql<{ member_id: string; source: string; amount: number; level: number | null }>(
    `select member_id, source, amount, level from earning_entry where order_id = $1 and kind = 'accrual' order by source::text, amount desc`,
    [orderDbId],
  );
}

/** Every balance equals the sums of its member's entries, bucket by bucket; returns the mismatches (none). */
export async function mismatches(h: Harness) {
  return h.sql(`
    select coalesce(b.member_id, s.member_id) as member_id, b.pending, s.pending as sum_pending, b.available, s.available as sum_available, b.withdrawing, s.withdrawing as sum_withdrawing,
           b.withdrawn, s.withdrawn as sum_withdrawn, b.debt, s.debt as sum_debt
      from member_balance b
      full join (select member_id, sum(delta_pending) as pending, sum(delta_available) as available, sum(delta_withdrawing) as withdrawing, sum(delta_withdrawn) as withdrawn, sum(delta_debt) as debt
                   from earning_entry group by member_id) s on s.member_id = b.member_id
     where coalesce(b.pending, 0) <> coalesce(s.pending, 0) or coalesce(b.available, 0) <> coalesce(s.available, 0) or coalesce(b.withdrawing, 0) <> coalesce(s.withdrawing, 0)
        or coalesce(b.withdrawn, 0) <> coalesce(s.withdrawn, 0) or coalesce(b.debt, 0) <> coalesce(s.debt, 0)`);
}

export { idFromGlobal };

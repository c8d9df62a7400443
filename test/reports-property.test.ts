import { rebuildDays, countPaidOrder, countRefund } from '../src/modules/reports/rollup';
import { startHarness, type Harness } from './harness';
import { buy, complete, drain, idFromGlobal, person, product, setRules, settle, type PaidOrder, type Person } from './earnings';
import { shareLink } from './social';

/**
 * Random sequences of orders (direct, through a member's product link, by an invited buyer),
 * payments moved to earlier days, partial refunds booked on earlier days, events delivered late,
 * delivered twice, days rebuilt, completions and settlements (seeded, so a failure replays): after
 * them every figure of the sales report — by day, channel and source, by day, and the window's total
 * beside the previous period — equals a recount from the orders and refunds, and every member's
 * balance equals their ledger as the API shows it.
 */
let h: Harness;
let op: string;

beforeAll(async () => {
  h = await startHarness();
  op = await h.operatorToken();
  await setRules(h, op, { levels: 2, level1Rate: 1000, level2Rate: 300, frozenDays: 1 });
  // Whatever the demo data paid before, counted from the orders.
  const [{ from, to }] = await h.sql(
    `select to_char((now() at time zone 'Asia/Shanghai')::date - 400, 'YYYY-MM-DD') as from, to_char((now() at time zone 'Asia/Shanghai')::date, 'YYYY-MM-DD') as to`,
  );
  await rebuildDays(h.orm.em.fork(), from, to);
});
afterAll(() => h.close());

function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TZ = 'Asia/Shanghai';
const SOURCE = `case s.kind when 'content_card' then 'ARTICLE_CARD' when 'shop_link' then 'MEMBER_SHOP' when 'product_link' then 'SHARE_LINK'
  when 'live_session' then 'LIVE_SESSION' when 'buy_button' then 'BUY_BUTTON' when 'inviter' then 'REFERRAL' else 'DIRECT' end`;
const PRIMARY = `(select distinct on (la.order_id) la.order_id, la.kind::text as kind,
     case la.kind when 'content_card' then la.article_id::text || ':' || la.block_id::text when 'live_session' then coalesce(st.target_id::text, '')
                  when 'buy_button' then coalesce(oa.placement, '') when 'inviter' then '1' else '' end as detail
   from order_line_attribution la join order_line ol on ol.id = la.order_line_id
   left join share_token st on st.id = la.share_token_id left join order_attribution oa on oa.order_id = la.order_id
  order by la.order_id, ol.total desc, la.order_line_id)`;

interface Fig {
  gmv: number;
  orders: number;
  customers: number;
  refunds: number;
}

/** The recount, from the orders and refunds: per day × app × source, per day, and over a window. */
async function recount(from: string, to: string, level: 'group' | 'day' | 'window'): Promise<Map<string, Fig>> {
  const key = level === 'group' ? `day || '|' || app || '|' || source || '|' || detail` : level === 'day' ? 'day' : `'window'`;
  const found = await h.sql(
    `with paid as (select to_char((o.paid_at at time zone '${TZ}')::date, 'YYYY-MM-DD') as day, o.storefront_app_id::text as app, ${SOURCE} as source,
                          coalesce(s.detail, '') as detail, o.total, o.customer_id
                     from customer_order o left join ${PRIMARY} s on s.order_id = o.id
                    where o.paid_at >= ($1::date)::timestamp at time zone '${TZ}' and o.paid_at < ($2::date + 1)::timestamp at time zone '${TZ}'),
          refunded as (select to_char((r.created_at at time zone '${TZ}')::date, 'YYYY-MM-DD') as day, o.storefront_app_id::text as app, ${SOURCE} as source,
                              coalesce(s.detail, '') as detail, r.amount
                         from refund r join customer_order o on o.id = r.order_id left join ${PRIMARY} s on s.order_id = o.id
                        where r.kind = 'order' and r.created_at >= ($1::date)::timestamp at time zone '${TZ}' and r.created_at < ($2::date + 1)::timestamp at time zone '${TZ}'),
          p as (select ${key} as k, sum(total)::bigint as gmv, count(*)::int as orders, count(distinct customer_id)::int as customers from paid group by 1),
          r as (select ${key} as k, sum(amount)::bigint as refunds from refunded group by 1)
     select coalesce(p.k, r.k) as k, coalesce(p.gmv, 0) as gmv, coalesce(p.orders, 0) as orders, coalesce(p.customers, 0) as customers, coalesce(r.refunds, 0) as refunds
       from p full join r on r.k = p.k`,
    [from, to],
  );
  return new Map(found.map((r) => [r.k, { gmv: Number(r.gmv), orders: r.orders, customers: r.customers, refunds: Number(r.refunds) }]));
}

const FIGURES = 'gmvPaid { amount } ordersPaid payingCustomers refunds { amount } averageOrderValue { amount } net { amount }';
const REPORT = `query($from: LocalDate!, $to: LocalDate!, $groupBy: [SalesReportGrouping!]!) { salesReport(from: $from, to: $to, groupBy: $groupBy) {
  rows { day storefrontAppId source sourceDetail figures { ${FIGURES} } previous { ${FIGURES} } }
  total { figures { ${FIGURES} } previous { ${FIGURES} } } } }`;

const fen = (m: { amount: string }) => Math.round(Number(m.amount) * 100);
const figOf = (f: { gmvPaid: { amount: string }; ordersPaid: number; payingCustomers: number; refunds: { amount: string } }): Fig => ({
  gmv: fen(f.gmvPaid),
  orders: f.ordersPaid,
  customers: f.payingCustomers,
  refunds: fen(f.refunds),
});
const nonZero = (f: Fig) => f.gmv !== 0 || f.orders !== 0 || f.customers !== 0 || f.refunds !== 0;

async function report(from: string, to: string, groupBy: string[]) {
  const res = await h.gql(REPORT, { from, to, groupBy }, { token: op });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.salesReport;
}

async function checkFigures(step: string, from: string, to: string, previousFrom: string, previousTo: string): Promise<void> {
  await drain(h);
  const grouped = await report(from, to, ['DAY', 'CHANNEL', 'SOURCE']);
  const got = new Map<string, Fig>();
  for (const r of grouped.rows) {
    const f = figOf(r.figures);
    if (nonZero(f)) got.set(`${r.day}|${idFromGlobal(r.storefrontAppId)}|${r.source}|${r.sourceDetail}`, f);
  }
  expect({ step, rows: Object.fromEntries(got) }).toEqual({ step, rows: Object.fromEntries(await recount(from, to, 'group')) });

  const daily = await report(from, to, ['DAY']);
  const days = await recount(from, to, 'day');
  const previousDays = await recount(previousFrom, previousTo, 'day');
  const zero: Fig = { gmv: 0, orders: 0, customers: 0, refunds: 0 };
  const span = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
  for (const r of daily.rows) {
    const before = new Date(Date.parse(r.day) - span * 86_400_000).toISOString().slice(0, 10);
    expect({ step, day: r.day, figures: figOf(r.figures), previous: figOf(r.previous) }).toEqual({
      step,
      day: r.day,
      figures: days.get(r.day) ?? zero,
      previous: previousDays.get(before) ?? zero,
    });
    const f = figOf(r.figures);
    expect(r.figures.net.amount).toBe(((f.gmv - f.refunds) / 100).toFixed(2));
    expect(r.figures.averageOrderValue).toEqual(f.orders === 0 ? null : { amount: (Math.floor((2 * f.gmv + f.orders) / (2 * f.orders)) / 100).toFixed(2) });
  }
  expect({ step, total: figOf(daily.total.figures), previous: figOf(daily.total.previous) }).toEqual({
    step,
    total: (await recount(from, to, 'window')).get('window') ?? zero,
    previous: (await recount(previousFrom, previousTo, 'window')).get('window') ?? zero,
  });
}

const LEDGER = `query($id: ID!, $after: String) { memberBalance(accountId: $id) { reconciles balances { pending { amount } available { amount } withdrawing { amount } withdrawn { amount } debt { amount } } ledger { pending { amount } available { amount } withdrawing { amount } withdrawn { amount } debt { amount } } }
  memberLedger(accountId: $id, first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { movements { pending { amount } available { amount } withdrawing { amount } withdrawn { amount } debt { amount } } } } }`;

/** A member's balance equals the movements of their entries, added up from what the API shows of each entry. */
async function checkBalance(m: Person): Promise<void> {
  const sums: Record<string, number> = { pending: 0, available: 0, withdrawing: 0, withdrawn: 0, debt: 0 };
  let after: string | null = null;
  let balance: { reconciles: boolean; balances: Record<string, { amount: string }>; ledger: Record<string, { amount: string }> } | null = null;
  do {
    const res: { data: any } = await h.gql(LEDGER, { id: m.globalId, after }, { token: op });
    balance = res.data.memberBalance;
    for (const n of res.data.memberLedger.nodes) for (const b of Object.keys(sums)) sums[b] += fen(n.movements[b]);
    after = res.data.memberLedger.pageInfo.hasNextPage ? res.data.memberLedger.pageInfo.endCursor : null;
  } while (after);
  expect(balance!.reconciles).toBe(true);
  const [row] = await h.sql('select pending, available, withdrawing, withdrawn, debt from member_balance where member_id = $1', [m.id]);
  for (const b of Object.keys(sums)) {
    expect({ b, api: fen(balance!.balances[b]), entries: sums[b] }).toEqual({ b, api: Number(row?.[b] ?? 0), entries: Number(row?.[b] ?? 0) });
    expect(fen(balance!.ledger[b])).toBe(sums[b]);
  }
}

it.each([20261207, 11, 90210])('figures equal a recount from the orders after a random sequence (seed %i)', async (seed) => {
  const random = prng(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
  const [{ today }] = await h.sql(`select to_char((now() at time zone '${TZ}')::date, 'YYYY-MM-DD') as today`);
  const day = (n: number) => new Date(Date.parse(today) + n * 86_400_000).toISOString().slice(0, 10);
  const [from, to, previousFrom, previousTo] = [day(-6), day(0), day(-13), day(-7)];

  const sharer = await person(h, 'Sharer');
  const inviter = await person(h, 'Mentor');
  const buyers = [
    await person(h, 'Walkin', { member: false }),
    await person(h, 'Invited', { inviter, member: false }),
    await person(h, 'Friend', { member: false }),
  ];
  const { productId, skuIds } = await product(h, op, ['25.00', '9.90', '128.00']);
  const link = await shareLink(h, sharer.token, 'PRODUCT', productId);
  const orders: { order: PaidOrder; buyer: Person; refundable: number[]; status: 'paid' | 'completed' }[] = [];

  for (let i = 0; i < 40; i++) {
    const roll = random();
    let step: string;
    if (roll < 0.35 || orders.length === 0) {
      // Only the friend ever follows the link (a touch makes their later orders the link's too): the walk-in stays direct.
      const buyer = pick(buyers);
      const lines = [{ skuId: skuIds[0], quantity: 1 + Math.floor(random() * 3) }, ...(random() < 0.5 ? [{ skuId: pick(skuIds.slice(1)), quantity: 2 }] : [])];
      const order = await buy(h, buyer, lines, buyer === buyers[2] && random() < 0.7 ? link : undefined, { deliver: false });
      // Paid on one of the last days (up to 13 days back: the previous period too); its event delivered now or later.
      await h.sql(`update customer_order set paid_at = paid_at - make_interval(days => $2) where id = $1`, [order.dbId, Math.floor(random() * 14)]);
      if (random() < 0.6) await drain(h);
      orders.push({ order, buyer, refundable: lines.map((l) => l.quantity), status: 'paid' });
      step = `buy ${lines.length} lines`;
    } else if (roll < 0.55) {
      const open = orders.filter((o) => o.refundable.some((q) => q > 0));
      if (open.length === 0) continue;
      const o = pick(open);
      const line = o.refundable.findIndex((q) => q > 0);
      const res = await h.gql(
        'mutation($input: RefundOrderInput!) { refundOrder(input: $input) { refund { id } userErrors { code message } } }',
        { input: { orderId: o.order.id, lines: [{ orderLineId: o.order.lines[line].id, quantity: 1 }], reason: 'Returned' } },
        { token: op, key: null },
      );
      expect(res.data.refundOrder.userErrors).toEqual([]);
      o.refundable[line]--;
      // Refunded on an earlier day (never before the order was paid); the event may come late.
      await h.sql(
        `update refund r set created_at = greatest(o.paid_at, r.created_at - make_interval(days => $2)) from customer_order o where r.id = $1 and o.id = r.order_id`,
        [idFromGlobal(res.data.refundOrder.refund.id), Math.floor(random() * 4)],
      );
      if (random() < 0.6) await drain(h);
      step = 'refund 1 unit';
    } else if (roll < 0.65) {
      const paid = orders.filter((o) => o.status === 'paid' && o.refundable.some((q) => q > 0));
      if (paid.length === 0) continue;
      const o = pick(paid);
      await complete(h, op, o.buyer, o.order);
      o.status = 'completed';
      step = 'complete';
    } else if (roll < 0.72) {
      await drain(h);
      await h.sql(`update earning_order set settle_after = now() - interval '1 second' where settle_after is not null and settled_at is null`);
      await settle(h);
      step = 'settle';
    } else if (roll < 0.86) {
      // The outbox delivers at least once: the events of a few orders and refunds again.
      await drain(h);
      for (const { order } of [pick(orders), pick(orders)]) await countPaidOrder(h.orm.em.fork(), order.dbId);
      for (const { id } of await h.sql(`select id from refund order by random() limit 2`)) await countRefund(h.orm.em.fork(), id);
      step = 'deliver again';
    } else {
      const d = day(-Math.floor(random() * 14));
      await rebuildDays(h.orm.em.fork(), d, d);
      step = `rebuild ${d}`;
    }
    if (i % 8 === 7) await checkFigures(`${i}: ${step}`, from, to, previousFrom, previousTo);
  }
  await checkFigures('end', from, to, previousFrom, previousTo);
  // The sequence covered what it is meant to: several days, every source used, refunds.
  const grouped = await report(previousFrom, to, ['SOURCE']);
  expect(grouped.rows.map((r: { source: string }) => r.source)).toEqual(expect.arrayContaining(['DIRECT', 'REFERRAL', 'SHARE_LINK']));
  const daily = (await report(from, to, ['DAY'])).rows.filter((r: { figures: { ordersPaid: number } }) => r.figures.ordersPaid > 0);
  expect(daily.length).toBeGreaterThan(2);
  expect(fen((await report(previousFrom, to, [])).rows[0].figures.refunds)).toBeGreaterThan(0);
  // The nightly reconciliation over the whole span changes nothing.
  await rebuildDays(h.orm.em.fork(), previousFrom, to);
  await checkFigures('rebuilt', from, to, previousFrom, previousTo);
  for (const m of [sharer, inviter]) await checkBalance(m);
  const liabilities = await h.gql('{ earningsLiabilities { reconciles pending { amount } ledger { pending { amount } } } }', {}, { token: op });
  expect(liabilities.data.earningsLiabilities.reconciles).toBe(true);
  expect(liabilities.data.earningsLiabilities.ledger.pending).toEqual(liabilities.data.earningsLiabilities.pending);
});

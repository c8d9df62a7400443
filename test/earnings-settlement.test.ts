import { reverseForRefund, accrueForPaidOrder } from '../src/modules/earnings/accrual';
import { settleBatch } from '../src/modules/earnings/settlement';
import { dispatchOrderEvents } from '../src/modules/orders/events';
import { startHarness, type Harness } from './harness';
import { accruals, balance, buy, complete, drain, earnings, mismatches, person, product, refund, setRules, settle, type Person } from './earnings';

/**
 * Settlement after completion and the frozen days, reversals before and after it (debt, debt paid
 * first, withdrawals waiting), cancellation, and duplicate or parallel deliveries.
 */
let h: Harness;
let op: string;
let u: Person;
let a: Person;
let sku: string;
let oddSku: string;

const newBuyer = () => person(h, 'Buyer', { inviter: a, member: false });

beforeAll(async () => {
  h = await startHarness();
  op = await h.operatorToken();
  u = await person(h, 'Upline');
  a = await person(h, 'Anna', { inviter: u });
  ({
    skuIds: [sku, oddSku],
  } = await product(h, op, ['100.00', '33.33']));
  await setRules(h, op, { levels: 2, level1Rate: 1000, level2Rate: 500, frozenDays: 3, withdrawalMinimum: '1.00', withdrawalFeeRate: 0 });
});
afterAll(() => h.close());

afterEach(async () => {
  expect(await mismatches(h)).toEqual([]);
});

const WITHDRAW =
  'mutation($input: RequestWithdrawalInput!) { requestWithdrawal(input: $input) { withdrawal { id status } userErrors { code field message } } }';
const asOp = (query: string, variables: Record<string, unknown>) => h.gql(query, variables, { token: op, key: null });

describe('settlement', () => {
  it("moves an order's earnings to available once it completed and its frozen days passed, not before", async () => {
    const buyer = await newBuyer();
    const before = await balance(h, a.id);
    const order = await buy(h, buyer, [{ skuId: sku, quantity: 1 }]);
    expect((await balance(h, a.id)).pending).toBe(before.pending + 1000);
    // Paid, not completed: nothing is due.
    expect(await settle(h)).toEqual({ orders: 0, entries: 0 });
    await complete(h, op, buyer, order);
    const [row] = await h.sql(
      `select completed_at, settle_after, settle_after - completed_at = interval '3 days' as three_days from earning_order where order_id = $1`,
      [order.dbId],
    );
    expect(row.three_days).toBe(true);
    // Completed, but inside the frozen days: still nothing.
    expect(await settle(h)).toEqual({ orders: 0, entries: 0 });
    await h.sql(`update earning_order set settle_after = now() - interval '1 second' where order_id = $1`, [order.dbId]);
    expect(await settle(h)).toEqual({ orders: 1, entries: 2 });
    expect(await balance(h, a.id)).toMatchObject({ pending: before.pending, available: before.available + 1000 });
    const settled = (await earnings(h, a, { kinds: ['SETTLEMENT'] })).entries.nodes[0];
    expect(settled.explanation).toBe(`10.00 of your L1 commission on order ${order.number} became available`);
    // Settled once: a second run finds nothing.
    expect(await settle(h)).toEqual({ orders: 0, entries: 0 });
  });

  it('settles in parallel batches without settling anything twice', async () => {
    const buyer = await newBuyer();
    const orders = [];
    for (let i = 0; i < 6; i++) orders.push(await buy(h, buyer, [{ skuId: sku, quantity: 1 }]));
    const ids = orders.map((o) => o.dbId);
    await h.sql(`update earning_order set completed_at = now(), settle_after = now() - interval '1 second' where order_id = any($1::uuid[])`, [ids]);
    const runs = await Promise.all(Array.from({ length: 4 }, () => settleBatch(h.orm.em.fork(), 2)));
    const rest = await settle(h);
    expect(runs.reduce((n, r) => n + r.orders, 0) + rest.orders).toBe(6);
    const [{ n }] = await h.sql(`select count(*)::int as n from earning_entry where kind = 'settlement' and order_id = any($1::uuid[])`, [ids]);
    expect(n).toBe(12);
  });
});

describe('settlement racing a refund', () => {
  const completedAndDue = async () => {
    const buyer = await newBuyer();
    const order = await buy(h, buyer, [{ skuId: sku, quantity: 2 }]);
    await complete(h, op, buyer, order);
    await h.sql(`update earning_order set settle_after = now() - interval '1 second' where order_id = $1`, [order.dbId]);
    return order;
  };
  const waitingOnLock = async () => {
    for (let i = 0; i < 200; i++) {
      const [{ n }] = await h.sql(
        `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query ilike '%earning_order%for update%'`,
      );
      if (n > 0) return true;
      await new Promise((r) => setTimeout(r, 25));
    }
    return false;
  };

  it('sees a reversal that committed after the batch started (the amounts are computed from a snapshot taken after the lock)', async () => {
    const order = await completedAndDue();
    const before = await balance(h, a.id);
    // Between the two statements: a reversal of half of each accrual commits on another connection,
    // as a refund committing just before settlement reached the order's row would.
    const result = await settleBatch(h.orm.em.fork(), 20_000, async () => {
      await h.sql(
        `
        with r as (
          insert into earning_entry (id, member_id, kind, source, amount, delta_pending, delta_available, delta_withdrawing, delta_withdrawn, delta_debt, order_id, order_line_id, line_total, ref_entry_id, cause, created_at)
          select gen_random_uuid(), member_id, 'reversal', source, -(amount / 2), -(amount / 2), 0, 0, 0, 0, order_id, order_line_id, line_total, id, 'race', now()
            from earning_entry where order_id = $1 and kind = 'accrual'
          returning member_id, amount
        )
        update member_balance b set pending = b.pending + t.amount from (select member_id, sum(amount) as amount from r group by member_id) t where b.member_id = t.member_id`,
        [order.dbId],
      );
    });
    expect(result).toEqual({ orders: 1, entries: 2 });
    // Only what the reversal left is settled: pending back where it was, half the accrual available.
    expect(await balance(h, a.id)).toMatchObject({ pending: before.pending - 2000, available: before.available + 1000, debt: 0 });
    const settled = await h.sql<{ amount: number }>(`select amount from earning_entry where order_id = $1 and kind = 'settlement' order by amount desc`, [
      order.dbId,
    ]);
    expect(settled.map((r) => r.amount)).toEqual([1000, 500]);
  });

  it('a refund reaching the order while it settles waits for the lock, then reverses from available', async () => {
    const order = await completedAndDue();
    const before = await balance(h, a.id);
    let refunding: Promise<unknown> | undefined;
    const result = await settleBatch(h.orm.em.fork(), 20_000, async () => {
      refunding = refund(h, op, order, [{ orderLineId: order.lines[0].id, quantity: 1 }]);
      // The refund's reversal is blocked on the order's earnings row, held by this batch.
      expect(await waitingOnLock()).toBe(true);
    });
    expect(result).toEqual({ orders: 1, entries: 2 });
    await refunding;
    // 2000 settled, then 1000 of it reversed from available: nothing counted twice, no debt.
    expect(await balance(h, a.id)).toMatchObject({ pending: before.pending - 2000, available: before.available + 1000, debt: 0 });
  });
});

describe('reversal', () => {
  it('before settlement: from pending, cumulatively exact over partial refunds', async () => {
    const buyer = await newBuyer();
    // 3 × 33.33 = 99.99: 10% is 9.99, and no refund of a unit is a whole share of it.
    const order = await buy(h, buyer, [{ skuId: oddSku, quantity: 3 }]);
    const line = order.lines[0].id;
    expect((await accruals(h, order.dbId)).map((r) => r.amount)).toEqual([999, 499]);
    const reversedOf = async () =>
      h.sql<{ member_id: string; total: number }>(
        `select member_id, -sum(amount)::int as total from earning_entry where order_id = $1 and kind = 'reversal' group by member_id order by total desc`,
        [order.dbId],
      );
    await refund(h, op, order, [{ orderLineId: line, quantity: 1 }]);
    expect((await reversedOf()).map((r) => r.total)).toEqual([333, 166]);
    await refund(h, op, order, [{ orderLineId: line, quantity: 1 }]);
    expect((await reversedOf()).map((r) => r.total)).toEqual([666, 332]);
    await refund(h, op, order, [{ orderLineId: line, quantity: 1 }]);
    // Refunded in full: everything reversed, never more.
    expect((await reversedOf()).map((r) => r.total)).toEqual([999, 499]);
    const reversal = (await earnings(h, a, { kinds: ['REVERSAL'] })).entries.nodes[0];
    expect(reversal).toMatchObject({ isDebit: true, amount: { amount: '3.33' } });
    expect(reversal.explanation).toBe(`-3.33 = L1 commission on order ${order.number} taken back after a refund`);
    // Nothing is left to settle for it.
    await h.sql(`update earning_order set completed_at = now(), settle_after = now() - interval '1 second' where order_id = $1`, [order.dbId]);
    await settle(h);
    expect(await h.sql(`select 1 from earning_entry where order_id = $1 and kind = 'settlement'`, [order.dbId])).toEqual([]);
  });

  it('after settlement and withdrawal: the balance carries a debt, withdrawals wait, and later earnings pay it first', async () => {
    const member = await person(h, 'Debtor', { inviter: u });
    const buyer = await person(h, 'Buyer', { inviter: member, member: false });
    const first = await buy(h, buyer, [{ skuId: sku, quantity: 2 }]);
    await complete(h, op, buyer, first);
    await h.sql(`update earning_order set settle_after = now() - interval '1 second' where order_id = $1`, [first.dbId]);
    await settle(h);
    expect(await balance(h, member.id)).toMatchObject({ pending: 0, available: 2000 });
    // The member withdraws 15.00 and it is paid out.
    const asked = await h.gql(WITHDRAW, { input: { amount: '15.00' } }, { token: member.token });
    const id = asked.data.requestWithdrawal.withdrawal.id;
    await asOp('mutation($id: ID!) { approveWithdrawal(input: { withdrawalId: $id }) { userErrors { code } } }', { id });
    await asOp('mutation($id: ID!) { markWithdrawalPaid(input: { withdrawalId: $id }) { userErrors { code } } }', { id });
    expect(await balance(h, member.id)).toMatchObject({ available: 500, withdrawn: 1500, debt: 0 });
    // The completed order is refunded in full: 20.00 reversed, 5.00 from available, 15.00 into debt.
    await refund(h, op, first, [{ orderLineId: first.lines[0].id, quantity: 2 }]);
    expect(await balance(h, member.id)).toMatchObject({ available: 0, withdrawn: 1500, debt: 1500 });
    const reversal = (await earnings(h, member, { kinds: ['REVERSAL'] })).entries.nodes[0];
    expect(reversal.explanation).toContain('(15.00 of it became debt)');
    const summary = (await earnings(h, member)).summary;
    expect(summary).toMatchObject({ debt: { amount: '15.00' }, withdrawn: { amount: '15.00' }, lifetime: { amount: '0.00' } });

    // A new earning, pending: withdrawals wait while there is debt.
    const second = await buy(h, buyer, [{ skuId: sku, quantity: 2 }]);
    await h.sql(`update account set role = 'member' where id = $1`, [member.id]);
    const waiting = await h.gql(WITHDRAW, { input: { amount: '1.00' } }, { token: member.token });
    expect(waiting.data.requestWithdrawal).toMatchObject({ withdrawal: null, userErrors: [{ code: 'DEBT_OUTSTANDING', field: ['input', 'amount'] }] });
    // It settles: 15.00 pays the debt first, 5.00 becomes available.
    await complete(h, op, buyer, second);
    await h.sql(`update earning_order set settle_after = now() - interval '1 second' where order_id = $1`, [second.dbId]);
    await settle(h);
    expect(await balance(h, member.id)).toMatchObject({ pending: 0, available: 500, debt: 0 });
    const settled = (await earnings(h, member, { kinds: ['SETTLEMENT'] })).entries.nodes[0];
    expect(settled.explanation).toBe(`20.00 of your L1 commission on order ${second.number} became available (15.00 of it paid off your debt)`);
    const allowed = await h.gql(WITHDRAW, { input: { amount: '5.00' } }, { token: member.token });
    expect(allowed.data.requestWithdrawal.userErrors).toEqual([]);
  });

  it('an order cancelled after payment reverses whatever is left', async () => {
    const buyer = await newBuyer();
    const order = await buy(h, buyer, [{ skuId: sku, quantity: 1 }]);
    await refund(h, op, order, [{ orderLineId: order.lines[0].id, quantity: 1 }]);
    // The refund closed the unshipped order (order.cancelled): nothing was left to reverse.
    expect(
      (await h.sql(`select cause, amount from earning_entry where order_id = $1 and kind = 'reversal' order by amount`, [order.dbId])).map((r) => r.cause),
    ).toEqual([expect.any(String), expect.any(String)]);
    // A paid order cancelled with its earnings untouched: all of them reversed.
    const other = await buy(h, buyer, [{ skuId: sku, quantity: 1 }]);
    await h.sql(`insert into order_event (order_id, type, payload, created_at, attempts) values ($1, 'order.cancelled', '{}', now(), 0)`, [other.dbId]);
    await drain(h);
    const rows = await h.sql(`select cause, amount from earning_entry where order_id = $1 and kind = 'reversal' order by amount`, [other.dbId]);
    expect(rows).toEqual([
      { cause: 'cancelled', amount: -1000 },
      { cause: 'cancelled', amount: -500 },
    ]);
  });
});

describe('at-least-once delivery', () => {
  it('order.paid delivered by parallel dispatchers and handlers accrues once', async () => {
    const buyer = await newBuyer();
    const order = await buy(h, buyer, [{ skuId: sku, quantity: 1 }], undefined, { deliver: false });
    await Promise.all([
      ...Array.from({ length: 3 }, () => dispatchOrderEvents(h.orm.em.fork())),
      ...Array.from({ length: 4 }, () => accrueForPaidOrder(h.orm.em.fork(), order.dbId, new Date())),
    ]);
    await drain(h);
    expect((await accruals(h, order.dbId)).map((r) => r.amount)).toEqual([1000, 500]);
  });

  it('a refund delivered five times at once reverses once', async () => {
    const buyer = await newBuyer();
    const order = await buy(h, buyer, [{ skuId: sku, quantity: 2 }]);
    const refundId = '01a20c00-0000-7000-8000-000000000001';
    const lines = [{ orderLineId: order.lines[0].dbId, amount: 10000 }];
    const done = await Promise.all(Array.from({ length: 5 }, () => reverseForRefund(h.orm.em.fork(), order.dbId, refundId, lines)));
    expect(done.sort()).toEqual([0, 0, 0, 0, 2]);
    const rows = await h.sql(`select amount from earning_entry where order_id = $1 and kind = 'reversal' order by amount`, [order.dbId]);
    expect(rows.map((r) => r.amount)).toEqual([-1000, -500]);
  });
});

describe('what a member reads', () => {
  const STATEMENTS = `query($period: StatementPeriod!, $from: DateTimeISO!, $to: DateTimeISO!) { myEarnings {
    summary { todayEstimate { amount } pending { amount } lifetime { amount } }
    statements(period: $period, from: $from, to: $to) { periodStart earned { amount } reversed { amount } settled { amount } withdrawn { amount } }
  } }`;
  const from = new Date(Date.now() - 40 * 86_400_000).toISOString();
  const to = new Date(Date.now() + 86_400_000).toISOString();
  const cents = (s: { amount: string }) => Math.round(Number(s.amount) * 100);

  it("statements by day and by month add up to the ledger; today's estimate is today's earnings less reversals", async () => {
    const [sums] = await h.sql(
      `select coalesce(sum(amount) filter (where kind in ('accrual', 'adjustment') and amount > 0), 0)::int as earned,
                                       coalesce(-sum(amount) filter (where kind in ('reversal', 'adjustment') and amount < 0), 0)::int as reversed,
                                       coalesce(sum(amount) filter (where kind = 'settlement'), 0)::int as settled,
                                       coalesce(sum(amount) filter (where kind in ('accrual', 'reversal', 'adjustment')
                                         and created_at >= date_trunc('day', now() at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai'), 0)::int as net
                                  from earning_entry where member_id = $1`,
      [a.id],
    );
    for (const period of ['DAY', 'MONTH']) {
      const res = await h.gql(STATEMENTS, { period, from, to }, { token: a.token });
      expect(res.errors).toBeUndefined();
      const lines = res.data.myEarnings.statements as Record<string, { amount: string }>[];
      expect(lines.length).toBeGreaterThanOrEqual(1);
      const total = (k: string) => lines.reduce((n, l) => n + cents(l[k]), 0);
      expect({ earned: total('earned'), reversed: total('reversed'), settled: total('settled') }).toEqual({
        earned: sums.earned,
        reversed: sums.reversed,
        settled: sums.settled,
      });
    }
    const { summary } = (await h.gql(STATEMENTS, { period: 'DAY', from, to }, { token: a.token })).data.myEarnings;
    expect(cents(summary.todayEstimate)).toBe(sums.net);
  });

  it('refuses a statement range that is backwards or longer than 366 days', async () => {
    const backwards = await h.gql(STATEMENTS, { period: 'DAY', from: to, to: from }, { token: a.token });
    expect(backwards.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    const long = await h.gql(STATEMENTS, { period: 'MONTH', from: '2020-01-01T00:00:00Z', to: '2022-01-01T00:00:00Z' }, { token: a.token });
    expect(long.errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('pages through the ledger newest first, filtered by kind and period', async () => {
    const QUERY =
      'query($after: String, $filter: EarningEntryFilterInput) { myEarnings { entries(first: 2, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor } nodes { id kind } } } }';
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: {
        data: { myEarnings: { entries: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: { id: string; kind: string }[] } } };
      } = await h.gql(QUERY, { after, filter: { kinds: ['ACCRUAL'] } }, { token: a.token });
      const page = res.data.myEarnings.entries;
      expect(page.nodes.every((n) => n.kind === 'ACCRUAL')).toBe(true);
      seen.push(...page.nodes.map((n) => n.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    const [{ n }] = await h.sql(`select count(*)::int as n from earning_entry where member_id = $1 and kind = 'accrual'`, [a.id]);
    expect(new Set(seen).size).toBe(n);
    const future = await h.gql(QUERY, { filter: { from: to } }, { token: a.token });
    expect(future.data.myEarnings.entries.totalCount).toBe(0);
    // An anonymous caller sees nothing.
    const anonymous = await h.gql('{ myEarnings { summary { pending { amount } } } }');
    expect(anonymous.errors![0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('earning states', () => {
  it('filters earnings by state: pending, settled, reversed in full', async () => {
    const buyer = await newBuyer();
    const fresh = await buy(h, buyer, [{ skuId: sku, quantity: 1 }]);
    const QUERY =
      'query($states: [EarningState!]) { myEarnings { entries(first: 100, filter: { states: $states }) { totalCount nodes { kind state orderNumber reversedAmount { amount } } } } }';
    const of = async (states: string[]) => (await h.gql(QUERY, { states }, { token: a.token })).data.myEarnings.entries;
    const pending = await of(['PENDING']);
    expect(pending.nodes.find((n: { orderNumber: string }) => n.orderNumber === fresh.number)).toMatchObject({
      kind: 'ACCRUAL',
      state: 'PENDING',
      reversedAmount: { amount: '0.00' },
    });
    const settled = await of(['SETTLED']);
    const reversed = await of(['REVERSED']);
    for (const [page, state] of [
      [pending, 'PENDING'],
      [settled, 'SETTLED'],
      [reversed, 'REVERSED'],
    ] as const) {
      expect(page.nodes.length).toBeGreaterThan(0);
      expect(page.nodes.every((n: { state: string }) => n.state === state)).toBe(true);
      expect(page.totalCount).toBe(page.nodes.length);
    }
    const [{ n }] = await h.sql(`select count(*)::int as n from earning_entry where member_id = $1 and kind = 'accrual'`, [a.id]);
    expect(pending.totalCount + settled.totalCount + reversed.totalCount).toBe(n);
    expect((await of(['PENDING', 'REVERSED'])).totalCount).toBe(pending.totalCount + reversed.totalCount);
  });
});

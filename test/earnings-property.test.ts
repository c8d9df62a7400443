import { startHarness, type Harness } from './harness';
import { balance, buy, complete, idFromGlobal, mismatches, person, product, refund, setRules, settle, type PaidOrder, type Person } from './earnings';

/**
 * Random sequences of orders, refunds, completions, settlements, withdrawals, reviews and
 * adjustments (seeded, so a failure replays): after every step each balance equals the sums of its
 * member's entries, no bucket is negative, no accrual was reversed beyond itself, and what settled
 * of it plus what was reversed from pending before never exceeds it.
 */
let h: Harness;
let op: string;

beforeAll(async () => {
  h = await startHarness();
  op = await h.operatorToken();
  await setRules(h, op, { levels: 3, level1Rate: 1234, level2Rate: 567, level3Rate: 89, frozenDays: 1, withdrawalMinimum: '1.00', withdrawalFeeRate: 150 });
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

async function invariants(step: string): Promise<void> {
  expect({ step, mismatches: await mismatches(h) }).toEqual({ step, mismatches: [] });
  const over = await h.sql(`
    select a.id from earning_entry a
     where a.kind = 'accrual'
       and (coalesce((select -sum(r.amount) from earning_entry r where r.ref_entry_id = a.id and r.kind = 'reversal'), 0) > a.amount
         or coalesce((select sum(s.amount) from earning_entry s where s.ref_entry_id = a.id and s.kind = 'settlement'), 0)
            + coalesce((select -sum(r.amount) from earning_entry r where r.ref_entry_id = a.id and r.kind = 'reversal' and r.delta_pending < 0), 0) > a.amount)`);
  expect({ step, over }).toEqual({ step, over: [] });
}

const WITHDRAW = 'mutation($input: RequestWithdrawalInput!) { requestWithdrawal(input: $input) { withdrawal { id } userErrors { code } } }';

it.each([20261124, 7, 4242])('keeps balances equal to the sums of entries over a random sequence (seed %i)', async (seed) => {
  const random = prng(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
  const top = await person(h, 'Top');
  const mid = await person(h, 'Mid', { inviter: top });
  const low = await person(h, 'Low', { inviter: mid });
  const members = [top, mid, low];
  const buyers: Person[] = [];
  for (const inviter of members) buyers.push(await person(h, 'Shopper', { inviter, member: false }));
  const { skuIds } = await product(h, op, ['33.33', '19.99']);
  const orders: { order: PaidOrder; buyer: Person; units: number; refunded: number; status: 'paid' | 'completed' | 'closed' }[] = [];
  const withdrawals: string[] = [];

  for (let i = 0; i < 60; i++) {
    const roll = random();
    let step: string;
    if (roll < 0.3 || orders.length === 0) {
      const buyer = pick(buyers);
      const units = 1 + Math.floor(random() * 3);
      orders.push({ order: await buy(h, buyer, [{ skuId: pick(skuIds), quantity: units }]), buyer, units, refunded: 0, status: 'paid' });
      step = `buy ${units}`;
    } else if (roll < 0.45) {
      const open = orders.filter((o) => o.refunded < o.units && o.status !== 'closed');
      if (open.length === 0) continue;
      const o = pick(open);
      await refund(h, op, o.order, [{ orderLineId: o.order.lines[0].id, quantity: 1 }]);
      o.refunded++;
      if (o.refunded === o.units && o.status === 'paid') o.status = 'closed';
      step = 'refund 1 unit';
    } else if (roll < 0.6) {
      const paid = orders.filter((o) => o.status === 'paid');
      if (paid.length === 0) continue;
      const o = pick(paid);
      await complete(h, op, o.buyer, o.order);
      o.status = 'completed';
      step = 'complete';
    } else if (roll < 0.7) {
      await h.sql(`update earning_order set settle_after = now() - interval '1 second' where settle_after is not null and settled_at is null`);
      await settle(h);
      step = 'settle';
    } else if (roll < 0.82) {
      const m = pick(members);
      const { available } = await balance(h, m.id);
      const amount = Math.max(100, Math.floor(random() * (available * 1.2 + 100)));
      const res = await h.gql(WITHDRAW, { input: { amount: (amount / 100).toFixed(2) } }, { token: m.token });
      if (res.data.requestWithdrawal.withdrawal) withdrawals.push(res.data.requestWithdrawal.withdrawal.id);
      step = 'withdraw';
    } else if (roll < 0.94) {
      if (withdrawals.length === 0) continue;
      const id = pick(withdrawals);
      const [{ status }] = await h.sql('select status from withdrawal where id = $1', [idFromGlobal(id)]);
      // Mostly a legal step for its status, sometimes any step (refused, changing nothing).
      const legal =
        status === 'requested' ? ['approveWithdrawal', 'rejectWithdrawal'] : status === 'approved' ? ['markWithdrawalPaid', 'markWithdrawalFailed'] : [];
      const action =
        legal.length > 0 && random() < 0.8 ? pick(legal) : pick(['approveWithdrawal', 'rejectWithdrawal', 'markWithdrawalPaid', 'markWithdrawalFailed']);
      const reason = action === 'rejectWithdrawal' || action === 'markWithdrawalFailed';
      await h.gql(
        `mutation($input: ${reason ? 'WithdrawalReasonInput' : 'WithdrawalInput'}!) { ${action}(input: $input) { userErrors { code } } }`,
        { input: reason ? { withdrawalId: id, reason: 'Random review' } : { withdrawalId: id } },
        { token: op, key: null },
      );
      step = action;
    } else {
      const m = pick(members);
      await h.gql(
        'mutation($input: AdjustEarningsInput!) { adjustEarnings(input: $input) { userErrors { code } } }',
        { input: { accountId: m.globalId, amount: (1 + Math.floor(random() * 2000) / 100).toFixed(2), debit: random() < 0.5, reason: 'Random correction' } },
        { token: op, key: null },
      );
      step = 'adjust';
    }
    await invariants(`${i}: ${step}`);
  }
  // The summary every member sees agrees with the ledger.
  for (const m of members) {
    const b = await balance(h, m.id);
    const res = await h.gql(
      '{ myEarnings { summary { pending { amount } available { amount } withdrawing { amount } withdrawn { amount } debt { amount } } } }',
      {},
      { token: m.token },
    );
    const dec = (fen: number) => (fen / 100).toFixed(2);
    expect(res.data.myEarnings.summary).toEqual({
      pending: { amount: dec(b.pending) },
      available: { amount: dec(b.available) },
      withdrawing: { amount: dec(b.withdrawing) },
      withdrawn: { amount: dec(b.withdrawn) },
      debt: { amount: dec(b.debt) },
    });
  }
});

it('the sequences above exercised every kind of entry', async () => {
  const kinds = (await h.sql('select distinct kind::text as kind from earning_entry order by 1')).map((r) => r.kind);
  expect(kinds).toEqual(['accrual', 'adjustment', 'reversal', 'settlement', 'withdrawal_hold', 'withdrawal_paid', 'withdrawal_release']);
});

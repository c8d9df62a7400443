import { toGlobalId } from '../src/lib/ids';
import { startHarness, type Harness } from './harness';
import { balance, mismatches, person, setRules, type Person } from './earnings';

/** Withdrawals and adjustments: every refusal writes nothing; the balance never goes below zero, even under 20 parallel requests. */
let h: Harness;
let op: string;

beforeAll(async () => {
  h = await startHarness();
  op = await h.operatorToken();
  await setRules(h, op, { withdrawalMinimum: '10.00', withdrawalFeeRate: 100 });
});
afterAll(() => h.close());

afterEach(async () => {
  expect(await mismatches(h)).toEqual([]);
});

const WITHDRAW =
  'mutation($input: RequestWithdrawalInput!) { requestWithdrawal(input: $input) { withdrawal { id status amount { amount } fee { amount } payout { amount } } userErrors { code field message } } }';
const ADJUST =
  'mutation($input: AdjustEarningsInput!) { adjustEarnings(input: $input) { entry { id kind source amount { amount } isDebit explanation note } userErrors { code field message } } }';
const asOp = (query: string, variables: Record<string, unknown>) => h.gql(query, variables, { token: op, key: null });
const step = (name: string, withdrawalId: string, reason?: string, idempotencyKey?: string) =>
  asOp(
    `mutation($input: ${reason === undefined ? 'WithdrawalInput' : 'WithdrawalReasonInput'}!) { ${name}(input: $input) { withdrawal { id status reason } userErrors { code field message } } }`,
    { input: { withdrawalId, ...(reason === undefined ? {} : { reason }), ...(idempotencyKey ? { idempotencyKey } : {}) } },
  ).then((r) => r.data[name]);

async function funded(name: string, amount: string): Promise<Person> {
  const member = await person(h, name);
  const res = await asOp(ADJUST, { input: { accountId: member.globalId, amount, debit: false, reason: 'Opening balance' } });
  expect(res.data.adjustEarnings.userErrors).toEqual([]);
  return member;
}

const counts = async (memberId: string) => ({
  withdrawals: (await h.sql('select count(*)::int as n from withdrawal where member_id = $1', [memberId]))[0].n,
  entries: (await h.sql('select count(*)::int as n from earning_entry where member_id = $1', [memberId]))[0].n,
  balance: await balance(h, memberId),
});

describe('requesting a withdrawal', () => {
  it('holds the amount from available; the fee is the rate of it, to the nearest fen', async () => {
    const m = await funded('Holder', '100.00');
    const res = await h.gql(WITHDRAW, { input: { amount: '33.33' } }, { token: m.token });
    expect(res.data.requestWithdrawal).toMatchObject({
      withdrawal: { status: 'REQUESTED', amount: { amount: '33.33' }, fee: { amount: '0.33' }, payout: { amount: '33.00' } },
      userErrors: [],
    });
    const half = await h.gql(WITHDRAW, { input: { amount: '10.50' } }, { token: m.token });
    // 1% of 10.50 is 0.105: halves round up.
    expect(half.data.requestWithdrawal.withdrawal.fee).toEqual({ amount: '0.11' });
    expect(await balance(h, m.id)).toMatchObject({ available: 10000 - 3333 - 1050, withdrawing: 4383 });
  });

  it('refuses below the minimum, beyond what is available, a bad key, and writes nothing', async () => {
    const m = await funded('Refused', '20.00');
    const before = await counts(m.id);
    for (const [amount, code, key] of [
      ['9.99', 'BELOW_MINIMUM', undefined],
      ['20.01', 'INSUFFICIENT_AVAILABLE', undefined],
      ['10.00', 'INVALID_IDEMPOTENCY_KEY', 'bad key!'],
    ] as const) {
      const res = await h.gql(WITHDRAW, { input: { amount, idempotencyKey: key } }, { token: m.token });
      expect(res.data.requestWithdrawal.withdrawal).toBeNull();
      expect(res.data.requestWithdrawal.userErrors.map((e: { code: string }) => e.code)).toEqual([code]);
    }
    expect(await counts(m.id)).toEqual(before);
    const customer = await person(h, 'NoEarnings', { member: false });
    const none = await h.gql(WITHDRAW, { input: { amount: '10.00' } }, { token: customer.token });
    expect(none.data.requestWithdrawal.userErrors[0]).toMatchObject({ code: 'INSUFFICIENT_AVAILABLE', message: 'Only 0.00 is available to withdraw' });
  });

  it('replays the first answer for the same key and refuses the key with another amount', async () => {
    const m = await funded('Keyed', '50.00');
    const first = await h.gql(WITHDRAW, { input: { amount: '10.00', idempotencyKey: 'withdraw-0001' } }, { token: m.token });
    const again = await h.gql(WITHDRAW, { input: { amount: '10.00', idempotencyKey: 'withdraw-0001' } }, { token: m.token });
    expect(again.data.requestWithdrawal.withdrawal.id).toBe(first.data.requestWithdrawal.withdrawal.id);
    const other = await h.gql(WITHDRAW, { input: { amount: '11.00', idempotencyKey: 'withdraw-0001' } }, { token: m.token });
    expect(other.data.requestWithdrawal.userErrors.map((e: { code: string }) => e.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect(await balance(h, m.id)).toMatchObject({ available: 4000, withdrawing: 1000 });
  });

  it('20 parallel requests on one balance never hold more than it has', async () => {
    const m = await funded('Racer', '55.00');
    const answers = await Promise.all(Array.from({ length: 20 }, () => h.gql(WITHDRAW, { input: { amount: '10.00' } }, { token: m.token })));
    const ok = answers.filter((r) => r.data.requestWithdrawal.userErrors.length === 0);
    expect(ok).toHaveLength(5);
    expect(answers.filter((r) => r.data.requestWithdrawal.userErrors[0]?.code === 'INSUFFICIENT_AVAILABLE')).toHaveLength(15);
    expect(await balance(h, m.id)).toMatchObject({ available: 500, withdrawing: 5000 });
  });

  it("asking for more than available in parallel with an operator's debit: the database refuses any negative balance", async () => {
    const m = await funded('Squeezed', '30.00');
    await Promise.all([
      ...Array.from({ length: 5 }, () => h.gql(WITHDRAW, { input: { amount: '10.00' } }, { token: m.token })),
      asOp(ADJUST, { input: { accountId: m.globalId, amount: '25.00', debit: true, reason: 'Clawback' } }),
    ]);
    const b = await balance(h, m.id);
    expect(b.available).toBeGreaterThanOrEqual(0);
    expect(b.available + b.withdrawing - b.debt).toBe(500);
  });
});

describe('reviewing withdrawals', () => {
  it('approve then mark paid: withdrawing → withdrawn; the member sees their own withdrawals only', async () => {
    const m = await funded('Paid', '40.00');
    const other = await funded('Other', '40.00');
    const id = (await h.gql(WITHDRAW, { input: { amount: '20.00' } }, { token: m.token })).data.requestWithdrawal.withdrawal.id;
    const queue = await asOp('{ withdrawals(first: 100, filter: { statuses: [REQUESTED] }) { nodes { id member { id } } } }', {});
    expect(queue.data.withdrawals.nodes.map((n: { id: string }) => n.id)).toContain(id);
    expect((await step('approveWithdrawal', id)).withdrawal.status).toBe('APPROVED');
    expect((await step('markWithdrawalPaid', id)).withdrawal.status).toBe('PAID');
    expect(await balance(h, m.id)).toMatchObject({ available: 2000, withdrawing: 0, withdrawn: 2000 });
    // Someone else's withdrawal is invisible to another member.
    const seen = await h.gql('query($id: ID!) { node(id: $id) { ... on Withdrawal { id status } } }', { id }, { token: other.token });
    expect(seen.data.node).toBeNull();
    const own = await h.gql('query($id: ID!) { node(id: $id) { ... on Withdrawal { id status } } }', { id }, { token: m.token });
    expect(own.data.node).toEqual({ id, status: 'PAID' });
    const listed = await h.gql('{ myWithdrawals(first: 10) { totalCount nodes { id } } }', {}, { token: other.token });
    expect(listed.data.myWithdrawals).toEqual({ totalCount: 0, nodes: [] });
    const mine = await h.gql('{ myWithdrawals(first: 10) { totalCount nodes { id status } } }', {}, { token: m.token });
    expect(mine.data.myWithdrawals).toEqual({ totalCount: 1, nodes: [{ id, status: 'PAID' }] });
  });

  it('reject and failed give the money back, with the reason', async () => {
    const m = await funded('Returned', '40.00');
    const rejected = (await h.gql(WITHDRAW, { input: { amount: '15.00' } }, { token: m.token })).data.requestWithdrawal.withdrawal.id;
    expect(await step('rejectWithdrawal', rejected, 'Bank details missing')).toEqual({
      withdrawal: { id: rejected, status: 'REJECTED', reason: 'Bank details missing' },
      userErrors: [],
    });
    expect(await balance(h, m.id)).toMatchObject({ available: 4000, withdrawing: 0 });
    const failed = (await h.gql(WITHDRAW, { input: { amount: '25.00' } }, { token: m.token })).data.requestWithdrawal.withdrawal.id;
    await step('approveWithdrawal', failed);
    expect((await step('markWithdrawalFailed', failed, 'Account closed')).withdrawal).toEqual({ id: failed, status: 'FAILED', reason: 'Account closed' });
    expect(await balance(h, m.id)).toMatchObject({ available: 4000, withdrawing: 0, withdrawn: 0 });
  });

  it('refuses illegal transitions, unknown withdrawals and missing reasons, changing nothing', async () => {
    const m = await funded('Strict', '40.00');
    const id = (await h.gql(WITHDRAW, { input: { amount: '10.00' } }, { token: m.token })).data.requestWithdrawal.withdrawal.id;
    const before = await counts(m.id);
    const code = (r: { userErrors: { code: string }[] }) => r.userErrors.map((e) => e.code);
    expect(code(await step('markWithdrawalPaid', id))).toEqual(['ILLEGAL_TRANSITION']);
    expect(code(await step('markWithdrawalFailed', id, 'No'))).toEqual(['ILLEGAL_TRANSITION']);
    expect(code(await step('rejectWithdrawal', id, '   '))).toEqual(['INVALID_REASON']);
    expect(code(await step('approveWithdrawal', toGlobalId('Withdrawal', '01a20c00-0000-7000-8000-00000000abcd')))).toEqual(['WITHDRAWAL_NOT_FOUND']);
    expect(code(await step('approveWithdrawal', 'not-an-id'))).toEqual(['WITHDRAWAL_NOT_FOUND']);
    expect(await counts(m.id)).toEqual(before);
    await step('approveWithdrawal', id);
    const again = await step('approveWithdrawal', id);
    expect(again.userErrors[0]).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      message: 'The withdrawal is APPROVED: it cannot approve now (only from REQUESTED)',
    });
    expect(code(await step('rejectWithdrawal', id, 'Late'))).toEqual(['ILLEGAL_TRANSITION']);
    // Two operators paying it at once: exactly one does.
    const both = await Promise.all([step('markWithdrawalPaid', id), step('markWithdrawalPaid', id)]);
    expect(both.map(code).sort()).toEqual([[], ['ILLEGAL_TRANSITION']]);
    expect(await balance(h, m.id)).toMatchObject({ available: 3000, withdrawing: 0, withdrawn: 1000 });
  });
});

describe('operator steps with an idempotency key', () => {
  it('a retried step replays its first answer instead of failing or moving money twice; the key with other input is refused', async () => {
    const m = await funded('Retried', '40.00');
    const id = (await h.gql(WITHDRAW, { input: { amount: '10.00' } }, { token: m.token })).data.requestWithdrawal.withdrawal.id;
    const other = (await h.gql(WITHDRAW, { input: { amount: '10.00' } }, { token: m.token })).data.requestWithdrawal.withdrawal.id;
    const code = (r: { userErrors: { code: string }[] }) => r.userErrors.map((e) => e.code);
    // Sent twice at once with one key: both answer APPROVED, it is approved once.
    const approvals = await Promise.all([
      step('approveWithdrawal', id, undefined, 'approve-1-abcdef'),
      step('approveWithdrawal', id, undefined, 'approve-1-abcdef'),
    ]);
    expect(approvals.map((r) => [r.withdrawal.status, code(r)])).toEqual([
      ['APPROVED', []],
      ['APPROVED', []],
    ]);
    expect(code(await step('approveWithdrawal', other, undefined, 'approve-1-abcdef'))).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect(code(await step('approveWithdrawal', id, undefined, 'bad key'))).toEqual(['INVALID_IDEMPOTENCY_KEY']);
    const before = await counts(m.id);
    const paid = await Promise.all([step('markWithdrawalPaid', id, undefined, 'paid-1-abcdef'), step('markWithdrawalPaid', id, undefined, 'paid-1-abcdef')]);
    expect(paid.map(code)).toEqual([[], []]);
    expect((await counts(m.id)).entries).toBe(before.entries + 1);
    expect(await balance(h, m.id)).toMatchObject({ withdrawing: 1000, withdrawn: 1000 });
    // A reason step: the same key and reason replays; another reason under the key is refused.
    expect(code(await step('rejectWithdrawal', other, 'No bank account', 'reject-1-abcdef'))).toEqual([]);
    expect(code(await step('rejectWithdrawal', other, 'No bank account', 'reject-1-abcdef'))).toEqual([]);
    expect(code(await step('rejectWithdrawal', other, 'Something else', 'reject-1-abcdef'))).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect(await balance(h, m.id)).toMatchObject({ available: 3000, withdrawing: 0, withdrawn: 1000 });
  });
});

describe('adjustments', () => {
  it('a debit beyond available becomes debt; a credit pays debt first; bad input is refused', async () => {
    const m = await funded('Adjusted', '10.00');
    const debit = await asOp(ADJUST, { input: { accountId: m.globalId, amount: '25.00', debit: true, reason: 'Chargeback' } });
    expect(debit.data.adjustEarnings.entry).toMatchObject({
      kind: 'ADJUSTMENT',
      isDebit: true,
      amount: { amount: '25.00' },
      note: 'Chargeback',
      explanation: '-25.00 = adjustment by an operator: Chargeback (debt +15.00)',
    });
    expect(await balance(h, m.id)).toMatchObject({ available: 0, debt: 1500 });
    await asOp(ADJUST, { input: { accountId: m.globalId, amount: '20.00', debit: false, reason: 'Goodwill' } });
    expect(await balance(h, m.id)).toMatchObject({ available: 500, debt: 0 });
    const before = await counts(m.id);
    for (const [input, code] of [
      [{ accountId: m.globalId, amount: '0', debit: false, reason: 'Zero' }, 'INVALID_AMOUNT'],
      [{ accountId: m.globalId, amount: '1.00', debit: false, reason: '' }, 'INVALID_REASON'],
      [{ accountId: toGlobalId('Account', '01a20c00-0000-7000-8000-00000000abcd'), amount: '1.00', debit: false, reason: 'Nobody' }, 'ACCOUNT_NOT_FOUND'],
    ] as const) {
      const res = await asOp(ADJUST, { input });
      expect(res.data.adjustEarnings).toEqual({ entry: null, userErrors: [expect.objectContaining({ code })] });
    }
    expect(await counts(m.id)).toEqual(before);
  });
});

describe('operator views', () => {
  it("liabilities add up every balance; a member's ledger; top earners", async () => {
    const l = (
      await asOp('{ earningsLiabilities { pending { amount } available { amount } withdrawing { amount } total { amount } debt { amount } members } }', {})
    ).data.earningsLiabilities;
    const [sums] = await h.sql('select sum(pending)::int as p, sum(available)::int as a, sum(withdrawing)::int as w, sum(debt)::int as d from member_balance');
    const dec = (fen: number) => (fen / 100).toFixed(2);
    expect(l).toMatchObject({
      pending: { amount: dec(sums.p) },
      available: { amount: dec(sums.a) },
      withdrawing: { amount: dec(sums.w) },
      total: { amount: dec(sums.p + sums.a + sums.w) },
      debt: { amount: dec(sums.d) },
    });
    const m = await funded('Ledgered', '12.34');
    const ledger = await asOp('query($id: ID!) { memberLedger(accountId: $id, first: 10) { totalCount nodes { kind amount { amount } explanation } } }', {
      id: m.globalId,
    });
    expect(ledger.data.memberLedger).toEqual({
      totalCount: 1,
      nodes: [{ kind: 'ADJUSTMENT', amount: { amount: '12.34' }, explanation: '+12.34 = adjustment by an operator: Opening balance' }],
    });
    const top = await asOp('{ topEarners(from: "2020-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z", first: 3) { earned { amount } } }', {});
    expect(top.errors).toBeUndefined();
    const bad = await asOp('{ topEarners(from: "2020-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z", first: 500) { earned { amount } } }', {});
    expect(bad.errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

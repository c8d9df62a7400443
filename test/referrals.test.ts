import { CODE_ALPHABET } from '../src/modules/referrals/codes';
import { requestStatements } from './support/request-statements';
import { startHarness, type Harness } from './harness';
import { ORDER, paidOrder, products } from './shop';

let h: Harness;
let op: string;

beforeAll(async () => {
  h = await startHarness();
  op = await h.operatorToken();
});
afterAll(() => h.close());

interface Person {
  id: string;
  email: string;
  token: string;
  /** Members only. */
  code: string;
}

const PASSWORD = 'referral-pass-2026';
const REGISTER = 'mutation($input: RegisterInput!) { register(input: $input) { account { id } tokens { accessToken } userErrors { code field message } } }';
const BIND =
  'mutation($code: String!, $via: InviteChannel) { bindInviter(inviteCode: $code, via: $via) { inviter { displayName avatarUrl boundAt source } userErrors { code field message } } }';
const INVITE_CODE = '{ myInviteCode { code linkToken createdAt } }';
let serial = 0;

/** A customer registered through the API (with an invite code when given). */
async function customer(name: string, inviteCode?: string): Promise<Person> {
  const email = `${name.toLowerCase()}-${++serial}@referrals.example`;
  const res = await h.gql(REGISTER, { input: { email, password: PASSWORD, displayName: `${name} ${serial}`, inviteCode } });
  expect(res.data.register.userErrors).toEqual([]);
  const [{ id }] = await h.sql('select id from account where email = $1', [email]);
  return { id, email, token: res.data.register.tokens.accessToken, code: '' };
}

/** A member with an invite code: promoted by SQL, so these tests do not depend on how memberships are bought. */
async function member(name: string, inviteCode?: string): Promise<Person> {
  const person = await customer(name, inviteCode);
  await h.sql(`update account set role = 'member' where id = $1`, [person.id]);
  const res = await h.gql(INVITE_CODE, {}, { token: person.token });
  expect(res.errors).toBeUndefined();
  return { ...person, code: res.data.myInviteCode.code };
}

const bind = async (who: Person, code: string, via?: string) => (await h.gql(BIND, { code, via }, { token: who.token })).data.bindInviter;

async function setMode(mode: 'first_valid' | 'registration_only' | 'last_link'): Promise<void> {
  await h.sql(
    `insert into member_program_settings (id, binding_mode, updated_at) values (1, $1, now()) on conflict (id) do update set binding_mode = excluded.binding_mode`,
    [mode],
  );
}

async function inviterOf(person: Person): Promise<string | null> {
  const [row] = await h.sql('select inviter_id from referral_binding where invitee_id = $1', [person.id]);
  return row?.inviter_id ?? null;
}

/** Every table a binding writes, as digests: a refused binding must leave them all as they were. */
async function tree(): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const table of ['referral_binding', 'referral_path', 'account']) {
    const [{ digest }] = await h.sql(`select md5(coalesce(string_agg(row_to_json(t)::text, ',' order by row_to_json(t)::text), '')) as digest from ${table} t`);
    digests[table] = digest;
  }
  return digests;
}

/**
 * The closure table against the bindings it is derived from: every (ancestor, descendant, depth)
 * a recursive walk up referral_binding finds, and nothing else; and no account its own ancestor.
 */
async function expectConsistentClosure(): Promise<void> {
  const [result] = await h.sql(`
    with recursive up(descendant_id, ancestor_id, depth) as (
      select invitee_id, inviter_id, 1 from referral_binding
      union all
      select up.descendant_id, b.inviter_id, up.depth + 1 from up join referral_binding b on b.invitee_id = up.ancestor_id where up.depth < 200
    )
    select (select count(*)::int from (select * from up except select descendant_id, ancestor_id, depth from referral_path) missing) as missing,
           (select count(*)::int from (select descendant_id, ancestor_id, depth from referral_path except select * from up) extra) as extra,
           (select count(*)::int from up where descendant_id = ancestor_id) as loops,
           (select count(*)::int from up where depth >= 200) as runaway`);
  expect(result).toEqual({ missing: 0, extra: 0, loops: 0, runaway: 0 });
}

const TEAM = 'query($from: DateTimeISO!, $to: DateTimeISO!) { myTeam { size levels { depth count } sales(from: $from, to: $to) { amount currencyCode } } }';
const YEAR = { from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' };

describe('invite codes', () => {
  it('gives every member one code, made on first ask, even when asked in parallel', async () => {
    const m = await customer('coder');
    await h.sql(`update account set role = 'member' where id = $1`, [m.id]);
    const answers = await Promise.all(Array.from({ length: 8 }, () => h.gql(INVITE_CODE, {}, { token: m.token })));
    const codes = new Set(answers.map((a) => a.data.myInviteCode.code));
    expect(codes.size).toBe(1);
    const [code] = codes;
    expect(code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{6,8}$`));
    expect(answers[0].data.myInviteCode.linkToken).toBe(code);
    expect((await h.sql('select count(*)::int as n from invite_code where account_id = $1', [m.id]))[0].n).toBe(1);
  });

  it('gives customers who are not members none, and asks for a sign-in', async () => {
    const c = await customer('plain');
    expect((await h.gql(INVITE_CODE, {}, { token: c.token })).data.myInviteCode).toBeNull();
    expect((await h.sql('select count(*)::int as n from invite_code where account_id = $1', [c.id]))[0].n).toBe(0);
    expect((await h.gql(INVITE_CODE)).errors![0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('first valid binding (the default)', () => {
  beforeAll(() => setMode('first_valid'));

  it('binds a customer to a member once, with time and source, and keeps the first inviter', async () => {
    const mentor = await member('mentor');
    const other = await member('other');
    const c = await customer('newbie');
    const before = Date.now();
    const res = await bind(c, ` ${mentor.code.toLowerCase()} `, 'INVITE_CODE');
    expect(res.userErrors).toEqual([]);
    expect(res.inviter).toMatchObject({ displayName: expect.stringMatching(/^mentor/), avatarUrl: null, source: 'INVITE_CODE' });
    expect(Date.parse(res.inviter.boundAt)).toBeGreaterThanOrEqual(before - 1000);

    const me = await h.gql('{ me { inviter { displayName source } } }', {}, { token: c.token });
    expect(me.data.me.inviter).toEqual({ displayName: res.inviter.displayName, source: 'INVITE_CODE' });

    const snapshot = await tree();
    const again = await bind(c, other.code);
    expect(again).toEqual({ inviter: null, userErrors: [{ code: 'ALREADY_BOUND', field: ['inviteCode'], message: expect.any(String) }] });
    expect(await bind(c, mentor.code)).toMatchObject({ inviter: null, userErrors: [{ code: 'ALREADY_BOUND' }] });
    expect(await tree()).toEqual(snapshot);
    expect(await inviterOf(c)).toBe(mentor.id);
    await expectConsistentClosure();
  });

  it('records an invite link as the source by default', async () => {
    const mentor = await member('linker');
    const c = await customer('arrival');
    expect((await bind(c, mentor.code)).inviter.source).toBe('INVITE_LINK');
    const [row] = await h.sql('select source from referral_binding where invitee_id = $1', [c.id]);
    expect(row.source).toBe('invite_link');
  });

  it('refuses every bad binding with its code and writes nothing', async () => {
    const top = await member('top');
    const mid = await member('mid');
    const low = await member('low');
    expect((await bind(mid, top.code)).userErrors).toEqual([]);
    expect((await bind(low, mid.code)).userErrors).toEqual([]);
    const plain = await customer('nomember');
    const lapsed = await member('lapsed');
    await h.sql(`update account set role = 'customer' where id = $1`, [lapsed.id]);
    const c = await customer('refused');

    const snapshot = await tree();
    const cases: [Person, string, string][] = [
      [c, 'ZZZZZZ', 'INVITE_CODE_NOT_FOUND'],
      [c, 'no code!', 'INVITE_CODE_NOT_FOUND'],
      [top, top.code, 'SELF_BINDING'],
      [top, mid.code, 'BINDING_LOOP'],
      [top, low.code, 'BINDING_LOOP'],
      [c, lapsed.code, 'INVITER_NOT_MEMBER'],
      [mid, low.code, 'ALREADY_BOUND'],
    ];
    for (const [who, code, expected] of cases) {
      const res = await bind(who, code);
      expect({ code, res }).toEqual({ code, res: { inviter: null, userErrors: [{ code: expected, field: ['inviteCode'], message: expect.any(String) }] } });
    }
    // Longer than any invite code (at most 8 characters): refused at the edge before anything runs.
    for (const code of ['not a code!', 'x'.repeat(500)]) {
      const res = await h.gql(BIND, { code }, { token: c.token });
      expect(res.status).toBe(400);
      expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['inviteCode'] });
    }
    // A customer who is not a member has no code at all: nobody can bind to them.
    expect((await h.gql(INVITE_CODE, {}, { token: plain.token })).data.myInviteCode).toBeNull();
    expect(await tree()).toEqual(snapshot);
    await expectConsistentClosure();
  });

  it('lets exactly one of A→B and B→A win when both are sent at once, many times over', async () => {
    const pairs = await Promise.all(Array.from({ length: 6 }, async (_, i) => [await member(`raceA${i}`), await member(`raceB${i}`)] as const));
    const results = await Promise.all(pairs.flatMap(([a, b]) => [bind(a, b.code), bind(b, a.code)]));
    for (let i = 0; i < pairs.length; i++) {
      const [first, second] = [results[2 * i], results[2 * i + 1]];
      const outcomes = [first.userErrors[0]?.code ?? 'BOUND', second.userErrors[0]?.code ?? 'BOUND'].sort();
      expect(outcomes).toEqual(['BINDING_LOOP', 'BOUND']);
    }
    await expectConsistentClosure();
  });

  it("sees a loop made of two bindings on disjoint pairs (A over A', B over B'; A under B' and B under A' at once)", async () => {
    for (let round = 0; round < 4; round++) {
      const [a, b] = [await member(`crossA${round}`), await member(`crossB${round}`)];
      const [a2, b2] = [await member(`crossA2${round}`, a.code), await member(`crossB2${round}`, b.code)];
      const [one, two] = await Promise.all([bind(a, b2.code), bind(b, a2.code)]);
      const outcomes = [one.userErrors[0]?.code ?? 'BOUND', two.userErrors[0]?.code ?? 'BOUND'].sort();
      expect(outcomes).toEqual(['BINDING_LOOP', 'BOUND']);
    }
    await expectConsistentClosure();
  });

  it('binds many customers to one member in parallel', async () => {
    const mentor = await member('popular');
    const fans = await Promise.all(Array.from({ length: 12 }, (_, i) => customer(`fan${i}`)));
    const results = await Promise.all(fans.map((f) => bind(f, mentor.code)));
    expect(results.every((r) => r.userErrors.length === 0)).toBe(true);
    expect((await h.gql(TEAM, YEAR, { token: mentor.token })).data.myTeam.size).toBe(12);
    await expectConsistentClosure();
  });
});

describe('registration with an invite code', () => {
  beforeAll(() => setMode('first_valid'));

  it('binds the new customer in the same transaction, with source REGISTRATION', async () => {
    const mentor = await member('recruiter');
    const c = await customer('signup', mentor.code);
    expect(await inviterOf(c)).toBe(mentor.id);
    const me = await h.gql('{ me { inviter { displayName source } } }', {}, { token: c.token });
    expect(me.data.me.inviter).toEqual({ displayName: expect.stringMatching(/^recruiter/), source: 'REGISTRATION' });
    await expectConsistentClosure();
  });

  it('refuses the registration, creating no account, when the code binds nobody', async () => {
    const lapsed = await member('gone');
    await h.sql(`update account set role = 'customer' where id = $1`, [lapsed.id]);
    const snapshot = await tree();
    for (const code of ['NOSUCH', lapsed.code]) {
      const res = await h.gql(REGISTER, { input: { email: `refused-${code}@referrals.example`, password: PASSWORD, inviteCode: code } });
      expect(res.data.register).toEqual({
        account: null,
        tokens: null,
        userErrors: [{ code: 'INVALID_INVITE_CODE', field: ['input', 'inviteCode'], message: expect.any(String) }],
      });
    }
    expect(await tree()).toEqual(snapshot);
  });
});

describe('binding only at registration', () => {
  beforeAll(() => setMode('registration_only'));
  afterAll(() => setMode('first_valid'));

  it('refuses bindInviter but binds through registration', async () => {
    const mentor = await member('gatekeeper');
    const late = await customer('late');
    const snapshot = await tree();
    expect(await bind(late, mentor.code)).toMatchObject({ inviter: null, userErrors: [{ code: 'ONLY_AT_REGISTRATION', field: ['inviteCode'] }] });
    expect(await tree()).toEqual(snapshot);
    const early = await customer('early', mentor.code);
    expect(await inviterOf(early)).toBe(mentor.id);
  });
});

describe('last link wins', () => {
  beforeAll(() => setMode('last_link'));
  afterAll(() => setMode('first_valid'));

  it('moves the binding and the whole team under it, keeping the closure table exact', async () => {
    const oldTop = await member('oldtop');
    const newTop = await member('newtop');
    const c = await member('mover', oldTop.code);
    const d = await member('moverchild', c.code);
    await customer('movergrandchild', d.code);
    await customer('moverchild2', c.code);
    const sizes = async () => Promise.all([oldTop, newTop].map(async (p) => (await h.gql(TEAM, YEAR, { token: p.token })).data.myTeam.size));
    expect(await sizes()).toEqual([4, 0]);

    const res = await bind(c, newTop.code);
    expect(res.userErrors).toEqual([]);
    expect(res.inviter.displayName).toMatch(/^newtop/);
    expect(await inviterOf(c)).toBe(newTop.id);
    expect(await sizes()).toEqual([0, 4]);
    const levels = (await h.gql(TEAM, YEAR, { token: newTop.token })).data.myTeam.levels;
    expect(levels).toEqual([
      { depth: 1, count: 1 },
      { depth: 2, count: 2 },
      { depth: 3, count: 1 },
    ]);
    await expectConsistentClosure();

    // The same inviter again changes nothing; a link into one's own team is still a loop.
    const snapshot = await tree();
    expect((await bind(c, newTop.code)).userErrors).toEqual([]);
    expect(await bind(c, d.code)).toMatchObject({ inviter: null, userErrors: [{ code: 'BINDING_LOOP' }] });
    expect(await tree()).toEqual(snapshot);
  });

  it('keeps the tree loop-free when moves cross in parallel', async () => {
    for (let round = 0; round < 3; round++) {
      const root = await member(`lroot${round}`);
      const [a, b] = [await member(`lA${round}`, root.code), await member(`lB${round}`, root.code)];
      const [a2, b2] = [await member(`lA2${round}`, a.code), await member(`lB2${round}`, b.code)];
      const [one, two] = await Promise.all([bind(a, b2.code), bind(b, a2.code)]);
      const outcomes = [one.userErrors[0]?.code ?? 'MOVED', two.userErrors[0]?.code ?? 'MOVED'].sort();
      expect(outcomes).toEqual(['BINDING_LOOP', 'MOVED']);
    }
    await expectConsistentClosure();
  });
});

describe('team queries', () => {
  beforeAll(() => setMode('first_valid'));

  it('answers size, levels, members by level, direct invitees and sales of the period', async () => {
    const leader = await member('leader');
    const x = await member('x', leader.code);
    const y = await customer('y', leader.code);
    const x1 = await member('x1', x.code);
    const x11 = await customer('x11', x1.code);
    const outsider = await customer('outsider');

    const team = (await h.gql(TEAM, YEAR, { token: leader.token })).data.myTeam;
    expect(team.size).toBe(4);
    expect(team.levels).toEqual([
      { depth: 1, count: 2 },
      { depth: 2, count: 1 },
      { depth: 3, count: 1 },
    ]);

    // Direct invitees, newest first, a page at a time; no contact details anywhere.
    const INVITEES =
      'query($after: String) { myInvitees(first: 1, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id displayName isMember depth } } }';
    const page1 = (await h.gql(INVITEES, {}, { token: leader.token })).data.myInvitees;
    expect(page1).toMatchObject({
      totalCount: 2,
      pageInfo: { hasNextPage: true },
      nodes: [{ displayName: expect.stringMatching(/^y /), isMember: false, depth: 1 }],
    });
    const page2 = (await h.gql(INVITEES, { after: page1.pageInfo.endCursor }, { token: leader.token })).data.myInvitees;
    expect(page2).toMatchObject({ pageInfo: { hasNextPage: false }, nodes: [{ displayName: expect.stringMatching(/^x /), isMember: true, depth: 1 }] });

    const MEMBERS = 'query($depth: Int) { myTeam { members(depth: $depth, first: 10) { totalCount nodes { displayName depth } } } }';
    const all = (await h.gql(MEMBERS, {}, { token: leader.token })).data.myTeam.members;
    expect(all.totalCount).toBe(4);
    expect(all.nodes.map((n: { depth: number }) => n.depth)).toEqual([1, 1, 2, 3]);
    const level2 = (await h.gql(MEMBERS, { depth: 2 }, { token: leader.token })).data.myTeam.members;
    expect(level2).toEqual({ totalCount: 1, nodes: [{ displayName: expect.stringMatching(/^x1 /), depth: 2 }] });
    expect((await h.gql(MEMBERS, { depth: 0 }, { token: leader.token })).errors![0].extensions.code).toBe('BAD_USER_INPUT');

    // Sales: orders paid by the team in the period, less refunds; the leader's own and outsiders' are not counted.
    const [sku] = await products(h, op, ['100.00'], 50);
    const line = (quantity: number) => [{ skuId: sku.skuId, quantity }];
    const totalOf = async (orderId: string) => Number((await h.sql('select total from customer_order where id = $1', [orderId]))[0].total);
    const paid = [await paidOrder(h, x.token, line(1)), await paidOrder(h, y.token, line(2)), await paidOrder(h, x11.token, line(1))];
    const old = await paidOrder(h, x1.token, line(1));
    await paidOrder(h, leader.token, line(1));
    await paidOrder(h, outsider.token, line(1));
    await h.sql(`update customer_order set paid_at = '2020-06-01T00:00:00Z' where id = $1`, [old.dbId]);
    // Refund one of y's two units (100.00).
    const lines = (await h.gql(ORDER, { id: paid[1].id }, { token: y.token })).data.order.lines;
    const refunded = await h.gql(
      'mutation($input: RefundOrderInput!) { refundOrder(input: $input) { userErrors { code message } } }',
      {
        input: {
          orderId: paid[1].id,
          lines: [{ orderLineId: lines[0].id, quantity: 1 }],
          reason: 'One arrived broken',
          idempotencyKey: `referral-refund-${paid[1].number}`,
        },
      },
      { token: op, key: null },
    );
    expect(refunded.data.refundOrder.userErrors).toEqual([]);

    let expected = -10000;
    for (const o of paid) expected += await totalOf(o.dbId);
    const now = new Date();
    const period = { from: new Date(now.getTime() - 3600_000).toISOString(), to: new Date(now.getTime() + 3600_000).toISOString() };
    const sales = (await h.gql(TEAM, period, { token: leader.token })).data.myTeam.sales;
    expect(sales).toEqual({ amount: (expected / 100).toFixed(2), currencyCode: 'CNY' });
    const in2020 = (await h.gql(TEAM, { from: '2020-01-01T00:00:00Z', to: '2021-01-01T00:00:00Z' }, { token: leader.token })).data.myTeam.sales;
    expect(in2020.amount).toBe(((await totalOf(old.dbId)) / 100).toFixed(2));
    // x's team is x1 and x11 only.
    expect((await h.gql(TEAM, period, { token: x.token })).data.myTeam.sales.amount).toBe(((await totalOf(paid[2].dbId)) / 100).toFixed(2));

    expect((await h.gql(TEAM, { from: period.to, to: period.from }, { token: leader.token })).errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('reads each team figure with one SQL statement, whatever the team', async () => {
    const leader = await member('counted');
    const x = await member('counted-x', leader.code);
    await customer('counted-y', x.code);
    const once = (query: string, variables?: Record<string, unknown>) =>
      requestStatements(async () => {
        const res = await h.gql(query, variables, { token: leader.token });
        expect(res.errors).toBeUndefined();
      });
    // The caller's session is cached for a few seconds from its lookup, so it may be read again during a measured request: the fewer of
    // two in a row is the query's own.
    const statements = async (query: string, variables?: Record<string, unknown>) => Math.min(await once(query, variables), await once(query, variables));
    expect(await statements('query($from: DateTimeISO!, $to: DateTimeISO!) { myTeam { size sales(from: $from, to: $to) { amount } } }', YEAR)).toBe(2);
    expect(await statements(TEAM, YEAR)).toBe(3);
    expect(await statements('{ myTeam { members(first: 10) { nodes { displayName avatarUrl isMember depth boundAt } } } }')).toBe(1);
    expect(await statements('{ myInvitees(first: 10) { totalCount nodes { displayName } } }')).toBe(2);
  });

  it('answers an empty team with zeros', async () => {
    const loner = await member('loner');
    const team = (await h.gql(TEAM, YEAR, { token: loner.token })).data.myTeam;
    expect(team).toEqual({ size: 0, levels: [], sales: { amount: '0.00', currencyCode: 'CNY' } });
    expect((await h.gql('{ myInvitees { totalCount nodes { id } } }', {}, { token: loner.token })).data.myInvitees).toEqual({ totalCount: 0, nodes: [] });
  });
});

describe('authorization', () => {
  const OPS: [string, string, Record<string, unknown>][] = [
    ['myInviteCode', INVITE_CODE, {}],
    ['myInvitees', '{ myInvitees { totalCount } }', {}],
    ['myTeam', TEAM, YEAR],
    ['bindInviter', BIND, { code: 'ABCDEF' }],
  ];

  it.each(OPS)('%s needs a signed-in customer or member: anonymous callers and operators are refused', async (field, query, variables) => {
    const snapshot = await tree();
    const anonymous = await h.gql(query, variables);
    expect(anonymous.errors![0]).toMatchObject({ path: [field], extensions: { code: 'UNAUTHENTICATED' } });
    const operator = await h.gql(query, variables, { token: op });
    expect(operator.errors![0]).toMatchObject({ path: [field], extensions: { code: 'FORBIDDEN' } });
    expect(await tree()).toEqual(snapshot);
  });

  it('shows other people in the tree without their email or phone', async () => {
    const res = await h.gql('{ a: __type(name: "Inviter") { fields { name } } b: __type(name: "TeamMember") { fields { name } } }', {}, { key: null });
    const fields = [...res.data.a.fields, ...res.data.b.fields].map((f: { name: string }) => f.name);
    expect(fields).not.toContain('email');
    expect(fields).not.toContain('phone');
  });
});

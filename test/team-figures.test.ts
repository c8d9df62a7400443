import { dispatchOrderEvents } from '../src/modules/orders/events';
import { ReferralReads } from '../src/modules/referrals/reads';
import { REBUILD_TEAM_FIGURES } from '../src/modules/referrals/team-figures';
import { startHarness, type Harness } from './harness';
import { ORDER, paidOrder, products } from './shop';

/**
 * The team figures (src/modules/referrals/team-figures.ts) against the truth they summarise: for
 * every member of a deep tree, team sales read from the figures equal team sales summed from the
 * orders, over periods of whole hours and days and of parts of them, after parallel orders, refunds, a
 * cancellation, moves of whole teams and event deliveries racing each other; team sizes equal the
 * closure table's counts.
 */
let h: Harness;
let op: string;
let serial = 0;
beforeAll(async () => {
  h = await startHarness();
  op = await h.operatorToken();
});
afterAll(() => h.close());

const PASSWORD = 'team-figures-2026';
const REGISTER = 'mutation($input: RegisterInput!) { register(input: $input) { tokens { accessToken } userErrors { code message } } }';
const TEAM = 'query($from: DateTimeISO!, $to: DateTimeISO!) { myTeam { size sales(from: $from, to: $to) { amount } } }';

interface Person {
  id: string;
  token: string;
  code: string;
}

/** A member registered through the API, under the owner of `inviteCode` when given. */
async function member(inviteCode?: string): Promise<Person> {
  const email = `team-${++serial}-${Math.random().toString(36).slice(2, 8)}@figures.example`;
  const res = await h.gql(REGISTER, { input: { email, password: PASSWORD, displayName: `T${serial}`, inviteCode } });
  if (res.data?.register?.userErrors?.length !== 0) throw new Error(JSON.stringify(res.body));
  const [{ id }] = await h.sql('select id from account where email = $1', [email]);
  await h.sql(`update account set role = 'member' where id = $1`, [id]);
  const token = res.data.register.tokens.accessToken;
  const code = (await h.gql('{ myInviteCode { code } }', {}, { token })).data.myInviteCode.code;
  return { id, token, code };
}

/** Every order event delivered, by three dispatchers at once (as three API processes would). */
async function deliverEvents(): Promise<void> {
  const dispatcher = async () => {
    while ((await dispatchOrderEvents(h.orm.em.fork(), undefined, 5)) > 0);
  };
  await Promise.all([dispatcher(), dispatcher(), dispatcher()]);
  // A dispatcher that found another's events locked stops early: one more round finds nothing left.
  while ((await dispatchOrderEvents(h.orm.em.fork())) > 0);
}

const DAY = 86_400_000;
/** Midnight in China time (UTC+8, no daylight saving), `days` from today's. */
function chinaMidnight(days: number): Date {
  const now = Date.now();
  const local = now + 8 * 3_600_000;
  return new Date(local - (local % DAY) - 8 * 3_600_000 + days * DAY);
}

function periods(): [Date, Date][] {
  const now = new Date();
  return [
    [new Date(now.getTime() - 3_600_000), new Date(now.getTime() + 3_600_000)], // parts of one day
    [chinaMidnight(0), chinaMidnight(1)], // today, a whole day
    [chinaMidnight(-3), chinaMidnight(2)], // whole days around it
    [new Date(chinaMidnight(-2).getTime() + 5_000), new Date(chinaMidnight(1).getTime() + 7_000)], // whole days with parts at both ends
    [new Date(now.getTime() + 60_000), new Date(now.getTime() + 2 * DAY)], // after every order
    [new Date(now.getTime() - 3 * 3_600_000 + 17_000), new Date(now.getTime() + 3_600_000 + 5_000)], // whole hours with parts at both ends
  ];
}

/** Figures against orders for every member given, every period; sizes against the closure table. */
async function expectFiguresExact(people: Person[]): Promise<void> {
  const reads = new ReferralReads(h.orm.em.fork());
  for (const person of people) {
    for (const [from, to] of periods()) {
      const fromOrders = await reads.teamSales(person.id, from, to, Number.MAX_SAFE_INTEGER);
      const fromFigures = await reads.teamSales(person.id, from, to, -1);
      expect({ person: person.id, from, fromFigures }).toEqual({ person: person.id, from, fromFigures: fromOrders });
    }
  }
  const sizes = await h.sql(`
    select a.id, coalesce(s.size, 0) as kept, (select count(*) from referral_path p where p.ancestor_id = a.id)::int as counted
      from account a left join team_size s on s.member_id = a.id
     where coalesce(s.size, 0) <> (select count(*) from referral_path p where p.ancestor_id = a.id)`);
  expect(sizes).toEqual([]);
}

describe('team figures', () => {
  let people: Person[] = [];
  let skus: { skuId: string }[] = [];

  beforeAll(async () => {
    // A chain of 10 with a branch of 2 under every third link: 16 members, 10 levels deep.
    people = [await member()];
    for (let i = 1; i < 10; i++) {
      people.push(await member(people[i - 1].code));
      if (i % 3 === 0) people.push(await member(people[i - 1].code), await member(people[people.length - 1].code));
    }
    skus = await products(h, op, ['39.00', '128.00', '9.90'], 500);
  });

  it('equal the orders after parallel payments across the tree and event deliveries racing each other', async () => {
    const buyers = people.slice(1);
    const orders = await Promise.all(buyers.map((p, i) => paidOrder(h, p.token, [{ skuId: skus[i % 3].skuId, quantity: 1 + (i % 2) }])));
    expect(orders).toHaveLength(buyers.length);
    await deliverEvents();
    await expectFiguresExact(people);
    const [root] = people;
    const [{ total }] = await h.sql(
      `select coalesce(sum(o.total - o.refunded_total), 0)::int as total from customer_order o join referral_path p on p.descendant_id = o.customer_id where p.ancestor_id = $1`,
      [root.id],
    );
    expect(total).toBeGreaterThan(0);
  });

  it('take back refunds, partial and whole, and cancellations after payment', async () => {
    const [, first, second] = people;
    const a = await paidOrder(h, first.token, [{ skuId: skus[1].skuId, quantity: 3 }]);
    const b = await paidOrder(h, second.token, [{ skuId: skus[0].skuId, quantity: 1 }]);
    await deliverEvents();
    const lines = (await h.gql(ORDER, { id: a.id }, { token: first.token })).data.order.lines;
    const refund = (input: Record<string, unknown>) =>
      h.gql('mutation($input: RefundOrderInput!) { refundOrder(input: $input) { userErrors { code message } } }', { input }, { token: op, key: null });
    expect(
      (await refund({ orderId: a.id, lines: [{ orderLineId: lines[0].id, quantity: 1 }], reason: 'One broke', idempotencyKey: `team-r1-${a.number}` })).data
        .refundOrder.userErrors,
    ).toEqual([]);
    expect((await refund({ orderId: b.id, reason: 'Changed mind', idempotencyKey: `team-r2-${b.number}` })).data.refundOrder.userErrors).toEqual([]);
    await deliverEvents();
    await expectFiguresExact(people);
    // A second delivery of the same events changes nothing.
    await h.sql(`update order_event set delivered_at = null where order_id in ($1, $2)`, [a.dbId, b.dbId]);
    await deliverEvents();
    await expectFiguresExact(people);
  });

  it('move with their team when the last link wins, while order events are delivered', async () => {
    await h.sql(
      `insert into member_program_settings (id, binding_mode, updated_at) values (1, 'last_link', now()) on conflict (id) do update set binding_mode = 'last_link'`,
    );
    try {
      const newTop = await member();
      people.push(newTop);
      // Orders paid, then the middle of the chain moves under newTop while their events are being delivered.
      const mover = people[4];
      await Promise.all(people.slice(5, 9).map((p) => paidOrder(h, p.token, [{ skuId: skus[2].skuId, quantity: 2 }])));
      const BIND = 'mutation($code: String!) { bindInviter(inviteCode: $code, via: INVITE_LINK) { userErrors { code message } } }';
      const [bound] = await Promise.all([h.gql(BIND, { code: newTop.code }, { token: mover.token }), deliverEvents()]);
      expect(bound.data.bindInviter.userErrors).toEqual([]);
      await deliverEvents();
      await expectFiguresExact(people);
      // And back under the chain, with a payment in flight.
      const [back] = await Promise.all([
        h.gql(BIND, { code: people[2].code }, { token: mover.token }),
        paidOrder(h, people[6].token, [{ skuId: skus[0].skuId, quantity: 1 }]).then(deliverEvents),
      ]);
      expect(back.data.bindInviter.userErrors).toEqual([]);
      await deliverEvents();
      await expectFiguresExact(people);
    } finally {
      await h.sql(`update member_program_settings set binding_mode = 'first_valid' where id = 1`);
    }
  });
});

describe('team of more than 1,000 people', () => {
  it('answers size at once and sales once the order events are delivered', async () => {
    const root = await member();
    const [{ password_hash: hash }] = await h.sql('select password_hash from account where id = $1', [root.id]);
    // 1,200 invitees written straight into the database (as the bench's tree), their figures rebuilt.
    await h.sql(
      `with made as (
         insert into account (id, email, password_hash, display_name, role, created_at, updated_at)
         select gen_random_uuid(), 'big-team-' || i || '-' || $2 || '@figures.example', $3, 'Big ' || i, 'customer', now(), now() from generate_series(1, 1200) i
         returning id)
       , bound as (insert into referral_binding (invitee_id, inviter_id, source, bound_at) select id, $1, 'invite_link', now() from made returning invitee_id)
       insert into referral_path (ancestor_id, descendant_id, depth) select $1, invitee_id, 1 from bound`,
      [root.id, serial, hash],
    );
    for (const statement of REBUILD_TEAM_FIGURES) await h.sql(statement);
    const period = { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 3_600_000).toISOString() };
    const team = async () => (await h.gql(TEAM, period, { token: root.token })).data.myTeam;
    expect(await team()).toEqual({ size: 1200, sales: { amount: '0.00' } });

    const [{ email }] = await h.sql(`select email from account where email like $1 limit 1`, [`big-team-%-${serial}@figures.example`]);
    const buyer = await h.login(email, PASSWORD);
    const [sku] = await products(h, op, ['66.60'], 10);
    const order = await paidOrder(h, buyer, [{ skuId: sku.skuId, quantity: 1 }]);
    const [{ total }] = await h.sql('select total from customer_order where id = $1', [order.dbId]);
    expect((await team()).sales.amount).toBe('0.00'); // its event is not delivered yet
    await deliverEvents();
    expect((await team()).sales.amount).toBe((Number(total) / 100).toFixed(2));
  });
});

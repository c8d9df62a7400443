import { toGlobalId } from '../src/lib/ids';
import { endLapsedMemberships } from '../src/modules/members/service';
import { dispatchOrderEvents } from '../src/modules/orders/events';
import { startHarness, type Harness } from './harness';
import { checkout, paidOrder, products } from './shop';

let h: Harness;
let op: string;

beforeAll(async () => {
  h = await startHarness();
  op = await h.operatorToken();
});
afterAll(() => h.close());

const asOperator = (query: string, variables?: Record<string, unknown>) => h.gql(query, variables, { token: op, key: null });
const dbId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];

interface Customer {
  token: string;
  refreshToken: string;
  accountId: string;
  dbId: string;
  email: string;
}

let customers = 0;
/** A new customer account, signed in through the demo storefront. */
async function newCustomer(): Promise<Customer> {
  const email = `buyer${++customers}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const res = await h.gql(
    'mutation($input: RegisterInput!) { register(input: $input) { account { id } tokens { accessToken refreshToken } userErrors { code message } } }',
    {
      input: { email, password: 'member-pass-2026' },
    },
  );
  expect(res.data.register.userErrors).toEqual([]);
  const { account, tokens } = res.data.register;
  return { token: tokens.accessToken, refreshToken: tokens.refreshToken, accountId: account.id, dbId: dbId(account.id), email };
}

const roleOf = async (c: Customer) => (await h.sql('select role from account where id = $1', [c.dbId]))[0].role;
/** Delivers every waiting order event: a round delivers only the oldest waiting event of each order. */
async function dispatch(): Promise<void> {
  while ((await dispatchOrderEvents(h.orm.em.fork())) > 0);
}

const SETTINGS = `mutation($input: MemberProgramSettingsInput!) {
  updateMemberProgramSettings(input: $input) { settings { membershipMode bindingMode attributionWindowDays } userErrors { code field message } }
}`;
const setMode = async (membershipMode: string) => {
  const res = await asOperator(SETTINGS, { input: { membershipMode } });
  expect(res.data.updateMemberProgramSettings.userErrors).toEqual([]);
};

const PLAN_FIELDS = 'id name durationDays active packageProduct { id name }';
const CREATE_PLAN = `mutation($input: MembershipPlanCreateInput!) { createMembershipPlan(input: $input) { plan { ${PLAN_FIELDS} } userErrors { code field message } } }`;
const UPDATE_PLAN = `mutation($id: ID!, $input: MembershipPlanUpdateInput!) { updateMembershipPlan(id: $id, input: $input) { plan { ${PLAN_FIELDS} } userErrors { code field message } } }`;
const DELETE_PLAN = 'mutation($id: ID!) { deleteMembershipPlan(id: $id) { deletedPlanId userErrors { code field message } } }';

async function createPlan(input: Record<string, unknown>): Promise<{ id: string }> {
  const res = await asOperator(CREATE_PLAN, { input });
  expect(res.data.createMembershipPlan.userErrors).toEqual([]);
  return res.data.createMembershipPlan.plan;
}

/** A package product on sale and an active plan selling it. */
async function packagePlan(durationDays: number | null = 365, price = '399.00') {
  const [sku] = await products(h, op, [price], 100);
  const [row] = await h.sql('select product_id from sku where code = $1', [sku.code]);
  const plan = await createPlan({ name: `Gift pack ${sku.code}`, packageProductId: toGlobalId('Product', row.product_id), durationDays });
  return { sku, plan, productId: toGlobalId('Product', row.product_id) };
}

const MEMBERSHIP_FIELDS = 'id source startedAt endsAt endedAt endReason isOpen orderId plan { id name }';
const ME = `{ me { role membership { ${MEMBERSHIP_FIELDS} } membershipApplication { id status rejectionReason } } }`;
const me = async (c: Customer) => (await h.gql(ME, {}, { token: c.token })).data.me;

const GRANT = `mutation($input: GrantMembershipInput!) { grantMembership(input: $input) { membership { ${MEMBERSHIP_FIELDS} account { id } } userErrors { code field message } } }`;
const REVOKE = `mutation($input: RevokeMembershipInput!) { revokeMembership(input: $input) { membership { ${MEMBERSHIP_FIELDS} } userErrors { code field message } } }`;
const APPLY =
  'mutation($input: ApplyForMembershipInput!) { applyForMembership(input: $input) { application { id status message } userErrors { code field message } } }';
const APPROVE = `mutation($input: ApproveMembershipApplicationInput!) {
  approveMembershipApplication(input: $input) { application { id status reviewedAt account { id } } userErrors { code field message } }
}`;
const REJECT = `mutation($input: RejectMembershipApplicationInput!) {
  rejectMembershipApplication(input: $input) { application { id status rejectionReason } userErrors { code field message } }
}`;
const REFUND = 'mutation($input: RefundOrderInput!) { refundOrder(input: $input) { refund { id } userErrors { code message } } }';

const grant = async (input: Record<string, unknown>) => (await asOperator(GRANT, { input })).data.grantMembership;

/** A value outside the bounds the schema documents: refused at the edge (HTTP 400) before anything runs. */
function expectOutOfBounds(res: { status: number; errors?: { extensions: Record<string, unknown> }[] }, field: string[]): void {
  expect(res.status).toBe(400);
  expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
}

/** A digest of every table a refused membership request could have written to. */
async function database(): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const table of ['member_program_settings', 'membership_plan', 'membership', 'membership_application', 'account']) {
    const [{ digest }] = await h.sql(`select md5(coalesce(string_agg(row_to_json(t)::text, ',' order by row_to_json(t)::text), '')) as digest from ${table} t`);
    digests[table] = digest;
  }
  return digests;
}

describe('member programme settings', () => {
  it('are public to read, with the defaults, and changed by operators', async () => {
    const read = await h.gql('{ memberProgramSettings { membershipMode bindingMode attributionWindowDays } }');
    expect(read.data.memberProgramSettings).toEqual({ membershipMode: 'EVERYONE', bindingMode: 'FIRST_VALID', attributionWindowDays: 7 });
    const changed = await asOperator(SETTINGS, { input: { bindingMode: 'LAST_LINK', attributionWindowDays: 30 } });
    expect(changed.data.updateMemberProgramSettings).toEqual({
      settings: { membershipMode: 'EVERYONE', bindingMode: 'LAST_LINK', attributionWindowDays: 30 },
      userErrors: [],
    });
    const back = await asOperator(SETTINGS, { input: { bindingMode: 'FIRST_VALID', attributionWindowDays: 7 } });
    expect(back.data.updateMemberProgramSettings.settings).toEqual({ membershipMode: 'EVERYONE', bindingMode: 'FIRST_VALID', attributionWindowDays: 7 });
  });

  it('refuse a window outside 1 to 90 days, and write nothing', async () => {
    const before = await database();
    for (const days of [0, 91, -5]) {
      const res = await asOperator(SETTINGS, { input: { membershipMode: 'APPOINTED', attributionWindowDays: days } });
      expectOutOfBounds(res, ['input', 'attributionWindowDays']);
      expect(res.errors![0].message).toMatch(/from 1 to 90/);
    }
    const unknown = await asOperator(SETTINGS, { input: { membershipMode: 'SOMETIMES' } });
    expect(unknown.status).toBe(400);
    expect(unknown.errors![0]).toMatchObject({
      message: expect.stringContaining('"SOMETIMES" does not exist in "MembershipMode" enum'),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(await database()).toEqual(before);
  });
});

describe('membership plans', () => {
  it('are created, listed, changed and deleted by operators', async () => {
    const { plan, productId } = await packagePlan(365);
    expect(plan).toMatchObject({ durationDays: 365, active: true, packageProduct: { id: productId } });
    const list = await asOperator('query($filter: MembershipPlanFilterInput) { membershipPlans(first: 100, filter: $filter) { totalCount nodes { id } } }', {
      filter: { active: true },
    });
    expect(list.data.membershipPlans.nodes.map((n: { id: string }) => n.id)).toContain(plan.id);

    const changed = await asOperator(UPDATE_PLAN, { id: plan.id, input: { name: '  Renamed pack ', durationDays: null, active: false } });
    expect(changed.data.updateMembershipPlan).toEqual({
      plan: { id: plan.id, name: 'Renamed pack', durationDays: null, active: false, packageProduct: { id: productId, name: expect.any(String) } },
      userErrors: [],
    });
    const unpackaged = await asOperator(UPDATE_PLAN, { id: plan.id, input: { packageProductId: null } });
    expect(unpackaged.data.updateMembershipPlan.plan).toMatchObject({ name: 'Renamed pack', packageProduct: null });
    const inactive = await asOperator('{ membershipPlans(first: 100, filter: { active: false }) { nodes { id } } }');
    expect(inactive.data.membershipPlans.nodes).toEqual(expect.arrayContaining([{ id: plan.id }]));

    const node = await asOperator('query($id: ID!) { node(id: $id) { __typename ... on MembershipPlan { name } } }', { id: plan.id });
    expect(node.data.node).toEqual({ __typename: 'MembershipPlan', name: 'Renamed pack' });
    const customer = await newCustomer();
    expect((await h.gql('query($id: ID!) { node(id: $id) { id } }', { id: plan.id }, { token: customer.token })).data.node).toBeNull();

    const deleted = await asOperator(DELETE_PLAN, { id: plan.id });
    expect(deleted.data.deleteMembershipPlan).toEqual({ deletedPlanId: plan.id, userErrors: [] });
    expect(await h.sql('select 1 from membership_plan where id = $1', [dbId(plan.id)])).toEqual([]);
  });

  it('refuse every bad input with a clear error and write nothing', async () => {
    const { plan, productId } = await packagePlan(30);
    const used = await createPlan({ name: 'Used plan' });
    const customer = await newCustomer();
    expect((await grant({ accountId: customer.accountId, planId: used.id })).userErrors).toEqual([]);
    const missingProduct = toGlobalId('Product', '00000000-0000-7000-8000-000000000000');

    const before = await database();
    const creates: [Record<string, unknown>, string, string[]][] = [
      [{ name: ' ' }, 'INVALID_NAME', ['input', 'name']],
      [{ name: 'No such product', packageProductId: missingProduct }, 'PRODUCT_NOT_FOUND', ['input', 'packageProductId']],
      [{ name: 'Not a product id', packageProductId: plan.id }, 'PRODUCT_NOT_FOUND', ['input', 'packageProductId']],
      [{ name: 'Same package', packageProductId: productId }, 'PACKAGE_PRODUCT_TAKEN', ['input', 'packageProductId']],
    ];
    for (const [input, code, field] of creates) {
      const res = await asOperator(CREATE_PLAN, { input });
      expect({ input, result: res.data.createMembershipPlan }).toEqual({
        input,
        result: { plan: null, userErrors: [{ code, field, message: expect.any(String) }] },
      });
    }
    for (const [input, field] of [
      [{ name: 'x'.repeat(61) }, 'name'],
      [{ name: 'Zero days', durationDays: 0 }, 'durationDays'],
      [{ name: 'Forever and a day', durationDays: 3651 }, 'durationDays'],
    ] as const) {
      expectOutOfBounds(await asOperator(CREATE_PLAN, { input }), ['input', field]);
    }
    expectOutOfBounds(await asOperator(UPDATE_PLAN, { id: used.id, input: { durationDays: -1 } }), ['input', 'durationDays']);
    const updates: [string, Record<string, unknown>, string, string[]][] = [
      [toGlobalId('MembershipPlan', '00000000-0000-7000-8000-000000000000'), { name: 'Ghost' }, 'PLAN_NOT_FOUND', ['id']],
      [used.id, { name: '' }, 'INVALID_NAME', ['input', 'name']],
      [used.id, { packageProductId: productId }, 'PACKAGE_PRODUCT_TAKEN', ['input', 'packageProductId']],
    ];
    for (const [id, input, code, field] of updates) {
      const res = await asOperator(UPDATE_PLAN, { id, input });
      expect({ input, result: res.data.updateMembershipPlan }).toEqual({
        input,
        result: { plan: null, userErrors: [{ code, field, message: expect.any(String) }] },
      });
    }
    const inUse = await asOperator(DELETE_PLAN, { id: used.id });
    expect(inUse.data.deleteMembershipPlan).toEqual({
      deletedPlanId: null,
      userErrors: [{ code: 'PLAN_IN_USE', field: ['id'], message: expect.stringContaining('deactivate it instead') }],
    });
    const ghost = await asOperator(DELETE_PLAN, { id: 'bm90LWFuLWlk' });
    expect(ghost.data.deleteMembershipPlan.userErrors[0].code).toBe('PLAN_NOT_FOUND');
    expect(await database()).toEqual(before);
  });
});

describe('becoming a member by buying a package', () => {
  it('end to end over HTTP: checkout, payOrder, the sandbox, the order.paid event → member; a refund ends it', async () => {
    const { sku, plan } = await packagePlan(365);
    const buyer = await newCustomer();
    const order = await paidOrder(h, buyer.token, [{ skuId: sku.skuId, quantity: 1 }]);
    // The membership follows the order's events, not the callback: nothing yet.
    expect((await me(buyer)).membership).toBeNull();
    await dispatch();
    const member = await me(buyer);
    expect(member.role).toBe('MEMBER');
    expect(member.membership).toMatchObject({ source: 'PURCHASE', orderId: order.id, isOpen: true, endedAt: null, plan: { id: plan.id } });
    const days = (Date.parse(member.membership.endsAt) - Date.parse(member.membership.startedAt)) / 86_400_000;
    expect(days).toBeCloseTo(365, 3);

    // At least once: the same events delivered again change nothing.
    await h.sql('update order_event set delivered_at = null where order_id = $1', [order.dbId]);
    await dispatch();
    expect((await h.sql('select count(*)::int as n from membership where account_id = $1', [buyer.dbId]))[0].n).toBe(1);

    const refunded = await asOperator(REFUND, { input: { orderId: order.id, reason: 'Changed my mind' } });
    expect(refunded.data.refundOrder.userErrors).toEqual([]);
    await dispatch();
    const after = await me(buyer);
    expect(after.role).toBe('CUSTOMER');
    expect(after.membership).toBeNull();
    const [ended] = await h.sql('select ended_at, end_reason from membership where order_id = $1', [order.dbId]);
    expect(ended.end_reason).toBe(`order ${order.number} refunded`);
    expect(await roleOf(buyer)).toBe('customer');
  });

  it('a partial refund ends it only when no unit of the package is left paid for', async () => {
    const { sku } = await packagePlan(null);
    const [other] = await products(h, op, ['20.00'], 50);
    const buyer = await newCustomer();
    const order = await paidOrder(h, buyer.token, [
      { skuId: sku.skuId, quantity: 1 },
      { skuId: other.skuId, quantity: 1 },
    ]);
    await dispatch();
    expect((await me(buyer)).membership).toMatchObject({ source: 'PURCHASE', endsAt: null });
    const lines = (await h.gql('query($id: ID!) { order(id: $id) { lines { id skuCode } } }', { id: order.id }, { token: buyer.token })).data.order.lines;
    const lineOf = (code: string) => lines.find((l: { skuCode: string }) => l.skuCode === code).id;

    await asOperator(REFUND, { input: { orderId: order.id, lines: [{ orderLineId: lineOf(other.code), quantity: 1 }], reason: 'Broken cup' } });
    await dispatch();
    expect((await me(buyer)).role).toBe('MEMBER');
    await asOperator(REFUND, { input: { orderId: order.id, lines: [{ orderLineId: lineOf(sku.code), quantity: 1 }], reason: 'Package returned' } });
    await dispatch();
    expect((await me(buyer)).role).toBe('CUSTOMER');
  });

  it('makes no member in APPOINTED mode, for an inactive plan, an unpaid order or a buyer already a member', async () => {
    const { sku, plan } = await packagePlan(30);
    const appointed = await newCustomer();
    await setMode('APPOINTED');
    try {
      await paidOrder(h, appointed.token, [{ skuId: sku.skuId, quantity: 1 }]);
      await dispatch();
    } finally {
      await setMode('EVERYONE');
    }
    expect(await roleOf(appointed)).toBe('customer');

    await asOperator(UPDATE_PLAN, { id: plan.id, input: { active: false } });
    const inactive = await newCustomer();
    await paidOrder(h, inactive.token, [{ skuId: sku.skuId, quantity: 1 }]);
    await dispatch();
    expect(await roleOf(inactive)).toBe('customer');
    await asOperator(UPDATE_PLAN, { id: plan.id, input: { active: true } });

    const unpaid = await newCustomer();
    await checkout(h, unpaid.token, [{ skuId: sku.skuId, quantity: 1 }]);
    await dispatch();
    expect(await roleOf(unpaid)).toBe('customer');

    const granted = await newCustomer();
    expect((await grant({ accountId: granted.accountId, durationDays: 10 })).userErrors).toEqual([]);
    await paidOrder(h, granted.token, [{ skuId: sku.skuId, quantity: 1 }]);
    await dispatch();
    const memberships = await h.sql('select source from membership where account_id = $1', [granted.dbId]);
    expect(memberships).toEqual([{ source: 'grant' }]);
    // Nothing stuck behind these events: every one was delivered.
    expect((await h.sql('select count(*)::int as n from order_event where delivered_at is null'))[0].n).toBe(0);
  });
});

describe('becoming a member by application', () => {
  afterEach(() => setMode('EVERYONE'));

  it('is refused unless the mode is APPLICATION, writing nothing', async () => {
    const customer = await newCustomer();
    const before = await database();
    for (const mode of ['EVERYONE', 'APPOINTED']) {
      await setMode(mode);
      const res = await h.gql(APPLY, { input: { message: 'Let me in' } }, { token: customer.token });
      expect(res.data.applyForMembership).toEqual({
        application: null,
        userErrors: [{ code: 'APPLICATIONS_CLOSED', field: null, message: expect.stringContaining(`mode ${mode}`) }],
      });
    }
    await setMode('EVERYONE');
    const after = await database();
    expect({ ...after, member_program_settings: '' }).toEqual({ ...before, member_program_settings: '' });
  });

  it('leaves exactly one pending application from parallel requests; approval opens the membership', async () => {
    await setMode('APPLICATION');
    const applicant = await newCustomer();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => h.gql(APPLY, { input: { message: `Please #${i}` } }, { token: applicant.token })));
    const accepted = results.filter((r) => r.data.applyForMembership.application);
    expect(accepted).toHaveLength(1);
    for (const r of results.filter((x) => !x.data.applyForMembership.application))
      expect(r.data.applyForMembership.userErrors[0].code).toBe('APPLICATION_PENDING');
    expect((await h.sql(`select count(*)::int as n from membership_application where account_id = $1`, [applicant.dbId]))[0].n).toBe(1);
    const application = accepted[0].data.applyForMembership.application;
    expect(application).toMatchObject({ status: 'PENDING', message: expect.stringMatching(/^Please #\d$/) });

    const pending = await asOperator(
      '{ membershipApplications(first: 100, filter: { statuses: [PENDING] }) { totalCount nodes { id account { id email } } } }',
    );
    expect(pending.data.membershipApplications.nodes).toContainEqual({ id: application.id, account: { id: applicant.accountId, email: applicant.email } });
    expect((await me(applicant)).membershipApplication).toEqual({ id: application.id, status: 'PENDING', rejectionReason: null });

    const plan = await createPlan({ name: 'Approved members', durationDays: 90 });
    const approved = await asOperator(APPROVE, { input: { applicationId: application.id, planId: plan.id } });
    expect(approved.data.approveMembershipApplication).toEqual({
      application: { id: application.id, status: 'APPROVED', reviewedAt: expect.any(String), account: { id: applicant.accountId } },
      userErrors: [],
    });
    const member = await me(applicant);
    expect(member.role).toBe('MEMBER');
    expect(member.membership).toMatchObject({ source: 'APPLICATION', plan: { id: plan.id }, orderId: null });
    expect((Date.parse(member.membership.endsAt) - Date.parse(member.membership.startedAt)) / 86_400_000).toBeCloseTo(90, 3);

    const again = await asOperator(APPROVE, { input: { applicationId: application.id } });
    expect(again.data.approveMembershipApplication.userErrors[0]).toMatchObject({ code: 'APPLICATION_ALREADY_DECIDED', field: ['input', 'applicationId'] });
    const reapply = await h.gql(APPLY, { input: {} }, { token: applicant.token });
    expect(reapply.data.applyForMembership.userErrors[0].code).toBe('ALREADY_MEMBER');
  });

  it('a rejection carries its reason; the customer may apply again; one of two racing decisions wins', async () => {
    await setMode('APPLICATION');
    const applicant = await newCustomer();
    const first = (await h.gql(APPLY, { input: { message: '' } }, { token: applicant.token })).data.applyForMembership.application;
    const rejected = await asOperator(REJECT, { input: { applicationId: first.id, reason: '  Not enough orders yet ' } });
    expect(rejected.data.rejectMembershipApplication).toEqual({
      application: { id: first.id, status: 'REJECTED', rejectionReason: 'Not enough orders yet' },
      userErrors: [],
    });
    expect((await me(applicant)).membershipApplication).toEqual({ id: first.id, status: 'REJECTED', rejectionReason: 'Not enough orders yet' });
    expect(await roleOf(applicant)).toBe('customer');

    const second = (await h.gql(APPLY, { input: { message: 'Now I have' } }, { token: applicant.token })).data.applyForMembership.application;
    expect(second.status).toBe('PENDING');
    const [approve, reject] = await Promise.all([
      asOperator(APPROVE, { input: { applicationId: second.id } }),
      asOperator(REJECT, { input: { applicationId: second.id, reason: 'Changed our mind' } }),
    ]);
    const winners = [approve.data.approveMembershipApplication, reject.data.rejectMembershipApplication].filter((p) => p.application);
    expect(winners).toHaveLength(1);
    const loser = [approve.data.approveMembershipApplication, reject.data.rejectMembershipApplication].find((p) => !p.application);
    expect(loser.userErrors[0].code).toBe('APPLICATION_ALREADY_DECIDED');
    const [row] = await h.sql('select status from membership_application where id = $1', [dbId(second.id)]);
    expect(await roleOf(applicant)).toBe(row.status === 'approved' ? 'member' : 'customer');
  });

  it('refuses bad input with a clear error and writes nothing', async () => {
    await setMode('APPLICATION');
    const applicant = await newCustomer();
    const pending = (await h.gql(APPLY, { input: {} }, { token: applicant.token })).data.applyForMembership.application;
    const inactive = await createPlan({ name: 'Retired plan', active: false });
    const another = await newCustomer();
    const before = await database();
    const tooLong = await h.gql(APPLY, { input: { message: 'x'.repeat(501) } }, { token: another.token });
    expectOutOfBounds(tooLong, ['input', 'message']);
    expect(tooLong.errors![0].message).toMatch(/at most 500 characters/);
    expectOutOfBounds(await asOperator(APPROVE, { input: { applicationId: pending.id, durationDays: 0 } }), ['input', 'durationDays']);
    expectOutOfBounds(await asOperator(REJECT, { input: { applicationId: pending.id, reason: 'y'.repeat(201) } }), ['input', 'reason']);
    const cases: [string, Record<string, unknown>, string, string[]][] = [
      [
        APPROVE,
        { applicationId: toGlobalId('MembershipApplication', '00000000-0000-7000-8000-000000000000') },
        'APPLICATION_NOT_FOUND',
        ['input', 'applicationId'],
      ],
      [APPROVE, { applicationId: 'garbage' }, 'APPLICATION_NOT_FOUND', ['input', 'applicationId']],
      [APPROVE, { applicationId: pending.id, planId: inactive.id }, 'PLAN_INACTIVE', ['input', 'planId']],
      [
        APPROVE,
        { applicationId: pending.id, planId: toGlobalId('MembershipPlan', '00000000-0000-7000-8000-000000000000') },
        'PLAN_NOT_FOUND',
        ['input', 'planId'],
      ],
      [REJECT, { applicationId: pending.id, reason: 'x' }, 'INVALID_REASON', ['input', 'reason']],
    ];
    for (const [mutation, input, code, field] of cases) {
      const res = await asOperator(mutation, { input });
      const result = Object.values(res.data)[0];
      expect({ input, result }).toEqual({ input, result: { application: null, userErrors: [{ code, field, message: expect.any(String) }] } });
    }
    expect(await database()).toEqual(before);
  });
});

describe('granting and revoking', () => {
  it('a grant makes a member in any mode; checkout charges member prices at once, whatever the token says; revoking ends it', async () => {
    const customer = await newCustomer();
    await setMode('APPOINTED');
    const granted = await grant({ accountId: customer.accountId, durationDays: 30 });
    await setMode('EVERYONE');
    expect(granted).toMatchObject({ membership: { source: 'GRANT', isOpen: true, plan: null, account: { id: customer.accountId } }, userErrors: [] });
    expect((Date.parse(granted.membership.endsAt) - Date.parse(granted.membership.startedAt)) / 86_400_000).toBeCloseTo(30, 3);
    expect(await roleOf(customer)).toBe('member');

    // Checkout reads the role from the database: the token issued before the grant already gets member prices.
    const code = `MBR-${Math.random().toString(36).slice(2, 10)}`;
    const cat = (await h.gql('{ category(slug: "tea") { id } }')).data.category.id;
    const created = await asOperator(
      'mutation($input: ProductCreateInput!) { createProduct(input: $input) { product { id skus { id } } userErrors { code } } }',
      {
        input: { name: `Member price ${code}`, categoryId: cat, skus: [{ code, specs: [], price: '30.00', memberPrice: '24.00', stock: 10 }] },
      },
    );
    const product = created.data.createProduct.product;
    await asOperator('mutation($id: ID!) { publishProduct(id: $id) { userErrors { code } } }', { id: product.id });
    const LINE =
      'mutation($input: CheckoutInput!) { checkout(input: $input) { order { lines { unitPrice { amount } priceReason } } userErrors { code message } } }';
    const buy = (token: string) =>
      h.gql(
        LINE,
        {
          input: {
            lines: [{ skuId: product.skus[0].id, quantity: 1 }],
            shippingAddress: { name: '李四', phone: '13900139000', region: '上海市 黄浦区', detail: '南京东路 1 号' },
          },
        },
        { token },
      );
    expect((await buy(customer.token)).data.checkout.order.lines).toEqual([{ unitPrice: { amount: '24.00' }, priceReason: 'MEMBER_PRICE' }]);
    // The payload's account is the caller's own, though the request carries no token: its membership shows.
    const refreshed = await h.gql(
      'mutation($t: String!) { refreshAccessToken(refreshToken: $t) { account { role membership { source } } tokens { accessToken refreshToken } userErrors { code } } }',
      { t: customer.refreshToken },
    );
    expect(refreshed.data.refreshAccessToken.account).toEqual({ role: 'MEMBER', membership: { source: 'GRANT' } });
    const memberToken = refreshed.data.refreshAccessToken.tokens.accessToken;
    expect((await buy(memberToken)).data.checkout.order.lines).toEqual([{ unitPrice: { amount: '24.00' }, priceReason: 'MEMBER_PRICE' }]);

    const revoked = await asOperator(REVOKE, { input: { accountId: customer.accountId, reason: ' Resold outside the price band ' } });
    expect(revoked.data.revokeMembership).toMatchObject({
      membership: { id: granted.membership.id, isOpen: false, endedAt: expect.any(String), endReason: 'revoked: Resold outside the price band' },
      userErrors: [],
    });
    expect(await roleOf(customer)).toBe('customer');
    expect((await buy(memberToken)).data.checkout.order.lines).toEqual([{ unitPrice: { amount: '30.00' }, priceReason: 'RETAIL' }]);
    const again = await h.gql('mutation($t: String!) { refreshAccessToken(refreshToken: $t) { account { role } } }', {
      t: refreshed.data.refreshAccessToken.tokens.refreshToken,
    });
    expect(again.data.refreshAccessToken.account.role).toBe('CUSTOMER');
  });

  it('parallel grants to one account open exactly one membership', async () => {
    const customer = await newCustomer();
    const results = await Promise.all(Array.from({ length: 8 }, () => grant({ accountId: customer.accountId })));
    expect(results.filter((r) => r.membership)).toHaveLength(1);
    for (const r of results.filter((x) => !x.membership)) expect(r.userErrors[0]).toMatchObject({ code: 'ALREADY_MEMBER', field: ['input', 'accountId'] });
    expect((await h.sql('select count(*)::int as n from membership where account_id = $1', [customer.dbId]))[0].n).toBe(1);
    expect(await roleOf(customer)).toBe('member');
  });

  it('racing grant and revoke leave role and membership in step', async () => {
    const customer = await newCustomer();
    for (let round = 0; round < 5; round++) {
      await Promise.all([grant({ accountId: customer.accountId }), asOperator(REVOKE, { input: { accountId: customer.accountId, reason: 'Race round' } })]);
      const [{ role, open }] = await h.sql(
        'select a.role, (select count(*)::int from membership m where m.account_id = a.id and m.ended_at is null) as open from account a where a.id = $1',
        [customer.dbId],
      );
      expect({ role, open }).toEqual(open === 1 ? { role: 'member', open: 1 } : { role: 'customer', open: 0 });
    }
  });

  it('refuses bad input with a clear error and writes nothing', async () => {
    const customer = await newCustomer();
    const member = await newCustomer();
    expect((await grant({ accountId: member.accountId })).userErrors).toEqual([]);
    const inactive = await createPlan({ name: 'Old plan', active: false });
    const [operator] = await h.sql(`select id from account where role = 'operator' limit 1`);
    const before = await database();
    const grants: [Record<string, unknown>, string, string[]][] = [
      [{ accountId: toGlobalId('Account', '00000000-0000-7000-8000-000000000000') }, 'ACCOUNT_NOT_FOUND', ['input', 'accountId']],
      [{ accountId: 'not-an-id' }, 'ACCOUNT_NOT_FOUND', ['input', 'accountId']],
      [{ accountId: toGlobalId('Account', operator.id) }, 'NOT_A_CUSTOMER', ['input', 'accountId']],
      [{ accountId: member.accountId }, 'ALREADY_MEMBER', ['input', 'accountId']],
      [{ accountId: customer.accountId, planId: inactive.id }, 'PLAN_INACTIVE', ['input', 'planId']],
      [{ accountId: customer.accountId, planId: customer.accountId }, 'PLAN_NOT_FOUND', ['input', 'planId']],
    ];
    for (const [input, code, field] of grants) {
      expect({ input, result: await grant(input) }).toEqual({
        input,
        result: { membership: null, userErrors: [{ code, field, message: expect.any(String) }] },
      });
    }
    for (const durationDays of [0, 3651]) {
      expectOutOfBounds(await asOperator(GRANT, { input: { accountId: customer.accountId, durationDays } }), ['input', 'durationDays']);
    }
    const revokes: [Record<string, unknown>, string, string[]][] = [
      [{ accountId: customer.accountId, reason: 'Not a member at all' }, 'NOT_A_MEMBER', ['input', 'accountId']],
      [{ accountId: toGlobalId('Account', '00000000-0000-7000-8000-000000000000'), reason: 'Nobody' }, 'ACCOUNT_NOT_FOUND', ['input', 'accountId']],
      [{ accountId: member.accountId, reason: ' ' }, 'INVALID_REASON', ['input', 'reason']],
    ];
    for (const [input, code, field] of revokes) {
      const res = await asOperator(REVOKE, { input });
      expect({ input, result: res.data.revokeMembership }).toEqual({
        input,
        result: { membership: null, userErrors: [{ code, field, message: expect.any(String) }] },
      });
    }
    expect(await database()).toEqual(before);
  });

  it('are for operators only', async () => {
    const customer = await newCustomer();
    const res = await h.gql(GRANT, { input: { accountId: customer.accountId } }, { token: customer.token });
    expect(res.errors![0].extensions.code).toBe('FORBIDDEN');
    expect(await roleOf(customer)).toBe('customer');
  });
});

describe('lapsing', () => {
  it('ends memberships whose endsAt has passed, set by set, and the members become customers again', async () => {
    const lapsing = await Promise.all(Array.from({ length: 3 }, () => newCustomer()));
    const staying = await newCustomer();
    for (const c of lapsing) expect((await grant({ accountId: c.accountId, durationDays: 1 })).userErrors).toEqual([]);
    expect((await grant({ accountId: staying.accountId, durationDays: 1 })).userErrors).toEqual([]);
    await h.sql(`update membership set ends_at = now() - interval '1 minute' where account_id = any($1::uuid[])`, [lapsing.map((c) => c.dbId)]);

    expect(await endLapsedMemberships(h.orm.em.fork())).toBe(3);
    for (const c of lapsing) {
      expect(await roleOf(c)).toBe('customer');
      const [row] = await h.sql('select end_reason, ended_at from membership where account_id = $1', [c.dbId]);
      expect(row).toEqual({ end_reason: 'lapsed', ended_at: expect.any(Date) });
    }
    expect(await roleOf(staying)).toBe('member');
    expect(await endLapsedMemberships(h.orm.em.fork())).toBe(0);
  });

  it('a grant to a member whose membership lapsed but was not swept yet ends the old one first', async () => {
    const customer = await newCustomer();
    await grant({ accountId: customer.accountId, durationDays: 1 });
    await h.sql(`update membership set ends_at = now() - interval '1 second' where account_id = $1`, [customer.dbId]);
    const again = await grant({ accountId: customer.accountId, durationDays: 7 });
    expect(again.userErrors).toEqual([]);
    const rows = await h.sql('select end_reason from membership where account_id = $1 order by started_at, id', [customer.dbId]);
    expect(rows).toEqual([{ end_reason: 'lapsed' }, { end_reason: null }]);
    expect(await roleOf(customer)).toBe('member');
  });
});

describe('reading memberships', () => {
  it('Account.membership is seen by the account itself and operators; memberships lists them for operators', async () => {
    const member = await newCustomer();
    const other = await newCustomer();
    const plan = await createPlan({ name: 'Listed plan' });
    const granted = (await grant({ accountId: member.accountId, planId: plan.id })).membership;

    const ACCOUNT = 'query($id: ID!) { node(id: $id) { ... on Account { membership { id source plan { name } } } } }';
    expect((await asOperator(ACCOUNT, { id: member.accountId })).data.node.membership).toEqual({
      id: granted.id,
      source: 'GRANT',
      plan: { name: 'Listed plan' },
    });
    expect((await h.gql(ACCOUNT, { id: member.accountId }, { token: other.token })).data.node).toBeNull();
    const MEMBERSHIP = 'query($id: ID!) { node(id: $id) { ... on Membership { id source } } }';
    expect((await h.gql(MEMBERSHIP, { id: granted.id }, { token: member.token })).data.node).toEqual({ id: granted.id, source: 'GRANT' });
    expect((await h.gql(MEMBERSHIP, { id: granted.id }, { token: other.token })).data.node).toBeNull();
    expect((await me(other)).membership).toBeNull();

    const LIST =
      'query($filter: MembershipFilterInput, $after: String) { memberships(first: 1, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor } nodes { id account { id } plan { id } } } }';
    const byPlan = await asOperator(LIST, { filter: { planId: plan.id, isOpen: true, sources: ['GRANT'] } });
    expect(byPlan.data.memberships).toEqual({
      totalCount: 1,
      pageInfo: { hasNextPage: false, endCursor: expect.any(String) },
      nodes: [{ id: granted.id, account: { id: member.accountId }, plan: { id: plan.id } }],
    });
    const open = await asOperator(LIST, { filter: { isOpen: true } });
    expect(open.data.memberships.totalCount).toBeGreaterThan(1);
    const next = await asOperator(LIST, { filter: { isOpen: true }, after: open.data.memberships.pageInfo.endCursor });
    expect(next.data.memberships.nodes[0].id).not.toBe(open.data.memberships.nodes[0].id);
    const ended = await asOperator('{ memberships(first: 100, filter: { isOpen: false }) { nodes { isOpen endReason } } }');
    expect(ended.data.memberships.nodes.every((n: { isOpen: boolean; endReason: string }) => !n.isOpen && n.endReason)).toBe(true);

    const forbidden = await h.gql('{ memberships(first: 5) { totalCount } }', {}, { token: member.token });
    expect(forbidden.errors![0].extensions.code).toBe('FORBIDDEN');
  });
});

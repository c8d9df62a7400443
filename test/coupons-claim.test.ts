import { startHarness, type Harness } from './harness';
import { CLAIM, CREATE_TEMPLATE, claim, template } from './coupons';
import { customer } from './social';

let h: Harness;
let op: string;

beforeAll(async () => {
  h = await startHarness();
  op = await h.operatorToken();
});
afterAll(() => h.close());

const count = async (table: string) => (await h.sql(`select count(*)::int as n from ${table}`))[0].n;

describe('coupon templates', () => {
  it('creates a template with its rule, validity and limits', async () => {
    const res = await h.gql(
      CREATE_TEMPLATE,
      {
        input: {
          name: '全场 8.5 折',
          kind: 'PERCENT_OFF',
          percentOffBasisPoints: 1500,
          maxDiscount: '30.00',
          validity: 'FIXED',
          validFrom: '2026-11-01T00:00:00Z',
          validUntil: '2027-01-01T00:00:00Z',
          totalQuantity: 100,
          perCustomerLimit: 2,
          distribution: 'CLAIMABLE',
        },
      },
      { token: op, key: null },
    );
    expect(res.data.createCouponTemplate.userErrors).toEqual([]);
    expect(res.data.createCouponTemplate.template).toMatchObject({
      kind: 'PERCENT_OFF',
      percentOffBasisPoints: 1500,
      maxDiscount: { amount: '30.00' },
      threshold: { amount: '0.00' },
      scope: 'ALL',
      validity: 'FIXED',
      totalQuantity: 100,
      issuedCount: 0,
      remaining: 100,
      perCustomerLimit: 2,
      distribution: 'CLAIMABLE',
      endedAt: null,
    });
  });

  it.each([
    [{ amountOff: null }, 'INVALID_AMOUNT', 'amountOff'],
    [{ amountOff: '120.00' }, 'INVALID_AMOUNT', 'amountOff'],
    [{ kind: 'PERCENT_OFF', amountOff: null, percentOffBasisPoints: null }, 'INVALID_AMOUNT', 'percentOffBasisPoints'],
    [{ validDays: null }, 'INVALID_VALIDITY', 'validDays'],
    [{ validity: 'FIXED', validDays: null, validFrom: '2026-12-01T00:00:00Z', validUntil: '2026-11-01T00:00:00Z' }, 'INVALID_VALIDITY', 'validUntil'],
    [{ name: '  ' }, 'INVALID_NAME', 'name'],
    [{ scope: 'PRODUCTS', productIds: [] }, 'INVALID_SCOPE', 'productIds'],
    [{ scope: 'CATEGORIES', categoryIds: ['bm9wZQ'] }, 'INVALID_SCOPE', 'categoryIds'],
    [{ claimStartsAt: '2026-12-01T00:00:00Z', claimEndsAt: '2026-11-01T00:00:00Z' }, 'INVALID_CLAIM_WINDOW', 'claimEndsAt'],
  ])('refuses %j with %s and writes nothing', async (over, code, field) => {
    const before = await count('coupon_template');
    const res = await h.gql(
      CREATE_TEMPLATE,
      {
        input: {
          name: 'Bad',
          kind: 'AMOUNT_OFF',
          amountOff: '12.00',
          threshold: '99.00',
          validity: 'DAYS_AFTER_CLAIM',
          validDays: 7,
          distribution: 'CLAIMABLE',
          ...over,
        },
      },
      { token: op, key: null },
    );
    expect(res.data.createCouponTemplate.template).toBeNull();
    expect(res.data.createCouponTemplate.userErrors[0]).toMatchObject({ code });
    expect(res.data.createCouponTemplate.userErrors[0].field).toContain(field);
    expect(await count('coupon_template')).toBe(before);
  });

  it.each([
    [{ kind: 'PERCENT_OFF', amountOff: null, percentOffBasisPoints: 10000 }, 'percentOffBasisPoints'],
    [{ validDays: 0 }, 'validDays'],
    [{ totalQuantity: 0 }, 'totalQuantity'],
    [{ perCustomerLimit: 101 }, 'perCustomerLimit'],
  ])('refuses %j at the edge, outside its documented bounds, and writes nothing', async (over, field) => {
    const before = await count('coupon_template');
    const res = await h.gql(
      CREATE_TEMPLATE,
      {
        input: {
          name: 'Bad',
          kind: 'AMOUNT_OFF',
          amountOff: '12.00',
          threshold: '99.00',
          validity: 'DAYS_AFTER_CLAIM',
          validDays: 7,
          distribution: 'CLAIMABLE',
          ...over,
        },
      },
      { token: op, key: null },
    );
    expect(res.status).toBe(400);
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', field] });
    expect(await count('coupon_template')).toBe(before);
  });

  it('updates quantities (never below what is issued) and ends a template', async () => {
    const t = await template(h, op, { totalQuantity: 5 });
    await claim(h, (await customer(h, 'upd')).token, t.id);
    await claim(h, (await customer(h, 'upd2')).token, t.id);
    const UPDATE =
      'mutation($id: ID!, $input: CouponTemplateUpdateInput!) { updateCouponTemplate(id: $id, input: $input) { template { totalQuantity remaining name } userErrors { code message } } }';
    const low = await h.gql(UPDATE, { id: t.id, input: { totalQuantity: 1 } }, { token: op, key: null });
    expect(low.data.updateCouponTemplate.userErrors[0].code).toBe('INVALID_QUANTITY');
    // Below 1 is outside the documented bounds: refused at the edge.
    const zero = await h.gql(UPDATE, { id: t.id, input: { totalQuantity: 0 } }, { token: op, key: null });
    expect(zero.status).toBe(400);
    expect(zero.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'totalQuantity'] });
    const ok = await h.gql(UPDATE, { id: t.id, input: { totalQuantity: 3, name: '新名字' } }, { token: op, key: null });
    expect(ok.data.updateCouponTemplate.template).toEqual({ totalQuantity: 3, remaining: 1, name: '新名字' });
    const END = 'mutation($id: ID!) { endCouponTemplate(id: $id) { template { endedAt } userErrors { code } } }';
    expect((await h.gql(END, { id: t.id }, { token: op, key: null })).data.endCouponTemplate.template.endedAt).not.toBeNull();
    expect((await h.gql(END, { id: t.id }, { token: op, key: null })).data.endCouponTemplate.userErrors[0].code).toBe('TEMPLATE_ENDED');
    const after = await h.gql(CLAIM, { input: { templateId: t.id } }, { token: (await customer(h, 'late')).token });
    expect(after.data.claimCoupon.userErrors[0].code).toBe('TEMPLATE_ENDED');
  });
});

describe('claiming', () => {
  it('issues a coupon valid for N days from the claim, listed in myCoupons and claimable lists', async () => {
    const t = await template(h, op, { validDays: 3 });
    const listed = await h.gql('{ claimableCouponTemplates(first: 100) { nodes { id } } }');
    expect(listed.data.claimableCouponTemplates.nodes.map((n: { id: string }) => n.id)).toContain(t.id);
    const buyer = await customer(h, 'claimer');
    const res = await h.gql(CLAIM, { input: { templateId: t.id } }, { token: buyer.token });
    const coupon = res.data.claimCoupon.coupon;
    expect(coupon.status).toBe('AVAILABLE');
    expect(new Date(coupon.validUntil).getTime() - new Date(coupon.validFrom).getTime()).toBe(3 * 86_400_000);
    const mine = await h.gql('{ myCoupons(first: 10) { totalCount nodes { id template { name } } } }', {}, { token: buyer.token });
    expect(mine.data.myCoupons.totalCount).toBe(1);
    expect(mine.data.myCoupons.nodes[0]).toEqual({ id: coupon.id, template: { name: '满99减12' } });
  });

  it('refuses templates that are not claimable, not open yet or closed', async () => {
    const buyer = await customer(h, 'refused');
    const grantOnly = await template(h, op, { distribution: 'GRANT_ONLY' });
    const early = await template(h, op, { claimStartsAt: new Date(Date.now() + 86_400_000).toISOString() });
    const late = await template(h, op, { claimStartsAt: '2026-01-01T00:00:00Z', claimEndsAt: '2026-02-01T00:00:00Z' });
    for (const [t, code] of [
      [grantOnly, 'NOT_CLAIMABLE'],
      [early, 'CLAIM_NOT_STARTED'],
      [late, 'CLAIM_ENDED'],
      [{ id: 'bm9wZQ' }, 'TEMPLATE_NOT_FOUND'],
    ] as const) {
      const res = await h.gql(CLAIM, { input: { templateId: t.id } }, { token: buyer.token });
      expect(res.data.claimCoupon.userErrors[0].code).toBe(code);
    }
    expect((await h.sql('select count(*)::int as n from coupon where owner_id = $1', [buyer.id]))[0].n).toBe(0);
  });

  it('gives the last coupon to exactly one of 64 parallel claims', async () => {
    const t = await template(h, op, { totalQuantity: 1 });
    const buyers = await Promise.all(Array.from({ length: 8 }, (_, i) => customer(h, `race${i}`)));
    const results = await Promise.all(Array.from({ length: 64 }, (_, i) => h.gql(CLAIM, { input: { templateId: t.id } }, { token: buyers[i % 8].token })));
    const won = results.filter((r) => r.data?.claimCoupon.coupon);
    expect(won).toHaveLength(1);
    const codes = new Set(results.filter((r) => !r.data?.claimCoupon.coupon).map((r) => r.data.claimCoupon.userErrors[0].code));
    expect([...codes].every((c) => c === 'SOLD_OUT' || c === 'LIMIT_REACHED')).toBe(true);
    const [row] = await h.sql('select issued, (select count(*)::int from coupon where template_id = t.id) as coupons from coupon_template t where id = $1', [
      Buffer.from(t.id, 'base64url').toString().split(':')[1],
    ]);
    expect(row).toEqual({ issued: 1, coupons: 1 });
  });

  it('holds the per-customer limit under parallel claims', async () => {
    const t = await template(h, op, { perCustomerLimit: 2 });
    const buyer = await customer(h, 'greedy');
    const results = await Promise.all(Array.from({ length: 20 }, () => h.gql(CLAIM, { input: { templateId: t.id } }, { token: buyer.token })));
    expect(results.filter((r) => r.data?.claimCoupon.coupon)).toHaveLength(2);
    expect(results.filter((r) => r.data?.claimCoupon.userErrors[0]?.code === 'LIMIT_REACHED')).toHaveLength(18);
    expect((await h.sql('select count(*)::int as n from coupon where owner_id = $1', [buyer.id]))[0].n).toBe(2);
  });

  it('replays a claim sent again with the same idempotency key', async () => {
    const t = await template(h, op, { perCustomerLimit: 5 });
    const buyer = await customer(h, 'retry');
    const first = await h.gql(CLAIM, { input: { templateId: t.id, idempotencyKey: 'claim-retry-0001' } }, { token: buyer.token });
    const again = await h.gql(CLAIM, { input: { templateId: t.id, idempotencyKey: 'claim-retry-0001' } }, { token: buyer.token });
    expect(again.data.claimCoupon.coupon.id).toBe(first.data.claimCoupon.coupon.id);
    expect((await h.sql('select count(*)::int as n from coupon where owner_id = $1', [buyer.id]))[0].n).toBe(1);
  });
});

describe('granting', () => {
  const GRANT = 'mutation($input: GrantCouponsInput!) { grantCoupons(input: $input) { coupons { id status } userErrors { code field message } } }';

  it('grants one coupon to each listed customer, all or none, and shows the stats', async () => {
    const t = await template(h, op, { distribution: 'GRANT_ONLY', totalQuantity: 3 });
    const [a, b] = [await customer(h, 'ga'), await customer(h, 'gb')];
    const ok = await h.gql(
      GRANT,
      { input: { templateId: t.id, accountIds: [a, b].map((p) => Buffer.from(`Account:${p.id}`).toString('base64url')) } },
      { token: op, key: null },
    );
    expect(ok.data.grantCoupons.coupons).toHaveLength(2);
    const tooMany = await h.gql(
      GRANT,
      { input: { templateId: t.id, accountIds: [a, b].map((p) => Buffer.from(`Account:${p.id}`).toString('base64url')) } },
      { token: op, key: null },
    );
    expect(tooMany.data.grantCoupons.userErrors[0].code).toBe('SOLD_OUT');
    const unknown = await h.gql(GRANT, { input: { templateId: t.id, accountIds: ['bm9wZQ'] } }, { token: op, key: null });
    expect(unknown.data.grantCoupons.userErrors[0]).toMatchObject({ code: 'ACCOUNT_NOT_FOUND', field: ['input', 'accountIds', '0'] });
    const stats = await h.gql(
      '{ couponTemplates(first: 1, filter: { distributions: [GRANT_ONLY] }) { nodes { id issuedCount stats { issued available locked used expired revoked } } } }',
      {},
      { token: op, key: null },
    );
    expect(stats.data.couponTemplates.nodes[0]).toEqual({
      id: t.id,
      issuedCount: 2,
      stats: { issued: 2, available: 2, locked: 0, used: 0, expired: 0, revoked: 0 },
    });
  });
});

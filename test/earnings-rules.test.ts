import { startHarness, type Harness } from './harness';
import { accrueForPaidOrder } from '../src/modules/earnings/accrual';
import { accruals, buy, drain, earnings, idFromGlobal, mismatches, person, product, setRules, type Person } from './earnings';
import { addToShop, myShop, setShopPrice, shareLink } from './social';

/**
 * Who earns on an order, and how much: every case of the rule over HTTP. Prices: one SKU at
 * 100.00, so 10% = 10.00 and 5% = 5.00 of a unit.
 */
let h: Harness;
let op: string;
// U invited A; T invited S; A invited the customer B.
let u: Person;
let a: Person;
let t: Person;
let s: Person;
let b: Person;
let sku: string;
let productId: string;

/** A customer invited by A who never touched a share link: their orders have no share. */
const newBuyer = () => person(h, 'Buyer', { inviter: a, member: false });

beforeAll(async () => {
  h = await startHarness();
  op = await h.operatorToken();
  u = await person(h, 'Upline');
  a = await person(h, 'Anna', { inviter: u });
  t = await person(h, 'Tao', { inviter: u });
  s = await person(h, 'Sharer', { inviter: t });
  b = await person(h, 'Buyer', { inviter: a, member: false });
  ({
    productId,
    skuIds: [sku],
  } = await product(h, op, ['100.00']));
  await setRules(h, op, { levels: 2, level1Rate: 1000, level2Rate: 500, level3Rate: 0, selfPurchase: false, frozenDays: 0 });
});
afterAll(() => h.close());

afterEach(async () => {
  expect(await mismatches(h)).toEqual([]);
});

const byMember = (rows: { member_id: string; source: string; amount: number }[]) =>
  rows.map((r) => ({ member: r.member_id, source: r.source, amount: r.amount }));

describe('who earns', () => {
  it("with a share link: the sharer is level 1 and the sharer's inviter level 2; the buyer's own inviter gets nothing", async () => {
    const link = await shareLink(h, s.token, 'PRODUCT', productId);
    const order = await buy(h, b, [{ skuId: sku, quantity: 2 }], link);
    expect(byMember(await accruals(h, order.dbId))).toEqual([
      { member: s.id, source: 'commission_l1', amount: 2000 },
      { member: t.id, source: 'commission_l2', amount: 1000 },
    ]);
    const mine = await earnings(h, s, { sources: ['COMMISSION_L1'] });
    const entry = mine.entries.nodes.find((e) => e.orderNumber === order.number)!;
    expect(entry).toMatchObject({
      kind: 'ACCRUAL',
      amount: { amount: '20.00' },
      isDebit: false,
      level: 1,
      rate: 1000,
      buyerName: b.name,
      baseAmount: { amount: '200.00' },
    });
    expect(entry.explanation).toBe(
      `20.00 = 10% L1 commission on 200.00 of order ${order.number}, line (2 units, 200.00 paid), bought by ${b.name} through your share link`,
    );
    expect(entry.explanation).not.toContain(b.email);
    // The network's account ids are not shown to members: an entry says its level, not its path.
    const withPath = await h.gql('{ myEarnings { entries(first: 1) { nodes { path } } } }', {}, { token: s.token });
    expect(withPath.errors?.[0]?.message).toContain('Cannot query field "path"');
    const upline = (await earnings(h, t, { sources: ['COMMISSION_L2'] })).entries.nodes.find((e) => e.orderNumber === order.number)!;
    expect(upline.explanation).toContain('through your team (level 2)');
    expect(upline.level).toBe(2);
  });

  it("without a share: the buyer's bound inviter is level 1 and that inviter's inviter level 2", async () => {
    const order = await buy(h, await newBuyer(), [{ skuId: sku, quantity: 1 }]);
    expect(byMember(await accruals(h, order.dbId))).toEqual([
      { member: a.id, source: 'commission_l1', amount: 1000 },
      { member: u.id, source: 'commission_l2', amount: 500 },
    ]);
    const entry = (await earnings(h, a)).entries.nodes.find((e) => e.orderNumber === order.number)!;
    expect(entry.explanation).toContain('whom you invited');
  });

  it("through their own link with self-purchase off: the share is ignored and the member's inviter chain earns", async () => {
    const link = await shareLink(h, s.token, 'PRODUCT', productId);
    const order = await buy(h, s, [{ skuId: sku, quantity: 1 }], link);
    expect(byMember(await accruals(h, order.dbId))).toEqual([
      { member: t.id, source: 'commission_l1', amount: 1000 },
      { member: u.id, source: 'commission_l2', amount: 500 },
    ]);
  });

  it('through their own link with self-purchase on: the buyer is level 1 and their inviter level 2', async () => {
    await setRules(h, op, { selfPurchase: true });
    try {
      const link = await shareLink(h, s.token, 'PRODUCT', productId);
      const order = await buy(h, s, [{ skuId: sku, quantity: 1 }], link);
      expect(byMember(await accruals(h, order.dbId))).toEqual([
        { member: s.id, source: 'commission_l1', amount: 1000 },
        { member: t.id, source: 'commission_l2', amount: 500 },
      ]);
    } finally {
      await setRules(h, op, { selfPurchase: false });
    }
  });

  it('skips a level whose member lapsed: nobody is paid for it, and the level above keeps its own rate', async () => {
    const buyer = await newBuyer();
    await h.sql(`update account set role = 'customer' where id = $1`, [a.id]);
    try {
      const order = await buy(h, buyer, [{ skuId: sku, quantity: 1 }]);
      expect(byMember(await accruals(h, order.dbId))).toEqual([{ member: u.id, source: 'commission_l2', amount: 500 }]);
    } finally {
      await h.sql(`update account set role = 'member' where id = $1`, [a.id]);
    }
  });

  it('pays 1, 2 or 3 levels as the rules say', async () => {
    // A chain of four: D invited by C, C by B2, B2 by A2; the customer X is D's invitee.
    const a2 = await person(h, 'Lvl1');
    const b2 = await person(h, 'Lvl2', { inviter: a2 });
    const c2 = await person(h, 'Lvl3', { inviter: b2 });
    const d2 = await person(h, 'Lvl4', { inviter: c2 });
    const x = await person(h, 'Xavier', { inviter: d2, member: false });
    await setRules(h, op, { levels: 1 });
    const one = await buy(h, x, [{ skuId: sku, quantity: 1 }]);
    expect(byMember(await accruals(h, one.dbId))).toEqual([{ member: d2.id, source: 'commission_l1', amount: 1000 }]);
    await setRules(h, op, { levels: 3, level3Rate: 200 });
    const three = await buy(h, x, [{ skuId: sku, quantity: 1 }]);
    expect(byMember(await accruals(h, three.dbId))).toEqual([
      { member: d2.id, source: 'commission_l1', amount: 1000 },
      { member: c2.id, source: 'commission_l2', amount: 500 },
      { member: b2.id, source: 'commission_l3', amount: 200 },
    ]);
    await setRules(h, op, { levels: 2, level3Rate: 0 });
    const two = await buy(h, x, [{ skuId: sku, quantity: 1 }]);
    expect(byMember(await accruals(h, two.dbId))).toEqual([
      { member: d2.id, source: 'commission_l1', amount: 1000 },
      { member: c2.id, source: 'commission_l2', amount: 500 },
    ]);
  });

  it('refuses more than 3 levels, rates over 100%, and bad frozen days, changing nothing', async () => {
    const before = await h.sql('select count(*)::int as n from commission_rule_version');
    const update = 'mutation($input: CommissionSettingsInput!) { updateCommissionSettings(input: $input) { settings { levels } userErrors { code field } } }';
    // Together over 100%: each rate is within its bounds, the rule refuses the sum.
    const overFull = await h.gql(update, { input: { level1Rate: 9000, level2Rate: 2000 } }, { token: op, key: null });
    expect(overFull.data.updateCommissionSettings).toEqual({ settings: null, userErrors: [{ code: 'INVALID_SETTINGS', field: ['input', 'level1Rate'] }] });
    // Outside the bounds the schema documents: refused at the edge before anything runs.
    for (const [input, field] of [
      [{ levels: 4 }, 'levels'],
      [{ levels: 0 }, 'levels'],
      [{ level1Rate: -1 }, 'level1Rate'],
      [{ frozenDays: 91 }, 'frozenDays'],
      [{ withdrawalFeeRate: 6000 }, 'withdrawalFeeRate'],
    ] as const) {
      const res = await h.gql(update, { input }, { token: op, key: null });
      expect(res.status).toBe(400);
      expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', field] });
    }
    expect(await h.sql('select count(*)::int as n from commission_rule_version')).toEqual(before);
  });
});

describe('the rules in force when the order was paid', () => {
  it('an order paid before a change earns by the old version, and names it', async () => {
    const buyer = await newBuyer();
    const old = await setRules(h, op, { level1Rate: 1000 });
    const before = await buy(h, buyer, [{ skuId: sku, quantity: 1 }]);
    const next = await setRules(h, op, { level1Rate: 1500 });
    const after = await buy(h, buyer, [{ skuId: sku, quantity: 1 }]);
    expect((await accruals(h, before.dbId)).find((r) => r.source === 'commission_l1')!.amount).toBe(1000);
    expect((await accruals(h, after.dbId)).find((r) => r.source === 'commission_l1')!.amount).toBe(1500);
    const entries = (await earnings(h, a)).entries.nodes;
    expect(entries.find((e) => e.orderNumber === before.number && e.kind === 'ACCRUAL')!.ruleVersionId).toBe(old.versionId);
    expect(entries.find((e) => e.orderNumber === after.number && e.kind === 'ACCRUAL')!.ruleVersionId).toBe(next.versionId);
    await setRules(h, op, { level1Rate: 1000 });
  });
});

describe('overrides', () => {
  const REMOVE_OVERRIDE_FOR_TEST = 'mutation($input: RemoveCommissionOverrideInput!) { removeCommissionOverride(input: $input) { userErrors { code } } }';
  const OVERRIDE = `mutation($input: CommissionOverrideInput!) { setCommissionOverride(input: $input) {
    settings { versionId overrides(first: 10) { totalCount nodes { productId skuId kind levelRates levelAmounts { amount } } } } userErrors { code field message } } }`;

  it("refuses a fixed override whose levels together exceed the price (the SKU's, or the product's cheapest), changing nothing", async () => {
    const p = await product(h, op, ['10.00', '20.00']);
    const [, dear] = p.skuIds;
    const [{ n: before }] = await h.sql('select count(*)::int as n from commission_rule_version');
    const byProduct = await h.gql(OVERRIDE, { input: { productId: p.productId, kind: 'FIXED', levelAmounts: ['6.00', '4.01'] } }, { token: op, key: null });
    expect(byProduct.data.setCommissionOverride.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_OVERRIDE', field: ['input', 'levelAmounts'] })]);
    const bySku = await h.gql(
      OVERRIDE,
      { input: { productId: p.productId, skuId: dear, kind: 'FIXED', levelAmounts: ['15.00', '5.01'] } },
      { token: op, key: null },
    );
    expect(bySku.data.setCommissionOverride.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_OVERRIDE', field: ['input', 'levelAmounts'] })]);
    const [{ n: after }] = await h.sql('select count(*)::int as n from commission_rule_version');
    expect(after).toBe(before);
    const exact = await h.gql(
      OVERRIDE,
      { input: { productId: p.productId, skuId: dear, kind: 'FIXED', levelAmounts: ['15.00', '5.00'] } },
      { token: op, key: null },
    );
    expect(exact.data.setCommissionOverride.userErrors).toEqual([]);
    await h.gql(REMOVE_OVERRIDE_FOR_TEST, { input: { productId: p.productId, skuId: dear } }, { token: op, key: null });
  });

  it("a product's percentage, a SKU's fixed amount per unit; the SKU's beats the product's", async () => {
    const p = await product(h, op, ['50.00', '80.00']);
    const [cheap, dear] = p.skuIds;
    const byProduct = await h.gql(OVERRIDE, { input: { productId: p.productId, kind: 'PERCENT', levelRates: [2000, 1000] } }, { token: op, key: null });
    expect(byProduct.data.setCommissionOverride.userErrors).toEqual([]);
    const bySku = await h.gql(
      OVERRIDE,
      { input: { productId: p.productId, skuId: dear, kind: 'FIXED', levelAmounts: ['3.00', '1.25'] } },
      { token: op, key: null },
    );
    expect(bySku.data.setCommissionOverride.userErrors).toEqual([]);
    expect(bySku.data.setCommissionOverride.settings.overrides.totalCount).toBe(2);
    const buyer = await newBuyer();
    const order = await buy(h, buyer, [
      { skuId: cheap, quantity: 1 },
      { skuId: dear, quantity: 2 },
    ]);
    const rows = await h.sql(
      `select order_line_id, member_id, source, amount, rate, fixed_amount from earning_entry where order_id = $1 and kind = 'accrual' order by amount`,
      [order.dbId],
    );
    // 50.00 × 20% = 10.00 and × 10% = 5.00; 2 units × 3.00 = 6.00 and × 1.25 = 2.50.
    expect(rows.map((r) => [r.member_id, r.source, r.amount, r.rate, r.fixed_amount])).toEqual([
      [u.id, 'commission_l2', 250, null, 125],
      [u.id, 'commission_l2', 500, 1000, null],
      [a.id, 'commission_l1', 600, null, 300],
      [a.id, 'commission_l1', 1000, 2000, null],
    ]);
    const fixed = (await earnings(h, a)).entries.nodes.find((e) => e.orderNumber === order.number && e.fixedAmount)!;
    expect(fixed.explanation).toContain('3.00 per unit L1 commission');
    // Removing the SKU's: the product's percentage applies to it again, for orders paid from now.
    const removed = await h.gql(
      'mutation($input: RemoveCommissionOverrideInput!) { removeCommissionOverride(input: $input) { settings { overrides { totalCount } } userErrors { code } } }',
      { input: { productId: p.productId, skuId: dear } },
      { token: op, key: null },
    );
    expect(removed.data.removeCommissionOverride).toEqual({ settings: { overrides: { totalCount: 1 } }, userErrors: [] });
    const again = await buy(h, buyer, [{ skuId: dear, quantity: 1 }]);
    expect((await accruals(h, again.dbId)).find((r) => r.source === 'commission_l1')!.amount).toBe(1600);
  });

  it('refuses an unknown product, a SKU of another product, a missing override and rates over 100%', async () => {
    const p = await product(h, op, ['10.00']);
    const other = await product(h, op, ['10.00']);
    const before = await h.sql('select count(*)::int as n from commission_rule_version');
    const cases: [Record<string, unknown>, string][] = [
      [{ productId: 'UHJvZHVjdDowMDAwMDAwMC0wMDAwLTcwMDAtODAwMC0wMDAwMDAwMDAwOTk', kind: 'PERCENT', levelRates: [100] }, 'PRODUCT_NOT_FOUND'],
      [{ productId: p.productId, skuId: other.skuIds[0], kind: 'PERCENT', levelRates: [100] }, 'SKU_NOT_FOUND'],
      [{ productId: p.productId, kind: 'PERCENT', levelRates: [6000, 5000] }, 'INVALID_OVERRIDE'],
    ];
    for (const [input, code] of cases) {
      const res = await h.gql(OVERRIDE, { input }, { token: op, key: null });
      expect(res.data.setCommissionOverride.userErrors.map((e: { code: string }) => e.code)).toEqual([code]);
    }
    const missing = await h.gql(
      'mutation($input: RemoveCommissionOverrideInput!) { removeCommissionOverride(input: $input) { userErrors { code } } }',
      { input: { productId: p.productId } },
      { token: op, key: null },
    );
    expect(missing.data.removeCommissionOverride.userErrors).toEqual([{ code: 'OVERRIDE_NOT_FOUND' }]);
    expect(await h.sql('select count(*)::int as n from commission_rule_version')).toEqual(before);
  });
});

describe('shop margin', () => {
  it("a shop price above the base price: the difference is the owner's MARGIN, and commission is on the rest of what was paid", async () => {
    const banded = await product(h, op, ['100.00'], { floor: '90.00', ceiling: '150.00' });
    await myShop(h, s.token);
    await addToShop(h, s.token, [banded.productId]);
    await setShopPrice(h, s.token, banded.productId, '120.00');
    const shop = await myShop(h, s.token);
    const link = await shareLink(h, s.token, 'SHOP', shop.id);
    const order = await buy(h, b, [{ skuId: banded.skuIds[0], quantity: 2 }], link);
    expect(order.lines[0].total).toBe('240.00');
    // Margin (120 − 100) × 2 = 40.00; commission on 240 − 40 = 200: 20.00 to S, 10.00 to T.
    expect(byMember(await accruals(h, order.dbId))).toEqual([
      { member: s.id, source: 'commission_l1', amount: 2000 },
      { member: t.id, source: 'commission_l2', amount: 1000 },
      { member: s.id, source: 'margin', amount: 4000 },
    ]);
    const margin = (await earnings(h, s, { sources: ['MARGIN'] })).entries.nodes[0];
    expect(margin.explanation).toBe(
      `40.00 = shop margin of 20.00 above the base price per unit on order ${order.number}, line (2 units, 240.00 paid), bought by ${b.name} through your shop`,
    );
    const l1 = (await earnings(h, s, { sources: ['COMMISSION_L1'] })).entries.nodes.find((e) => e.orderNumber === order.number)!;
    expect(l1.explanation).toContain('through your shop');
  });

  it("the base price is the SKU's retail price at checkout, kept on the line: a later catalog change does not move the margin", async () => {
    const banded = await product(h, op, ['100.00'], { floor: '90.00', ceiling: '150.00' });
    await addToShop(h, s.token, [banded.productId]);
    await setShopPrice(h, s.token, banded.productId, '120.00');
    const shop = await myShop(h, s.token);
    const link = await shareLink(h, s.token, 'SHOP', shop.id);
    const order = await buy(h, b, [{ skuId: banded.skuIds[0], quantity: 2 }], link, { deliver: false });
    expect((await h.sql('select list_price, unit_price, price_reason from order_line where order_id = $1', [order.dbId]))[0]).toEqual({
      list_price: 10000,
      unit_price: 12000,
      price_reason: 'SHOP_PRICE',
    });
    // The retail price changes before the order's earnings are computed.
    await h.sql('update sku set price = 11500 where id = $1', [idFromGlobal(banded.skuIds[0])]);
    await drain(h);
    expect(byMember(await accruals(h, order.dbId))).toContainEqual({ member: s.id, source: 'margin', amount: 4000 });
    await h.sql('update sku set price = 10000 where id = $1', [idFromGlobal(banded.skuIds[0])]);
  });
});

describe('membership bonus', () => {
  it("the inviter and the inviter's inviter get the bonus when an invitee buys a package; no commission on the package; a refund takes it back", async () => {
    await setRules(h, op, { membershipBonusLevel1: '50.00', membershipBonusLevel2: '20.00' });
    const pack = await product(h, op, ['399.00']);
    const plan = await h.gql(
      'mutation($input: MembershipPlanCreateInput!) { createMembershipPlan(input: $input) { plan { id } userErrors { code } } }',
      { input: { name: 'Gift pack', packageProductId: pack.productId } },
      { token: op, key: null },
    );
    expect(plan.data.createMembershipPlan.userErrors).toEqual([]);
    const c = await person(h, 'Newbie', { inviter: a, member: false });
    const order = await buy(h, c, [
      { skuId: pack.skuIds[0], quantity: 1 },
      { skuId: sku, quantity: 1 },
    ]);
    expect((await h.sql('select role from account where id = $1', [c.id]))[0].role).toBe('member');
    expect(byMember(await accruals(h, order.dbId))).toEqual([
      { member: a.id, source: 'commission_l1', amount: 1000 },
      { member: u.id, source: 'commission_l2', amount: 500 },
      { member: a.id, source: 'membership_bonus', amount: 5000 },
      { member: u.id, source: 'membership_bonus', amount: 2000 },
    ]);
    const bonus = (await earnings(h, a, { sources: ['MEMBERSHIP_BONUS'] })).entries.nodes[0];
    expect(bonus.explanation).toBe(`50.00 = membership bonus (level 1): ${c.name}, whom you invited, bought a membership package (order ${order.number})`);

    const res = await h.gql(
      'mutation($input: RefundOrderInput!) { refundOrder(input: $input) { userErrors { code message } } }',
      { input: { orderId: order.id, lines: [{ orderLineId: order.lines.find((l) => l.total === '399.00')!.id, quantity: 1 }], reason: 'Returned' } },
      { token: op, key: null },
    );
    expect(res.data.refundOrder.userErrors).toEqual([]);
    await drain(h);
    const reversed = await h.sql(`select member_id, amount from earning_entry where order_id = $1 and kind = 'reversal' order by amount`, [order.dbId]);
    expect(reversed.map((r) => [r.member_id, r.amount])).toEqual([
      [a.id, -5000],
      [u.id, -2000],
    ]);
    await setRules(h, op, { membershipBonusLevel1: '0', membershipBonusLevel2: '0' });
  });
});

describe('duplicate delivery', () => {
  it('order.paid delivered twice in parallel accrues once', async () => {
    const order = await buy(h, b, [{ skuId: sku, quantity: 1 }]);
    const results = await Promise.all(Array.from({ length: 5 }, () => accrueForPaidOrder(h.orm.em.fork(), order.dbId, new Date())));
    expect(results).toEqual([0, 0, 0, 0, 0]);
    expect(await accruals(h, order.dbId)).toHaveLength(2);
  });
});

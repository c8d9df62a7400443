import { startHarness, type Harness } from './harness';
import { addToShop, bandedProduct, buy, customer, member, myShop, pay, setShopPrice, shareLink, touch, type Person } from './social';

let h: Harness;
let op: string;
let owner: Person;
let slug: string;
let xiao: Person;
let yan: Person;
let today: string;
let yesterday: string;
const orders: Record<string, { id: string; number: string }> = {};

/**
 * An owner's shop with: Xiao's two paid orders, Yan's paid order (later refunded) and one unpaid,
 * the owner's own purchase, and a paid order of Xiao's that did not go through the shop.
 */
beforeAll(async () => {
  h = await startHarness();
  op = await h.operatorToken();
  owner = await member(h, 'Owner');
  slug = (await myShop(h, owner.token)).slug;
  const tea = await bandedProduct(h, op, { price: '30.00', floor: '20.00', ceiling: '50.00', name: 'Insight tea' });
  const cups = await bandedProduct(h, op, { price: '120.00', name: 'Insight cups' });
  await addToShop(h, owner.token, [tea.productId, cups.productId]);
  await setShopPrice(h, owner.token, tea.productId, '25.00');
  const shopToken = await shareLink(h, owner.token, 'SHOP', (await myShop(h, owner.token)).id);
  xiao = await customer(h, '小晓');
  yan = await customer(h, 'Yan');

  orders.xiao1 = await buy(h, xiao.token, tea.skuId, 2, shopToken);
  await pay(h, xiao.token, orders.xiao1.id);
  orders.yan = await buy(h, yan.token, cups.skuId, 1, shopToken);
  await pay(h, yan.token, orders.yan.id);
  orders.yanUnpaid = await buy(h, yan.token, tea.skuId, 1);
  orders.self = await buy(h, owner.token, tea.skuId, 1, shopToken);
  await pay(h, owner.token, orders.self.id);
  await touch(h, xiao.token, shopToken);
  orders.xiao2 = await buy(h, xiao.token, cups.skuId, 1);
  await pay(h, xiao.token, orders.xiao2.id);
  const stranger = await member(h, 'Stranger');
  orders.elsewhere = await buy(h, xiao.token, tea.skuId, 1, await shareLink(h, stranger.token, 'PRODUCT', tea.productId));
  await pay(h, xiao.token, orders.elsewhere.id);

  for (let i = 0; i < 3; i++) await h.gql('mutation($slug: String!) { recordShopVisit(slug: $slug) { recorded } }', { slug });
  [{ today, yesterday }] = await h.sql(`select to_char((now() at time zone 'Asia/Shanghai')::date, 'YYYY-MM-DD') as today,
                                               to_char((now() at time zone 'Asia/Shanghai')::date - 1, 'YYYY-MM-DD') as yesterday`);
});
afterAll(() => h.close());

const CUSTOMERS = '{ myShop { customers(first: 10) { totalCount nodes { id displayName orderCount totalSpent { amount } lastPurchaseAt } } } }';
const ORDERS = `query($customerId: ID) { myShop { orders(first: 10, customerId: $customerId) { totalCount
  nodes { number status buyerName customerId total { amount } refundedTotal { amount } entry selfPurchase lines { productName quantity unitPrice { amount } priceReason total { amount } } } } } }`;
const STATS =
  'query($from: LocalDate!, $to: LocalDate!) { myShop { statistics(from: $from, to: $to) { from to visits orders sales { amount } days { day visits orders sales { amount } } } } }';

describe('my customers (客户档案)', () => {
  it('lists who paid for orders through the shop, most recent purchase first, with counts and totals', async () => {
    const res = await h.gql(CUSTOMERS, {}, { token: owner.token });
    expect(res.errors).toBeUndefined();
    const { totalCount, nodes } = res.data.myShop.customers;
    expect(totalCount).toBe(3);
    expect(nodes.map((n: any) => [n.displayName, n.orderCount, n.totalSpent.amount])).toEqual([
      ['小晓', 2, '180.00'], // 2 × 25.00 + 10.00 shipping, and 120.00 (shipped free)
      ['Owner', 1, '35.00'],
      ['Yan', 1, '120.00'],
    ]);
    expect(new Date(nodes[0].lastPurchaseAt).getTime()).toBeGreaterThan(new Date(nodes[1].lastPurchaseAt).getTime());
  });

  it('lists the orders through the shop, with what was bought but no address or contact details', async () => {
    const res = await h.gql(ORDERS, {}, { token: owner.token });
    const list = res.data.myShop.orders;
    expect(list.totalCount).toBe(4);
    expect(list.nodes.map((n: any) => n.number)).toEqual([orders.xiao2.number, orders.self.number, orders.yan.number, orders.xiao1.number]);
    expect(list.nodes[3]).toEqual({
      number: orders.xiao1.number,
      status: 'PAID',
      buyerName: '小晓',
      customerId: expect.any(String),
      total: { amount: '60.00' },
      refundedTotal: { amount: '0.00' },
      entry: 'SHOP',
      selfPurchase: false,
      lines: [{ productName: 'Insight tea', quantity: 2, unitPrice: { amount: '25.00' }, priceReason: 'SHOP_PRICE', total: { amount: '50.00' } }],
    });
    expect(list.nodes[1]).toMatchObject({ buyerName: 'Owner', selfPurchase: true });

    const xiaoId = list.nodes[0].customerId;
    const onlyXiao = await h.gql(ORDERS, { customerId: xiaoId }, { token: owner.token });
    expect(onlyXiao.data.myShop.orders.nodes.map((n: any) => n.number)).toEqual([orders.xiao2.number, orders.xiao1.number]);
    const customers = (await h.gql(CUSTOMERS, {}, { token: owner.token })).data.myShop.customers.nodes;
    expect(customers[0].id).toBe(xiaoId);
    // The customer id is no account id: node(id:) finds nothing with it.
    expect((await h.gql('query($id: ID!) { node(id: $id) { id } }', { id: xiaoId }, { token: owner.token })).data.node).toBeNull();
  });

  it('exposes no address, phone or email to shop owners, by construction of the types', async () => {
    const res = await h.gql(
      `{ a: __type(name: "ShopOrder") { fields { name } } b: __type(name: "ShopCustomer") { fields { name } } c: __type(name: "ShopOrderLine") { fields { name } } }`,
    );
    const names = [...res.data.a.fields, ...res.data.b.fields, ...res.data.c.fields].map((f: any) => f.name);
    expect(names.filter((n: string) => /address|phone|email|ship|region|detail/i.test(n))).toEqual([]);
  });

  it('nets refunds out of what a customer spent', async () => {
    const refund = await h.gql(
      'mutation($input: RefundOrderInput!) { refundOrder(input: $input) { userErrors { code message } } }',
      {
        input: { orderId: orders.yan.id, reason: 'Cups arrived broken', idempotencyKey: 'insights-refund-0001' },
      },
      { token: op, key: null },
    );
    expect(refund.data.refundOrder.userErrors).toEqual([]);
    const nodes = (await h.gql(CUSTOMERS, {}, { token: owner.token })).data.myShop.customers.nodes;
    expect(nodes.find((n: any) => n.displayName === 'Yan')).toMatchObject({ orderCount: 1, totalSpent: { amount: '0.00' } });
  });

  it("belongs to the owner alone: another member's shop has none of them", async () => {
    const other = await member(h, 'Neighbour');
    const res = await h.gql(`{ myShop { customers(first: 10) { totalCount } orders(first: 10) { totalCount } } }`, {}, { token: other.token });
    expect(res.data.myShop).toEqual({ customers: { totalCount: 0 }, orders: { totalCount: 0 } });
    const asCustomer = await h.gql(CUSTOMERS, {}, { token: xiao.token });
    expect(asCustomer.errors![0].extensions.code).toBe('FORBIDDEN');
  });
});

describe('shop statistics', () => {
  it('gives visits, paid orders and sales by day, with empty days as zeros', async () => {
    const res = await h.gql(STATS, { from: yesterday, to: today }, { token: owner.token });
    expect(res.errors).toBeUndefined();
    const stats = res.data.myShop.statistics;
    // Sales: Xiao's 60.00 and 120.00, the owner's 35.00, and Yan's 120.00 refunded in full.
    expect(stats).toEqual({
      from: yesterday,
      to: today,
      visits: 3,
      orders: 4,
      sales: { amount: '215.00' },
      days: [
        { day: yesterday, visits: 0, orders: 0, sales: { amount: '0.00' } },
        { day: today, visits: 3, orders: 4, sales: { amount: '215.00' } },
      ],
    });
  });

  it('refuses a reversed, too long or impossible period', async () => {
    const reversed = await h.gql(STATS, { from: today, to: yesterday }, { token: owner.token });
    expect(reversed.errors![0]).toMatchObject({ message: 'from must not be after to', extensions: { code: 'BAD_USER_INPUT' } });
    const long = await h.gql(STATS, { from: '2025-01-01', to: '2026-12-31' }, { token: owner.token });
    expect(long.errors![0]).toMatchObject({ message: 'A period is at most 366 days', extensions: { code: 'BAD_USER_INPUT' } });
    const impossible = await h.gql(STATS, { from: '2026-02-30', to: '2026-03-01' }, { token: owner.token });
    expect(impossible.errors![0].message).toMatch(/LocalDate/);
    const year = await h.gql(STATS, { from: '2025-01-01', to: '2026-01-01' }, { token: owner.token });
    expect(year.data.myShop.statistics.days).toHaveLength(366);
  });
});

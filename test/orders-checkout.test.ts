import { toGlobalId } from '../src/lib/ids';
import { CatalogService } from '../src/modules/catalog/service';
import { OrderService } from '../src/modules/orders/service';
import { startHarness, type Harness } from './harness';

let h: Harness;
let customer: string;
let op: string;

beforeAll(async () => {
  h = await startHarness();
  customer = await h.customerToken();
  op = await h.operatorToken();
});
afterAll(() => h.close());

const ADDRESS = { name: '张三', phone: '13800138000', region: '浙江省 杭州市 西湖区', detail: '文三路 100 号' };
const CHECKOUT = `mutation($input: CheckoutInput!) {
  checkout(input: $input) {
    order { id number status paymentDueAt cost { subtotal { amount } discountTotal { amount } shippingFee { amount } total { amount } adjustments { code amount { amount } isDiscount } }
            lines { skuCode quantity unitPrice { amount } priceReason total { amount } } shippingAddress { name phone } }
    userErrors { code field message }
  }
}`;

/** A new on-sale product with one SKU at this price and stock, by SQL-free operator mutations. */
async function product(price: string, stock: number, memberPrice?: string): Promise<{ skuId: string; code: string }> {
  const code = `SKU-${Math.random().toString(36).slice(2, 10)}`;
  const cat = (await h.gql('{ category(slug: "tea") { id } }')).data.category.id;
  const res = await h.gql(
    `mutation($input: ProductCreateInput!) { createProduct(input: $input) { product { id skus { id } } userErrors { code } } }`,
    { input: { name: `Checkout test ${code}`, categoryId: cat, skus: [{ code, specs: [], price, memberPrice, stock }] } },
    { token: op, key: null },
  );
  const p = res.data.createProduct.product;
  await h.gql('mutation($id: ID!) { publishProduct(id: $id) { userErrors { code } } }', { id: p.id }, { token: op, key: null });
  return { skuId: p.skus[0].id, code };
}

const stockOf = async (code: string) => (await h.sql('select stock from sku where code = $1', [code]))[0].stock;

describe('checkout', () => {
  it('places an order with a frozen breakdown and takes the stock', async () => {
    const { skuId, code } = await product('25.50', 10);
    const res = await h.gql(CHECKOUT, { input: { lines: [{ skuId, quantity: 2 }], shippingAddress: ADDRESS } }, { token: customer });
    expect(res.data.checkout.userErrors).toEqual([]);
    const order = res.data.checkout.order;
    expect(order.status).toBe('PENDING_PAYMENT');
    expect(order.cost).toEqual({
      subtotal: { amount: '51.00' },
      discountTotal: { amount: '0.00' },
      shippingFee: { amount: '10.00' },
      total: { amount: '61.00' },
      adjustments: [{ code: 'SHIPPING', amount: { amount: '10.00' }, isDiscount: false }],
    });
    expect(order.lines).toEqual([{ skuCode: code, quantity: 2, unitPrice: { amount: '25.50' }, priceReason: 'RETAIL', total: { amount: '51.00' } }]);
    expect(await stockOf(code)).toBe(8);
    const [event] = await h.sql(`select type from order_event where order_id = (select id from customer_order where number = $1)`, [order.number]);
    expect(event.type).toBe('order.created');
  });

  it('sells the last 3 units to exactly 3 of 50 parallel buyers', async () => {
    const { skuId, code } = await product('9.90', 3);
    const ordersBefore = (await h.sql('select count(*)::int as n from customer_order'))[0].n;
    const results = await Promise.all(
      Array.from({ length: 50 }, () => h.gql(CHECKOUT, { input: { lines: [{ skuId, quantity: 1 }], shippingAddress: ADDRESS } }, { token: customer })),
    );
    const placed = results.filter((r) => r.data?.checkout.order);
    const refused = results.filter((r) => r.data?.checkout.userErrors[0]?.code === 'INSUFFICIENT_STOCK');
    expect(placed).toHaveLength(3);
    expect(refused).toHaveLength(47);
    expect(refused[0].data.checkout.userErrors[0].message).toContain(code);
    expect(refused[0].data.checkout.userErrors[0].message).toMatch(/has 0 left/);
    expect(await stockOf(code)).toBe(0);
    const [{ n }] = await h.sql('select count(*)::int as n from order_line where sku_code = $1', [code]);
    expect(n).toBe(3);
    // A refused checkout's write statement left nothing: no order without lines either.
    expect((await h.sql('select count(*)::int as n from customer_order'))[0].n).toBe(ordersBefore + 3);
  });

  it('cancels an unpaid order and returns the stock, once', async () => {
    const { skuId, code } = await product('12.00', 5);
    const order = (await h.gql(CHECKOUT, { input: { lines: [{ skuId, quantity: 4 }], shippingAddress: ADDRESS } }, { token: customer })).data.checkout.order;
    expect(await stockOf(code)).toBe(1);
    const cancel = 'mutation($id: ID!) { cancelOrder(orderId: $id) { order { status cancelReason } userErrors { code message } } }';
    const both = await Promise.all([h.gql(cancel, { id: order.id }, { token: customer }), h.gql(cancel, { id: order.id }, { token: customer })]);
    const ok = both.filter((r) => r.data.cancelOrder.order);
    expect(ok).toHaveLength(1);
    expect(both.find((r) => !r.data.cancelOrder.order)!.data.cancelOrder.userErrors[0].code).toBe('ILLEGAL_TRANSITION');
    expect(await stockOf(code)).toBe(5);
  });

  it('cancels overdue unpaid orders from the sweep, returning their stock', async () => {
    const { skuId, code } = await product('12.00', 5);
    const order = (await h.gql(CHECKOUT, { input: { lines: [{ skuId, quantity: 2 }], shippingAddress: ADDRESS } }, { token: customer })).data.checkout.order;
    await h.sql(`update customer_order set payment_due_at = now() - interval '1 second' where number = $1`, [order.number]);
    const em = h.orm.em.fork();
    expect(await new OrderService(em, new CatalogService(em)).cancelOverdue()).toBeGreaterThanOrEqual(1);
    expect(await stockOf(code)).toBe(5);
    const after = await h.gql('query($id: ID!) { order(id: $id) { status cancelReason } }', { id: order.id }, { token: customer });
    expect(after.data.order).toEqual({ status: 'CANCELLED', cancelReason: 'not paid in time' });
  });
});

describe('checkout refusals', () => {
  async function counts() {
    const [{ orders, lines }] = await h.sql('select (select count(*)::int from customer_order) as orders, (select count(*)::int from order_line) as lines');
    return { orders, lines };
  }

  it('refuses every bad input with a code, takes no stock and writes nothing', async () => {
    const { skuId, code } = await product('5.00', 5);
    const [off] = await h.sql(`select id from sku where product_id = (select id from product where publication = 'unpublished' limit 1) limit 1`);
    const [preview] = await h.sql(
      `select s.id from sku s join product p on p.id = s.product_id where p.publication = 'published' and p.sale_starts_at > now() limit 1`,
    );

    const before = await counts();
    // Outside the documented bounds (quantities 1 to 999): refused at the edge before anything runs.
    for (const quantity of [0, 1000]) {
      const res = await h.gql(CHECKOUT, { input: { shippingAddress: ADDRESS, lines: [{ skuId, quantity }] } }, { token: customer });
      expect(res.status).toBe(400);
      expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'lines', '0', 'quantity'] });
      expect(res.data?.checkout).toBeUndefined();
    }
    const cases: [Record<string, unknown>, string, string[]][] = [
      [{ lines: [{ skuId: toGlobalId('Sku', '00000000-0000-0000-0000-000000000000'), quantity: 1 }] }, 'SKU_NOT_FOUND', ['input', 'lines', '0', 'skuId']],
      [{ lines: [{ skuId: 'not-an-id', quantity: 1 }] }, 'SKU_NOT_FOUND', ['input', 'lines', '0', 'skuId']],
      [{ lines: [{ skuId: toGlobalId('Sku', off.id), quantity: 1 }] }, 'NOT_BUYABLE', ['input', 'lines', '0', 'skuId']],
      [{ lines: [{ skuId: toGlobalId('Sku', preview.id), quantity: 1 }] }, 'NOT_BUYABLE', ['input', 'lines', '0', 'skuId']],
      [{ lines: [{ skuId, quantity: 6 }] }, 'INSUFFICIENT_STOCK', ['input', 'lines']],
      [{ lines: [] }, 'EMPTY_ORDER', ['input', 'lines']],
      [{ lines: [{ skuId, quantity: 1 }], shippingAddress: { ...ADDRESS, phone: '12345' } }, 'INVALID_ADDRESS', ['input', 'shippingAddress', 'phone']],
      [{ lines: [{ skuId, quantity: 1 }], shippingAddress: { ...ADDRESS, name: ' ' } }, 'INVALID_ADDRESS', ['input', 'shippingAddress', 'name']],
      [{ lines: [{ skuId, quantity: 1 }], shippingAddress: { ...ADDRESS, detail: 'x' } }, 'INVALID_ADDRESS', ['input', 'shippingAddress', 'detail']],
      [{ lines: [{ skuId, quantity: 1 }], cartId: toGlobalId('Cart', '11111111-1111-4111-8111-111111111111') }, 'CART_OR_LINES_REQUIRED', ['input', 'cartId']],
      [{ cartId: toGlobalId('Cart', '11111111-1111-4111-8111-111111111111') }, 'CART_NOT_FOUND', ['cartId']],
      [{ lines: [{ skuId, quantity: 1 }], idempotencyKey: 'short' }, 'INVALID_IDEMPOTENCY_KEY', ['idempotencyKey']],
    ];
    for (const [input, errorCode, field] of cases) {
      const res = await h.gql(CHECKOUT, { input: { shippingAddress: ADDRESS, ...input } }, { token: customer });
      expect({ input, error: res.data.checkout.userErrors[0] }).toEqual({ input, error: { code: errorCode, field, message: expect.any(String) } });
      expect(res.data.checkout.order).toBeNull();
    }
    expect(await counts()).toEqual(before);
    expect(await stockOf(code)).toBe(5);
  });

  it('is for customers: operators and anonymous callers are refused', async () => {
    const { skuId } = await product('5.00', 5);
    const input = { lines: [{ skuId, quantity: 1 }], shippingAddress: ADDRESS };
    expect((await h.gql(CHECKOUT, { input }, { token: op })).errors![0].extensions.code).toBe('FORBIDDEN');
    expect((await h.gql(CHECKOUT, { input })).errors![0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('checkout from a cart, member prices, idempotency', () => {
  it("buys the cart's buyable lines, leaves the rest, and charges members the member price", async () => {
    const cheap = await product('30.00', 5, '20.00');
    const [off] = await h.sql(`select id from sku where product_id = (select id from product where publication = 'unpublished' limit 1) limit 1`);

    await h.gql('mutation { register(input: { email: "vip@example.com", password: "vip-pass-2026" }) { userErrors { code } } }');
    await h.sql(`update account set role = 'member' where email = 'vip@example.com'`);
    const member = await h.login('vip@example.com', 'vip-pass-2026');
    await h.gql(
      'mutation($lines: [LineInput!]!) { addCartLines(lines: $lines) { userErrors { code } } }',
      {
        lines: [
          { skuId: cheap.skuId, quantity: 2 },
          { skuId: toGlobalId('Sku', off.id), quantity: 1 },
        ],
      },
      { token: member },
    );
    const cart = (await h.gql('{ cart { id } }', {}, { token: member })).data.cart;
    const res = await h.gql(CHECKOUT, { input: { cartId: cart.id, shippingAddress: ADDRESS } }, { token: member });
    expect(res.data.checkout.userErrors).toEqual([]);
    expect(res.data.checkout.order.lines).toEqual([
      { skuCode: cheap.code, quantity: 2, unitPrice: { amount: '20.00' }, priceReason: 'MEMBER_PRICE', total: { amount: '40.00' } },
    ]);
    const left = (await h.gql('{ cart { lines { quantity } warnings { code } } }', {}, { token: member })).data.cart;
    expect(left.lines).toHaveLength(1);
    expect(left.warnings[0].code).toBe('NOT_BUYABLE');
  });

  it('replays an idempotency key: one order for repeats, even in parallel; other input is refused', async () => {
    const { skuId, code } = await product('8.00', 20);
    const input = { lines: [{ skuId, quantity: 2 }], shippingAddress: ADDRESS, idempotencyKey: `checkout-${code}` };
    const results = await Promise.all(Array.from({ length: 5 }, () => h.gql(CHECKOUT, { input }, { token: customer })));
    expect(new Set(results.map((r) => r.data.checkout.order.id)).size).toBe(1);
    expect(await stockOf(code)).toBe(18);
    const other = await h.gql(CHECKOUT, { input: { ...input, lines: [{ skuId, quantity: 3 }] } }, { token: customer });
    expect(other.data.checkout.userErrors[0].code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await stockOf(code)).toBe(18);
  });

  it('keeps one order per key when many keys, each sent several times at once, race for one SKU', async () => {
    const { skuId, code } = await product('8.00', 20);
    const keys = Array.from({ length: 8 }, (_, i) => `race-${i}-${code}`);
    const calls = keys.flatMap((key) => Array.from({ length: 4 }, () => ({ lines: [{ skuId, quantity: 1 }], shippingAddress: ADDRESS, idempotencyKey: key })));
    const results = await Promise.all(calls.map((input) => h.gql(CHECKOUT, { input }, { token: customer })));
    expect(results.filter((r) => r.errors)).toEqual([]);
    const orderOf = new Map<string, Set<string>>();
    results.forEach((r, i) => orderOf.set(calls[i].idempotencyKey, (orderOf.get(calls[i].idempotencyKey) ?? new Set()).add(r.data.checkout.order.id)));
    expect([...orderOf.values()].map((ids) => ids.size)).toEqual(keys.map(() => 1));
    expect(new Set([...orderOf.values()].flatMap((ids) => [...ids])).size).toBe(keys.length);
    expect(await stockOf(code)).toBe(20 - keys.length);
  });

  it('replays the refusal of a keyed checkout, refused by its write or before it, after the cause is gone', async () => {
    const { skuId, code } = await product('8.00', 1);
    // Refused by the write (its conditional stock update): 2 asked, 1 left; in parallel, one refusal for all.
    const short = { lines: [{ skuId, quantity: 2 }], shippingAddress: ADDRESS, idempotencyKey: `short-${code}` };
    const first = await Promise.all(Array.from({ length: 4 }, () => h.gql(CHECKOUT, { input: short }, { token: customer })));
    for (const r of first)
      expect(r.data.checkout.userErrors).toEqual([{ code: 'INSUFFICIENT_STOCK', field: ['input', 'lines'], message: expect.stringMatching(/has 1 left/) }]);
    await h.sql('update sku set stock = 10 where code = $1', [code]);
    const again = await h.gql(CHECKOUT, { input: short }, { token: customer });
    expect(again.data.checkout.userErrors).toEqual(first[0].data.checkout.userErrors);
    // Refused before the write (the product is off sale), then on sale again: the refusal is the key's answer.
    await h.sql(`update product set publication = 'unpublished' where id = (select product_id from sku where code = $1)`, [code]);
    const off = { ...short, lines: [{ skuId, quantity: 1 }], idempotencyKey: `off-${code}` };
    const refused = await h.gql(CHECKOUT, { input: off }, { token: customer });
    expect(refused.data.checkout.userErrors[0].code).toBe('NOT_BUYABLE');
    await h.sql(`update product set publication = 'published' where id = (select product_id from sku where code = $1)`, [code]);
    expect((await h.gql(CHECKOUT, { input: off }, { token: customer })).data.checkout.userErrors).toEqual(refused.data.checkout.userErrors);
    expect(await stockOf(code)).toBe(10);
    // A new key buys.
    expect((await h.gql(CHECKOUT, { input: { ...off, idempotencyKey: `on-${code}` } }, { token: customer })).data.checkout.order).not.toBeNull();
  });
});

describe('illegal transitions', () => {
  it('are refused with the current status and change nothing', async () => {
    const { skuId } = await product('8.00', 20);
    const order = (await h.gql(CHECKOUT, { input: { lines: [{ skuId, quantity: 1 }], shippingAddress: ADDRESS } }, { token: customer })).data.checkout.order;
    const ship = await h.gql(
      'mutation($input: ShipOrderInput!) { shipOrder(input: $input) { order { status } userErrors { code message } } }',
      {
        input: { orderId: order.id, carrier: '顺丰', trackingNumber: 'SF000111' },
      },
      { token: op, key: null },
    );
    expect(ship.data.shipOrder.userErrors[0]).toMatchObject({ code: 'ILLEGAL_TRANSITION', message: expect.stringContaining('PENDING_PAYMENT') });
    const receive = await h.gql('mutation($id: ID!) { confirmOrderReceipt(orderId: $id) { userErrors { code } } }', { id: order.id }, { token: customer });
    expect(receive.data.confirmOrderReceipt.userErrors[0].code).toBe('ILLEGAL_TRANSITION');
    const bob = await h.login('bob@demo.example', 'customer-demo-2');
    const foreign = await h.gql('mutation($id: ID!) { cancelOrder(orderId: $id) { userErrors { code } } }', { id: order.id }, { token: bob });
    expect(foreign.data.cancelOrder.userErrors[0].code).toBe('ORDER_NOT_FOUND');
    expect((await h.gql('query($id: ID!) { order(id: $id) { id } }', { id: order.id }, { token: bob })).data.order).toBeNull();
    expect((await h.gql('query($id: ID!) { node(id: $id) { id } }', { id: order.id }, { token: bob })).data.node).toBeNull();
    const mine = await h.gql('query($id: ID!) { node(id: $id) { __typename ... on Order { status } } }', { id: order.id }, { token: customer });
    expect(mine.data.node).toEqual({ __typename: 'Order', status: 'PENDING_PAYMENT' });
    const status = await h.gql('query($id: ID!) { order(id: $id) { status } }', { id: order.id }, { token: customer });
    expect(status.data.order.status).toBe('PENDING_PAYMENT');
    const badShipment = await h.gql(
      'mutation($input: ShipOrderInput!) { shipOrder(input: $input) { userErrors { code field } } }',
      {
        input: { orderId: order.id, carrier: 'x', trackingNumber: '!' },
      },
      { token: op, key: null },
    );
    expect(badShipment.data.shipOrder.userErrors[0]).toEqual({ code: 'INVALID_SHIPMENT', field: ['input', 'carrier'] });
  });

  it("lists the buyer's orders by status, and all orders for operators", async () => {
    const mine = await h.gql('{ myOrders(first: 50, filter: { statuses: [CANCELLED] }) { totalCount nodes { status } } }', {}, { token: customer });
    expect(mine.data.myOrders.totalCount).toBeGreaterThan(0);
    for (const o of mine.data.myOrders.nodes) expect(o.status).toBe('CANCELLED');
    const [{ n }] = await h.sql('select count(*)::int as n from customer_order');
    expect((await h.gql('{ orders(first: 1) { totalCount } }', {}, { token: op, key: null })).data.orders.totalCount).toBe(n);
    const [one] = await h.sql('select number from customer_order limit 1');
    expect(
      (await h.gql('query($q: String) { orders(first: 5, filter: { query: $q }) { nodes { number } } }', { q: one.number }, { token: op, key: null })).data
        .orders.nodes,
    ).toEqual([{ number: one.number }]);
  });
});

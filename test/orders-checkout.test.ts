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
      subtotal: { amount: '51.00' }, discountTotal: { amount: '0.00' }, shippingFee: { amount: '10.00' }, total: { amount: '61.00' },
      adjustments: [{ code: 'SHIPPING', amount: { amount: '10.00' }, isDiscount: false }],
    });
    expect(order.lines).toEqual([{ skuCode: code, quantity: 2, unitPrice: { amount: '25.50' }, priceReason: 'RETAIL', total: { amount: '51.00' } }]);
    expect(await stockOf(code)).toBe(8);
    const [event] = await h.sql(`select type from order_event where order_id = (select id from customer_order where number = $1)`, [order.number]);
    expect(event.type).toBe('order.created');
  });

  it('sells the last 3 units to exactly 3 of 50 parallel buyers', async () => {
    const { skuId, code } = await product('9.90', 3);
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

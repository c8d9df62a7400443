import request from 'supertest';
import type { Harness } from './harness';

/** Buyer and operator steps shared by the payment and refund tests, all over HTTP. */

export const ADDRESS = { name: '王五', phone: '13700137000', region: '北京市 朝阳区', detail: '建国路 88 号' };

export const PAY = `mutation($input: PayOrderInput!) {
  payOrder(input: $input) { payment { id status amount { amount } refunded { amount } provider redirectUrl token } userErrors { code field message } }
}`;

export const ORDER = `query($id: ID!) {
  order(id: $id) {
    id number status refundedTotal { amount } cost { total { amount } shippingFee { amount } }
    lines { id quantity total { amount } refundedQuantity refundedAmount { amount } }
    payments { id status amount { amount } refunded { amount } }
    refunds { id kind amount { amount } shipping { amount } reason lines { orderLineId quantity amount { amount } restocked } }
  }
}`;

/** A new on-sale product with one SKU per price, each with this stock; returns the SKUs' ids and codes. */
export async function products(h: Harness, op: string, prices: string[], stock: number): Promise<{ skuId: string; code: string }[]> {
  const cat = (await h.gql('{ category(slug: "tea") { id } }')).data.category.id;
  const stem = `PAY-${Math.random().toString(36).slice(2, 10)}`;
  const res = await h.gql(
    'mutation($input: ProductCreateInput!) { createProduct(input: $input) { product { id skus { id code } } userErrors { code message } } }',
    {
      input: {
        name: `Payment test ${stem}`,
        categoryId: cat,
        skus: prices.map((price, i) => ({ code: `${stem}-${i}`, specs: [{ name: '规格', value: `v${i}` }], price, stock })),
      },
    },
    { token: op, key: null },
  );
  if (res.data?.createProduct?.userErrors?.length !== 0) throw new Error(`createProduct: ${JSON.stringify(res.body)}`);
  const product = res.data.createProduct.product;
  await h.gql('mutation($id: ID!) { publishProduct(id: $id) { userErrors { code } } }', { id: product.id }, { token: op, key: null });
  const byCode = new Map<string, string>(product.skus.map((s: { id: string; code: string }) => [s.code, s.id]));
  return prices.map((_, i) => ({ code: `${stem}-${i}`, skuId: byCode.get(`${stem}-${i}`)! }));
}

export async function checkout(h: Harness, token: string, lines: { skuId: string; quantity: number }[]): Promise<{ id: string; number: string; dbId: string }> {
  const res = await h.gql(
    'mutation($input: CheckoutInput!) { checkout(input: $input) { order { id number } userErrors { code message } } }',
    { input: { lines, shippingAddress: ADDRESS } },
    { token },
  );
  if (res.data?.checkout?.userErrors?.length !== 0) throw new Error(`checkout: ${JSON.stringify(res.body)}`);
  const order = res.data.checkout.order;
  const [row] = await h.sql('select id from customer_order where number = $1', [order.number]);
  return { ...order, dbId: row.id };
}

export async function payOrder(h: Harness, token: string, orderId: string, idempotencyKey?: string) {
  const res = await h.gql(PAY, { input: { orderId, idempotencyKey } }, { token });
  if (!res.data) throw new Error(`payOrder: ${JSON.stringify(res.body)}`);
  return res.data.payOrder as {
    payment: { id: string; status: string; redirectUrl: string; token: string; amount: { amount: string } } | null;
    userErrors: { code: string; field: string[] | null; message: string }[];
  };
}

/** The buyer on the sandbox's page: pays (or fails), and the sandbox sends its signed callback. */
export async function completeSandbox(h: Harness, redirectUrl: string, outcome?: 'succeeded' | 'failed') {
  const req = request(h.app.http).post(`${redirectUrl}/complete`);
  return outcome ? req.type('form').send({ outcome }) : req.send();
}

/** Checkout, payOrder and the sandbox completing it: an order PAID through the provider. */
export async function paidOrder(h: Harness, token: string, lines: { skuId: string; quantity: number }[]) {
  const order = await checkout(h, token, lines);
  const { payment } = await payOrder(h, token, order.id);
  const done = await completeSandbox(h, payment!.redirectUrl);
  if (done.status !== 200 || done.body.outcome !== 'paid') throw new Error(`sandbox complete: ${done.status} ${JSON.stringify(done.body)}`);
  return { ...order, paymentId: payment!.id };
}

export const stockOf = async (h: Harness, code: string): Promise<number> => (await h.sql('select stock from sku where code = $1', [code]))[0].stock;

import { randomBytes } from 'node:crypto';

/** Sends one GraphQL request and resolves with its parsed answer. */
type Send = (query: string, variables: Record<string, unknown>) => Promise<any>;

/**
 * Warms API processes up before a rush, as a shop's have served before a slot opens or a host goes
 * live: the operator creates and publishes a product of its own, and each buyer token places one
 * ordinary checkout of it through `checkout(i, …)` — the i-th buyer's connection and process in the
 * rush — so the processes' code is compiled and their pools and prepared statements are ready. Then
 * a second's pause. Prints how many were placed.
 */
export async function warmUp(
  asOperator: Send,
  categoryId: string,
  tokens: readonly string[],
  checkout: (i: number, query: string, variables: Record<string, unknown>, token: string) => Promise<any>,
  over: string,
): Promise<void> {
  const created = await asOperator(
    'mutation($input: ProductCreateInput!) { createProduct(input: $input) { product { id skus { id } } userErrors { message } } }',
    {
      input: {
        name: 'bench warm-up tea',
        categoryId,
        skus: [{ code: `WARM-${randomBytes(3).toString('hex')}`, specs: [], price: '19.00', stock: tokens.length * 2 }],
      },
    },
  );
  const product = created.data.createProduct.product;
  await asOperator('mutation($id: ID!) { publishProduct(id: $id) { userErrors { message } } }', { id: product.id });
  const input = {
    lines: [{ skuId: product.skus[0].id, quantity: 1 }],
    shippingAddress: { name: '热身', phone: '13800138000', region: '上海市 黄浦区', detail: '南京东路 1 号' },
  };
  const CHECKOUT = 'mutation($input: CheckoutInput!) { checkout(input: $input) { order { id } userErrors { code } } }';
  const answers = await Promise.all(tokens.map((token, i) => checkout(i, CHECKOUT, { input }, token)));
  const placed = answers.filter((r) => r.data?.checkout?.order).length;
  console.log(`warm-up: ${placed} of ${tokens.length} ordinary checkouts of another product placed ${over}`);
  await new Promise((r) => setTimeout(r, 1000));
}

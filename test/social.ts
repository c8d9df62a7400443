import type { Harness } from './harness';
import { ADDRESS, completeSandbox, payOrder } from './shop';

/** Members, shops, share links and orders through them, for the shop and attribution tests. */

export interface Person {
  id: string;
  email: string;
  token: string;
}

let people = 0;

/** A new customer account, signed in. */
export async function customer(h: Harness, name: string): Promise<Person> {
  const email = `${name}-${++people}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const res = await h.gql('mutation($input: RegisterInput!) { register(input: $input) { account { id } userErrors { code message } } }', {
    input: { email, password: 'social-pass-2026', displayName: name },
  });
  if (res.data?.register?.userErrors?.length !== 0) throw new Error(`register: ${JSON.stringify(res.body)}`);
  return { id: idFromGlobal(res.data.register.account.id), email, token: await h.login(email, 'social-pass-2026') };
}

/** A new member: a customer whose account has the member role (what a membership gives), signed in again as one. */
export async function member(h: Harness, name: string): Promise<Person> {
  const person = await customer(h, name);
  await h.sql(`update account set role = 'member' where id = $1`, [person.id]);
  return { ...person, token: await relogin(h, person.email) };
}

/** The harness caches logins; a role change needs a fresh token. */
async function relogin(h: Harness, email: string): Promise<string> {
  const res = await h.gql(
    'mutation($input: LoginInput!) { login(input: $input) { tokens { accessToken } } }',
    { input: { login: email, password: 'social-pass-2026' } },
    { key: null },
  );
  return res.data.login.tokens.accessToken;
}

export function idFromGlobal(globalId: string): string {
  return Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];
}

/**
 * A new published product with one SKU at this retail price (and optional member price), stock 100
 * and a price-control band; returns its global ids.
 */
export async function bandedProduct(
  h: Harness,
  op: string,
  options: { price: string; memberPrice?: string; floor?: string | null; ceiling?: string | null; name?: string },
) {
  const cat = (await h.gql('{ category(slug: "tea") { id } }')).data.category.id;
  const code = `SOC-${Math.random().toString(36).slice(2, 10)}`;
  const res = await h.gql(
    'mutation($input: ProductCreateInput!) { createProduct(input: $input) { product { id skus { id } } userErrors { code message } } }',
    {
      input: {
        name: options.name ?? `Social test ${code}`,
        categoryId: cat,
        priceControl: { floor: options.floor === undefined ? null : options.floor, ceiling: options.ceiling === undefined ? null : options.ceiling },
        skus: [{ code, specs: [], price: options.price, memberPrice: options.memberPrice, stock: 100 }],
      },
    },
    { token: op, key: null },
  );
  if (res.data?.createProduct?.userErrors?.length !== 0) throw new Error(`createProduct: ${JSON.stringify(res.body)}`);
  const product = res.data.createProduct.product;
  await h.gql('mutation($id: ID!) { publishProduct(id: $id) { userErrors { code } } }', { id: product.id }, { token: op, key: null });
  return { productId: product.id as string, skuId: product.skus[0].id as string, code };
}

export const MY_SHOP = '{ myShop { shop { id slug name avatarUrl intro } } }';

export async function myShop(h: Harness, token: string): Promise<{ id: string; slug: string; name: string }> {
  const res = await h.gql(MY_SHOP, {}, { token });
  if (!res.data?.myShop) throw new Error(`myShop: ${JSON.stringify(res.body)}`);
  return res.data.myShop.shop;
}

export async function addToShop(h: Harness, token: string, productIds: string[]) {
  const res = await h.gql('mutation($ids: [ID!]!) { addShopProducts(productIds: $ids) { userErrors { code field message } } }', { ids: productIds }, { token });
  if (res.data?.addShopProducts?.userErrors?.length !== 0) throw new Error(`addShopProducts: ${JSON.stringify(res.body)}`);
}

export const SET_PRICE = `mutation($productId: ID!, $price: Decimal) {
  setShopPrice(productId: $productId, price: $price) { shopProduct { shopPrice { amount } shopPriceStatus } userErrors { code field message } }
}`;

export async function setShopPrice(h: Harness, token: string, productId: string, price: string | null) {
  const res = await h.gql(SET_PRICE, { productId, price }, { token });
  if (res.data?.setShopPrice?.userErrors?.length !== 0) throw new Error(`setShopPrice: ${JSON.stringify(res.body)}`);
  return res.data.setShopPrice.shopProduct;
}

export async function shareLink(h: Harness, token: string, entry: 'SHOP' | 'PRODUCT', targetId: string): Promise<string> {
  const res = await h.gql(
    'mutation($entry: ShareEntry!, $targetId: ID!) { createShareLink(entry: $entry, targetId: $targetId) { shareLink { token } userErrors { code message } } }',
    { entry, targetId },
    { token },
  );
  if (res.data?.createShareLink?.userErrors?.length !== 0) throw new Error(`shareLink: ${JSON.stringify(res.body)}`);
  return res.data.createShareLink.shareLink.token;
}

export async function touch(h: Harness, token: string, shareToken: string) {
  const res = await h.gql(
    'mutation($t: String!) { recordShareTouch(token: $t) { shareLink { entry } userErrors { code field message } } }',
    { t: shareToken },
    { token },
  );
  return res.data.recordShareTouch as { shareLink: { entry: string } | null; userErrors: { code: string; field: string[]; message: string }[] };
}

export const CHECKOUT = `mutation($input: CheckoutInput!) {
  checkout(input: $input) {
    order { id number cost { total { amount } } lines { unitPrice { amount } priceReason total { amount } } }
    userErrors { code field message }
  }
}`;

/** Checkout "buy now" with an optional share token; returns the order and its database id. */
export async function buy(h: Harness, token: string, skuId: string, quantity: number, shareToken?: string, idempotencyKey?: string) {
  const res = await h.gql(CHECKOUT, { input: { lines: [{ skuId, quantity }], shippingAddress: ADDRESS, shareToken, idempotencyKey } }, { token });
  if (res.data?.checkout?.userErrors?.length !== 0) throw new Error(`checkout: ${JSON.stringify(res.body)}`);
  const order = res.data.checkout.order;
  return { ...order, dbId: idFromGlobal(order.id) } as {
    id: string;
    dbId: string;
    number: string;
    cost: { total: { amount: string } };
    lines: { unitPrice: { amount: string }; priceReason: string; total: { amount: string } }[];
  };
}

/** Pays an order through the sandbox provider, as the buyer would. */
export async function pay(h: Harness, token: string, orderId: string) {
  const { payment } = await payOrder(h, token, orderId);
  const done = await completeSandbox(h, payment!.redirectUrl);
  if (done.status !== 200 || done.body.outcome !== 'paid') throw new Error(`sandbox complete: ${done.status} ${JSON.stringify(done.body)}`);
}

/** The attribution row of an order, straight from the database. */
export async function attributionOf(h: Harness, orderDbId: string) {
  const [row] = await h.sql(
    'select share_token_id, sharer_id, entry, target_id, shop_id, inviter_id, self_purchase, created_at from order_attribution where order_id = $1',
    [orderDbId],
  );
  return row;
}

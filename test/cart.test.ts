import { toGlobalId } from '../src/lib/ids';
import { GUEST_CART_DAYS } from '../src/modules/orders/cart';
import { sweepOrders } from '../src/modules/orders/jobs';
import { DEMO, startHarness, type Harness } from './harness';
import { customer } from './social';

let h: Harness;
let alice: string;
let bob: string;

beforeAll(async () => {
  h = await startHarness();
  alice = await h.customerToken();
  bob = await h.login('bob@demo.example', 'customer-demo-2');
});
afterAll(() => h.close());

const CART = `cart { id lines { id quantity sku { code } } warnings { lineId code message } cost { subtotal { amount } shippingFee { amount } total { amount } } }`;
const ADD = `mutation($cartId: ID, $lines: [LineInput!]!) { addCartLines(cartId: $cartId, lines: $lines) { ${CART} userErrors { code field message } } }`;
const UPDATE = `mutation($cartId: ID, $lineId: ID!, $quantity: Int!) { updateCartLine(cartId: $cartId, lineId: $lineId, quantity: $quantity) { ${CART} userErrors { code field message } } }`;

async function skuWhere(condition: string): Promise<{ id: string; code: string; price: number }> {
  const [row] = await h.sql(`select s.id, s.code, s.price from sku s join product p on p.id = s.product_id where ${condition} order by s.code limit 1`);
  return { id: toGlobalId('Sku', row.id), code: row.code, price: row.price };
}
const onSale = (offset = 0) =>
  skuWhere(`p.publication = 'published' and p.sale_starts_at is null and s.stock > 10 and s.code > 'T-SHIRTS-${String(offset).padStart(3, '0')}'`);

describe('guest carts', () => {
  it('are created on first add, reachable by their id only, and add up quantities', async () => {
    const sku = await onSale();
    const first = await h.gql(ADD, { lines: [{ skuId: sku.id, quantity: 2 }] });
    expect(first.data.addCartLines.userErrors).toEqual([]);
    const cart = first.data.addCartLines.cart;
    const again = await h.gql(ADD, { cartId: cart.id, lines: [{ skuId: sku.id, quantity: 3 }] });
    expect(again.data.addCartLines.cart.lines).toEqual([{ id: expect.any(String), quantity: 5, sku: { code: sku.code } }]);
    expect(again.data.addCartLines.cart.cost.subtotal.amount).toBe(((sku.price * 5) / 100).toFixed(2));
    const read = await h.gql('query($id: ID) { cart(id: $id) { id lines { quantity } } }', { id: cart.id });
    expect(read.data.cart.lines).toEqual([{ quantity: 5 }]);
    // Another storefront app cannot reach it.
    const other = await h.gql('query($id: ID) { cart(id: $id) { id } }', { id: cart.id }, { token: await h.operatorToken(), key: null });
    expect(other.data.cart).toBeNull();
  });

  it("merge into the customer's cart on sign-in and disappear", async () => {
    const a = await onSale(10);
    const b = await onSale(50);
    const guest = (
      await h.gql(ADD, {
        lines: [
          { skuId: a.id, quantity: 1 },
          { skuId: b.id, quantity: 2 },
        ],
      })
    ).data.addCartLines.cart;
    await h.gql(ADD, { lines: [{ skuId: a.id, quantity: 4 }] }, { token: alice });
    const merged = await h.gql(`mutation($id: ID!) { mergeCart(guestCartId: $id) { ${CART} userErrors { code } } }`, { id: guest.id }, { token: alice });
    expect(merged.data.mergeCart.userErrors).toEqual([]);
    const quantities = Object.fromEntries(merged.data.mergeCart.cart.lines.map((l: any) => [l.sku.code, l.quantity]));
    expect(quantities[a.code]).toBe(5);
    expect(quantities[b.code]).toBe(2);
    expect((await h.gql('query($id: ID) { cart(id: $id) { id } }', { id: guest.id })).data.cart).toBeNull();
    const again = await h.gql(`mutation($id: ID!) { mergeCart(guestCartId: $id) { cart { id } userErrors { code } } }`, { id: guest.id }, { token: alice });
    expect(again.data.mergeCart.userErrors[0].code).toBe('CART_NOT_FOUND');
  });
});

describe('guest carts under concurrency and time', () => {
  it('merged twice at once, by one customer or two, land once: one merge wins, the other is CART_NOT_FOUND', async () => {
    const sku = await onSale(30);
    const [one, two] = [(await customer(h, 'merger-one')).token, (await customer(h, 'merger-two')).token];
    for (const [first, second] of [
      [one, one],
      [one, two],
    ]) {
      const guest = (await h.gql(ADD, { lines: [{ skuId: sku.id, quantity: 3 }] })).data.addCartLines.cart;
      const before = async (token: string) => (await h.gql('{ cart { lines { quantity sku { code } } } }', {}, { token })).data.cart?.lines ?? [];
      const held = [await before(first), await before(second)].map((lines) => lines.find((l: any) => l.sku.code === sku.code)?.quantity ?? 0);
      const merge = (token: string) =>
        h.gql(
          `mutation($id: ID!) { mergeCart(guestCartId: $id) { cart { lines { quantity sku { code } } } userErrors { code } } }`,
          { id: guest.id },
          { token },
        );
      const answers = await Promise.all([merge(first), merge(second)]);
      const codes = answers.map((r) => r.data.mergeCart.userErrors.map((e: any) => e.code).join()).sort();
      expect(codes).toEqual(['', 'CART_NOT_FOUND']);
      const after = [await before(first), await before(second)].map((lines) => lines.find((l: any) => l.sku.code === sku.code)?.quantity ?? 0);
      // The guest cart's 3 units arrived in exactly one cart.
      expect(after[0] - held[0] + (first === second ? 0 : after[1] - held[1])).toBe(3);
      expect(await h.sql('select 1 from cart where id = $1', [Buffer.from(guest.id, 'base64url').toString().split(':')[1]])).toEqual([]);
    }
  });

  it(`left untouched for ${GUEST_CART_DAYS} days are deleted by the orders' sweep, lines and all; customers' carts stay`, async () => {
    const sku = await onSale(40);
    const guest = (await h.gql(ADD, { lines: [{ skuId: sku.id, quantity: 1 }] })).data.addCartLines.cart;
    const fresh = (await h.gql(ADD, { lines: [{ skuId: sku.id, quantity: 1 }] })).data.addCartLines.cart;
    const owner = (await customer(h, 'cart-owner')).token;
    const own = (await h.gql(ADD, { lines: [{ skuId: sku.id, quantity: 1 }] }, { token: owner })).data.addCartLines.cart;
    const dbId = (id: string) => Buffer.from(id, 'base64url').toString().split(':')[1];
    await h.sql(`update cart set updated_at = now() - make_interval(days => $2) where id = any($1::uuid[])`, [
      [dbId(guest.id), dbId(own.id)],
      GUEST_CART_DAYS + 1,
    ]);
    expect((await sweepOrders(h.orm.em.fork())).guestCartsExpired).toBe(1);
    expect((await h.gql('query($id: ID) { cart(id: $id) { id } }', { id: guest.id })).data.cart).toBeNull();
    expect(await h.sql('select 1 from cart_line where cart_id = $1', [dbId(guest.id)])).toEqual([]);
    expect((await h.gql('query($id: ID) { cart(id: $id) { id } }', { id: fresh.id })).data.cart).toEqual({ id: fresh.id });
    expect((await h.gql('{ cart { id } }', {}, { token: owner })).data.cart).toEqual({ id: own.id });
  });
});

describe('customer carts', () => {
  it('are one per customer and app; another customer cannot see or change them', async () => {
    const sku = await onSale(20);
    const mine = (await h.gql(ADD, { lines: [{ skuId: sku.id, quantity: 1 }] }, { token: bob })).data.addCartLines.cart;
    const same = (await h.gql(ADD, { lines: [{ skuId: sku.id, quantity: 1 }] }, { token: bob })).data.addCartLines.cart;
    expect(same.id).toBe(mine.id);
    expect((await h.gql('query($id: ID) { cart(id: $id) { id } }', { id: mine.id }, { token: alice })).data.cart).toBeNull();
    expect((await h.gql('query($id: ID) { cart(id: $id) { id } }', { id: mine.id })).data.cart).toBeNull();
    const foreign = await h.gql(ADD, { cartId: mine.id, lines: [{ skuId: sku.id, quantity: 1 }] }, { token: alice });
    expect(foreign.data.addCartLines.userErrors[0].code).toBe('CART_NOT_FOUND');
    const [{ quantity }] = await h.sql('select quantity from cart_line where cart_id = (select id from cart where id::text = $1)', [
      Buffer.from(mine.id, 'base64url').toString().split(':')[1],
    ]);
    expect(quantity).toBe(2);
  });

  it('changes and removes lines', async () => {
    const sku = await onSale(30);
    const cart = (await h.gql(ADD, { lines: [{ skuId: sku.id, quantity: 1 }] }, { token: bob })).data.addCartLines.cart;
    const line = cart.lines.find((l: any) => l.sku.code === sku.code);
    const changed = await h.gql(UPDATE, { lineId: line.id, quantity: 7 }, { token: bob });
    expect(changed.data.updateCartLine.cart.lines.find((l: any) => l.id === line.id).quantity).toBe(7);
    const removed = await h.gql(UPDATE, { lineId: line.id, quantity: 0 }, { token: bob });
    expect(removed.data.updateCartLine.cart.lines.find((l: any) => l.id === line.id)).toBeUndefined();
  });
});

describe('cart warnings and refusals', () => {
  it('warns about off-sale, preview and sold-out lines instead of failing the cart, and prices only the rest', async () => {
    const ok = await onSale(40);
    const off = await skuWhere(`p.publication = 'unpublished'`);
    const preview = await skuWhere(`p.publication = 'published' and p.sale_starts_at > now()`);
    const soldOut = await skuWhere(`p.publication = 'published' and p.sale_starts_at is null and s.stock = 0`);
    const res = await h.gql(ADD, { lines: [ok, off, preview, soldOut].map((s) => ({ skuId: s.id, quantity: 1 })) });
    const cart = res.data.addCartLines.cart;
    expect(cart.lines).toHaveLength(4);
    expect(cart.warnings.map((w: any) => w.code).sort()).toEqual(['NOT_BUYABLE', 'NOT_BUYABLE', 'OUT_OF_STOCK']);
    expect(cart.cost.subtotal.amount).toBe((ok.price / 100).toFixed(2));
  });

  it('refuses bad lines and writes nothing', async () => {
    const sku = await onSale(60);
    const full = (await h.gql(ADD, { lines: [{ skuId: sku.id, quantity: 990 }] }, { token: bob })).data.addCartLines.cart;
    const [{ n: before }] = await h.sql('select count(*)::int as n from cart_line');
    const [{ total: unitsBefore }] = await h.sql('select sum(quantity)::int as total from cart_line');
    // Outside the documented bounds (1 to 999 per line, 50 lines): refused at the edge before anything runs.
    const outOfBounds: Record<string, unknown>[] = [
      { lines: [{ skuId: sku.id, quantity: 0 }] },
      { lines: [{ skuId: sku.id, quantity: 1000 }] },
      { lines: Array.from({ length: 51 }, () => ({ skuId: sku.id, quantity: 1 })) },
    ];
    for (const variables of outOfBounds) {
      const res = await h.gql(ADD, variables, { token: bob });
      expect(res.status).toBe(400);
      expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
      expect(res.data?.addCartLines).toBeUndefined();
    }
    const cases: [Record<string, unknown>, string][] = [
      // 990 in the cart and 10 more would pass 999: refused, not capped.
      [{ cartId: full.id, lines: [{ skuId: sku.id, quantity: 10 }] }, 'INVALID_QUANTITY'],
      [{ lines: [{ skuId: toGlobalId('Sku', '00000000-0000-0000-0000-000000000000'), quantity: 1 }] }, 'SKU_NOT_FOUND'],
      [{ lines: [{ skuId: 'garbage', quantity: 1 }] }, 'SKU_NOT_FOUND'],
      [{ lines: [] }, 'EMPTY_ORDER'],
      [{ cartId: toGlobalId('Cart', '11111111-1111-4111-8111-111111111111'), lines: [{ skuId: sku.id, quantity: 1 }] }, 'CART_NOT_FOUND'],
    ];
    for (const [variables, code] of cases) {
      const res = await h.gql(ADD, variables, { token: bob });
      expect(res.data.addCartLines.userErrors[0].code).toBe(code);
    }
    const [{ n: after }] = await h.sql('select count(*)::int as n from cart_line');
    expect(after).toBe(before);
    expect((await h.sql('select sum(quantity)::int as total from cart_line'))[0].total).toBe(unitsBefore);
    expect((await h.gql('query($id: ID) { cart(id: $id) { lines { quantity } } }', { id: full.id }, { token: bob })).data.cart.lines).toContainEqual({
      quantity: 990,
    });
  });

  it('needs a storefront key', async () => {
    const sku = await onSale();
    const res = await h.gql(ADD, { lines: [{ skuId: sku.id, quantity: 1 }] }, { key: null });
    expect(res.errors![0].extensions.code).toBe('STOREFRONT_KEY_REQUIRED');
    expect(DEMO.storefrontPublicKey).toMatch(/^pk_/);
  });
});

import { toGlobalId } from '../src/lib/ids';
import { startHarness, type Harness } from './harness';
import { ADDRESS } from './shop';
import {
  addToShop,
  attributionOf,
  bandedProduct,
  buy,
  CHECKOUT,
  customer,
  idFromGlobal,
  member,
  myShop,
  pay,
  setShopPrice,
  shareLink,
  touch,
  type Person,
} from './social';

let h: Harness;
let op: string;

beforeAll(async () => {
  h = await startHarness();
  op = await h.operatorToken();
});
afterAll(() => h.close());

const SHARE =
  'mutation($entry: ShareEntry!, $targetId: ID!) { createShareLink(entry: $entry, targetId: $targetId) { shareLink { token entry targetId shop { slug } product { id } } userErrors { code field message } } }';
const ATTRIBUTION = `query($id: ID!) { order(id: $id) { attribution { entry targetId selfPurchase attributedAt sharer { id displayName } inviter { id displayName } shop { slug } } } }`;

const shopIdOf = async (p: Person) => (await h.sql('select id from shop where owner_id = $1', [p.id]))[0].id;
const touches = async () => (await h.sql('select count(*)::int as n from share_touch'))[0].n;

describe('share links', () => {
  let m: Person;
  let product: { productId: string; skuId: string };

  beforeAll(async () => {
    m = await member(h, 'Sharer');
    product = await bandedProduct(h, op, { price: '10.00' });
  });

  it('gives a member one token per target, however often and however concurrently asked', async () => {
    const shop = await myShop(h, m.token);
    const results = await Promise.all(Array.from({ length: 5 }, () => h.gql(SHARE, { entry: 'SHOP', targetId: shop.id }, { token: m.token })));
    const tokens = new Set(results.map((r) => r.data.createShareLink.shareLink.token));
    expect(tokens.size).toBe(1);
    expect(results[0].data.createShareLink.shareLink).toMatchObject({ entry: 'SHOP', targetId: shop.id, shop: { slug: shop.slug }, product: null });
    expect([...tokens][0]).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const forProduct = await h.gql(SHARE, { entry: 'PRODUCT', targetId: product.productId }, { token: m.token });
    expect(forProduct.data.createShareLink.shareLink).toMatchObject({
      entry: 'PRODUCT',
      targetId: product.productId,
      shop: null,
      product: { id: product.productId },
    });
    expect(forProduct.data.createShareLink.shareLink.token).not.toBe([...tokens][0]);
    expect(await h.sql('select count(*)::int as n from share_token where sharer_id = $1', [m.id])).toEqual([{ n: 2 }]);
  });

  it("refuses someone else's shop, unknown, draft and off-sale targets, and ex-members, writing nothing", async () => {
    const other = await member(h, 'Other');
    const otherShop = await myShop(h, other.token);
    const [draft] = await h.sql(`select id from product where publication = 'draft' limit 1`);
    const [off] = await h.sql(`select id from product where publication = 'unpublished' limit 1`);
    const before = await h.sql('select count(*)::int as n from share_token');
    const cases: [string, string, string][] = [
      ['SHOP', otherShop.id, 'NOT_YOUR_SHOP'],
      ['SHOP', toGlobalId('Shop', '00000000-0000-0000-0000-000000000000'), 'TARGET_NOT_FOUND'],
      ['SHOP', product.productId, 'TARGET_NOT_FOUND'],
      ['PRODUCT', toGlobalId('Product', draft.id), 'TARGET_NOT_FOUND'],
      ['PRODUCT', toGlobalId('Product', off.id), 'TARGET_NOT_FOUND'],
      ['PRODUCT', 'garbage', 'TARGET_NOT_FOUND'],
    ];
    for (const [entry, targetId, code] of cases) {
      const res = await h.gql(SHARE, { entry, targetId }, { token: m.token });
      expect({ entry, targetId, result: res.data.createShareLink }).toEqual({
        entry,
        targetId,
        result: { shareLink: null, userErrors: [{ code, field: ['targetId'], message: expect.any(String) }] },
      });
    }
    const c = await customer(h, 'JustBuyer');
    expect((await h.gql(SHARE, { entry: 'PRODUCT', targetId: product.productId }, { token: c.token })).errors![0].extensions.code).toBe('FORBIDDEN');
    expect((await h.gql(SHARE, { entry: 'PRODUCT', targetId: product.productId }, { token: op })).errors![0].extensions.code).toBe('FORBIDDEN');
    await h.sql(`update account set role = 'customer' where id = $1`, [other.id]);
    const ex = await h.gql(SHARE, { entry: 'PRODUCT', targetId: product.productId }, { token: other.token });
    expect(ex.data.createShareLink).toEqual({ shareLink: null, userErrors: [{ code: 'NOT_A_MEMBER', field: null, message: expect.any(String) }] });
    expect(await h.sql('select count(*)::int as n from share_token')).toEqual(before);
  });

  it("records touches for signed-in customers and refuses unknown tokens and ex-members' links, writing nothing", async () => {
    const token = await shareLink(h, m.token, 'PRODUCT', product.productId);
    const buyer = await customer(h, 'Toucher');
    expect(await touch(h, buyer.token, token)).toEqual({ shareLink: { entry: 'PRODUCT' }, userErrors: [] });
    const before = await touches();
    for (const bad of ['nope-nope-nope-nope', 'x', '', 'has space in it']) {
      expect(await touch(h, buyer.token, bad)).toEqual({
        shareLink: null,
        userErrors: [{ code: 'UNKNOWN_SHARE_TOKEN', field: ['token'], message: expect.any(String) }],
      });
    }
    // Longer than any token (at most 64 characters): refused at the edge before anything runs.
    const tooLong = await h.gql('mutation($t: String!) { recordShareTouch(token: $t) { userErrors { code } } }', { t: 'a'.repeat(65) }, { token: buyer.token });
    expect(tooLong.status).toBe(400);
    expect(tooLong.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['token'] });
    const gone = await member(h, 'GoneSharer');
    const goneToken = await shareLink(h, gone.token, 'PRODUCT', product.productId);
    await h.sql(`update account set role = 'customer' where id = $1`, [gone.id]);
    expect(await touch(h, buyer.token, goneToken)).toEqual({
      shareLink: null,
      userErrors: [{ code: 'SHARER_NOT_MEMBER', field: ['token'], message: expect.stringMatching(/no longer a member/) }],
    });
    expect(await touches()).toBe(before);
    const anonymous = await h.gql('mutation($t: String!) { recordShareTouch(token: $t) { userErrors { code } } }', { t: token });
    expect(anonymous.errors![0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('attribution at checkout', () => {
  let owner: Person;
  let shopId: string;
  let shopToken: string;
  let inShop: { productId: string; skuId: string };
  let notInShop: { productId: string; skuId: string };

  beforeAll(async () => {
    owner = await member(h, 'Owner');
    const shop = await myShop(h, owner.token);
    shopId = await shopIdOf(owner);
    inShop = await bandedProduct(h, op, { price: '100.00', floor: '80.00', ceiling: '150.00' });
    notInShop = await bandedProduct(h, op, { price: '40.00' });
    await addToShop(h, owner.token, [inShop.productId]);
    await setShopPrice(h, owner.token, inShop.productId, '90.00');
    shopToken = await shareLink(h, owner.token, 'SHOP', shop.id);
  });

  it('a member buying through their own link: self-purchase, their shop, their shop price', async () => {
    const order = await buy(h, owner.token, inShop.skuId, 1, shopToken);
    expect(order.lines).toEqual([{ unitPrice: { amount: '90.00' }, priceReason: 'SHOP_PRICE', total: { amount: '90.00' } }]);
    expect(await attributionOf(h, order.dbId)).toMatchObject({
      sharer_id: owner.id,
      entry: 'shop',
      target_id: shopId,
      shop_id: shopId,
      self_purchase: true,
      inviter_id: null,
    });
  });

  it("a buyer bound to A arriving through B's link: attributed to B's share, the inviter stays A", async () => {
    const a = await member(h, 'InviterA');
    const buyer = await customer(h, 'BoundBuyer');
    await h.sql(`insert into referral_binding (invitee_id, inviter_id, source, bound_at) values ($1, $2, 'invite_code', now())`, [buyer.id, a.id]);
    expect(await touch(h, buyer.token, shopToken)).toMatchObject({ userErrors: [] });
    const order = await buy(h, buyer.token, inShop.skuId, 2);
    expect(order.lines[0]).toEqual({ unitPrice: { amount: '90.00' }, priceReason: 'SHOP_PRICE', total: { amount: '180.00' } });
    expect(await attributionOf(h, order.dbId)).toMatchObject({ sharer_id: owner.id, entry: 'shop', shop_id: shopId, inviter_id: a.id, self_purchase: false });
    expect(await h.sql('select inviter_id from referral_binding where invitee_id = $1', [buyer.id])).toEqual([{ inviter_id: a.id }]);

    const seen = await h.gql(ATTRIBUTION, { id: order.id }, { token: op, key: null });
    expect(seen.errors).toBeUndefined();
    expect(seen.data.order.attribution).toEqual({
      entry: 'SHOP',
      targetId: toGlobalId('Shop', shopId),
      selfPurchase: false,
      attributedAt: expect.any(String),
      sharer: { id: toGlobalId('Account', owner.id), displayName: 'Owner' },
      inviter: { id: toGlobalId('Account', a.id), displayName: 'InviterA' },
      shop: { slug: (await myShop(h, owner.token)).slug },
    });
  });

  it('an expired touch attributes nothing; one inside the window does', async () => {
    const buyer = await customer(h, 'LateBuyer');
    expect(await touch(h, buyer.token, shopToken)).toMatchObject({ userErrors: [] });
    await h.sql(`update share_touch set touched_at = now() - interval '7 days 1 minute' where customer_id = $1`, [buyer.id]);
    const late = await buy(h, buyer.token, inShop.skuId, 1);
    expect(late.lines[0]).toMatchObject({ unitPrice: { amount: '100.00' }, priceReason: 'RETAIL' });
    expect(await attributionOf(h, late.dbId)).toMatchObject({ sharer_id: null, share_token_id: null, entry: null, shop_id: null, self_purchase: false });

    await h.sql(`update share_touch set touched_at = now() - interval '6 days 23 hours' where customer_id = $1`, [buyer.id]);
    const inTime = await buy(h, buyer.token, inShop.skuId, 1);
    expect(await attributionOf(h, inTime.dbId)).toMatchObject({ sharer_id: owner.id, shop_id: shopId });
  });

  it('follows the window the member programme sets', async () => {
    const buyer = await customer(h, 'WindowBuyer');
    await touch(h, buyer.token, shopToken);
    await h.sql(`update share_touch set touched_at = now() - interval '3 days' where customer_id = $1`, [buyer.id]);
    await h.sql(`insert into member_program_settings (id, updated_at) values (1, now()) on conflict do nothing`);
    await h.sql(`update member_program_settings set attribution_window_days = 2`);
    try {
      const order = await buy(h, buyer.token, inShop.skuId, 1);
      expect(await attributionOf(h, order.dbId)).toMatchObject({ sharer_id: null });
    } finally {
      await h.sql(`update member_program_settings set attribution_window_days = 7`);
    }
  });

  it('a member whose membership ended: their token attributes nothing, and an earlier valid touch wins', async () => {
    const ending = await member(h, 'Ending');
    await addToShop(h, ending.token, [inShop.productId]);
    await setShopPrice(h, ending.token, inShop.productId, '85.00');
    const endingToken = await shareLink(h, ending.token, 'SHOP', (await myShop(h, ending.token)).id);
    const buyer = await customer(h, 'LoyalBuyer');
    await touch(h, buyer.token, endingToken);
    await h.sql(`update account set role = 'customer' where id = $1`, [ending.id]);

    const alone = await buy(h, buyer.token, inShop.skuId, 1, endingToken);
    expect(alone.lines[0]).toMatchObject({ unitPrice: { amount: '100.00' }, priceReason: 'RETAIL' });
    expect(await attributionOf(h, alone.dbId)).toMatchObject({ sharer_id: null, shop_id: null });

    // An older touch of a member still in good standing is the last valid one.
    await touch(h, buyer.token, shopToken);
    await h.sql(
      `update share_touch set touched_at = now() - interval '1 hour' where customer_id = $1 and share_token_id = (select id from share_token where token = $2)`,
      [buyer.id, shopToken],
    );
    const withEarlier = await buy(h, buyer.token, inShop.skuId, 1, endingToken);
    expect(await attributionOf(h, withEarlier.dbId)).toMatchObject({ sharer_id: owner.id, shop_id: shopId });
  });

  it('the last touch wins, and the token given at checkout counts as the latest', async () => {
    const other = await member(h, 'OtherSharer');
    const otherToken = await shareLink(h, other.token, 'PRODUCT', notInShop.productId);
    const buyer = await customer(h, 'Wanderer');
    await touch(h, buyer.token, shopToken);
    await touch(h, buyer.token, otherToken);
    const first = await buy(h, buyer.token, notInShop.skuId, 1);
    expect(await attributionOf(h, first.dbId)).toMatchObject({ sharer_id: other.id, entry: 'product', shop_id: null });
    const second = await buy(h, buyer.token, inShop.skuId, 1, shopToken);
    expect(await attributionOf(h, second.dbId)).toMatchObject({ sharer_id: owner.id, entry: 'shop', shop_id: shopId });
    // …and from then on the shop link is the last touch.
    const third = await buy(h, buyer.token, notInShop.skuId, 1);
    expect(await attributionOf(h, third.dbId)).toMatchObject({ sharer_id: owner.id, shop_id: shopId });
    expect(third.lines[0]).toMatchObject({ unitPrice: { amount: '40.00' }, priceReason: 'RETAIL' });
  });

  it('a product shared by a member whose shop carries it goes through that shop, at its price; otherwise no shop and retail', async () => {
    const carried = await shareLink(h, owner.token, 'PRODUCT', inShop.productId);
    const buyer = await customer(h, 'ProductBuyer');
    const order = await buy(h, buyer.token, inShop.skuId, 1, carried);
    expect(order.lines[0]).toMatchObject({ unitPrice: { amount: '90.00' }, priceReason: 'SHOP_PRICE' });
    expect(await attributionOf(h, order.dbId)).toMatchObject({
      sharer_id: owner.id,
      entry: 'product',
      target_id: idFromGlobal(inShop.productId),
      shop_id: shopId,
    });

    const notCarried = await shareLink(h, owner.token, 'PRODUCT', notInShop.productId);
    const other = await buy(h, buyer.token, inShop.skuId, 1, notCarried);
    expect(other.lines[0]).toMatchObject({ unitPrice: { amount: '100.00' }, priceReason: 'RETAIL' });
    expect(await attributionOf(h, other.dbId)).toMatchObject({ sharer_id: owner.id, entry: 'product', shop_id: null });
  });

  it('a shop price outside the band as it is now does not apply at checkout', async () => {
    const narrow = await bandedProduct(h, op, { price: '50.00', floor: '40.00', ceiling: '70.00' });
    await addToShop(h, owner.token, [narrow.productId]);
    await setShopPrice(h, owner.token, narrow.productId, '65.00');
    await h.gql(
      'mutation($id: ID!, $input: ProductUpdateInput!) { updateProduct(id: $id, input: $input) { userErrors { code } } }',
      { id: narrow.productId, input: { priceControl: { floor: '40.00', ceiling: '60.00' } } },
      { token: op, key: null },
    );
    const buyer = await customer(h, 'BandBuyer');
    const order = await buy(h, buyer.token, narrow.skuId, 1, shopToken);
    expect(order.lines[0]).toMatchObject({ unitPrice: { amount: '50.00' }, priceReason: 'RETAIL' });
    expect(await attributionOf(h, order.dbId)).toMatchObject({ shop_id: shopId });
  });

  it('a member buyer keeps a member price lower than the shop price', async () => {
    const cheap = await bandedProduct(h, op, { price: '100.00', memberPrice: '70.00', floor: '60.00' });
    await addToShop(h, owner.token, [cheap.productId]);
    await setShopPrice(h, owner.token, cheap.productId, '80.00');
    const memberBuyer = await member(h, 'MemberBuyer');
    const order = await buy(h, memberBuyer.token, cheap.skuId, 1, shopToken);
    expect(order.lines[0]).toMatchObject({ unitPrice: { amount: '70.00' }, priceReason: 'MEMBER_PRICE' });
    const plain = await customer(h, 'PlainBuyer');
    expect((await buy(h, plain.token, cheap.skuId, 1, shopToken)).lines[0]).toMatchObject({ unitPrice: { amount: '80.00' }, priceReason: 'SHOP_PRICE' });
  });

  it('an unknown or malformed token never fails a checkout and attributes nothing', async () => {
    const buyer = await customer(h, 'OddBuyer');
    const before = await touches();
    for (const bad of ['zzzzzzzzzzzzzzzz', 'bad token!']) {
      const order = await buy(h, buyer.token, inShop.skuId, 1, bad);
      expect(order.lines[0]).toMatchObject({ priceReason: 'RETAIL' });
      expect(await attributionOf(h, order.dbId)).toMatchObject({ sharer_id: null, share_token_id: null, shop_id: null });
    }
    expect(await touches()).toBe(before);
  });

  it('is written once and never changes: not by later touches, payment or a replayed checkout', async () => {
    const other = await member(h, 'LaterSharer');
    const otherToken = await shareLink(h, other.token, 'PRODUCT', inShop.productId);
    const buyer = await customer(h, 'SteadyBuyer');
    const order = await buy(h, buyer.token, inShop.skuId, 1, shopToken, 'steady-checkout-0001');
    const written = await attributionOf(h, order.dbId);
    await touch(h, buyer.token, otherToken);
    await pay(h, buyer.token, order.id);
    const replay = await buy(h, buyer.token, inShop.skuId, 1, shopToken, 'steady-checkout-0001');
    expect(replay.id).toBe(order.id);
    expect(await attributionOf(h, order.dbId)).toEqual(written);
    expect(await h.sql('select count(*)::int as n from order_attribution where order_id = $1', [order.dbId])).toEqual([{ n: 1 }]);
    const [{ status }] = await h.sql('select status from customer_order where id = $1', [order.dbId]);
    expect(status).toBe('paid');
  });

  it('Order.attribution is for operators: the buyer is FORBIDDEN', async () => {
    const buyer = await customer(h, 'CuriousBuyer');
    const order = await buy(h, buyer.token, inShop.skuId, 1, shopToken);
    const res = await h.gql(ATTRIBUTION, { id: order.id }, { token: buyer.token });
    expect(res.errors![0]).toMatchObject({ path: ['order', 'attribution'], extensions: { code: 'FORBIDDEN' } });
    const plain = await h.gql('query($id: ID!) { order(id: $id) { number } }', { id: order.id }, { token: buyer.token });
    expect(plain.data.order.number).toBe(order.number);
  });

  it('a refused checkout writes no attribution and no touch', async () => {
    const buyer = await customer(h, 'RefusedBuyer');
    const before = { touches: await touches(), attributions: (await h.sql('select count(*)::int as n from order_attribution'))[0].n };
    const lines = [
      { skuId: inShop.skuId, quantity: 500 },
      { skuId: inShop.skuId, quantity: 500 },
    ];
    const res = await h.gql(CHECKOUT, { input: { lines, shippingAddress: ADDRESS, shareToken: shopToken } }, { token: buyer.token });
    expect(res.data.checkout.userErrors[0].code).toBe('INVALID_QUANTITY');
    const outOfBounds = await h.gql(
      CHECKOUT,
      { input: { lines: [{ skuId: inShop.skuId, quantity: 1000 }], shippingAddress: ADDRESS, shareToken: shopToken } },
      { token: buyer.token },
    );
    expect(outOfBounds.status).toBe(400);
    expect(outOfBounds.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    const stock = await h.gql(
      CHECKOUT,
      { input: { lines: [{ skuId: inShop.skuId, quantity: 999 }], shippingAddress: ADDRESS, shareToken: shopToken } },
      { token: buyer.token },
    );
    expect(stock.data.checkout.userErrors[0].code).toBe('INSUFFICIENT_STOCK');
    expect({ touches: await touches(), attributions: (await h.sql('select count(*)::int as n from order_attribution'))[0].n }).toEqual(before);
  });
});

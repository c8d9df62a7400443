import { author, card, paragraph, published } from './content';
import { startHarness, type Harness } from './harness';
import { ADDRESS } from './shop';
import { bandedProduct, customer, idFromGlobal, member, pay, shareLink, touch, type Person } from './social';

/**
 * The buy button's side of attribution, over HTTP as a KOL site (a storefront app with its allowed
 * origin), its buyers, a content author and an operator: the placement the site gives at checkout is
 * recorded with the order, lines no link covers go to the buy button of that site, a ref (share
 * token) still wins its lines, and the sales per site and placement add up for operators and creators.
 */

let h: Harness;
let op: string;
let site: { id: string; publicKey: string };
let products: { productId: string; skuId: string }[];
let today: string;
const SITE_NAME = 'Tea KOL blog';
const SITE_ORIGIN = 'https://kol-blog.example';

beforeAll(async () => {
  h = await startHarness();
  op = await h.operatorToken();
  const created = await h.gql(
    `mutation($name: String!) { createStorefrontApp(name: $name) { storefrontApp { id publicKey } userErrors { code } } }`,
    { name: SITE_NAME },
    { token: op, key: null },
  );
  site = created.data.createStorefrontApp.storefrontApp;
  const updated = await h.gql(
    'mutation($id: ID!, $input: StorefrontAppUpdateInput!) { updateStorefrontApp(id: $id, input: $input) { userErrors { code } } }',
    { id: site.id, input: { allowedOrigins: [SITE_ORIGIN] } },
    { token: op, key: null },
  );
  expect(updated.data.updateStorefrontApp.userErrors).toEqual([]);
  products = [];
  for (const price of ['10.00', '20.00']) products.push(await bandedProduct(h, op, { price, floor: '5.00', ceiling: '80.00' }));
  [{ today }] = await h.sql(`select ((now() at time zone 'Asia/Shanghai')::date)::text as today`);
});
afterAll(() => h.close());

const SOURCE = 'kind reason reasonText sharerName articleTitle cardPosition placement';
const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) {
  order { id number lines { id productName source { ${SOURCE} } } } userErrors { code field message } } }`;
const ATTRIBUTION = `query($id: ID!) { order(id: $id) { attribution { site { id name } placement sharer { displayName } entry } } }`;
const REPORT = `query($from: LocalDate!, $to: LocalDate!, $siteId: ID) { salesByPlacement(from: $from, to: $to, siteId: $siteId) { ${FIGURES()} groupCount
  groups { site { id name } placement ${FIGURES()} days { day ${FIGURES()} } } } }`;
const MY_REPORT = `query($from: LocalDate!, $to: LocalDate!) { mySalesByPlacement(from: $from, to: $to) { ${FIGURES()} groupCount
  groups { site { name } placement ${FIGURES()} days { day ${FIGURES()} } } } }`;
function FIGURES() {
  return 'orders units gmv { amount } paid { amount } refunded { amount }';
}

/** A checkout from the KOL site's page: its key and its Origin, as the buy button sends them. */
function fromSite(buyer: Person, input: Record<string, unknown>, origin = SITE_ORIGIN) {
  return h.gql(CHECKOUT, { input: { shippingAddress: ADDRESS, ...input } }, { token: buyer.token, key: site.publicKey, headers: { origin } });
}

async function placed(buyer: Person, input: Record<string, unknown>) {
  const res = await fromSite(buyer, input);
  if (res.data?.checkout?.userErrors?.length !== 0) throw new Error(`checkout: ${JSON.stringify(res.body)}`);
  return res.data.checkout.order as { id: string; number: string; lines: { id: string; productName: string; source: Record<string, unknown> }[] };
}

const line = (i: number, quantity = 1) => ({ skuId: products[i].skuId, quantity });
const orderCount = async () => Number((await h.sql('select count(*) as n from customer_order'))[0].n);
const attributionOf = async (orderId: string) => (await h.gql(ATTRIBUTION, { id: orderId }, { token: op, key: null })).data.order.attribution;

describe('placement at checkout', () => {
  it('is recorded with the order and its site; lines no link covers go to the buy button, in words', async () => {
    const buyer = await customer(h, 'Button-buyer');
    const order = await placed(buyer, { lines: [line(0)], placement: 'sidebar' });
    expect(order.lines[0].source).toEqual({
      kind: 'BUY_BUTTON',
      reason: 'TOKEN_AT_CHECKOUT',
      reasonText: `bought through the buy button on ${SITE_NAME}/sidebar`,
      sharerName: null,
      articleTitle: null,
      cardPosition: null,
      placement: 'sidebar',
    });
    expect(await attributionOf(order.id)).toEqual({ site: { id: site.id, name: SITE_NAME }, placement: 'sidebar', sharer: null, entry: null });
    const [row] = await h.sql('select placement, sharer_id from order_attribution where order_id = $1', [idFromGlobal(order.id)]);
    expect(row).toEqual({ placement: 'sidebar', sharer_id: null });
  });

  it('without a placement, nothing is a buy button: the line has no source, the order no placement', async () => {
    const buyer = await customer(h, 'Plain-buyer');
    const order = await placed(buyer, { lines: [line(0)] });
    expect(order.lines[0].source).toMatchObject({ kind: 'NONE', reason: 'NO_SOURCE', placement: null });
    expect(await attributionOf(order.id)).toMatchObject({ site: { name: SITE_NAME }, placement: null });
  });

  it.each([
    ['empty', ''],
    ['a space', 'side bar'],
    ['a slash', 'post/42'],
    ['non-ASCII letters', '侧栏'],
  ])('with %s is refused with INVALID_PLACEMENT, nothing written', async (_what, placement) => {
    const buyer = await customer(h, 'Bad-placement');
    const before = await orderCount();
    const res = await fromSite(buyer, { lines: [line(0)], placement });
    expect(res.data.checkout).toEqual({
      order: null,
      userErrors: [{ code: 'INVALID_PLACEMENT', field: ['input', 'placement'], message: expect.stringMatching(/1 to 40/) }],
    });
    expect(await orderCount()).toBe(before);
  });

  it('longer than 40 characters is refused at the edge (HTTP 400), nothing written; 40 of the allowed characters pass', async () => {
    const buyer = await customer(h, 'Long-placement');
    const before = await orderCount();
    const res = await fromSite(buyer, { lines: [line(0)], placement: 'a'.repeat(41) });
    expect(res.status).toBe(400);
    expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await orderCount()).toBe(before);
    const ok = await placed(buyer, { lines: [line(0)], placement: 'A-z_0.9'.padEnd(40, 'x') });
    expect(ok.lines[0].source.placement).toBe('A-z_0.9'.padEnd(40, 'x'));
  });

  it('from a page whose origin the site does not allow is refused at the edge (403 ORIGIN_NOT_ALLOWED), nothing written', async () => {
    const buyer = await customer(h, 'Elsewhere');
    const before = await orderCount();
    const res = await fromSite(buyer, { lines: [line(0)], placement: 'sidebar' }, 'https://copycat.example');
    expect(res.status).toBe(403);
    expect(res.errors![0].extensions.code).toBe('ORIGIN_NOT_ALLOWED');
    expect(await orderCount()).toBe(before);
    expect(
      await h.sql('select 1 from order_attribution where placement is not null and order_id in (select id from customer_order where customer_id = $1)', [
        buyer.id,
      ]),
    ).toEqual([]);
  });

  it('an unknown ref never fails the sale: the order is placed, attributed to nobody but its site and placement', async () => {
    const buyer = await customer(h, 'Unknown-ref');
    const order = await placed(buyer, { lines: [line(0)], placement: 'footer', shareToken: 'no-such-token-123' });
    expect(order.lines[0].source).toMatchObject({
      kind: 'BUY_BUTTON',
      sharerName: null,
      placement: 'footer',
      reasonText: `the token given at checkout attributes nothing (unknown, its card no longer published, or its sharer no longer a member); bought through the buy button on ${SITE_NAME}/footer`,
    });
    expect(await attributionOf(order.id)).toEqual({ site: { id: site.id, name: SITE_NAME }, placement: 'footer', sharer: null, entry: null });
  });

  it("a content card's ref wins its product's line, naming the article and card; the other line goes to the buy button; the order records site and placement", async () => {
    const kol = await author(h, op, 'Card-author');
    const a = await published(h, kol.token, { title: 'Button teas', blocks: [paragraph('Try it'), card(products[0].productId, 'the pick')] });
    const cardBlock = a.blocks.find((b: { __typename: string }) => b.__typename === 'ProductCardBlock') as { linkToken: string };
    const buyer = await customer(h, 'Card-reader');
    const order = await placed(buyer, { lines: [line(0), line(1)], placement: 'post-7.inline', shareToken: cardBlock.linkToken });
    const bySku = Object.fromEntries(order.lines.map((l) => [l.productName, l.source]));
    const [featured, other] = [order.lines[0].source, order.lines[1].source];
    expect(Object.keys(bySku)).toHaveLength(2);
    expect(featured).toMatchObject({
      kind: 'CONTENT_CARD',
      reason: 'TOKEN_AT_CHECKOUT',
      articleTitle: 'Button teas',
      cardPosition: 1,
      placement: 'post-7.inline',
      reasonText: 'token given at checkout: article "Button teas", card 1',
    });
    expect(other).toMatchObject({
      kind: 'BUY_BUTTON',
      placement: 'post-7.inline',
      reasonText: expect.stringMatching(/buy button on Tea KOL blog\/post-7\.inline$/),
    });
    expect(await attributionOf(order.id)).toMatchObject({ site: { name: SITE_NAME }, placement: 'post-7.inline', entry: 'CONTENT' });
  });

  it('a touch within the window beats the buy button: a link names a person, the button nobody', async () => {
    const sharer = await member(h, 'Toucher');
    const shopToken = await shareLink(h, sharer.token, 'PRODUCT', products[1].productId);
    const buyer = await customer(h, 'Touched');
    await touch(h, buyer.token, shopToken);
    const order = await placed(buyer, { lines: [line(1)], placement: 'sidebar' });
    expect(order.lines[0].source).toMatchObject({ kind: 'PRODUCT_LINK', reason: 'LAST_TOUCH', sharerName: expect.any(String), placement: 'sidebar' });
  });
});

describe('sales per site and placement', () => {
  it('operators see orders, units, GMV, paid and refunded per site and placement, by day and in total; a creator only their lines', async () => {
    const app2 = (await h.gql(`mutation { createStorefrontApp(name: "Second site") { storefrontApp { id publicKey } } }`, {}, { token: op, key: null })).data
      .createStorefrontApp.storefrontApp as { id: string; publicKey: string };
    await h.gql(
      'mutation($id: ID!, $input: StorefrontAppUpdateInput!) { updateStorefrontApp(id: $id, input: $input) { userErrors { code } } }',
      { id: app2.id, input: { allowedOrigins: ['https://second.example'] } },
      { token: op, key: null },
    );
    const kol = await author(h, op, 'Report-author');
    const a = await published(h, kol.token, { title: 'Report teas', blocks: [card(products[1].productId, 'pick')] });
    const ref = (a.blocks.find((b: { __typename: string }) => b.__typename === 'ProductCardBlock') as { linkToken: string }).linkToken;
    const buyer = await customer(h, 'Report-buyer');
    const second = (input: Record<string, unknown>) =>
      h.gql(
        CHECKOUT,
        { input: { shippingAddress: ADDRESS, ...input } },
        { token: buyer.token, key: app2.publicKey, headers: { origin: 'https://second.example' } },
      );
    // Second site: header ×2 (20.00 each line: 2 units of the card's product through the ref, paid), sidebar ×1 (10.00, unpaid).
    const r1 = await second({ lines: [line(1, 2)], placement: 'header', shareToken: ref });
    const r2 = await second({ lines: [line(0), line(1)], placement: 'header' });
    const r3 = await second({ lines: [line(0)], placement: 'sidebar' });
    for (const r of [r1, r2, r3]) expect(r.data.checkout.userErrors).toEqual([]);
    await pay(h, buyer.token, r1.data.checkout.order.id);
    const refunded = await h.gql(
      'mutation($input: RefundOrderInput!) { refundOrder(input: $input) { userErrors { code message } } }',
      { input: { orderId: r1.data.checkout.order.id, lines: [{ orderLineId: r1.data.checkout.order.lines[0].id, quantity: 1 }], reason: 'One broke' } },
      { token: op, key: null },
    );
    expect(refunded.data.refundOrder.userErrors).toEqual([]);

    const res = await h.gql(REPORT, { from: today, to: today, siteId: app2.id }, { token: op, key: null });
    expect(res.errors).toBeUndefined();
    const report = res.data.salesByPlacement;
    const m = (amount: string) => ({ amount });
    expect(report).toMatchObject({ orders: 3, units: 5, gmv: m('80.00'), paid: m('40.00'), refunded: m('20.00'), groupCount: 2 });
    expect(report.groups).toEqual([
      {
        site: { id: app2.id, name: 'Second site' },
        placement: 'header',
        orders: 2,
        units: 4,
        gmv: m('70.00'),
        paid: m('40.00'),
        refunded: m('20.00'),
        days: [{ day: today, orders: 2, units: 4, gmv: m('70.00'), paid: m('40.00'), refunded: m('20.00') }],
      },
      {
        site: { id: app2.id, name: 'Second site' },
        placement: 'sidebar',
        orders: 1,
        units: 1,
        gmv: m('10.00'),
        paid: m('0.00'),
        refunded: m('0.00'),
        days: [{ day: today, orders: 1, units: 1, gmv: m('10.00'), paid: m('0.00'), refunded: m('0.00') }],
      },
    ]);

    // Every site: the KOL blog's orders of the tests above are there too, and the totals add up over the groups.
    const all = (await h.gql(REPORT, { from: today, to: today }, { token: op, key: null })).data.salesByPlacement;
    expect(all.groups.map((g: { site: { name: string } }) => g.site.name)).toEqual(expect.arrayContaining(['Second site', SITE_NAME]));
    expect(all.orders).toBe(all.groups.reduce((s: number, g: { orders: number }) => s + g.orders, 0));

    // The card's author: only the lines their card won — the first order's through the ref (2 units, paid, one refunded) and the
    // second order's line of the card's product, won by that touch (1 unit) — not the buy button's lines nor the third order.
    const mine = (await h.gql(MY_REPORT, { from: today, to: today }, { token: kol.token })).data.mySalesByPlacement;
    expect(mine).toMatchObject({ orders: 2, units: 3, gmv: m('60.00'), paid: m('40.00'), refunded: m('20.00'), groupCount: 1 });
    expect(mine.groups).toEqual([expect.objectContaining({ site: { name: 'Second site' }, placement: 'header', orders: 2, units: 3 })]);
    // The buyer is nobody's creator: nothing.
    const none = (await h.gql(MY_REPORT, { from: today, to: today }, { token: buyer.token })).data.mySalesByPlacement;
    expect(none).toMatchObject({ orders: 0, units: 0, gmv: m('0.00'), groupCount: 0, groups: [] });
  });

  it('refuses a window that is reversed or longer than 92 days, and is for operators only', async () => {
    const reversed = await h.gql(REPORT, { from: '2026-03-02', to: '2026-03-01' }, { token: op, key: null });
    expect(reversed.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    const long = await h.gql(REPORT, { from: '2026-01-01', to: '2026-04-03' }, { token: op, key: null });
    expect(long.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/92 days/) });
    const buyer = await customer(h, 'Curious');
    const forbidden = await h.gql(REPORT, { from: today, to: today }, { token: buyer.token });
    expect(forbidden.errors![0].extensions.code).toBe('FORBIDDEN');
    expect(forbidden.data).toBeNull();
    const anonymous = await h.gql(MY_REPORT, { from: today, to: today });
    expect(anonymous.errors![0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

import { countPlaced, countPlacedMany } from '../src/modules/content/sales';
import { author, card, CLICK, paragraph, published, UNPUBLISH, VIEW } from './content';
import { drain, setRules } from './earnings';
import { startHarness, type Harness } from './harness';
import { bought, write } from './reviews';
import { ADDRESS } from './shop';
import { addToShop, bandedProduct, buy, customer, idFromGlobal, member, pay, setShopPrice, shareLink, touch, type Person } from './social';

/**
 * Content-guide attribution end to end, over HTTP as a storefront, an author and an operator: the
 * card a sale came through wins its product's lines, each line says why, the author's earnings name
 * the article and card, and the funnel counts the order, its payment and its refund on that card.
 */

let h: Harness;
let op: string;
let writer: Person;
let products: { productId: string; skuId: string }[];
let today: string;

beforeAll(async () => {
  h = await startHarness();
  op = await h.operatorToken();
  writer = await author(h, op, 'Guide');
  products = [];
  for (const price of ['10.00', '20.00', '30.00', '40.00']) products.push(await bandedProduct(h, op, { price, floor: '5.00', ceiling: '80.00' }));
  await setRules(h, op, { levels: 1, level1Rate: 1000 });
  [{ today }] = await h.sql(`select ((now() at time zone 'Asia/Shanghai')::date)::text as today`);
});
afterAll(() => h.close());

const SOURCE = 'kind reason reasonText sharerName articleTitle cardId cardPosition touchedAt article { id title }';
const ORDER = `query($id: ID!) { order(id: $id) { id lines { id productName source { ${SOURCE} } } } }`;
const FUNNEL = `query($slug: String!, $from: LocalDate!, $to: LocalDate!) {
  article(slug: $slug) { funnel(from: $from, to: $to) {
    views uniqueViews clicks orders paidSales { amount } refundedSales { amount }
    cards { block { id } clicks orders paidSales { amount } refundedSales { amount } } } }
}`;
const EARNINGS = `{ myEarnings { summary { pending { amount } } entries(first: 50) { nodes {
  kind source state amount { amount } explanation orderNumber lineSource { ${SOURCE} } } } } }`;

/** An article by `who` with a card for each product, published; answers it with its cards' block ids and link tokens. */
async function cardsArticle(who: Person, title: string, productIds: string[]) {
  const a = await published(h, who.token, { title, blocks: [paragraph('Why these'), ...productIds.map((id, i) => card(id, `pick ${i + 1}`))] });
  const cards = a.blocks.filter((b: { __typename: string }) => b.__typename === 'ProductCardBlock') as { id: string; linkToken: string }[];
  return { ...a, cards };
}

async function checkout(buyer: Person, lines: { skuId: string; quantity: number }[], shareToken?: string) {
  const res = await h.gql(
    'mutation($input: CheckoutInput!) { checkout(input: $input) { order { id number lines { id productName unitPrice { amount } priceReason } } userErrors { code field message } } }',
    { input: { lines, shippingAddress: ADDRESS, shareToken } },
    { token: buyer.token },
  );
  if (res.data?.checkout?.userErrors?.length !== 0) throw new Error(`checkout: ${JSON.stringify(res.body)}`);
  return res.data.checkout.order as {
    id: string;
    number: string;
    lines: { id: string; productName: string; unitPrice: { amount: string }; priceReason: string }[];
  };
}

async function sources(orderId: string, token: string) {
  const res = await h.gql(ORDER, { id: orderId }, { token });
  expect(res.errors).toBeUndefined();
  return res.data.order?.lines.map((l: { source: unknown }) => l.source) ?? null;
}

const funnel = async (slug: string) => (await h.gql(FUNNEL, { slug, from: today, to: today }, { token: writer.token })).data.article.funnel;
const money = (amount: string) => ({ amount });

describe('a sale through a content card, end to end', () => {
  it('traces the order to the article and card, pays the author, and counts view, click, order, payment and refund on that card only', async () => {
    const a = await cardsArticle(
      writer,
      'Spring teas',
      products.slice(0, 3).map((p) => p.productId),
    );
    const reader = await customer(h, 'Reader');

    // The storefront shows the article, the reader clicks card 2 and buys through its token.
    expect((await h.gql(VIEW, { slug: a.slug, v: 'reader-device' }, { token: reader.token })).data.recordArticleView).toEqual({
      recorded: true,
      userErrors: [],
    });
    expect((await h.gql(CLICK, { a: a.id, b: a.cards[1].id }, { token: reader.token })).data.recordCardClick).toEqual({ recorded: true, userErrors: [] });
    const order = await checkout(reader, [{ skuId: products[1].skuId, quantity: 2 }], a.cards[1].linkToken);
    await drain(h);

    const expected = {
      kind: 'CONTENT_CARD',
      reason: 'TOKEN_AT_CHECKOUT',
      reasonText: 'token given at checkout: article "Spring teas", card 2',
      sharerName: 'Guide',
      articleTitle: 'Spring teas',
      cardId: a.cards[1].id,
      cardPosition: 2,
      touchedAt: expect.any(String),
      article: { id: a.id, title: 'Spring teas' },
    };
    // The buyer sees why; so does the operator; another customer sees no order at all.
    expect(await sources(order.id, reader.token)).toEqual([expected]);
    expect(await sources(order.id, op)).toEqual([expected]);
    expect(await sources(order.id, (await customer(h, 'Stranger')).token)).toBeNull();

    let f = await funnel(a.slug);
    expect(f).toMatchObject({ views: 1, uniqueViews: 1, clicks: 1, orders: 1, paidSales: money('0.00'), refundedSales: money('0.00') });
    const zero = { clicks: 0, orders: 0, paidSales: money('0.00'), refundedSales: money('0.00') };
    expect(f.cards).toEqual([
      { block: { id: a.cards[0].id }, ...zero },
      { block: { id: a.cards[1].id }, clicks: 1, orders: 1, paidSales: money('0.00'), refundedSales: money('0.00') },
      { block: { id: a.cards[2].id }, ...zero },
    ]);

    // Paid: the author's pending commission names the article and card; the funnel counts the payment.
    await pay(h, reader.token, order.id);
    await drain(h);
    const mine = (await h.gql(EARNINGS, {}, { token: writer.token })).data.myEarnings;
    const earned = mine.entries.nodes.filter((e: { orderNumber: string }) => e.orderNumber === order.number);
    expect(earned).toEqual([
      {
        kind: 'ACCRUAL',
        source: 'COMMISSION_L1',
        state: 'PENDING',
        amount: money('4.00'),
        explanation: expect.stringContaining('through your article "Spring teas", card 2'),
        orderNumber: order.number,
        lineSource: expected,
      },
    ]);
    expect(mine.summary.pending).toEqual(money('4.00'));
    f = await funnel(a.slug);
    expect(f).toMatchObject({ orders: 1, paidSales: money('40.00'), refundedSales: money('0.00') });
    expect(f.cards[1]).toMatchObject({ orders: 1, paidSales: money('40.00') });
    expect(f.cards[0]).toEqual({ block: { id: a.cards[0].id }, ...zero });
    expect(await h.sql('select paid_sales::int from article where id = $1', [idFromGlobal(a.id)])).toEqual([{ paid_sales: 4000 }]);

    // Refunded in full: the funnel shows it on card 2, the earning is taken back, MOST_SOLD forgets the sale.
    const refund = await h.gql(
      'mutation($input: RefundOrderInput!) { refundOrder(input: $input) { refund { id } userErrors { code field message } } }',
      { input: { orderId: order.id, reason: 'Changed my mind' } },
      { token: op, key: null },
    );
    expect(refund.data.refundOrder.userErrors).toEqual([]);
    await drain(h);
    f = await funnel(a.slug);
    expect(f).toMatchObject({ orders: 1, paidSales: money('40.00'), refundedSales: money('40.00') });
    expect(f.cards[1]).toMatchObject({ orders: 1, paidSales: money('40.00'), refundedSales: money('40.00') });
    expect([f.cards[0], f.cards[2]]).toEqual([
      { block: { id: a.cards[0].id }, ...zero },
      { block: { id: a.cards[2].id }, ...zero },
    ]);
    const after = (await h.gql(EARNINGS, {}, { token: writer.token })).data.myEarnings;
    const ofOrder = after.entries.nodes.filter((e: { orderNumber: string }) => e.orderNumber === order.number);
    expect(ofOrder.map((e: { kind: string; state: string | null }) => [e.kind, e.state]).sort()).toEqual([
      ['ACCRUAL', 'REVERSED'],
      ['REVERSAL', null],
    ]);
    expect(ofOrder.find((e: { kind: string }) => e.kind === 'REVERSAL').explanation).toContain(
      '(from the article "Spring teas", card 2) taken back after a refund',
    );
    expect(after.summary.pending).toEqual(money('0.00'));
    expect(await h.sql('select paid_sales::int from article where id = $1', [idFromGlobal(a.id)])).toEqual([{ paid_sales: 0 }]);
    // The line's source is frozen: the refund changed nothing of it.
    expect(await sources(order.id, reader.token)).toEqual([expected]);
  });

  it('counts 12 parallel orders through one card exactly, and an event delivered again (or twice at once) once', async () => {
    const a = await cardsArticle(writer, 'Rush', [products[0].productId]);
    const buyers = await Promise.all(Array.from({ length: 12 }, (_, i) => customer(h, `Rush${i}`)));
    await Promise.all(buyers.map((b) => checkout(b, [{ skuId: products[0].skuId, quantity: 1 }], a.cards[0].linkToken)));
    // Two dispatchers at once, as two API processes would run them.
    await Promise.all([drain(h), drain(h)]);
    expect((await funnel(a.slug)).cards[0]).toMatchObject({ orders: 12 });
    const [event] = await h.sql(
      `select e.id::text as id, e.order_id, e.created_at from order_event e join order_line ol on ol.order_id = e.order_id
        where e.type = 'order.created' and ol.sku_id = $1 order by e.id desc limit 1`,
      [idFromGlobal(products[0].skuId)],
    );
    const again = { id: event.id, orderId: event.order_id, type: 'order.created', payload: {}, createdAt: new Date(event.created_at) };
    await Promise.all(Array.from({ length: 4 }, () => countPlaced(h.orm.em.fork(), again)));
    expect((await funnel(a.slug)).cards[0]).toMatchObject({ orders: 12 });
    // The round's form (all of a round's order.created at once), delivered again, four times at once: nothing more.
    const all = await h.sql(
      `select e.id::text as id, e.order_id, e.created_at from order_event e join order_line ol on ol.order_id = e.order_id
        where e.type = 'order.created' and ol.sku_id = $1`,
      [idFromGlobal(products[0].skuId)],
    );
    const events = all.map((e) => ({ id: e.id, orderId: e.order_id, type: 'order.created', payload: {}, createdAt: new Date(e.created_at) }));
    await Promise.all(Array.from({ length: 4 }, () => countPlacedMany(h.orm.em.fork(), events)));
    expect((await funnel(a.slug)).cards[0]).toMatchObject({ orders: 12 });
  });
});

describe('precedence between the sources of an order', () => {
  let a: Awaited<ReturnType<typeof cardsArticle>>;
  let sharer: Person;
  let productLink: string;

  beforeAll(async () => {
    a = await cardsArticle(
      writer,
      'Tea tools',
      products.slice(0, 3).map((p) => p.productId),
    );
    sharer = await member(h, 'Sharer');
    productLink = await shareLink(h, sharer.token, 'PRODUCT', products[3].productId);
  });

  it('the card token given at checkout beats an older touch for its product; the line it does not feature falls back to that touch', async () => {
    const buyer = await customer(h, 'Toucher');
    expect(await touch(h, buyer.token, productLink)).toMatchObject({ userErrors: [] });
    const order = await checkout(
      buyer,
      [
        { skuId: products[0].skuId, quantity: 1 },
        { skuId: products[3].skuId, quantity: 1 },
      ],
      a.cards[0].linkToken,
    );
    const [inCard, other] = await sources(order.id, buyer.token);
    expect(inCard).toMatchObject({ kind: 'CONTENT_CARD', reason: 'TOKEN_AT_CHECKOUT', cardPosition: 1, sharerName: 'Guide' });
    expect(other).toMatchObject({
      kind: 'PRODUCT_LINK',
      reason: 'LAST_TOUCH',
      reasonText: 'not featured by the article "Tea tools", card 1 given at checkout; last touch within 7 days: product link shared by Sharer',
      sharerName: 'Sharer',
      cardId: null,
      cardPosition: null,
      article: null,
    });
    // The order as a whole goes to the token, which covers one of its lines.
    expect(await h.sql('select sharer_id, entry from order_attribution where order_id = $1', [idFromGlobal(order.id)])).toEqual([
      { sharer_id: writer.id, entry: 'content' },
    ]);
  });

  it("a card touched earlier wins its product's line; with no touch covering a line, the bound inviter does", async () => {
    const inviter = await member(h, 'Mentor');
    const buyer = await customer(h, 'Invitee');
    await h.sql(`insert into referral_binding (invitee_id, inviter_id, source, bound_at) values ($1, $2, 'invite_code', now())`, [buyer.id, inviter.id]);
    expect(await touch(h, buyer.token, a.cards[2].linkToken)).toMatchObject({ userErrors: [] });
    const order = await checkout(buyer, [
      { skuId: products[2].skuId, quantity: 1 },
      { skuId: products[1].skuId, quantity: 1 },
    ]);
    expect(await sources(order.id, buyer.token)).toEqual([
      expect.objectContaining({
        kind: 'CONTENT_CARD',
        reason: 'LAST_TOUCH',
        reasonText: 'last touch within 7 days: article "Tea tools", card 3',
        cardPosition: 3,
      }),
      expect.objectContaining({
        kind: 'INVITER',
        reason: 'BOUND_INVITER',
        reasonText: "no share link within 7 days covers it: the buyer's bound inviter, Mentor",
        sharerName: 'Mentor',
        touchedAt: null,
      }),
    ]);
    // Paid: the author earns on the card's line, the inviter on the other.
    await pay(h, buyer.token, order.id);
    await drain(h);
    expect(
      await h.sql(`select member_id, order_line_id, amount, via from earning_entry where order_id = $1 and kind = 'accrual' order by amount`, [
        idFromGlobal(order.id),
      ]),
    ).toEqual([
      { member_id: inviter.id, order_line_id: idFromGlobal(order.lines[1].id), amount: 200, via: 'invitation' },
      { member_id: writer.id, order_line_id: idFromGlobal(order.lines[0].id), amount: 300, via: 'content' },
    ]);
  });

  it("a lapsed sharer's link attributes nothing, given at checkout or touched before; an unknown token neither, and the purchase goes through", async () => {
    const lapsing = await member(h, 'Lapsing');
    const link = await shareLink(h, lapsing.token, 'PRODUCT', products[3].productId);
    const buyer = await customer(h, 'Late');
    expect(await touch(h, buyer.token, link)).toMatchObject({ userErrors: [] });
    await h.sql(`update account set role = 'customer' where id = $1`, [lapsing.id]);
    for (const token of [link, 'no-such-token-here', 'bad token!']) {
      const order = await checkout(buyer, [{ skuId: products[3].skuId, quantity: 1 }], token);
      expect(await sources(order.id, buyer.token)).toEqual([
        expect.objectContaining({
          kind: 'NONE',
          reason: 'NO_SOURCE',
          reasonText:
            'the token given at checkout attributes nothing (unknown, its card no longer published, or its sharer no longer a member); no share link within 7 days covers it and the buyer has no inviter',
          sharerName: null,
        }),
      ]);
      expect(await h.sql('select sharer_id from order_attribution where order_id = $1', [idFromGlobal(order.id)])).toEqual([{ sharer_id: null }]);
    }
  });

  it("an unpublished article's card attributes nothing", async () => {
    const gone = await cardsArticle(writer, 'Withdrawn', [products[0].productId]);
    expect((await h.gql(UNPUBLISH, { id: gone.id }, { token: writer.token })).data.unpublishArticle.userErrors).toEqual([]);
    const buyer = await customer(h, 'TooLate');
    const order = await checkout(buyer, [{ skuId: products[0].skuId, quantity: 1 }], gone.cards[0].linkToken);
    expect(await sources(order.id, buyer.token)).toEqual([expect.objectContaining({ kind: 'NONE', reason: 'NO_SOURCE' })]);
    expect(await h.sql('select count(*)::int as n from share_touch where customer_id = $1', [buyer.id])).toEqual([{ n: 0 }]);
  });

  it("a card's link gives the author's shop when it carries the product: its price applies and the order counts for the shop", async () => {
    const shopper = await author(h, op, 'ShopAuthor');
    await addToShop(h, shopper.token, [products[0].productId]);
    await setShopPrice(h, shopper.token, products[0].productId, '12.00');
    const withShop = await cardsArticle(shopper, 'My shop picks', [products[0].productId]);
    const buyer = await customer(h, 'ShopBuyer');
    const order = await checkout(buyer, [{ skuId: products[0].skuId, quantity: 1 }], withShop.cards[0].linkToken);
    expect(order.lines[0]).toMatchObject({ unitPrice: money('12.00'), priceReason: 'SHOP_PRICE' });
    const [shop] = await h.sql('select id from shop where owner_id = $1', [shopper.id]);
    expect(await h.sql('select shop_id, entry from order_attribution where order_id = $1', [idFromGlobal(order.id)])).toEqual([
      { shop_id: shop.id, entry: 'content' },
    ]);
  });

  it('an author who is not a member (a KOL): the line is still theirs and the funnel counts it, but no commission is paid', async () => {
    const kol = await author(h, op, 'Kol', 'customer');
    const kolArticle = await cardsArticle(kol, 'KOL picks', [products[1].productId]);
    const buyer = await customer(h, 'KolFan');
    expect(await touch(h, buyer.token, kolArticle.cards[0].linkToken)).toMatchObject({ userErrors: [] });
    const order = await buy(h, buyer.token, products[1].skuId, 1, kolArticle.cards[0].linkToken);
    await pay(h, buyer.token, order.id);
    await drain(h);
    expect(await sources(order.id, buyer.token)).toEqual([expect.objectContaining({ kind: 'CONTENT_CARD', sharerName: 'Kol', cardPosition: 1 })]);
    expect(await h.sql(`select count(*)::int as n from earning_entry where order_id = $1`, [order.dbId])).toEqual([{ n: 0 }]);
    const f = (await h.gql(FUNNEL, { slug: kolArticle.slug, from: today, to: today }, { token: kol.token })).data.article.funnel;
    expect(f.cards[0]).toMatchObject({ orders: 1, paidSales: money('20.00') });
  });

  it('refuses a token longer than any token at the edge, writing nothing', async () => {
    const buyer = await customer(h, 'Long');
    const before = await h.sql('select count(*)::int as n from customer_order');
    const withToken = await h.gql(
      'mutation($input: CheckoutInput!) { checkout(input: $input) { order { id } } }',
      { input: { lines: [{ skuId: products[0].skuId, quantity: 1 }], shippingAddress: ADDRESS, shareToken: 'a'.repeat(65) } },
      { token: buyer.token },
    );
    expect(withToken.status).toBe(400);
    expect(withToken.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'shareToken'] });
    expect(await h.sql('select count(*)::int as n from customer_order')).toEqual(before);
  });
});

describe('an article review block', () => {
  it('resolves its review while it is public; hidden, it shows null', async () => {
    const buyer = await customer(h, 'Reviewer');
    const { lineIds } = await bought(h, op, buyer, [{ skuId: products[0].skuId, quantity: 1 }]);
    const written = await write(h, buyer, { orderLineId: lineIds[0], rating: 5, text: 'Lovely tea' });
    expect(written.data.writeReview.userErrors).toEqual([]);
    const reviewId = written.data.writeReview.review.id;
    const a = await published(h, writer.token, { title: 'What buyers say', blocks: [{ review: { reviewId } }] });
    const BLOCK = 'query($slug: String!) { article(slug: $slug) { blocks { ... on ReviewBlock { reviewId review { id rating text } } } } }';
    expect((await h.gql(BLOCK, { slug: a.slug })).data.article.blocks).toEqual([{ reviewId, review: { id: reviewId, rating: 5, text: 'Lovely tea' } }]);
    const hidden = await h.gql(
      'mutation($input: HideReviewInput!) { hideReview(input: $input) { userErrors { code } } }',
      {
        input: { reviewId, reason: 'Off topic' },
      },
      { token: op, key: null },
    );
    expect(hidden.data.hideReview.userErrors).toEqual([]);
    expect((await h.gql(BLOCK, { slug: a.slug })).data.article.blocks).toEqual([{ reviewId, review: null }]);
    // Its author does not see it in the article either: an article shows public reviews only.
    expect((await h.gql(BLOCK, { slug: a.slug }, { token: buyer.token })).data.article.blocks).toEqual([{ reviewId, review: null }]);
  });
});

import { sqlStatements } from '../src/server/metrics';
import { startHarness, type Harness } from './harness';
import { publicReviewsByIds } from '../src/modules/reviews/queries';
import {
  bought,
  drain,
  FOLLOW_UP,
  HIDE,
  PRODUCT_REVIEWS,
  refund,
  REPLY,
  reviewTables,
  SUMMARY,
  summaryFromReviews,
  UNHIDE,
  write,
  REVIEW_FIELDS,
} from './reviews';
import { products } from './shop';
import { customer, idFromGlobal, type Person } from './social';

let h: Harness;
let op: string;
let alice: Person;
let bob: Person;

beforeAll(async () => {
  h = await startHarness();
  op = await h.operatorToken();
  alice = await customer(h, 'Alice');
  bob = await customer(h, 'Bob');
});
afterAll(() => h.close());

const asOperator = (query: string, variables?: Record<string, unknown>) => h.gql(query, variables, { token: op, key: null });

/** A new on-sale product with one SKU (stock 100): its SKU and its Product id. */
async function product(): Promise<{ skuId: string; productId: string; productDbId: string }> {
  const [sku] = await products(h, op, ['20.00'], 100);
  const [row] = await h.sql('select product_id from sku where id = $1', [idFromGlobal(sku.skuId)]);
  return { skuId: sku.skuId, productId: Buffer.from(`Product:${row.product_id}`).toString('base64url'), productDbId: row.product_id };
}

const summary = async (productId: string) => (await h.gql(SUMMARY, { id: productId })).data.product.ratingSummary;
const starCounts = (s: { stars: { count: number }[] }) => s.stars.map((x) => x.count);

describe('a buyer reviews what they received', () => {
  it('lists the line as reviewable, publishes the review at once, and counts it in the summary', async () => {
    const p = await product();
    const { lineIds } = await bought(h, op, alice, [{ skuId: p.skuId, quantity: 1 }]);
    const reviewable = await h.gql(
      '{ reviewableLines(first: 50) { totalCount nodes { orderLineId orderId orderNumber productId productName skuCode specs { name value } quantity product { id } } } }',
      {},
      { token: alice.token },
    );
    expect(reviewable.errors).toBeUndefined();
    const line = reviewable.data.reviewableLines.nodes.find((n: any) => n.orderLineId === lineIds[0]);
    expect(line).toMatchObject({ productId: p.productId, quantity: 1, product: { id: p.productId }, specs: [{ name: '规格', value: 'v0' }] });

    const res = await write(h, alice, {
      orderLineId: lineIds[0],
      rating: 5,
      text: '  香气很足，回甘明显? 值! ',
      imageUrls: ['https://img.example.com/a.jpg', 'http://img.example.com/b.png?w=800&q=80'],
    });
    expect(res.data.writeReview.userErrors).toEqual([]);
    const review = res.data.writeReview.review;
    expect(review).toMatchObject({
      rating: 5,
      text: '香气很足，回甘明显? 值!',
      imageUrls: ['https://img.example.com/a.jpg', 'http://img.example.com/b.png?w=800&q=80'],
      anonymous: false,
      authorName: 'Alice',
      specs: [{ name: '规格', value: 'v0' }],
      productId: p.productId,
      status: 'PUBLISHED',
      hiddenReason: null,
      refunded: false,
      followUp: null,
      reply: null,
    });
    expect(new Date(review.followUpUntil).getTime() - new Date(review.createdAt).getTime()).toBe(30 * 86_400_000);

    expect(await summary(p.productId)).toEqual({ count: 1, average: 5, stars: [5, 4, 3, 2, 1].map((stars) => ({ stars, count: stars === 5 ? 1 : 0 })) });
    const listed = await h.gql(PRODUCT_REVIEWS, { id: p.productId, first: 10 });
    expect(listed.data.product.reviews.nodes.map((n: any) => n.id)).toEqual([review.id]);
    const again = await h.gql('{ reviewableLines(first: 50) { nodes { orderLineId } } }', {}, { token: alice.token });
    expect(again.data.reviewableLines.nodes.map((n: any) => n.orderLineId)).not.toContain(lineIds[0]);
    const mine = await h.gql('{ myReviews(first: 10) { totalCount nodes { id } } }', {}, { token: alice.token });
    expect(mine.data.myReviews.nodes.map((n: any) => n.id)).toContain(review.id);
    const byNode = await h.gql(`query($id: ID!) { node(id: $id) { ... on Review { ${REVIEW_FIELDS} product { id } } } }`, { id: review.id });
    expect(byNode.data.node).toMatchObject({ id: review.id, rating: 5, product: { id: p.productId } });
  });

  it('shows no name for an anonymous review, to anyone', async () => {
    const p = await product();
    const { lineIds } = await bought(h, op, bob, [{ skuId: p.skuId, quantity: 1 }]);
    const res = await write(h, bob, { orderLineId: lineIds[0], rating: 3, anonymous: true });
    expect(res.data.writeReview.review).toMatchObject({ anonymous: true, authorName: null, text: '', imageUrls: [] });
    for (const token of [undefined, op]) {
      const listed = await h.gql(PRODUCT_REVIEWS, { id: p.productId }, { token, key: token ? null : undefined });
      expect(listed.data.product.reviews.nodes[0]).toMatchObject({ anonymous: true, authorName: null });
    }
  });
});

describe('bad reviews are refused with a code, and nothing is written', () => {
  let p: Awaited<ReturnType<typeof product>>;
  let received: string;
  let shipped: string;
  let paid: string;

  beforeAll(async () => {
    p = await product();
    received = (await bought(h, op, alice, [{ skuId: p.skuId, quantity: 1 }])).lineIds[0];
    shipped = (await bought(h, op, alice, [{ skuId: p.skuId, quantity: 1 }], 'shipped')).lineIds[0];
    paid = (await bought(h, op, alice, [{ skuId: p.skuId, quantity: 1 }], 'paid')).lineIds[0];
  });

  it.each([
    ["someone else's line", () => ({ who: bob, input: { orderLineId: received, rating: 4 } }), 'LINE_NOT_FOUND', ['input', 'orderLineId']],
    ['an id that is no line', () => ({ who: alice, input: { orderLineId: p.productId, rating: 4 } }), 'LINE_NOT_FOUND', ['input', 'orderLineId']],
    ['a line shipped but not received', () => ({ who: alice, input: { orderLineId: shipped, rating: 4 } }), 'NOT_RECEIVED', ['input', 'orderLineId']],
    ['a line paid only', () => ({ who: alice, input: { orderLineId: paid, rating: 4 } }), 'NOT_RECEIVED', ['input', 'orderLineId']],
    [
      'an image that is not http or https',
      () => ({ who: alice, input: { orderLineId: received, rating: 4, imageUrls: ['https://ok.example/1.jpg', 'javascript:alert(1)'] } }),
      'INVALID_IMAGE_URL',
      ['input', 'imageUrls', '1'],
    ],
    [
      'an ftp image',
      () => ({ who: alice, input: { orderLineId: received, rating: 4, imageUrls: ['ftp://files.example/1.jpg'] } }),
      'INVALID_IMAGE_URL',
      ['input', 'imageUrls', '0'],
    ],
    [
      'a relative image path',
      () => ({ who: alice, input: { orderLineId: received, rating: 4, imageUrls: ['/uploads/1.jpg'] } }),
      'INVALID_IMAGE_URL',
      ['input', 'imageUrls', '0'],
    ],
  ] as const)('%s is refused with its code', async (_what, make, code, field) => {
    const before = await reviewTables(h);
    const { who, input } = make();
    const res = await write(h, who, input);
    expect(res.data.writeReview).toMatchObject({ review: null, userErrors: [{ code, field }] });
    expect(res.data.writeReview.userErrors[0].message).toEqual(expect.any(String));
    expect(await reviewTables(h)).toEqual(before);
  });

  it('names the order status when the goods have not arrived', async () => {
    const res = await write(h, alice, { orderLineId: shipped, rating: 4 });
    expect(res.data.writeReview.userErrors[0].message).toMatch(/SHIPPED/);
  });

  it.each([
    ['a rating of 0', { rating: 0 }, ['input', 'rating']],
    ['a rating of 6', { rating: 6 }, ['input', 'rating']],
    ['ten images', { imageUrls: Array.from({ length: 10 }, (_, i) => `https://img.example.com/${i}.jpg`) }, ['input', 'imageUrls']],
    ['text of 1,001 characters', { text: '好'.repeat(1001) }, ['input', 'text']],
    ['an image URL of 501 characters', { imageUrls: [`https://img.example.com/${'a'.repeat(477)}`] }, ['input', 'imageUrls', '0']],
  ])('%s is refused before anything runs (400, BAD_USER_INPUT naming the field)', async (_what, change, field) => {
    const before = await reviewTables(h);
    const res = await write(h, alice, { orderLineId: received, rating: 4, ...change });
    expect(res.status).toBe(400);
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await reviewTables(h)).toEqual(before);
  });

  it('takes 9 images and 1,000 characters, then refuses a second review of the line', async () => {
    const first = await write(h, alice, {
      orderLineId: received,
      rating: 4,
      text: '好'.repeat(1000),
      imageUrls: Array.from({ length: 9 }, (_, i) => `https://img.example.com/${i}.jpg`),
    });
    expect(first.data.writeReview.userErrors).toEqual([]);
    expect(first.data.writeReview.review.imageUrls).toHaveLength(9);
    const before = await reviewTables(h);
    const second = await write(h, alice, { orderLineId: received, rating: 1, text: 'changed my mind' });
    expect(second.data.writeReview).toMatchObject({ review: null, userErrors: [{ code: 'ALREADY_REVIEWED', field: ['input', 'orderLineId'] }] });
    expect(await reviewTables(h)).toEqual(before);
  });

  it('refuses a line refunded in full, and still takes one refunded in part', async () => {
    const { orderId, lineIds } = await bought(h, op, alice, [{ skuId: p.skuId, quantity: 2 }]);
    await refund(h, op, orderId, [{ orderLineId: lineIds[0], quantity: 1 }]);
    const other = await bought(h, op, alice, [{ skuId: p.skuId, quantity: 1 }]);
    await refund(h, op, other.orderId, [{ orderLineId: other.lineIds[0], quantity: 1 }]);

    const reviewable = await h.gql('{ reviewableLines(first: 100) { nodes { orderLineId } } }', {}, { token: alice.token });
    const ids = reviewable.data.reviewableLines.nodes.map((n: any) => n.orderLineId);
    expect(ids).toContain(lineIds[0]);
    expect(ids).not.toContain(other.lineIds[0]);

    const before = await reviewTables(h);
    const refused = await write(h, alice, { orderLineId: other.lineIds[0], rating: 1 });
    expect(refused.data.writeReview.userErrors).toEqual([{ code: 'LINE_REFUNDED', field: ['input', 'orderLineId'], message: expect.any(String) }]);
    expect(await reviewTables(h)).toEqual(before);
    expect((await write(h, alice, { orderLineId: lineIds[0], rating: 2 })).data.writeReview.userErrors).toEqual([]);
  });

  it('is for signed-in buyers only', async () => {
    const res = await h.gql(`mutation($input: WriteReviewInput!) { writeReview(input: $input) { userErrors { code } } }`, {
      input: { orderLineId: received, rating: 5 },
    });
    expect(res.errors![0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('the follow-up review (追评)', () => {
  let reviewId: string;
  let p: Awaited<ReturnType<typeof product>>;

  beforeAll(async () => {
    p = await product();
    const { lineIds } = await bought(h, op, alice, [{ skuId: p.skuId, quantity: 1 }]);
    reviewId = (await write(h, alice, { orderLineId: lineIds[0], rating: 4, text: 'fine' })).data.writeReview.review.id;
  });

  it('is refused blank, or on a review that is not yours, with nothing written', async () => {
    const before = await reviewTables(h);
    const blank = await h.gql(FOLLOW_UP, { input: { reviewId, text: '   ' } }, { token: alice.token });
    expect(blank.data.followUpReview.userErrors).toEqual([{ code: 'EMPTY_FOLLOW_UP', field: ['input', 'text'], message: expect.any(String) }]);
    const notYours = await h.gql(FOLLOW_UP, { input: { reviewId, text: 'me too' } }, { token: bob.token });
    expect(notYours.data.followUpReview.userErrors[0]).toMatchObject({ code: 'REVIEW_NOT_FOUND', field: ['input', 'reviewId'] });
    const badImage = await h.gql(FOLLOW_UP, { input: { reviewId, text: 'later', imageUrls: ['data:image/png;base64,AAAA'] } }, { token: alice.token });
    expect(badImage.data.followUpReview.userErrors[0]).toMatchObject({ code: 'INVALID_IMAGE_URL', field: ['input', 'imageUrls', '0'] });
    expect(await reviewTables(h)).toEqual(before);
  });

  it('is added once, with its images counting for the "with images" filter; the rating does not move', async () => {
    const withImagesBefore = await h.gql(PRODUCT_REVIEWS, { id: p.productId, filter: { withImages: true } });
    expect(withImagesBefore.data.product.reviews.totalCount).toBe(0);
    const res = await h.gql(
      FOLLOW_UP,
      { input: { reviewId, text: ' 用了一个月，依然好喝 ', imageUrls: ['https://img.example.com/month.jpg'] } },
      { token: alice.token },
    );
    expect(res.data.followUpReview.userErrors).toEqual([]);
    expect(res.data.followUpReview.review).toMatchObject({
      rating: 4,
      followUp: { text: '用了一个月，依然好喝', imageUrls: ['https://img.example.com/month.jpg'], createdAt: expect.any(String) },
    });
    const withImages = await h.gql(PRODUCT_REVIEWS, { id: p.productId, filter: { withImages: true } });
    expect(withImages.data.product.reviews.nodes.map((n: any) => n.id)).toEqual([reviewId]);
    expect(await summary(p.productId)).toMatchObject({ count: 1, average: 4 });

    const before = await reviewTables(h);
    const twice = await h.gql(FOLLOW_UP, { input: { reviewId, text: 'and again' } }, { token: alice.token });
    expect(twice.data.followUpReview.userErrors[0]).toMatchObject({ code: 'ALREADY_FOLLOWED_UP', field: ['input', 'reviewId'] });
    expect(await reviewTables(h)).toEqual(before);
  });

  it('is closed 30 days after the review', async () => {
    const { lineIds } = await bought(h, op, alice, [{ skuId: p.skuId, quantity: 1 }]);
    const late = (await write(h, alice, { orderLineId: lineIds[0], rating: 5 })).data.writeReview.review.id;
    // The review was written 30 days and a minute ago.
    await h.sql(`update review set created_at = now() - interval '30 days 1 minute' where id = $1`, [idFromGlobal(late)]);
    const before = await reviewTables(h);
    const res = await h.gql(FOLLOW_UP, { input: { reviewId: late, text: 'still good' } }, { token: alice.token });
    expect(res.data.followUpReview.userErrors[0]).toMatchObject({ code: 'FOLLOW_UP_CLOSED', field: ['input', 'reviewId'] });
    expect(await reviewTables(h)).toEqual(before);
    // A day inside the window it is taken.
    await h.sql(`update review set created_at = now() - interval '29 days' where id = $1`, [idFromGlobal(late)]);
    expect((await h.gql(FOLLOW_UP, { input: { reviewId: late, text: 'still good' } }, { token: alice.token })).data.followUpReview.userErrors).toEqual([]);
  });

  it('takes only one of two sent at once', async () => {
    const { lineIds } = await bought(h, op, bob, [{ skuId: p.skuId, quantity: 1 }]);
    const id = (await write(h, bob, { orderLineId: lineIds[0], rating: 3 })).data.writeReview.review.id;
    const results = await Promise.all(['one', 'two', 'three'].map((text) => h.gql(FOLLOW_UP, { input: { reviewId: id, text } }, { token: bob.token })));
    const codes = results.map((r) => r.data.followUpReview.userErrors[0]?.code ?? 'OK').sort();
    expect(codes).toEqual(['ALREADY_FOLLOWED_UP', 'ALREADY_FOLLOWED_UP', 'OK']);
  });
});

describe('operators hide, show again and reply', () => {
  let p: Awaited<ReturnType<typeof product>>;
  let fiveStars: string;
  let oneStar: string;

  beforeAll(async () => {
    p = await product();
    const a = await bought(h, op, alice, [{ skuId: p.skuId, quantity: 1 }]);
    fiveStars = (await write(h, alice, { orderLineId: a.lineIds[0], rating: 5, text: 'great' })).data.writeReview.review.id;
    const b = await bought(h, op, bob, [{ skuId: p.skuId, quantity: 1 }]);
    oneStar = (await write(h, bob, { orderLineId: b.lineIds[0], rating: 1, text: 'spam spam spam' })).data.writeReview.review.id;
  });

  it('hides a review with a reason: gone from the product, out of the summary, seen with its reason by its author and operators only', async () => {
    expect(await summary(p.productId)).toMatchObject({ count: 2, average: 3 });
    const res = await asOperator(HIDE, { input: { reviewId: oneStar, reason: ' 广告内容 ' } });
    expect(res.data.hideReview.userErrors).toEqual([]);
    expect(res.data.hideReview.review).toMatchObject({ status: 'HIDDEN', hiddenReason: '广告内容' });

    expect(await summary(p.productId)).toMatchObject({ count: 1, average: 5 });
    const listed = await h.gql(PRODUCT_REVIEWS, { id: p.productId });
    expect(listed.data.product.reviews.nodes.map((n: any) => n.id)).toEqual([fiveStars]);

    const NODE = 'query($id: ID!) { node(id: $id) { ... on Review { id status hiddenReason } } }';
    expect((await h.gql(NODE, { id: oneStar })).data.node).toBeNull();
    expect((await h.gql(NODE, { id: oneStar }, { token: alice.token })).data.node).toBeNull();
    expect((await h.gql(NODE, { id: oneStar }, { token: bob.token })).data.node).toEqual({ id: oneStar, status: 'HIDDEN', hiddenReason: '广告内容' });
    expect((await asOperator(NODE, { id: oneStar })).data.node).toEqual({ id: oneStar, status: 'HIDDEN', hiddenReason: '广告内容' });
    const mine = await h.gql('{ myReviews(first: 50) { nodes { id status hiddenReason } } }', {}, { token: bob.token });
    expect(mine.data.myReviews.nodes).toContainEqual({ id: oneStar, status: 'HIDDEN', hiddenReason: '广告内容' });
  });

  it('refuses to hide a hidden review (naming its state), a blank reason, or no review, with nothing written', async () => {
    const before = await reviewTables(h);
    const again = await asOperator(HIDE, { input: { reviewId: oneStar, reason: 'again' } });
    expect(again.data.hideReview.userErrors).toEqual([
      { code: 'ILLEGAL_TRANSITION', field: ['input', 'reviewId'], message: 'The review is HIDDEN: it cannot hide (only from PUBLISHED)' },
    ]);
    const blank = await asOperator(HIDE, { input: { reviewId: fiveStars, reason: '  ' } });
    expect(blank.data.hideReview.userErrors[0]).toMatchObject({ code: 'INVALID_REASON', field: ['input', 'reason'] });
    const none = await asOperator(HIDE, { input: { reviewId: p.productId, reason: 'no such review' } });
    expect(none.data.hideReview.userErrors[0]).toMatchObject({ code: 'REVIEW_NOT_FOUND', field: ['input', 'reviewId'] });
    const published = await asOperator(UNHIDE, { input: { reviewId: fiveStars } });
    expect(published.data.unhideReview.userErrors[0]).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      message: 'The review is PUBLISHED: it cannot unhide (only from HIDDEN)',
    });
    expect(await reviewTables(h)).toEqual(before);
  });

  it('shows it again: back on the product and in the summary, the reason gone', async () => {
    const res = await asOperator(UNHIDE, { input: { reviewId: oneStar } });
    expect(res.data.unhideReview.review).toMatchObject({ status: 'PUBLISHED', hiddenReason: null });
    expect(await summary(p.productId)).toMatchObject({ count: 2, average: 3 });
    expect(starCounts(await summary(p.productId))).toEqual([1, 0, 0, 0, 1]);
  });

  it('replies once per review and edits the reply; a blank reply or no review is refused', async () => {
    const first = await asOperator(REPLY, { input: { reviewId: fiveStars, text: '感谢支持！' } });
    expect(first.data.replyToReview.review.reply).toEqual({ text: '感谢支持！', repliedAt: expect.any(String), editedAt: null });
    const edited = await asOperator(REPLY, { input: { reviewId: fiveStars, text: '感谢支持，欢迎再来！' } });
    const reply = edited.data.replyToReview.review.reply;
    expect(reply).toMatchObject({ text: '感谢支持，欢迎再来！', repliedAt: first.data.replyToReview.review.reply.repliedAt, editedAt: expect.any(String) });
    const listed = await h.gql(PRODUCT_REVIEWS, { id: p.productId });
    expect(listed.data.product.reviews.nodes.find((n: any) => n.id === fiveStars).reply.text).toBe('感谢支持，欢迎再来！');

    const before = await reviewTables(h);
    const blank = await asOperator(REPLY, { input: { reviewId: fiveStars, text: ' ' } });
    expect(blank.data.replyToReview.userErrors[0]).toMatchObject({ code: 'INVALID_REPLY', field: ['input', 'text'] });
    const none = await asOperator(REPLY, { input: { reviewId: 'not-an-id', text: 'hello' } });
    expect(none.data.replyToReview.userErrors[0]).toMatchObject({ code: 'REVIEW_NOT_FOUND' });
    expect(await reviewTables(h)).toEqual(before);
  });

  it('are operators only', async () => {
    for (const [query, input] of [
      [HIDE, { reviewId: fiveStars, reason: 'mine' }],
      [UNHIDE, { reviewId: oneStar }],
      [REPLY, { reviewId: fiveStars, text: 'fake reply' }],
    ] as const) {
      const res = await h.gql(query, { input }, { token: alice.token });
      expect(res.errors![0].extensions.code).toBe('FORBIDDEN');
    }
  });
});

describe('a refunded line keeps its review, marked, and its rating stops counting', () => {
  it('marks the review when every unit is refunded, not before; a second delivery changes nothing; hides and shows leave it out', async () => {
    const p = await product();
    const { orderId, lineIds } = await bought(h, op, alice, [{ skuId: p.skuId, quantity: 2 }]);
    const reviewId = (await write(h, alice, { orderLineId: lineIds[0], rating: 2 })).data.writeReview.review.id;
    const other = await bought(h, op, bob, [{ skuId: p.skuId, quantity: 1 }]);
    await write(h, bob, { orderLineId: other.lineIds[0], rating: 4 });
    expect(await summary(p.productId)).toMatchObject({ count: 2, average: 3 });

    await refund(h, op, orderId, [{ orderLineId: lineIds[0], quantity: 1 }]);
    expect(await summary(p.productId)).toMatchObject({ count: 2, average: 3 });

    await refund(h, op, orderId, [{ orderLineId: lineIds[0], quantity: 1 }]);
    expect(await summary(p.productId)).toMatchObject({ count: 1, average: 4 });
    const listed = await h.gql(PRODUCT_REVIEWS, { id: p.productId });
    expect(listed.data.product.reviews.nodes.find((n: any) => n.id === reviewId)).toMatchObject({ refunded: true, status: 'PUBLISHED', rating: 2 });

    // The outbox delivers at least once: the same events again move nothing.
    await h.sql(`update order_event set delivered_at = null where order_id = $1 and type = 'order.refunded'`, [idFromGlobal(orderId)]);
    const before = await reviewTables(h);
    await h.sql(`update order_event set delivered_at = now() where order_id <> $1 and delivered_at is null`, [idFromGlobal(orderId)]);
    await drain(h);
    expect(await reviewTables(h)).toEqual(before);

    expect((await asOperator(HIDE, { input: { reviewId, reason: 'checking' } })).data.hideReview.userErrors).toEqual([]);
    expect(await summary(p.productId)).toMatchObject({ count: 1, average: 4 });
    expect((await asOperator(UNHIDE, { input: { reviewId } })).data.unhideReview.userErrors).toEqual([]);
    expect(await summary(p.productId)).toMatchObject({ count: 1, average: 4 });
    expect(starCounts(await summary(p.productId))).toEqual(await summaryFromReviews(h, p.productDbId));
  });

  it('marks a review hidden when refunded without moving the summary twice', async () => {
    const p = await product();
    const { orderId, lineIds } = await bought(h, op, alice, [{ skuId: p.skuId, quantity: 1 }]);
    const reviewId = (await write(h, alice, { orderLineId: lineIds[0], rating: 1 })).data.writeReview.review.id;
    await asOperator(HIDE, { input: { reviewId, reason: 'abusive' } });
    await refund(h, op, orderId, [{ orderLineId: lineIds[0], quantity: 1 }]);
    expect(await summary(p.productId)).toMatchObject({ count: 0, average: null });
    await asOperator(UNHIDE, { input: { reviewId } });
    expect(await summary(p.productId)).toMatchObject({ count: 0, average: null });
    const mine = await h.gql('{ myReviews(first: 100) { nodes { id refunded status } } }', {}, { token: alice.token });
    expect(mine.data.myReviews.nodes).toContainEqual({ id: reviewId, refunded: true, status: 'PUBLISHED' });
  });
});

describe('listings', () => {
  let p: Awaited<ReturnType<typeof product>>;
  const ids: string[] = [];

  beforeAll(async () => {
    p = await product();
    // Five reviews, oldest first: ratings 5, 4, 5, 3, 5; the 2nd and 4th with images; the 4th hidden.
    for (const [i, rating] of [5, 4, 5, 3, 5].entries()) {
      const buyer = i % 2 === 0 ? alice : bob;
      const { lineIds } = await bought(h, op, buyer, [{ skuId: p.skuId, quantity: 1 }]);
      const imageUrls = i % 2 === 1 ? [`https://img.example.com/${i}.jpg`] : [];
      ids.push((await write(h, buyer, { orderLineId: lineIds[0], rating, imageUrls })).data.writeReview.review.id);
    }
    await asOperator(HIDE, { input: { reviewId: ids[3], reason: 'off topic' } });
  });

  it("pages a product's published reviews newest first, with their filters", async () => {
    const page1 = await h.gql(PRODUCT_REVIEWS, { id: p.productId, first: 2 });
    expect(page1.data.product.reviews).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: true } });
    expect(page1.data.product.reviews.nodes.map((n: any) => n.id)).toEqual([ids[4], ids[2]]);
    const page2 = await h.gql(PRODUCT_REVIEWS, { id: p.productId, first: 2, after: page1.data.product.reviews.pageInfo.endCursor });
    expect(page2.data.product.reviews.nodes.map((n: any) => n.id)).toEqual([ids[1], ids[0]]);
    expect(page2.data.product.reviews.pageInfo.hasNextPage).toBe(false);

    const fives = await h.gql(PRODUCT_REVIEWS, { id: p.productId, filter: { rating: 5 } });
    expect(fives.data.product.reviews.nodes.map((n: any) => n.id)).toEqual([ids[4], ids[2], ids[0]]);
    const withImages = await h.gql(PRODUCT_REVIEWS, { id: p.productId, filter: { withImages: true } });
    expect(withImages.data.product.reviews.nodes.map((n: any) => n.id)).toEqual([ids[1]]);
    const fourWithImages = await h.gql(PRODUCT_REVIEWS, { id: p.productId, filter: { withImages: true, rating: 4 } });
    expect(fourWithImages.data.product.reviews.totalCount).toBe(1);
    expect(await summary(p.productId)).toEqual({
      count: 4,
      average: 4.75,
      stars: [
        { stars: 5, count: 3 },
        { stars: 4, count: 1 },
        { stars: 3, count: 0 },
        { stars: 2, count: 0 },
        { stars: 1, count: 0 },
      ],
    });
  });

  it('lists every review for operators, filtered by hidden, stars and product', async () => {
    const REVIEWS = 'query($filter: ReviewFilterInput) { reviews(first: 100, filter: $filter) { totalCount nodes { id status } } }';
    const all = await asOperator(REVIEWS, { filter: { productId: p.productId } });
    expect(all.data.reviews.nodes.map((n: any) => n.id)).toEqual([...ids].reverse());
    const hidden = await asOperator(REVIEWS, { filter: { productId: p.productId, hidden: true } });
    expect(hidden.data.reviews.nodes).toEqual([{ id: ids[3], status: 'HIDDEN' }]);
    const shown = await asOperator(REVIEWS, { filter: { productId: p.productId, hidden: false, rating: 5 } });
    expect(shown.data.reviews.totalCount).toBe(3);
    const anyHidden = await asOperator(REVIEWS, { filter: { hidden: true } });
    expect(anyHidden.data.reviews.nodes.every((n: any) => n.status === 'HIDDEN')).toBe(true);
    const badProduct = await asOperator(REVIEWS, { filter: { productId: ids[0] } });
    expect(badProduct.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    const customerCall = await h.gql(REVIEWS, {}, { token: alice.token });
    expect(customerCall.errors![0].extensions.code).toBe('FORBIDDEN');
  });

  it('fetches public reviews by id in one batch, as an article block will', async () => {
    const found = await publicReviewsByIds(h.orm.em.fork(), ids.map(idFromGlobal));
    expect(found.map((r) => r.id).sort()).toEqual([ids[0], ids[1], ids[2], ids[4]].map(idFromGlobal).sort());
    const nodes = await h.gql('query($ids: [ID!]!) { nodes(ids: $ids) { ... on Review { id rating } } }', { ids });
    expect(nodes.data.nodes.map((n: any) => n?.id ?? null)).toEqual([ids[0], ids[1], ids[2], null, ids[4]]);
  });
});

describe('with the edge checks off (QUERY_LIMITS=off), the service holds the same bounds', () => {
  let raw: Harness;
  let buyer: Person;
  let line: string;

  beforeAll(async () => {
    raw = await startHarness({ env: { QUERY_LIMITS: 'off' } });
    const rawOp = await raw.operatorToken();
    buyer = await customer(raw, 'Raw');
    const [sku] = await products(raw, rawOp, ['5.00'], 5);
    line = (await bought(raw, rawOp, buyer, [{ skuId: sku.skuId, quantity: 1 }])).lineIds[0];
  });
  afterAll(() => raw.close());

  it.each([
    ['a rating of 0', { rating: 0 }, 'INVALID_RATING', ['input', 'rating']],
    ['a rating of 6', { rating: 6 }, 'INVALID_RATING', ['input', 'rating']],
    ['ten images', { imageUrls: Array.from({ length: 10 }, (_, i) => `https://img.example.com/${i}.jpg`) }, 'TOO_MANY_IMAGES', ['input', 'imageUrls']],
    ['text of 1,001 characters', { text: '好'.repeat(1001) }, 'TEXT_TOO_LONG', ['input', 'text']],
    ['an image URL of 501 characters', { imageUrls: [`https://img.example.com/${'a'.repeat(477)}`] }, 'INVALID_IMAGE_URL', ['input', 'imageUrls', '0']],
  ])('%s is refused with its code, and nothing is written', async (_what, change, code, field) => {
    const before = await reviewTables(raw);
    const res = await write(raw, buyer, { orderLineId: line, rating: 4, ...change });
    expect(res.data.writeReview).toMatchObject({ review: null, userErrors: [{ code, field }] });
    expect(await reviewTables(raw)).toEqual(before);
  });
});

describe('SQL statements of the reviews on product pages (no N+1)', () => {
  async function statementsFor(query: string, variables?: Record<string, unknown>): Promise<number> {
    const before = (await sqlStatements.get()).values[0]?.value ?? 0;
    const res = await h.gql(query, variables);
    expect(res.errors).toBeUndefined();
    return ((await sqlStatements.get()).values[0]?.value ?? 0) - before;
  }

  it("adds one batched statement for a listing's rating summaries, whatever the page size", async () => {
    await h.gql('{ categories { id } }'); // the storefront key is then cached
    const listing = '{ products(first: 100) { nodes { id ratingSummary { count average stars { stars count } } } } }';
    expect(await statementsFor(listing)).toBe(2);
  });

  it('opens a product page with its summary and a page of reviews in three statements', async () => {
    const p = await product();
    for (const buyer of [alice, bob]) {
      const { lineIds } = await bought(h, op, buyer, [{ skuId: p.skuId, quantity: 1 }]);
      await write(h, buyer, { orderLineId: lineIds[0], rating: 4, imageUrls: ['https://img.example.com/x.jpg'] });
    }
    const page = `query($id: ID) { product(id: $id) { id name ratingSummary { count average } reviews(first: 10) { nodes { ${REVIEW_FIELDS} } } } }`;
    expect(await statementsFor(page, { id: p.productId })).toBe(3);
  });
});

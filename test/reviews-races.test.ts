import { startHarness, type Harness } from './harness';
import { bought, drain, HIDE, keepDispatching, SUMMARY, summaryFromReviews, UNHIDE, write } from './reviews';
import { products } from './shop';
import { customer, idFromGlobal, type Person } from './social';

let h: Harness;
let op: string;

beforeAll(async () => {
  h = await startHarness();
  op = await h.operatorToken();
});
afterAll(() => h.close());

const asOperator = (query: string, variables?: Record<string, unknown>) => h.gql(query, variables, { token: op, key: null });

/** In groups of `size` at a time: the setup of many buyers without flooding the two cores. */
async function inGroups<T, R>(items: T[], size: number, work: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) results.push(...(await Promise.all(items.slice(i, i + size).map((item, j) => work(item, i + j)))));
  return results;
}

async function product(stock: number) {
  const [sku] = await products(h, op, ['9.90'], stock);
  const [row] = await h.sql('select product_id from sku where id = $1', [idFromGlobal(sku.skuId)]);
  return { skuId: sku.skuId, productId: Buffer.from(`Product:${row.product_id}`).toString('base64url'), productDbId: row.product_id as string };
}

const summary = async (productId: string) => (await h.gql(SUMMARY, { id: productId })).data.product.ratingSummary;

describe('reviews sent at once', () => {
  it('gives one review of a line reviewed ten times in parallel (the unique line), counted once', async () => {
    const p = await product(10);
    const buyer = await customer(h, 'Twice');
    const { lineIds } = await bought(h, op, buyer, [{ skuId: p.skuId, quantity: 1 }]);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => write(h, buyer, { orderLineId: lineIds[0], rating: (i % 5) + 1 })));
    const codes = results.map((r) => r.data.writeReview.userErrors[0]?.code ?? 'OK');
    expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
    expect(codes.filter((c) => c === 'ALREADY_REVIEWED')).toHaveLength(9);
    expect(await h.sql('select count(*)::int as n from review where order_line_id = $1', [idFromGlobal(lineIds[0])])).toEqual([{ n: 1 }]);
    const kept = results.find((r) => r.data.writeReview.review)!.data.writeReview.review.rating;
    expect(await summary(p.productId)).toMatchObject({ count: 1, average: kept });
  });

  describe('50 buyers reviewing one product, then hides, refunds and shows racing', () => {
    let p: Awaited<ReturnType<typeof product>>;
    let buyers: Person[];
    let lines: { orderId: string; lineIds: string[] }[];
    let reviewIds: string[];
    const ratings = Array.from({ length: 50 }, (_, i) => [5, 4, 5, 3, 1, 5, 2, 4, 5, 4][i % 10]);

    beforeAll(async () => {
      p = await product(60);
      buyers = await inGroups(ratings, 10, (_, i) => customer(h, `Buyer${i}`));
      lines = await inGroups(buyers, 10, (buyer) => bought(h, op, buyer, [{ skuId: p.skuId, quantity: 1 }]));
    });

    it('counts all 50 exactly: the count, each star and the average', async () => {
      const results = await Promise.all(buyers.map((buyer, i) => write(h, buyer, { orderLineId: lines[i].lineIds[0], rating: ratings[i] })));
      expect(results.map((r) => r.data.writeReview.userErrors)).toEqual(ratings.map(() => []));
      reviewIds = results.map((r) => r.data.writeReview.review.id);

      const perStar = [5, 4, 3, 2, 1].map((stars) => ratings.filter((r) => r === stars).length);
      const s = await summary(p.productId);
      expect(s.count).toBe(50);
      expect(s.stars.map((x: { count: number }) => x.count)).toEqual(perStar);
      expect(s.average).toBe(Math.round((ratings.reduce((a, b) => a + b, 0) * 100) / 50) / 100);
    });

    it('stays exact while hides, refunds (delivered by dispatchers running alongside) and shows race on the same reviews', async () => {
      // Reviews 0–14 are hidden while lines 10–24 are refunded: 10–14 both at once.
      const refunds = await Promise.all(
        lines.slice(10, 25).map((l) =>
          asOperator('mutation($input: RefundOrderInput!) { refundOrder(input: $input) { userErrors { code message } } }', {
            input: { orderId: l.orderId, reason: 'returned' },
          }),
        ),
      );
      expect(refunds.map((r) => r.data.refundOrder.userErrors)).toEqual(refunds.map(() => []));
      const dispatching = keepDispatching(h, 3);
      const hides = await Promise.all(reviewIds.slice(0, 15).map((reviewId) => asOperator(HIDE, { input: { reviewId, reason: 'checking' } })));
      await dispatching.stop();
      for (const res of hides) expect(res.data.hideReview.userErrors).toEqual([]);
      await drain(h);
      expect((await summary(p.productId)).stars.map((x: { count: number }) => x.count)).toEqual(await summaryFromReviews(h, p.productDbId));
      expect((await summary(p.productId)).count).toBe(50 - 25);

      // Reviews 5–14 shown again, each by two operators at once (one move wins), while lines 25–34 are refunded.
      const redispatching = keepDispatching(h);
      const second = await Promise.all([
        ...[...reviewIds.slice(5, 15), ...reviewIds.slice(5, 15)].map((reviewId) => asOperator(UNHIDE, { input: { reviewId } })),
        ...lines.slice(25, 35).map((l) =>
          asOperator('mutation($input: RefundOrderInput!) { refundOrder(input: $input) { userErrors { code } } }', {
            input: { orderId: l.orderId, reason: 'returned' },
          }),
        ),
      ]);
      await redispatching.stop();
      const unhidden = second.slice(0, 20).map((res) => res.data.unhideReview.userErrors[0]?.code ?? 'OK');
      expect(unhidden.filter((c) => c === 'OK')).toHaveLength(10);
      expect(unhidden.filter((c) => c === 'ILLEGAL_TRANSITION')).toHaveLength(10);
      await drain(h);
      const counts = await summaryFromReviews(h, p.productDbId);
      const s = await summary(p.productId);
      expect(s.stars.map((x: { count: number }) => x.count)).toEqual(counts);
      // Counted: 5–9 (shown again, never refunded) and 35–49 (untouched); 0–4 are hidden, 10–34 refunded.
      expect(s.count).toBe(20);
      expect(await h.sql(`select count(*)::int as n from review where product_id = $1 and refunded`, [p.productDbId])).toEqual([{ n: 25 }]);
    });
  });
  it('never leaves a review of a line refunded in full unmarked, when the review and the refund are sent at once', async () => {
    const q = await product(20);
    const people = await inGroups(Array.from({ length: 10 }), 10, (_, i) => customer(h, `Racer${i}`));
    const orders = await inGroups(people, 5, (buyer) => bought(h, op, buyer, [{ skuId: q.skuId, quantity: 1 }]));
    // The dispatcher delivers refunds while reviews are being written: a review's transaction holds
    // its order FOR SHARE, so the refund's event can only follow a review that committed.
    const dispatching = keepDispatching(h);
    const results = await Promise.all(
      people.flatMap((buyer, i) => [
        write(h, buyer, { orderLineId: orders[i].lineIds[0], rating: 4 }),
        asOperator('mutation($input: RefundOrderInput!) { refundOrder(input: $input) { userErrors { code } } }', {
          input: { orderId: orders[i].orderId, reason: 'returned' },
        }),
      ]),
    );
    await dispatching.stop();
    await drain(h);
    const written = results.filter((_, i) => i % 2 === 0).map((r) => r.data.writeReview.userErrors[0]?.code ?? 'OK');
    expect(written.every((c) => c === 'OK' || c === 'LINE_REFUNDED')).toBe(true);
    expect(await h.sql(`select count(*)::int as n from review where product_id = $1 and not refunded`, [q.productDbId])).toEqual([{ n: 0 }]);
    expect(await summary(q.productId)).toMatchObject({ count: 0, average: null });
  });
  it('makes a review wait for a refund holding its order, and read what the refund booked', async () => {
    const q = await product(5);
    const buyer = await customer(h, 'Waiter');
    const { orderId, lineIds } = await bought(h, op, buyer, [{ skuId: q.skuId, quantity: 1 }]);
    // Assigned inside the transaction's callback, which narrowing cannot see.
    let review = null as ReturnType<typeof write> | null;
    // A refund's transaction: it locks the order, the review is sent meanwhile, then the refund books the line.
    await h.orm.em.fork().transactional(async (tx) => {
      const run = (sql: string, params: unknown[]) => tx.getConnection().execute(sql, params, 'all', tx.getTransactionContext());
      await run('select id from customer_order where id = ? for update', [idFromGlobal(orderId)]);
      review = write(h, buyer, { orderLineId: lineIds[0], rating: 5 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      await run('update order_line set refunded_quantity = quantity, refunded_amount = total where id = ?', [idFromGlobal(lineIds[0])]);
    });
    expect((await review!).data.writeReview.userErrors[0]).toMatchObject({ code: 'LINE_REFUNDED' });
    expect(await h.sql('select count(*)::int as n from review where order_line_id = $1', [idFromGlobal(lineIds[0])])).toEqual([{ n: 0 }]);
  });
});

import { toGlobalId } from '../src/lib/ids';
import { dispatchOrderEvents } from '../src/modules/orders/events';
import type { Harness } from './harness';
import { paidOrder } from './shop';
import { idFromGlobal, type Person } from './social';

/** Buyer, operator and storefront steps of the review tests, all over HTTP. */

export const REVIEW_FIELDS = `id rating text imageUrls anonymous authorName specs { name value } productId status hiddenReason refunded
  followUp { text imageUrls createdAt } followUpUntil reply { text repliedAt editedAt } createdAt`;

export const WRITE = `mutation($input: WriteReviewInput!) { writeReview(input: $input) { review { ${REVIEW_FIELDS} } userErrors { code field message } } }`;
export const FOLLOW_UP = `mutation($input: FollowUpReviewInput!) { followUpReview(input: $input) { review { ${REVIEW_FIELDS} } userErrors { code field message } } }`;
export const HIDE = `mutation($input: HideReviewInput!) { hideReview(input: $input) { review { ${REVIEW_FIELDS} } userErrors { code field message } } }`;
export const UNHIDE = `mutation($input: UnhideReviewInput!) { unhideReview(input: $input) { review { ${REVIEW_FIELDS} } userErrors { code field message } } }`;
export const REPLY = `mutation($input: ReplyToReviewInput!) { replyToReview(input: $input) { review { ${REVIEW_FIELDS} } userErrors { code field message } } }`;
export const SUMMARY = `query($id: ID) { product(id: $id) { ratingSummary { count average stars { stars count } } } }`;
export const PRODUCT_REVIEWS = `query($id: ID, $first: Int, $after: String, $filter: ProductReviewFilterInput) {
  product(id: $id) { reviews(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor } nodes { ${REVIEW_FIELDS} } } }
}`;

/** What a line's order has gone through before the review. */
export type Stage = 'paid' | 'shipped' | 'received';

/**
 * An order of these SKUs by the buyer, paid through the sandbox, then shipped by the operator and
 * confirmed received by the buyer as far as `stage` says; returns the order and its line ids by SKU.
 */
export async function bought(
  h: Harness,
  op: string,
  buyer: Person,
  lines: { skuId: string; quantity: number }[],
  stage: Stage = 'received',
): Promise<{ orderId: string; lineIds: string[] }> {
  const order = await paidOrder(h, buyer.token, lines);
  if (stage !== 'paid') {
    const shipped = await h.gql(
      'mutation($input: ShipOrderInput!) { shipOrder(input: $input) { userErrors { code message } } }',
      { input: { orderId: order.id, carrier: '顺丰', trackingNumber: 'SF20261206' } },
      { token: op, key: null },
    );
    if (shipped.data?.shipOrder?.userErrors?.length !== 0) throw new Error(`ship: ${JSON.stringify(shipped.body)}`);
  }
  if (stage === 'received') {
    const received = await h.gql(
      'mutation($id: ID!) { confirmOrderReceipt(orderId: $id) { userErrors { code message } } }',
      { id: order.id },
      { token: buyer.token },
    );
    if (received.data?.confirmOrderReceipt?.userErrors?.length !== 0) throw new Error(`receive: ${JSON.stringify(received.body)}`);
  }
  const rows = await h.sql<{ id: string; sku_id: string }>('select id, sku_id from order_line where order_id = $1', [order.dbId]);
  const lineIds = lines.map((l) => toGlobalId('OrderLine', rows.find((r) => r.sku_id === idFromGlobal(l.skuId))!.id));
  return { orderId: order.id, lineIds };
}

export async function write(h: Harness, buyer: Person, input: Record<string, unknown>) {
  return h.gql(WRITE, { input }, { token: buyer.token });
}

/** Refunds these units of these lines as the operator, and delivers the order events as the dispatcher would. */
export async function refund(h: Harness, op: string, orderId: string, lines: { orderLineId: string; quantity: number }[]): Promise<void> {
  const res = await h.gql(
    'mutation($input: RefundOrderInput!) { refundOrder(input: $input) { userErrors { code message } } }',
    { input: { orderId, lines, reason: 'damaged in transit' } },
    { token: op, key: null },
  );
  if (res.data?.refundOrder?.userErrors?.length !== 0) throw new Error(`refund: ${JSON.stringify(res.body)}`);
  await drain(h);
}

export async function drain(h: Harness): Promise<void> {
  while ((await dispatchOrderEvents(h.orm.em.fork())) > 0);
}

/** `dispatchers` dispatchers delivering order events in a loop, as API processes do, until stopped. */
export function keepDispatching(h: Harness, dispatchers = 2): { stop(): Promise<void> } {
  let stopped = false;
  const loop = async () => {
    while (!stopped) if ((await dispatchOrderEvents(h.orm.em.fork())) === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  };
  const running = Promise.all(Array.from({ length: dispatchers }, loop));
  return {
    async stop() {
      stopped = true;
      await running;
    },
  };
}

/** The summary as the reviews say it should be: published, not refunded, counted per star, 5 first. */
export async function summaryFromReviews(h: Harness, productDbId: string): Promise<number[]> {
  const rows = await h.sql<{ rating: number; n: number }>(
    `select rating, count(*)::int as n from review where product_id = $1 and status = 'published' and not refunded group by rating`,
    [productDbId],
  );
  return [5, 4, 3, 2, 1].map((stars) => rows.find((r) => r.rating === stars)?.n ?? 0);
}

/** A digest of the reviews' tables: a refused request must leave it as it was. */
export async function reviewTables(h: Harness): Promise<string[]> {
  const digests: string[] = [];
  for (const table of ['review', 'review_rating_summary']) {
    const [{ digest }] = await h.sql(`select md5(coalesce(string_agg(row_to_json(t)::text, ',' order by row_to_json(t)::text), '')) as digest from ${table} t`);
    digests.push(digest);
  }
  return digests;
}

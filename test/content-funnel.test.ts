import { toGlobalId } from '../src/lib/ids';
import { forgetPastVisitors } from '../src/modules/content/funnel';
import { ADD_TO_CART, article, author, card, CLICK, paragraph, published, VIEW } from './content';
import { startHarness, type Harness } from './harness';
import { bandedProduct, customer, idFromGlobal, type Person } from './social';

let h: Harness;
let op: string;
let writer: Person;
let products: { productId: string }[];
let today: string;

beforeAll(async () => {
  h = await startHarness();
  op = await h.operatorToken();
  writer = await author(h, op, 'FunnelWriter');
  products = [];
  for (const price of ['10.00', '20.00', '30.00']) products.push(await bandedProduct(h, op, { price }));
  [{ today }] = await h.sql(`select ((now() at time zone 'Asia/Shanghai')::date)::text as today`);
});
afterAll(() => h.close());

const FUNNEL = `query($slug: String!, $from: LocalDate!, $to: LocalDate!) {
  article(slug: $slug) {
    funnel(from: $from, to: $to) {
      from to views uniqueViews clicks addToCarts orders paidSales { amount } refundedSales { amount }
      days { day views uniqueViews clicks addToCarts orders paidSales { amount } refundedSales { amount } }
      cards { block { id __typename } clicks addToCarts orders paidSales { amount } refundedSales { amount } }
    }
  }
}`;

const daysBefore = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

async function funnel(slug: string, token: string | null = writer.token, from = today, to = today) {
  const res = await h.gql(FUNNEL, { slug, from, to }, { token, key: token === op ? null : undefined });
  return res;
}

const counters = async () =>
  (
    await h.sql(`select (select count(*) from article_day) + (select count(*) from article_visitor_day) + (select count(*) from content_card_day) as n,
                       (select coalesce(sum(views), 0) from article_day) + (select coalesce(sum(clicks + add_to_carts), 0) from content_card_day) as total`)
  )[0];

describe('views', () => {
  it('counts 1,000 parallel views of one article by 200 visitors exactly: 200 unique, 1,000 in all', async () => {
    const a = await published(h, writer.token, { blocks: [card(products[0].productId)] });
    const results = await Promise.all(Array.from({ length: 1000 }, (_, i) => h.gql(VIEW, { slug: a.slug, v: `visitor-${i % 200}` })));
    expect(results.filter((r) => r.data?.recordArticleView?.recorded === true)).toHaveLength(1000);
    const f = (await funnel(a.slug)).data.article.funnel;
    expect([f.views, f.uniqueViews, f.days]).toEqual([
      1000,
      200,
      [{ day: today, views: 1000, uniqueViews: 200, clicks: 0, addToCarts: 0, orders: 0, paidSales: { amount: '0.00' }, refundedSales: { amount: '0.00' } }],
    ]);
    expect(await h.sql('select count(*)::int as n from article_visitor_day where article_id = $1', [idFromGlobal(a.id)])).toEqual([{ n: 200 }]);
  });

  it('counts a signed-in reader by account whatever visitor id their storefronts send', async () => {
    const a = await published(h, writer.token, { blocks: [paragraph('hello')] });
    const reader = await customer(h, 'Reader');
    for (const v of ['phone-1', 'laptop-2', 'phone-1']) await h.gql(VIEW, { slug: a.slug, v }, { token: reader.token });
    await h.gql(VIEW, { slug: a.slug, v: 'phone-1' }); // the same device signed out: another visitor
    const f = (await funnel(a.slug)).data.article.funnel;
    expect([f.views, f.uniqueViews]).toEqual([4, 2]);
  });

  it('refuses unknown, unpublished and badly named things, counting nothing', async () => {
    const draft = await article(h, writer.token, { blocks: [card(products[0].productId)] });
    const live = await published(h, writer.token, { blocks: [paragraph('text'), card(products[1].productId)] });
    const before = await counters();
    const refusals: [string, Record<string, unknown>, string, string[]][] = [
      [VIEW, { slug: 'no-such-article', v: 'v1' }, 'ARTICLE_NOT_FOUND', ['slug']],
      [VIEW, { slug: draft.slug, v: 'v1' }, 'ARTICLE_NOT_FOUND', ['slug']],
      [VIEW, { slug: live.slug, v: 'bad visitor!' }, 'INVALID_VISITOR_ID', ['visitorId']],
      [VIEW, { slug: live.slug, v: '' }, 'INVALID_VISITOR_ID', ['visitorId']],
      [CLICK, { a: draft.id, b: draft.blocks[0].id }, 'ARTICLE_NOT_FOUND', ['articleId']],
      [CLICK, { a: 'not-an-id', b: live.blocks[1].id }, 'ARTICLE_NOT_FOUND', ['articleId']],
      [CLICK, { a: live.id, b: live.blocks[0].id }, 'NOT_A_PRODUCT_BLOCK', ['blockId']],
      [CLICK, { a: live.id, b: draft.blocks[0].id }, 'NOT_A_PRODUCT_BLOCK', ['blockId']],
      [CLICK, { a: live.id, b: toGlobalId('Product', idFromGlobal(live.blocks[1].id)) }, 'NOT_A_PRODUCT_BLOCK', ['blockId']],
      [ADD_TO_CART, { a: live.id, b: live.blocks[0].id }, 'NOT_A_PRODUCT_BLOCK', ['blockId']],
    ];
    for (const [doc, vars, code, field] of refusals) {
      const res = await h.gql(doc, vars);
      expect(Object.values(res.data)[0]).toEqual({ recorded: false, userErrors: [{ code, field, message: expect.any(String) }] });
    }
    const tooLong = await h.gql(VIEW, { slug: live.slug, v: 'x'.repeat(65) });
    expect([tooLong.status, tooLong.errors![0].extensions.code]).toEqual([400, 'BAD_USER_INPUT']);
    expect(await counters()).toEqual(before);
  });

  it('forgets the visitors of days before yesterday: their unique views are already counted', async () => {
    const a = await published(h, writer.token, { blocks: [paragraph('old')] });
    await h.gql(VIEW, { slug: a.slug, v: 'today-visitor' });
    const id = idFromGlobal(a.id);
    await h.sql(
      `insert into article_visitor_day (article_id, day, visitor) values ($1, $2::date - 1, gen_random_uuid()), ($1, $2::date - 2, gen_random_uuid()), ($1, $2::date - 30, gen_random_uuid())`,
      [id, today],
    );
    await forgetPastVisitors(h.orm.em.fork());
    const left = await h.sql('select day::text from article_visitor_day where article_id = $1 order by day', [id]);
    expect(left.map((r) => r.day)).toEqual([daysBefore(today, 1), today]);
  });
});

describe('cards', () => {
  it('count clicks and add-to-carts per card and day, exactly under parallel recording, in the funnel of the author and operators only', async () => {
    const a = await published(h, writer.token, {
      blocks: [card(products[0].productId), paragraph('between'), card(products[1].productId), { productGrid: { productIds: [products[2].productId] } }],
    });
    const [card1, , card2, grid] = a.blocks;
    await h.gql(VIEW, { slug: a.slug, v: 'reader-1' });
    const clicks = await Promise.all(Array.from({ length: 300 }, () => h.gql(CLICK, { a: a.id, b: card2.id })));
    expect(clicks.every((r) => r.data.recordCardClick.recorded)).toBe(true);
    await Promise.all(Array.from({ length: 40 }, () => h.gql(ADD_TO_CART, { a: a.id, b: card2.id })));
    await h.gql(CLICK, { a: a.id, b: grid.id });

    const f = (await funnel(a.slug)).data.article.funnel;
    expect(f).toMatchObject({ from: today, to: today, views: 1, uniqueViews: 1, clicks: 301, addToCarts: 40, orders: 0, paidSales: { amount: '0.00' } });
    const zero = { orders: 0, paidSales: { amount: '0.00' }, refundedSales: { amount: '0.00' } };
    expect(f.cards).toEqual([
      { block: { id: card1.id, __typename: 'ProductCardBlock' }, clicks: 0, addToCarts: 0, ...zero },
      { block: { id: card2.id, __typename: 'ProductCardBlock' }, clicks: 300, addToCarts: 40, ...zero },
      { block: { id: grid.id, __typename: 'ProductGridBlock' }, clicks: 1, addToCarts: 0, ...zero },
    ]);

    // Over several days: every day listed, the quiet ones as zeros.
    const week = (await funnel(a.slug, writer.token, daysBefore(today, 2), today)).data.article.funnel;
    expect(week.days.map((d: { day: string; clicks: number }) => [d.day, d.clicks])).toEqual([
      [daysBefore(today, 2), 0],
      [daysBefore(today, 1), 0],
      [today, 301],
    ]);
    expect((await funnel(a.slug, op)).data.article.funnel.clicks).toBe(301);

    // Others get FORBIDDEN and null for the funnel, and the rest of the article.
    const stranger = await customer(h, 'Stranger');
    for (const token of [stranger.token, null]) {
      const res = await funnel(a.slug, token);
      expect(res.errors![0].extensions.code).toBe('FORBIDDEN');
      expect(res.data.article).toEqual({ funnel: null });
    }
    // A period is at most 366 days and runs forwards.
    for (const [from, to] of [
      [daysBefore(today, 366), today],
      [today, daysBefore(today, 1)],
    ]) {
      expect((await funnel(a.slug, writer.token, from, to)).errors![0].extensions.code).toBe('BAD_USER_INPUT');
    }
  });
});

import { toGlobalId } from '../src/lib/ids';
import {
  article,
  author,
  BY_SLUG,
  card,
  CREATE,
  GRANT,
  HIDE,
  paragraph,
  PUBLISH,
  published,
  REVOKE,
  slug,
  UNHIDE,
  UNPUBLISH,
  UPDATE,
  accountId,
} from './content';
import { startHarness, type Harness } from './harness';
import { ADDRESS } from './shop';
import { addToShop, bandedProduct, CHECKOUT, customer, idFromGlobal, member, setShopPrice, type Person } from './social';

let h: Harness;
let op: string;
let writer: Person;
let tea: { productId: string; skuId: string; code: string };
let cup: { productId: string; skuId: string; code: string };
let pot: { productId: string; skuId: string; code: string };

beforeAll(async () => {
  h = await startHarness();
  op = await h.operatorToken();
  writer = await author(h, op, 'Writer');
  tea = await bandedProduct(h, op, { price: '100.00', memberPrice: '90.00', floor: '80.00', ceiling: '150.00', name: 'Longjing tea' });
  cup = await bandedProduct(h, op, { price: '30.00', name: 'Tea cup' });
  pot = await bandedProduct(h, op, { price: '200.00', memberPrice: '180.00', name: 'Tea pot' });
});
afterAll(() => h.close());

const rows = async (table: string) => Number((await h.sql(`select count(*) as n from ${table}`))[0].n);

describe('writing an article', () => {
  it('stores every kind of block with a stable id, parses the inline markup into spans and gives each product block its link token', async () => {
    const s = slug('spring-tea');
    const res = await h.gql(
      CREATE,
      {
        input: {
          title: ' 春茶推荐 Spring tea picks ',
          slug: s,
          summary: 'Three things for a spring afternoon',
          coverImageUrl: 'https://img.example.com/cover.jpg',
          tags: ['Tea', '春季'],
          blocks: [
            { heading: { text: 'Why Longjing', level: 2 } },
            paragraph('Brew **at 80°C**, not *boiling* — see [my notes](https://notes.example/tea).'),
            { image: { url: 'https://img.example.com/leaf.jpg', alt: 'a leaf', caption: 'First flush' } },
            { quote: { text: 'Tea is *patience*.', source: 'Grandma' } },
            card(tea.productId, 'My daily tea'),
            card(cup.productId, 'The cup I use', cup.skuId),
            { productGrid: { title: 'Also good', productIds: [pot.productId, cup.productId] } },
            { review: { reviewId: toGlobalId('Review', '0190a1b2-0000-7000-8000-000000000001') } },
          ],
        },
      },
      { token: writer.token },
    );
    expect(res.data.createArticle.userErrors).toEqual([]);
    const a = res.data.createArticle.article;
    expect(a).toMatchObject({
      slug: s,
      title: '春茶推荐 Spring tea picks',
      tags: ['tea', '春季'],
      status: 'DRAFT',
      publishedAt: null,
      hiddenReason: null,
      author: { name: 'Writer', avatarUrl: null },
    });
    expect(a.blocks.map((b: { __typename: string }) => b.__typename)).toEqual([
      'HeadingBlock',
      'ParagraphBlock',
      'ImageBlock',
      'QuoteBlock',
      'ProductCardBlock',
      'ProductCardBlock',
      'ProductGridBlock',
      'ReviewBlock',
    ]);
    expect(a.blocks[1].spans).toEqual([
      { text: 'Brew ', bold: false, italic: false, link: null },
      { text: 'at 80°C', bold: true, italic: false, link: null },
      { text: ', not ', bold: false, italic: false, link: null },
      { text: 'boiling', bold: false, italic: true, link: null },
      { text: ' — see ', bold: false, italic: false, link: null },
      { text: 'my notes', bold: false, italic: false, link: 'https://notes.example/tea' },
      { text: '.', bold: false, italic: false, link: null },
    ]);
    expect(a.blocks[3]).toMatchObject({ text: 'Tea is *patience*.', source: 'Grandma' });
    expect(a.blocks[7].reviewId).toBe(toGlobalId('Review', '0190a1b2-0000-7000-8000-000000000001'));
    // Each product block has its own token: a share token of entry CONTENT naming the article and the block, shared by the author.
    const tokens = [a.blocks[4].linkToken, a.blocks[5].linkToken, a.blocks[6].linkToken];
    expect(new Set(tokens).size).toBe(3);
    const stored = await h.sql('select token, sharer_id, entry, target_id, article_id from share_token where token = any($1) order by target_id', [tokens]);
    expect(stored.map((t) => [t.entry, t.sharer_id, t.article_id])).toEqual(Array(3).fill(['content', writer.id, idFromGlobal(a.id)]));
    expect(stored.map((t) => t.target_id).sort()).toEqual([a.blocks[4].id, a.blocks[5].id, a.blocks[6].id].map(idFromGlobal).sort());
    // Drafts are the author's: storefronts do not see them.
    expect((await h.gql(BY_SLUG, { slug: s })).data.article).toBeNull();
    expect((await h.gql(BY_SLUG, { slug: s }, { token: (await customer(h, 'Curious')).token })).data.article).toBeNull();
    expect((await h.gql(BY_SLUG, { slug: s }, { token: writer.token })).data.article.id).toBe(a.id);
    expect((await h.gql(BY_SLUG, { slug: s }, { token: op, key: null })).data.article.id).toBe(a.id);
  });

  it('keeps the ids (and link tokens) of the blocks the author keeps, removes the others and adds new ones', async () => {
    const a = await article(h, writer.token, { blocks: [paragraph('one'), card(tea.productId), card(cup.productId)] });
    const [, keepCard, dropCard] = a.blocks;
    const res = await h.gql(
      UPDATE,
      {
        id: a.id,
        input: { title: 'Renamed', blocks: [{ id: keepCard.id, productCard: { productId: tea.productId, pitch: 'Still my tea' } }, paragraph('new')] },
      },
      { token: writer.token },
    );
    expect(res.data.updateArticle.userErrors).toEqual([]);
    const after = res.data.updateArticle.article;
    expect(after.title).toBe('Renamed');
    const uncovered = await h.gql(UPDATE, { id: a.id, input: { coverImageUrl: '' } }, { token: writer.token });
    expect([uncovered.data.updateArticle.article.coverImageUrl, uncovered.data.updateArticle.article.blocks]).toEqual([null, after.blocks]);
    expect(after.blocks[0]).toMatchObject({ id: keepCard.id, pitch: 'Still my tea', linkToken: keepCard.linkToken });
    expect(after.blocks[1].id).not.toBe(a.blocks[0].id);
    expect(after.blocks.map((b: { id: string }) => b.id)).not.toContain(dropCard.id);
    // A block of another article cannot be taken over, nor one given twice.
    const other = await article(h, writer.token, { blocks: [card(pot.productId)] });
    for (const blocks of [
      [{ id: other.blocks[0].id, paragraph: { text: 'mine now' } }],
      [
        { id: keepCard.id, paragraph: { text: 'a' } },
        { id: keepCard.id, paragraph: { text: 'b' } },
      ],
    ]) {
      const refused = await h.gql(UPDATE, { id: a.id, input: { blocks } }, { token: writer.token });
      expect(refused.data.updateArticle).toMatchObject({ article: null, userErrors: [{ code: 'UNKNOWN_BLOCK' }] });
    }
    expect((await h.gql(BY_SLUG, { slug: a.slug }, { token: writer.token })).data.article.blocks).toEqual(after.blocks);
  });

  it('refuses bad input with a code and the field, writing nothing', async () => {
    const draft = await bandedProduct(h, op, { price: '10.00' });
    await h.sql(`update product set publication = 'draft' where id = $1`, [idFromGlobal(draft.productId)]);
    const offSale = await bandedProduct(h, op, { price: '10.00' });
    await h.gql('mutation($id: ID!) { unpublishProduct(id: $id) { userErrors { code } } }', { id: offSale.productId }, { token: op, key: null });
    const taken = await article(h, writer.token, { slug: slug('taken'), blocks: [paragraph('x')] });
    const cases: [Record<string, unknown>, string, string[]][] = [
      [{ title: '   ' }, 'INVALID_TITLE', ['input', 'title']],
      [{ title: 'A <b>bold</b> title' }, 'HTML_NOT_ALLOWED', ['input', 'title']],
      [{ slug: 'Not A Slug' }, 'INVALID_SLUG', ['input', 'slug']],
      [{ slug: taken.slug }, 'SLUG_TAKEN', ['input', 'slug']],
      [{ tags: ['tea', 'TEA'] }, 'INVALID_TAG', ['input', 'tags', '1']],
      [{ tags: [' '] }, 'INVALID_TAG', ['input', 'tags', '0']],
      [{ coverImageUrl: 'javascript:alert(1)' }, 'INVALID_URL', ['input', 'coverImageUrl']],
      [{ blocks: [{}] }, 'INVALID_BLOCK', ['input', 'blocks', '0']],
      [{ blocks: [{ paragraph: { text: 'a' }, heading: { text: 'b' } }] }, 'INVALID_BLOCK', ['input', 'blocks', '0']],
      [{ blocks: [paragraph('  ')] }, 'INVALID_BLOCK', ['input', 'blocks', '0', 'paragraph', 'text']],
      [{ blocks: [paragraph('[x](javascript:alert(1))')] }, 'INVALID_LINK', ['input', 'blocks', '0', 'paragraph', 'text']],
      [{ blocks: [paragraph('hi <script>alert(1)</script>')] }, 'HTML_NOT_ALLOWED', ['input', 'blocks', '0', 'paragraph', 'text']],
      [{ blocks: [{ image: { url: 'ftp://img.example.com/a.png' } }] }, 'INVALID_URL', ['input', 'blocks', '0', 'image', 'url']],
      [
        { blocks: [{ image: { url: 'https://img.example.com/a.png', caption: '<img src=x>' } }] },
        'HTML_NOT_ALLOWED',
        ['input', 'blocks', '0', 'image', 'caption'],
      ],
      [{ blocks: [card(draft.productId)] }, 'PRODUCT_NOT_FOUND', ['input', 'blocks', '0', 'productCard', 'productId']],
      [
        { blocks: [card(toGlobalId('Product', '0190a1b2-0000-7000-8000-000000000009'))] },
        'PRODUCT_NOT_FOUND',
        ['input', 'blocks', '0', 'productCard', 'productId'],
      ],
      [{ blocks: [card('not-an-id')] }, 'PRODUCT_NOT_FOUND', ['input', 'blocks', '0', 'productCard', 'productId']],
      [{ blocks: [card(offSale.productId)] }, 'PRODUCT_OFF_SALE', ['input', 'blocks', '0', 'productCard', 'productId']],
      [{ blocks: [card(tea.productId, '', cup.skuId)] }, 'SKU_NOT_FOUND', ['input', 'blocks', '0', 'productCard', 'skuId']],
      [{ blocks: [{ productGrid: { productIds: [] } }] }, 'INVALID_BLOCK', ['input', 'blocks', '0', 'productGrid', 'productIds']],
      [
        { blocks: [{ productGrid: { productIds: [tea.productId, tea.productId] } }] },
        'INVALID_BLOCK',
        ['input', 'blocks', '0', 'productGrid', 'productIds', '1'],
      ],
      [{ blocks: [{ review: { reviewId: tea.productId } }] }, 'INVALID_BLOCK', ['input', 'blocks', '0', 'review', 'reviewId']],
      [{ blocks: Array.from({ length: 61 }, () => card(tea.productId)) }, 'TOO_MANY_PRODUCTS', ['input', 'blocks']],
    ];
    const before = [await rows('article'), await rows('share_token')];
    for (const [input, code, field] of cases) {
      const res = await h.gql(CREATE, { input: { title: 'T', blocks: [paragraph('x')], ...input } }, { token: writer.token });
      expect([res.errors, res.data?.createArticle]).toEqual([undefined, { article: null, userErrors: [{ code, field, message: expect.any(String) }] }]);
    }
    expect([await rows('article'), await rows('share_token')]).toEqual(before);
  });

  it('refuses what the schema bounds before anything runs (HTTP 400), and nothing is written', async () => {
    const before = await rows('article');
    for (const input of [
      { title: 'x'.repeat(101), blocks: [] },
      { title: 'T', blocks: Array(101).fill(paragraph('x')) },
      { title: 'T', blocks: [paragraph('x'.repeat(5001))] },
      { title: 'T', tags: Array(11).fill('t'), blocks: [] },
      { title: 'T', blocks: [{ heading: { text: 'h', level: 4 } }] },
      { title: 'T', blocks: [{ productGrid: { productIds: Array(13).fill(tea.productId) } }] },
    ]) {
      const res = await h.gql(CREATE, { input }, { token: writer.token });
      expect([res.status, res.errors?.[0].extensions.code]).toEqual([400, 'BAD_USER_INPUT']);
    }
    expect(await rows('article')).toBe(before);
  });

  it('gives a slug to one of two articles claiming it at once', async () => {
    const s = slug('race');
    const results = await Promise.all(
      Array.from({ length: 8 }, () => h.gql(CREATE, { input: { title: 'Race', slug: s, blocks: [card(tea.productId)] } }, { token: writer.token })),
    );
    const codes = results.map((r) => r.data.createArticle.userErrors[0]?.code ?? 'OK').sort();
    expect(codes).toEqual(['OK', ...Array(7).fill('SLUG_TAKEN')]);
    expect(await h.sql('select 1 from article where slug = $1', [s])).toHaveLength(1);
  });
});

describe('authors', () => {
  it('are made and unmade by operators; only they write, and only their own articles', async () => {
    const kol = await customer(h, 'KOL');
    const refused = await h.gql(CREATE, { input: { title: 'T', blocks: [paragraph('x')] } }, { token: kol.token });
    expect(refused.data.createArticle.userErrors).toEqual([{ code: 'NOT_AN_AUTHOR', field: null, message: expect.any(String) }]);
    expect((await h.gql('{ me { isContentAuthor } }', {}, { token: kol.token })).data.me.isContentAuthor).toBe(false);
    // Customers may not make authors; an unknown account is refused; granting twice is harmless.
    expect((await h.gql(GRANT, { id: accountId(kol.id) }, { token: kol.token })).errors![0].extensions.code).toBe('FORBIDDEN');
    const unknown = await h.gql(GRANT, { id: accountId('0190a1b2-0000-7000-8000-000000000003') }, { token: op, key: null });
    expect(unknown.data.grantAuthor.userErrors).toEqual([{ code: 'ACCOUNT_NOT_FOUND', field: ['accountId'], message: expect.any(String) }]);
    const [first, again] = [
      await h.gql(GRANT, { id: accountId(kol.id) }, { token: op, key: null }),
      await h.gql(GRANT, { id: accountId(kol.id) }, { token: op, key: null }),
    ];
    expect(again.data.grantAuthor.author).toEqual(first.data.grantAuthor.author);
    expect((await h.gql('{ me { isContentAuthor } }', {}, { token: kol.token })).data.me.isContentAuthor).toBe(true);
    const listed = await h.gql('{ contentAuthors(first: 100) { nodes { accountId displayName } } }', {}, { token: op, key: null });
    expect(listed.data.contentAuthors.nodes).toContainEqual({ accountId: accountId(kol.id), displayName: 'KOL' });

    // A KOL who is not a member writes like any author.
    const own = await published(h, kol.token, { blocks: [card(tea.productId)] });
    // Nobody edits, publishes or unpublishes another author's article.
    for (const [doc, vars] of [
      [UPDATE, { id: own.id, input: { title: 'Mine' } }],
      [UNPUBLISH, { id: own.id }],
    ] as const) {
      const res = await h.gql(doc, vars, { token: writer.token });
      expect(Object.values(res.data)[0]).toMatchObject({ article: null, userErrors: [{ code: 'ARTICLE_NOT_FOUND', field: ['id'] }] });
    }

    // Revoked: no more writing; the articles stay.
    expect((await h.gql(REVOKE, { id: accountId(kol.id) }, { token: op, key: null })).data.revokeAuthor.userErrors).toEqual([]);
    const after = await h.gql(UPDATE, { id: own.id, input: { title: 'Edited' } }, { token: kol.token });
    expect(after.data.updateArticle.userErrors[0].code).toBe('NOT_AN_AUTHOR');
    expect((await h.gql(BY_SLUG, { slug: own.slug })).data.article.status).toBe('PUBLISHED');
    const twice = await h.gql(REVOKE, { id: accountId(kol.id) }, { token: op, key: null });
    expect(twice.data.revokeAuthor.userErrors).toEqual([{ code: 'NOT_AN_AUTHOR', field: ['accountId'], message: expect.any(String) }]);
  });
});

describe('the lifecycle', () => {
  it('publishes, unpublishes and publishes again, keeping the first publication time; hidden articles come back only through an operator', async () => {
    const empty = await article(h, writer.token, { blocks: [] });
    const noBlocks = await h.gql(PUBLISH, { id: empty.id }, { token: writer.token });
    expect(noBlocks.data.publishArticle.userErrors).toEqual([
      { code: 'INVALID_TRANSITION', field: ['id'], message: 'The article is DRAFT: it cannot publish unless it has at least one block' },
    ]);

    const a = await published(h, writer.token, { blocks: [paragraph('hello')] });
    expect(a.status).toBe('PUBLISHED');
    const again = await h.gql(PUBLISH, { id: a.id }, { token: writer.token });
    expect(again.data.publishArticle.userErrors[0]).toMatchObject({
      code: 'INVALID_TRANSITION',
      message: 'The article is PUBLISHED: it cannot publish (only from DRAFT or UNPUBLISHED)',
    });
    expect((await h.gql(UNPUBLISH, { id: a.id }, { token: writer.token })).data.unpublishArticle.article.status).toBe('UNPUBLISHED');
    expect((await h.gql(BY_SLUG, { slug: a.slug })).data.article).toBeNull();
    const back = (await h.gql(PUBLISH, { id: a.id }, { token: writer.token })).data.publishArticle.article;
    expect([back.status, back.publishedAt]).toEqual(['PUBLISHED', a.publishedAt]);

    // The operator hides it with a reason: storefronts lose it, the author sees why and cannot bring it back.
    const blank = await h.gql(HIDE, { id: a.id, reason: '  ' }, { token: op, key: null });
    expect(blank.data.hideArticle.userErrors).toEqual([{ code: 'INVALID_REASON', field: ['reason'], message: expect.any(String) }]);
    expect((await h.gql(HIDE, { id: a.id, reason: 'x' }, { token: writer.token })).errors![0].extensions.code).toBe('FORBIDDEN');
    const hidden = (await h.gql(HIDE, { id: a.id, reason: ' Misleading claims ' }, { token: op, key: null })).data.hideArticle.article;
    expect([hidden.status, hidden.hiddenReason]).toEqual(['HIDDEN', 'Misleading claims']);
    expect((await h.gql(BY_SLUG, { slug: a.slug })).data.article).toBeNull();
    expect((await h.gql(BY_SLUG, { slug: a.slug }, { token: writer.token })).data.article.hiddenReason).toBe('Misleading claims');
    for (const doc of [PUBLISH, UNPUBLISH]) {
      const res = await h.gql(doc, { id: a.id }, { token: writer.token });
      expect(Object.values(res.data)[0]).toMatchObject({
        article: null,
        userErrors: [{ code: 'INVALID_TRANSITION', message: expect.stringMatching(/^The article is HIDDEN: it cannot/) }],
      });
    }
    const hideAgain = await h.gql(HIDE, { id: a.id, reason: 'again' }, { token: op, key: null });
    expect(hideAgain.data.hideArticle.userErrors[0].message).toBe('The article is HIDDEN: it cannot hide (only from PUBLISHED)');
    const unhidden = (await h.gql(UNHIDE, { id: a.id }, { token: op, key: null })).data.unhideArticle.article;
    expect([unhidden.status, unhidden.hiddenReason]).toEqual(['PUBLISHED', null]);
    expect((await h.gql(UNHIDE, { id: a.id }, { token: op, key: null })).data.unhideArticle.userErrors[0].code).toBe('INVALID_TRANSITION');
    const missing = await h.gql(UNHIDE, { id: toGlobalId('Article', '0190a1b2-0000-7000-8000-000000000004') }, { token: op, key: null });
    expect(missing.data.unhideArticle.userErrors[0].code).toBe('ARTICLE_NOT_FOUND');
  });

  it('lets one of an author unpublishing and an operator hiding at once win; the other is refused with the state it found', async () => {
    for (let i = 0; i < 5; i++) {
      const a = await published(h, writer.token, { blocks: [paragraph('race')] });
      const [unpublished, hidden] = await Promise.all([
        h.gql(UNPUBLISH, { id: a.id }, { token: writer.token }),
        h.gql(HIDE, { id: a.id, reason: 'race' }, { token: op, key: null }),
      ]);
      const outcomes = [unpublished.data.unpublishArticle, hidden.data.hideArticle];
      expect(outcomes.filter((o) => o.userErrors.length === 0)).toHaveLength(1);
      const loser = outcomes.find((o) => o.userErrors.length > 0)!;
      expect(loser.userErrors[0]).toMatchObject({ code: 'INVALID_TRANSITION', message: expect.stringMatching(/^The article is (UNPUBLISHED|HIDDEN)/) });
      const [row] = await h.sql('select status from article where id = $1', [idFromGlobal(a.id)]);
      expect(['unpublished', 'hidden']).toContain(row.status);
    }
  });
});

describe('storefront reads', () => {
  let listed: Record<'a' | 'b' | 'c', { id: string; author: { id: string } }>;
  let kol: Person;

  beforeAll(async () => {
    kol = await author(h, op, 'Lister');
    const a = await published(h, kol.token, { tags: ['green'], blocks: [card(tea.productId)] });
    const b = await published(h, kol.token, { tags: ['green', 'cups'], blocks: [{ productGrid: { productIds: [cup.productId] } }] });
    const c = await published(h, writer.token, { tags: ['cups'], blocks: [card(cup.productId)] });
    await article(h, kol.token, { tags: ['green'], blocks: [card(cup.productId)] }); // a draft: never listed
    listed = { a, b, c };
  });

  const LIST = `query($filter: ArticleFilterInput, $sort: ArticleSort, $first: Int, $after: String) {
    articles(filter: $filter, sort: $sort, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id author { id } } } }`;
  const ids = (res: { data: { articles: { nodes: { id: string }[] } } }) => res.data.articles.nodes.map((n) => n.id);

  it('lists published articles newest first, by author, tag, product and publication window, a page at a time', async () => {
    const { a, b, c } = listed;
    expect(ids(await h.gql(LIST, { filter: { authorId: a.author.id } }))).toEqual([b.id, a.id]);
    expect(ids(await h.gql(LIST, { filter: { tag: 'GREEN' } }))).toEqual([b.id, a.id]);
    expect(ids(await h.gql(LIST, { filter: { productId: cup.productId, tag: 'cups' } }))).toEqual([c.id, b.id]);
    const [{ published_at: since }] = await h.sql(
      `select to_char(published_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as published_at from article where id = $1`,
      [idFromGlobal(b.id)],
    );
    expect(ids(await h.gql(LIST, { filter: { tag: 'green', publishedAfter: since } }))).toEqual([b.id]);
    expect(ids(await h.gql(LIST, { filter: { tag: 'green', publishedBefore: since } }))).toEqual([a.id]);
    const bad = await h.gql(LIST, { filter: { publishedAfter: since, publishedBefore: since } });
    expect(bad.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    const first = await h.gql(LIST, { filter: { tag: 'green' }, first: 1 });
    expect([ids(first), first.data.articles.totalCount, first.data.articles.pageInfo.hasNextPage]).toEqual([[b.id], 2, true]);
    expect(ids(await h.gql(LIST, { filter: { tag: 'green' }, first: 1, after: first.data.articles.pageInfo.endCursor }))).toEqual([a.id]);
    // MOST_SOLD ranks by the paid sales card links bring (0 until checkout attributes them): then newest id first.
    await h.sql('update article set paid_sales = 5000 where id = $1', [idFromGlobal(a.id)]);
    expect(ids(await h.gql(LIST, { filter: { tag: 'green' }, sort: 'MOST_SOLD' }))).toEqual([a.id, b.id]);
  });

  it("shows a product page's articles, and the operators' and authors' lists of every state", async () => {
    const { a, b } = listed;
    const PRODUCT = 'query($id: ID!) { product(id: $id) { articles(first: 10) { nodes { id } } } }';
    expect((await h.gql(PRODUCT, { id: tea.productId })).data.product.articles.nodes.map((n: { id: string }) => n.id)).toContain(a.id);
    expect((await h.gql(PRODUCT, { id: tea.productId })).data.product.articles.nodes.map((n: { id: string }) => n.id)).not.toContain(b.id);
    const mine = await h.gql('{ myArticles(first: 10) { nodes { status } } }', {}, { token: kol.token });
    expect(mine.data.myArticles.nodes.map((n: { status: string }) => n.status)).toEqual(['DRAFT', 'PUBLISHED', 'PUBLISHED']);
    const drafts = await h.gql('{ allArticles(first: 100, filter: { statuses: [DRAFT] }) { nodes { status } } }', {}, { token: op, key: null });
    expect(new Set(drafts.data.allArticles.nodes.map((n: { status: string }) => n.status))).toEqual(new Set(['DRAFT']));
    expect((await h.gql('{ allArticles(first: 1) { nodes { id } } }', {}, { token: kol.token })).errors![0].extensions.code).toBe('FORBIDDEN');
    expect((await h.gql('query($id: ID!) { node(id: $id) { id } }', { id: a.id })).data.node).toEqual({ id: a.id });
  });
});

describe('cards', () => {
  const ITEM_OF = (i: number) => (res: { data: { article: { blocks: { item: unknown }[] } } }) => res.data.article.blocks[i].item;

  it('show the live price for the viewer: member price for members, the author shop price where the author shop carries the product', async () => {
    const shopAuthor = await author(h, op, 'ShopOwner');
    await addToShop(h, shopAuthor.token, [tea.productId]);
    await setShopPrice(h, shopAuthor.token, tea.productId, '95.00');
    const a = await published(h, shopAuthor.token, { blocks: [card(tea.productId), card(pot.productId)] });
    const anonymous = await h.gql(BY_SLUG, { slug: a.slug });
    expect(ITEM_OF(0)(anonymous)).toMatchObject({
      availability: 'AVAILABLE',
      inStock: true,
      price: { amount: '95.00' },
      priceReason: 'SHOP_PRICE',
      retailPrice: { amount: '100.00' },
    });
    expect(ITEM_OF(1)(anonymous)).toMatchObject({ price: { amount: '200.00' }, priceReason: 'RETAIL' });
    const buyer = await member(h, 'MemberReader');
    const asMember = await h.gql(BY_SLUG, { slug: a.slug }, { token: buyer.token });
    // A member pays the lower of member price and shop price, as at checkout.
    expect(ITEM_OF(0)(asMember)).toMatchObject({ price: { amount: '90.00' }, priceReason: 'MEMBER_PRICE' });
    expect(ITEM_OF(1)(asMember)).toMatchObject({ price: { amount: '180.00' }, priceReason: 'MEMBER_PRICE' });
    // The same product in another author's article: no shop price.
    const plain = await published(h, writer.token, { blocks: [card(tea.productId)] });
    expect(ITEM_OF(0)(await h.gql(BY_SLUG, { slug: plain.slug }))).toMatchObject({ price: { amount: '100.00' }, priceReason: 'RETAIL' });
    // The shop closes when its owner stops being a member: its price stops applying.
    await h.sql(`update account set role = 'customer' where id = $1`, [shopAuthor.id]);
    expect(ITEM_OF(0)(await h.gql(BY_SLUG, { slug: a.slug }))).toMatchObject({ price: { amount: '100.00' }, priceReason: 'RETAIL' });
  });

  it('follow the product: sold out, preview, off sale, and a product back to draft shows nothing of itself', async () => {
    const p = await bandedProduct(h, op, { price: '50.00' });
    const a = await published(h, writer.token, { blocks: [card(p.productId, 'pitch', p.skuId), { productGrid: { productIds: [p.productId] } }] });
    const read = async () => (await h.gql(BY_SLUG, { slug: a.slug })).data.article.blocks;
    expect((await read())[0].item).toMatchObject({ availability: 'AVAILABLE', sku: { id: p.skuId }, product: { id: p.productId } });
    await h.sql('update sku set stock = 0 where id = $1', [idFromGlobal(p.skuId)]);
    expect((await read())[0].item).toMatchObject({ availability: 'SOLD_OUT', inStock: false, price: { amount: '50.00' } });
    await h.sql(`update sku set stock = 5 where id = $1`, [idFromGlobal(p.skuId)]);
    await h.sql(`update product set sale_starts_at = now() + interval '2 days' where id = $1`, [idFromGlobal(p.productId)]);
    expect((await read())[1].items[0]).toMatchObject({ availability: 'PREVIEW', price: { amount: '50.00' } });
    await h.gql('mutation($id: ID!) { unpublishProduct(id: $id) { userErrors { code } } }', { id: p.productId }, { token: op, key: null });
    expect((await read())[0].item).toMatchObject({
      availability: 'UNAVAILABLE',
      price: null,
      priceReason: null,
      inStock: false,
      product: { status: 'OFF_SALE' },
    });
    await h.sql(`update product set publication = 'draft' where id = $1`, [idFromGlobal(p.productId)]);
    const blocks = await read();
    expect(blocks[0].item).toEqual({
      availability: 'UNAVAILABLE',
      inStock: false,
      price: null,
      priceReason: null,
      retailPrice: null,
      product: null,
      sku: null,
    });
    expect(blocks[1].items[0]).toMatchObject({ availability: 'UNAVAILABLE', product: null });
  });
});

describe('link tokens', () => {
  it('are share links of entry CONTENT: read back through recordShareTouch (naming the card), never made by createShareLink', async () => {
    const a = await published(h, writer.token, { blocks: [paragraph('intro'), card(tea.productId), card(cup.productId)] });
    const second = a.blocks[2];
    const buyer = await customer(h, 'Reader');
    const touch = await h.gql(
      'mutation($t: String!) { recordShareTouch(token: $t) { shareLink { entry targetId token shop { id } product { id } } userErrors { code } } }',
      { t: second.linkToken },
      { token: buyer.token },
    );
    expect(touch.data.recordShareTouch).toEqual({
      shareLink: { entry: 'CONTENT', targetId: second.id, token: second.linkToken, shop: null, product: null },
      userErrors: [],
    });
    // Passed to checkout like any share link, the token is what the order's attribution names (how checkout credits it is not this module's).
    const order = await h.gql(
      CHECKOUT,
      { input: { lines: [{ skuId: cup.skuId, quantity: 1 }], shippingAddress: ADDRESS, shareToken: second.linkToken } },
      { token: buyer.token },
    );
    expect(order.data.checkout.userErrors).toEqual([]);
    const attribution = await h.gql(
      'query($id: ID!) { order(id: $id) { attribution { entry targetId sharer { id } } } }',
      { id: order.data.checkout.order.id },
      { token: op, key: null },
    );
    expect(attribution.data.order.attribution).toEqual({ entry: 'CONTENT', targetId: second.id, sharer: { id: accountId(writer.id) } });
    const made = await h.gql(
      'mutation($e: ShareEntry!, $t: ID!) { createShareLink(entry: $e, targetId: $t) { shareLink { token } userErrors { code field } } }',
      { e: 'CONTENT', t: a.id },
      { token: writer.token },
    );
    expect(made.data.createShareLink).toEqual({ shareLink: null, userErrors: [{ code: 'ENTRY_NOT_SHAREABLE', field: ['entry'] }] });
  });
});

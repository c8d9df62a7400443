import { startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const LIST = `query($first: Int, $after: String, $last: Int, $before: String, $filter: ProductFilterInput, $sort: ProductSort) {
  products(first: $first, after: $after, last: $last, before: $before, filter: $filter, sort: $sort) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id slug name status tags salesCount priceRange { min { amount } max { amount } } inStock skus { price { amount } inStock } } }
  }
}`;

describe('storefront catalog', () => {
  it('lists only previews and on-sale products, 20 by default, newest first', async () => {
    const res = await h.gql(LIST, {});
    expect(res.errors).toBeUndefined();
    const { edges, totalCount, pageInfo } = res.data.products;
    expect(edges).toHaveLength(20);
    expect(pageInfo.hasNextPage).toBe(true);
    const [{ n }] = await h.sql(`select count(*)::int as n from product where publication = 'published'`);
    expect(totalCount).toBe(n);
    for (const e of edges) expect(['ON_SALE', 'PREVIEW']).toContain(e.node.status);
  });

  it('pages forward and backward with cursors without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: any = await h.gql(LIST, { first: 50, after, sort: 'PRICE_ASC' });
      const page = res.data.products;
      seen.push(...page.edges.map((e: any) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    const total = (await h.gql(LIST, { first: 1 })).data.products.totalCount;
    expect(seen).toHaveLength(total);

    const middle = (await h.gql(LIST, { first: 10, sort: 'PRICE_ASC' })).data.products;
    const back = (await h.gql(LIST, { last: 3, before: middle.edges[5].cursor, sort: 'PRICE_ASC' })).data.products;
    expect(back.edges.map((e: any) => e.node.id)).toEqual(middle.edges.slice(2, 5).map((e: any) => e.node.id));
    expect(back.pageInfo.hasPreviousPage).toBe(true);
  });

  it('sorts by price both ways and by sales', async () => {
    const asc = (await h.gql(LIST, { first: 30, sort: 'PRICE_ASC' })).data.products.edges.map((e: any) => Number(e.node.priceRange.min.amount));
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    const desc = (await h.gql(LIST, { first: 30, sort: 'PRICE_DESC' })).data.products.edges.map((e: any) => Number(e.node.priceRange.min.amount));
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    const sales = (await h.gql(LIST, { first: 30, sort: 'BEST_SELLING' })).data.products.edges.map((e: any) => e.node.salesCount);
    expect(sales).toEqual([...sales].sort((a, b) => b - a));
  });

  it('filters by category including descendants', async () => {
    const res = await h.gql('{ categories { id slug children { id slug } } }');
    const apparel = res.data.categories.find((c: any) => c.slug === 'apparel');
    expect(apparel.children.length).toBeGreaterThan(0);
    const all = await h.gql(LIST, { first: 100, filter: { categoryId: apparel.id } });
    const [{ n }] = await h.sql(
      `select count(*)::int as n from product p join category c on c.id = p.category_id
        where c.path like (select path from category where slug = 'apparel') || '%' and p.publication = 'published'`,
    );
    expect(all.data.products.totalCount).toBe(n);
    expect(n).toBeGreaterThan(0);
  });

  it('filters by text, tags, price range and stock', async () => {
    const text = await h.gql(LIST, { first: 100, filter: { query: 'longjing' } });
    expect(text.data.products.edges.length).toBeGreaterThan(0);
    for (const e of text.data.products.edges) expect(e.node.name.toLowerCase()).toContain('longjing');
    const chinese = await h.gql(LIST, { first: 100, filter: { query: '龙井' } });
    expect(chinese.data.products.totalCount).toBe(text.data.products.totalCount);
    const wildcard = await h.gql(LIST, { first: 5, filter: { query: '%' } });
    expect(wildcard.data.products.totalCount).toBe(0);

    const tagged = await h.gql(LIST, { first: 100, filter: { tags: ['爆款'] } });
    for (const e of tagged.data.products.edges) expect(e.node.tags).toContain('爆款');

    const priced = await h.gql(LIST, { first: 100, filter: { minPrice: '100.00', maxPrice: '200.00' } });
    expect(priced.data.products.edges.length).toBeGreaterThan(0);
    for (const e of priced.data.products.edges) {
      expect(e.node.skus.some((s: any) => Number(s.price.amount) >= 100 && Number(s.price.amount) <= 200)).toBe(true);
    }
    const inStock = await h.gql(LIST, { first: 100, filter: { inStock: true } });
    for (const e of inStock.data.products.edges) expect(e.node.inStock).toBe(true);
    const soldOut = await h.gql(LIST, { first: 100, filter: { inStock: false } });
    for (const e of soldOut.data.products.edges) expect(e.node.inStock).toBe(false);
  });

  it('opens a product by slug or id; off-sale stays reachable, drafts do not', async () => {
    const [onSale] = await h.sql(`select slug from product where publication = 'published' and sale_starts_at is null limit 1`);
    const bySlug = await h.gql('query($slug: String) { product(slug: $slug) { id slug status } }', { slug: onSale.slug });
    expect(bySlug.data.product.status).toBe('ON_SALE');
    const byId = await h.gql('query($id: ID) { product(id: $id) { slug } }', { id: bySlug.data.product.id });
    expect(byId.data.product.slug).toBe(onSale.slug);
    const node = await h.gql('query($id: ID!) { node(id: $id) { id ... on Product { slug } } }', { id: bySlug.data.product.id });
    expect(node.data.node.slug).toBe(onSale.slug);

    const [off] = await h.sql(`select slug from product where publication = 'unpublished' limit 1`);
    expect((await h.gql('query($slug: String) { product(slug: $slug) { status } }', { slug: off.slug })).data.product.status).toBe('OFF_SALE');
    const [draft] = await h.sql(`select slug from product where publication = 'draft' limit 1`);
    expect((await h.gql('query($slug: String) { product(slug: $slug) { status } }', { slug: draft.slug })).data.product).toBeNull();
    const operator = await h.operatorToken();
    expect((await h.gql('query($slug: String) { product(slug: $slug) { status } }', { slug: draft.slug }, { token: operator })).data.product.status).toBe(
      'DRAFT',
    );

    const [preview] = await h.sql(`select slug from product where publication = 'published' and sale_starts_at > now() limit 1`);
    const p = await h.gql('query($slug: String) { product(slug: $slug) { status saleStartsAt } }', { slug: preview.slug });
    expect(p.data.product.status).toBe('PREVIEW');
    expect(new Date(p.data.product.saleStartsAt).getTime()).toBeGreaterThan(Date.now());
  });

  it('refuses bad arguments with clear errors', async () => {
    const both = await h.gql('{ product(id: "x", slug: "y") { id } }');
    expect(both.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    const tooMany = await h.gql(LIST, { first: 101 });
    expect(tooMany.errors![0].message).toMatch(/first must be from 0 to 100/);
    const badCursor = await h.gql(LIST, { first: 5, after: 'not-a-cursor' });
    expect(badCursor.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    const badPrice = await h.gql(LIST, { filter: { minPrice: '12.345' } });
    expect(badPrice.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    const floatPrice = await h.gql(LIST, { filter: { minPrice: 12.5 } });
    expect(floatPrice.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    const inverted = await h.gql(LIST, { filter: { minPrice: '50.00', maxPrice: '10.00' } });
    expect(inverted.errors![0].message).toMatch(/minPrice/);
    const drafts = await h.gql(LIST, { filter: { statuses: ['DRAFT'] } });
    expect(drafts.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    const badId = await h.gql('{ node(id: "@@@") { id } }');
    expect(badId.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    const unknown = await h.gql('{ product(id: "UHJvZHVjdDowMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDA") { id } }');
    expect(unknown.data.product).toBeNull();
  });

  it('hides stock counts and price bands from storefronts', async () => {
    const res = await h.gql('{ products(first: 1) { nodes { skus { stock } } } }');
    expect(res.errors![0].extensions.code).toBe('UNAUTHENTICATED');
    const customer = await h.customerToken();
    const band = await h.gql('{ products(first: 1) { nodes { priceControl { floor { amount } } } } }', {}, { token: customer });
    expect(band.errors![0].extensions.code).toBe('FORBIDDEN');
  });
});

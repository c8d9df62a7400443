import { sqlStatements } from '../src/server/metrics';
import { startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

async function statementsFor(query: string, variables?: Record<string, unknown>): Promise<number> {
  const before = (await sqlStatements.get()).values[0]?.value ?? 0;
  const res = await h.gql(query, variables);
  expect(res.errors).toBeUndefined();
  return ((await sqlStatements.get()).values[0]?.value ?? 0) - before;
}

const LISTING = `query($first: Int) {
  products(first: $first) {
    nodes { id name priceRange { min { amount } } images { url altText } category { id name ancestors { name } } skus { id code specs { name value } price { amount } memberPrice { amount } inStock } inStock }
  }
}`;

describe('SQL statements per request (no N+1)', () => {
  beforeAll(async () => {
    await h.gql('{ categories { id } }'); // the storefront key is then cached
  });

  it('lists products with SKUs, images and categories in 5 statements (page, SKUs, images, categories, their ancestors), whatever the page size', async () => {
    const twenty = await statementsFor(LISTING, { first: 20 });
    const hundred = await statementsFor(LISTING, { first: 100 });
    expect(twenty).toBe(5);
    expect(hundred).toBe(twenty);
  });

  it('counts totalCount with one more statement, only when asked', async () => {
    const without = await statementsFor('{ products(first: 20) { nodes { id } } }');
    const withCount = await statementsFor('{ products(first: 20) { totalCount nodes { id } } }');
    expect(without).toBe(1);
    expect(withCount).toBe(2);
  });

  it('opens a product page in a small constant number of statements', async () => {
    const [row] = await h.sql(`select slug from product where publication = 'published' and sale_starts_at is null limit 1`);
    const n = await statementsFor(
      'query($slug: String) { product(slug: $slug) { id name images { url } category { name } skus { id price { amount } inStock } } }',
      { slug: row.slug },
    );
    expect(n).toBe(4);
  });
});

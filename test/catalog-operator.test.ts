import { startHarness, type Harness } from './harness';

let h: Harness;
let op: string;
let leafCategoryId: string;

beforeAll(async () => {
  h = await startHarness();
  op = await h.operatorToken();
  const res = await h.gql('{ category(slug: "tea") { id } }');
  leafCategoryId = res.data.category.id;
});
afterAll(() => h.close());

const asOp = (query: string, variables?: Record<string, unknown>) => h.gql(query, variables, { token: op, key: null });

const CREATE = `mutation($input: ProductCreateInput!) {
  createProduct(input: $input) {
    product { id slug name status tags priceRange { min { amount } max { amount } } priceControl { floor { amount } ceiling { amount } } images { url altText } skus { id code price { amount } memberPrice { amount } stock specs { name value } } }
    userErrors { field message code }
  }
}`;

let seq = 0;
function productInput(overrides: Record<string, unknown> = {}) {
  seq++;
  return {
    name: `测试绿茶 Test green tea ${seq}`,
    slug: `test-green-tea-${seq}`,
    description: 'Spring harvest',
    categoryId: leafCategoryId,
    tags: ['新品', 'Organic'],
    images: [{ url: 'https://img.example.com/tea.jpg', altText: 'tin' }],
    priceControl: { floor: '50.00', ceiling: '120.00' },
    skus: [
      { code: `TEA-${seq}-100G`, specs: [{ name: '规格', value: '100g' }], price: '68.00', memberPrice: '58.00', stock: 10 },
      { code: `TEA-${seq}-250G`, specs: [{ name: '规格', value: '250g' }], price: '158.00', stock: 3 },
    ],
    ...overrides,
  };
}

async function countRows(table: string): Promise<number> {
  const [{ n }] = await h.sql(`select count(*)::int as n from ${table}`);
  return n;
}

async function snapshot() {
  return Promise.all(['product', 'sku', 'product_image', 'stock_movement', 'category'].map(countRows));
}

describe('operator: products and SKUs', () => {
  it('creates a draft product with SKUs, prices, images, tags and a price band', async () => {
    const res = await asOp(CREATE, { input: productInput() });
    expect(res.data.createProduct.userErrors).toEqual([]);
    const p = res.data.createProduct.product;
    expect(p.status).toBe('DRAFT');
    expect(p.tags).toEqual(['新品', 'organic']);
    expect(p.priceRange).toEqual({ min: { amount: '68.00' }, max: { amount: '158.00' } });
    expect(p.priceControl).toEqual({ floor: { amount: '50.00' }, ceiling: { amount: '120.00' } });
    expect(p.skus.map((s: any) => [s.code, s.stock, s.memberPrice?.amount ?? null])).toEqual([
      [`TEA-${seq}-100G`, 10, '58.00'],
      [`TEA-${seq}-250G`, 3, null],
    ]);
    const movements = await h.sql(`select delta, reason from stock_movement m join sku s on s.id = m.sku_id where s.code like $1 order by delta`, [
      `TEA-${seq}-%`,
    ]);
    expect(movements).toEqual([
      { delta: 3, reason: 'initial stock' },
      { delta: 10, reason: 'initial stock' },
    ]);
    // Drafts are invisible to storefronts until published.
    expect((await h.gql('query($slug: String) { product(slug: $slug) { id } }', { slug: p.slug })).data.product).toBeNull();
  });

  it('publishes now, as a preview, and takes off sale', async () => {
    const created = (await asOp(CREATE, { input: productInput() })).data.createProduct.product;
    const publish = `mutation($id: ID!, $at: DateTimeISO) { publishProduct(id: $id, saleStartsAt: $at) { product { status saleStartsAt } userErrors { code } } }`;
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect((await asOp(publish, { id: created.id, at: future })).data.publishProduct.product.status).toBe('PREVIEW');
    expect((await asOp(publish, { id: created.id })).data.publishProduct.product.status).toBe('ON_SALE');
    const storefront = await h.gql('query($slug: String) { product(slug: $slug) { status } }', { slug: created.slug });
    expect(storefront.data.product.status).toBe('ON_SALE');
    const off = await asOp('mutation($id: ID!) { unpublishProduct(id: $id) { product { status } userErrors { code } } }', { id: created.id });
    expect(off.data.unpublishProduct.product.status).toBe('OFF_SALE');
    const listed = await h.gql('query($q: String) { products(first: 5, filter: { query: $q }) { totalCount } }', { q: created.name });
    expect(listed.data.products.totalCount).toBe(0);
  });

  it('updates a product, replacing tags and images, and clears the price band', async () => {
    const created = (await asOp(CREATE, { input: productInput() })).data.createProduct.product;
    const res = await asOp(
      `mutation($id: ID!, $input: ProductUpdateInput!) { updateProduct(id: $id, input: $input) { product { name tags images { url } priceControl { floor { amount } } } userErrors { code } } }`,
      { id: created.id, input: { name: 'Renamed tea', tags: ['sale'], images: [], priceControl: null } },
    );
    expect(res.data.updateProduct).toEqual({ product: { name: 'Renamed tea', tags: ['sale'], images: [], priceControl: null }, userErrors: [] });
  });

  it('adds, changes and deletes SKUs, keeping the price range in step', async () => {
    const created = (await asOp(CREATE, { input: productInput() })).data.createProduct.product;
    const add = await asOp(
      `mutation($pid: ID!, $input: SkuCreateInput!) { addProductSku(productId: $pid, input: $input) { sku { id code product { priceRange { min { amount } max { amount } } } } userErrors { code } } }`,
      { pid: created.id, input: { code: `TEA-${seq}-500G`, specs: [{ name: '规格', value: '500g' }], price: '298.00' } },
    );
    expect(add.data.addProductSku.sku.product.priceRange).toEqual({ min: { amount: '68.00' }, max: { amount: '298.00' } });
    const change = await asOp(
      `mutation($id: ID!, $input: SkuUpdateInput!) { updateProductSku(id: $id, input: $input) { sku { price { amount } product { priceRange { min { amount } } } } userErrors { code } } }`,
      { id: created.skus[0].id, input: { price: '18.00', memberPrice: null } },
    );
    expect(change.data.updateProductSku.sku.product.priceRange.min.amount).toBe('18.00');
    const del = await asOp(`mutation($id: ID!) { deleteProductSku(id: $id) { deletedSkuId userErrors { code } } }`, { id: add.data.addProductSku.sku.id });
    expect(del.data.deleteProductSku.userErrors).toEqual([]);
    const after = await asOp('query($id: ID!) { node(id: $id) { ... on Product { skus { code } priceRange { max { amount } } } } }', { id: created.id });
    expect(after.data.node.skus).toHaveLength(2);
    expect(after.data.node.priceRange.max.amount).toBe('158.00');
  });

  it('keeps at least one SKU on a published product', async () => {
    const code = `ONLY-${seq + 1}`;
    const created = (await asOp(CREATE, { input: productInput({ skus: [{ code, specs: [], price: '9.90', stock: 1 }] }) })).data.createProduct.product;
    await asOp('mutation($id: ID!) { publishProduct(id: $id) { userErrors { code } } }', { id: created.id });
    const del = await asOp(`mutation($id: ID!) { deleteProductSku(id: $id) { deletedSkuId userErrors { code message } } }`, { id: created.skus[0].id });
    expect(del.data.deleteProductSku.userErrors[0].code).toBe('LAST_SKU');
    expect(await h.sql('select 1 from sku where code = $1', [code])).toHaveLength(1);
  });

  const refusals: [string, (i: Record<string, any>) => Record<string, any>, string, string[]][] = [
    ['an empty name', (i) => ({ ...i, name: '  ' }), 'INVALID_NAME', ['input', 'name']],
    ['a bad slug', (i) => ({ ...i, slug: 'Not A Slug' }), 'INVALID_SLUG', ['input', 'slug']],
    [
      'an unknown category',
      (i) => ({ ...i, categoryId: 'Q2F0ZWdvcnk6MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAw' }),
      'CATEGORY_NOT_FOUND',
      ['input', 'categoryId'],
    ],
    ['no SKUs', (i) => ({ ...i, skus: [] }), 'NO_SKUS', ['input', 'skus']],
    ['a zero price', (i) => ({ ...i, skus: [{ ...i.skus[0], price: '0.00' }] }), 'INVALID_PRICE', ['input', 'skus', '0', 'price']],
    [
      'a member price above the price',
      (i) => ({ ...i, skus: [{ ...i.skus[0], memberPrice: '99.00' }] }),
      'INVALID_PRICE',
      ['input', 'skus', '0', 'memberPrice'],
    ],
    ['a bad SKU code', (i) => ({ ...i, skus: [{ ...i.skus[0], code: 'has space' }] }), 'INVALID_SKU_CODE', ['input', 'skus', '0', 'code']],
    [
      'a repeated spec',
      (i) => ({
        ...i,
        skus: [
          {
            ...i.skus[0],
            specs: [
              { name: 'a', value: '1' },
              { name: 'a', value: '2' },
            ],
          },
        ],
      }),
      'INVALID_SPECS',
      ['input', 'skus', '0', 'specs', '1', 'name'],
    ],
    ['an http image', (i) => ({ ...i, images: [{ url: 'http://insecure.example.com/a.jpg' }] }), 'INVALID_IMAGE', ['input', 'images', '0', 'url']],
    ['a floor above the ceiling', (i) => ({ ...i, priceControl: { floor: '10.00', ceiling: '5.00' } }), 'INVALID_PRICE_BAND', ['input', 'priceControl']],
  ];
  it.each(refusals)('refuses %s with a code and writes nothing', async (_what, change, code, field) => {
    const before = await snapshot();
    const res = await asOp(CREATE, { input: change(productInput()) });
    expect(res.errors).toBeUndefined();
    expect(res.data.createProduct.product).toBeNull();
    expect(res.data.createProduct.userErrors).toEqual([{ code, field, message: expect.any(String) }]);
    expect(await snapshot()).toEqual(before);
  });

  // Outside the bounds the schema documents: refused at the edge (HTTP 400) before anything runs.
  const outOfBounds: [string, (i: Record<string, any>) => Record<string, any>, string[]][] = [
    ['negative initial stock', (i) => ({ ...i, skus: [{ ...i.skus[0], stock: -1 }] }), ['input', 'skus', '0', 'stock']],
    ['a 31-character tag', (i) => ({ ...i, tags: ['x'.repeat(31)] }), ['input', 'tags', '0']],
  ];
  it.each(outOfBounds)('refuses %s at the edge and writes nothing', async (_what, change, field) => {
    const before = await snapshot();
    const res = await asOp(CREATE, { input: change(productInput()) });
    expect(res.status).toBe(400);
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(res.data?.createProduct).toBeUndefined();
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a taken slug and a taken SKU code, writing nothing', async () => {
    const first = productInput();
    await asOp(CREATE, { input: first });
    const before = await snapshot();
    const slug = await asOp(CREATE, { input: { ...productInput(), slug: first.slug } });
    expect(slug.data.createProduct.userErrors[0].code).toBe('SLUG_TAKEN');
    const code = await asOp(CREATE, { input: { ...productInput(), skus: [first.skus[0]] } });
    expect(code.data.createProduct.userErrors[0].code).toBe('SKU_CODE_TAKEN');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses malformed money at the request level', async () => {
    const res = await asOp(CREATE, { input: { ...productInput(), skus: [{ code: 'X1', specs: [], price: '1.999' }] } });
    expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toMatch(/at most 2 decimal places/);
  });
});

describe('operator: stock', () => {
  const ADJUST = `mutation($input: StockAdjustmentInput!) {
    adjustSkuStock(input: $input) { stockMovement { id delta stockAfter reason } sku { id stock } userErrors { code message field } }
  }`;

  /** A new SKU with this stock; its code is STOCK-<seq> for the seq in force afterwards. */
  async function newSku(stock: number): Promise<string> {
    const res = await asOp(CREATE, { input: productInput({ skus: [{ code: `STOCK-${seq + 1}`, specs: [], price: '10.00', stock }] }) });
    return res.data.createProduct.product.skus[0].id;
  }

  it('adds and removes stock with a reason, recording each movement', async () => {
    const sku = await newSku(5);
    const add = await asOp(ADJUST, { input: { skuId: sku, delta: 7, reason: 'restock from supplier' } });
    expect(add.data.adjustSkuStock.sku.stock).toBe(12);
    expect(add.data.adjustSkuStock.stockMovement).toMatchObject({ delta: 7, stockAfter: 12, reason: 'restock from supplier' });
    const remove = await asOp(ADJUST, { input: { skuId: sku, delta: -12, reason: 'damaged in storage' } });
    expect(remove.data.adjustSkuStock.sku.stock).toBe(0);
    const history = await asOp('query($id: ID!) { node(id: $id) { ... on Sku { stockMovements(first: 10) { totalCount nodes { delta stockAfter } } } } }', {
      id: sku,
    });
    expect(history.data.node.stockMovements.nodes).toEqual([
      { delta: -12, stockAfter: 0 },
      { delta: 7, stockAfter: 12 },
      { delta: 5, stockAfter: 5 },
    ]);
  });

  it('never goes below zero: 50 parallel removals of 1 from a stock of 3 leave exactly 3 succeeding', async () => {
    const sku = await newSku(3);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => asOp(ADJUST, { input: { skuId: sku, delta: -1, reason: `parallel removal ${i}` } })),
    );
    const ok = results.filter((r) => r.data.adjustSkuStock.userErrors.length === 0);
    const refused = results.filter((r) => r.data.adjustSkuStock.userErrors[0]?.code === 'INSUFFICIENT_STOCK');
    expect(ok).toHaveLength(3);
    expect(refused).toHaveLength(47);
    expect(refused[0].data.adjustSkuStock.userErrors[0].message).toMatch(/has 0 in stock/);
    const [row] = await h.sql('select stock from sku where id = (select id from sku where code = $1)', [`STOCK-${seq}`]);
    expect(row.stock).toBe(0);
    const [{ n }] = await h.sql(`select count(*)::int as n from stock_movement m join sku s on s.id = m.sku_id where s.code = $1 and m.delta = -1`, [
      `STOCK-${seq}`,
    ]);
    expect(n).toBe(3);
  });

  it('refuses bad adjustments and writes nothing', async () => {
    const sku = await newSku(2);
    const before = await snapshot();
    const cases: [Record<string, unknown>, string][] = [
      [{ skuId: sku, delta: 0, reason: 'nothing' }, 'INVALID_QUANTITY'],
      [{ skuId: sku, delta: -3, reason: 'too many' }, 'INSUFFICIENT_STOCK'],
      [{ skuId: sku, delta: 1, reason: ' ' }, 'INVALID_REASON'],
      [{ skuId: 'U2t1OjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA', delta: 1, reason: 'unknown sku' }, 'SKU_NOT_FOUND'],
      [{ skuId: sku, delta: 1, reason: 'bad key', idempotencyKey: 'short' }, 'INVALID_IDEMPOTENCY_KEY'],
    ];
    for (const [input, code] of cases) {
      const res = await asOp(ADJUST, { input });
      expect(res.data.adjustSkuStock.userErrors[0].code).toBe(code);
      expect(res.data.adjustSkuStock.sku).toBeNull();
    }
    expect(await snapshot()).toEqual(before);
    expect((await h.sql('select stock from sku where id = (select id from sku where code = $1)', [`STOCK-${seq}`]))[0].stock).toBe(2);
  });

  it('replays an idempotency key: same input adjusts once, other input is refused', async () => {
    const sku = await newSku(10);
    const input = { skuId: sku, delta: -4, reason: 'order #1', idempotencyKey: `adjust-${sku}` };
    const parallel = await Promise.all(Array.from({ length: 5 }, () => asOp(ADJUST, { input })));
    const ids = new Set(parallel.map((r) => r.data.adjustSkuStock.stockMovement.id));
    expect(ids.size).toBe(1);
    expect((await h.sql('select stock from sku where code = $1', [`STOCK-${seq}`]))[0].stock).toBe(6);
    const other = await asOp(ADJUST, { input: { ...input, delta: -5 } });
    expect(other.data.adjustSkuStock.userErrors[0].code).toBe('IDEMPOTENCY_KEY_REUSED');
    // A refusal is an answer too: replaying it gives the same refusal, even after stock arrives.
    const tooMany = { skuId: sku, delta: -100, reason: 'too many', idempotencyKey: `too-many-${sku}` };
    expect((await asOp(ADJUST, { input: tooMany })).data.adjustSkuStock.userErrors[0].code).toBe('INSUFFICIENT_STOCK');
    await asOp(ADJUST, { input: { skuId: sku, delta: 500, reason: 'restock' } });
    expect((await asOp(ADJUST, { input: tooMany })).data.adjustSkuStock.userErrors[0].code).toBe('INSUFFICIENT_STOCK');
    expect((await h.sql('select stock from sku where code = $1', [`STOCK-${seq}`]))[0].stock).toBe(506);
  });

  it('is enforced by the database itself', async () => {
    await expect(h.sql(`update sku set stock = -1 where code = $1`, [`STOCK-${seq}`])).rejects.toThrow(/sku_stock_non_negative/);
  });
});

describe('operator: categories', () => {
  const CREATE_CAT = `mutation($input: CategoryCreateInput!) { createCategory(input: $input) { category { id slug parent { slug } ancestors { slug } } userErrors { code field } } }`;
  const UPDATE_CAT = `mutation($id: ID!, $input: CategoryUpdateInput!) { updateCategory(id: $id, input: $input) { category { slug parent { slug } ancestors { slug } } userErrors { code } } }`;

  it('builds a tree, moves a subtree and keeps product filters on descendants right', async () => {
    const root = (await asOp(CREATE_CAT, { input: { name: 'Gifts', slug: 'gifts' } })).data.createCategory.category;
    const mid = (await asOp(CREATE_CAT, { input: { name: 'Festival', slug: 'festival', parentId: root.id } })).data.createCategory.category;
    const leaf = (await asOp(CREATE_CAT, { input: { name: 'Mooncakes', slug: 'mooncakes', parentId: mid.id } })).data.createCategory.category;
    expect(leaf.ancestors.map((c: any) => c.slug)).toEqual(['gifts', 'festival']);
    const product = (await asOp(CREATE, { input: productInput({ categoryId: leaf.id }) })).data.createProduct.product;
    await asOp('mutation($id: ID!) { publishProduct(id: $id) { userErrors { code } } }', { id: product.id });
    const inRoot = await h.gql('query($c: ID) { products(filter: { categoryId: $c }) { nodes { id } } }', { c: root.id });
    expect(inRoot.data.products.nodes.map((n: any) => n.id)).toEqual([product.id]);

    const other = (await asOp(CREATE_CAT, { input: { name: 'Seasonal', slug: 'seasonal' } })).data.createCategory.category;
    const moved = await asOp(UPDATE_CAT, { id: mid.id, input: { parentId: other.id } });
    expect(moved.data.updateCategory.category.parent.slug).toBe('seasonal');
    const leafNow = await h.gql('{ category(slug: "mooncakes") { ancestors { slug } } }');
    expect(leafNow.data.category.ancestors.map((c: any) => c.slug)).toEqual(['seasonal', 'festival']);
    expect((await h.gql('query($c: ID) { products(filter: { categoryId: $c }) { totalCount } }', { c: root.id })).data.products.totalCount).toBe(0);
    expect((await h.gql('query($c: ID) { products(filter: { categoryId: $c }) { totalCount } }', { c: other.id })).data.products.totalCount).toBe(1);

    const cycle = await asOp(UPDATE_CAT, { id: other.id, input: { parentId: leaf.id } });
    expect(cycle.data.updateCategory.userErrors[0].code).toBe('CATEGORY_CYCLE');
    const notEmpty = await asOp('mutation($id: ID!) { deleteCategory(id: $id) { deletedCategoryId userErrors { code message } } }', { id: other.id });
    expect(notEmpty.data.deleteCategory.userErrors[0].code).toBe('CATEGORY_NOT_EMPTY');
    const empty = (await asOp(CREATE_CAT, { input: { name: 'Empty', slug: 'empty-cat' } })).data.createCategory.category;
    const deleted = await asOp('mutation($id: ID!) { deleteCategory(id: $id) { deletedCategoryId userErrors { code } } }', { id: empty.id });
    expect(deleted.data.deleteCategory).toEqual({ deletedCategoryId: empty.id, userErrors: [] });
  });

  it('refuses a taken slug, a bad slug and an unknown parent, writing nothing', async () => {
    const before = await countRows('category');
    expect((await asOp(CREATE_CAT, { input: { name: 'Tea again', slug: 'tea' } })).data.createCategory.userErrors[0].code).toBe('SLUG_TAKEN');
    expect((await asOp(CREATE_CAT, { input: { name: 'Bad', slug: '-bad-' } })).data.createCategory.userErrors[0].code).toBe('INVALID_SLUG');
    expect((await asOp(CREATE_CAT, { input: { name: 'Orphan', slug: 'orphan', parentId: 'bm9wZQ' } })).data.createCategory.userErrors[0].code).toBe(
      'CATEGORY_NOT_FOUND',
    );
    expect(await countRows('category')).toBe(before);
  });
});

describe('text input', () => {
  it('refuses the NUL character anywhere, before anything runs', async () => {
    const before = await snapshot();
    const viaVariable = await asOp(CREATE, { input: productInput({ name: 'tea\u0000' }) });
    expect(viaVariable.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    const viaLiteral = await h.gql('{ products(filter: { query: "a\\u0000b" }) { totalCount } }');
    expect(viaLiteral.errors![0].message).toMatch(/NUL/);
    expect(await snapshot()).toEqual(before);
  });
});

import request from 'supertest';
import { sqlStatements } from '../src/server/metrics';
import { DEMO, startHarness, type Harness } from './harness';
import { products } from './shop';
import { customer, member } from './social';
import { startSecondApi, type SecondApi } from './support/second-api';

let h: Harness;
let op: string;
beforeAll(async () => {
  h = await startHarness();
  op = await h.operatorToken();
});
afterAll(() => h.close());

const statements = async () => (await sqlStatements.get()).values[0]?.value ?? 0;

/** The answer and how many SQL statements this process ran for it. */
async function counted(query: string, variables?: Record<string, unknown>, token?: string) {
  const before = await statements();
  const res = await h.gql(query, variables, { token });
  expect(res.errors).toBeUndefined();
  return { data: res.data, statements: (await statements()) - before };
}

const PRODUCT = 'query($id: ID!) { product(id: $id) { id name skus { id price { amount } inStock } } }';
const LISTING = '{ products(first: 5) { nodes { id name skus { price { amount } memberPrice { amount } inStock } } } }';

async function newProduct(price = '50.00', stock = 5): Promise<{ productId: string; skuId: string }> {
  const [sku] = await products(h, op, [price], stock);
  const res = await h.gql('query($id: ID!) { node(id: $id) { ... on Sku { product { id } } } }', { id: sku.skuId }, { token: op, key: null });
  return { productId: res.data.node.product.id, skuId: sku.skuId };
}

const setPrice = (skuId: string, price: string) =>
  h.gql(
    'mutation($id: ID!, $input: SkuUpdateInput!) { updateProductSku(id: $id, input: $input) { userErrors { code } } }',
    { id: skuId, input: { price } },
    { token: op, key: null },
  );

describe('response cache of public catalog reads', () => {
  beforeAll(async () => {
    await h.gql('{ categories { id } }'); // the storefront key is then cached
  });

  it('serves a repeat with no SQL statement, and the same answer', async () => {
    const first = await counted(LISTING);
    expect(first.statements).toBeGreaterThan(0);
    const again = await counted(LISTING);
    expect(again.statements).toBe(0);
    expect(again.data).toEqual(first.data);
  });

  it('keys answers by membership: a member and a non-member each get their own, customers share the anonymous one', async () => {
    const { productId } = await newProduct();
    const buyer = await customer(h, 'cache-buyer');
    const shopOwner = await member(h, 'cache-member');
    // Their sessions are checked once and then trusted for a few seconds: no statement for that below.
    for (const person of [buyer, shopOwner]) await h.gql('{ me { id } }', {}, { token: person.token });
    expect((await counted(PRODUCT, { id: productId })).statements).toBeGreaterThan(0);
    expect((await counted(PRODUCT, { id: productId }, buyer.token)).statements).toBe(0);
    const asMember = await counted(PRODUCT, { id: productId }, shopOwner.token);
    expect(asMember.statements).toBeGreaterThan(0);
    expect((await counted(PRODUCT, { id: productId }, shopOwner.token)).statements).toBe(0);
    expect(asMember.data).toEqual((await counted(PRODUCT, { id: productId })).data);
  });

  it('forgets every answer when the catalog changes in this process', async () => {
    const { productId, skuId } = await newProduct('50.00');
    expect((await counted(PRODUCT, { id: productId })).data.product.skus[0].price.amount).toBe('50.00');
    expect((await setPrice(skuId, '55.00')).data.updateProductSku.userErrors).toEqual([]);
    const after = await counted(PRODUCT, { id: productId });
    expect(after.statements).toBeGreaterThan(0);
    expect(after.data.product.skus[0].price.amount).toBe('55.00');
  });

  it('never keeps an answer selecting a field that needs a role, nor any operator answer, nor private reads', async () => {
    const { productId } = await newProduct();
    const shopOwner = await member(h, 'cache-band');
    const BAND = 'query($id: ID!) { product(id: $id) { id priceControl { floor { amount } } } }';
    await counted(BAND, { id: productId }, shopOwner.token);
    expect((await counted(BAND, { id: productId }, shopOwner.token)).statements).toBeGreaterThan(0);
    await counted(PRODUCT, { id: productId }, op);
    expect((await counted(PRODUCT, { id: productId }, op)).statements).toBeGreaterThan(0);
    const ME = '{ me { id email } }';
    await counted(ME, undefined, shopOwner.token);
    const mine = '{ myInviteCode { code } }';
    await counted(mine, undefined, shopOwner.token);
    expect((await counted(mine, undefined, shopOwner.token)).statements).toBeGreaterThan(0);
    // A private field hidden in a fragment of a public read counts as well.
    const FRAGMENT = 'query($id: ID!) { product(id: $id) { ...band } } fragment band on Product { priceControl { ceiling { amount } } }';
    await counted(FRAGMENT, { id: productId }, shopOwner.token);
    expect((await counted(FRAGMENT, { id: productId }, shopOwner.token)).statements).toBeGreaterThan(0);
  });

  it('answers afresh, and keeps nothing, for Cache-Control: no-cache', async () => {
    const { productId } = await newProduct();
    const fresh = () => h.gql(PRODUCT, { id: productId }, { headers: { 'cache-control': 'no-cache' } });
    let before = await statements();
    await fresh();
    expect((await statements()) - before).toBeGreaterThan(0);
    before = await statements();
    await fresh();
    expect((await statements()) - before).toBeGreaterThan(0);
    expect((await counted(PRODUCT, { id: productId })).statements).toBeGreaterThan(0);
  });

  it('shows a change of stock within one second, without an announcement', async () => {
    const { productId, skuId } = await newProduct('20.00', 3);
    expect((await counted(PRODUCT, { id: productId })).data.product.skus[0].inStock).toBe(true);
    const adjusted = await h.gql(
      'mutation($input: StockAdjustmentInput!) { adjustSkuStock(input: $input) { userErrors { code } } }',
      { input: { skuId, delta: -3, reason: 'stocktake' } },
      { token: op, key: null },
    );
    expect(adjusted.data.adjustSkuStock.userErrors).toEqual([]);
    await new Promise((r) => setTimeout(r, 1050));
    expect((await counted(PRODUCT, { id: productId })).data.product.skus[0].inStock).toBe(false);
  });
});

describe('response cache across API processes', () => {
  let b: SecondApi | undefined;
  afterAll(() => b?.stop());

  it("shows a price changed through another process at once (within the notification's delivery)", async () => {
    b = await startSecondApi(h.orm.config.get('clientUrl'));
    const { productId, skuId } = await newProduct('30.00');
    const onB = async () => {
      const res = await request(b!.base)
        .post('/graphql')
        .set('x-storefront-key', DEMO.storefrontPublicKey)
        .send({ query: PRODUCT, variables: { id: productId } });
      return res.body.data.product.skus[0].price.amount as string;
    };
    expect(await onB()).toBe('30.00');
    expect(await onB()).toBe('30.00'); // now kept by B
    // The notification reaches B a few milliseconds after A's commit: what B answers within a moment, never a stale price later.
    const seenWithin = async (price: string, ms: number) => {
      const until = Date.now() + ms;
      let seen = await onB();
      while (seen !== price && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 20));
        seen = await onB();
      }
      return seen;
    };
    for (const price of ['31.00', '32.50', '29.90']) {
      expect((await setPrice(skuId, price)).data.updateProductSku.userErrors).toEqual([]);
      expect(await seenWithin(price, 500)).toBe(price);
      expect(await onB()).toBe(price);
    }
  });
});

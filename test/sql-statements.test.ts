import { Client } from 'pg';
import { toGlobalId } from '../src/lib/ids';
import { q, runStatement, sql } from '../src/lib/sql';
import { sqlStatements } from '../src/server/metrics';
import { author, card, paragraph, published } from './content';
import { claim, couponStatus, template } from './coupons';
import { startHarness, type Harness } from './harness';
import { member } from './social';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

async function statementsFor(query: string, variables?: Record<string, unknown>, token?: string): Promise<number> {
  const before = (await sqlStatements.get()).values[0]?.value ?? 0;
  const res = await h.gql(query, variables, { token });
  expect(res.errors).toBeUndefined();
  return ((await sqlStatements.get()).values[0]?.value ?? 0) - before;
}

/**
 * Round trips to PostgreSQL during one request, counted at the driver: every query a pg client
 * sends, transaction control (BEGIN, SAVEPOINT, COMMIT) included.
 */
async function roundTripsFor(query: string, variables: Record<string, unknown>, token: string): Promise<number> {
  const proto = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const send = proto.query;
  let n = 0;
  proto.query = function (this: Client, ...args: unknown[]) {
    n++;
    return send.apply(this, args);
  };
  try {
    const res = await h.gql(query, variables, { token });
    expect(res.errors).toBeUndefined();
  } finally {
    proto.query = send;
  }
  return n;
}

const LISTING = `query($first: Int) {
  products(first: $first) {
    nodes { id name priceRange { min { amount } } images { url altText } category { id name } skus { id code specs { name value } price { amount } memberPrice { amount } inStock } inStock }
  }
}`;

describe('SQL statements per request (no N+1)', () => {
  beforeAll(async () => {
    await h.gql('{ categories { id } }'); // the storefront key is then cached
  });

  it('lists products with SKUs, images and categories in one statement, whatever the page size', async () => {
    expect(await statementsFor(LISTING, { first: 20 })).toBe(1);
    expect(await statementsFor(LISTING, { first: 100 })).toBe(1);
  });

  it("adds one batched statement for the categories' ancestors (breadcrumbs)", async () => {
    const query = '{ products(first: 100) { nodes { id category { ancestors { name } } } } }';
    expect(await statementsFor(query)).toBe(2);
  });

  it('counts totalCount with one more statement, only when asked', async () => {
    const without = await statementsFor('{ products(first: 20) { nodes { id } } }');
    const withCount = await statementsFor('{ products(first: 20) { totalCount nodes { id } } }');
    expect(without).toBe(1);
    expect(withCount).toBe(2);
  });

  it('opens a product page in one statement', async () => {
    const [row] = await h.sql(`select slug from product where publication = 'published' and sale_starts_at is null limit 1`);
    const n = await statementsFor(
      'query($slug: String) { product(slug: $slug) { id name images { url } category { name } skus { id price { amount } inStock } } }',
      { slug: row.slug },
    );
    expect(n).toBe(1);
  });
});

describe('SQL statements of pricing (every promotion loaded: flash sales, price campaigns, coupons)', () => {
  const PRICE_CART = 'query($input: PriceCartInput!) { priceCart(input: $input) { cost { total { amount } } couponOptions { usable } } }';
  const CHECKOUT = 'mutation($input: CheckoutInput!) { checkout(input: $input) { order { id } userErrors { code message } } }';
  const ADDRESS = { name: '张三', phone: '13800138000', region: '浙江省 杭州市 西湖区', detail: '文三路 100 号' };

  it('prices a preview in one statement and places an order with a coupon in 2 statements, with an idempotency key or without', async () => {
    const token = await h.customerToken();
    const coupon = await claim(h, token, (await template(h, await h.operatorToken(), { threshold: '0.00' })).id);
    const [sku] = await h.sql(
      `select s.id from sku s join product p on p.id = s.product_id where p.publication = 'published' and p.sale_starts_at is null and s.stock >= 10 order by s.id limit 1`,
    );
    const lines = [{ skuId: toGlobalId('Sku', sku.id), quantity: 1 }];
    await h.gql(PRICE_CART, { input: { lines } }, { token }); // the session and the storefront key are then cached
    // One statement reads the SKUs, the settings and every loader's facts.
    expect(await statementsFor(PRICE_CART, { input: { lines } }, token)).toBe(1);
    // The flash-sale gate, the storefront key and the session are cached for a few seconds from their lookup, so one may expire during
    // a measured request: the fewer of two in a row is the checkout's own.
    let keys = 0;
    const fewest = async (input: Record<string, unknown>) => {
      const keyed = () => (input.idempotencyKey === undefined ? input : { ...input, idempotencyKey: `statements-checkout-${++keys}` });
      return Math.min(await roundTripsFor(CHECKOUT, { input: keyed() }, token), await roundTripsFor(CHECKOUT, { input: keyed() }, token));
    };
    // One read and one write (the order, its lines, event, attribution, coupon lock, stock, and the key's claim with its answer), with
    // no transaction: the write is all or nothing by itself.
    const input = { lines, shippingAddress: ADDRESS, idempotencyKey: 'fresh' };
    expect(await fewest(input)).toBe(2);
    expect(await couponStatus(h, coupon)).toBe('locked');
    // Without a key, the same.
    expect(await fewest({ lines, shippingAddress: ADDRESS })).toBe(2);
    // To a saved address: the read statement reads it too, so the round trips are the same.
    const addressId = (await h.gql('{ me { addresses { id } } }', {}, { token })).data.me.addresses[0].id;
    expect(await fewest({ lines, addressId, idempotencyKey: 'fresh' })).toBe(2);
    expect(await fewest({ lines, addressId })).toBe(2);
    // A replay: the read, the write refused by the key's claim, and the stored answer.
    const replayed = { lines, shippingAddress: ADDRESS, idempotencyKey: 'statements-checkout-1' };
    expect(await roundTripsFor(CHECKOUT, { input: replayed }, token)).toBeLessThanOrEqual(4);
  });
});

describe('SQL statements of an article page', () => {
  const PAGE = `query($slug: String!) {
    article(slug: $slug) {
      id title author { name avatarUrl }
      blocks {
        id
        ... on ParagraphBlock { spans { text bold } }
        ... on ProductCardBlock { pitch linkToken item { availability inStock price { amount } priceReason product { name images { url } category { name } skus { price { amount } inStock } } } }
        ... on ProductGridBlock { linkToken items { availability price { amount } product { name } } }
      }
    }
  }`;

  it('reads the article, every card and grid item at live prices with its product, and the link tokens in one statement, for 3 cards or 40', async () => {
    const op = await h.operatorToken();
    const writer = await author(h, op, 'StatementWriter');
    const ids = (await h.sql(`select id from product where publication = 'published' and sale_starts_at is null order by slug limit 40`)).map((r) =>
      toGlobalId('Product', r.id),
    );
    const small = await published(h, writer.token, { blocks: [paragraph('**three** cards'), ...ids.slice(0, 3).map((id) => card(id, 'pitch'))] });
    const large = await published(h, writer.token, {
      blocks: [paragraph('forty'), ...ids.slice(0, 30).map((id) => card(id, 'pitch')), { productGrid: { productIds: ids.slice(30, 40) } }],
    });
    const reader = await member(h, 'StatementReader');
    // The storefront key and the session are cached for 5 s from their lookup: on a busy machine one may expire during a
    // measured request and add its lookup. The fewer of two requests in a row is the page's own count.
    const fewest = async (slug: string, token?: string) => Math.min(await statementsFor(PAGE, { slug }, token), await statementsFor(PAGE, { slug }, token));
    for (const token of [undefined, reader.token]) {
      expect(await fewest(small.slug, token)).toBe(1);
      expect(await fewest(large.slug, token)).toBe(1);
    }
  });
});

describe('a composed write that refuses in the database', () => {
  beforeAll(() => h.sql('create table if not exists statement_refusal_probe (id int primary key, n int not null)'));
  afterAll(() => h.sql('drop table if exists statement_refusal_probe'));

  /** Inserts a row and takes `take` from a counter of 2 by a conditional update, refused when the counter has too little. */
  const write = (id: number, take: number) =>
    runStatement(h.orm.em.fork(), [
      {
        with: [['probe_added', q`insert into statement_refusal_probe (id, n) values (${id}, 0) returning id`]],
        result: sql('(select count(*) from probe_added)'),
      },
      {
        with: [['probe_taken', q`update statement_refusal_probe set n = n - ${take} where id = 0 and n >= ${take} returning n`]],
        result: sql('(select count(*) from probe_taken)'),
        refusedWhen: sql('not exists (select 1 from probe_taken)'),
        check: (taken) => {
          if (taken === 0) throw new Error('too little left');
        },
      },
    ]);

  it('answers when no part refuses, and otherwise fails as a whole with no transaction around it: nothing it wrote stays, and the check says why', async () => {
    await h.sql('insert into statement_refusal_probe (id, n) values (0, 2)');
    expect(await write(1, 2)).toEqual([1, 1]);
    await expect(write(2, 1)).rejects.toThrow('too little left');
    expect(await h.sql('select id, n from statement_refusal_probe order by id')).toEqual([
      { id: 0, n: 0 },
      { id: 1, n: 0 },
    ]);
  });

  it('runs its parts in their order, a part that can refuse included (what locks a hot row goes last)', async () => {
    await h.sql('create table statement_order_probe (n serial primary key, part text not null)');
    try {
      const part = (name: string, refuses: boolean) => ({
        with: [[`order_${name}`, q`insert into statement_order_probe (part) values (${name}) returning n`] as const],
        result: sql(`(select count(*) from order_${name})`),
        ...(refuses && { refusedWhen: sql(`not exists (select 1 from order_${name})`) }),
      });
      expect(await runStatement(h.orm.em.fork(), [part('first', false), part('second', true), part('third', false), part('last', true)])).toEqual([1, 1, 1, 1]);
      expect((await h.sql('select part from statement_order_probe order by n')).map((r) => r.part)).toEqual(['first', 'second', 'third', 'last']);
    } finally {
      await h.sql('drop table statement_order_probe');
    }
  });
});

describe('a composed statement run again', () => {
  /** The same statement text each time; only its values differ. `\\?` is knex's escape for a literal `?` (jsonb's key test). */
  const probe = (value: unknown) =>
    runStatement(h.orm.em.fork(), [{ result: q`(select json_build_object('n', (${value})::text, 'has_key', '{"a": 1}'::jsonb \\? 'a'))` }]);

  it('gives each run its own values, keeps an escaped ? a literal, and inlines a value that is itself SQL every time', async () => {
    expect(await probe(1)).toEqual([{ n: '1', has_key: true }]);
    expect(await probe(2)).toEqual([{ n: '2', has_key: true }]);
    const knex = h.orm.em.fork().getKnex();
    expect(await probe(knex.raw('? + 10', [3]))).toEqual([{ n: '13', has_key: true }]);
    expect(await probe(knex.raw('? * 10', [4]))).toEqual([{ n: '40', has_key: true }]);
    expect(await probe('x')).toEqual([{ n: 'x', has_key: true }]);
  });

  it('tells apart texts of the same length that differ in one character, wherever it is', async () => {
    // Statements are remembered by a fingerprint of their text: texts alike in it must still run as themselves.
    const literal = (i: number) => 'a'.repeat(i) + 'b' + 'a'.repeat(129 - i);
    const run = (text: string) => runStatement(h.orm.em.fork(), [{ result: sql(`(select '${text}'::text)`) }]);
    expect(await run('a'.repeat(130))).toEqual(['a'.repeat(130)]);
    for (let i = 0; i < 130; i++) expect(await run(literal(i))).toEqual([literal(i)]);
  });
});

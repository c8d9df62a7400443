import { getIntrospectionQuery, parse, getOperationAST } from 'graphql';
import { toGlobalId } from '../src/lib/ids';
import { sqlStatements } from '../src/server/metrics';
import { checkLimits } from '../src/server/limits';
import { inputBoundsOf } from '../src/server/operation-guard';
import { schema } from '../src/server/schema';
import request from 'supertest';
import { DEMO, startHarness, type Harness } from './harness';
import { member } from './social';

/**
 * The limits of the edge, one attack class at a time. Each test measures the work the server did
 * (fields the limit check visited, SQL statements run, rows written), never the time it took.
 */
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

async function statementsDuring(work: () => Promise<unknown>): Promise<number> {
  const before = (await sqlStatements.get()).values[0]?.value ?? 0;
  await work();
  return ((await sqlStatements.get()).values[0]?.value ?? 0) - before;
}

/** Twenty fragments, each spreading the next one twice: 2^20 expansions if walked naively. */
function fragmentBomb(levels: number, leaf: string): string {
  const fragments = [];
  for (let i = 0; i < levels; i++) fragments.push(`fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`);
  fragments.push(`fragment F${levels} on Query { ${leaf} }`);
  return `query Bomb { ...F0 }\n${fragments.join('\n')}`;
}

describe('fragments', () => {
  it('are measured once each, however often they are spread', async () => {
    const query = fragmentBomb(20, 'categories { name }');
    expect(query.length).toBeLessThan(2000);
    const s = await schema();
    const document = parse(query);
    const measure = checkLimits(s, document, getOperationAST(document)!, {}, inputBoundsOf(s), {
      maxDepth: 12,
      maxCost: Infinity,
      maxAliases: 30,
      maxRootFields: Infinity,
    });
    // 21 fragments, the last of two fields: the walk visits each field node once, and still
    // counts the 2^20 root fields the document asks for.
    expect(measure.fieldsVisited).toBe(2);
    expect(measure.rootFields).toBe(2 ** 20);
    // Over HTTP, with or without a storefront key, it is refused after the same linear walk.
    for (const key of [null, undefined]) {
      const res = await h.gql(query, {}, { key });
      expect(res.status).toBe(400);
      expect(res.errors![0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', rootFields: 2 ** 20 });
    }
    // Two levels of the same shape are a normal query and run.
    const ok = await h.gql(fragmentBomb(2, 'categories { name }'));
    expect(ok.status).toBe(200);
    expect(ok.data.categories.length).toBeGreaterThan(0);
  });

  it('that spread themselves are refused', async () => {
    const res = await h.gql('query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }');
    expect(res.status).toBe(400);
    expect(res.errors![0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('introspection', () => {
  it('is priced: one schema read passes, a thousand aliases of it are refused before running', async () => {
    const one = await h.gql(getIntrospectionQuery());
    expect(one.status).toBe(200);
    expect(one.data.__schema.queryType.name).toBe('Query');
    // 300 aliases (1,000 would be over the token limit, refused while parsing).
    const aliases = Array.from({ length: 300 }, (_, i) => `s${i}: __schema { queryType { name } }`).join(' ');
    const res = await h.gql(`{ ${aliases} }`);
    expect(res.status).toBe(400);
    expect(res.errors![0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(JSON.stringify(res.body).length).toBeLessThan(2000);
    // Under the alias cap, the price still counts: eleven schema reads cost over 10,000.
    const eleven = Array.from({ length: 11 }, (_, i) => `s${i}: __schema { queryType { name } }`).join(' ');
    const priced = await h.gql(`{ ${eleven} }`);
    expect(priced.status).toBe(400);
    expect(priced.errors![0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', cost: 11_000 });
  });
});

describe('aliases and root fields', () => {
  it('are capped per operation', async () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `c${i}: name`).join(' ');
    const res = await h.gql(`{ categories { ${aliases} } }`);
    expect(res.status).toBe(400);
    expect(res.errors![0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', aliases: 31, maxAliases: 30 });
    const roots = Array.from({ length: 21 }, () => 'categories { name }').join(' ');
    // The same field repeated is one response key, but counts as asked.
    const many = await h.gql(`{ ${roots} }`);
    expect(many.status).toBe(400);
    expect(many.errors![0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', rootFields: 21 });
  });

  it('team aggregates declare their cost: two hundred, or twenty, aliases of them run no SQL', async () => {
    const lead = await member(h, 'limits-lead');
    const period = 'from: "2026-01-01T00:00:00Z", to: "2027-01-01T00:00:00Z"';
    await h.gql('{ __typename }', {}, { token: lead.token });
    const thousand = Array.from({ length: 200 }, (_, i) => `t${i}: myTeam { size sales(${period}) { amount } }`).join(' ');
    let res: Awaited<ReturnType<Harness['gql']>> | undefined;
    expect(await statementsDuring(async () => (res = await h.gql(`{ ${thousand} }`, {}, { token: lead.token })))).toBe(0);
    expect(res!.status).toBe(400);
    expect(res!.errors![0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    const twenty = Array.from({ length: 20 }, (_, i) => `t${i}: myTeam { size sales(${period}) { amount } }`).join(' ');
    expect(await statementsDuring(async () => (res = await h.gql(`{ ${twenty} }`, {}, { token: lead.token })))).toBe(0);
    expect(res!.status).toBe(400);
    expect(res!.errors![0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(res!.errors![0].extensions.cost).toBeGreaterThan(10_000);
    const one = await h.gql(`{ myTeam { size sales(${period}) { amount } } }`, {}, { token: lead.token });
    expect(one.status).toBe(200);
    expect(one.data.myTeam.size).toBe(0);
  });
});

describe('documents', () => {
  it('over the token limit are refused while parsing; over the size limit before', async () => {
    const tokens = `{ categories { ${'name '.repeat(6000)}} }`;
    const res = await h.gql(tokens);
    expect(res.status).toBe(400);
    expect(res.errors![0].message).toMatch(/5000 tokens/);
    const big = `{ __typename } # ${'x'.repeat(70 * 1024)}`;
    const large = await h.gql(big);
    expect(large.status).toBe(413);
    expect(large.errors![0].extensions.code).toBe('QUERY_TOO_LARGE');
  });
});

describe('list inputs', () => {
  it('addCartLines with 10,000 lines is refused before any SQL and writes nothing', async () => {
    const sku = toGlobalId('Sku', '00000000-0000-7000-8000-000000000001');
    const lines = Array.from({ length: 10_000 }, () => ({ skuId: sku, quantity: 1 }));
    const carts = (await h.sql('select count(*)::int as n from cart'))[0].n;
    await h.gql('{ __typename }');
    let res: Awaited<ReturnType<Harness['gql']>> | undefined;
    const statements = await statementsDuring(async () => {
      res = await h.gql('mutation($lines: [LineInput!]!) { addCartLines(lines: $lines) { cart { id } userErrors { code } } }', { lines });
    });
    expect(statements).toBe(0);
    expect(res!.status).toBe(400);
    expect(res!.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['lines'] });
    expect((await h.sql('select count(*)::int as n from cart'))[0].n).toBe(carts);
  });

  it('a quantity out of its range is refused, not clamped', async () => {
    const [row] = await h.sql(`select s.id from sku s join product p on p.id = s.product_id where p.publication = 'published' and s.stock > 5 limit 1`);
    const res = await h.gql('mutation($lines: [LineInput!]!) { addCartLines(lines: $lines) { cart { id } userErrors { code } } }', {
      lines: [{ skuId: toGlobalId('Sku', row.id), quantity: 100_000 }],
    });
    expect(res.status).toBe(400);
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['lines', '0', 'quantity'] });
  });
});

describe('scalars', () => {
  const FILTER = 'query($p: Decimal) { products(first: 1, filter: { minPrice: $p }) { nodes { id } } }';

  it.each(['NaN', '-1', '0.001', '', '1e309', 'Infinity', '１２'])('a Decimal variable %j is a 400 naming the variable', async (value) => {
    const res = await h.gql(FILTER, { p: value });
    expect(res.status).toBe(400);
    expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toContain('$p');
  });

  it.each([12.5, true, { amount: '1' }, ['1']])('a Decimal variable of the wrong JSON type (%j) is a 400', async (value) => {
    const res = await h.gql(FILTER, { p: value });
    expect(res.status).toBe(400);
    expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('a Decimal literal is checked the same way', async () => {
    const res = await h.gql('{ products(first: 1, filter: { minPrice: "NaN" }) { nodes { id } } }');
    expect(res.status).toBe(400);
    expect(res.errors![0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it.each(['yesterday', '2026-13-45T00:00:00Z', '', 'x'.repeat(10_000)])('a DateTimeISO variable (case %#) is a 400', async (value) => {
    const res = await h.gql('query($f: DateTimeISO!) { myTeam { size sales(from: $f, to: "2027-01-01T00:00:00Z") { amount } } }', { f: value });
    expect(res.status).toBe(400);
    expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it.each([2 ** 31, -(2 ** 31) - 1, 1.5, '1'])('an Int variable %j is a 400', async (value) => {
    const res = await h.gql('query($n: Int) { products(first: $n) { nodes { id } } }', { n: value });
    expect(res.status).toBe(400);
    expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('an Int out of its documented range is a 400 with the path', async () => {
    const res = await h.gql('query($n: Int) { products(first: $n) { nodes { id } } }', { n: 101 });
    expect(res.status).toBe(400);
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['first'] });
    expect(res.errors![0].message).toContain('from 0 to 100');
  });
});

describe('variables', () => {
  it('an undeclared variable nested 20,000 levels deep is a 400', async () => {
    // Written as text: serialising it with JSON.stringify would overflow the test's own stack.
    const body = `{"query":"{ __typename }","variables":{"deep":${'['.repeat(20_000)}"leaf"${']'.repeat(20_000)}}}`;
    const res = await request(h.app.http).post('/graphql').set('content-type', 'application/json').set('x-storefront-key', DEMO.storefrontPublicKey).send(body);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('text with a NUL character is a 400, inline or in variables', async () => {
    const inline = await h.gql('{ product(slug: "a\\u0000b") { id } }');
    expect(inline.status).toBe(400);
    const variable = await h.gql('query($s: String!) { product(slug: $s) { id } }', { s: 'a\u0000b' });
    expect(variable.status).toBe(400);
    expect(variable.errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('text inputs', () => {
  it('an over-long cancel reason is refused, not cut, and the order stays as it was', async () => {
    const token = await h.customerToken();
    const [row] = await h.sql(
      `select s.id from sku s join product p on p.id = s.product_id where p.publication = 'published' and p.sale_starts_at is null and s.stock > 5 limit 1`,
    );
    const placed = await h.gql(
      'mutation($input: CheckoutInput!) { checkout(input: $input) { order { id } userErrors { code message } } }',
      {
        input: {
          lines: [{ skuId: toGlobalId('Sku', row.id), quantity: 1 }],
          shippingAddress: { name: 'Alice', phone: '13800000000', region: 'Shanghai', detail: '1 Road' },
          idempotencyKey: `limits-${Date.now()}`,
        },
      },
      { token },
    );
    expect(placed.data.checkout.userErrors).toEqual([]);
    const orderId = placed.data.checkout.order.id;
    const res = await h.gql(
      'mutation($id: ID!, $r: String) { cancelOrder(orderId: $id, reason: $r) { order { status } userErrors { code } } }',
      { id: orderId, r: 'x'.repeat(10_000) },
      { token },
    );
    expect(res.status).toBe(400);
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['reason'] });
    const status = await h.gql('query($id: ID!) { node(id: $id) { ... on Order { status } } }', { id: orderId }, { token });
    expect(status.data.node.status).toBe('PENDING_PAYMENT');
  });
});

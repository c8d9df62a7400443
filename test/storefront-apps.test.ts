import { createHash } from 'node:crypto';
import { toGlobalId } from '../src/lib/ids';
import { DEMO, startHarness, type Harness } from './harness';

let h: Harness;
let operator: string;
beforeAll(async () => {
  h = await startHarness();
  operator = await h.operatorToken();
});
afterAll(() => h.close());

const APP = 'id name publicKey enabled createdAt';
const CREATE = `mutation($name: String!) { createStorefrontApp(name: $name) { storefrontApp { ${APP} } secretKey userErrors { code field message } } }`;
const UPDATE = `mutation($id: ID!, $input: StorefrontAppUpdateInput!) { updateStorefrontApp(id: $id, input: $input) { storefrontApp { ${APP} } userErrors { code field message } } }`;
const ROTATE = `mutation($id: ID!) { rotateStorefrontAppSecret(id: $id) { storefrontApp { ${APP} } secretKey userErrors { code field message } } }`;
const LIST = `query($first: Int, $after: String, $last: Int, $before: String) {
  storefrontApps(first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { ${APP} } }
  }
}`;
const STOREFRONT_QUERY = '{ categories { id } }';

/** Operator requests go without a storefront key, as an operator console would. */
const asOperator = (query: string, variables?: Record<string, unknown>) => h.gql(query, variables, { token: operator, key: null });

async function createApp(name: string) {
  const res = await asOperator(CREATE, { name });
  expect(res.errors).toBeUndefined();
  expect(res.data.createStorefrontApp.userErrors).toEqual([]);
  return res.data.createStorefrontApp as { storefrontApp: { id: string; name: string; publicKey: string; enabled: boolean }; secretKey: string };
}

async function expectKeyWorks(key: string) {
  const res = await h.gql(STOREFRONT_QUERY, {}, { key });
  expect(res.errors).toBeUndefined();
  expect(res.data.categories.length).toBeGreaterThan(0);
}

async function expectKeyRefused(key: string, message: RegExp) {
  const res = await h.gql(STOREFRONT_QUERY, {}, { key });
  expect(res.status).toBe(401);
  expect(res.data).toBeUndefined();
  expect(res.errors).toHaveLength(1);
  expect(res.errors![0].extensions.code).toBe('INVALID_STOREFRONT_KEY');
  expect(res.errors![0].message).toMatch(message);
}

/** Everything in storefront_app, to prove a refused mutation changed nothing. */
async function appTable(): Promise<string> {
  const [{ digest }] = await h.sql(`select md5(coalesce(string_agg(row_to_json(s)::text, ',' order by id), '')) as digest from storefront_app s`);
  return digest;
}

async function appRows(): Promise<number> {
  const [{ n }] = await h.sql('select count(*)::int as n from storefront_app');
  return n;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('storefront apps', () => {
  it('are created with a public key and a secret key shown once; the secret is stored only as a hash', async () => {
    const before = await appRows();
    const { storefrontApp: app, secretKey } = await createApp('  KOL site 小红  ');
    expect(app).toMatchObject({ name: 'KOL site 小红', enabled: true });
    expect(app.publicKey).toMatch(/^pk_[A-Za-z0-9_-]{20,}$/);
    expect(secretKey).toMatch(/^sk_[A-Za-z0-9_-]{40,}$/);
    expect(await appRows()).toBe(before + 1);

    const [row] = await h.sql('select s.*, row_to_json(s)::text as everything from storefront_app s where public_key = $1', [app.publicKey]);
    expect(row.secret_key_hash).not.toBe(secretKey);
    expect(row.secret_key_hash).toBe(sha256(secretKey));
    expect(row.everything).not.toContain(secretKey.slice(3));

    // Listing the app never shows the secret again.
    const list = await asOperator(LIST, { first: 100 });
    expect(JSON.stringify(list.body)).not.toContain(secretKey);
  });

  it('accept both keys in the X-Storefront-Key header, and register customers through that channel', async () => {
    const { storefrontApp: app, secretKey } = await createApp('Mobile app');
    await expectKeyWorks(app.publicKey);
    await expectKeyWorks(secretKey);

    const reg = await h.gql(
      'mutation($input: RegisterInput!) { register(input: $input) { account { id } userErrors { code } } }',
      { input: { email: 'via-mobile@example.com', password: 'mobile-user-1' } },
      { key: secretKey },
    );
    expect(reg.data.register.userErrors).toEqual([]);
    const [row] = await h.sql('select a.registered_via_id = s.id as same from account a, storefront_app s where a.email = $1 and s.public_key = $2', [
      'via-mobile@example.com',
      app.publicKey,
    ]);
    expect(row.same).toBe(true);
  });

  it('refuse unknown keys', async () => {
    for (const key of ['pk_unknown', 'sk_unknown', 'garbage', DEMO.storefrontPublicKey.replace('pk_', 'sk_'), DEMO.storefrontSecretKey.replace('sk_', 'pk_')]) {
      await expectKeyRefused(key, /Unknown storefront key/);
    }
  });

  it('refuse both keys at once when disabled, and accept them again when re-enabled', async () => {
    const { storefrontApp: app, secretKey } = await createApp('Live room page');
    // Used first, so both keys sit in the per-process cache as valid.
    await expectKeyWorks(app.publicKey);
    await expectKeyWorks(secretKey);

    const off = await asOperator(UPDATE, { id: app.id, input: { enabled: false } });
    expect(off.data.updateStorefrontApp.userErrors).toEqual([]);
    expect(off.data.updateStorefrontApp.storefrontApp).toMatchObject({ id: app.id, name: 'Live room page', enabled: false, publicKey: app.publicKey });
    expect((await h.sql('select enabled from storefront_app where public_key = $1', [app.publicKey]))[0].enabled).toBe(false);
    await expectKeyRefused(app.publicKey, /disabled/);
    await expectKeyRefused(secretKey, /disabled/);
    // Other apps are not affected.
    await expectKeyWorks(DEMO.storefrontPublicKey);

    const renamed = await asOperator(UPDATE, { id: app.id, input: { name: 'Live room page (paused)' } });
    expect(renamed.data.updateStorefrontApp.storefrontApp).toMatchObject({ name: 'Live room page (paused)', enabled: false });
    await expectKeyRefused(app.publicKey, /disabled/);

    const on = await asOperator(UPDATE, { id: app.id, input: { enabled: true } });
    expect(on.data.updateStorefrontApp.storefrontApp).toMatchObject({ name: 'Live room page (paused)', enabled: true });
    await expectKeyWorks(app.publicKey);
    await expectKeyWorks(secretKey);
  });

  it('get a new secret key on rotation: the old one stops working at once, the public key stays', async () => {
    const { storefrontApp: app, secretKey: oldSecret } = await createApp('Partner server');
    await expectKeyWorks(oldSecret);

    const res = await asOperator(ROTATE, { id: app.id });
    expect(res.data.rotateStorefrontAppSecret.userErrors).toEqual([]);
    const newSecret: string = res.data.rotateStorefrontAppSecret.secretKey;
    expect(newSecret).toMatch(/^sk_/);
    expect(newSecret).not.toBe(oldSecret);
    expect(res.data.rotateStorefrontAppSecret.storefrontApp).toMatchObject({ id: app.id, publicKey: app.publicKey, enabled: true });

    await expectKeyRefused(oldSecret, /Unknown storefront key/);
    await expectKeyWorks(newSecret);
    await expectKeyWorks(app.publicKey);
    const [row] = await h.sql('select secret_key_hash from storefront_app where public_key = $1', [app.publicKey]);
    expect(row.secret_key_hash).toBe(sha256(newSecret));
  });

  it('are listed newest first, a page at a time', async () => {
    for (let i = 1; i <= 5; i++) await createApp(`Paging app ${i}`);
    const [{ n }] = await h.sql('select count(*)::int as n from storefront_app');
    const expected = (await h.sql('select id from storefront_app order by created_at desc, id desc')).map((r) => toGlobalId('StorefrontApp', r.id));

    const seen: string[] = [];
    const cursors: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: any = await asOperator(LIST, { first: 2, after });
      expect(res.errors).toBeUndefined();
      const page = res.data.storefrontApps;
      expect(page.totalCount).toBe(n);
      expect(page.edges.length).toBeLessThanOrEqual(2);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...page.edges.map((e: any) => e.node.id));
      cursors.push(...page.edges.map((e: any) => e.cursor));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);

    const back = (await asOperator(LIST, { last: 2, before: cursors[4] })).data.storefrontApps;
    expect(back.edges.map((e: any) => e.node.id)).toEqual(expected.slice(2, 4));
    expect(back.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });

    const tooMany = await asOperator(LIST, { first: 101 });
    expect(tooMany.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(tooMany.errors![0].message).toMatch(/first must be from 0 to 100/);
    const badCursor = await asOperator(LIST, { first: 2, after: 'not-a-cursor' });
    expect(badCursor.errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('are reachable with node(id:) by operators only', async () => {
    const { storefrontApp: app } = await createApp('Node lookup');
    const query = 'query($id: ID!) { node(id: $id) { id ... on StorefrontApp { name } } }';
    expect((await asOperator(query, { id: app.id })).data.node).toEqual({ id: app.id, name: 'Node lookup' });
    const customer = await h.gql(query, { id: app.id }, { token: await h.customerToken() });
    expect(customer.errors).toBeUndefined();
    expect(customer.data.node).toBeNull();
  });

  it('refuse a name that is empty or longer than 80 characters, writing nothing', async () => {
    const before = await appTable();
    for (const name of ['', '   ']) {
      const res = await asOperator(CREATE, { name });
      expect(res.errors).toBeUndefined();
      expect(res.data.createStorefrontApp).toEqual({
        storefrontApp: null,
        secretKey: null,
        userErrors: [{ code: 'INVALID_NAME', field: ['name'], message: 'Name must be 1 to 80 characters' }],
      });
    }
    // Longer than 80 characters (counted as people count them): refused at the edge before anything runs.
    for (const name of ['x'.repeat(81), '名'.repeat(81)]) {
      const res = await asOperator(CREATE, { name });
      expect(res.status).toBe(400);
      expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['name'] });
      expect(res.errors![0].message).toMatch(/at most 80 characters/);
    }
    expect(await appTable()).toBe(before);

    const { storefrontApp: app } = await createApp('x'.repeat(80));
    expect(app.name).toHaveLength(80);
    const unchanged = await appTable();
    const res = await asOperator(UPDATE, { id: app.id, input: { name: '' } });
    expect(res.data.updateStorefrontApp).toEqual({
      storefrontApp: null,
      userErrors: [{ code: 'INVALID_NAME', field: ['input', 'name'], message: 'Name must be 1 to 80 characters' }],
    });
    const tooLong = await asOperator(UPDATE, { id: app.id, input: { name: 'y'.repeat(81), enabled: false } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'name'] });
    expect(await appTable()).toBe(unchanged);
  });

  it('answer NOT_FOUND for an unknown id, writing nothing', async () => {
    const [product] = await h.sql('select id from product limit 1');
    const before = await appTable();
    for (const id of [toGlobalId('StorefrontApp', '00000000-0000-7000-8000-000000000000'), 'not-an-id', toGlobalId('Product', product.id)]) {
      const update = await asOperator(UPDATE, { id, input: { enabled: false } });
      expect(update.data.updateStorefrontApp).toEqual({
        storefrontApp: null,
        userErrors: [{ code: 'NOT_FOUND', field: ['id'], message: 'No storefront app has this id' }],
      });
      const rotate = await asOperator(ROTATE, { id });
      expect(rotate.data.rotateStorefrontAppSecret).toEqual({
        storefrontApp: null,
        secretKey: null,
        userErrors: [{ code: 'NOT_FOUND', field: ['id'], message: 'No storefront app has this id' }],
      });
    }
    expect(await appTable()).toBe(before);
  });
});

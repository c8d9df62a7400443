import { DEMO, startHarness, type Harness } from './harness';
import { products } from './shop';

/** Saved shipping addresses over HTTP: the address book, its bound and its one default, and checkout by addressId. */
let h: Harness;
let op: string;

beforeAll(async () => {
  h = await startHarness();
  op = await h.operatorToken();
});
afterAll(() => h.close());

const FIELDS = 'id name phone region detail isDefault createdAt updatedAt';
const ADD = `mutation($input: AddSavedAddressInput!) { addSavedAddress(input: $input) { address { ${FIELDS} } userErrors { code field message } } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateSavedAddressInput!) { updateSavedAddress(id: $id, input: $input) { address { ${FIELDS} } userErrors { code field message } } }`;
const SET_DEFAULT = `mutation($id: ID!) { setDefaultSavedAddress(id: $id) { address { id isDefault } userErrors { code field message } } }`;
const REMOVE = `mutation($id: ID!) { removeSavedAddress(id: $id) { removedAddressId addresses { id isDefault } userErrors { code field message } } }`;
const BOOK = '{ me { addresses { id name isDefault } } }';
const CHECKOUT = `mutation($input: CheckoutInput!) {
  checkout(input: $input) { order { id shippingAddress { name phone region detail } } userErrors { code field message } }
}`;

const HOME = { name: '李雷', phone: '139 0000 0001', region: '浙江省 杭州市 西湖区', detail: '文三路 1 号' };
let serial = 0;

/** A new customer, registered through the API: its token and id. */
async function customer(): Promise<{ token: string; id: string }> {
  const email = `shopper-${++serial}@addresses.example`;
  const res = await h.gql('mutation($i: RegisterInput!) { register(input: $i) { account { id } tokens { accessToken } userErrors { code } } }', {
    i: { email, password: 'address-book-2026' },
  });
  expect(res.data.register.userErrors).toEqual([]);
  const [{ id }] = await h.sql('select id from account where email = $1', [email]);
  return { token: res.data.register.tokens.accessToken, id };
}

async function add(token: string, input: Record<string, unknown> = {}) {
  const res = await h.gql(ADD, { input: { ...HOME, ...input } }, { token });
  expect(res.errors).toBeUndefined();
  return res.data.addSavedAddress;
}

const book = async (token: string) => (await h.gql(BOOK, {}, { token })).data.me.addresses as { id: string; name: string; isDefault: boolean }[];
const rows = async (accountId: string) => (await h.sql('select count(*)::int as n from account_address where account_id = $1', [accountId]))[0].n as number;
const defaults = async (accountId: string) =>
  (await h.sql('select count(*)::int as n from account_address where account_id = $1 and is_default', [accountId]))[0].n as number;

describe('the address book', () => {
  it('saves addresses: the first becomes the default, makeDefault moves it; listed default first, then newest', async () => {
    const { token } = await customer();
    expect(await book(token)).toEqual([]);
    const first = await add(token);
    expect(first.userErrors).toEqual([]);
    expect(first.address).toMatchObject({ name: '李雷', phone: '13900000001', region: '浙江省 杭州市 西湖区', detail: '文三路 1 号', isDefault: true });
    const second = await add(token, { name: '  韩梅梅 ' });
    expect(second.address).toMatchObject({ name: '韩梅梅', isDefault: false });
    const third = await add(token, { name: '公司', makeDefault: true });
    expect(third.address.isDefault).toBe(true);
    expect(await book(token)).toEqual([
      { id: third.address.id, name: '公司', isDefault: true },
      { id: second.address.id, name: '韩梅梅', isDefault: false },
      { id: first.address.id, name: '李雷', isDefault: false },
    ]);
    // A saved address is a node its account can refetch.
    const node = await h.gql('query($id: ID!) { node(id: $id) { ... on SavedAddress { name isDefault } } }', { id: second.address.id }, { token });
    expect(node.data.node).toEqual({ name: '韩梅梅', isDefault: false });
  });

  it('updates the fields given and keeps the others', async () => {
    const { token } = await customer();
    const { address } = await add(token);
    const res = await h.gql(UPDATE, { id: address.id, input: { detail: '文三路 2 号', phone: '+44 20 7946 0958' } }, { token });
    expect(res.data.updateSavedAddress.userErrors).toEqual([]);
    expect(res.data.updateSavedAddress.address).toMatchObject({ name: '李雷', phone: '+442079460958', detail: '文三路 2 号', isDefault: true });
    expect(new Date(res.data.updateSavedAddress.address.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(address.updatedAt).getTime());
  });

  it('refuses bad fields with a code naming the field, and writes nothing', async () => {
    const { token, id } = await customer();
    const { address } = await add(token);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ name: '   ' }, 'ADDRESS_FIELD_REQUIRED', 'name'],
      [{ region: '' }, 'ADDRESS_FIELD_REQUIRED', 'region'],
      [{ detail: ' ' }, 'ADDRESS_FIELD_REQUIRED', 'detail'],
      [{ region: '杭' }, 'ADDRESS_FIELD_LENGTH', 'region'],
      [{ detail: 'x' }, 'ADDRESS_FIELD_LENGTH', 'detail'],
      [{ phone: '12345' }, 'INVALID_ADDRESS_PHONE', 'phone'],
      [{ phone: '23900000001' }, 'INVALID_ADDRESS_PHONE', 'phone'],
    ];
    const [before] = await h.sql("select md5(string_agg(row_to_json(t)::text, ',')) as digest from account_address t where account_id = $1", [id]);
    for (const [fields, code, field] of cases) {
      const added = await add(token, fields);
      expect({ fields, added }).toEqual({ fields, added: { address: null, userErrors: [{ code, field: ['input', field], message: expect.any(String) }] } });
      const updated = (await h.gql(UPDATE, { id: address.id, input: fields }, { token })).data.updateSavedAddress;
      expect({ fields, updated }).toEqual({ fields, updated: { address: null, userErrors: [{ code, field: ['input', field], message: expect.any(String) }] } });
    }
    expect((await add(token, { region: 'x' })).userErrors[0].message).toMatch(/2 to 100 characters/);
    // Past a documented bound: refused at the edge (HTTP 400) before anything runs.
    const long = await h.gql(ADD, { input: { ...HOME, name: '名'.repeat(41) } }, { token });
    expect(long.status).toBe(400);
    expect(long.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'name'] });
    const [after] = await h.sql("select md5(string_agg(row_to_json(t)::text, ',')) as digest from account_address t where account_id = $1", [id]);
    expect(after).toEqual(before);
  });

  it("another account's address is ADDRESS_NOT_FOUND to every mutation, invisible to node(id:), and the list shows only one's own", async () => {
    const owner = await customer();
    const other = await customer();
    const { address } = await add(owner.token);
    for (const [query, variables, key] of [
      [UPDATE, { id: address.id, input: { name: '偷' } }, 'updateSavedAddress'],
      [SET_DEFAULT, { id: address.id }, 'setDefaultSavedAddress'],
      [REMOVE, { id: address.id }, 'removeSavedAddress'],
      [REMOVE, { id: 'bm90LWFuLWlk' }, 'removeSavedAddress'],
    ] as const) {
      const res = await h.gql(query, variables, { token: other.token });
      expect(res.data[key].userErrors).toEqual([{ code: 'ADDRESS_NOT_FOUND', field: ['id'], message: expect.any(String) }]);
    }
    expect((await h.gql('query($id: ID!) { node(id: $id) { id } }', { id: address.id }, { token: other.token })).data.node).toBeNull();
    expect(await book(other.token)).toEqual([]);
    expect(await book(owner.token)).toEqual([{ id: address.id, name: '李雷', isDefault: true }]);
    // Signed out: no address book at all.
    expect((await h.gql(ADD, { input: HOME })).errors![0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('removing the default hands it to the newest address left; removing the last leaves none', async () => {
    const { token, id } = await customer();
    const a = (await add(token, { name: 'A' })).address;
    const b = (await add(token, { name: 'B' })).address;
    const c = (await add(token, { name: 'C' })).address;
    const removed = (await h.gql(REMOVE, { id: a.id }, { token })).data.removeSavedAddress;
    expect(removed).toEqual({
      removedAddressId: a.id,
      addresses: [
        { id: c.id, isDefault: true },
        { id: b.id, isDefault: false },
      ],
      userErrors: [],
    });
    await h.gql(REMOVE, { id: b.id }, { token });
    expect((await h.gql(REMOVE, { id: c.id }, { token })).data.removeSavedAddress).toEqual({ removedAddressId: c.id, addresses: [], userErrors: [] });
    expect(await rows(id)).toBe(0);
    expect((await h.gql(REMOVE, { id: c.id }, { token })).data.removeSavedAddress.userErrors[0].code).toBe('ADDRESS_NOT_FOUND');
  });

  it('keeps at most 20 addresses, even when many are added at once', async () => {
    const { token, id } = await customer();
    for (let i = 0; i < 17; i++) expect((await add(token, { name: `地址 ${i}` })).userErrors).toEqual([]);
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => add(token, { name: `并发 ${i}` })));
    expect(results.filter((r) => r.address).length).toBe(3);
    for (const r of results.filter((x) => !x.address)) {
      expect(r.userErrors).toEqual([{ code: 'TOO_MANY_ADDRESSES', field: null, message: expect.stringMatching(/20 addresses/) }]);
    }
    expect(await rows(id)).toBe(20);
    expect(await defaults(id)).toBe(1);
  });

  it('parallel "set default" calls leave exactly one default, the one of the call that ran last', async () => {
    const { token, id } = await customer();
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push((await add(token, { name: `候选 ${i}` })).address.id);
    const results = await Promise.all(ids.map((addressId) => h.gql(SET_DEFAULT, { id: addressId }, { token })));
    for (const r of results) expect(r.data.setDefaultSavedAddress.userErrors).toEqual([]);
    expect(await defaults(id)).toBe(1);
    const [winner] = await h.sql('select id from account_address where account_id = $1 and is_default', [id]);
    const [latest] = await h.sql('select id from account_address where account_id = $1 order by updated_at desc, id desc limit 1', [id]);
    expect(winner.id).toBe(latest.id);
    // The same address chosen from several tabs at once.
    const again = await Promise.all(Array.from({ length: 5 }, () => h.gql(SET_DEFAULT, { id: ids[0] }, { token })));
    for (const r of again) expect(r.data.setDefaultSavedAddress).toEqual({ address: { id: ids[0], isDefault: true }, userErrors: [] });
    expect(await defaults(id)).toBe(1);
    // The database itself refuses a second default.
    await expect(h.sql('update account_address set is_default = true where account_id = $1', [id])).rejects.toThrow(/account_address_one_default/);
  });
});

describe('checkout to a saved address', () => {
  it('copies the saved address onto the order; later changes to the address do not move the order', async () => {
    const { token } = await customer();
    const [sku] = await products(h, op, ['19.90'], 10);
    const { address } = await add(token);
    const res = await h.gql(CHECKOUT, { input: { lines: [{ skuId: sku.skuId, quantity: 1 }], addressId: address.id } }, { token });
    expect(res.data.checkout.userErrors).toEqual([]);
    expect(res.data.checkout.order.shippingAddress).toEqual({ name: '李雷', phone: '13900000001', region: '浙江省 杭州市 西湖区', detail: '文三路 1 号' });
    await h.gql(UPDATE, { id: address.id, input: { detail: '搬家了 9 号' } }, { token });
    const order = await h.gql('query($id: ID!) { order(id: $id) { shippingAddress { detail } } }', { id: res.data.checkout.order.id }, { token });
    expect(order.data.order.shippingAddress.detail).toBe('文三路 1 号');
  });

  it("refuses another account's address (ADDRESS_NOT_FOUND) and both or neither of shippingAddress and addressId (ADDRESS_REQUIRED), placing nothing", async () => {
    const buyer = await customer();
    const other = await customer();
    const [sku] = await products(h, op, ['9.90'], 10);
    const lines = [{ skuId: sku.skuId, quantity: 1 }];
    const theirs = (await add(other.token)).address;
    const mine = (await add(buyer.token)).address;
    const shippingAddress = { name: '王五', phone: '13700137000', region: '北京市 朝阳区', detail: '建国路 88 号' };
    const cases: [Record<string, unknown>, string, string[]][] = [
      [{ addressId: theirs.id }, 'ADDRESS_NOT_FOUND', ['input', 'addressId']],
      [{ addressId: 'bm90LWFuLWlk' }, 'ADDRESS_NOT_FOUND', ['input', 'addressId']],
      [{}, 'ADDRESS_REQUIRED', ['input', 'shippingAddress']],
      [{ addressId: mine.id, shippingAddress }, 'ADDRESS_REQUIRED', ['input', 'shippingAddress']],
    ];
    for (const [extra, code, field] of cases) {
      const res = await h.gql(CHECKOUT, { input: { lines, ...extra } }, { token: buyer.token });
      expect(res.data.checkout).toEqual({ order: null, userErrors: [{ code, field, message: expect.any(String) }] });
    }
    expect(await h.sql('select 1 from customer_order where customer_id = $1', [buyer.id])).toEqual([]);
    expect(await h.sql('select stock from sku where code = $1', [sku.code])).toEqual([{ stock: 10 }]);
  });

  it('the demo customer has a saved default address', async () => {
    const token = await h.customerToken();
    expect(await book(token)).toEqual([{ id: expect.any(String), name: 'Alice', isDefault: true }]);
    const me = await h.gql('{ me { phone } }', {}, { token });
    expect(me.data.me.phone).toBe(DEMO.customerPhone);
  });
});

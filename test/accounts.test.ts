import { SignJWT } from 'jose';
import { loadConfig } from '../src/config';
import { DEMO, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const REGISTER = `mutation($input: RegisterInput!) {
  register(input: $input) {
    account { id email phone displayName role createdAt }
    tokens { accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt }
    userErrors { code field message }
  }
}`;
const LOGIN = `mutation($input: LoginInput!) {
  login(input: $input) { account { id email phone role } tokens { accessToken refreshToken } userErrors { code field message } }
}`;
const REFRESH = `mutation($refreshToken: String!) {
  refreshAccessToken(refreshToken: $refreshToken) { account { id email } tokens { accessToken refreshToken } userErrors { code field message } }
}`;
const LOGOUT = 'mutation($refreshToken: String!) { logout(refreshToken: $refreshToken) { loggedOut userErrors { code message } } }';
const ME = '{ me { id email phone displayName role } }';

const register = (input: Record<string, unknown>, key?: string | null) => h.gql(REGISTER, { input }, { key });
const login = (loginName: string, password: string) => h.gql(LOGIN, { input: { login: loginName, password } }, { key: null });
const refresh = (refreshToken: string) => h.gql(REFRESH, { refreshToken });

async function accountRows(): Promise<number> {
  const [{ n }] = await h.sql('select count(*)::int as n from account');
  return n;
}

async function refreshTokenRows(): Promise<number> {
  const [{ n }] = await h.sql('select count(*)::int as n from refresh_token');
  return n;
}

/** A refused registration: the code and field in userErrors, no session, and nothing in the database. */
async function expectRefused(input: Record<string, unknown>, code: string, field: string[], message?: RegExp) {
  const [accountsBefore, tokensBefore] = [await accountRows(), await refreshTokenRows()];
  const res = await register(input);
  expect(res.errors).toBeUndefined();
  const { account, tokens, userErrors } = res.data.register;
  expect(account).toBeNull();
  expect(tokens).toBeNull();
  expect(userErrors).toHaveLength(1);
  expect(userErrors[0]).toMatchObject({ code, field });
  expect(userErrors[0].message.length).toBeGreaterThan(10);
  if (message) expect(userErrors[0].message).toMatch(message);
  expect(await accountRows()).toBe(accountsBefore);
  expect(await refreshTokenRows()).toBe(tokensBefore);
  return userErrors[0];
}

/** A registration outside the documented bounds of its input: refused at the edge (HTTP 400) before anything runs. */
async function expectRefusedAtEdge(input: Record<string, unknown>, field: string[], message: RegExp) {
  const [accountsBefore, tokensBefore] = [await accountRows(), await refreshTokenRows()];
  const res = await register(input);
  expect(res.status).toBe(400);
  expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  expect(res.errors![0].message).toMatch(message);
  expect(res.data?.register).toBeUndefined();
  expect(await accountRows()).toBe(accountsBefore);
  expect(await refreshTokenRows()).toBe(tokensBefore);
}

/** Signs an access token the way the server does, with the test configuration's secret. */
function signToken(claims: Record<string, unknown>, subject: string, expiresAt: number, secret = loadConfig({ NODE_ENV: 'test' }).jwtSecret) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(subject)
    .setIssuer('social-commerce-api')
    .setIssuedAt(expiresAt - 900)
    .setExpirationTime(expiresAt)
    .sign(new TextEncoder().encode(secret));
}

describe('register', () => {
  it('creates a customer with an email address, signs it in and records the storefront app as its channel', async () => {
    const before = await accountRows();
    const res = await register({ email: '  Mei.Lin@Example.COM ', password: 'tea-lover-2026' });
    expect(res.errors).toBeUndefined();
    const { account, tokens, userErrors } = res.data.register;
    expect(userErrors).toEqual([]);
    expect(account).toMatchObject({ email: 'mei.lin@example.com', phone: null, displayName: 'mei.lin', role: 'CUSTOMER' });
    expect(tokens.accessToken).toEqual(expect.any(String));
    expect(tokens.refreshToken).toMatch(/^rt_/);
    expect(new Date(tokens.accessTokenExpiresAt).getTime()).toBeGreaterThan(Date.now());
    expect(new Date(tokens.refreshTokenExpiresAt).getTime()).toBeGreaterThan(new Date(tokens.accessTokenExpiresAt).getTime());
    expect(await accountRows()).toBe(before + 1);

    const [row] = await h.sql('select a.registered_via_id, a.role, a.password_hash from account a where a.email = $1', ['mei.lin@example.com']);
    const [demoApp] = await h.sql('select id from storefront_app where public_key = $1', [DEMO.storefrontPublicKey]);
    expect(row.registered_via_id).toBe(demoApp.id);
    expect(row.role).toBe('customer');
    expect(row.password_hash).toMatch(/^\$argon2id\$/);

    const me = await h.gql(ME, {}, { token: tokens.accessToken });
    expect(me.data.me).toMatchObject({ id: account.id, email: 'mei.lin@example.com' });
  });

  it('creates a customer with a phone number, stored without separators', async () => {
    const res = await register({ phone: '139-1234 5678', password: 'green-tea-88', displayName: '  小林  ' });
    expect(res.data.register.userErrors).toEqual([]);
    expect(res.data.register.account).toMatchObject({ email: null, phone: '13912345678', displayName: '小林', role: 'CUSTOMER' });
    const intl = await register({ phone: '+44 7700 900123', password: 'london-fog-7' });
    expect(intl.data.register.account).toMatchObject({ phone: '+447700900123', displayName: '用户0123' });
  });

  it('records the app of a secret key as the channel too', async () => {
    const res = await register({ email: 'server-side@example.com', password: 'from-a-server-1' }, DEMO.storefrontSecretKey);
    expect(res.data.register.userErrors).toEqual([]);
    const [row] = await h.sql('select a.registered_via_id = s.id as same from account a, storefront_app s where a.email = $1 and s.public_key = $2', [
      'server-side@example.com',
      DEMO.storefrontPublicKey,
    ]);
    expect(row.same).toBe(true);
  });

  it('needs an email address or a phone number', async () => {
    await expectRefused({ password: 'nothing-else-1' }, 'LOGIN_REQUIRED', ['input', 'email']);
    await expectRefused({ email: '', phone: '', password: 'nothing-else-1' }, 'LOGIN_REQUIRED', ['input', 'email']);
    await expectRefused({ email: null, phone: null, password: 'nothing-else-1' }, 'LOGIN_REQUIRED', ['input', 'email']);
  });

  it('refuses a malformed email address', async () => {
    for (const email of ['not-an-email', 'a@b', '@example.com', 'two words@example.com', 'a@example.c', 'a@@example.com', `${'x'.repeat(65)}@example.com`]) {
      await expectRefused({ email, password: 'good-pass-123' }, 'INVALID_EMAIL', ['input', 'email'], /not an email address/);
    }
    await expectRefusedAtEdge({ email: `a@${'x'.repeat(250)}.com`, password: 'good-pass-123' }, ['input', 'email'], /at most 254 characters/);
  });

  it('refuses a malformed phone number', async () => {
    for (const phone of ['12345', '23800138000', '1380013800', '138001380001', '1380013800a', '+0123456789', '+1', 'phone']) {
      await expectRefused({ phone, password: 'good-pass-123' }, 'INVALID_PHONE', ['input', 'phone'], /not a phone number/);
    }
  });

  it('refuses weak passwords with the reason', async () => {
    const field = ['input', 'password'];
    await expectRefused({ email: 'weak1@example.com', password: 'ab12' }, 'WEAK_PASSWORD', field, /at least 8 characters/);
    await expectRefusedAtEdge({ email: 'weak1@example.com', password: 'a1'.repeat(65) }, field, /at most 128 characters/);
    await expectRefused({ email: 'weak1@example.com', password: 'onlyletters' }, 'WEAK_PASSWORD', field, /letters and digits/);
    await expectRefused({ email: 'weak1@example.com', password: '1234567890' }, 'WEAK_PASSWORD', field, /letters and digits/);
    await expectRefused({ email: 'Wangfang@example.com', password: 'wangFANG2026' }, 'WEAK_PASSWORD', field, /must not contain your email/);
    await expectRefused({ phone: '13800138000', password: 'x13800138000' }, 'WEAK_PASSWORD', field, /must not contain your email or phone/);
    await expectRefused({ email: 'weak1@example.com', password: 'Password123' }, 'WEAK_PASSWORD', field, /too easy/);
  });

  it('does not count a very short email name as contained in the password', async () => {
    const res = await register({ email: 'li@example.com', password: 'lightning-2026' });
    expect(res.data.register.userErrors).toEqual([]);
  });

  it('refuses a display name that is too long', async () => {
    await expectRefusedAtEdge({ email: 'named@example.com', password: 'good-pass-123', displayName: 'x'.repeat(41) }, ['input', 'displayName'], /at most 40/);
  });

  it('refuses NUL characters before anything runs', async () => {
    const before = await accountRows();
    for (const input of [
      { email: 'nul\u0000@example.com', password: 'good-pass-123' },
      { email: 'nul@example.com', password: 'good-pass-123', displayName: 'a\u0000b' },
    ]) {
      const res = await register(input);
      expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
      expect(res.errors![0].message).toMatch(/NUL/);
    }
    expect(await accountRows()).toBe(before);
  });

  it('refuses an email address already taken, whatever its case', async () => {
    expect((await register({ email: 'dup@example.com', password: 'first-one-1' })).data.register.userErrors).toEqual([]);
    const taken = await expectRefused({ email: 'dup@example.com', password: 'second-one-2' }, 'EMAIL_TAKEN', ['input', 'email'], /already exists/);
    expect(taken.message).toBe('An account with this email address already exists');
    await expectRefused({ email: 'DUP@Example.com', password: 'second-one-2' }, 'EMAIL_TAKEN', ['input', 'email']);
    await expectRefused({ email: ' dup@example.COM ', phone: '13600000009', password: 'second-one-2' }, 'EMAIL_TAKEN', ['input', 'email']);
    await expectRefused({ email: DEMO.customerEmail.toUpperCase(), password: 'second-one-2' }, 'EMAIL_TAKEN', ['input', 'email']);
    expect(await h.sql('select 1 from account where phone = $1', ['13600000009'])).toEqual([]);
  });

  it('refuses a phone number already taken, however it is written', async () => {
    expect((await register({ phone: '13700000001', password: 'first-one-1' })).data.register.userErrors).toEqual([]);
    await expectRefused({ phone: '13700000001', password: 'second-one-2' }, 'PHONE_TAKEN', ['input', 'phone'], /phone number already exists/);
    await expectRefused({ phone: '137 0000 0001', password: 'second-one-2' }, 'PHONE_TAKEN', ['input', 'phone']);
    await expectRefused({ phone: '137-0000-0001', email: 'fresh@example.com', password: 'second-one-2' }, 'PHONE_TAKEN', ['input', 'phone']);
    expect(await h.sql('select 1 from account where email = $1', ['fresh@example.com'])).toEqual([]);
  });

  it("needs a storefront key: the account is a sales channel's customer", async () => {
    const before = await accountRows();
    const res = await register({ email: 'nokey@example.com', password: 'good-pass-123' }, null);
    expect(res.status).toBe(401);
    expect(res.data).toBeUndefined();
    expect(res.errors![0].extensions.code).toBe('STOREFRONT_KEY_REQUIRED');
    expect(res.errors![0].message).toMatch(/X-Storefront-Key/);
    expect(await accountRows()).toBe(before);
  });

  it('gives one account and EMAIL_TAKEN to the rest when 10 register the same email at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => register({ email: i % 2 ? 'Race@Example.com' : 'race@example.com', password: `parallel-${i}x` })),
    );
    for (const r of results) expect(r.errors).toBeUndefined();
    const winners = results.filter((r) => r.data.register.account);
    const losers = results.filter((r) => !r.data.register.account);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(9);
    for (const r of losers) expect(r.data.register.userErrors.map((e: any) => e.code)).toEqual(['EMAIL_TAKEN']);
    expect(await h.sql('select id from account where email = $1', ['race@example.com'])).toHaveLength(1);
    const [{ n }] = await h.sql('select count(*)::int as n from refresh_token t join account a on a.id = t.account_id where a.email = $1', [
      'race@example.com',
    ]);
    expect(n).toBe(1);
  });

  it('gives one account and PHONE_TAKEN to the rest when 10 register the same phone at once', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => register({ phone: '13500000077', password: `parallel-${i}x` })));
    expect(results.filter((r) => r.data.register.account)).toHaveLength(1);
    const codes = results.flatMap((r) => r.data.register.userErrors.map((e: any) => e.code));
    expect(codes).toEqual(Array(9).fill('PHONE_TAKEN'));
    expect(await h.sql('select id from account where phone = $1', ['13500000077'])).toHaveLength(1);
  });
});

describe('login', () => {
  beforeAll(async () => {
    await register({ email: 'login.user@example.com', phone: '13300000003', password: 'open-sesame-3' });
  });

  it('signs in with an email address, in any case', async () => {
    const res = await login('Login.User@EXAMPLE.com', 'open-sesame-3');
    expect(res.data.login.userErrors).toEqual([]);
    expect(res.data.login.account).toMatchObject({ email: 'login.user@example.com', role: 'CUSTOMER' });
    const me = await h.gql(ME, {}, { token: res.data.login.tokens.accessToken });
    expect(me.data.me.email).toBe('login.user@example.com');
  });

  it('signs in with a phone number, however it is written', async () => {
    for (const phone of ['13300000003', '133 0000 0003', '133-0000-0003']) {
      const res = await login(phone, 'open-sesame-3');
      expect(res.data.login.userErrors).toEqual([]);
      expect(res.data.login.account.phone).toBe('13300000003');
    }
  });

  it('gives the same INVALID_CREDENTIALS for a wrong password and an unknown login', async () => {
    const results = [
      await login('login.user@example.com', 'open-sesame-4'),
      await login('13300000003', 'wrong-password-1'),
      await login('nobody@example.com', 'open-sesame-3'),
      await login('13300000009', 'open-sesame-3'),
      await login('', ''),
    ];
    const errors = results.map((r) => {
      expect(r.errors).toBeUndefined();
      expect(r.data.login.account).toBeNull();
      expect(r.data.login.tokens).toBeNull();
      return r.data.login.userErrors;
    });
    for (const e of errors) expect(e).toEqual(errors[0]);
    expect(errors[0]).toEqual([{ code: 'INVALID_CREDENTIALS', field: ['input'], message: 'The login or the password is wrong' }]);
  });

  it('works without a storefront key, for operators and customers alike', async () => {
    const operator = await login(DEMO.operatorEmail, DEMO.operatorPassword);
    expect(operator.errors).toBeUndefined();
    expect(operator.data.login.account.role).toBe('OPERATOR');
    const customer = await login(DEMO.customerEmail, DEMO.customerPassword);
    expect(customer.data.login.account.role).toBe('CUSTOMER');
  });
});

describe('me and bearer tokens', () => {
  it('answers the signed-in account, with or without a storefront key', async () => {
    const token = await h.customerToken();
    const withKey = await h.gql(ME, {}, { token });
    expect(withKey.data.me).toMatchObject({ email: DEMO.customerEmail, role: 'CUSTOMER' });
    const withoutKey = await h.gql(ME, {}, { token, key: null });
    expect(withoutKey.data.me).toEqual(withKey.data.me);
    const operator = await h.gql(ME, {}, { token: await h.operatorToken(), key: null });
    expect(operator.data.me).toMatchObject({ email: DEMO.operatorEmail, role: 'OPERATOR' });
  });

  it('is null without a token', async () => {
    const res = await h.gql(ME);
    expect(res.errors).toBeUndefined();
    expect(res.data.me).toBeNull();
    expect((await h.gql(ME, {}, { key: null })).data.me).toBeNull();
  });

  it('refuses garbage, expired, foreign and tampered tokens with UNAUTHENTICATED', async () => {
    const [customer] = await h.sql('select id from account where email = $1', [DEMO.customerEmail]);
    const now = Math.floor(Date.now() / 1000);
    const valid = await h.customerToken();
    const [head, body, signature] = valid.split('.');
    const promoted = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), role: 'operator' })).toString('base64url');
    const cases: [string, RegExp][] = [
      ['garbage', /not valid/],
      ['a.b.c', /not valid/],
      [await signToken({ role: 'customer' }, customer.id, now - 60), /expired/],
      [await signToken({ role: 'customer' }, customer.id, now + 600, 'some-other-deployment-secret-0123456789'), /not valid/],
      [`${head}.${promoted}.${signature}`, /not valid/],
      [await signToken({}, customer.id, now + 600), /malformed/],
    ];
    for (const [token, message] of cases) {
      const res = await h.gql(ME, {}, { token });
      expect(res.status).toBe(401);
      expect(res.data).toBeUndefined();
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0].extensions.code).toBe('UNAUTHENTICATED');
      expect(res.errors![0].message).toMatch(message);
    }
    // A bad token is refused even where no sign-in is needed: the caller meant to be someone.
    const publicQuery = await h.gql('{ categories { id } }', {}, { token: 'garbage' });
    expect(publicQuery.errors![0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a token it accepted a moment ago once the token has expired', async () => {
    const [customer] = await h.sql('select id from account where email = $1', [DEMO.customerEmail]);
    const claims = JSON.parse(Buffer.from((await h.customerToken()).split('.')[1], 'base64url').toString()) as Record<string, unknown>;
    const expiresAt = Math.floor(Date.now() / 1000) + 2;
    const token = await signToken({ role: claims.role, sid: claims.sid }, customer.id, expiresAt);
    expect((await h.gql(ME, {}, { token })).data.me).toMatchObject({ email: DEMO.customerEmail });
    await new Promise((done) => setTimeout(done, expiresAt * 1000 - Date.now() + 50));
    const res = await h.gql(ME, {}, { token });
    expect(res.status).toBe(401);
    expect(res.errors![0].extensions.code).toBe('UNAUTHENTICATED');
    expect(res.errors![0].message).toMatch(/expired/);
  });

  it('refuses a malformed Authorization header with UNAUTHENTICATED', async () => {
    const token = await h.customerToken();
    for (const authorization of [
      `Basic ${Buffer.from('alice:pw').toString('base64')}`,
      'Bearer',
      'Bearer ',
      `Bearer ${token} extra`,
      token,
      `Token ${token}`,
    ]) {
      const res = await h.gql(ME, {}, { headers: { authorization } });
      expect(res.status).toBe(401);
      expect(res.errors![0].extensions.code).toBe('UNAUTHENTICATED');
      expect(res.errors![0].message).toMatch(/Bearer <accessToken>/);
    }
    const lowerCase = await h.gql(ME, {}, { headers: { authorization: `bearer ${token}` } });
    expect(lowerCase.data.me.email).toBe(DEMO.customerEmail);
  });
});

describe('refresh tokens', () => {
  async function session(email: string) {
    const reg = await register({ email, password: 'refresh-me-5' });
    expect(reg.data.register.userErrors).toEqual([]);
    const [row] = await h.sql('select id from account where email = $1', [email]);
    return { ...(reg.data.register as { account: { id: string }; tokens: { accessToken: string; refreshToken: string } }), accountId: row.id as string };
  }

  it('exchanges a refresh token for new tokens, once', async () => {
    const { account, tokens } = await session('refresh1@example.com');
    const first = await refresh(tokens.refreshToken);
    expect(first.data.refreshAccessToken.userErrors).toEqual([]);
    const next = first.data.refreshAccessToken.tokens;
    expect(first.data.refreshAccessToken.account.id).toBe(account.id);
    expect(next.refreshToken).not.toBe(tokens.refreshToken);
    expect((await h.gql(ME, {}, { token: next.accessToken })).data.me.id).toBe(account.id);
    // The new one works in turn, and without a storefront key.
    const chained = await h.gql(REFRESH, { refreshToken: next.refreshToken }, { key: null });
    expect(chained.data.refreshAccessToken.userErrors).toEqual([]);

    // The first, used already, is refused (and ends its session: test/sessions.test.ts).
    const again = await refresh(tokens.refreshToken);
    expect(again.data.refreshAccessToken).toMatchObject({ account: null, tokens: null });
    expect(again.data.refreshAccessToken.userErrors).toEqual([
      { code: 'INVALID_REFRESH_TOKEN', field: ['refreshToken'], message: expect.stringMatching(/already used/) },
    ]);
  });

  it('stores refresh tokens only as hashes', async () => {
    const { accountId, tokens } = await session('refresh-hash@example.com');
    const rows = await h.sql('select token_hash from refresh_token where account_id = $1', [accountId]);
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).not.toContain(tokens.refreshToken);
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses unknown and expired refresh tokens', async () => {
    for (const token of ['rt_unknown', '', 'x'.repeat(100)]) {
      expect((await refresh(token)).data.refreshAccessToken.userErrors[0].code).toBe('INVALID_REFRESH_TOKEN');
    }
    // Longer than any refresh token can be: refused at the edge.
    const tooLong = await refresh('x'.repeat(5000));
    expect(tooLong.status).toBe(400);
    expect(tooLong.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['refreshToken'] });
    const { accountId, tokens } = await session('refresh-expired@example.com');
    await h.sql(`update refresh_token set expires_at = now() - interval '1 second' where account_id = $1`, [accountId]);
    expect((await refresh(tokens.refreshToken)).data.refreshAccessToken.userErrors[0].code).toBe('INVALID_REFRESH_TOKEN');
  });

  it('stops working after logout', async () => {
    const { tokens } = await session('logout@example.com');
    const out = await h.gql(LOGOUT, { refreshToken: tokens.refreshToken }, { key: null });
    expect(out.data.logout).toEqual({ loggedOut: true, userErrors: [] });
    const res = await refresh(tokens.refreshToken);
    expect(res.data.refreshAccessToken.userErrors[0].code).toBe('INVALID_REFRESH_TOKEN');
    expect(res.data.refreshAccessToken.tokens).toBeNull();
    // Logging out twice, or with a token that never existed, is not an error.
    expect((await h.gql(LOGOUT, { refreshToken: tokens.refreshToken })).data.logout).toEqual({ loggedOut: true, userErrors: [] });
    expect((await h.gql(LOGOUT, { refreshToken: 'rt_never_issued' })).data.logout).toEqual({ loggedOut: true, userErrors: [] });
  });

  it('lets exactly one of 10 parallel refreshes with the same token through', async () => {
    const { accountId, tokens } = await session('refresh-race@example.com');
    const results = await Promise.all(Array.from({ length: 10 }, () => refresh(tokens.refreshToken)));
    for (const r of results) expect(r.errors).toBeUndefined();
    const winners = results.filter((r) => r.data.refreshAccessToken.tokens);
    expect(winners).toHaveLength(1);
    const codes = results.flatMap((r) => r.data.refreshAccessToken.userErrors.map((e: any) => e.code));
    expect(codes).toEqual(Array(9).fill('INVALID_REFRESH_TOKEN'));
    const [{ live, total }] = await h.sql(
      'select count(*) filter (where used_at is null)::int as live, count(*)::int as total from refresh_token where account_id = $1',
      [accountId],
    );
    expect({ live, total }).toEqual({ live: 1, total: 2 });
  });
});

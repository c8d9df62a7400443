import pino from 'pino';
import request from 'supertest';
import { loadConfig } from '../src/config';
import { sweepSignInCodes } from '../src/modules/accounts/phone-codes';
import { createApp } from '../src/server/app';
import { DEMO, startHarness, type Harness } from './harness';

/**
 * Signing in with a phone number and a one-time code, over HTTP, with the sandbox SMS provider
 * (GET /sandbox/sms/<phone> shows what it "sent"). Rate limits are on, with small sign-in-code
 * limits: each test uses numbers and client addresses (X-Forwarded-For, believed through
 * TRUST_PROXY=loopback) of its own.
 */
const LIMITS = {
  RATE_LIMITS: 'on',
  TRUST_PROXY: 'loopback',
  RATE_LIMIT_SIGN_IN_CODES_PER_PHONE: '3/600',
  RATE_LIMIT_SIGN_IN_CODES_PER_ADDRESS: '4/600',
  RATE_LIMIT_SIGN_IN_PER_ADDRESS: '1000/600',
  RATE_LIMIT_QUERY_COST_MAXIMUM: '10000000',
  RATE_LIMIT_QUERY_COST_PER_SECOND: '1000000',
};

const REQUEST = 'mutation($phone: String!) { requestSignInCode(phone: $phone) { expiresAt retryAfterSeconds userErrors { code field message } } }';
const SIGN_IN = `mutation($phone: String!, $code: String!, $inviteCode: String) {
  signInWithCode(phone: $phone, code: $code, inviteCode: $inviteCode) {
    account { id phone displayName role }
    tokens { accessToken refreshToken }
    userErrors { code field message }
  }
}`;

let h: Harness;
let address = 0;
/** A client address no other test uses (TEST-NET-2). */
const newAddress = () => `198.51.100.${++address}`;
let phones = 0;
/** A mobile number no other test (nor the demo data) uses. */
const newPhone = () => `1560000${String(++phones).padStart(4, '0')}`;

beforeAll(async () => {
  h = await startHarness({ env: LIMITS });
});
afterAll(() => h.close());

const requestCode = (phone: string, from = newAddress()) => h.gql(REQUEST, { phone }, { headers: { 'x-forwarded-for': from } });
const signIn = (phone: string, code: string, inviteCode?: string, from = newAddress()) =>
  h.gql(SIGN_IN, { phone, code, inviteCode }, { headers: { 'x-forwarded-for': from } });

/** The code the sandbox last "sent" to a number, or null. */
async function sentCode(phone: string): Promise<string | null> {
  const res = await request(h.app.http).get(`/sandbox/sms/${encodeURIComponent(phone)}`);
  if (res.status === 404) return null;
  expect(res.status).toBe(200);
  return res.body.code;
}

/** Asks for a code and reads it from the sandbox. */
async function codeFor(phone: string): Promise<string> {
  const res = await requestCode(phone);
  expect(res.data.requestSignInCode.userErrors).toEqual([]);
  return (await sentCode(phone))!;
}

const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

async function counts(phone: string) {
  const [row] = await h.sql(
    `select (select count(*)::int from account where phone = $1) as accounts,
            (select count(*)::int from account_session s join account a on a.id = s.account_id where a.phone = $1) as sessions`,
    [phone],
  );
  return row as { accounts: number; sessions: number };
}

describe('signing in with a phone code', () => {
  it('a new number: the code arrives (sandbox), signs in once as a new customer of the storefront, and only its hash is stored', async () => {
    const phone = newPhone();
    const asked = await requestCode(`${phone.slice(0, 3)} ${phone.slice(3, 7)}-${phone.slice(7)}`);
    expect(asked.status).toBe(200);
    const { expiresAt, retryAfterSeconds, userErrors } = asked.data.requestSignInCode;
    expect(userErrors).toEqual([]);
    expect(retryAfterSeconds).toBeNull();
    expect(Math.abs(new Date(expiresAt).getTime() - Date.now() - 300_000)).toBeLessThan(10_000);

    const sms = await request(h.app.http).get(`/sandbox/sms/${phone}`);
    expect(sms.status).toBe(200);
    expect(sms.headers['cache-control']).toBe('no-store');
    expect(sms.body).toEqual({ phone, code: expect.stringMatching(/^\d{6}$/), text: expect.stringContaining(sms.body.code), sentAt: expect.any(String) });
    const [stored] = await h.sql('select code_hash, attempts, consumed_at from phone_sign_in_code where phone = $1', [phone]);
    expect(stored).toEqual({ code_hash: expect.stringMatching(/^[0-9a-f]{64}$/), attempts: 0, consumed_at: null });
    expect(stored.code_hash).not.toContain(sms.body.code);

    const res = await signIn(phone, ` ${sms.body.code} `);
    expect(res.data.signInWithCode.userErrors).toEqual([]);
    expect(res.data.signInWithCode.account).toMatchObject({ phone, displayName: `用户${phone.slice(-4)}`, role: 'CUSTOMER' });
    const token = res.data.signInWithCode.tokens.accessToken;
    expect((await h.gql('{ me { phone } }', {}, { token })).data.me).toEqual({ phone });
    const [account] = await h.sql(
      'select a.password_hash, s.public_key from account a join storefront_app s on s.id = a.registered_via_id where a.phone = $1',
      [phone],
    );
    expect(account).toEqual({ password_hash: null, public_key: DEMO.storefrontPublicKey });
    // The refresh token works as after any sign-in.
    const refreshed = await h.gql('mutation($t: String!) { refreshAccessToken(refreshToken: $t) { tokens { accessToken } userErrors { code } } }', {
      t: res.data.signInWithCode.tokens.refreshToken,
    });
    expect(refreshed.data.refreshAccessToken.userErrors).toEqual([]);

    // Once only.
    const again = await signIn(phone, sms.body.code);
    expect(again.data.signInWithCode).toMatchObject({ account: null, tokens: null, userErrors: [{ code: 'CODE_INVALID', field: ['code'] }] });
    expect(await counts(phone)).toEqual({ accounts: 1, sessions: 1 });
    // The account has no password: a password sign-in is refused like a wrong one.
    const login = await h.gql(
      'mutation($i: LoginInput!) { login(input: $i) { userErrors { code } } }',
      { i: { login: phone, password: 'anything-1' } },
      { key: null },
    );
    expect(login.data.login.userErrors).toEqual([{ code: 'INVALID_CREDENTIALS' }]);
  });

  it('a number with an account signs in to that account; an invite code is then ignored', async () => {
    const code = await codeFor(DEMO.customerPhone);
    const [alice] = await h.sql('select id from account where email = $1', [DEMO.customerEmail]);
    const res = await signIn(DEMO.customerPhone, code, 'NOSUCH');
    expect(res.data.signInWithCode.userErrors).toEqual([]);
    expect(res.data.signInWithCode.account.displayName).toBe('Alice');
    const me = await h.gql('{ me { id email } }', {}, { token: res.data.signInWithCode.tokens.accessToken });
    expect(me.data.me.email).toBe(DEMO.customerEmail);
    expect(Buffer.from(me.data.me.id, 'base64url').toString()).toBe(`Account:${alice.id}`);
    expect(await h.sql('select 1 from referral_binding where invitee_id = $1', [alice.id])).toEqual([]);
  });

  it('answers the same for a number with an account, one without, and an operator’s, which is sent nothing', async () => {
    const operatorPhone = newPhone();
    await h.sql(`update account set phone = $1 where email = $2`, [operatorPhone, DEMO.operatorEmail]);
    const shape = (res: Awaited<ReturnType<typeof requestCode>>) => ({
      status: res.status,
      keys: Object.keys(res.data.requestSignInCode),
      userErrors: res.data.requestSignInCode.userErrors,
      retryAfterSeconds: res.data.requestSignInCode.retryAfterSeconds,
      expiresIn: Math.round((new Date(res.data.requestSignInCode.expiresAt).getTime() - Date.now()) / 60_000),
    });
    const known = shape(await requestCode(DEMO.customerPhone));
    const unknown = shape(await requestCode(newPhone()));
    const operator = shape(await requestCode(operatorPhone));
    expect(unknown).toEqual(known);
    expect(operator).toEqual(known);
    expect(known).toMatchObject({ status: 200, userErrors: [], retryAfterSeconds: null, expiresIn: 5 });
    // The operator's number got no code, so no code of it signs in.
    expect(await sentCode(operatorPhone)).toBeNull();
    expect(await h.sql('select 1 from phone_sign_in_code where phone = $1', [operatorPhone])).toEqual([]);
    expect((await signIn(operatorPhone, '123456')).data.signInWithCode.userErrors[0].code).toBe('CODE_INVALID');
    // Even the right code of a number that became an operator's after it was sent signs nobody in, and uses nothing up.
    const later = newPhone();
    const code = await codeFor(later);
    await h.sql(`update account set phone = $1 where email = $2`, [later, DEMO.operatorEmail]);
    expect((await signIn(later, code)).data.signInWithCode.userErrors).toEqual([
      { code: 'CODE_INVALID', field: ['code'], message: expect.stringMatching(/password/) },
    ]);
    await h.sql(`update account set phone = null where email = $1`, [DEMO.operatorEmail]);
  });

  it('a wrong code counts one of 5 tries; then even the right one answers TOO_MANY_ATTEMPTS', async () => {
    const phone = newPhone();
    const code = await codeFor(phone);
    for (let i = 1; i <= 5; i++) {
      const res = await signIn(phone, wrong(code));
      expect(res.data.signInWithCode).toMatchObject({ account: null, tokens: null, userErrors: [{ code: 'CODE_INVALID', field: ['code'] }] });
      expect(res.data.signInWithCode.userErrors[0].message).toMatch(i < 5 ? new RegExp(`${5 - i} more tr`) : /no tries are left/);
    }
    const res = await signIn(phone, code);
    expect(res.data.signInWithCode.userErrors).toEqual([{ code: 'TOO_MANY_ATTEMPTS', field: ['code'], message: expect.stringMatching(/ask for a new one/) }]);
    expect(await h.sql('select attempts from phone_sign_in_code where phone = $1', [phone])).toEqual([{ attempts: 5 }]);
    expect(await counts(phone)).toEqual({ accounts: 0, sessions: 0 });
    // A new code starts again.
    const next = await codeFor(phone);
    expect((await signIn(phone, next)).data.signInWithCode.userErrors).toEqual([]);
  });

  it('a code older than 5 minutes answers CODE_EXPIRED; a replaced code, a code never sent or not 6 digits, CODE_INVALID', async () => {
    const phone = newPhone();
    const code = await codeFor(phone);
    await h.sql(`update phone_sign_in_code set expires_at = now() - interval '1 second' where phone = $1`, [phone]);
    expect((await signIn(phone, code)).data.signInWithCode.userErrors).toEqual([
      { code: 'CODE_EXPIRED', field: ['code'], message: expect.stringMatching(/more than 5 minutes old/) },
    ]);

    const replaced = await codeFor(phone);
    const current = await codeFor(phone);
    if (replaced !== current) expect((await signIn(phone, replaced)).data.signInWithCode.userErrors[0].code).toBe('CODE_INVALID');
    expect((await signIn(newPhone(), '123456')).data.signInWithCode.userErrors[0]).toMatchObject({
      code: 'CODE_INVALID',
      message: expect.stringMatching(/none was sent/),
    });
    for (const malformed of ['12345', '1234567', 'abcdef', '']) {
      expect((await signIn(phone, malformed)).data.signInWithCode.userErrors).toEqual([{ code: 'CODE_INVALID', field: ['code'], message: expect.any(String) }]);
    }
    // Malformed codes were not tries: the current code still works.
    expect((await signIn(phone, current)).data.signInWithCode.userErrors).toEqual([]);
  });

  it('refuses a malformed number with INVALID_PHONE and writes nothing; a code longer than its bound at the edge (400)', async () => {
    for (const phone of ['12345', '23800138000', 'phone', '+1']) {
      const asked = await requestCode(phone);
      expect(asked.data.requestSignInCode).toEqual({
        expiresAt: null,
        retryAfterSeconds: null,
        userErrors: [{ code: 'INVALID_PHONE', field: ['phone'], message: expect.any(String) }],
      });
      expect((await signIn(phone, '123456')).data.signInWithCode.userErrors[0]).toMatchObject({ code: 'INVALID_PHONE', field: ['phone'] });
    }
    expect(await h.sql(`select phone from phone_sign_in_code where phone in ('12345', '23800138000', 'phone', '+1')`)).toEqual([]);
    const long = await signIn(newPhone(), '1'.repeat(13));
    expect(long.status).toBe(400);
    expect(long.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['code'] });
  });

  it('parallel tries of the right code start exactly one session', async () => {
    const phone = newPhone();
    const code = await codeFor(phone);
    const from = newAddress();
    const results = await Promise.all(Array.from({ length: 12 }, () => signIn(phone, code, undefined, from)));
    const won = results.filter((r) => r.data.signInWithCode.tokens);
    expect(won).toHaveLength(1);
    for (const r of results.filter((x) => !x.data.signInWithCode.tokens)) expect(r.data.signInWithCode.userErrors[0].code).toBe('CODE_INVALID');
    expect(await counts(phone)).toEqual({ accounts: 1, sessions: 1 });
  });

  it('parallel wrong tries are counted exactly: 5 are judged, the rest find the code used up', async () => {
    const phone = newPhone();
    const code = await codeFor(phone);
    const results = await Promise.all(Array.from({ length: 10 }, () => signIn(phone, wrong(code))));
    const codes = results.map((r) => r.data.signInWithCode.userErrors[0].code).sort();
    expect(codes).toEqual([...Array(5).fill('CODE_INVALID'), ...Array(5).fill('TOO_MANY_ATTEMPTS')]);
    expect(await h.sql('select attempts from phone_sign_in_code where phone = $1', [phone])).toEqual([{ attempts: 5 }]);
  });

  it('an invite code binds the new customer to the member; one that binds nobody refuses, and the sign-in code stays usable', async () => {
    const kol = await h.login(DEMO.authorEmail, DEMO.authorPassword);
    const inviteCode = (await h.gql('{ myInviteCode { code } }', {}, { token: kol })).data.myInviteCode.code;
    const phone = newPhone();
    const code = await codeFor(phone);
    const refused = await signIn(phone, code, 'ZZZZZZ');
    expect(refused.data.signInWithCode).toMatchObject({ account: null, tokens: null, userErrors: [{ code: 'INVALID_INVITE_CODE', field: ['inviteCode'] }] });
    expect(await counts(phone)).toEqual({ accounts: 0, sessions: 0 });

    const res = await signIn(phone, code, inviteCode);
    expect(res.data.signInWithCode.userErrors).toEqual([]);
    const [binding] = await h.sql(
      `select b.source, i.email as inviter from referral_binding b join account a on a.id = b.invitee_id join account i on i.id = b.inviter_id where a.phone = $1`,
      [phone],
    );
    expect(binding).toEqual({ source: 'registration', inviter: DEMO.authorEmail });
  });
});

describe('sign-in code rate limits', () => {
  it('per number: past the limit TOO_MANY_CODES with retryAfterSeconds, nothing sent — the same for a number with an account or without', async () => {
    const known = newPhone();
    const registered = await h.gql('mutation($i: RegisterInput!) { register(input: $i) { userErrors { code } } }', {
      i: { phone: known, password: 'rate-limited-2026' },
    });
    expect(registered.data.register.userErrors).toEqual([]);
    for (const phone of [newPhone(), known]) {
      for (let i = 0; i < 3; i++) expect((await requestCode(phone)).data.requestSignInCode.userErrors).toEqual([]);
      const last = await sentCode(phone);
      const res = await requestCode(phone);
      expect(res.status).toBe(200);
      const { expiresAt, retryAfterSeconds, userErrors } = res.data.requestSignInCode;
      expect(expiresAt).toBeNull();
      expect(retryAfterSeconds).toBeGreaterThan(0);
      expect(retryAfterSeconds).toBeLessThanOrEqual(600);
      expect(userErrors).toEqual([
        { code: 'TOO_MANY_CODES', field: ['phone'], message: expect.stringMatching(new RegExp(`try again in ${retryAfterSeconds} s`)) },
      ]);
      expect(await sentCode(phone)).toBe(last);
      // The code already sent still signs in.
      expect((await signIn(phone, last!)).data.signInWithCode.userErrors).toEqual([]);
    }
  });

  it('per client address, whatever the numbers', async () => {
    const from = newAddress();
    for (let i = 0; i < 4; i++) expect((await requestCode(newPhone(), from)).data.requestSignInCode.userErrors).toEqual([]);
    const phone = newPhone();
    const res = await requestCode(phone, from);
    expect(res.data.requestSignInCode.userErrors[0].code).toBe('TOO_MANY_CODES');
    expect(await sentCode(phone)).toBeNull();
    // Another address may still ask for that number.
    expect((await requestCode(phone)).data.requestSignInCode.userErrors).toEqual([]);
  });
});

describe('without an SMS provider (SMS_PROVIDER=off)', () => {
  it('answers SMS_UNAVAILABLE, sends nothing and serves no sandbox outbox', async () => {
    const app = await createApp(
      loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', RATE_LIMITS: 'off', SMS_PROVIDER: 'off' }),
      h.orm,
      pino({ level: 'silent' }),
    );
    try {
      const phone = newPhone();
      const res = await request(app.http).post('/graphql').set('x-storefront-key', DEMO.storefrontPublicKey).send({ query: REQUEST, variables: { phone } });
      expect(res.body.data.requestSignInCode).toEqual({
        expiresAt: null,
        retryAfterSeconds: null,
        userErrors: [{ code: 'SMS_UNAVAILABLE', field: null, message: expect.stringMatching(/sign in with a password/) }],
      });
      expect(await h.sql('select 1 from phone_sign_in_code where phone = $1', [phone])).toEqual([]);
      expect((await request(app.http).get(`/sandbox/sms/${phone}`)).status).toBe(404);
    } finally {
      await app.subscriptions.stop();
      await app.apollo.stop();
    }
  });
});

describe('the sweep of old codes', () => {
  it('deletes codes an hour past their expiry, used or not, and keeps the rest', async () => {
    const [fresh, old, oldUsed] = [newPhone(), newPhone(), newPhone()];
    for (const phone of [fresh, old, oldUsed]) await codeFor(phone);
    await h.sql(`update phone_sign_in_code set expires_at = now() - interval '61 minutes' where phone in ($1, $2)`, [old, oldUsed]);
    await h.sql(`update phone_sign_in_code set consumed_at = now() where phone = $1`, [oldUsed]);
    expect(await sweepSignInCodes(h.orm.em.fork())).toBeGreaterThanOrEqual(2);
    const left = (await h.sql('select phone from phone_sign_in_code where phone in ($1, $2, $3)', [fresh, old, oldUsed])).map((r) => r.phone);
    expect(left).toEqual([fresh]);
  });
});

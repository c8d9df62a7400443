import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import request from 'supertest';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { loadConfig } from '../src/config';
import { uuidv7 } from '../src/lib/ids';
import { SESSION_CACHE_TTL_MS } from '../src/modules/accounts/sessions';
import { DEMO, startHarness, type Harness } from './harness';
import { startSecondApi, type SecondApi } from './support/second-api';

/**
 * Sessions: every sign-in starts one; its refresh tokens follow each other and its access tokens
 * name it. A used refresh token presented again ends the whole session (the token family of
 * RFC 9700 §4.14.2), and so does logout; an ended session's access tokens are refused at once.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const PASSWORD = 'session-pass-7';
const REGISTER = 'mutation($input: RegisterInput!) { register(input: $input) { tokens { accessToken refreshToken } userErrors { code } } }';
const LOGIN = 'mutation($input: LoginInput!) { login(input: $input) { tokens { accessToken refreshToken } userErrors { code } } }';
const REFRESH = 'mutation($t: String!) { refreshAccessToken(refreshToken: $t) { tokens { accessToken refreshToken } userErrors { code field message } } }';
const LOGOUT = 'mutation($t: String) { logout(refreshToken: $t) { loggedOut userErrors { code message } } }';
const ME = '{ me { id email } }';

interface Tokens {
  accessToken: string;
  refreshToken: string;
}

let serial = 0;
/** A new customer, signed in once by registering: the first session. */
async function customer(): Promise<{ email: string; tokens: Tokens }> {
  const email = `session-${++serial}-${Date.now()}@example.com`;
  const res = await h.gql(REGISTER, { input: { email, password: PASSWORD } });
  expect(res.data.register.userErrors).toEqual([]);
  return { email, tokens: res.data.register.tokens };
}

/** Another sign-in of the same account: another session. */
async function login(email: string): Promise<Tokens> {
  const res = await h.gql(LOGIN, { input: { login: email, password: PASSWORD } }, { key: null });
  expect(res.data.login.userErrors).toEqual([]);
  return res.data.login.tokens;
}

const refresh = (t: string) => h.gql(REFRESH, { t });
const sidOf = (accessToken: string): string => JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()).sid;
const sessionRow = async (id: string) => (await h.sql('select ended_at, end_reason from account_session where id = $1', [id]))[0];

async function expectWorks(tokens: Tokens, email: string): Promise<void> {
  const me = await h.gql(ME, {}, { token: tokens.accessToken });
  expect(me.errors).toBeUndefined();
  expect(me.data.me.email).toBe(email);
}

async function expectAccessRefused(accessToken: string, message: RegExp): Promise<void> {
  const res = await h.gql(ME, {}, { token: accessToken });
  expect(res.status).toBe(401);
  expect(res.data).toBeUndefined();
  expect(res.errors).toHaveLength(1);
  expect(res.errors![0].extensions.code).toBe('UNAUTHENTICATED');
  expect(res.errors![0].message).toMatch(message);
}

async function expectRefreshRefused(refreshToken: string): Promise<void> {
  const res = await refresh(refreshToken);
  expect(res.errors).toBeUndefined();
  expect(res.data.refreshAccessToken.tokens).toBeNull();
  expect(res.data.refreshAccessToken.userErrors).toEqual([{ code: 'INVALID_REFRESH_TOKEN', field: ['refreshToken'], message: expect.any(String) }]);
}

describe('a sign-in starts a session', () => {
  it('names it in the access token (sid) and keeps every refresh token of it in it', async () => {
    const { email, tokens } = await customer();
    const sid = sidOf(tokens.accessToken);
    const [account] = await h.sql('select id from account where email = $1', [email]);
    expect(await h.sql('select id, ended_at, end_reason from account_session where account_id = $1', [account.id])).toEqual([
      { id: sid, ended_at: null, end_reason: null },
    ]);

    const next = (await refresh(tokens.refreshToken)).data.refreshAccessToken.tokens;
    expect(sidOf(next.accessToken)).toBe(sid);
    const third = await login(email);
    expect(sidOf(third.accessToken)).not.toBe(sid);
    const rows = await h.sql('select session_id, count(*)::int as n from refresh_token where account_id = $1 group by session_id order by n desc', [
      account.id,
    ]);
    expect(rows).toEqual([
      { session_id: sid, n: 2 },
      { session_id: sidOf(third.accessToken), n: 1 },
    ]);
  });
});

describe('a used refresh token presented again', () => {
  it("ends its session: the token the legitimate refresh produced and the session's access tokens stop working; other sessions go on", async () => {
    const { email, tokens: stolen } = await customer();
    const other = await login(email);
    const sid = sidOf(stolen.accessToken);

    // The customer refreshes; the refreshed tokens work (and this process now trusts the session).
    const legit = (await refresh(stolen.refreshToken)).data.refreshAccessToken.tokens as Tokens;
    await expectWorks(legit, email);

    // Someone presents the used token again: refused, and the whole session ends.
    await expectRefreshRefused(stolen.refreshToken);
    expect(await sessionRow(sid)).toEqual({ ended_at: expect.any(Date), end_reason: 'refresh_token_reused' });
    await expectRefreshRefused(legit.refreshToken);
    await expectAccessRefused(legit.accessToken, /session of this bearer token has ended.*used twice/);
    await expectAccessRefused(stolen.accessToken, /session of this bearer token has ended/);
    // The first reason stays: a later logout with a token of the session changes nothing.
    expect((await h.gql(LOGOUT, { t: legit.refreshToken })).data.logout).toEqual({ loggedOut: true, userErrors: [] });
    expect((await sessionRow(sid)).end_reason).toBe('refresh_token_reused');

    // The account's other session (another device) is untouched.
    await expectWorks(other, email);
    const otherNext = await refresh(other.refreshToken);
    expect(otherNext.data.refreshAccessToken.userErrors).toEqual([]);
    await expectWorks(otherNext.data.refreshAccessToken.tokens, email);
  });

  it('ends the session even when the token has expired since it was used', async () => {
    const { email, tokens } = await customer();
    const legit = (await refresh(tokens.refreshToken)).data.refreshAccessToken.tokens as Tokens;
    await h.sql(`update refresh_token set expires_at = now() - interval '1 second' where session_id = $1 and used_at is not null`, [sidOf(tokens.accessToken)]);
    await expectWorks(legit, email);
    await expectRefreshRefused(tokens.refreshToken);
    await expectRefreshRefused(legit.refreshToken);
  });

  it('does not end anything when the token is merely unknown, or unused but expired', async () => {
    const { email, tokens } = await customer();
    await expectRefreshRefused('rt_never_issued');
    const second = await login(email);
    await h.sql(`update refresh_token set expires_at = now() - interval '1 second' where session_id = $1`, [sidOf(second.accessToken)]);
    await expectRefreshRefused(second.refreshToken);
    expect(await sessionRow(sidOf(second.accessToken))).toEqual({ ended_at: null, end_reason: null });
    await expectWorks(second, email);
    await expectWorks(tokens, email);
  });
});

describe('two parallel refreshes of one refresh token', () => {
  it('let exactly one through; the other is a replay, so the session then ends', async () => {
    const { email, tokens } = await customer();
    const other = await login(email);
    const sid = sidOf(tokens.accessToken);
    await expectWorks(tokens, email);

    const results = await Promise.all([refresh(tokens.refreshToken), refresh(tokens.refreshToken)]);
    for (const r of results) expect(r.errors).toBeUndefined();
    const winners = results.filter((r) => r.data.refreshAccessToken.tokens);
    const losers = results.filter((r) => !r.data.refreshAccessToken.tokens);
    expect(winners).toHaveLength(1);
    expect(losers.map((r) => r.data.refreshAccessToken.userErrors[0].code)).toEqual(['INVALID_REFRESH_TOKEN']);

    // The winner's tokens belong to the ended session: the family is dead.
    const won = winners[0].data.refreshAccessToken.tokens as Tokens;
    expect(await sessionRow(sid)).toEqual({ ended_at: expect.any(Date), end_reason: 'refresh_token_reused' });
    await expectRefreshRefused(won.refreshToken);
    await expectAccessRefused(won.accessToken, /session of this bearer token has ended/);
    await expectAccessRefused(tokens.accessToken, /session of this bearer token has ended/);
    const [{ n }] = await h.sql('select count(*)::int as n from refresh_token where session_id = $1', [sid]);
    expect(n).toBe(2);
    await expectWorks(other, email);
  });
});

describe('logout', () => {
  it('with a refresh token ends its session: its access token is refused at once, its refresh token too; another session goes on', async () => {
    const { email, tokens } = await customer();
    const other = await login(email);
    await expectWorks(tokens, email); // this process now trusts the session for a few seconds

    const out = await h.gql(LOGOUT, { t: tokens.refreshToken }, { key: null });
    expect(out.data.logout).toEqual({ loggedOut: true, userErrors: [] });
    expect(await sessionRow(sidOf(tokens.accessToken))).toEqual({ ended_at: expect.any(Date), end_reason: 'logout' });
    await expectAccessRefused(tokens.accessToken, /session of this bearer token has ended \(signed out\): sign in again/);
    await expectRefreshRefused(tokens.refreshToken);
    // A refused bearer token is refused everywhere, even where no sign-in is needed.
    const publicQuery = await h.gql('{ categories { id } }', {}, { token: tokens.accessToken });
    expect(publicQuery.errors![0].extensions.code).toBe('UNAUTHENTICATED');

    await expectWorks(other, email);
    expect((await refresh(other.refreshToken)).data.refreshAccessToken.userErrors).toEqual([]);
  });

  it('with an older refresh token of the session ends the session too', async () => {
    const { email, tokens } = await customer();
    const next = (await refresh(tokens.refreshToken)).data.refreshAccessToken.tokens as Tokens;
    expect((await h.gql(LOGOUT, { t: tokens.refreshToken })).data.logout.loggedOut).toBe(true);
    await expectAccessRefused(next.accessToken, /signed out/);
    await expectRefreshRefused(next.refreshToken);
    await expectWorks(await login(email), email);
  });

  it('without a refresh token ends the session of the bearer token', async () => {
    const { email, tokens } = await customer();
    const other = await login(email);
    await expectWorks(tokens, email);

    const out = await h.gql(LOGOUT, {}, { token: tokens.accessToken, key: null });
    expect(out.data.logout).toEqual({ loggedOut: true, userErrors: [] });
    await expectAccessRefused(tokens.accessToken, /signed out/);
    await expectRefreshRefused(tokens.refreshToken);
    // Once ended, its bearer token cannot sign out again: it is refused like any other use.
    const twice = await h.gql(LOGOUT, {}, { token: tokens.accessToken });
    expect(twice.errors![0].extensions.code).toBe('UNAUTHENTICATED');
    await expectWorks(other, email);
  });

  it('with neither a refresh token nor a bearer token is refused, and ends nothing', async () => {
    const [{ n: before }] = await h.sql('select count(*)::int as n from account_session where ended_at is not null');
    const res = await h.gql(LOGOUT, {});
    expect(res.status).toBe(401);
    expect(res.errors![0].extensions.code).toBe('UNAUTHENTICATED');
    expect(res.errors![0].message).toMatch(/refreshToken.*bearer token/);
    const [{ n: after }] = await h.sql('select count(*)::int as n from account_session where ended_at is not null');
    expect(after).toBe(before);
  });

  it('refuses the WebSocket connection of an ended session', async () => {
    const { tokens } = await customer();
    await h.gql(LOGOUT, { t: tokens.refreshToken });
    await new Promise<void>((r) => h.app.http.listen(0, '127.0.0.1', r));
    const { port } = h.app.http.address() as AddressInfo;
    const client = createClient({
      url: `ws://127.0.0.1:${port}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { Authorization: `Bearer ${tokens.accessToken}`, 'X-Storefront-Key': DEMO.storefrontPublicKey },
      retryAttempts: 0,
      lazy: true,
    });
    const outcome = await new Promise<unknown>((done) => {
      client.subscribe({ query: '{ __typename }' }, { next: () => done('next'), error: (err) => done(err), complete: () => done('complete') });
    });
    await client.dispose();
    expect((outcome as { code?: number }).code).toBe(4403);
  });
});

describe('access tokens', () => {
  const secret = () => new TextEncoder().encode(loadConfig({ NODE_ENV: 'test' }).jwtSecret);
  const sign = async (claims: Record<string, unknown>, subject: string) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(subject)
      .setIssuer('social-commerce-api')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(secret());

  it('issued before sessions (no sid) are refused with a way back: refresh, or sign in again', async () => {
    const [account] = await h.sql('select id from account where email = $1', [DEMO.customerEmail]);
    await expectAccessRefused(await sign({ role: 'customer' }, account.id), /issued before sessions.*refreshAccessToken.*sign in again/);
  });

  it('naming a session that does not exist, or not a session id at all, are refused', async () => {
    const [account] = await h.sql('select id from account where email = $1', [DEMO.customerEmail]);
    await expectAccessRefused(await sign({ role: 'customer', sid: uuidv7() }, account.id), /session of this bearer token has ended/);
    await expectAccessRefused(await sign({ role: 'customer', sid: 'not-a-session' }, account.id), /malformed/);
    await expectAccessRefused(await sign({ role: 'customer', sid: 42 }, account.id), /malformed/);
  });
});

describe('another API process', () => {
  let b: SecondApi | undefined;
  afterAll(() => b?.stop());

  it('refuses a session ended elsewhere as soon as the ending is heard, though it had trusted it a moment before', async () => {
    b = await startSecondApi(h.orm.config.get('clientUrl'));
    const base = b.base;
    const meOnB = (token: string) => request(base).post('/graphql').set('authorization', `Bearer ${token}`).send({ query: ME });
    const { email, tokens } = await customer();
    const onB = await meOnB(tokens.accessToken);
    expect(onB.body.data.me.email).toBe(email); // B now trusts the session (for up to SESSION_CACHE_TTL_MS unless told)

    await h.gql(LOGOUT, { t: tokens.refreshToken });
    await expectAccessRefused(tokens.accessToken, /signed out/); // at once here, in the process that ended it
    // On B: within the notification's delivery (a few milliseconds), far less than the cache's TTL.
    const deadline = Date.now() + 2000;
    let later = await meOnB(tokens.accessToken);
    while (later.status !== 401 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      later = await meOnB(tokens.accessToken);
    }
    expect(SESSION_CACHE_TTL_MS).toBeGreaterThan(60_000);
    expect(later.status).toBe(401);
    expect(later.body.errors[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: expect.stringMatching(/signed out/) });
  });
});

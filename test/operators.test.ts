import { DEMO, startHarness, type Harness } from './harness';
import { runTs } from './support/api-process';

/**
 * `npm run operator:create` and `npm run operator:reset-password`, run as a deployment runs them:
 * their own processes, the password on standard input (never an argument). Bad input is refused
 * with a clear message and a non-zero exit code, and nothing is written.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const PASSWORD = 'Ops-password-2026';
const LOGIN = 'mutation($input: LoginInput!) { login(input: $input) { tokens { accessToken refreshToken } userErrors { code } } }';
const REFRESH = 'mutation($t: String!) { refreshAccessToken(refreshToken: $t) { tokens { accessToken } userErrors { code } } }';
const ME = '{ me { id email } }';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function tool(name: 'create-operator' | 'reset-operator-password', args: string[], stdin: string): Promise<Run> {
  const child = runTs(`src/tools/${name}.ts`, args, { NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: h.orm.config.get('clientUrl') });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  child.stdin!.end(stdin);
  return new Promise((done) => child.once('exit', (code) => done({ code, stdout, stderr })));
}

const createOperator = (args: string[], stdin: string) => tool('create-operator', args, stdin);
const resetPassword = (args: string[], stdin: string) => tool('reset-operator-password', args, stdin);

async function login(login: string, password: string): Promise<{ accessToken: string; refreshToken: string } | null> {
  const res = await h.gql(LOGIN, { input: { login, password } }, { key: null });
  return res.data.login.tokens;
}

const accounts = () => h.sql('select id, email, phone, role, password_hash, display_name, updated_at from account order by id');
const sessions = () => h.sql('select id, ended_at, end_reason from account_session order by id');

describe('npm run operator:create', () => {
  it('makes an operator from an email address (normalised) and the password on standard input', async () => {
    const run = await createOperator(['  Ops@Shop.Example ', '--name', '运营 Ops'], `${PASSWORD}\n`);
    expect(run).toEqual({ code: 0, stdout: expect.stringMatching(/^Created operator ops@shop\.example \(account [0-9a-f-]{36}\)/), stderr: '' });
    const [row] = await h.sql('select role, display_name from account where email = $1', ['ops@shop.example']);
    expect(row).toEqual({ role: 'operator', display_name: '运营 Ops' });
    const tokens = await login('OPS@shop.example', PASSWORD);
    expect(tokens).not.toBeNull();
    // An operator: it may do what only operators may.
    const apps = await h.gql('{ storefrontApps(first: 1) { totalCount } }', {}, { token: tokens!.accessToken, key: null });
    expect(apps.errors).toBeUndefined();
  });

  it('makes an operator from a phone number, stored as digits', async () => {
    const run = await createOperator(['138 0013 8000'], `${PASSWORD}\r\n`);
    expect(run.code).toBe(0);
    expect(await h.sql('select role, display_name from account where phone = $1', ['13800138000'])).toEqual([{ role: 'operator', display_name: '用户8000' }]);
    expect(await login('13800138000', PASSWORD)).not.toBeNull();
  });

  it('refuses bad input with a clear message and a non-zero exit code, and writes nothing', async () => {
    const before = await accounts();
    const cases: [string[], string, number, RegExp][] = [
      [['weak@shop.example'], 'short1\n', 1, /WEAK_PASSWORD.*at least 8 characters/],
      [['weak@shop.example'], 'onlyletters\n', 1, /WEAK_PASSWORD.*letters and digits/],
      [['weakling@shop.example'], 'weakling2026\n', 1, /WEAK_PASSWORD.*must not contain your email/],
      [['not-an-email@nowhere'], `${PASSWORD}\n`, 1, /INVALID_EMAIL.*"not-an-email@nowhere" is not an email address/],
      [['12345'], `${PASSWORD}\n`, 1, /INVALID_PHONE.*not a phone number/],
      [[DEMO.operatorEmail.toUpperCase()], `${PASSWORD}\n`, 1, /EMAIL_TAKEN/],
      [['long@shop.example', '--name', 'x'.repeat(41)], `${PASSWORD}\n`, 1, /INVALID_DISPLAY_NAME.*at most 40/],
      [['pw@shop.example', `--password=${PASSWORD}`], '', 2, /never read from the command line/],
      [['pw@shop.example', '--password', PASSWORD], '', 2, /never read from the command line/],
      [['pw@shop.example'], '', 2, /No password on standard input/],
      [['pw@shop.example'], '\nsecond-line-1\n', 2, /No password on standard input/],
      [[], `${PASSWORD}\n`, 2, /Give one email address or phone number. Usage: npm run operator:create/],
      [['a@shop.example', 'b@shop.example'], `${PASSWORD}\n`, 2, /Give one email address or phone number/],
      [['pw@shop.example', '--role=admin'], `${PASSWORD}\n`, 2, /Unknown option --role=admin/],
    ];
    const runs = await Promise.all(cases.map(([args, stdin]) => createOperator(args, stdin)));
    runs.forEach((run, i) => {
      const [args, , code, message] = cases[i];
      expect({ args, code: run.code, stdout: run.stdout }).toEqual({ args, code, stdout: '' });
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /); // a message, not a stack
    });
    expect(await accounts()).toEqual(before);
  }, 120_000);

  it('a configuration error stops it with exit code 2 before it reads a password', async () => {
    const child = runTs('src/tools/create-operator.ts', ['cfg@shop.example'], {
      NODE_ENV: 'production',
      DATABASE_URL: h.orm.config.get('clientUrl'),
      JWT_SECRET: 'x'.repeat(40),
      PAYMENT_SANDBOX_SECRET: 'y'.repeat(40),
      SEED_DEMO_DATA: 'true',
    });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
    child.stdin!.end(`${PASSWORD}\n`);
    const code = await new Promise((done) => child.once('exit', done));
    expect(code).toBe(2);
    expect(stderr).toMatch(/^Configuration error: SEED_DEMO_DATA=true .*ALLOW_DEMO_DATA_IN_PRODUCTION=true/);
  });
});

describe('npm run operator:reset-password', () => {
  const email = 'reset@shop.example';
  beforeAll(async () => {
    expect((await createOperator([email], `${PASSWORD}\n`)).code).toBe(0);
  });

  it('refuses bad input with a clear message and a non-zero exit code, and writes nothing', async () => {
    const tokens = (await login(email, PASSWORD))!;
    const before = { accounts: await accounts(), sessions: await sessions() };
    const cases: [string[], string, number, RegExp][] = [
      [[email], 'short1\n', 1, /WEAK_PASSWORD.*at least 8 characters/],
      [[email], 'reset-me-1\n', 1, /WEAK_PASSWORD.*must not contain your email/],
      [['nobody@shop.example'], 'Brand-new-2027\n', 1, /No operator signs in with "nobody@shop.example": nothing was changed/],
      // A customer's password is not an operator's to reset from here.
      [[DEMO.customerEmail], 'Brand-new-2027\n', 1, /No operator signs in with/],
      [[email, '--password=Brand-new-2027'], '', 2, /never read from the command line/],
      [[email], '', 2, /No password on standard input/],
      [[email, '--name', 'x'], 'Brand-new-2027\n', 2, /Unknown option --name/],
    ];
    const runs = await Promise.all(cases.map(([args, stdin]) => resetPassword(args, stdin)));
    runs.forEach((run, i) => {
      const [args, , code, message] = cases[i];
      expect({ args, code: run.code, stdout: run.stdout }).toEqual({ args, code, stdout: '' });
      expect(run.stderr).toMatch(message);
    });
    expect({ accounts: await accounts(), sessions: await sessions() }).toEqual(before);
    expect(await login(DEMO.customerEmail, DEMO.customerPassword)).not.toBeNull();
    expect((await h.gql(REFRESH, { t: tokens.refreshToken })).data.refreshAccessToken.userErrors).toEqual([]);
  }, 120_000);

  it('sets the new password and ends every session of the operator', async () => {
    // Two sessions; their access tokens are not used before the reset, so no process has them cached as live.
    const first = (await login(email, PASSWORD))!;
    const second = (await login(email.toUpperCase(), PASSWORD))!;
    const live = await h.sql('select count(*)::int as n from account_session s join account a on a.id = s.account_id where a.email = $1 and ended_at is null', [
      email,
    ]);
    const run = await resetPassword([email], 'Brand-new-2027\n');
    expect(run).toEqual({ code: 0, stdout: `New password set for operator ${email}; ${live[0].n} session(s) ended: it signs in again.\n`, stderr: '' });

    expect(await login(email, PASSWORD)).toBeNull();
    const fresh = await login(email, 'Brand-new-2027');
    expect(fresh).not.toBeNull();
    for (const old of [first, second]) {
      const me = await h.gql(ME, {}, { token: old.accessToken, key: null });
      expect(me.status).toBe(401);
      expect(me.errors![0].message).toMatch(/password of the account was reset/);
      expect((await h.gql(REFRESH, { t: old.refreshToken })).data.refreshAccessToken.userErrors).toEqual([{ code: 'INVALID_REFRESH_TOKEN' }]);
    }
    expect((await h.gql(ME, {}, { token: fresh!.accessToken, key: null })).data.me.email).toBe(email);
    const reasons = await h.sql(
      'select distinct end_reason from account_session s join account a on a.id = s.account_id where a.email = $1 and s.id <> $2 and end_reason is not null',
      [email, JSON.parse(Buffer.from(fresh!.accessToken.split('.')[1], 'base64url').toString()).sid],
    );
    expect(reasons).toEqual([{ end_reason: 'password_reset' }]);
  });
});

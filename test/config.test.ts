import { ConfigError, loadConfig } from '../src/config';
import { runTs } from './support/api-process';
import { ormOptions } from '../src/db/orm';

describe('configuration from the environment', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.databaseUrl).toBeNull();
    expect(config.dataDir).toMatch(/\.data$/);
    expect(config.seedDemoData).toBe(true);
  });

  it('keeps pooled database connections through 600 s of quiet by default (DB_POOL_IDLE_SECONDS, 1-86400)', () => {
    expect(loadConfig({}).dbPoolIdleSeconds).toBe(600);
    expect(ormOptions('postgres://db/app').pool).toMatchObject({ idleTimeoutMillis: 600_000 });
    const config = loadConfig({ DB_POOL_IDLE_SECONDS: '30' });
    expect(ormOptions('postgres://db/app', config.dbPoolSize, 'api', [], config.dbPoolIdleSeconds).pool).toMatchObject({ idleTimeoutMillis: 30_000 });
    expect(() => loadConfig({ DB_POOL_IDLE_SECONDS: '0' })).toThrow(/DB_POOL_IDLE_SECONDS must be between 1 and 86400/);
  });

  it.each([
    [{ PORT: 'abc' }, /PORT must be a whole number/],
    [{ PORT: '70000' }, /PORT must be between 0 and 65535/],
    [{ DATABASE_URL: 'mysql://localhost/x' }, /DATABASE_URL must be a postgres/],
    [{ JWT_SECRET: 'short' }, /JWT_SECRET must be at least 32 characters/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV must be one of development, production, test/],
    [{ SEED_DEMO_DATA: 'maybe' }, /SEED_DEMO_DATA must be true or false/],
    [{ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/app' }, /JWT_SECRET must be set/],
    [{ PAYMENT_SANDBOX_SECRET: 'short' }, /PAYMENT_SANDBOX_SECRET must be at least 32 characters/],
    [{ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/app', JWT_SECRET: 'x'.repeat(32) }, /PAYMENT_SANDBOX_SECRET must be set/],
  ])('refuses %j with a clear message', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('a production deployment (NODE_ENV=production with DATABASE_URL)', () => {
  const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/app', JWT_SECRET: 'x'.repeat(32), PAYMENT_SANDBOX_SECRET: 'y'.repeat(32) };

  it('loads no demo data by default, serves no IDE by default, and drains 5 s on SIGTERM', () => {
    const config = loadConfig(production);
    expect(config.seedDemoData).toBe(false);
    expect(config.graphqlIde).toBe(false);
    expect(config.shutdownDrainSeconds).toBe(5);
  });

  it('refuses SEED_DEMO_DATA=true, naming the variable, unless ALLOW_DEMO_DATA_IN_PRODUCTION=true', () => {
    for (const env of [{ SEED_DEMO_DATA: 'true' }, { SEED_DEMO_DATA: '1', ALLOW_DEMO_DATA_IN_PRODUCTION: 'false' }]) {
      expect(() => loadConfig({ ...production, ...env })).toThrow(ConfigError);
      expect(() => loadConfig({ ...production, ...env })).toThrow(/^SEED_DEMO_DATA=true .*demo operator.*ALLOW_DEMO_DATA_IN_PRODUCTION=true/);
    }
    expect(loadConfig({ ...production, SEED_DEMO_DATA: 'true', ALLOW_DEMO_DATA_IN_PRODUCTION: 'true' }).seedDemoData).toBe(true);
    expect(() => loadConfig({ ...production, SEED_DEMO_DATA: 'true', ALLOW_DEMO_DATA_IN_PRODUCTION: 'sure' })).toThrow(
      /ALLOW_DEMO_DATA_IN_PRODUCTION must be true or false/,
    );
    expect(loadConfig({ ...production, SEED_DEMO_DATA: 'false' }).seedDemoData).toBe(false);
  });

  it('sends no sign-in codes by default, and refuses the sandbox SMS provider, whose codes anyone could read', () => {
    expect(loadConfig(production).smsProvider).toBe('off');
    expect(() => loadConfig({ ...production, SMS_PROVIDER: 'sandbox' })).toThrow(/^SMS_PROVIDER=sandbox .*read the sign-in code of any phone/);
    expect(() => loadConfig({ ...production, SMS_PROVIDER: 'carrier-pigeon' })).toThrow(/SMS_PROVIDER must be one of sandbox, off/);
    expect(loadConfig({}).smsProvider).toBe('sandbox');
    expect(loadConfig({ NODE_ENV: 'production' }).smsProvider).toBe('sandbox');
  });

  it('serves the IDE with GRAPHQL_IDE=true', () => {
    expect(loadConfig({ ...production, GRAPHQL_IDE: 'true' }).graphqlIde).toBe(true);
  });

  it('elsewhere (development, tests, production on the embedded database) the demo data and the IDE are on by default', () => {
    for (const env of [{}, { NODE_ENV: 'test', DATABASE_URL: 'postgres://db/app' }, { NODE_ENV: 'production' }]) {
      expect(loadConfig(env)).toMatchObject({ seedDemoData: true, graphqlIde: true });
    }
    expect(loadConfig({ GRAPHQL_IDE: 'off', SEED_DEMO_DATA: 'false' })).toMatchObject({ seedDemoData: false, graphqlIde: false });
  });

  it('SHUTDOWN_DRAIN_SECONDS is 0-300', () => {
    expect(loadConfig({ SHUTDOWN_DRAIN_SECONDS: '0' }).shutdownDrainSeconds).toBe(0);
    expect(() => loadConfig({ SHUTDOWN_DRAIN_SECONDS: '301' })).toThrow(/SHUTDOWN_DRAIN_SECONDS must be between 0 and 300/);
  });

  it('the API refuses to start with demo data asked for: exit code 2 and the message', async () => {
    const child = runTs('src/main.ts', [], { ...production, SEED_DEMO_DATA: 'true' });
    child.stdin!.end();
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
    expect(await new Promise((done) => child.once('exit', done))).toBe(2);
    expect(stderr).toMatch(/^Configuration error: SEED_DEMO_DATA=true .*ALLOW_DEMO_DATA_IN_PRODUCTION=true/);
  }, 60_000);
});

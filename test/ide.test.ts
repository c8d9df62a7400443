import pino from 'pino';
import { chromium, type Browser } from 'playwright-core';
import request from 'supertest';
import { loadConfig } from '../src/config';
import { createApp, type App } from '../src/server/app';
import { buildIde } from '../src/tools/build-ide';
import { DEMO, startHarness, type Harness } from './harness';

/**
 * The GraphQL IDE at GET /graphql: GraphiQL, served with every script, style, font and worker by
 * the API itself (no CDN), under a CSP that allows only that; off in a production deployment
 * unless GRAPHQL_IDE=true.
 */
let h: Harness;
beforeAll(async () => {
  // What `npm run build` does: the bundle the API serves at /ide (it fails if the bundle would import anything).
  await buildIde();
  h = await startHarness();
}, 120_000);
afterAll(() => h.close());

const page = (app: App) => request(app.http).get('/graphql').set('accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8');

/**
 * Every URL the page references (script src, link href), and the stylesheet's url()s. The scripts
 * import nothing at run time: buildIde refuses a bundle that would (esbuild's list of imports).
 */
function references(html: string): string[] {
  return [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g), ...html.matchAll(/<link[^>]*\shref="([^"]+)"/g)].map((m) => m[1]);
}
const cssUrls = (css: string) => [...css.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)].map((m) => m[1]).filter((u) => !u.startsWith('data:'));

/** A production deployment's app over the test database, with `env` on top. */
async function productionApp(env: Record<string, string> = {}): Promise<App> {
  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: h.orm.config.get('clientUrl')!,
    JWT_SECRET: 'j'.repeat(40),
    PAYMENT_SANDBOX_SECRET: 'p'.repeat(40),
    LOG_LEVEL: 'silent',
    RATE_LIMITS: 'off',
    ...env,
  });
  return createApp(config, h.orm, pino({ level: 'silent' }));
}

async function stop(app: App): Promise<void> {
  await app.subscriptions.stop();
  await app.apollo.stop();
}

describe('the IDE page', () => {
  it('is served with a CSP that allows only this origin (and inline styles, which the editor sets)', async () => {
    const res = await page(h.app);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const csp = Object.fromEntries(
      String(res.headers['content-security-policy'])
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values.join(' ')]),
    );
    expect(csp).toEqual({
      'default-src': "'none'",
      'script-src': "'self'",
      'worker-src': "'self'",
      'style-src': "'self' 'unsafe-inline'",
      'font-src': "'self' data:",
      'img-src': "'self' data:",
      'connect-src': "'self'",
      'base-uri': "'none'",
      'form-action': "'none'",
      'frame-ancestors': "'none'",
    });
    expect(res.text).not.toMatch(/apollo|cdn|esm\.sh|unpkg|jsdelivr/i);
  });

  it('references only files the API serves itself, and every one answers 200', async () => {
    const res = await page(h.app);
    const settings = JSON.parse(/<script type="application\/json" id="ide-settings">(.*?)<\/script>/s.exec(res.text)![1]);
    // The demo storefront key and the README's first query are there to start with.
    expect(settings).toEqual({
      endpoint: '/graphql',
      assets: '/ide',
      headers: { 'X-Storefront-Key': DEMO.storefrontPublicKey },
      query: expect.stringContaining('products(first: 5'),
    });
    expect(references(res.text).sort()).toEqual(['/ide/ide.css', '/ide/ide.js']);
    // Every reference resolved against the file that makes it; the API's origin is ORIGIN here.
    const ORIGIN = 'http://api.invalid';
    const pending = references(res.text).map((url) => new URL(url, `${ORIGIN}/graphql`));
    // Monaco's workers, which the script starts by name.
    pending.push(...['editor', 'json', 'graphql'].map((name) => new URL(`${settings.assets}/${name}.worker.js`, ORIGIN)));
    const seen = new Set<string>();
    while (pending.length) {
      const url = pending.shift()!;
      expect(url.origin).toBe(ORIGIN); // no other host, no other scheme
      const path = url.pathname;
      if (seen.has(path)) continue;
      seen.add(path);
      const asset = await request(h.app.http).get(path).buffer(true);
      expect({ path, status: asset.status }).toEqual({ path, status: 200 });
      expect(asset.headers['x-content-type-options']).toBe('nosniff');
      const text = String(asset.text ?? '');
      if (path.endsWith('.css')) {
        expect(asset.headers['content-type']).toMatch(/^text\/css/);
        pending.push(...cssUrls(text).map((u) => new URL(u, `${ORIGIN}${path}`)));
      }
      if (path.endsWith('.js')) {
        expect(asset.headers['content-type']).toMatch(/javascript/);
        expect(text).not.toMatch(/https?:\/\/(esm\.sh|unpkg\.com|cdn\.jsdelivr\.net)/);
      }
    }
    expect([...seen].some((u) => /\.ttf$/.test(u))).toBe(true); // the editor's icon font, found through the stylesheet
  });

  it('answers GraphQL requests to /graphql as before: only a browser asking for HTML gets the page', async () => {
    const res = await request(h.app.http)
      .get('/graphql')
      .query({ query: '{ __typename }' })
      .set('x-storefront-key', DEMO.storefrontPublicKey)
      .set('apollo-require-preflight', 'true');
    expect(res.body).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('in a production deployment', () => {
  it('GET /graphql from a browser answers 404 (no page here) and the assets are not served, unless GRAPHQL_IDE=true', async () => {
    const app = await productionApp();
    try {
      const res = await page(app);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body.errors[0]).toMatchObject({ message: expect.stringMatching(/No page is served at \/graphql/), extensions: { code: 'NOT_FOUND' } });
      expect(res.text).not.toMatch(/apollo/i); // nor Apollo's landing page
      expect((await request(app.http).get('/ide/ide.js')).status).toBe(404);
      const query = await request(app.http).post('/graphql').set('x-storefront-key', DEMO.storefrontPublicKey).send({ query: '{ __typename }' });
      expect(query.body).toEqual({ data: { __typename: 'Query' } });
    } finally {
      await stop(app);
    }
  });

  it('with GRAPHQL_IDE=true the page is served, without the demo key (no demo data there)', async () => {
    const app = await productionApp({ GRAPHQL_IDE: 'true' });
    try {
      const res = await page(app);
      expect(res.status).toBe(200);
      const settings = JSON.parse(/id="ide-settings">(.*?)<\/script>/s.exec(res.text)![1]);
      expect(settings).toEqual({ endpoint: '/graphql', assets: '/ide', headers: null, query: null });
      expect((await request(app.http).get('/ide/ide.js')).status).toBe(200);
    } finally {
      await stop(app);
    }
  });
});

describe('in Chromium, with every request beyond this machine blocked', () => {
  let browser: Browser;
  let base: string;
  beforeAll(async () => {
    await new Promise<void>((resolve) => h.app.http.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(h.app.http.address() as { port: number }).port}`;
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      // No name resolves but the API's own: nothing can come from a CDN, in the page or its workers.
      args: ['--headless', '--no-sandbox', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => h.app.http.close(resolve));
  });

  it('renders the editor, loads the schema with the demo key and runs the first query', async () => {
    const context = await browser.newContext();
    const outside: string[] = [];
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.origin === base) return route.continue();
      outside.push(url.href);
      return route.abort();
    });
    const tab = await context.newPage();
    const problems: string[] = [];
    tab.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(msg.text());
    });
    tab.on('pageerror', (err) => problems.push(String(err)));
    const introspection = tab.waitForRequest((req) => req.method() === 'POST' && req.url() === `${base}/graphql` && /__schema/.test(req.postData() ?? ''));
    await tab.goto(`${base}/graphql`);
    await tab.locator('.graphiql-container .monaco-editor').first().waitFor({ timeout: 30_000 });
    expect((await introspection).headers()['x-storefront-key']).toBe(DEMO.storefrontPublicKey);
    // The first query, as the page starts with it: run it and see products come back.
    const answer = tab.waitForResponse((res) => res.request().method() === 'POST' && /products\(first: 5/.test(res.request().postData() ?? ''));
    await tab.locator('.graphiql-execute-button').click();
    const body = await (await answer).json();
    expect(body.errors).toBeUndefined();
    expect(body.data.products.totalCount).toBeGreaterThan(0);
    await tab.getByText('"totalCount"').first().waitFor({ timeout: 15_000 });
    expect(outside).toEqual([]);
    expect(problems.filter((p) => /Content Security Policy|Refused to/i.test(p))).toEqual([]);
    await context.close();
  }, 90_000);
});

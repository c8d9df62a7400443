import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import request from 'supertest';
import { serveKolSite } from '../examples/kol-site/serve';
import { toGlobalId } from '../src/lib/ids';
import { EMBED_ASSETS_DIR } from '../src/server/embed';
import { buildEmbed, EMBED_MAX_GZIP_BYTES } from '../src/tools/build-embed';
import { drain, setRules } from './earnings';
import { DEMO, startHarness, type Harness } from './harness';

/**
 * The buy button in real headless Chromium (Debian's package, see .ci/run): the demo KOL site
 * (examples/kol-site) on an origin of its own, the API on another. A reader picks an SKU, adds to
 * the cart, signs in with a phone code from the sandbox SMS outbox, checks out and pays in the
 * sandbox's popup; the page hears sc:checkout-completed, and the order is the article author's.
 */
let h: Harness;
let browser: Browser;
let api: string;
let site: string;
let elsewhere: string;
const servers: Server[] = [];
const IMAGES = join(__dirname, '..', 'docs', 'images');

const EVENTS = ['sc:ready', 'sc:add-to-cart', 'sc:checkout-started', 'sc:checkout-completed', 'sc:error'];

/** A page that records the component's events (DOM events and window messages) in window.scEvents / window.scMessages. */
/** The demo catalog's images live on picsum.photos: the browser gets a small local picture instead (no network in tests). */
const PICTURE =
  '<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96"><rect width="96" height="96" fill="#cfe3d6"/><circle cx="48" cy="52" r="22" fill="#2f5d50"/></svg>';

async function open(context: BrowserContext, origin: string): Promise<Page> {
  await context.route(/^https:\/\/(fastly\.)?picsum\.photos\//, (route) => route.fulfill({ status: 200, contentType: 'image/svg+xml', body: PICTURE }));
  const page = await context.newPage();
  // Page code is written as strings: the tests' TypeScript has no DOM types.
  await page.addInitScript(`
    window.scEvents = [];
    window.scMessages = [];
    for (const type of ${JSON.stringify(EVENTS)}) window.addEventListener(type, (e) => window.scEvents.push({ type, detail: e.detail }));
    window.addEventListener('message', (e) => window.scMessages.push(e.data));
  `);
  await page.goto(`${origin}/`);
  return page;
}

const events = (page: Page, type: string): Promise<any[]> =>
  page.evaluate(`window.scEvents.filter((e) => e.type === ${JSON.stringify(type)}).map((e) => e.detail)`);

async function waitForEvent(page: Page, type: string, timeout = 20_000): Promise<any> {
  // A function, not a string: the site's CSP has no 'unsafe-eval'.
  await page.waitForFunction((t) => (globalThis as any).scEvents.some((e: { type: string }) => e.type === t), type, { timeout });
  return (await events(page, type))[0];
}

async function smsCode(phone: string): Promise<string> {
  const res = await fetch(`${api}/sandbox/sms/${phone}`);
  return ((await res.json()) as { code: string }).code;
}

async function setOrigins(origins: string[]): Promise<void> {
  const [app] = await h.sql('select id from storefront_app where public_key = $1', [DEMO.storefrontPublicKey]);
  const res = await h.gql(
    'mutation($id: ID!, $input: StorefrontAppUpdateInput!) { updateStorefrontApp(id: $id, input: $input) { userErrors { code message } } }',
    { id: toGlobalId('StorefrontApp', app.id), input: { allowedOrigins: origins } },
    { token: await h.operatorToken(), key: null },
  );
  expect(res.data.updateStorefrontApp.userErrors).toEqual([]);
}

/** Signs in through the overlay with a fresh phone number's sandbox code. */
async function signIn(page: Page, phone: string): Promise<void> {
  const overlay = page.getByRole('dialog', { name: '手机号登录' });
  await overlay.getByLabel('手机号').fill(phone);
  await overlay.getByRole('button', { name: '获取验证码' }).click();
  await overlay.getByLabel('6 位验证码').waitFor();
  await overlay.getByLabel('6 位验证码').fill(await smsCode(phone));
  await overlay.getByRole('button', { name: '登录', exact: true }).click();
}

/** From the address step: a new address, then the priced preview. */
async function newAddressAndReview(page: Page): Promise<void> {
  const overlay = page.getByRole('dialog', { name: '收货地址' });
  await overlay.getByLabel('收货人').fill('李读者');
  await overlay.getByLabel('省 市 区').fill('浙江省 杭州市 西湖区');
  await overlay.getByLabel('详细地址').fill('文三路 1 号');
  await overlay.getByRole('button', { name: '继续' }).click();
  await page.getByRole('dialog', { name: '确认订单' }).waitFor();
}

beforeAll(async () => {
  const built = await buildEmbed();
  expect(built.gzipBytes).toBeLessThanOrEqual(EMBED_MAX_GZIP_BYTES);
  h = await startHarness();
  await new Promise<void>((resolve) => h.app.http.listen(0, '127.0.0.1', resolve));
  api = `http://127.0.0.1:${(h.app.http.address() as AddressInfo).port}`;
  const allowed = await serveKolSite({ api, port: 0, host: '127.0.0.1' });
  const other = await serveKolSite({ api, port: 0, host: '127.0.0.1' });
  servers.push(allowed.server, other.server);
  site = allowed.origin;
  elsewhere = other.origin;
  await setOrigins([...DEMO.kolSiteOrigins, site]);
  await setRules(h, await h.operatorToken(), { levels: 1, level1Rate: 1000 });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}, 120_000);
/** The demo site on an origin of its own (allowed by the demo app unless `allowed` is false), with `options`. */
async function siteWith(options: { key?: string; featured?: string }, allowed = true): Promise<string> {
  const served = await serveKolSite({ api, port: 0, host: '127.0.0.1', ...options });
  servers.push(served.server);
  if (allowed) {
    extraOrigins.push(served.origin);
    await setOrigins([...DEMO.kolSiteOrigins, site, ...extraOrigins]);
  }
  return served.origin;
}
const extraOrigins: string[] = [];

/** The featured button's alert, once shown. */
async function alertOf(page: Page, selector = '#featured'): Promise<string> {
  const alert = page.locator(selector).getByRole('alert');
  await alert.waitFor();
  return (await alert.textContent()) ?? '';
}

afterAll(async () => {
  await browser?.close();
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
  await h?.close();
});

describe('GET /embed/v1/buy-button.js', () => {
  it('is JavaScript, cached for a year as immutable, loadable from any origin, and at most 30 kB gzipped', async () => {
    const res = await request(h.app.http).get('/embed/v1/buy-button.js');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(gzipSync(readFileSync(join(EMBED_ASSETS_DIR, 'buy-button.js')), { level: 9 }).length).toBeLessThanOrEqual(30 * 1024);
    expect((await request(h.app.http).get('/embed/v1/nothing.js')).status).toBe(404);
  });
});

describe('the buy button on the demo KOL site, in Chromium', () => {
  it('sells through the article: SKU, cart, phone code, checkout, payment in a popup, sc:checkout-completed; the order is the author’s, with site and placement', async () => {
    const author = await h.login(DEMO.authorEmail, DEMO.authorPassword);
    const EARNINGS = '{ myEarnings { summary { pending { amount } } } }';
    const pendingBefore = Number((await h.gql(EARNINGS, {}, { token: author })).data.myEarnings.summary.pending.amount);

    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await open(context, site);
    const button = page.locator('#article sc-buy-button');
    await waitForEvent(page, 'sc:ready');
    await button.getByRole('button', { name: '加入购物车' }).waitFor();
    // Pick an SKU: an option in stock that is not the one chosen already, when there is one.
    const option = button.locator('.options button:not([disabled])[aria-pressed="false"]').first();
    if (await option.count()) await option.click();
    await button.screenshot({ path: join(IMAGES, 'buy-button.png') });

    await button.getByRole('button', { name: '加入购物车' }).click();
    const drawer = page.getByRole('dialog', { name: '购物车' });
    await drawer.waitFor();
    const added = await waitForEvent(page, 'sc:add-to-cart');
    expect(added).toEqual({ productId: expect.any(String), skuId: expect.any(String), quantity: 1, cartId: expect.any(String) });
    await drawer.screenshot({ path: join(IMAGES, 'cart-drawer.png') });
    // The guest cart is kept by id in localStorage.
    expect(await page.evaluate("Object.keys(localStorage).some((k) => k.startsWith('sc:cart:'))")).toBe(true);

    await drawer.getByRole('button', { name: '去结算' }).click();
    expect(await waitForEvent(page, 'sc:checkout-started')).toMatchObject({ source: 'cart' });
    await signIn(page, '13700001001');
    await newAddressAndReview(page);
    const review = page.getByRole('dialog', { name: '确认订单' });
    await review.screenshot({ path: join(IMAGES, 'checkout-overlay.png') });

    const popupOpened = page.waitForEvent('popup');
    await review.getByRole('button', { name: '提交订单并支付' }).click();
    const popup = await popupOpened;
    await popup.getByRole('button', { name: 'Pay', exact: true }).click();
    const completed = await waitForEvent(page, 'sc:checkout-completed');
    expect(completed).toEqual({ orderId: expect.any(String), orderNumber: expect.any(String), total: expect.any(String), currencyCode: 'CNY' });
    expect(await page.evaluate('window.scMessages.map((m) => m.type)')).toEqual(
      expect.arrayContaining(['sc:ready', 'sc:add-to-cart', 'sc:checkout-started', 'sc:checkout-completed']),
    );
    await page.getByRole('dialog').getByText(`支付成功，谢谢！订单 ${completed.orderNumber}`).waitFor();
    await context.close();

    // Over the API: paid, traced to the article's card with the site and placement, and the author earns.
    const op = await h.operatorToken();
    const order = await h.gql(
      'query($id: ID!) { order(id: $id) { number status cost { total { amount } } attribution { site { name } placement sharer { displayName } } lines { source { kind reason articleTitle placement } } } }',
      { id: completed.orderId },
      { token: op, key: null },
    );
    expect(order.data.order).toMatchObject({ number: completed.orderNumber, status: 'PAID', cost: { total: { amount: completed.total } } });
    expect(order.data.order.attribution).toMatchObject({ site: { name: 'Demo storefront' }, placement: 'article-inline' });
    expect(order.data.order.lines).toEqual([
      { source: { kind: 'CONTENT_CARD', reason: 'TOKEN_AT_CHECKOUT', articleTitle: expect.any(String), placement: 'article-inline' } },
    ]);
    await drain(h);
    const pendingAfter = Number((await h.gql(EARNINGS, {}, { token: author })).data.myEarnings.summary.pending.amount);
    expect(pendingAfter).toBeGreaterThan(pendingBefore);
  }, 90_000);

  it('on an origin the storefront app does not allow, shows a clear error on the button and places nothing', async () => {
    const [{ n: before }] = await h.sql('select count(*)::int as n from customer_order');
    const context = await browser.newContext();
    const page = await open(context, elsewhere);
    const featured = page.locator('#featured');
    await featured.getByRole('alert').waitFor();
    expect(await featured.getByRole('alert').textContent()).toContain('无法从本站连接商店');
    expect(await waitForEvent(page, 'sc:error')).toMatchObject({ code: 'NETWORK' });
    expect(await featured.getByRole('button', { name: '立即购买' }).count()).toBe(0);
    await context.close();
    const [{ n: after }] = await h.sql('select count(*)::int as n from customer_order');
    expect(after).toBe(before);
  }, 60_000);

  it('names a wrong key and an unknown product on the button, in the page’s language', async () => {
    const context = await browser.newContext();
    let page = await open(context, await siteWith({ key: 'pk_not_a_key_0000000000000000' }));
    expect(await alertOf(page)).toBe('购买按钮的 key 无效：请检查 key 属性。');
    expect(await waitForEvent(page, 'sc:error')).toMatchObject({ code: 'INVALID_STOREFRONT_KEY' });
    page = await open(context, await siteWith({ featured: 'no-such-product' }));
    expect(await alertOf(page)).toBe('商品不存在或已下架。');
    expect(await waitForEvent(page, 'sc:error')).toMatchObject({ code: 'PRODUCT_NOT_FOUND' });
    await context.close();
  });

  it('disables a sold-out SKU’s option, and a product sold out entirely cannot be bought', async () => {
    const [partly, entirely] = await h.sql(`select p.slug from product p join sku s on s.product_id = p.id
      where p.publication = 'published' and p.sale_starts_at is null and p.slug not like 'tea-%'
      group by p.slug having count(*) >= 2 and min(s.stock) > 0 order by p.slug limit 2`);
    await h.sql(
      `update sku set stock = 0 where id = (select s.id from sku s join product p on p.id = s.product_id where p.slug = $1 order by s.position limit 1)`,
      [partly.slug],
    );
    await h.sql('update sku set stock = 0 where product_id = (select id from product where slug = $1)', [entirely.slug]);
    const context = await browser.newContext();
    let page = await open(context, await siteWith({ featured: partly.slug }));
    await waitForEvent(page, 'sc:ready');
    const featured = page.locator('#featured');
    expect(await featured.locator('.options button[disabled]').count()).toBe(1);
    expect(await featured.locator('.options button[disabled]').getAttribute('aria-label')).toContain('已售罄');
    expect(await featured.getByRole('button', { name: '立即购买' }).isEnabled()).toBe(true);
    page = await open(context, await siteWith({ featured: entirely.slug }));
    expect(await waitForEvent(page, 'sc:ready')).toMatchObject({ inStock: false });
    expect(await page.locator('#featured').getByRole('button', { name: '已售罄', exact: true }).isDisabled()).toBe(true);
    expect(await page.locator('#featured').getByRole('button', { name: '立即购买' }).isDisabled()).toBe(true);
    await context.close();
  });

  it('says so when the code expired, and after too many wrong tries', async () => {
    const context = await browser.newContext();
    const page = await open(context, site);
    const featured = page.locator('#featured');
    await waitForEvent(page, 'sc:ready');
    await featured.getByRole('button', { name: '立即购买' }).click();
    const overlay = page.getByRole('dialog', { name: '手机号登录' });
    await overlay.waitFor();
    // The overlay takes the focus (its phone field); Tab stays inside it.
    const focused =
      "document.querySelector('sc-cart').shadowRoot.activeElement?.getAttribute('name') ?? document.querySelector('sc-cart').shadowRoot.activeElement?.textContent";
    expect(await page.evaluate(focused)).toBe('phone');
    for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
    expect(
      await page.evaluate("document.activeElement.tagName + ':' + !!document.querySelector('sc-cart').shadowRoot.activeElement?.closest('[role=dialog]')"),
    ).toBe('SC-CART:true');
    const phone = '13700001002';
    await overlay.getByLabel('手机号').fill(phone);
    await overlay.getByRole('button', { name: '获取验证码' }).click();
    await overlay.getByLabel('6 位验证码').waitFor();
    const code = await smsCode(phone);
    await h.sql(`update phone_sign_in_code set expires_at = now() - interval '1 second' where phone = $1`, [phone]);
    await overlay.getByLabel('6 位验证码').fill(code);
    await overlay.getByRole('button', { name: '登录', exact: true }).click();
    await overlay.getByRole('alert').waitFor();
    expect(await overlay.getByRole('alert').textContent()).toMatch(/expired|过期/i);
    expect(await events(page, 'sc:error')).toEqual([expect.objectContaining({ code: 'CODE_EXPIRED' })]);

    // A new code, tried wrong five times: the sixth try is refused as too many.
    await overlay.getByRole('button', { name: '获取验证码' }).click();
    await overlay.getByRole('status').waitFor();
    const fresh = await smsCode(phone);
    const wrong = fresh === '000000' ? '111111' : '000000';
    for (let i = 0; i < 6; i++) {
      await overlay.getByLabel('6 位验证码').fill(wrong);
      await overlay.getByRole('button', { name: '登录', exact: true }).click();
      await page.waitForFunction((n) => (globalThis as any).scEvents.filter((e: { type: string }) => e.type === 'sc:error').length >= n, i + 2);
    }
    expect((await events(page, 'sc:error')).at(-1)).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    expect(await overlay.getByRole('alert').textContent()).toContain('验证码已尝试 5 次');
    // Escape closes the overlay and gives the focus back to the button that opened it.
    await page.keyboard.press('Escape');
    await overlay.waitFor({ state: 'detached' });
    expect(await page.evaluate('document.activeElement.id')).toBe('featured');
    await context.close();
  });

  it('leaves the order payable when the buyer closes the overlay mid-payment, and offers to pay it from the button', async () => {
    const context = await browser.newContext();
    const page = await open(context, site);
    const featured = page.locator('#featured');
    await waitForEvent(page, 'sc:ready');
    await featured.getByRole('button', { name: '立即购买' }).click();
    await signIn(page, '13700001003');
    await newAddressAndReview(page);
    const popupOpened = page.waitForEvent('popup');
    await page.getByRole('dialog', { name: '确认订单' }).getByRole('button', { name: '提交订单并支付' }).click();
    const popup = await popupOpened;
    await popup.getByRole('button', { name: 'Pay', exact: true }).waitFor();
    await popup.close();
    await page.getByRole('dialog').getByRole('button', { name: '关闭' }).click();
    const notice = featured.getByRole('status');
    await notice.waitFor();
    const number = /订单 (\S+) 待支付/.exec((await notice.textContent())!)![1];
    expect(await events(page, 'sc:checkout-completed')).toEqual([]);
    const [order] = await h.sql('select status from customer_order where number = $1', [number]);
    expect(order.status).toBe('pending_payment');
    // Paying it later from the button: the popup again, and the order is paid.
    const again = page.waitForEvent('popup');
    await notice.getByRole('button', { name: '去支付' }).click();
    await (await again).getByRole('button', { name: 'Pay', exact: true }).click();
    expect(await waitForEvent(page, 'sc:checkout-completed')).toMatchObject({ orderNumber: number });
    await context.close();
  }, 60_000);
});

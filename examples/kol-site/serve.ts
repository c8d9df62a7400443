import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DEMO } from '../../src/db/demo-data';
import { PROJECT_ROOT } from '../../src/server/ide/assets';

/** The demo KOL site's origin: the demo storefront app allows it (src/db/demo-data.ts). */
export const KOL_SITE_PORT = 5173;

/** The sidebar's product: the demo article's second card (a slug of the demo catalog). */
export const FEATURED_PRODUCT = 'tea-017';

const PUBLIC = join(PROJECT_ROOT, 'examples', 'kol-site', 'public');
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };
const FILES = ['/index.html', '/site.js', '/site.css'];

/**
 * The Content-Security-Policy a site with the buy button needs (docs/buy-button.md), with nothing
 * else: the demo page runs under it, so the browser test proves it is enough.
 */
export function kolSiteCsp(api: string): string {
  return [
    "default-src 'none'",
    `script-src 'self' ${api}`,
    `connect-src 'self' ${api}`,
    "img-src 'self' data: https://picsum.photos https://fastly.picsum.photos",
    "style-src 'self'",
    "frame-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * Serves examples/kol-site/public: a content site on its own origin, showing the demo KOL's article
 * with two buy buttons. `api` is the API's origin, `key` a storefront app's public key.
 */
export async function serveKolSite(options: {
  api: string;
  key?: string;
  article?: string;
  featured?: string;
  port?: number;
  host?: string;
}): Promise<{ server: Server; origin: string }> {
  const values: Record<string, string> = {
    API: options.api,
    KEY: options.key ?? DEMO.storefrontPublicKey,
    ARTICLE: options.article ?? DEMO.articleSlug,
    FEATURED: options.featured ?? FEATURED_PRODUCT,
  };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = path === '/' ? '/index.html' : path;
    if (req.method !== 'GET' || !FILES.includes(file)) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    let body = readFileSync(join(PUBLIC, file), 'utf8');
    if (file === '/index.html') body = body.replace(/%(API|KEY|ARTICLE|FEATURED)%/g, (_, name: string) => values[name].replace(/[<>"&]/g, ''));
    res.writeHead(200, {
      'content-type': TYPES[file.slice(file.lastIndexOf('.'))],
      'cache-control': 'no-cache',
      'content-security-policy': kolSiteCsp(options.api),
      'x-content-type-options': 'nosniff',
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? KOL_SITE_PORT, options.host ?? 'localhost', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://${options.host ?? 'localhost'}:${port}` };
}

if (require.main === module) {
  const api = (process.env.API_URL ?? `http://localhost:${process.env.PORT ?? 4000}`).replace(/\/$/, '');
  serveKolSite({ api, key: process.env.STOREFRONT_KEY, port: Number(process.env.KOL_SITE_PORT ?? KOL_SITE_PORT) }).then(
    ({ origin }) => console.log(`The demo KOL site: ${origin} (API ${api}; start the API with npm run dev)`),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}

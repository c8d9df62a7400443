import { join } from 'node:path';
import express, { type RequestHandler } from 'express';
import { PROJECT_ROOT } from './ide/assets';

/** Where `npm run build` (src/tools/build-embed.ts) writes the buy button's script. */
export const EMBED_ASSETS_DIR = join(PROJECT_ROOT, 'dist', 'embed', 'v1');
export const EMBED_SCRIPT = 'buy-button.js';
/** Where the API serves it: the version is in the path, so a release may cache it forever. */
export const EMBED_PATH = '/embed/v1';

/**
 * GET /embed/v1/buy-button.js: the buy button's script, for a <script src> on any site. Served with
 * a year-long immutable cache (a new version gets a new path), as JavaScript that browsers will not
 * sniff as anything else, and with Cross-Origin-Resource-Policy: cross-origin so that pages of other
 * origins (even those with COEP) may load it. A script tag needs no CORS; its requests to /graphql
 * are checked against the storefront app's allowed origins.
 */
export function embedAssets(): RequestHandler {
  return express.static(EMBED_ASSETS_DIR, {
    index: false,
    fallthrough: true,
    etag: true,
    setHeaders: (res) => {
      res.setHeader('content-type', 'text/javascript; charset=utf-8');
      res.setHeader('cache-control', 'public, max-age=31536000, immutable');
      res.setHeader('cross-origin-resource-policy', 'cross-origin');
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('access-control-allow-origin', '*');
    },
  });
}

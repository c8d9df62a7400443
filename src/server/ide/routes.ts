import express, { type Request, type RequestHandler } from 'express';
import helmet from 'helmet';
import { sendHttpError } from '../http-errors';
import { IDE_ASSETS_DIR } from './assets';
import { idePage, type IdeSettings } from './page';

/**
 * The page's CSP: exactly what GraphiQL needs. Scripts, styles, the editor's icon font and Monaco's
 * workers come from this origin; GraphiQL's own fonts and a few images are data: URLs in its
 * stylesheet; Monaco and React set inline styles (style-src 'unsafe-inline'); queries and
 * subscriptions go to this origin ('self' covers its ws: URL).
 */
const pageSecurity = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      workerSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      fontSrc: ["'self'", 'data:'],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      baseUri: ["'none'"],
      formAction: ["'none'"],
      frameAncestors: ["'none'"],
    },
  },
});

/** A browser asking for a page (as Apollo's landing page decided): HTML preferred to JSON. */
function wantsPage(req: Request): boolean {
  return req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';
}

/**
 * GET /graphql from a browser: the IDE (GraphiQL, served with its assets by the API itself, no
 * CDN) when it is on; when it is off, 404 — there is no page here, and a JSON error says so in the
 * shape every other error has. Other GET /graphql requests (queries) go on to Apollo.
 */
export function idePageRoute(enabled: boolean, settings: IdeSettings): RequestHandler {
  const page = idePage(settings);
  return (req, res, next) => {
    if (!wantsPage(req)) return next();
    if (!enabled)
      return sendHttpError(res, 404, 'NOT_FOUND', `No page is served at ${settings.endpoint}: send GraphQL requests to it as POST application/json`);
    pageSecurity(req, res, (err?: unknown) => {
      if (err) return next(err);
      res.setHeader('cache-control', 'no-cache');
      res.type('html').send(page);
    });
  };
}

/** The IDE's bundle (`npm run build`), served only while the IDE is on. */
export function ideAssets(): RequestHandler {
  return express.static(IDE_ASSETS_DIR, {
    index: false,
    setHeaders: (res) => {
      res.setHeader('x-content-type-options', 'nosniff');
      // Fixed names: revalidate (ETag) rather than keep an old bundle after an upgrade.
      res.setHeader('cache-control', 'no-cache');
    },
  });
}

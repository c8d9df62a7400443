import type { IncomingMessage } from 'node:http';
import cors from 'cors';
import type { RequestHandler } from 'express';
import { GraphQLError } from 'graphql';
import { OriginSet } from '../lib/origins';
import type { StorefrontCaller } from '../lib/caller';
import { sendHttpError } from './http-errors';

/** Request headers browsers may send to /graphql: the ones the API reads, and Apollo's CSRF and client headers. */
const ALLOWED_HEADERS = [
  'content-type',
  'x-storefront-key',
  'authorization',
  'idempotency-key',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'x-request-id',
];
/** Response headers scripts may read: the correlation id and the rate-limit answers. */
const EXPOSED_HEADERS = ['x-request-id', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'];
/** Seconds a browser may reuse a preflight answer. */
const PREFLIGHT_MAX_AGE = 600;

/**
 * Which browser pages may call the API. A page's Origin must be one that some enabled storefront app
 * lists, an operator console origin (OPERATOR_CONSOLE_ORIGINS), or the API's own. Requests without
 * an Origin header (servers, curl) are not browsers' and pass.
 */
export class OriginPolicy {
  constructor(
    private readonly consoles: OriginSet,
    /** Every origin some enabled app allows (cached by the storefronts module). */
    private readonly enabledAppOrigins: () => Promise<OriginSet>,
  ) {}

  /** For preflights and WebSocket upgrades, which come before any key is known. */
  async allowsAnywhere(origin: string): Promise<boolean> {
    return this.consoles.allows(origin) || (await this.enabledAppOrigins()).allows(origin);
  }

  /** For preflights and WebSocket upgrades: allowsAnywhere, or the API's own origin. */
  async admits(origin: string | undefined, host: string | undefined): Promise<boolean> {
    return !origin || sameOrigin(origin, host) || (await this.allowsAnywhere(origin));
  }

  /**
   * The real request, once its storefront key is resolved: with a key, that app must list the
   * origin; without one (an operator console signing in), the origin must be a console's.
   */
  refusal(req: IncomingMessage, storefront: StorefrontCaller | null): GraphQLError | null {
    const origin = req.headers.origin;
    if (!origin || sameOrigin(origin, req.headers.host)) return null;
    if (storefront) {
      if (storefront.allowedOrigins.allows(origin)) return null;
      return originNotAllowed(`This storefront app does not allow requests from ${origin}: an operator can add it to the app's allowedOrigins`);
    }
    if (this.consoles.allows(origin)) return null;
    return originNotAllowed(
      `Requests from ${origin} must carry a storefront key whose app allows this origin; without a key, only operator console origins are accepted`,
    );
  }
}

function originNotAllowed(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'ORIGIN_NOT_ALLOWED', http: { status: 403 } } });
}

/** Whether Origin names the host the request was sent to (a page the API serves itself). */
function sameOrigin(origin: string, host: string | undefined): boolean {
  if (!host) return false;
  try {
    const page = new URL(origin);
    return page.host === new URL(`${page.protocol}//${host}`).host;
  } catch {
    return false;
  }
}

/**
 * CORS for /graphql with the `cors` package: a preflight from an admitted origin is answered 204
 * with the methods and headers the API uses; from any other origin, 403 without CORS headers (the
 * browser then blocks the request). Real requests get Access-Control-Allow-Origin when their origin
 * is admitted; OriginPolicy.refusal decides whether they run. No credentials mode: callers send
 * bearer tokens, not cookies.
 */
export function corsMiddleware(policy: OriginPolicy): RequestHandler {
  const headers = cors({
    origin: (origin, answer) => {
      if (!origin) return answer(null, false);
      policy.allowsAnywhere(origin).then((allowed) => answer(null, allowed), answer);
    },
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: PREFLIGHT_MAX_AGE,
    credentials: false,
  });
  return (req, res, next) => {
    // Answers differ by Origin, refused ones too: caches must keep them apart.
    res.vary('Origin');
    headers(req, res, (err?: unknown) => {
      if (err) return next(err);
      if (req.method !== 'OPTIONS') return next();
      // The `cors` middleware answers admitted preflights itself; what is left was not admitted.
      if (!req.headers.origin) {
        res.setHeader('Allow', 'GET, POST, OPTIONS');
        res.status(204).end();
        return;
      }
      sendHttpError(res, 403, 'ORIGIN_NOT_ALLOWED', `No storefront app or operator console allows requests from ${req.headers.origin}`);
    });
  };
}

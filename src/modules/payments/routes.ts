import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { formatFen } from '../../lib/money';
import { throttleHeaders, type RateLimiter } from '../../lib/throttle';
import { requestScope } from '../../lib/request-scope';
import { CatalogService } from '../catalog/service';
import { OrderService } from '../orders/service';
import type { PaymentProviders } from './providers';
import { RefundService } from './refunds';
import { SANDBOX_SIGNATURE_HEADER } from './sandbox';
import { PaymentService } from './service';

type Headers = Record<string, string | string[] | undefined>;

interface Answer {
  status: number;
  body: Record<string, unknown>;
  /** Send the browser here instead (303 See Other): the sandbox page's return to the storefront. */
  redirect?: string;
}

/**
 * The HTTP side of payments, outside GraphQL:
 *
 * - `POST /payments/:provider/callback` — the provider's signed notification. The signature covers
 *   the raw bytes, so this route alone reads the body raw. Refused callbacks (bad or stale signature,
 *   unknown payment, wrong amount) are logged and change nothing.
 * - `GET /sandbox/payments/:token` — the sandbox provider's page, where a buyer pays (or fails to).
 * - `POST /sandbox/payments/:token/complete` (`outcome`: `succeeded`, the default, or `failed`) —
 *   what that page does: the sandbox signs the callback and hands it to the callback's own
 *   verification path, exactly as if it had arrived over the network. A payment opened with a
 *   returnUrl sends a browser (a request preferring HTML) back there with 303 once the callback is
 *   applied; other clients get the JSON answer, with `returnUrl`.
 *
 * Callbacks count against a rate limit per provider and sender address, checked before the body
 * is read: over it, 429 with Retry-After and `code: "THROTTLED"` (providers retry later). Per
 * address too, so that whoever floods a provider's URL with forged callbacks delays no genuine one.
 */
export function paymentRoutes(deps: { fork: () => EntityManager; providers: PaymentProviders; logger: Logger; rateLimits: RateLimiter }): express.Router {
  const router = express.Router();
  const { providers, logger } = deps;

  async function receive(providerName: string, headers: Headers, rawBody: Buffer): Promise<Answer> {
    const requestId = requestScope.getStore()?.requestId;
    const provider = providers.get(providerName);
    if (!provider) return { status: 404, body: { error: `no payment provider "${providerName}"` } };
    const verified = provider.verifyCallback(headers, rawBody);
    if (!verified.ok) {
      logger.warn({ provider: providerName, reason: verified.reason, status: verified.status, requestId }, 'payment callback refused');
      return { status: verified.status, body: { error: verified.reason } };
    }
    const event = verified.event;
    const em = deps.fork();
    const orders = new OrderService(em, new CatalogService(em));
    const result = await new PaymentService(em, orders, new RefundService(em, orders, providers), providers).receive(providerName, event);
    const context = { provider: providerName, event: event.eventId, type: event.type, providerPaymentId: event.providerPaymentId, requestId };
    switch (result.outcome) {
      case 'unknown-payment':
        logger.warn(context, 'payment callback for an unknown payment');
        return { status: 404, body: { error: 'no such payment' } };
      case 'amount-mismatch':
        logger.error(
          { ...context, amount: event.amount, expected: result.expected, paymentId: result.paymentId },
          'payment callback amount does not match the payment: not applied',
        );
        return { status: 400, body: { error: 'amount does not match the payment' } };
      default:
        logger.info({ ...context, outcome: result.outcome, paymentId: result.paymentId, orderId: result.orderId }, 'payment callback applied');
        return { status: 200, body: { received: true, outcome: result.outcome } };
    }
  }

  /** Unexpected failures answer 500 (the provider retries later) and are logged, never shown. */
  const answer = (work: (req: Request) => Promise<Answer>) => async (req: Request, res: Response) => {
    try {
      const { status, body, redirect } = await work(req);
      if (redirect) res.redirect(303, redirect);
      else res.status(status).json(body);
    } catch (err) {
      const requestId = requestScope.getStore()?.requestId;
      logger.error({ err, requestId, path: req.path }, 'payment route failed');
      res.status(500).json({ error: 'internal error', correlationId: requestId });
    }
  };

  async function throttleCallbacks(req: Request, res: Response, next: NextFunction) {
    const provider = String(req.params.provider);
    // An unknown provider is answered 404 without a counter of its own: any name could make one.
    if (!providers.get(provider)) return next();
    const refused = await deps.rateLimits.take([['paymentCallbacksPerProvider', `${provider} ${req.ip}`]]);
    if (!refused) return next();
    for (const [name, value] of throttleHeaders(refused)) res.setHeader(name, value);
    res.status(429).json({ error: `${refused.message}: retry in ${refused.retryAfter} s`, code: 'THROTTLED', retryAfter: refused.retryAfter });
  }

  router.post(
    '/payments/:provider/callback',
    throttleCallbacks,
    express.raw({ type: () => true, limit: '64kb' }),
    answer((req) => receive(String(req.params.provider), req.headers, Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0))),
  );

  // The sandbox pages are plain HTML with two forms posting to themselves: no script, style, image or frame.
  router.use(
    '/sandbox',
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: { defaultSrc: ["'none'"], formAction: ["'self'"], baseUri: ["'none'"], frameAncestors: ["'none'"] },
      },
    }),
  );

  router.get('/sandbox/payments/:token', (req, res) => {
    const payment = providers.sandbox.openToken(String(req.params.token));
    if (!payment) {
      res.status(404).type('text/plain').send('No such sandbox payment');
      return;
    }
    // Everything shown is digits, signed token characters or the signed return URL; escaped all the same.
    const html = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    const action = html(`${encodeURIComponent(String(req.params.token))}/complete`);
    const returnOrigin = payment.returnUrl ? new URL(payment.returnUrl).origin : null;
    // The forms' answer redirects there: browsers hold a redirect after a form post to form-action too.
    if (returnOrigin) res.setHeader('content-security-policy', `default-src 'none';form-action 'self' ${returnOrigin};base-uri 'none';frame-ancestors 'none'`);
    res.type('html').send(`<!doctype html>
<html><head><meta charset="utf-8"><title>Sandbox payment</title></head>
<body>
<h1>Sandbox payment</h1>
<p>Order ${html(payment.orderNumber)}: ¥${html(formatFen(payment.amount))}</p>
${returnOrigin ? `<p>Then back to ${html(returnOrigin)}</p>\n` : ''}<form method="post" action="${action}"><input type="hidden" name="outcome" value="succeeded"><button>Pay</button></form>
<form method="post" action="${action}"><input type="hidden" name="outcome" value="failed"><button>Fail the payment</button></form>
</body></html>`);
  });

  router.post(
    '/sandbox/payments/:token/complete',
    express.urlencoded({ extended: false, limit: '1kb' }),
    express.json({ limit: '1kb' }),
    answer(async (req) => {
      const payment = providers.sandbox.openToken(String(req.params.token));
      if (!payment) return { status: 404, body: { error: 'no such sandbox payment' } };
      const outcome = (req.body as { outcome?: unknown } | undefined)?.outcome ?? 'succeeded';
      if (outcome !== 'succeeded' && outcome !== 'failed') return { status: 400, body: { error: 'outcome must be "succeeded" or "failed"' } };
      const { rawBody, signature } = providers.sandbox.callback(payment, outcome);
      const answered = await receive(providers.sandbox.name, { [SANDBOX_SIGNATURE_HEADER]: signature }, rawBody);
      if (!payment.returnUrl || answered.status !== 200) return answered;
      const browser = req.accepts(['json', 'html']) === 'html';
      return browser ? { ...answered, redirect: payment.returnUrl } : { ...answered, body: { ...answered.body, returnUrl: payment.returnUrl } };
    }),
  );

  // Bodies that do not parse or are too large: a plain answer, no stack.
  router.use((err: Error & { status?: number }, req: Request, res: Response, _next: express.NextFunction) => {
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) logger.error({ err, requestId: requestScope.getStore()?.requestId, path: req.path }, 'payment route failed');
    res.status(status).json({ error: status === 500 ? 'internal error' : err.message });
  });
  return router;
}

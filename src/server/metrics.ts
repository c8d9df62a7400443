import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { Counter, Histogram } from 'prom-client';
import { registry } from '../lib/metrics';
import { sendHttpError } from './http-errors';

/** The HTTP and GraphQL series of the registry (src/lib/metrics.ts), served at /metrics to holders of METRICS_TOKEN. */
export { registry, sqlStatements } from '../lib/metrics';

export const graphqlRequests = new Counter({
  name: 'graphql_requests_total',
  help: 'GraphQL operations executed, by operation name and outcome',
  labelNames: ['operation', 'outcome'],
  registers: [registry],
});

export const graphqlDuration = new Histogram({
  name: 'graphql_request_duration_seconds',
  help: 'GraphQL operation duration',
  labelNames: ['operation'],
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * GET /metrics with `Authorization: Bearer <METRICS_TOKEN>`: 401 without it (compared in constant
 * time); without a METRICS_TOKEN set, it passes on to the 404 of paths the API does not serve.
 */
export function metricsEndpoint(token: string | null): RequestHandler {
  const expected = token === null ? null : digest(token);
  return async (req, res, next) => {
    if (expected === null) return next();
    const given = /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '')?.[1];
    if (!given || !timingSafeEqual(digest(given), expected)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      return sendHttpError(res, 401, 'UNAUTHENTICATED', 'Send the metrics token: Authorization: Bearer <METRICS_TOKEN>');
    }
    res.type(registry.contentType).send(await registry.metrics());
  };
}
export const rateLimitRefusals = new Counter({
  name: 'rate_limit_refusals_total',
  help: 'Requests refused by a rate limit (HTTP 429), by limit',
  labelNames: ['limit'],
  registers: [registry],
});

export const rateLimitFallbacks = new Counter({
  name: 'rate_limit_store_fallbacks_total',
  help: 'Rate-limit checks counted in process memory because the shared store failed',
  registers: [registry],
});

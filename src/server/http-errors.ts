import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { requestScope } from '../lib/request-scope';

/**
 * Answers outside GraphQL execution (a body too large or not JSON, an unknown path, /metrics, a
 * refused origin) have the shape of a GraphQL error response, so a GraphQL client reads them as it
 * reads every other error: `{ errors: [{ message, extensions: { code, correlationId } }] }`.
 */
export function sendHttpError(res: Response, status: number, code: string, message: string): void {
  const correlationId = requestScope.getStore()?.requestId;
  res.status(status).json({ errors: [{ message, extensions: { code, correlationId } }] });
}

/** Errors of express's body parsers, by their `type`. */
const BODY_ERRORS: Record<string, { code: string; message: (err: HttpishError) => string }> = {
  'entity.too.large': { code: 'PAYLOAD_TOO_LARGE', message: (err) => `The request body is larger than ${err.limit ?? 'allowed'} bytes` },
  'entity.parse.failed': { code: 'BAD_JSON', message: () => 'The request body is not valid JSON' },
  'encoding.unsupported': { code: 'BAD_REQUEST', message: () => "The request body's Content-Encoding is not supported" },
  'charset.unsupported': { code: 'BAD_REQUEST', message: () => "The request body's charset is not supported: send UTF-8" },
};

interface HttpishError extends Error {
  status?: number;
  statusCode?: number;
  type?: string;
  limit?: number;
  expose?: boolean;
}

/** The last middleware: express's own handler would answer an HTML page (and show a stack outside production). */
export function httpErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err: HttpishError, req, res, next) => {
    if (res.headersSent) return next(err);
    const status = err.status ?? err.statusCode ?? 500;
    const known = err.type ? BODY_ERRORS[err.type] : undefined;
    if (known) return sendHttpError(res, status, known.code, known.message(err));
    if (status >= 400 && status < 500 && err.expose !== false) return sendHttpError(res, status, 'BAD_REQUEST', err.message);
    logger.error({ err, correlationId: requestScope.getStore()?.requestId, path: req.path }, 'unexpected HTTP error');
    sendHttpError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error: quote the correlationId when reporting it');
  };
}

/** After every route: a path (or method) the API does not serve. */
export const notFound: RequestHandler = (req, res) => {
  sendHttpError(res, 404, 'NOT_FOUND', `Nothing is served at ${req.method} ${req.path}`);
};

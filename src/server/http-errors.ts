import type { Response } from 'express';
import { requestScope } from './request-scope';

/**
 * Answers outside GraphQL execution (a body too large or not JSON, an unknown path, /metrics, a
 * refused origin) have the shape of a GraphQL error response, so a GraphQL client reads them as it
 * reads every other error: `{ errors: [{ message, extensions: { code, correlationId } }] }`.
 */
export function sendHttpError(res: Response, status: number, code: string, message: string): void {
  const correlationId = requestScope.getStore()?.requestId;
  res.status(status).json({ errors: [{ message, extensions: { code, correlationId } }] });
}

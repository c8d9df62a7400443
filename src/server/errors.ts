import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { unwrapResolverError } from '@apollo/server/errors';
import { requestScope } from '../lib/request-scope';

/** Codes whose message is meant for the client; everything else is masked. */
const CLIENT_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'INVALID_STOREFRONT_KEY',
  'STOREFRONT_KEY_REQUIRED',
  'QUERY_TOO_DEEP',
  'QUERY_TOO_COMPLEX',
  'QUERY_TOO_LARGE',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'ORIGIN_NOT_ALLOWED',
  'THROTTLED',
]);

/**
 * Unexpected errors reach the client as "Internal server error" with the request's correlation id
 * (no stack, no SQL); the full error goes to the log under the same id.
 */
export function formatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const correlationId = requestScope.getStore()?.requestId;
    const code = formatted.extensions?.code as string | undefined;
    if (code && CLIENT_CODES.has(code)) {
      // `http` is Apollo's instruction for the HTTP answer (it removes it there); over WebSocket it would reach the client.
      const { stacktrace: _omit, http: _http, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions: { ...extensions, correlationId } };
    }
    logger.error({ err: unwrapResolverError(error), correlationId, path: formatted.path }, 'unexpected error');
    return {
      message: 'Internal server error: quote the correlationId when reporting it',
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId },
    };
  };
}

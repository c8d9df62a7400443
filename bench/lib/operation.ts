import { DEMO } from '../../src/db/demo-data';

/** What every storefront request carries: a JSON body and the demo storefront's public key. */
export const STOREFRONT_HEADERS = { 'content-type': 'application/json', 'x-storefront-key': DEMO.storefrontPublicKey };

/**
 * One GraphQL operation as a scenario sends it. A scenario resolves it once, before its runs, so
 * it can look up real ids/slugs through the API first instead of hard-coding them.
 */
export interface Operation {
  query: string;
  variables?: Record<string, unknown>;
  /** Extra headers (e.g. Authorization for a signed-in scenario), on top of the storefront key. */
  headers?: Record<string, string>;
  /**
   * Called before every request, the check request included: that request's variables and
   * headers, on top of the ones above (e.g. another buyer's token, another SKU).
   */
  perRequest?(): { variables?: Record<string, unknown>; headers?: Record<string, string> };
  /**
   * Called on every response (warm-ups and the check request included): null for a success, else
   * what kind of failure it is, as counted in the report ("responses without ..."). Default:
   * defaultFailure.
   */
  failure?: (status: number, text: string) => string | null;
}

/** A failure unless HTTP 200 without GraphQL errors. */
export function defaultFailure(status: number, text: string): string | null {
  if (status !== 200) return 'non-200 responses';
  if (text.includes('"errors"')) return 'responses with "errors"';
  return null;
}

/** The headers and body of one request of an operation. */
export function requestOf(op: Operation): { headers: Record<string, string>; body: string } {
  const each = op.perRequest?.();
  return {
    headers: { ...STOREFRONT_HEADERS, ...op.headers, ...each?.headers },
    body: JSON.stringify({ query: op.query, variables: each?.variables ? { ...op.variables, ...each.variables } : op.variables }),
  };
}

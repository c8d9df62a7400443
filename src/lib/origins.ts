/**
 * Browser origins that may call the API: a storefront app's allowed origins and the operator
 * console origins. An entry is `scheme://host[:port]` — scheme http or https, no path, query or
 * fragment — or `scheme://*.domain[:port]`, which matches every subdomain of domain (at any depth,
 * not domain itself). Entries are lower-cased; a default port (:80 for http, :443 for https) is
 * dropped, as browsers drop it from the Origin header.
 */

/** At most this many entries per storefront app. */
export const MAX_ORIGINS = 20;
/** At most this many characters per entry. */
export const MAX_ORIGIN_LENGTH = 200;

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const SHAPE = /^(https?):\/\/(\*\.)?([^/:?#\s]+)(?::(\d{1,5}))?$/;

export type OriginEntry = { origin: string } | { refused: string };

/** The normalized entry, or why it is refused, in words for the operator. */
export function parseOriginEntry(entry: string): OriginEntry {
  if (entry.length > MAX_ORIGIN_LENGTH) return { refused: `must be at most ${MAX_ORIGIN_LENGTH} characters` };
  const text = entry.toLowerCase();
  const shape = SHAPE.exec(text);
  if (!shape) {
    if (!/^https?:\/\//.test(text)) return { refused: 'must start with http:// or https://' };
    if (/^https?:\/\/[^/?#]*[/?#]/.test(text)) return { refused: 'must have no path, query or fragment (not even a trailing slash)' };
    return { refused: 'must be scheme://host or scheme://host:port' };
  }
  const [, scheme, wildcard, host, portText] = shape;
  const labels = host.split('.');
  if (!labels.every((l) => LABEL.test(l)))
    return { refused: 'has a host that is not a domain name or IPv4 address (letters, digits, hyphens and dots; international names in punycode, xn--)' };
  if (host.length > 253) return { refused: 'has a host longer than 253 characters' };
  if (wildcard && (labels.length < 2 || /^\d+$/.test(labels[labels.length - 1]))) {
    return { refused: 'may use * only for the subdomains of a domain with at least two labels, e.g. https://*.example.com' };
  }
  let port = '';
  if (portText !== undefined) {
    const n = Number(portText);
    if (n < 1 || n > 65535) return { refused: 'has a port outside 1–65535' };
    if (!((scheme === 'http' && n === 80) || (scheme === 'https' && n === 443))) port = `:${n}`;
  }
  return { origin: `${scheme}://${wildcard ?? ''}${host}${port}` };
}

/** A set of origin entries, checked against an Origin header in constant time for exact entries. */
export class OriginSet {
  private readonly exact = new Set<string>();
  /** Wildcard entries as the `scheme://` prefix and the `.domain[:port]` suffix an origin must have. */
  private readonly wildcards: { prefix: string; suffix: string }[] = [];

  /** `entries` must be normalized already (parseOriginEntry). */
  constructor(entries: Iterable<string>) {
    for (const entry of entries) {
      const star = entry.indexOf('://*.');
      if (star < 0) this.exact.add(entry);
      else this.wildcards.push({ prefix: entry.slice(0, star + 3), suffix: entry.slice(star + 4) });
    }
  }

  static readonly EMPTY = new OriginSet([]);

  get size(): number {
    return this.exact.size + this.wildcards.length;
  }

  /** Whether an Origin header value is allowed: compared lower-cased; `null` (opaque origins) never is. */
  allows(origin: string): boolean {
    const o = origin.toLowerCase();
    if (this.exact.has(o)) return true;
    for (const { prefix, suffix } of this.wildcards) {
      if (!o.startsWith(prefix) || !o.endsWith(suffix)) continue;
      // What stands for * is one or more whole labels: no port, path or anything but a host.
      const sub = o.slice(prefix.length, o.length - suffix.length);
      if (sub.length > 0 && sub.split('.').every((l) => LABEL.test(l))) return true;
    }
    return false;
  }
}

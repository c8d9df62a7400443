import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** The longest endpoint URL accepted. */
export const MAX_URL_LENGTH = 2000;

/**
 * Addresses a webhook must never reach from the API's network: private, loopback, link-local,
 * unique-local, carrier-grade NAT, "this network", multicast, reserved and documentation ranges,
 * IPv4 and IPv6 (IPv4-mapped and NAT64 IPv6 addresses are checked as the IPv4 address they carry).
 */
const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  BLOCKED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
  ['100::', 64],
  ['2001:db8::', 32],
  ['2001::', 23],
] as const)
  BLOCKED.addSubnet(net, prefix, 'ipv6');

/** The IPv4 address an IPv6 address carries (IPv4-mapped ::ffff:a.b.c.d, NAT64 64:ff9b::a.b.c.d, IPv4-compatible ::a.b.c.d), if any. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::|::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const hi = parseInt(hex[1], 16);
    const lo = parseInt(hex[2], 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return null;
}

/** Whether an IP address is one a webhook may not be sent to. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return BLOCKED.check(address, 'ipv4');
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    if (v4) return BLOCKED.check(v4, 'ipv4');
    return BLOCKED.check(address, 'ipv6');
  }
  return true;
}

export interface UrlRules {
  /** Only https URLs (production). */
  httpsOnly: boolean;
  /** Private, loopback and link-local addresses allowed (WEBHOOKS_ALLOW_PRIVATE_URLS, development and tests only). */
  allowPrivate: boolean;
}

/** Why a URL is refused, in words for the operator; null when it is acceptable as written (its addresses are checked by resolveSafely). */
export function refuseUrlShape(raw: string, rules: UrlRules): string | null {
  if (raw.length > MAX_URL_LENGTH) return `The URL is longer than ${MAX_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'Not an absolute URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'The URL must be https (or http outside production)';
  if (rules.httpsOnly && url.protocol !== 'https:') return 'In production a webhook URL must be https';
  if (url.username || url.password) return 'The URL must not carry a user name or password';
  if (url.hash) return 'The URL must not have a #fragment';
  return null;
}

/** The host of a URL as DNS and isIP see it (brackets of an IPv6 literal removed). */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * Every address the host resolves to, refused (with the reason) when any of them is private and
 * private addresses are not allowed. Called when an endpoint is saved and again for every request.
 */
export async function resolveSafely(host: string, allowPrivate: boolean): Promise<{ addresses: { address: string; family: number }[] } | { refused: string }> {
  let addresses: { address: string; family: number }[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch (err) {
      return { refused: `The host ${host} does not resolve (${(err as NodeJS.ErrnoException).code ?? 'DNS error'})` };
    }
  }
  if (addresses.length === 0) return { refused: `The host ${host} has no address` };
  if (!allowPrivate) {
    const blocked = addresses.find((a) => isPrivateAddress(a.address));
    if (blocked) return { refused: `The host ${host} resolves to ${blocked.address}, a private, loopback or link-local address` };
  }
  return { addresses };
}

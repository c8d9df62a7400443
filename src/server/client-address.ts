import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';
import type { TrustProxy } from '../config';

export type TrustFunction = (address: string, hop: number) => boolean;

/**
 * TRUST_PROXY as a function of (address, hop), the form express's `trust proxy` setting and
 * proxy-addr both take, so HTTP requests (req.ip) and WebSocket upgrades name the same client.
 */
export function trustFunction(trust: TrustProxy): TrustFunction {
  if (trust === false) return () => false;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return proxyaddr.compile(trust);
}

/**
 * The client's address: the socket's peer, or — through trusted proxies only — the nearest
 * untrusted address in X-Forwarded-For. An address a client writes itself is never believed.
 */
export function clientAddress(req: IncomingMessage, trust: TrustFunction): string {
  return proxyaddr(req, trust);
}

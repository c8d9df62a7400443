import type { OriginSet } from './origins';
import type { Role } from './roles';

/** Who a valid bearer token says is calling (verified by the accounts module's AccessTokens). */
export interface Viewer {
  accountId: string;
  role: Role;
  /** The session the token was issued in (its `sid` claim): ending the session refuses the token. */
  sessionId: string;
}

export type KeyKind = 'public' | 'secret';

/** The sales channel a request came through (a storefront app of the storefronts module). */
export interface StorefrontCaller {
  appId: string;
  name: string;
  keyKind: KeyKind;
  /** The browser origins whose pages may use this app's keys. */
  allowedOrigins: OriginSet;
}

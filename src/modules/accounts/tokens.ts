import { createHash, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { SignJWT, jwtVerify, errors, type JWTPayload } from 'jose';
import { LRUCache } from 'lru-cache';
import { isUuid } from '../../lib/ids';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../lib/caller';
import type { Role } from '../../lib/roles';
import { sessionEndedMessage, SessionStates } from './sessions';
import { Dependency } from '../../lib/dependency';

const ISSUER = 'social-commerce-api';

/**
 * Access tokens are JWTs (HS256) naming the account (`sub`), its role and its session (`sid`, the
 * claim OpenID Connect registered for a session id). A token is accepted while its signature,
 * expiry and session are good: the session is checked on every request through `sessions`.
 */
export class AccessTokens {
  /** A key object made once: given raw bytes, jose makes one on every signature and check. */
  private readonly key: KeyObject;
  /**
   * Claims of tokens whose signature and issuer this process has checked, by token: a client sends
   * the same token on every request for its lifetime, and checking its HMAC again each time was a
   * noticeable part of a request's CPU. Expiry and the session are still checked on every request.
   */
  private readonly checked = new LRUCache<string, JWTPayload>({ max: 20_000 });
  /** Whether sessions are live, cached for this process; told here when this process ends one. */
  readonly sessions: SessionStates;

  /** `fork` gives an EntityManager for the session lookups (a fresh fork each time). */
  constructor(
    secret: string,
    readonly ttlSeconds: number,
    fork: () => EntityManager,
  ) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
    this.sessions = new SessionStates(fork);
  }

  async sign(viewer: Viewer): Promise<{ token: string; expiresAt: Date }> {
    const expiresAt = new Date(Date.now() + this.ttlSeconds * 1000);
    const token = await new SignJWT({ role: viewer.role, sid: viewer.sessionId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(viewer.accountId)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
    return { token, expiresAt };
  }

  /** The viewer, or a reason the token is refused (shown to the client). */
  async verify(token: string): Promise<Viewer | { refused: string }> {
    try {
      const payload = await this.claims(token);
      if (typeof payload.sub !== 'string' || typeof payload.role !== 'string') return { refused: 'The bearer token is malformed' };
      // Tokens from before sessions cannot be ended by logout, so they are not honoured: the client
      // refreshes (its refresh token was given a session by the migration) or signs in again.
      if (payload.sid === undefined)
        return { refused: 'The bearer token was issued before sessions existed: refresh it with refreshAccessToken, or sign in again' };
      if (typeof payload.sid !== 'string' || !isUuid(payload.sid)) return { refused: 'The bearer token is malformed' };
      const session = await this.sessions.state(payload.sid);
      if (!session.live) return { refused: sessionEndedMessage(session.reason) };
      return { accountId: payload.sub, role: payload.role as Role, sessionId: payload.sid };
    } catch (err) {
      if (err instanceof errors.JWTExpired) return { refused: 'The bearer token has expired: refresh it with refreshAccessToken' };
      if (err instanceof errors.JOSEError) return { refused: 'The bearer token is not valid' };
      throw err;
    }
  }

  /** The token's claims once its signature, issuer and expiry are good; jose's errors otherwise. */
  private async claims(token: string): Promise<JWTPayload> {
    const known = this.checked.get(token);
    // jose refuses a token whose exp is now or past; an expired one goes back to jose, which says so.
    if (known && typeof known.exp === 'number' && known.exp > Date.now() / 1000) return known;
    const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: ['HS256'] });
    if (typeof payload.exp === 'number') this.checked.set(token, payload);
    return payload;
  }
}

/** The process's access-token signer and the refresh tokens' lifetime, supplied by the composition root. */
export const ACCOUNT_TOKENS = new Dependency<{ access: AccessTokens; refreshTtlSeconds: number }>('the account tokens');

/** Ours are 46 characters ("rt_" and 32 random bytes); a far longer string is never one of them. */
export const MAX_REFRESH_TOKEN_LENGTH = 100;

/** Refresh tokens are random and opaque; only their hash is stored. */
export function newRefreshToken(): { token: string; hash: string } {
  const token = `rt_${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify, errors } from 'jose';
import type { Role } from './entities';

/** Who a valid bearer token says is calling. */
export interface Viewer {
  accountId: string;
  role: Role;
}

const ISSUER = 'social-commerce-api';

export class AccessTokens {
  private readonly key: Uint8Array;

  constructor(secret: string, readonly ttlSeconds: number) {
    this.key = new TextEncoder().encode(secret);
  }

  async sign(viewer: Viewer): Promise<{ token: string; expiresAt: Date }> {
    const expiresAt = new Date(Date.now() + this.ttlSeconds * 1000);
    const token = await new SignJWT({ role: viewer.role })
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
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: ['HS256'] });
      if (typeof payload.sub !== 'string' || typeof payload.role !== 'string') return { refused: 'The bearer token is malformed' };
      return { accountId: payload.sub, role: payload.role as Role };
    } catch (err) {
      if (err instanceof errors.JWTExpired) return { refused: 'The bearer token has expired: refresh it with refreshAccessToken' };
      return { refused: 'The bearer token is not valid' };
    }
  }
}

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

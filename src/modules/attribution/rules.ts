import { randomBytes } from 'node:crypto';
import { MAX_SHARE_TOKEN_LENGTH } from '../../lib/bounds';

/** Why a share-link mutation was refused. */
export enum AttributionErrorCode {
  NOT_A_MEMBER = 'NOT_A_MEMBER',
  TARGET_NOT_FOUND = 'TARGET_NOT_FOUND',
  NOT_YOUR_SHOP = 'NOT_YOUR_SHOP',
  UNKNOWN_SHARE_TOKEN = 'UNKNOWN_SHARE_TOKEN',
  SHARER_NOT_MEMBER = 'SHARER_NOT_MEMBER',
  ENTRY_NOT_SHAREABLE = 'ENTRY_NOT_SHAREABLE',
}

/** 96 random bits, URL-safe: short enough for a share URL, far too many to guess. */
export function newShareToken(): string {
  return randomBytes(12).toString('base64url');
}

const TOKEN = new RegExp(`^[A-Za-z0-9_-]{8,${MAX_SHARE_TOKEN_LENGTH}}$`);

/** Anything else cannot be a token of ours: refused before it reaches the database. */
export function wellFormedToken(token: string): boolean {
  return TOKEN.test(token);
}

/** What each AttributionErrorCode means, for the schema. */
export const attributionErrorCodeDescriptions: Record<keyof typeof AttributionErrorCode, { description: string }> = {
  NOT_A_MEMBER: { description: 'The caller is not a member: only members have share links.' },
  TARGET_NOT_FOUND: { description: 'No shop or product has this id, or the product is off sale and cannot be shared.' },
  NOT_YOUR_SHOP: { description: "The shop is not the caller's own: members share their own shop only." },
  UNKNOWN_SHARE_TOKEN: { description: 'No share link has this token.' },
  SHARER_NOT_MEMBER: { description: 'The member who shared the link is no longer a member, so it attributes nothing.' },
  ENTRY_NOT_SHAREABLE: {
    description: "Content card links come with the article's cards (ProductCardBlock.linkToken): createShareLink makes shop and product links only.",
  },
};

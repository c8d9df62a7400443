import { randomBytes } from 'node:crypto';
import { DomainError } from '../../lib/errors';
import { ContentErrorCode as E } from './errors';
import { isWebUrl, looksLikeHtml } from './markup';

/**
 * What an article may hold. The lengths and counts are the bounds written in the schema (the edge
 * refuses more before anything runs); the shapes (slug, URL, tags) are checked here and answered
 * with a ContentErrorCode.
 */
export const MAX_TITLE_LENGTH = 100;
export const MAX_SLUG_LENGTH = 100;
export const MAX_SUMMARY_LENGTH = 300;
export const MAX_URL_LENGTH = 2000;
export const MAX_TAGS = 10;
export const MAX_TAG_LENGTH = 20;
export const MAX_BLOCKS = 100;
export const MAX_PARAGRAPH_LENGTH = 5000;
export const MAX_HEADING_LENGTH = 200;
export const MAX_QUOTE_LENGTH = 1000;
export const MAX_QUOTE_SOURCE_LENGTH = 100;
export const MAX_CAPTION_LENGTH = 300;
export const MAX_ALT_LENGTH = 200;
export const MAX_PITCH_LENGTH = 200;
export const MAX_GRID_TITLE_LENGTH = 100;
export const MAX_GRID_PRODUCTS = 12;
/** Cards and grid items together: the article page resolves all of them in one statement, and a page of more is a catalog, not an article. */
export const MAX_PRODUCTS_PER_ARTICLE = 60;
export const MAX_REASON_LENGTH = 200;
/** Storefronts' visitor ids (a cookie or device id): bounded, so a view writes one row of fixed size whatever is sent. */
export const MAX_VISITOR_ID_LENGTH = 64;
/** A funnel covers at most a year of days. */
export const MAX_FUNNEL_DAYS = 366;

/**
 * Calendar days of the funnel (views, clicks by day) are days in China, whatever the server's zone,
 * like the shops' statistics: the business and its readers live there.
 */
export const CONTENT_TIME_ZONE = 'Asia/Shanghai';

const fail = (code: E, message: string, field: (string | number)[]) => new DomainError(code, message, field.map(String));

export function cleanTitle(title: string, field: string[]): string {
  const clean = title.trim();
  if (!clean) throw fail(E.INVALID_TITLE, 'An article needs a title', field);
  if (looksLikeHtml(clean)) throw fail(E.HTML_NOT_ALLOWED, 'The title is plain text: it may not hold HTML tags', field);
  return clean;
}

/** Slugs appear in URLs: lower-case letters, digits and single hyphens. */
export function cleanSlug(slug: string, field: string[]): string {
  const clean = slug.trim();
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(clean))
    throw fail(E.INVALID_SLUG, `"${slug}" is not a valid slug: use lower-case letters, digits and single hyphens, e.g. "spring-tea-picks"`, field);
  return clean;
}

/** Titles are mostly Chinese, which makes no URL: an article without a slug gets a random one. */
export function newSlug(): string {
  return `a-${randomBytes(6).toString('hex')}`;
}

export function cleanTags(tags: string[], field: string[]): string[] {
  const seen = new Set<string>();
  return tags.map((tag, i) => {
    const clean = tag.trim().toLowerCase();
    if (!clean) throw fail(E.INVALID_TAG, 'A tag may not be empty', [...field, i]);
    if (seen.has(clean)) throw fail(E.INVALID_TAG, `The tag "${clean}" is given twice`, [...field, i]);
    if (looksLikeHtml(clean)) throw fail(E.HTML_NOT_ALLOWED, 'A tag is plain text: it may not hold HTML tags', [...field, i]);
    seen.add(clean);
    return clean;
  });
}

/** An image or cover URL: absolute http(s). */
export function cleanUrl(url: string, field: (string | number)[]): string {
  const clean = url.trim();
  if (!isWebUrl(clean)) throw fail(E.INVALID_URL, `"${url.slice(0, 100)}" is not an absolute http:// or https:// URL`, field);
  return clean;
}

export function cleanReason(reason: string, field: string[]): string {
  const clean = reason.trim();
  if (!clean) throw fail(E.INVALID_REASON, 'Give a reason', field);
  return clean;
}

/** Letters, digits and a few separators: what cookies and device ids are made of, and nothing a log or a query could trip on. */
export function checkVisitorId(visitorId: string, field: string[]): string {
  if (!/^[A-Za-z0-9._:-]+$/.test(visitorId)) throw fail(E.INVALID_VISITOR_ID, 'A visitor id is letters, digits, "-", "_", "." and ":" only', field);
  return visitorId;
}

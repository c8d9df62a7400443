import { DomainError } from '../../lib/errors';
import { ReviewErrorCode as E } from './errors';

/** The bounds of a review, written into the schema (types.ts) and the table's checks (entities.ts). */
export const MIN_RATING = 1;
export const MAX_RATING = 5;
export const MAX_TEXT_LENGTH = 1000;
export const MAX_IMAGES = 9;
export const MAX_IMAGE_URL_LENGTH = 500;
export const MAX_HIDE_REASON_LENGTH = 200;
export const MAX_REPLY_LENGTH = 1000;
/** A follow-up review (追评) is accepted this long after the first review. */
export const FOLLOW_UP_DAYS = 30;

/**
 * The checks of a review's content, in code, with the codes the API answers. The edge already
 * refuses values outside the bounds written in the schema (BAD_USER_INPUT, HTTP 400); these hold
 * the same rules wherever the service is called from, and add what a bound cannot say (http/https).
 */
export function checkRating(rating: number): void {
  if (!Number.isInteger(rating) || rating < MIN_RATING || rating > MAX_RATING)
    throw new DomainError(E.INVALID_RATING, `A rating is a whole number of stars from ${MIN_RATING} to ${MAX_RATING}`, ['input', 'rating']);
}

/** The text, trimmed; `required`: it may not be blank (a follow-up says something). */
export function checkText(text: string, field: string, required: boolean): string {
  const trimmed = text.trim();
  if ([...trimmed].length > MAX_TEXT_LENGTH) throw new DomainError(E.TEXT_TOO_LONG, `The text is longer than ${MAX_TEXT_LENGTH} characters`, ['input', field]);
  if (required && trimmed.length === 0) throw new DomainError(E.EMPTY_FOLLOW_UP, 'A follow-up review needs some text', ['input', field]);
  return trimmed;
}

/**
 * Image URLs as the storefront will put them in `<img src>`: absolute http or https URLs only (no
 * `javascript:`, `data:` or relative paths), each at most MAX_IMAGE_URL_LENGTH characters.
 */
export function checkImageUrls(urls: string[]): string[] {
  if (urls.length > MAX_IMAGES) throw new DomainError(E.TOO_MANY_IMAGES, `At most ${MAX_IMAGES} images`, ['input', 'imageUrls']);
  return urls.map((raw, i) => {
    const url = raw.trim();
    if (url.length > MAX_IMAGE_URL_LENGTH || !isWebUrl(url))
      throw new DomainError(E.INVALID_IMAGE_URL, `Image ${i + 1} is not an http or https URL of at most ${MAX_IMAGE_URL_LENGTH} characters`, [
        'input',
        'imageUrls',
        String(i),
      ]);
    return url;
  });
}

function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/** A hide reason or a reply: trimmed, not blank, within its length. */
export function checkNote(text: string, field: string, max: number, code: E.INVALID_REASON | E.INVALID_REPLY): string {
  const trimmed = text.trim();
  if (trimmed.length === 0 || [...trimmed].length > max)
    throw new DomainError(code, `${field === 'reason' ? 'The reason' : 'The reply'} must be 1 to ${max} characters`, ['input', field]);
  return trimmed;
}

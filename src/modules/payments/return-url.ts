import { DomainError } from '../../lib/errors';
import type { OriginSet } from '../../lib/origins';
import { PaymentErrorCode as E } from './errors';

/** The longest returnUrl payOrder takes. */
export const MAX_RETURN_URL_LENGTH = 2000;

/**
 * The page a payment provider sends the buyer back to, as given to payOrder: an absolute http(s)
 * URL without user name or password, whose origin is one of the calling storefront app's allowed
 * origins (the list CORS follows, src/lib/origins.ts). Anything else would make the provider's page
 * an open redirect to wherever a caller liked. Answers the URL as the URL parser writes it.
 */
export function checkedReturnUrl(raw: string, allowed: OriginSet | null): string {
  const field = ['input', 'returnUrl'];
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new DomainError(E.INVALID_RETURN_URL, 'returnUrl must be an absolute URL, e.g. https://shop.example.com/orders/123', field);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new DomainError(E.INVALID_RETURN_URL, 'returnUrl must be an http:// or https:// URL', field);
  if (url.username || url.password) throw new DomainError(E.INVALID_RETURN_URL, 'returnUrl must not carry a user name or password', field);
  if (!allowed?.allows(url.origin)) {
    throw new DomainError(
      E.RETURN_URL_NOT_ALLOWED,
      `${url.origin} is not one of this storefront app's allowed origins: an operator adds it with updateStorefrontApp(input: { allowedOrigins })`,
      field,
    );
  }
  return url.href;
}

import { DomainError } from '../errors';

/**
 * A checkout commit found that what pricing chose by itself — the best coupon, when the buyer
 * named none — was taken a moment earlier by another order of the same buyer. The checkout prices
 * again without it (the next best, or none) instead of refusing on a field the client never sent.
 * Retryable, so an idempotency key does not record it.
 */
export class ChoiceTaken extends DomainError {
  constructor(
    code: string,
    message: string,
    /** The coupon to leave out when pricing again. */
    readonly couponId: string,
  ) {
    super(code, message, ['input', 'couponId'], true);
  }
}

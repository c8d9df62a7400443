import type { Fen } from '../../lib/money';

/**
 * What the API needs from a payment provider (a sandbox ships with the project; WeChat Pay or
 * Alipay would be further implementations). The provider never changes our data itself: it
 * reports through signed callbacks, which `verifyCallback` authenticates before anything is read.
 */
export interface PaymentProvider {
  /** Stored on each payment, and the last segment of its callback URL (/payments/<name>/callback). */
  readonly name: string;

  /**
   * Opens a payment at the provider; the buyer then pays on the provider's page at `redirectUrl`.
   * With `returnUrl` (checked by the API: an origin the storefront app allows), the page sends the
   * buyer back there when done (WeChat Pay H5's redirect_url, Alipay's return_url). The return
   * proves nothing: only the signed callback says the payment succeeded.
   */
  createPayment(input: { amount: Fen; orderNumber: string; description: string; returnUrl: string | null }): Promise<CreatedPayment>;

  /**
   * Gives `amount` of a payment back. `idempotencyKey` is unique per refund of ours: asked twice
   * with the same key, the provider pays out once (WeChat Pay's out_refund_no, Alipay's out_request_no).
   * Throws ProviderError when the provider refuses or cannot be reached.
   */
  refund(input: { providerPaymentId: string; paymentAmount: Fen; amount: Fen; idempotencyKey: string; reason: string }): Promise<{ providerRefundId: string }>;

  /** Authenticates a callback from its headers and raw body; only a verified callback is acted on. */
  verifyCallback(headers: Record<string, string | string[] | undefined>, rawBody: Buffer, now?: Date): CallbackVerification;
}

export interface CreatedPayment {
  providerPaymentId: string;
  /** Where the buyer pays. */
  redirectUrl: string;
  /** What an app passes to the provider's SDK instead of opening the page. */
  token: string;
}

/** What a verified callback says happened to a payment. */
export interface PaymentEvent {
  /** The provider's id of this notification (for the logs; the same event may arrive again). */
  eventId: string;
  type: 'payment.succeeded' | 'payment.failed';
  providerPaymentId: string;
  /** What the provider says was paid, checked against the payment. */
  amount: Fen;
}

export type CallbackVerification =
  | { ok: true; event: PaymentEvent }
  /** 400: malformed or stale; 401: the signature does not match. */
  | { ok: false; status: 400 | 401; reason: string };

/** The provider refused, or could not be reached: nothing was paid out. */
export class ProviderError extends Error {}

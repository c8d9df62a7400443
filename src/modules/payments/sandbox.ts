import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Fen } from '../../lib/money';
import { ProviderError, type CallbackVerification, type CreatedPayment, type PaymentEvent, type PaymentProvider } from './provider';

/** Header of the sandbox's callbacks: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. */
export const SANDBOX_SIGNATURE_HEADER = 'x-sandbox-signature';
/** Callbacks signed longer ago (or further ahead) than this are refused, so a captured one cannot be replayed later. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** What a sandbox payment token carries: the sandbox keeps no state, the token is its record. */
export interface SandboxPayment {
  providerPaymentId: string;
  amount: Fen;
  orderNumber: string;
  /** Where the page sends the buyer once paid (or failed); absent: the page answers JSON. */
  returnUrl?: string;
}

const hmac = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('hex');

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/**
 * The payment provider that ships with the project, for development, demos and tests. It behaves
 * like a real one from the API's side: a payment gets a token and a page (/sandbox/payments/<token>,
 * served by routes.ts), and the outcome comes back as a signed callback. It keeps no state: the
 * token is signed and carries the payment, and refunds are accepted at once, their ids derived
 * from the idempotency key so that asking twice gives the same refund.
 */
export class SandboxProvider implements PaymentProvider {
  readonly name = 'sandbox';

  constructor(private readonly secret: string) {}

  async createPayment(input: { amount: Fen; orderNumber: string; returnUrl?: string | null }): Promise<CreatedPayment> {
    const payment: SandboxPayment = { providerPaymentId: `sbx_pay_${randomBytes(12).toString('hex')}`, amount: input.amount, orderNumber: input.orderNumber };
    if (input.returnUrl) payment.returnUrl = input.returnUrl;
    const body = Buffer.from(JSON.stringify(payment), 'utf8').toString('base64url');
    const token = `${body}.${hmac(this.secret, `token.${body}`)}`;
    return { providerPaymentId: payment.providerPaymentId, token, redirectUrl: `/sandbox/payments/${token}` };
  }

  /** The payment a token stands for; null when the token was not issued by this sandbox. */
  openToken(token: string): SandboxPayment | null {
    const [body, signature, ...rest] = token.split('.');
    if (!body || !signature || rest.length > 0 || !sameHex(signature, hmac(this.secret, `token.${body}`))) return null;
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as SandboxPayment;
  }

  async refund(input: { providerPaymentId: string; paymentAmount: Fen; amount: Fen; idempotencyKey: string }): Promise<{ providerRefundId: string }> {
    if (!input.providerPaymentId.startsWith('sbx_pay_')) throw new ProviderError(`sandbox: no payment ${input.providerPaymentId}`);
    if (!Number.isInteger(input.amount) || input.amount <= 0 || input.amount > input.paymentAmount) {
      throw new ProviderError(`sandbox: cannot refund ${input.amount} of a payment of ${input.paymentAmount}`);
    }
    return { providerRefundId: `sbx_re_${hmac(this.secret, `refund.${input.idempotencyKey}`).slice(0, 32)}` };
  }

  /** The callback the sandbox sends when the buyer pays (or the payment fails) on its page: a raw body and its signature header. */
  callback(payment: SandboxPayment, outcome: 'succeeded' | 'failed', now = new Date()): { rawBody: Buffer; signature: string } {
    const t = Math.floor(now.getTime() / 1000);
    const rawBody = Buffer.from(
      JSON.stringify({
        id: `evt_${randomBytes(12).toString('hex')}`,
        type: `payment.${outcome}`,
        created: t,
        data: { payment: payment.providerPaymentId, amount: payment.amount, currency: 'CNY' },
      }),
      'utf8',
    );
    return { rawBody, signature: this.sign(rawBody, t) };
  }

  /** The signature header for a raw body signed at unix time `t`. */
  sign(rawBody: Buffer, t: number): string {
    return `t=${t},v1=${hmac(this.secret, `${t}.${rawBody.toString('utf8')}`)}`;
  }

  verifyCallback(headers: Record<string, string | string[] | undefined>, rawBody: Buffer, now = new Date()): CallbackVerification {
    const header = headers[SANDBOX_SIGNATURE_HEADER];
    const match = typeof header === 'string' ? /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header.trim()) : null;
    if (!match) return { ok: false, status: 400, reason: `missing or malformed ${SANDBOX_SIGNATURE_HEADER} header` };
    const t = Number(match[1]);
    if (Math.abs(now.getTime() / 1000 - t) > SIGNATURE_TOLERANCE_SECONDS)
      return { ok: false, status: 400, reason: `stale signature: signed at ${t}, more than ${SIGNATURE_TOLERANCE_SECONDS} s away` };
    if (!sameHex(match[2], hmac(this.secret, `${t}.${rawBody.toString('utf8')}`))) return { ok: false, status: 401, reason: 'signature does not match' };
    const event = parseEvent(rawBody);
    return event ? { ok: true, event } : { ok: false, status: 400, reason: 'body is not a sandbox payment event' };
  }
}

function parseEvent(rawBody: Buffer): PaymentEvent | null {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return null;
  }
  const b = body as { id?: unknown; type?: unknown; data?: { payment?: unknown; amount?: unknown } } | null;
  if (!b || typeof b.id !== 'string' || (b.type !== 'payment.succeeded' && b.type !== 'payment.failed')) return null;
  if (typeof b.data?.payment !== 'string' || !Number.isInteger(b.data.amount)) return null;
  return { eventId: b.id, type: b.type, providerPaymentId: b.data.payment, amount: b.data.amount as number };
}

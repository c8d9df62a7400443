import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { idempotent } from '../../lib/idempotency';
import { Order, OrderStatus } from '../orders/entities';
import { orderService, type OrderService } from '../orders/service';
import { Payment } from './entities';
import { PaymentErrorCode as E } from './errors';
import type { OriginSet } from '../../lib/origins';
import type { PaymentEvent } from './provider';
import { checkedReturnUrl } from './return-url';
import { PAYMENT_PROVIDERS, type PaymentProviders } from './providers';
import { refundService, type RefundService } from './refunds';
import type { RequestContext } from '../../lib/request-context';

/** What a verified callback did: `replayed` and `failed` change nothing more than the payment's own status. */
export type CallbackOutcome =
  | { outcome: 'paid' | 'refunded' | 'failed' | 'replayed'; paymentId: string; orderId: string }
  | { outcome: 'unknown-payment' }
  | { outcome: 'amount-mismatch'; paymentId: string; expected: number };

/** Paying orders through a provider, and what the provider's callbacks say. */
export class PaymentService {
  constructor(
    private readonly em: EntityManager,
    private readonly orders: OrderService,
    private readonly refunds: RefundService,
    private readonly providers: PaymentProviders,
  ) {}

  /**
   * The buyer starts paying an unpaid order of theirs: a payment of the order's total is opened at
   * the provider, and the buyer goes on to its page. Several attempts may be open at once (a buyer
   * who closed the page pays again); only one can ever succeed. Idempotent with a key. A `returnUrl`
   * must have one of `allowedOrigins`, the calling storefront app's.
   */
  async pay(
    customerId: string,
    input: { orderId: string | null; idempotencyKey?: string | null; returnUrl?: string | null },
    allowedOrigins: OriginSet | null,
  ): Promise<{ paymentId: string }> {
    const returnUrl = input.returnUrl == null ? null : checkedReturnUrl(input.returnUrl, allowedOrigins);
    // Without a returnUrl the key's input is what it always was, so keys used before it existed replay alike.
    const keyed = returnUrl === null ? { orderId: input.orderId } : { orderId: input.orderId, returnUrl };
    return idempotent(this.em, { operation: 'payOrder', callerId: customerId, key: input.idempotencyKey, input: keyed }, async (tx) => {
      const order = input.orderId ? await this.orders.forPayment(tx, input.orderId, customerId) : null;
      if (!order) throw new DomainError(E.ORDER_NOT_FOUND, 'No order of yours has this id', ['input', 'orderId']);
      if (order.status !== OrderStatus.PENDING_PAYMENT) {
        throw new DomainError(E.ORDER_NOT_PAYABLE, `The order is ${order.status.toUpperCase()}: only orders PENDING_PAYMENT can be paid`, ['input', 'orderId']);
      }
      if (order.paymentDueAt.getTime() <= Date.now()) {
        throw new DomainError(E.ORDER_NOT_PAYABLE, 'The time to pay this order is up: it is being cancelled', ['input', 'orderId']);
      }
      if (order.total <= 0) throw new DomainError(E.ORDER_NOT_PAYABLE, 'The order costs nothing: there is nothing to pay', ['input', 'orderId']);
      const provider = this.providers.default;
      const created = await provider.createPayment({ amount: order.total, orderNumber: order.number, description: `Order ${order.number}`, returnUrl });
      const payment = tx.create(Payment, {
        order: tx.getReference(Order, order.id),
        provider: provider.name,
        providerPaymentId: created.providerPaymentId,
        amount: order.total,
        redirectUrl: created.redirectUrl,
        token: created.token,
        returnUrl,
      } as never);
      await tx.flush();
      return { paymentId: payment.id };
    });
  }

  /**
   * Acts on a verified callback, in one transaction. The payment row is locked first, so the same
   * callback arriving twice at once is handled once; a callback that finds the payment already
   * settled changes nothing. On success the order is marked paid (a conditional update of its status,
   * so a racing cancellation and this payment cannot both win) and only then the payment succeeded —
   * in that order, so a second payment of an already paid order never meets the one-succeeded-payment
   * index but is refunded instead, like a payment for an order cancelled meanwhile.
   */
  async receive(providerName: string, event: PaymentEvent): Promise<CallbackOutcome> {
    return this.em.transactional(async (tx) => {
      const conn = tx.getConnection();
      const ctx = tx.getTransactionContext<Knex.Transaction>();
      const [payment] = await conn.execute<{ id: string; order_id: string; provider: string; provider_payment_id: string; amount: number; status: string }[]>(
        'select id, order_id, provider, provider_payment_id, amount, status from payment where provider = ? and provider_payment_id = ? for update',
        [providerName, event.providerPaymentId],
        'all',
        ctx,
      );
      if (!payment) return { outcome: 'unknown-payment' as const };
      if (event.amount !== payment.amount) return { outcome: 'amount-mismatch' as const, paymentId: payment.id, expected: payment.amount };
      const ids = { paymentId: payment.id, orderId: payment.order_id };

      if (event.type === 'payment.failed') {
        // A failure never undoes a success; and a repeated failure is already recorded.
        const failed = await conn.execute<{ id: string }[]>(
          `update payment set status = 'failed', failed_at = now() where id = ? and status = 'pending' returning id`,
          [payment.id],
          'all',
          ctx,
        );
        return { outcome: failed.length ? ('failed' as const) : ('replayed' as const), ...ids };
      }
      if (payment.status === 'succeeded' || payment.status === 'refunded') return { outcome: 'replayed' as const, ...ids };

      const result = await this.orders.markPaid(tx, payment.order_id, { paymentId: payment.id, provider: providerName, amount: payment.amount });
      if (result === 'not-payable') {
        await this.refunds.returnUnapplied(tx, payment);
        return { outcome: 'refunded' as const, ...ids };
      }
      await conn.execute(
        `update payment set status = 'succeeded', succeeded_at = now() where id = ? and status in ('pending', 'failed')`,
        [payment.id],
        'run',
        ctx,
      );
      return { outcome: 'paid' as const, ...ids };
    });
  }
}

/** Built per request, over its EntityManager, when the request first asks (`ctx.use`). */
export const paymentService = (ctx: RequestContext): PaymentService =>
  new PaymentService(ctx.em, ctx.use(orderService), ctx.use(refundService), ctx.need(PAYMENT_PROVIDERS));

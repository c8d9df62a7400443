import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { idempotent } from '../../lib/idempotency';
import { uuidv7 } from '../../lib/ids';
import type { Fen } from '../../lib/money';
import { Account } from '../accounts/entities';
import { Order, OrderLine, OrderStatus } from '../orders/entities';
import { refundRefusal } from '../orders/hooks';
import { orderService, type OrderService, type RefundableOrder } from '../orders/service';
import { Payment, Refund, RefundKind, RefundLine } from './entities';
import { PaymentErrorCode as E } from './errors';
import { ProviderError } from './provider';
import { PAYMENT_PROVIDERS, type PaymentProviders } from './providers';
import { checkRequestLines, planRefund, type RefundPlan, type RefundRequestLine } from './refund-plan';
import type { RequestContext } from '../../lib/request-context';

/** Orders whose money can be given back: paid, whether or not the goods went out. */
const REFUNDABLE: OrderStatus[] = [OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.RECEIVED, OrderStatus.COMPLETED];

export interface RefundInput {
  orderId: string | null;
  /** Lines and quantities; null: the whole order (what is left of it, shipping included). */
  lines: RefundRequestLine[] | null;
  reason: string;
  idempotencyKey?: string | null;
}

/** The payment a refund goes back through, as stored. */
interface PaymentRow {
  id: string;
  order_id: string;
  provider: string;
  provider_payment_id: string;
  amount: number;
}

export const MAX_REASON_LENGTH = 200;

export function cleanReason(reason: string, field: string[], min = 2): string {
  const clean = reason.trim();
  if (clean.length < min || clean.length > MAX_REASON_LENGTH)
    throw new DomainError(E.INVALID_REASON, `Give a reason of ${min} to ${MAX_REASON_LENGTH} characters`, field);
  return clean;
}

/**
 * Money back to buyers, always through the provider that took it. Refunds of one order are
 * serialised by a row lock on the order (lockForRefund); on top of it every amount moves by a
 * conditional update within the database's checks, so no interleaving can give back more than was
 * paid. The provider is asked last, after our own updates, so a refused or failed payout leaves
 * nothing behind; its idempotency key (order number and refund sequence) makes a retry after a
 * failed commit ask for the same refund again rather than a second one.
 */
export class RefundService {
  constructor(
    private readonly em: EntityManager,
    private readonly orders: OrderService,
    private readonly providers: PaymentProviders,
  ) {}

  /** An operator refunds the whole order, or lines and quantities of it. One transaction; idempotent. */
  async refundOrder(operatorId: string, input: RefundInput): Promise<{ refundId: string }> {
    const reason = cleanReason(input.reason, ['input', 'reason']);
    checkRequestLines(input.lines, ['input', 'lines']);
    return idempotent(
      this.em,
      { operation: 'refundOrder', callerId: operatorId, key: input.idempotencyKey, input: { orderId: input.orderId, lines: input.lines, reason } },
      (tx) => this.refund(tx, { orderId: input.orderId, lines: input.lines, reason, operatorId }),
    );
  }

  /** Refunds inside the caller's transaction (refundOrder, the approval of an after-sale request, a failed group-buy session: no operator). */
  async refund(
    tx: EntityManager,
    input: { orderId: string | null; lines: RefundRequestLine[] | null; reason: string; operatorId: string | null },
  ): Promise<{ refundId: string; amount: Fen }> {
    const order = input.orderId ? await this.orders.lockForRefund(tx, input.orderId) : null;
    if (!order) throw new DomainError(E.ORDER_NOT_FOUND, 'No order has this id', ['input', 'orderId']);
    checkRefundable(order);
    const held = await refundRefusal(tx, order.id);
    if (held) throw new DomainError(E.GROUP_BUY_SESSION_OPEN, held, ['input', 'orderId']);
    const plan = planRefund(order, input.lines, ['input', 'lines']);
    const [payment] = await tx
      .getConnection()
      .execute<PaymentRow[]>(
        `select id, order_id, provider, provider_payment_id, amount from payment where order_id = ? and status = 'succeeded' for update`,
        [order.id],
        'all',
        tx.getTransactionContext(),
      );
    if (!payment)
      throw new DomainError(E.ORDER_NOT_REFUNDABLE, 'The order was not paid through a payment provider: there is no payment to refund', ['input', 'orderId']);

    const refundId = uuidv7();
    const booked = await this.orders.bookRefund(tx, order, { refundId, amount: plan.amount, lines: plan.lines });
    const taken = await this.takeFromPayment(tx, payment.id, plan.amount);
    // Unreachable while the order lock holds; if it ever did not, the database still refuses the excess.
    if (!booked || !taken)
      throw new DomainError(E.EXCEEDS_REFUNDABLE, 'Another refund of this order took these amounts first: look at the order again', ['input', 'lines']);
    await this.payOut(tx, {
      refundId,
      order,
      payment,
      plan,
      kind: RefundKind.ORDER,
      reason: input.reason,
      operatorId: input.operatorId,
      restocked: booked.restocked,
    }).catch((err) => {
      if (err instanceof ProviderError)
        throw new DomainError(E.PROVIDER_ERROR, `The payment provider did not refund: ${err.message}. Nothing was changed; try again.`, null, true);
      throw err;
    });
    return { refundId, amount: plan.amount };
  }

  /**
   * A payment arrived for an order that can no longer take it — cancelled meanwhile, or already paid
   * by another payment: all of it goes back, automatically, inside the callback's transaction. The
   * order's own money and stock are not touched (its stock was released when it was cancelled).
   * A provider failure propagates, so the callback fails and the provider sends it again.
   */
  async returnUnapplied(tx: EntityManager, payment: PaymentRow): Promise<{ refundId: string }> {
    const order = (await this.orders.lockForRefund(tx, payment.order_id))!;
    const reason =
      order.status === OrderStatus.CANCELLED ? 'The order was cancelled before this payment arrived' : 'The order had already been paid by another payment';
    const updated = await tx
      .getConnection()
      .execute<{ id: string }[]>(
        `update payment set status = 'refunded', refunded_amount = amount, succeeded_at = now() where id = ? and status in ('pending', 'failed') returning id`,
        [payment.id],
        'all',
        tx.getTransactionContext(),
      );
    if (updated.length === 0) throw new Error(`payment ${payment.id} changed while locked`);
    const refundId = uuidv7();
    const plan: RefundPlan = { lines: [], shipping: 0, amount: payment.amount };
    await this.payOut(tx, { refundId, order, payment, plan, kind: RefundKind.UNAPPLIED_PAYMENT, reason, operatorId: null, restocked: false });
    return { refundId };
  }

  private async takeFromPayment(tx: EntityManager, paymentId: string, amount: Fen): Promise<boolean> {
    const updated = await tx
      .getConnection()
      .execute<{ id: string }[]>(
        'update payment set refunded_amount = refunded_amount + ? where id = ? and refunded_amount + ? <= amount returning id',
        [amount, paymentId, amount],
        'all',
        tx.getTransactionContext(),
      );
    return updated.length > 0;
  }

  /** Asks the provider for the money back, then records the refund and its lines. */
  private async payOut(
    tx: EntityManager,
    r: {
      refundId: string;
      order: RefundableOrder;
      payment: PaymentRow;
      plan: RefundPlan;
      kind: RefundKind;
      reason: string;
      operatorId: string | null;
      restocked: boolean;
    },
  ): Promise<void> {
    const [{ next }] = await tx
      .getConnection()
      .execute<{ next: number }[]>(
        'select coalesce(max(sequence), 0) + 1 as next from refund where order_id = ?',
        [r.order.id],
        'all',
        tx.getTransactionContext(),
      );
    const provider = this.providers.get(r.payment.provider);
    if (!provider) throw new ProviderError(`provider ${r.payment.provider} is not configured`);
    const { providerRefundId } = await provider.refund({
      providerPaymentId: r.payment.provider_payment_id,
      paymentAmount: r.payment.amount,
      amount: r.plan.amount,
      idempotencyKey: `${r.order.number}-R${next}`,
      reason: r.reason,
    });
    const refund = tx.create(Refund, {
      id: r.refundId,
      order: tx.getReference(Order, r.order.id),
      payment: tx.getReference(Payment, r.payment.id),
      sequence: next,
      kind: r.kind,
      amount: r.plan.amount,
      shippingAmount: r.plan.shipping,
      reason: r.reason,
      providerRefundId,
      operator: r.operatorId ? tx.getReference(Account, r.operatorId) : null,
    } as never);
    for (const line of r.plan.lines) {
      tx.create(RefundLine, {
        refund,
        orderLine: tx.getReference(OrderLine, line.orderLineId),
        quantity: line.quantity,
        amount: line.amount,
        restocked: r.restocked,
      } as never);
    }
    await tx.flush();
  }
}

/** Built per request, over its EntityManager, when the request first asks (`ctx.use`). */
export const refundService = (ctx: RequestContext): RefundService => new RefundService(ctx.em, ctx.use(orderService), ctx.need(PAYMENT_PROVIDERS));

export function checkRefundable(order: RefundableOrder): void {
  if (!REFUNDABLE.includes(order.status)) {
    throw new DomainError(
      E.ORDER_NOT_REFUNDABLE,
      `The order is ${order.status.toUpperCase()}: only paid orders (PAID, SHIPPED, RECEIVED, COMPLETED) can be refunded`,
      ['input', 'orderId'],
    );
  }
}

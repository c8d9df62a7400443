import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { idempotent } from '../../lib/idempotency';
import { Order, OrderStatus } from '../orders/entities';
import { refundRefusal } from '../orders/hooks';
import { orderService, type OrderService, type RefundableOrder } from '../orders/service';
import { orderSettings } from '../orders/settings';
import { AfterSaleRequest, AfterSaleStatus, type AfterSaleLine } from './entities';
import { PaymentErrorCode as E } from './errors';
import { checkRequestLines, planRefund, type RefundRequestLine } from './refund-plan';
import { cleanReason, refundService, type RefundService } from './refunds';
import { publishAfterSaleWebhook } from './webhooks';
import type { RequestContext } from '../../lib/request-context';

const DAY_MS = 24 * 3600 * 1000;

/**
 * After-sale requests (售后): a buyer asks for money back — the whole order, or lines and
 * quantities — while the goods are on their way or within the after-sale window after receipt; an
 * operator approves (the refund happens in the same transaction) or rejects with a reason.
 */
export class AfterSaleService {
  constructor(
    private readonly em: EntityManager,
    private readonly orders: OrderService,
    private readonly refunds: RefundService,
  ) {}

  async request(
    customerId: string,
    input: { orderId: string | null; lines: RefundRequestLine[] | null; reason: string; idempotencyKey?: string | null },
  ): Promise<{ requestId: string }> {
    const reason = cleanReason(input.reason, ['input', 'reason']);
    checkRequestLines(input.lines, ['input', 'lines']);
    return idempotent(
      this.em,
      { operation: 'requestAfterSale', callerId: customerId, key: input.idempotencyKey, input: { orderId: input.orderId, lines: input.lines, reason } },
      async (tx) => {
        // The order lock also orders this against a concurrent request for the same order.
        const order = input.orderId ? await this.orders.lockForRefund(tx, input.orderId) : null;
        if (!order || order.customerId !== customerId) throw new DomainError(E.ORDER_NOT_FOUND, 'No order of yours has this id', ['input', 'orderId']);
        await this.checkWindow(tx, order);
        const held = await refundRefusal(tx, order.id);
        if (held) throw new DomainError(E.GROUP_BUY_SESSION_OPEN, held, ['input', 'orderId']);
        const plan = planRefund(order, input.lines, ['input', 'lines']);
        const [open] = await tx
          .getConnection()
          .execute<{ id: string }[]>(`select id from after_sale_request where order_id = ? and status = 'open'`, [order.id], 'all', tx.getTransactionContext());
        if (open)
          throw new DomainError(E.AFTER_SALE_ALREADY_OPEN, 'This order already has an open after-sale request: wait for the decision', ['input', 'orderId']);
        const lines: AfterSaleLine[] | null = input.lines == null ? null : plan.lines.map((l) => ({ orderLineId: l.orderLineId, quantity: l.quantity }));
        const request = tx.create(AfterSaleRequest, { order: tx.getReference(Order, order.id), lines, reason } as never);
        await tx.flush();
        await publishAfterSaleWebhook(tx, request.id, 'after_sale.requested');
        return { requestId: request.id };
      },
    );
  }

  /** Approving refunds what the request asks, as it stands now; if that is no longer possible, the request stays open. */
  async approve(operatorId: string, input: { requestId: string | null; idempotencyKey?: string | null }): Promise<{ requestId: string }> {
    return idempotent(
      this.em,
      { operation: 'approveAfterSale', callerId: operatorId, key: input.idempotencyKey, input: { requestId: input.requestId } },
      async (tx) => {
        const request = await this.lockOpen(tx, input.requestId);
        let refundId: string;
        try {
          ({ refundId } = await this.refunds.refund(tx, {
            orderId: request.order_id,
            lines: request.lines,
            reason: `After-sale: ${request.reason}`.slice(0, 200),
            operatorId,
          }));
        } catch (err) {
          // The refund's own field paths name refundOrder's input; here the request is what is at fault.
          if (err instanceof DomainError) throw new DomainError(err.code, err.message, ['input', 'requestId'], err.retryable);
          throw err;
        }
        await tx
          .getConnection()
          .execute(
            `update after_sale_request set status = 'approved', refund_id = ?, decided_by_id = ?, decided_at = now() where id = ? and status = 'open'`,
            [refundId, operatorId, request.id],
            'run',
            tx.getTransactionContext(),
          );
        await publishAfterSaleWebhook(tx, request.id, 'after_sale.decided');
        return { requestId: request.id };
      },
    );
  }

  async reject(operatorId: string, input: { requestId: string | null; reason: string }): Promise<{ requestId: string }> {
    const reason = cleanReason(input.reason, ['input', 'reason']);
    return this.em.transactional(async (tx) => {
      const request = await this.lockOpen(tx, input.requestId);
      await tx
        .getConnection()
        .execute(
          `update after_sale_request set status = 'rejected', decision_reason = ?, decided_by_id = ?, decided_at = now() where id = ? and status = 'open'`,
          [reason, operatorId, request.id],
          'run',
          tx.getTransactionContext(),
        );
      await publishAfterSaleWebhook(tx, request.id, 'after_sale.decided');
      return { requestId: request.id };
    });
  }

  /** The request, locked, if it is still open: of two operators deciding at once, the second is told it is decided. */
  private async lockOpen(
    tx: EntityManager,
    requestId: string | null,
  ): Promise<{ id: string; order_id: string; lines: AfterSaleLine[] | null; reason: string }> {
    const [request] = requestId
      ? await tx
          .getConnection()
          .execute<{ id: string; order_id: string; lines: AfterSaleLine[] | null; reason: string; status: AfterSaleStatus }[]>(
            'select id, order_id, lines, reason, status from after_sale_request where id = ? for update',
            [requestId],
            'all',
            tx.getTransactionContext(),
          )
      : [];
    if (!request) throw new DomainError(E.AFTER_SALE_NOT_FOUND, 'No after-sale request has this id', ['input', 'requestId']);
    if (request.status !== AfterSaleStatus.OPEN)
      throw new DomainError(E.AFTER_SALE_ALREADY_DECIDED, `The request was already ${request.status}`, ['input', 'requestId']);
    return request;
  }

  /** Until shipped and in transit a buyer may always ask; after receipt only within the after-sale window. */
  private async checkWindow(tx: EntityManager, order: RefundableOrder): Promise<void> {
    if (order.status === OrderStatus.PAID || order.status === OrderStatus.SHIPPED) return;
    if (order.status === OrderStatus.RECEIVED && order.receivedAt) {
      const days = (await orderSettings(tx)).afterSaleDays;
      if (order.receivedAt.getTime() + days * DAY_MS > Date.now()) return;
      throw new DomainError(E.AFTER_SALE_NOT_ALLOWED, `The after-sale window (${days} days after receipt) has closed`, ['input', 'orderId']);
    }
    throw new DomainError(
      E.AFTER_SALE_NOT_ALLOWED,
      `The order is ${order.status.toUpperCase()}: after-sale requests are for orders PAID, SHIPPED, or RECEIVED within the after-sale window`,
      ['input', 'orderId'],
    );
  }
}

/** Built per request, over its EntityManager, when the request first asks (`ctx.use`). */
export const afterSaleService = (ctx: RequestContext): AfterSaleService => new AfterSaleService(ctx.em, ctx.use(orderService), ctx.use(refundService));

import { toGlobalId } from '../../lib/ids';
import { money } from '../../lib/money';
import type { AfterSaleRow, PaymentRow, RefundRow } from './reads';
import type { AfterSaleRequestType, AfterSaleStatusEnum, PaymentStatusEnum, PaymentType, RefundKindEnum, RefundType } from './types';

const date = (value: string | Date | null) => (value == null ? null : new Date(value));

export function paymentView(row: PaymentRow): PaymentType {
  const pending = row.status === 'pending';
  return {
    __typename: 'Payment',
    id: toGlobalId('Payment', row.id),
    status: row.status.toUpperCase() as PaymentStatusEnum,
    amount: money(row.amount),
    refunded: money(row.refunded_amount),
    provider: row.provider,
    // Where to pay means nothing once the payment is settled.
    redirectUrl: pending ? row.redirect_url : null,
    token: pending ? row.token : null,
    returnUrl: row.return_url,
    createdAt: new Date(row.created_at),
    succeededAt: date(row.succeeded_at),
    failedAt: date(row.failed_at),
  } as PaymentType;
}

export function refundView(row: RefundRow): RefundType {
  return {
    __typename: 'Refund',
    id: toGlobalId('Refund', row.id),
    kind: row.kind.toUpperCase() as RefundKindEnum,
    amount: money(row.amount),
    shipping: money(row.shipping_amount),
    reason: row.reason,
    lines: row.lines.map((l) => ({
      orderLineId: toGlobalId('OrderLine', l.order_line_id),
      quantity: l.quantity,
      amount: money(l.amount),
      restocked: l.restocked,
    })),
    paymentId: toGlobalId('Payment', row.payment_id),
    providerRefundId: row.provider_refund_id,
    createdAt: new Date(row.created_at),
  } as RefundType;
}

export function afterSaleView(row: AfterSaleRow): AfterSaleRequestType {
  return {
    __typename: 'AfterSaleRequest',
    id: toGlobalId('AfterSaleRequest', row.id),
    orderId: toGlobalId('Order', row.order_id),
    status: row.status.toUpperCase() as AfterSaleStatusEnum,
    lines: row.lines?.map((l) => ({ orderLineId: toGlobalId('OrderLine', l.orderLineId), quantity: l.quantity })) ?? null,
    reason: row.reason,
    decisionReason: row.decision_reason,
    decidedAt: date(row.decided_at),
    refundId: row.refund_id ? toGlobalId('Refund', row.refund_id) : null,
    createdAt: new Date(row.created_at),
  } as AfterSaleRequestType;
}

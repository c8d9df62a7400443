import { toGlobalId } from '../../lib/ids';
import { money } from '../../lib/money';
import type { OrderSettings } from './entities';
import type { CartView } from './cart';
import type { Adjustment } from '../../lib/pricing/step';
import type { OrderLineRow, OrderRow } from './reads';
import type { Cart, OrderLineType, OrderSettingsType, OrderStatusEnum, OrderType, PriceAdjustment, PriceBreakdownType, PriceReasonEnum } from './types';

export function adjustmentView(a: Adjustment): PriceAdjustment {
  return { code: a.code, label: a.label, amount: money(Math.abs(a.amount)), isDiscount: a.amount < 0 };
}

export function breakdownView(b: {
  subtotal: number;
  discountTotal: number;
  shippingFee: number;
  total: number;
  adjustments: Adjustment[];
}): PriceBreakdownType {
  return {
    subtotal: money(b.subtotal),
    discountTotal: money(b.discountTotal),
    shippingFee: money(b.shippingFee),
    total: money(b.total),
    adjustments: b.adjustments.map(adjustmentView),
  };
}

export function cartView(cart: CartView): Cart {
  return {
    __typename: 'Cart',
    id: toGlobalId('Cart', cart.id),
    lines: cart.lines.map((l) => ({ id: toGlobalId('CartLine', l.id), skuDbId: l.sku_id, quantity: l.quantity })),
    warnings: cart.warnings.map((w) => ({ ...w, lineId: toGlobalId('CartLine', w.lineId) })),
    cost: breakdownView(cart.cost),
  } as Cart;
}

const date = (value: string | null) => (value == null ? null : new Date(value));

export function orderView(row: OrderRow): OrderType {
  return {
    __typename: 'Order',
    id: toGlobalId('Order', row.id),
    dbId: row.id,
    customerDbId: row.customer_id,
    number: row.number,
    status: row.status.toUpperCase() as OrderStatusEnum,
    cost: breakdownView({
      subtotal: row.subtotal,
      discountTotal: row.discount_total,
      shippingFee: row.shipping_fee,
      total: row.total,
      adjustments: row.adjustments,
    }),
    refundedTotal: money(row.refunded_total),
    shippingAddress: { name: row.ship_name, phone: row.ship_phone, region: row.ship_region, detail: row.ship_detail },
    shipment: row.shipped_at && row.carrier ? { carrier: row.carrier, trackingNumber: row.tracking_number ?? '', shippedAt: new Date(row.shipped_at) } : null,
    placedAt: new Date(row.placed_at),
    paymentDueAt: row.status === 'pending_payment' ? new Date(row.payment_due_at) : null,
    paidAt: date(row.paid_at),
    receivedAt: date(row.received_at),
    completedAt: date(row.completed_at),
    cancelledAt: date(row.cancelled_at),
    cancelReason: row.cancel_reason,
  } as OrderType;
}

export function orderLineView(row: OrderLineRow): OrderLineType {
  return {
    id: toGlobalId('OrderLine', row.id),
    dbId: row.id,
    skuDbId: row.sku_id,
    productName: row.product_name,
    skuCode: row.sku_code,
    specs: row.specs,
    unitPrice: money(row.unit_price),
    priceReason: row.price_reason as PriceReasonEnum,
    quantity: row.quantity,
    discount: money(row.discount),
    total: money(row.total),
    refundedQuantity: row.refunded_quantity,
    refundedAmount: money(row.refunded_amount),
  };
}

export function settingsView(s: OrderSettings): OrderSettingsType {
  return {
    shippingFlatFee: money(s.shippingFlatFee),
    freeShippingThreshold: s.freeShippingThreshold == null ? null : money(s.freeShippingThreshold),
    unpaidTimeoutMinutes: s.unpaidTimeoutMinutes,
    autoReceiveDays: s.autoReceiveDays,
    afterSaleDays: s.afterSaleDays,
  };
}

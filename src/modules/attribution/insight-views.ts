import { toGlobalId } from '../../lib/ids';
import { money } from '../../lib/money';
import type { OrderLineRow } from '../orders/reads';
import type { OrderStatusEnum, PriceReasonEnum } from '../orders/types';
import { fromEntryPoint } from './entry';
import type { ShopCustomerRow, ShopDayRow, ShopOrderRow } from './insights';
import type { ShopCustomer, ShopOrder, ShopOrderLine, ShopStatistics } from './insight-types';

export function statisticsView(from: string, to: string, days: ShopDayRow[]): ShopStatistics {
  const sum = (pick: (d: ShopDayRow) => number) => days.reduce((s, d) => s + pick(d), 0);
  return {
    from,
    to,
    visits: sum((d) => d.visits),
    orders: sum((d) => d.orders),
    sales: money(sum((d) => Number(d.sales))),
    days: days.map((d) => ({ day: d.day, visits: d.visits, orders: d.orders, sales: money(Number(d.sales)) })),
  };
}

/** Customers are named by an id that only means something to this API: the shop owner cannot look the account up. */
export const shopCustomerId = (accountId: string) => toGlobalId('ShopCustomer', accountId);

export function shopCustomerView(row: ShopCustomerRow): ShopCustomer {
  return {
    id: shopCustomerId(row.customer_id),
    displayName: row.display_name,
    orderCount: row.order_count,
    totalSpent: money(Number(row.total_spent)),
    lastPurchaseAt: new Date(row.last_purchase_at),
  };
}

export function shopOrderView(row: ShopOrderRow): ShopOrder {
  return {
    dbId: row.id,
    number: row.number,
    status: row.status.toUpperCase() as OrderStatusEnum,
    buyerName: row.buyer_name,
    customerId: shopCustomerId(row.customer_id),
    total: money(row.total),
    refundedTotal: money(row.refunded_total),
    placedAt: new Date(row.placed_at),
    paidAt: new Date(row.paid_at),
    entry: fromEntryPoint(row.entry),
    selfPurchase: row.self_purchase,
  };
}

export function shopOrderLineView(row: OrderLineRow): ShopOrderLine {
  return {
    productName: row.product_name,
    skuCode: row.sku_code,
    specs: row.specs,
    quantity: row.quantity,
    unitPrice: money(row.unit_price),
    priceReason: row.price_reason as PriceReasonEnum,
    total: money(row.total),
  };
}

import { toGlobalId } from '../../lib/ids';
import { money } from '../../lib/money';
import { fromEntryPoint } from '../attribution/entry';
import { productWithRelationsView } from '../catalog/views';
import type { OrderLineRow } from '../orders/reads';
import type { OrderStatusEnum, PriceReasonEnum } from '../orders/types';
import type { ShopCustomerRow, ShopDayRow, ShopOrderRow } from './insights';
import { ShopPriceStatus, type ShopProductRow, type ShopRow } from './reads';
import type { MyShopProduct, Shop, ShopCustomer, ShopOrder, ShopOrderLine, ShopProduct, ShopStatistics } from './types';

export function shopView(row: ShopRow): Shop {
  return {
    __typename: 'Shop',
    id: toGlobalId('Shop', row.id),
    dbId: row.id,
    slug: row.slug,
    name: row.name,
    avatarUrl: row.avatar_url,
    intro: row.intro,
    createdAt: new Date(row.created_at),
  } as Shop;
}

export function shopProductView(row: ShopProductRow): ShopProduct {
  return { product: productWithRelationsView(row), shopPrice: row.shop_price_applies ? money(row.shop_price!) : null, position: row.shop_position };
}

export function myShopProductView(row: ShopProductRow): MyShopProduct {
  return {
    product: productWithRelationsView(row),
    position: row.shop_position,
    shopPrice: row.shop_price == null ? null : money(row.shop_price),
    shopPriceStatus: row.shop_price == null ? ShopPriceStatus.NONE : row.shop_price_applies ? ShopPriceStatus.APPLIED : ShopPriceStatus.OUT_OF_BAND,
    addedAt: new Date(row.added_at),
  };
}

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

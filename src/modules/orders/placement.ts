import { uuidv7 } from '../../lib/ids';
import type { PriceBreakdown } from '../../lib/pricing/step';
import { q, sql, uuids, type StatementPart } from '../../lib/sql';
import type { SkuForSale } from '../catalog/queries';
import type { OrderLineRow, OrderRow } from './reads';

/** What a new order is made of, decided before the checkout's one write statement. */
export interface Placement {
  orderId: string;
  number: string;
  customerId: string;
  storefrontAppId: string;
  breakdown: PriceBreakdown;
  skus: Map<string, SkuForSale>;
  address: { name: string; phone: string; region: string; detail: string };
  placedAt: Date;
  paymentDueAt: Date;
  fulfilmentHold: boolean;
  /** The cart the order was placed from: what was bought leaves it. */
  cartId: string | null;
  /** The lines' ids, one per priced line in its order (placementLineIds): made before the write statement, so other parts of it can name the lines. */
  lineIds: string[];
  /** SKUs whose units a sale channel holds (a live quota): their lines took nothing of the SKU's stock. */
  ownStockSkuIds?: ReadonlySet<string>;
}

/** Ids for the lines of a breakdown, in the lines' order (the read path lists lines by id; uuid v7 from the uuid package grows within a millisecond). */
export function placementLineIds(breakdown: PriceBreakdown): string[] {
  return breakdown.lines.map(() => uuidv7());
}

const ORDER_RETURNING = `id, number, customer_id, storefront_app_id, status, subtotal, discount_total, shipping_fee, total, refunded_total, adjustments,
  ship_name, ship_phone, ship_region, ship_detail, carrier, tracking_number, placed_at, payment_due_at, paid_at, shipped_at, received_at, completed_at,
  cancelled_at, cancel_reason`;
const LINE_RETURNING =
  'id, order_id, sku_id, product_name, sku_code, specs, unit_price, price_reason, quantity, discount, total, refunded_quantity, refunded_amount';

/**
 * The order's own part of the checkout's one write statement: the order, its lines and its
 * `order.created` event, and the bought lines out of the cart. Its result is the order and its
 * lines as the read path shows them (OrderRow, OrderLineRow), so the answer needs no read back.
 */
export function placementPart(p: Placement): StatementPart {
  const b = p.breakdown;
  const lines = b.lines.map((priced, i) => {
    const sku = p.skus.get(priced.skuId)!;
    return {
      id: p.lineIds[i],
      sku_id: sku.id,
      product_id: sku.product_id,
      product_name: sku.product_name,
      sku_code: sku.code,
      specs: sku.specs,
      unit_price: priced.unitPrice,
      list_price: sku.price,
      price_reason: priced.priceReason,
      quantity: priced.quantity,
      discount: priced.subtotal - priced.total,
      total: priced.total,
      stock_from_sku: !p.ownStockSkuIds?.has(sku.id),
    };
  });
  const cart: (readonly [string, ReturnType<typeof q>])[] = p.cartId
    ? [['placed_from_cart', q`delete from cart_line where cart_id = ${p.cartId} and sku_id = any(${uuids(lines.map((l) => l.sku_id))}) returning 1`]]
    : [];
  return {
    with: [
      [
        'placed_order',
        q`insert into customer_order (id, number, customer_id, storefront_app_id, status, subtotal, discount_total, shipping_fee, total, refunded_total,
                                      adjustments, ship_name, ship_phone, ship_region, ship_detail, placed_at, payment_due_at, fulfilment_hold, updated_at)
          values (${p.orderId}, ${p.number}, ${p.customerId}, ${p.storefrontAppId}, 'pending_payment', ${b.subtotal}, ${b.discountTotal}, ${b.shippingFee},
                  ${b.total}, 0, ${JSON.stringify(b.adjustments)}::jsonb, ${p.address.name}, ${p.address.phone}, ${p.address.region}, ${p.address.detail},
                  ${p.placedAt}, ${p.paymentDueAt}, ${p.fulfilmentHold}, ${p.placedAt})
          returning ${sql(ORDER_RETURNING)}`,
      ],
      [
        'placed_lines',
        // Ids made before, in the lines' order (placementLineIds).
        q`insert into order_line (id, order_id, sku_id, product_id, product_name, sku_code, specs, unit_price, list_price, price_reason, quantity, discount,
                                  total, refunded_quantity, refunded_amount, stock_from_sku)
          select l.id, ${p.orderId}, l.sku_id, l.product_id, l.product_name, l.sku_code, l.specs, l.unit_price, l.list_price, l.price_reason, l.quantity,
                 l.discount, l.total, 0, 0, l.stock_from_sku
            from json_to_recordset(${JSON.stringify(lines)}::json) as l(id uuid, sku_id uuid, product_id uuid, product_name text, sku_code text, specs jsonb,
                 unit_price int, list_price int, price_reason text, quantity int, discount int, total int, stock_from_sku boolean)
          returning ${sql(LINE_RETURNING)}`,
      ],
      [
        'placed_event',
        q`insert into order_event (order_id, type, payload, created_at, attempts)
          values (${p.orderId}, 'order.created', ${JSON.stringify({ number: p.number, total: b.total })}::jsonb, now(), 0) returning 1`,
      ],
      ...cart,
    ],
    result: sql(`json_build_object('order', (select row_to_json(o) from placed_order o),
                                   'lines', (select coalesce(json_agg(l order by l.id), '[]') from placed_lines l))`),
  };
}

/** What placementPart's result holds. */
export interface Placed {
  order: OrderRow;
  lines: OrderLineRow[];
}

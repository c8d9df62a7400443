import DataLoader from 'dataloader';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { keysetPage, type PageArgs } from '../../lib/pagination';
import { count, rows } from '../../lib/sql';
import type { Adjustment } from '../../lib/pricing/step';
import type { RequestContext } from '../../lib/request-context';
import { accountIdsByLogin } from '../accounts/queries';
import { SKUS } from '../catalog/queries';

/** Orders' read path: plain rows, order lines batched per request. */
export interface OrderRow {
  id: string;
  number: string;
  customer_id: string;
  storefront_app_id: string;
  status: string;
  subtotal: number;
  discount_total: number;
  shipping_fee: number;
  total: number;
  refunded_total: number;
  adjustments: Adjustment[];
  ship_name: string;
  ship_phone: string;
  ship_region: string;
  ship_detail: string;
  carrier: string | null;
  tracking_number: string | null;
  placed_at: string;
  payment_due_at: string;
  paid_at: string | null;
  shipped_at: string | null;
  received_at: string | null;
  completed_at: string | null;
  cancelled_at: string | null;
  cancel_reason: string | null;
}

export interface OrderLineRow {
  id: string;
  order_id: string;
  sku_id: string;
  product_name: string;
  sku_code: string;
  specs: { name: string; value: string }[];
  unit_price: number;
  price_reason: string;
  quantity: number;
  discount: number;
  total: number;
  refunded_quantity: number;
  refunded_amount: number;
}

export const ORDER_COLUMNS = [
  'o.id',
  'o.number',
  'o.customer_id',
  'o.storefront_app_id',
  'o.status',
  'o.subtotal',
  'o.discount_total',
  'o.shipping_fee',
  'o.total',
  'o.refunded_total',
  'o.adjustments',
  'o.ship_name',
  'o.ship_phone',
  'o.ship_region',
  'o.ship_detail',
  'o.carrier',
  'o.tracking_number',
  'o.placed_at',
  'o.payment_due_at',
  'o.paid_at',
  'o.shipped_at',
  'o.received_at',
  'o.completed_at',
  'o.cancelled_at',
  'o.cancel_reason',
];

export interface OrderListFilter {
  customerId?: string;
  statuses?: string[] | null;
  query?: string | null;
}

export class OrderReads {
  constructor(private readonly em: EntityManager) {}

  async order(id: string): Promise<OrderRow | null> {
    const [row] = await rows<OrderRow>(this.em, this.em.getKnex()('customer_order as o').select(ORDER_COLUMNS).where('o.id', id));
    return row ?? null;
  }

  /** Per product bought in the order: units bought, and units not refunded (what the buyer still has paid for). */
  async unitsByProduct(orderId: string): Promise<{ product_id: string; bought: number; remaining: number }[]> {
    return rows(
      this.em,
      this.em
        .getKnex()('order_line')
        .select(
          'product_id',
          this.em.getKnex().raw('sum(quantity)::int as bought'),
          this.em.getKnex().raw('sum(quantity - refunded_quantity)::int as remaining'),
        )
        .where('order_id', orderId)
        .groupBy('product_id'),
    );
  }

  list(args: PageArgs, filter: OrderListFilter) {
    const knex = this.em.getKnex();
    const build = () => {
      const q = knex('customer_order as o');
      if (filter.customerId) q.where('o.customer_id', filter.customerId);
      if (filter.statuses?.length) q.whereIn('o.status', filter.statuses);
      const text = filter.query?.trim();
      if (text) {
        q.where((w) => {
          w.where('o.number', text).orWhereIn('o.customer_id', accountIdsByLogin(knex, text));
        });
      }
      return q;
    };
    return keysetPage<OrderRow>(
      this.em,
      build().select(ORDER_COLUMNS),
      args,
      [
        { sql: 'o.placed_at', direction: 'desc', value: (r) => r.placed_at },
        { sql: 'o.id', direction: 'desc', value: (r) => r.id },
      ],
      () => count(this.em, build()),
    );
  }
}

export class OrderLoaders {
  constructor(private readonly em: EntityManager) {}

  readonly linesByOrder = new DataLoader<string, OrderLineRow[]>(async (orderIds) => {
    const lines = await rows<OrderLineRow>(
      this.em,
      this.em
        .getKnex()('order_line')
        .select(
          'id',
          'order_id',
          'sku_id',
          'product_name',
          'sku_code',
          'specs',
          'unit_price',
          'price_reason',
          'quantity',
          'discount',
          'total',
          'refunded_quantity',
          'refunded_amount',
        )
        .whereIn('order_id', orderIds as string[])
        .orderBy('id'),
    );
    const byOrder = new Map<string, OrderLineRow[]>(orderIds.map((id) => [id, []]));
    for (const line of lines) byOrder.get(line.order_id)!.push(line);
    return orderIds.map((id) => byOrder.get(id)!);
  });
}

/** One set per request (`ctx.use`): a DataLoader's cache must not outlive the request. */
export const orderLoaders = (ctx: RequestContext): OrderLoaders => new OrderLoaders(ctx.em);

/** A paid line as earnings price it: what was paid, why, and the SKU's retail price at checkout (the base a shop price is compared with; the price now for lines from before it was kept). */
export interface EarningLineRow {
  id: string;
  product_id: string;
  sku_id: string;
  unit_price: number;
  price_reason: string;
  quantity: number;
  total: number;
  retail_price: number;
}

/** The order's number, buyer and lines for earnings, inside the caller's transaction. */
export async function orderForEarnings(
  em: EntityManager,
  orderId: string,
): Promise<{ number: string; customer_id: string; paid_at: string | null; lines: EarningLineRow[] } | null> {
  const conn = em.getConnection();
  const ctx = em.getTransactionContext<Knex.Transaction>();
  const [order] = await conn.execute<{ number: string; customer_id: string; paid_at: string | null }[]>(
    'select number, customer_id, paid_at from customer_order where id = ?',
    [orderId],
    'all',
    ctx,
  );
  if (!order) return null;
  const lines = await conn.execute<EarningLineRow[]>(
    `select l.id, l.product_id, l.sku_id, l.unit_price, l.price_reason, l.quantity, l.total, coalesce(l.list_price, s.price) as retail_price
       from order_line l join ${SKUS} s on s.id = l.sku_id where l.order_id = ? order by l.id`,
    [orderId],
    'all',
    ctx,
  );
  return { ...order, lines };
}

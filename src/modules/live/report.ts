import type { EntityManager } from '@mikro-orm/postgresql';
import { toGlobalId } from '../../lib/ids';
import { money } from '../../lib/money';
import { one, sql, q } from '../../lib/sql';
import { PRODUCTS, SKUS } from '../catalog/queries';
import { ORDER_LINES, ORDERS } from '../orders/queries';
import type { LiveSessionReport } from './types';

interface ReportRow {
  unique_viewers: number;
  peak_viewers: number;
  orders_placed: number;
  orders: number;
  units: number;
  gmv: number;
  refunds: number;
  buyers: number;
  items: { id: string; product_name: string; sku_code: string; sold: number; left: number; paid_units: number; gmv: number }[];
}

/**
 * A session's report, in one statement: its audience (unique viewers: live_session_viewer; peak:
 * the session), its live order lines joined to the orders' own figures (paid orders, units, what
 * their live lines paid and what was refunded on them, distinct paying buyers), and each lineup
 * item's sold and left. Conversion is buyers / unique viewers. Null: no such session.
 */
export async function sessionReport(em: EntityManager, sessionId: string): Promise<LiveSessionReport | null> {
  const statement = q`with lines as (
        select l.item_id, l.order_id, l.customer_id, ol.quantity, ol.total, ol.refunded_amount, o.paid_at is not null as paid
          from live_order_line l join ${sql(ORDER_LINES)} ol on ol.id = l.order_line_id join ${sql(ORDERS)} o on o.id = l.order_id
         where l.session_id = ${sessionId}
      )
      select (select count(*)::int from live_session_viewer v where v.session_id = s.id) as unique_viewers, s.peak_viewers,
             (select count(distinct order_id)::int from lines) as orders_placed,
             (select count(distinct order_id)::int from lines where paid) as orders,
             (select coalesce(sum(quantity), 0)::int from lines where paid) as units,
             (select coalesce(sum(total), 0)::bigint from lines where paid) as gmv,
             (select coalesce(sum(refunded_amount), 0)::bigint from lines where paid) as refunds,
             (select count(distinct customer_id)::int from lines where paid) as buyers,
             (select coalesce(json_agg(json_build_object('id', i.id, 'product_name', p.name, 'sku_code', k.code, 'sold', i.sold, 'left', i.quota_left,
                                                         'paid_units', (select coalesce(sum(quantity), 0) from lines x where x.item_id = i.id and x.paid),
                                                         'gmv', (select coalesce(sum(total), 0) from lines x where x.item_id = i.id and x.paid))
                                       order by i.position, i.id), '[]')
                from live_item i join ${sql(SKUS)} k on k.id = i.sku_id join ${sql(PRODUCTS)} p on p.id = i.product_id
               where i.session_id = s.id) as items
        from live_session s where s.id = ${sessionId}`;
  const row = await one<ReportRow>(em, statement.text, [...statement.values]);
  if (!row) return null;
  return {
    sessionId: toGlobalId('LiveSession', sessionId),
    uniqueViewers: row.unique_viewers,
    peakViewers: row.peak_viewers,
    ordersPlaced: row.orders_placed,
    orders: row.orders,
    units: row.units,
    gmv: money(Number(row.gmv)),
    refunds: money(Number(row.refunds)),
    buyers: row.buyers,
    conversion: row.unique_viewers > 0 ? row.buyers / row.unique_viewers : null,
    items: row.items.map((i) => ({
      itemId: toGlobalId('LiveItem', i.id),
      productName: i.product_name,
      skuCode: i.sku_code,
      sold: i.sold,
      left: i.left,
      paidUnits: Number(i.paid_units),
      gmv: money(Number(i.gmv)),
    })),
  };
}

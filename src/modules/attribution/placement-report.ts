import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput } from '../../lib/errors';
import { run } from '../../lib/sql';
import { ORDER_LINES, ORDERS } from '../orders/queries';
import { SHOP_TIME_ZONE } from '../shops/rules';
import { STOREFRONT_APPS } from '../storefronts/queries';
import { LineSourceKind } from './entities';

/**
 * Sales per site (the storefront app an order was placed through) and buy-button placement (the
 * label recorded with the order's attribution at checkout; null when none was given), by calendar
 * day (China time) of placing and in total: orders, units, what the lines cost (GMV), what of it was
 * paid and what of that was refunded. Operators see every order; a creator the lines attributed to
 * them through one of their links (a content card, shop, product or live link). One statement over
 * the orders placed in the window (by the index on placed_at, or a creator's by the lines' sharer).
 */

/** Longest window a report answers for at once. */
export const MAX_REPORT_DAYS = 92;
/** At most this many site × placement groups, those with the most GMV first; the answer says how many were left out. */
export const MAX_REPORT_GROUPS = 100;

/** The link kinds whose sharer a line is attributed to: a creator's lines. The bound inviter's and the buy button's name no sharer. */
const CREATOR_KINDS = [LineSourceKind.CONTENT_CARD, LineSourceKind.SHOP_LINK, LineSourceKind.PRODUCT_LINK, LineSourceKind.LIVE_SESSION];

export interface PlacementFiguresRow {
  orders: number;
  units: number;
  gmv: string | number;
  paid: string | number;
  refunded: string | number;
}

export interface PlacementReportRow extends PlacementFiguresRow {
  site_id: string | null;
  site_name: string | null;
  placement: string | null;
  /** Null on a group's total row and on the report's total. */
  day: string | null;
  /** A day of a site × placement group, the group's total, or the report's total. */
  level: 'day' | 'group' | 'total';
  groups: number;
}

export interface ReportScope {
  /** Only this site's orders (operators). */
  siteId?: string | null;
  /** Only the lines attributed to this creator. */
  sharerId?: string | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The window's days, checked: from ≤ to, at most MAX_REPORT_DAYS. */
function checkWindow(from: string, to: string): void {
  if (!DAY.test(from) || !DAY.test(to)) throw badInput('from and to must be dates such as "2026-11-24"', 'from');
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
  if (!(days >= 0)) throw badInput('from must not be after to', 'from');
  if (days + 1 > MAX_REPORT_DAYS) throw badInput(`A report covers at most ${MAX_REPORT_DAYS} days`, 'to');
}

export async function placementReport(em: EntityManager, from: string, to: string, scope: ReportScope): Promise<PlacementReportRow[]> {
  checkWindow(from, to);
  const params: unknown[] = [from, to];
  let filter = '';
  let creator = '';
  if (scope.siteId) {
    filter += ' and o.storefront_app_id = ?';
    params.push(scope.siteId);
  }
  if (scope.sharerId) {
    creator = `join order_line_attribution la on la.order_line_id = ol.id and la.sharer_id = ? and la.kind in (${CREATOR_KINDS.map(() => '?').join(', ')})`;
    params.splice(0, 0, scope.sharerId, ...CREATOR_KINDS);
  }
  const tz = SHOP_TIME_ZONE;
  return run<PlacementReportRow>(
    em,
    `with l as (
       select o.storefront_app_id as site_id, oa.placement, (o.placed_at at time zone '${tz}')::date as day, o.id as order_id, o.paid_at,
              ol.quantity, ol.total, ol.refunded_amount
         from ${ORDERS} o
         join ${ORDER_LINES} ol on ol.order_id = o.id
         ${creator}
         left join order_attribution oa on oa.order_id = o.id
        where o.placed_at >= (?::date)::timestamp at time zone '${tz}' and o.placed_at < (?::date + 1)::timestamp at time zone '${tz}'${filter}),
     g as (
       select site_id, placement, day, case grouping(site_id, placement, day) when 0 then 'day' when 1 then 'group' else 'total' end as level,
              count(distinct order_id)::int as orders, sum(quantity)::int as units, sum(total) as gmv,
              coalesce(sum(total) filter (where paid_at is not null), 0) as paid, coalesce(sum(refunded_amount) filter (where paid_at is not null), 0) as refunded
         from l group by grouping sets ((site_id, placement, day), (site_id, placement), ())),
     top as (
       select site_id, placement from g where level = 'group' order by gmv desc, site_id, placement nulls first limit ${MAX_REPORT_GROUPS})
     select g.site_id, s.name as site_name, g.placement, to_char(g.day, 'YYYY-MM-DD') as day, g.level, g.orders, g.units, g.gmv, g.paid, g.refunded,
            (select count(*)::int from g where level = 'group') as groups
       from g left join ${STOREFRONT_APPS} s on s.id = g.site_id
      where g.level = 'total' or exists (select 1 from top t where t.site_id = g.site_id and t.placement is not distinct from g.placement)
      order by g.gmv desc, g.site_id, g.placement nulls first, g.day nulls first`,
    params,
  );
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { run } from '../../lib/sql';
import { orderReportSources } from '../attribution/queries';
import { OPERATOR_TIME_ZONE } from '../coupons/queries';
import type { OrderEventSubscriber } from '../orders/events';
import { ORDERS } from '../orders/queries';
import { REFUNDS } from '../payments/queries';

/**
 * The daily rollup (report_day), kept from the order events and rebuilt from the orders.
 *
 * `order.paid` adds the order to the day it was paid and `order.refunded` adds the refund to the day
 * it was refunded (the refund's own time, however late the event arrives): each is ONE statement
 * that inserts its key ("paid:<order>", "refund:<refund>") into report_counted and adds only when
 * that insert was new — the outbox delivers at least once, and a second delivery adds nothing. Each
 * adds to the four rows of its day (app × source, app, source, everything), and a buyer counts as a
 * paying customer of a row only when their report_day_customer insert for it was new.
 *
 * `rebuildDays` recounts days from the orders and refunds, set-based, in one transaction: it deletes
 * the days' rows and keys and counts them again. It takes the rollup's advisory lock exclusively; each
 * event statement takes it shared, so no event is counted by both or lost between them: an event that
 * waited finds the rebuild's key and adds nothing, and one the rebuild did not see counts itself.
 * Each statement writes its rows in key order, so two events of one day counted at once (several
 * dispatchers) wait for each other's rows in the same order and never deadlock.
 */

/** The operator's time zone (the promotion settings'; Asia/Shanghai until one is saved): the calendar day of every figure. */
export const REPORT_TIME_ZONE = `coalesce(${OPERATOR_TIME_ZONE.text}, 'Asia/Shanghai')`;

/** The app of a row of every app; the source kind of a row of every source. */
export const ALL_APPS = '00000000-0000-0000-0000-000000000000';
export const ALL_SOURCES = '*';

/** The rollup's advisory lock key (pg_advisory_xact_lock): shared by event statements, exclusive for a rebuild. */
const ROLLUP_LOCK = 7_340_117;

/** Attribution's line source kinds in the reports' words (types.ts SalesSource). */
const KIND = (k: string) => `case ${k} when 'content_card' then 'article_card' when 'shop_link' then 'member_shop' when 'product_link' then 'share_link'
  when 'live_session' then 'live_session' when 'buy_button' then 'buy_button' when 'inviter' then 'referral' else 'direct' end`;

const LOCK = `l as (select pg_advisory_xact_lock_shared(${ROLLUP_LOCK}) is not null as locked)`;

/** The grouping levels of the rollup's rows: by app and source, by app, by source, everything. */
export const LEVEL = { APP_SOURCE: 0, APP: 1, SOURCE: 2, ALL: 3 } as const;

/** The four rows a counted item adds to, over `n (day, storefront_app_id, kind, detail, …)`. */
const LEVELS = `cross join lateral (values (${LEVEL.APP_SOURCE}, n.storefront_app_id, n.kind, n.detail), (${LEVEL.APP}, n.storefront_app_id, '${ALL_SOURCES}', ''),
                 (${LEVEL.SOURCE}, '${ALL_APPS}'::uuid, n.kind, n.detail), (${LEVEL.ALL}, '${ALL_APPS}'::uuid, '${ALL_SOURCES}', '')) lv(level, app, kind, detail)`;

/**
 * Counts paid orders: `paid` is a CTE body selecting (day, id, customer_id, storefront_app_id, total,
 * kind, detail). Only the orders whose key is new are added.
 */
function countPaidSql(paid: string): string {
  return `g as (${paid}),
     fresh as (insert into report_counted (key, day, counted_at) select 'paid:' || g.id, g.day, now() from g on conflict do nothing returning key),
     n as (select g.* from g join fresh on fresh.key = 'paid:' || g.id),
     x as (select n.day, n.customer_id, n.total, lv.level, lv.app, lv.kind, lv.detail from n ${LEVELS}),
     cust as (insert into report_day_customer (level, day, storefront_app_id, source_kind, source_key, customer_id)
              select distinct level, day, app, kind, detail, customer_id from x order by 1, 2, 3, 4, 5, 6 on conflict do nothing
              returning level, day, storefront_app_id, source_kind, source_key),
     cc as (select level, day, storefront_app_id, source_kind, source_key, count(*)::int as c from cust group by 1, 2, 3, 4, 5),
     sums as (select level, day, app, kind, detail, sum(total) as gmv, count(*)::int as orders from x group by 1, 2, 3, 4, 5)
     insert into report_day as r (level, day, storefront_app_id, source_kind, source_key, gmv_paid, orders_paid, paying_customers)
     select s.level, s.day, s.app, s.kind, s.detail, s.gmv, s.orders, coalesce(cc.c, 0)
       from sums s left join cc on cc.level = s.level and cc.day = s.day and cc.storefront_app_id = s.app and cc.source_kind = s.kind and cc.source_key = s.detail
      order by s.level, s.day, s.app, s.kind, s.detail
     on conflict (level, day, storefront_app_id, source_kind, source_key) do update
        set gmv_paid = r.gmv_paid + excluded.gmv_paid, orders_paid = r.orders_paid + excluded.orders_paid,
            paying_customers = r.paying_customers + excluded.paying_customers`;
}

/** Counts refunds: `refunds` is a CTE body selecting (day, id, storefront_app_id, amount, kind, detail). */
function countRefundsSql(refunds: string): string {
  return `g as (${refunds}),
     fresh as (insert into report_counted (key, day, counted_at) select 'refund:' || g.id, g.day, now() from g on conflict do nothing returning key),
     n as (select g.* from g join fresh on fresh.key = 'refund:' || g.id),
     x as (select n.day, n.amount, lv.level, lv.app, lv.kind, lv.detail from n ${LEVELS}),
     sums as (select level, day, app, kind, detail, sum(amount) as amount from x group by 1, 2, 3, 4, 5)
     insert into report_day as r (level, day, storefront_app_id, source_kind, source_key, refunds)
     select level, day, app, kind, detail, amount from sums order by level, day, app, kind, detail
     on conflict (level, day, storefront_app_id, source_kind, source_key) do update set refunds = r.refunds + excluded.refunds`;
}

const PAID_COLUMNS = `(o.paid_at at time zone ${REPORT_TIME_ZONE})::date as day, o.id, o.customer_id, o.storefront_app_id, o.total,
  ${KIND('s.kind')} as kind, coalesce(s.detail, '') as detail`;
const REFUND_COLUMNS = `(r.created_at at time zone ${REPORT_TIME_ZONE})::date as day, r.id, o.storefront_app_id, r.amount,
  ${KIND('s.kind')} as kind, coalesce(s.detail, '') as detail`;

/** Adds a paid order to its day, once. */
export async function countPaidOrder(em: EntityManager, orderId: string): Promise<void> {
  await run(
    em,
    `with ${LOCK}, ${countPaidSql(`select ${PAID_COLUMNS} from ${ORDERS} o left join ${orderReportSources('?')} s on s.order_id = o.id
                                    where o.id = ? and o.paid_at is not null and (select locked from l)`)}`,
    [orderId, orderId],
  );
}

/** Adds a refund of an order to the day it was refunded, once. */
export async function countRefund(em: EntityManager, refundId: string): Promise<void> {
  await run(
    em,
    `with ${LOCK}, ${countRefundsSql(`select ${REFUND_COLUMNS} from ${REFUNDS} r join ${ORDERS} o on o.id = r.order_id
                                       left join ${orderReportSources(`select order_id from ${REFUNDS} r1 where r1.id = ?`)} s on s.order_id = o.id
                                       where r.id = ? and r.kind = 'order' and (select locked from l)`)}`,
    [refundId, refundId],
  );
}

/** The bounds of days `from`–`to` (inclusive) in the report's time zone, as SQL over two `?` dates. */
const FROM_TS = `(?::date)::timestamp at time zone ${REPORT_TIME_ZONE}`;
const TO_TS = `(?::date + 1)::timestamp at time zone ${REPORT_TIME_ZONE}`;

/**
 * Recounts the days `from`–`to` (dates, inclusive) from the orders paid and the refunds made in them:
 * the reconciliation job, and what to run over the whole span after the time zone changed.
 */
export async function rebuildDays(em: EntityManager, from: string, to: string): Promise<void> {
  await em.transactional(async (tx) => {
    await run(tx, 'select pg_advisory_xact_lock(?)', [ROLLUP_LOCK]);
    for (const table of ['report_counted', 'report_day', 'report_day_customer']) await run(tx, `delete from ${table} where day between ? and ?`, [from, to]);
    const paidIds = `select id from ${ORDERS} o0 where o0.paid_at >= ${FROM_TS} and o0.paid_at < ${TO_TS}`;
    await run(
      tx,
      `with ${countPaidSql(`select ${PAID_COLUMNS} from ${ORDERS} o left join ${orderReportSources(paidIds)} s on s.order_id = o.id
                             where o.paid_at >= ${FROM_TS} and o.paid_at < ${TO_TS}`)}`,
      [from, to, from, to],
    );
    const refundOrders = `select order_id from ${REFUNDS} r0 where r0.kind = 'order' and r0.created_at >= ${FROM_TS} and r0.created_at < ${TO_TS}`;
    await run(
      tx,
      `with ${countRefundsSql(`select ${REFUND_COLUMNS} from ${REFUNDS} r join ${ORDERS} o on o.id = r.order_id
                                left join ${orderReportSources(refundOrders)} s on s.order_id = o.id
                                where r.kind = 'order' and r.created_at >= ${FROM_TS} and r.created_at < ${TO_TS}`)}`,
      [from, to, from, to],
    );
  });
}

export const countPaidOrderEvent: OrderEventSubscriber = (event, em) => countPaidOrder(em, event.orderId);
export const countRefundEvent: OrderEventSubscriber = async (event, em) => {
  const refundId = (event.payload as { refundId?: string }).refundId;
  if (refundId) await countRefund(em, refundId);
};

import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { badInput } from '../../lib/errors';
import { keysetPage, type PageArgs } from '../../lib/pagination';
import { count, rows, run } from '../../lib/sql';
import { ACCOUNTS } from '../accounts/queries';
import type { Timestamp } from '../catalog/reads';
import { ORDERS } from '../orders/queries';
import { SHOP_VISIT_DAYS } from '../shops/queries';
import { SHOP_TIME_ZONE } from '../shops/rules';

/**
 * What a shop owner learns about their shop: statistics by day, "my customers" (客户档案) and the
 * orders placed through the shop. A report of attribution: an order counts for a shop when its
 * attribution names the shop (order_attribution.shop_id, written at checkout) and it has been paid.
 * Orders, buyers and visits come from their modules' relations (ORDERS, ACCOUNTS, SHOP_VISIT_DAYS),
 * joined: each insight is one statement. Only what an owner may see leaves here: a buyer's display
 * name, never their address, phone or email.
 */
export interface ShopDayRow {
  day: string;
  visits: number;
  orders: number;
  /** Paid minus refunded, in fen. */
  sales: string | number;
}

export interface ShopCustomerRow {
  customer_id: string;
  display_name: string;
  order_count: number;
  total_spent: string | number;
  last_purchase_at: Timestamp;
}

export interface ShopOrderRow {
  id: string;
  number: string;
  status: string;
  total: number;
  refunded_total: number;
  placed_at: Timestamp;
  paid_at: Timestamp;
  customer_id: string;
  buyer_name: string;
  entry: string | null;
  self_purchase: boolean;
}

/** Longest period statistics answer for at once. */
export const MAX_STATISTICS_DAYS = 366;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class ShopInsights {
  constructor(private readonly em: EntityManager) {}

  private get knex(): Knex {
    return this.em.getKnex();
  }

  /** Visits, paid orders and net sales per calendar day (China time) from `from` to `to`, both included; days without any are zeros. */
  async statistics(shopId: string, from: string, to: string): Promise<ShopDayRow[]> {
    if (!DAY.test(from) || !DAY.test(to)) throw badInput('from and to must be dates such as "2026-11-24"', 'from');
    const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
    if (!(days >= 0)) throw badInput('from must not be after to', 'from');
    if (days + 1 > MAX_STATISTICS_DAYS) throw badInput(`A period is at most ${MAX_STATISTICS_DAYS} days`, 'to');
    const q = this.knex.raw(
      `with days as (select d::date as day from generate_series(?::date, ?::date, interval '1 day') d),
            sold as (select (o.paid_at at time zone '${SHOP_TIME_ZONE}')::date as day, count(*)::int as orders, sum(o.total - o.refunded_total) as sales
                       from order_attribution oa join ${ORDERS} o on o.id = oa.order_id
                      where oa.shop_id = ? and o.paid_at >= (?::date)::timestamp at time zone '${SHOP_TIME_ZONE}'
                        and o.paid_at < (?::date + 1)::timestamp at time zone '${SHOP_TIME_ZONE}'
                      group by 1)
       select to_char(days.day, 'YYYY-MM-DD') as day, coalesce(v.visits, 0) as visits, coalesce(sold.orders, 0) as orders, coalesce(sold.sales, 0) as sales
         from days left join ${SHOP_VISIT_DAYS} v on v.shop_id = ? and v.day = days.day left join sold on sold.day = days.day
        order by days.day`,
      [from, to, shopId, from, to, shopId],
    );
    return run<ShopDayRow>(this.em, q);
  }

  /** Buyers with a paid order through the shop, most recent purchase first. */
  customers(shopId: string, args: PageArgs) {
    const knex = this.knex;
    const grouped = () =>
      knex('order_attribution as oa')
        .join(knex.raw(`${ORDERS} as o`), 'o.id', 'oa.order_id')
        .join(knex.raw(`${ACCOUNTS} as a`), 'a.id', 'o.customer_id')
        .where('oa.shop_id', shopId)
        .whereNotNull('o.paid_at')
        .groupBy('a.id', 'a.display_name');
    const page = knex
      .from(
        grouped()
          .select(
            'a.id as customer_id',
            'a.display_name',
            knex.raw('count(*)::int as order_count'),
            knex.raw('sum(o.total - o.refunded_total) as total_spent'),
            knex.raw('max(o.paid_at) as last_purchase_at'),
          )
          .as('c'),
      )
      .select('c.*');
    return keysetPage<ShopCustomerRow>(
      this.em,
      page,
      args,
      [
        { sql: 'c.last_purchase_at', direction: 'desc', value: (r) => r.last_purchase_at },
        { sql: 'c.customer_id', direction: 'desc', value: (r) => r.customer_id },
      ],
      async () => {
        const [row] = await rows<{ n: string }>(
          this.em,
          knex('order_attribution as oa')
            .join(knex.raw(`${ORDERS} as o`), 'o.id', 'oa.order_id')
            .where('oa.shop_id', shopId)
            .whereNotNull('o.paid_at')
            .select(knex.raw('count(distinct o.customer_id) as n')),
        );
        return Number(row.n);
      },
    );
  }

  /** Paid orders through the shop, newest first; one customer's when customerId is given. */
  orders(shopId: string, args: PageArgs, customerId: string | null) {
    const build = () => {
      const q = this.knex('order_attribution as oa')
        .join(this.knex.raw(`${ORDERS} as o`), 'o.id', 'oa.order_id')
        .where('oa.shop_id', shopId)
        .whereNotNull('o.paid_at');
      if (customerId) q.where('o.customer_id', customerId);
      return q;
    };
    const page = build()
      .join(this.knex.raw(`${ACCOUNTS} as a`), 'a.id', 'o.customer_id')
      .select(
        'o.id',
        'o.number',
        'o.status',
        'o.total',
        'o.refunded_total',
        'o.placed_at',
        'o.paid_at',
        'o.customer_id',
        'a.display_name as buyer_name',
        'oa.entry',
        'oa.self_purchase',
      );
    return keysetPage<ShopOrderRow>(
      this.em,
      page,
      args,
      [
        { sql: 'o.placed_at', direction: 'desc', value: (r) => r.placed_at },
        { sql: 'o.id', direction: 'desc', value: (r) => r.id },
      ],
      () => count(this.em, build()),
    );
  }
}

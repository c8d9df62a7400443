import { Client } from 'pg';
import { DEMO } from '../../src/db/demo-data';
import { signIn } from '../lib/accounts';
import { httpRequest, type Api } from '../lib/api';
import { FloorProcess } from '../lib/floors/process';
import { defaultFailure, requestOf, type Operation } from '../lib/operation';
import { seconds } from '../lib/print';
import type { Scenario } from '../lib/scenario';

/**
 * A year of daily sales figures (salesReport by DAY over 2025, beside 2024), as an operator, read
 * from the daily rollup. The rollup is written straight into the database first: the rows a year of
 * 10⁶ paid orders makes — 3 storefront apps × 33 sources (direct, member shop, share link, 20 article
 * cards, 5 live sessions, 3 buy-button placements, referral level 1) per day, each with about 28
 * orders a day (≈ 2,740 a day, 10⁶ in the year), and their sums at the app, source and whole-day
 * levels: 48,545 rows. (Paying customers are written as the orders' count less a share, as the
 * figures of one row; the by-day report reads no per-customer rows.) Its floor: the same statement
 * served raw.
 */
const FROM = '2025-01-01';
const TO = '2025-12-31';
const PREVIOUS_FROM = '2024-01-01';
const OPERATION = 'BenchSalesReport';
const FIGURES = 'gmvPaid { amount } ordersPaid payingCustomers averageOrderValue { amount } refunds { amount } net { amount }';
const QUERY = `query ${OPERATION}($from: LocalDate!, $to: LocalDate!) { salesReport(from: $from, to: $to, groupBy: [DAY]) {
  rows { day figures { ${FIGURES} } previous { ${FIGURES} } change { gmvPaid ordersPaid payingCustomers averageOrderValue refunds net } } } }`;

let written: Promise<number> | null = null;
/** One floor server for the scenario's runs, started by the first. */
let server: Promise<FloorProcess> | null = null;

/** The rollup rows of 2025, in one statement; returns the orders they stand for. */
async function writeRollup(api: Api): Promise<number> {
  const t0 = Date.now();
  const db = new Client({ connectionString: api.databaseUrl });
  await db.connect();
  try {
    await db.query('begin');
    await db.query(`delete from report_day where day between $1 and $2`, [FROM, TO]);
    await db.query(
      `with apps(app) as (values ('0190a000-0000-7000-8000-000000000001'::uuid), ('0190a000-0000-7000-8000-000000000002'::uuid), ('0190a000-0000-7000-8000-000000000003'::uuid)),
            sources(kind, key) as (
              select * from (values ('direct', ''), ('member_shop', ''), ('share_link', ''), ('referral', '1')) s
              union all select 'article_card', 'article-' || (c / 4) || ':card-' || c from generate_series(1, 20) c
              union all select 'live_session', 'session-' || l from generate_series(1, 5) l
              union all select 'buy_button', p from unnest(array['sidebar', 'footer', '']) p),
            g as (select d::date as day, app, kind, key, 1 + (abs(hashtext(d::text || app::text || kind || key)) % 55) as orders
                    from generate_series($1::date, $2::date, interval '1 day') d, apps, sources),
            f as (select day, app, kind, key, orders, orders * (5000 + abs(hashtext(key || day::text)) % 10000)::bigint as gmv,
                         orders - orders / 10 as customers, (orders / 20) * 8000::bigint as refunds from g)
       insert into report_day (level, day, storefront_app_id, source_kind, source_key, gmv_paid, orders_paid, paying_customers, refunds)
       select case grouping(app, kind, key) when 0 then 0 when 3 then 1 when 4 then 2 else 3 end, day, coalesce(app, '00000000-0000-0000-0000-000000000000'), coalesce(kind, '*'), coalesce(key, ''),
              sum(gmv), sum(orders), sum(customers), sum(refunds)
         from f group by grouping sets ((day, app, kind, key), (day, app), (day, kind, key), (day))`,
      [FROM, TO],
    );
    const [{ orders, rows }] = (
      await db.query<{ orders: string; rows: string }>(
        `select sum(orders_paid) filter (where level = 3) as orders, count(*) as rows
           from report_day where day between $1 and $2`,
        [FROM, TO],
      )
    ).rows;
    await db.query('commit');
    await db.query('analyze report_day');
    console.log(
      `  sales report: ${Number(rows).toLocaleString('en')} rollup rows of ${Number(orders).toLocaleString('en')} orders paid in 2025, written in ${seconds(Date.now() - t0)}`,
    );
    return Number(orders);
  } finally {
    await db.end();
  }
}

/** The year by day; an answer without its 365 days counts as a failure. */
export const salesReportYear: Scenario = {
  name: 'sales report: a year by day',
  connections: [1, 8],
  operation: async (api) => {
    await (written ??= writeRollup(api));
    const operator = await signIn(api, DEMO.operatorEmail, DEMO.operatorPassword, false);
    const op: Operation = {
      query: QUERY,
      variables: { from: FROM, to: TO },
      headers: { authorization: `Bearer ${operator.accessToken}` },
      failure: (status, text) => defaultFailure(status, text) ?? (text.includes(`"day":"${TO}"`) ? null : 'responses without the last day'),
    };
    return op;
  },
  floor: {
    description:
      "the report's one statement over the rollup (dailyRowsSql, the year and the year before), served by plain node:http + pg as a named prepared statement",
    async prepare(api, op) {
      const floor = await (server ??= FloorProcess.start('report-server', api));
      const { headers } = requestOf(op);
      const body = JSON.stringify({ floor: { previousFrom: PREVIOUS_FROM, to: TO } });
      const check = await httpRequest(floor.base, 'POST', '/sales-report', headers, body);
      if (check.status !== 200 || !check.text.includes(`"day":"${TO}"`))
        throw new Error(`the floor's check request failed: HTTP ${check.status}: ${check.text.slice(0, 300)}`);
      return {
        base: floor.base,
        path: '/sales-report',
        request: () => ({ headers, body }),
        varies: false,
        failure: defaultFailure,
        serverPid: floor.pid,
        databaseCpu: api.databaseCpu,
      };
    },
  },
};

import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput } from '../../lib/errors';
import { one, run } from '../../lib/sql';
import { ALL_APPS, ALL_SOURCES, LEVEL, REPORT_TIME_ZONE } from './rollup';

/**
 * The sales report, read from the rollup only (report_day, by its primary key, which leads with the
 * day): a window of calendar days and the period of the same length just before it, at the grouping
 * level asked for. By day, each row of the window sits beside the same group's row the same number
 * of days earlier; in total, the window's sums beside the previous period's, with paying customers
 * counted distinct over the window (report_day_customer).
 */

/** The longest window a report covers (a leap year). */
export const MAX_REPORT_DAYS = 366;
/** At most this many rows in one report; a report that would have more is refused (narrow the window or the grouping). */
export const MAX_REPORT_ROWS = 2000;

export type Grouping = 'day' | 'channel' | 'source';

export interface Figures {
  gmvPaid: number;
  ordersPaid: number;
  payingCustomers: number;
  refunds: number;
}

export interface FigureRow {
  /** Null unless grouped by day. */
  day: string | null;
  previousDay: string | null;
  /** Null unless grouped by channel. */
  storefrontAppId: string | null;
  /** Null unless grouped by source. */
  sourceKind: string | null;
  sourceKey: string | null;
  current: Figures;
  previous: Figures;
}

export interface SalesReport {
  from: string;
  to: string;
  previousFrom: string;
  previousTo: string;
  timeZone: string;
  rows: FigureRow[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

export const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const ZERO: Figures = { gmvPaid: 0, ordersPaid: 0, payingCustomers: 0, refunds: 0 };

interface DbRow {
  day: string | null;
  storefront_app_id: string;
  source_kind: string;
  source_key: string;
  gmv_paid: string;
  orders_paid: number;
  paying_customers: number;
  refunds: string;
}

const figuresOf = (r: DbRow | undefined): Figures =>
  r ? { gmvPaid: Number(r.gmv_paid), ordersPaid: r.orders_paid, payingCustomers: r.paying_customers, refunds: Number(r.refunds) } : ZERO;

/** The rollup's level for a grouping, as the condition on its rows. */
function level(groupBy: readonly Grouping[]): string {
  const [app, source] = [groupBy.includes('channel'), groupBy.includes('source')];
  return `level = ${app ? (source ? LEVEL.APP_SOURCE : LEVEL.APP) : source ? LEVEL.SOURCE : LEVEL.ALL}`;
}

/** The statement of the rows of two `?` days (from, to) at a level, oldest first: the raw read a report by day is (the bench's floor runs it). */
export function dailyRowsSql(groupBy: readonly Grouping[]): string {
  return `select to_char(day, 'YYYY-MM-DD') as day, storefront_app_id, source_kind, source_key, gmv_paid, orders_paid, paying_customers, refunds
       from report_day where ${level(groupBy)} and day between ? and ? order by day, storefront_app_id, source_kind, source_key`;
}

function dailyRows(em: EntityManager, from: string, to: string, groupBy: readonly Grouping[]): Promise<DbRow[]> {
  return run<DbRow>(em, dailyRowsSql(groupBy), [from, to]);
}

/** The sums of the days `from`–`to` per group of the level, paying customers distinct over the window. */
function windowRows(em: EntityManager, from: string, to: string, groupBy: readonly Grouping[]): Promise<DbRow[]> {
  return run<DbRow>(
    em,
    `with d as (select storefront_app_id, source_kind, source_key, sum(gmv_paid) as gmv_paid, sum(orders_paid)::int as orders_paid, sum(refunds) as refunds
                  from report_day where ${level(groupBy)} and day between ? and ? group by 1, 2, 3),
          c as (select storefront_app_id, source_kind, source_key, count(distinct customer_id)::int as paying_customers
                  from report_day_customer where ${level(groupBy)} and day between ? and ? group by 1, 2, 3)
     select null as day, d.storefront_app_id, d.source_kind, d.source_key, d.gmv_paid, d.orders_paid, coalesce(c.paying_customers, 0) as paying_customers, d.refunds
       from d left join c using (storefront_app_id, source_kind, source_key)`,
    [from, to, from, to],
  );
}

const groupKey = (r: { storefront_app_id: string; source_kind: string; source_key: string }) => `${r.storefront_app_id}|${r.source_kind}|${r.source_key}`;

/** What is wrong with a window of days, if anything: dates, from ≤ to, at most MAX_REPORT_DAYS days. */
export function windowProblem(from: string, to: string): { message: string; field: 'from' | 'to' } | null {
  if (!DATE.test(from) || Number.isNaN(Date.parse(from))) return { message: 'from must be a date such as "2026-11-24"', field: 'from' };
  if (!DATE.test(to) || Number.isNaN(Date.parse(to))) return { message: 'to must be a date such as "2026-11-24"', field: 'to' };
  const days = windowDays(from, to);
  if (days < 1) return { message: 'from must not be after to', field: 'from' };
  if (days > MAX_REPORT_DAYS) return { message: `A report covers at most ${MAX_REPORT_DAYS} days`, field: 'to' };
  return null;
}

const windowDays = (from: string, to: string) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;

/** Checks the window (refused as bad input). Returns its length in days. */
export function checkWindow(from: string, to: string): number {
  const problem = windowProblem(from, to);
  if (problem) throw badInput(problem.message, problem.field);
  return windowDays(from, to);
}

export async function salesReport(em: EntityManager, from: string, to: string, groupBy: readonly Grouping[]): Promise<SalesReport> {
  const days = checkWindow(from, to);
  const previousFrom = addDays(from, -days);
  const previousTo = addDays(from, -1);
  const byDay = groupBy.includes('day');
  const byGroup = groupBy.includes('channel') || groupBy.includes('source');
  const shape = (r: { storefront_app_id: string; source_kind: string; source_key: string }) => ({
    storefrontAppId: groupBy.includes('channel') ? r.storefront_app_id : null,
    sourceKind: groupBy.includes('source') ? r.source_kind : null,
    sourceKey: groupBy.includes('source') ? r.source_key : null,
  });

  const zone = (await one<{ zone: string }>(em, `select ${REPORT_TIME_ZONE} as zone`))!.zone;
  let rows: FigureRow[];
  if (byDay) {
    const all = await dailyRows(em, previousFrom, to, groupBy);
    const found = new Map(all.map((r) => [`${r.day}|${groupKey(r)}`, r]));
    const keys = new Map<string, DbRow>();
    for (const r of all) keys.set(groupKey(r), r);
    rows = [];
    for (let i = 0; i < days; i++) {
      const day = addDays(from, i);
      const previousDay = addDays(day, -days);
      // Without groups every day is listed (zeros included); with groups, the groups with figures on the day or its previous day.
      const groups = byGroup ? [...keys.values()] : [{ storefront_app_id: ALL_APPS, source_kind: ALL_SOURCES, source_key: '' }];
      for (const g of groups) {
        const cur = found.get(`${day}|${groupKey(g)}`);
        const prev = found.get(`${previousDay}|${groupKey(g)}`);
        if (byGroup && !cur && !prev) continue;
        rows.push({ day, previousDay, ...shape(g), current: figuresOf(cur), previous: figuresOf(prev) });
        if (rows.length > MAX_REPORT_ROWS) throw badInput(`A report has at most ${MAX_REPORT_ROWS} rows: narrow the window or the grouping`, 'groupBy');
      }
    }
  } else if (byGroup) {
    const [cur, prev] = await Promise.all([windowRows(em, from, to, groupBy), windowRows(em, previousFrom, previousTo, groupBy)]);
    const prevOf = new Map(prev.map((r) => [groupKey(r), r]));
    const curOf = new Map(cur.map((r) => [groupKey(r), r]));
    const keys = new Map([...prev, ...cur].map((r) => [groupKey(r), r]));
    rows = [...keys.entries()].map(([k, g]) => ({
      day: null,
      previousDay: null,
      ...shape(g),
      current: figuresOf(curOf.get(k)),
      previous: figuresOf(prevOf.get(k)),
    }));
    if (rows.length > MAX_REPORT_ROWS) throw badInput(`A report has at most ${MAX_REPORT_ROWS} rows: narrow the window or the grouping`, 'groupBy');
    rows.sort((a, b) => b.current.gmvPaid - a.current.gmvPaid || groupKeyOf(a).localeCompare(groupKeyOf(b)));
  } else {
    rows = [await reportTotal(em, from, to)];
  }
  return { from, to, previousFrom, previousTo, timeZone: zone, rows };
}

/** The window's figures beside the previous period's: paying customers distinct over each (the costlier read, asked for apart). */
export async function reportTotal(em: EntityManager, from: string, to: string): Promise<FigureRow> {
  const days = checkWindow(from, to);
  const [current, previous] = await Promise.all([windowRows(em, from, to, []), windowRows(em, addDays(from, -days), addDays(from, -1), [])]);
  return {
    day: null,
    previousDay: null,
    storefrontAppId: null,
    sourceKind: null,
    sourceKey: null,
    current: figuresOf(current[0]),
    previous: figuresOf(previous[0]),
  };
}

const groupKeyOf = (r: FigureRow) => `${r.storefrontAppId ?? ''}|${r.sourceKind ?? ''}|${r.sourceKey ?? ''}`;

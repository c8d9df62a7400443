/**
 * The sales report scenario's floor, run as a process of its own by FloorProcess: the statement the
 * API runs for a year of daily figures (dailyRowsSql of src/modules/reports/figures.ts, the very
 * text, over the window and its previous period) as a named prepared statement on a pg pool,
 * answered with its rows as JSON: no GraphQL, no request context, no views.
 *
 *   POST /sales-report   the rows of the body's variables.from − 365 days … variables.to, by day
 */
import 'reflect-metadata';
import { dailyRowsSql } from '../../../src/modules/reports/figures';
import { floorPool, serve } from './serve';

async function main(): Promise<void> {
  let n = 0;
  const text = dailyRowsSql(['day']).replace(/\?/g, () => `$${++n}`);
  const pool = floorPool();
  serve(pool, async (path, body) => {
    if (path !== '/sales-report') return { status: 404, json: JSON.stringify({ errors: [{ message: `no ${path}` }] }) };
    const { previousFrom, to } = (JSON.parse(body) as { floor: { previousFrom: string; to: string } }).floor;
    const { rows } = await pool.query({ name: 'sales_report_days', text, values: [previousFrom, to] });
    return { status: 200, json: JSON.stringify({ data: { rows } }) };
  });
}

void main();

import type { Harness } from './harness';
import { template } from './coupons';

/** Lucky-wheel and lottery steps over HTTP, shared by their tests. */

export const ERRORS = 'userErrors { code field message }';

/** A GRANT_ONLY coupon template (what game prizes are): ¥amount off, no threshold. */
export async function prizeTemplate(h: Harness, op: string, amountOff = '5.00', extra: Record<string, unknown> = {}): Promise<string> {
  return (await template(h, op, { name: `奖 ${amountOff}`, amountOff, threshold: '0.00', distribution: 'GRANT_ONLY', ...extra })).id;
}

export async function count(h: Harness, table: string, where = 'true', params: unknown[] = []): Promise<number> {
  return (await h.sql(`select count(*)::int as n from ${table} where ${where}`, params))[0].n;
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { one, run, sql } from '../../lib/sql';
import type { TemplateRow } from './issuing';

/** What other modules may read of the coupons' tables (promotions' gifts name coupon templates). */

/** Which of these templates are GRANT_ONLY: given out (as a gift), never claimed. */
export async function grantOnlyTemplateIds(em: EntityManager, templateIds: string[]): Promise<Set<string>> {
  if (templateIds.length === 0) return new Set();
  const found = await run<{ id: string }>(
    em,
    `select id from coupon_template where id in (${templateIds.map(() => '?').join(', ')}) and distribution = 'grant_only'`,
    templateIds,
  );
  return new Set(found.map((r) => r.id));
}

/** A template as issueCoupon takes it for a reward (a gift of an order): no claim window, no per-customer limit. Null when there is none. */
export function rewardTemplate(em: EntityManager, templateId: string): Promise<TemplateRow | null> {
  return one<TemplateRow>(
    em,
    'select id, distribution, ended_at, null as claim_starts_at, null as claim_ends_at, total_quantity, null as per_customer_limit from coupon_template where id = ?',
    [templateId],
  );
}

/** The operator's time zone (the promotion settings' single row), as a SQL expression for a composed statement. */
export const OPERATOR_TIME_ZONE = sql('(select time_zone from promotion_settings where id = 1)');

/** Coupons over a window [from, to): issued in it, and of those how many were used (so far); used in it. */
export interface CouponFigures {
  issued: number;
  usedOfIssued: number;
  used: number;
}

export async function couponFigures(em: EntityManager, from: Date, to: Date): Promise<CouponFigures> {
  const row = await one<{ issued: number; used_of_issued: number; used: number }>(
    em,
    `select (select count(*)::int from coupon where issued_at >= ? and issued_at < ?) as issued,
            (select count(*)::int from coupon where issued_at >= ? and issued_at < ? and status = 'used') as used_of_issued,
            (select count(*)::int from coupon where used_at >= ? and used_at < ? and status = 'used') as used`,
    [from, to, from, to, from, to],
  );
  return { issued: row?.issued ?? 0, usedOfIssued: row?.used_of_issued ?? 0, used: row?.used ?? 0 };
}

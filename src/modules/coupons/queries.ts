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

/** What a game checks of a coupon template it pays out: kind, amount off, threshold, whether ended. Null when there is none. */
export function templateFacts(
  em: EntityManager,
  templateId: string,
): Promise<{ id: string; kind: 'amount_off' | 'percent_off'; amount_off: number | null; threshold: number; ended: boolean } | null> {
  return one(em, 'select id, kind, amount_off, threshold, ended_at is not null as ended from coupon_template where id = ?', [templateId]);
}

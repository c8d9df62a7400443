import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { one, run, sql } from '../../lib/sql';
import type { TemplateRow } from './issuing';
import { localParts } from './local-time';
import { operatorTimeZone } from './settings';

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

/** The operator's calendar day now ("YYYY-MM-DD"), the day sign-ins and daily game chances count by. */
export async function operatorDay(em: EntityManager, now = new Date()): Promise<string> {
  return localParts(now, await operatorTimeZone(em)).date;
}

/** Whether the customer signed in (daily sign-in) on this operator day. */
export async function signedInOn(em: EntityManager, accountId: string, day: string): Promise<boolean> {
  return (await one(em, 'select 1 from sign_in where account_id = ? and day = ?::date', [accountId, day])) !== null;
}

/** What a set of issued coupons cost: how many, how many were used by a paid order, and their face value (amount off, or a percent coupon's cap). */
export interface CouponFigures {
  issued: number;
  used: number;
  faceValue: number;
}

export async function couponFigures(em: EntityManager, couponIds: readonly string[]): Promise<CouponFigures> {
  if (couponIds.length === 0) return { issued: 0, used: 0, faceValue: 0 };
  const row = await one<CouponFigures>(
    em,
    `select count(*)::int as issued, count(*) filter (where c.status = 'used')::int as used,
            coalesce(sum(coalesce(t.amount_off, t.max_discount, 0)), 0)::int as "faceValue"
       from coupon c join coupon_template t on t.id = c.template_id where c.id = any(?::uuid[])`,
    [`{${couponIds.join(',')}}`],
  );
  return row!;
}

/**
 * Checks that a game's prize names a GRANT_ONLY template (given out, never claimed), throwing the
 * game's own codes TEMPLATE_NOT_FOUND or WRONG_DISTRIBUTION at `field`.
 */
export async function checkPrizeTemplate(
  em: EntityManager,
  templateId: string | null | undefined,
  codes: { TEMPLATE_NOT_FOUND: string; WRONG_DISTRIBUTION: string },
  field: string[],
): Promise<void> {
  const row = templateId ? await one<{ distribution: string }>(em, 'select distribution from coupon_template where id = ?', [templateId]) : null;
  if (!row) throw new DomainError(codes.TEMPLATE_NOT_FOUND, 'No coupon template has this id', field);
  if (row.distribution !== 'grant_only') throw new DomainError(codes.WRONG_DISTRIBUTION, 'A prize is a coupon of a GRANT_ONLY template', field);
}

/** Coupons over a window [from, to): issued in it, and of those how many were used (so far); used in it. */
export interface CouponWindowFigures {
  issued: number;
  usedOfIssued: number;
  used: number;
}

export async function couponWindowFigures(em: EntityManager, from: Date, to: Date): Promise<CouponWindowFigures> {
  const row = await one<{ issued: number; used_of_issued: number; used: number }>(
    em,
    `select (select count(*)::int from coupon where issued_at >= ? and issued_at < ?) as issued,
            (select count(*)::int from coupon where issued_at >= ? and issued_at < ? and status = 'used') as used_of_issued,
            (select count(*)::int from coupon where used_at >= ? and used_at < ? and status = 'used') as used`,
    [from, to, from, to, from, to],
  );
  return { issued: row?.issued ?? 0, usedOfIssued: row?.used_of_issued ?? 0, used: row?.used ?? 0 };
}

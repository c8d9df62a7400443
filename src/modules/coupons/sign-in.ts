import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { CouponErrorCode as E } from './errors';
import { CouponDistribution } from './entities';
import { issueCoupon } from './issuing';
import { localParts } from './local-time';
import { operatorTimeZone } from './settings';

export interface SignInResult {
  day: string;
  streak: number;
  couponId: string | null;
}

/**
 * Daily sign-in (签到领红包): once per calendar day in the operator's time zone. The row's primary
 * key (customer, day) decides: of a double click or two parallel requests one inserts, the other
 * finds the day taken (ALREADY_SIGNED_IN) — so there is one reward. The streak continues from
 * yesterday's row, or starts again at 1 after a missed day; the streak day's reward coupon, if the
 * operator set one, is issued in the same transaction (skipped when its template is sold out or ended).
 */
export async function signIn(em: EntityManager, accountId: string, now = new Date()): Promise<SignInResult> {
  const day = localParts(now, await operatorTimeZone(em)).date;
  return em.transactional(async (tx) => {
    const conn = tx.getConnection();
    const ctx = tx.getTransactionContext<Knex.Transaction>();
    const [row] = await conn.execute<{ streak: number }[]>(
      `insert into sign_in (account_id, day, streak, created_at)
       values (?, ?::date, coalesce((select streak + 1 from sign_in where account_id = ? and day = ?::date - 1), 1), now())
       on conflict do nothing returning streak`,
      [accountId, day, accountId, day],
      'all',
      ctx,
    );
    if (!row) throw new DomainError(E.ALREADY_SIGNED_IN, `You have already signed in today (${day})`, null);
    const [template] = await conn.execute<
      {
        id: string;
        distribution: never;
        ended_at: Date | null;
        claim_starts_at: null;
        claim_ends_at: null;
        total_quantity: number | null;
        per_customer_limit: null;
      }[]
    >(
      `select t.id, t.distribution, t.ended_at, null as claim_starts_at, null as claim_ends_at, t.total_quantity, null as per_customer_limit
         from sign_in_reward r join coupon_template t on t.id = r.template_id where r.streak_day = ?`,
      [row.streak],
      'all',
      ctx,
    );
    let couponId: string | null = null;
    if (template) {
      await conn.execute('savepoint sign_in_reward', [], 'run', ctx);
      try {
        couponId = await issueCoupon(tx, template, accountId);
        await conn.execute('update sign_in set coupon_id = ? where account_id = ? and day = ?::date', [couponId, accountId, day], 'run', ctx);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        await conn.execute('rollback to savepoint sign_in_reward', [], 'run', ctx);
      }
    }
    return { day, streak: row.streak, couponId };
  });
}

export const MAX_STREAK_DAY = 365;

/** Sets (or, without a template, removes) the coupon earned on a streak's Nth day. */
export async function setSignInReward(em: EntityManager, streakDay: number, templateId: string | null | undefined): Promise<void> {
  if (!Number.isInteger(streakDay) || streakDay < 1 || streakDay > MAX_STREAK_DAY)
    throw new DomainError(E.INVALID_STREAK_DAY, `streakDay must be from 1 to ${MAX_STREAK_DAY}`, ['input', 'streakDay']);
  const conn = em.getConnection();
  if (templateId === null) {
    await conn.execute('delete from sign_in_reward where streak_day = ?', [streakDay]);
    return;
  }
  const [template] = templateId ? await conn.execute<{ distribution: string }[]>('select distribution from coupon_template where id = ?', [templateId]) : [];
  if (!template) throw new DomainError(E.TEMPLATE_NOT_FOUND, 'No coupon template has this id', ['input', 'templateId']);
  if (template.distribution !== CouponDistribution.SIGN_IN_REWARD)
    throw new DomainError(E.WRONG_DISTRIBUTION, 'A sign-in reward is a coupon of a SIGN_IN_REWARD template', ['input', 'templateId']);
  await conn.execute(
    'insert into sign_in_reward (streak_day, template_id) values (?, ?) on conflict (streak_day) do update set template_id = excluded.template_id',
    [streakDay, templateId],
  );
}

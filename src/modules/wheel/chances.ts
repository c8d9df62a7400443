import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { one, run } from '../../lib/sql';
import { operatorDay, signedInOn } from '../coupons/queries';
import { WheelErrorCode as E } from './errors';

/** A campaign as a draw or an earned chance needs it, read without a lock (its settings are plain values). */
export interface PlayableWheel {
  id: string;
  seed: string;
  daily_chances: number;
  sign_in_chances: number;
  order_chances_per_day: number;
  share_chances_per_day: number;
}

const PLAYABLE = `select id, seed, daily_chances, sign_in_chances, order_chances_per_day, share_chances_per_day,
       status = 'running' and starts_at <= now() and ends_at > now() as running, storefront_app_ids
  from wheel_campaign`;

/** The campaign if a customer of this storefront app may play it now; the refusal otherwise. */
export async function playableWheel(tx: EntityManager, campaignId: string | null, appId: string | null): Promise<PlayableWheel> {
  const c = campaignId ? await one<PlayableWheel & { running: boolean; storefront_app_ids: string[] }>(tx, `${PLAYABLE} where id = ?`, [campaignId]) : null;
  if (!c) throw new DomainError(E.CAMPAIGN_NOT_FOUND, 'No lucky-wheel campaign has this id', ['input', 'campaignId']);
  if (!c.running) throw new DomainError(E.CAMPAIGN_NOT_RUNNING, 'The campaign is not running now', ['input', 'campaignId']);
  if (c.storefront_app_ids.length > 0 && (!appId || !c.storefront_app_ids.includes(appId)))
    throw new DomainError(E.NOT_ON_THIS_APP, 'This campaign does not run on this storefront app', ['input', 'campaignId']);
  return c;
}

/** Today's row of a customer's chances, made with the daily chances the first time it is needed. */
export async function ensureDay(tx: EntityManager, campaign: PlayableWheel, customerId: string, day: string): Promise<void> {
  await run(
    tx,
    `insert into wheel_chance (campaign_id, customer_id, day, allowed, used, from_sign_in, from_orders, from_shares) values (?, ?, ?::date, ?, 0, 0, 0, 0)
     on conflict do nothing`,
    [campaign.id, customerId, day, campaign.daily_chances],
  );
}

/** Takes one chance of today's, or refuses: a conditional update, so parallel draws never use more than allowed. */
export async function takeChance(tx: EntityManager, campaign: PlayableWheel, customerId: string, day: string): Promise<void> {
  await ensureDay(tx, campaign, customerId, day);
  const taken = await one(
    tx,
    'update wheel_chance set used = used + 1 where campaign_id = ? and customer_id = ? and day = ?::date and used < allowed returning used',
    [campaign.id, customerId, day],
  );
  if (!taken) throw new DomainError(E.NO_CHANCES_LEFT, 'You have used every chance you have today', ['input', 'campaignId']);
}

export type ChanceSource = 'sign_in' | 'orders' | 'shares';

/**
 * Adds earned chances within the source's daily cap, by one conditional update: the sign-in gives
 * its chances once a day, each paid order and each share one. Returns false at the cap.
 */
export async function earnChance(tx: EntityManager, campaign: PlayableWheel, customerId: string, day: string, source: ChanceSource): Promise<boolean> {
  await ensureDay(tx, campaign, customerId, day);
  const [add, guard] =
    source === 'sign_in'
      ? [campaign.sign_in_chances, 'from_sign_in = 0']
      : [1, `from_${source} < ${source === 'orders' ? campaign.order_chances_per_day : campaign.share_chances_per_day}`];
  if (add < 1) return false;
  const earned = await one(
    tx,
    `update wheel_chance set allowed = allowed + ?, from_${source} = from_${source} + ? where campaign_id = ? and customer_id = ? and day = ?::date and ${guard} returning allowed`,
    [add, add, campaign.id, customerId, day],
  );
  return earned !== null;
}

/** A customer earns a chance by signing in today (once a day) or by sharing (up to the daily cap). */
export async function earnWheelChance(
  em: EntityManager,
  customerId: string,
  campaignId: string | null,
  appId: string | null,
  source: 'sign_in' | 'shares',
): Promise<void> {
  await em.transactional(async (tx) => {
    const campaign = await playableWheel(tx, campaignId, appId);
    const day = await operatorDay(tx);
    if (source === 'sign_in' && !(await signedInOn(tx, customerId, day)))
      throw new DomainError(E.NOT_SIGNED_IN_TODAY, 'Sign in today first (signIn), then earn the chance', ['input', 'source']);
    if (!(await earnChance(tx, campaign, customerId, day, source)))
      throw new DomainError(E.EARN_LIMIT_REACHED, 'This source has given all the chances it may today', ['input', 'source']);
  });
}

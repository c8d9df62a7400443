import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { machine, refusal, setStatus, whereAllowed } from '../../lib/state-machine';
import { run } from '../../lib/sql';
import { WheelCampaignStatus as S } from './entities';
import { WheelErrorCode as E } from './errors';

/**
 * The lucky-wheel campaign as a state machine; every status change is ONE conditional UPDATE built
 * from this table, so of two racing changes one wins and an illegal one changes nothing.
 *
 * WHEEL CAMPAIGN (wheel_campaign.status)
 *
 *   transition  from            to       guard
 *   start       draft           running  its weights add up to more than 0 and its window has not ended
 *   end         draft, running  ended    — (an operator; reveals the seed)
 *   expire      running         ended    its window has ended (the sweep; reveals the seed)
 *   ended is final. Prizes and weights change only in draft, so the weights every draw used are the
 *   weights published.
 */
export type WheelTransition = 'start' | 'end' | 'expire';

export const WHEEL = machine<S, WheelTransition>({
  noun: 'wheel campaign',
  states: Object.values(S),
  alias: 'w',
  enumType: 'wheel_campaign_status',
  transitions: {
    start: {
      from: [S.DRAFT],
      to: S.RUNNING,
      guard: {
        says: 'its weights add up to more than 0 and its window has not ended',
        sql: 'w.ends_at > now() and exists (select 1 from wheel_prize p where p.campaign_id = w.id and p.weight > 0)',
      },
    },
    end: { from: [S.DRAFT, S.RUNNING], to: S.ENDED, set: { revealed_at: 'now()' } },
    expire: { from: [S.RUNNING], to: S.ENDED, guard: { says: 'its window has ended', sql: 'w.ends_at <= now()' }, set: { revealed_at: 'now()' } },
  },
});

/** Moves the campaign by `name`, or throws the refusal with the API's codes. */
export async function moveWheel(tx: EntityManager, campaignId: string | null, name: 'start' | 'end'): Promise<void> {
  const moved = campaignId
    ? await run(tx, `update wheel_campaign w set ${setStatus(WHEEL, [name])} where w.id = ? and ${whereAllowed(WHEEL, [name])} returning w.id`, [campaignId])
    : [];
  if (moved.length > 0) return;
  const [now] = campaignId
    ? await run<{ status: S; ended: boolean; weight: number }>(
        tx,
        'select w.status, w.ends_at <= now() as ended, (select coalesce(sum(weight), 0)::int from wheel_prize p where p.campaign_id = w.id) as weight from wheel_campaign w where w.id = ?',
        [campaignId],
      )
    : [];
  if (!now) throw new DomainError(E.CAMPAIGN_NOT_FOUND, 'No lucky-wheel campaign has this id', ['id']);
  if (now.status === S.ENDED) throw new DomainError(E.CAMPAIGN_ENDED, 'The campaign has already ended', ['id']);
  if (name === 'start' && now.status === S.DRAFT) {
    if (now.weight < 1) throw new DomainError(E.NO_WINNING_WEIGHT, 'The weights add up to 0: add a prize or a no-prize weight first', ['id']);
    if (now.ended) throw new DomainError(E.INVALID_WINDOW, 'The campaign window has already ended', ['id']);
  }
  throw new DomainError(E.CAMPAIGN_NOT_DRAFT, refusal(WHEEL, name, now.status), ['id']);
}

/** Ends every running campaign whose window is over (revealing its seed), set-based; safe anywhere at once. */
export async function expireWheels(em: EntityManager): Promise<number> {
  const expire = ['expire'] as const;
  const ended = await run(em, `update wheel_campaign w set ${setStatus(WHEEL, expire)} where ${whereAllowed(WHEEL, expire)} returning w.id`);
  return ended.length;
}

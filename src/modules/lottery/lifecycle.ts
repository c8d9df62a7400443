import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { machine, refusal, setStatus, whereAllowed } from '../../lib/state-machine';
import { one, run } from '../../lib/sql';
import { LotteryCampaignStatus as S } from './entities';
import { LotteryErrorCode as E } from './errors';

/**
 * The lottery campaign as a state machine; every status change is ONE conditional UPDATE built from
 * this table, so of two racing changes (two processes drawing, an operator and the sweep) one wins.
 *
 * LOTTERY CAMPAIGN (lottery_campaign.status)
 *
 *   transition  from   to         guard
 *   open        draft  open       it has a prize tier and its deadline has not passed
 *   draw        open   drawn      its deadline has passed or its entry cap is reached (the job and the sweep)
 *   close       open   drawn      — (an operator ends it early: the draw runs now)
 *   cancel      draft  cancelled  — (an operator ends it before it opened)
 *   drawn and cancelled are final. The move to DRAWN and the draw itself are one transaction.
 */
export type LotteryTransition = 'open' | 'draw' | 'close' | 'cancel';

export const LOTTERY = machine<S, LotteryTransition>({
  noun: 'lottery',
  states: Object.values(S),
  alias: 'l',
  enumType: 'lottery_campaign_status',
  transitions: {
    open: {
      from: [S.DRAFT],
      to: S.OPEN,
      guard: {
        says: 'it has a prize tier and its deadline has not passed',
        sql: 'l.deadline > now() and exists (select 1 from lottery_prize p where p.campaign_id = l.id)',
      },
    },
    draw: {
      from: [S.OPEN],
      to: S.DRAWN,
      guard: { says: 'its deadline has passed or its entry cap is reached', sql: 'l.deadline <= now() or l.entries >= l.entry_cap' },
      set: { drawn_at: 'now()' },
    },
    close: { from: [S.OPEN], to: S.DRAWN, set: { drawn_at: 'now()' } },
    cancel: { from: [S.DRAFT], to: S.CANCELLED },
  },
});

/** Opens a DRAFT lottery, or throws the refusal with the API's codes. */
export async function openLottery(tx: EntityManager, campaignId: string | null): Promise<{ deadline: Date }> {
  const [moved] = campaignId
    ? await run<{ deadline: Date }>(
        tx,
        `update lottery_campaign l set ${setStatus(LOTTERY, ['open'])} where l.id = ? and ${whereAllowed(LOTTERY, ['open'])} returning l.deadline`,
        [campaignId],
      )
    : [];
  if (moved) return moved;
  const now = campaignId
    ? await one<{ status: S; past: boolean; prizes: number }>(
        tx,
        'select l.status, l.deadline <= now() as past, (select count(*)::int from lottery_prize p where p.campaign_id = l.id) as prizes from lottery_campaign l where l.id = ?',
        [campaignId],
      )
    : null;
  if (!now) throw new DomainError(E.CAMPAIGN_NOT_FOUND, 'No lottery campaign has this id', ['id']);
  if (now.status === S.DRAWN || now.status === S.CANCELLED) throw new DomainError(E.CAMPAIGN_ENDED, refusal(LOTTERY, 'open', now.status), ['id']);
  if (now.status !== S.DRAFT) throw new DomainError(E.CAMPAIGN_NOT_DRAFT, refusal(LOTTERY, 'open', now.status), ['id']);
  if (now.prizes === 0) throw new DomainError(E.NO_PRIZES, 'Add a prize tier first', ['id']);
  throw new DomainError(E.INVALID_WINDOW, 'The deadline has already passed', ['id']);
}

/**
 * Moves an OPEN lottery to DRAWN by `names` (draw when due; close: an operator, now). Returns the
 * seed and consolation template to draw with, or null when it did not move (not due, or already
 * drawn by someone else — their transaction draws it).
 */
export async function claimDraw(
  tx: EntityManager,
  campaignId: string,
  names: ('draw' | 'close')[],
): Promise<{ seed: string; consolation_template_id: string | null } | null> {
  return one(
    tx,
    `update lottery_campaign l set ${setStatus(LOTTERY, names)} where l.id = ? and ${whereAllowed(LOTTERY, names)} returning l.seed, l.consolation_template_id`,
    [campaignId],
  );
}

/** Cancels a DRAFT lottery; false when it is not DRAFT. */
export async function cancelLottery(tx: EntityManager, campaignId: string): Promise<boolean> {
  const moved = await run(
    tx,
    `update lottery_campaign l set ${setStatus(LOTTERY, ['cancel'])} where l.id = ? and ${whereAllowed(LOTTERY, ['cancel'])} returning l.id`,
    [campaignId],
  );
  return moved.length > 0;
}

/** Open lotteries due for their draw (the sweep). */
export async function dueLotteries(em: EntityManager): Promise<string[]> {
  const due = await run<{ id: string }>(em, `select l.id from lottery_campaign l where ${whereAllowed(LOTTERY, ['draw'])} order by l.deadline limit 100`);
  return due.map((r) => r.id);
}

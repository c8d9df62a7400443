import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { fairInteger } from '../../lib/fair-draw';
import { run } from '../../lib/sql';
import { issueRewardCoupons } from '../coupons/issuing';
import { claimDraw, dueLotteries } from './lifecycle';

/** Tickets are uniform integers below 2^48: ties are practically impossible, and broken by entry id. */
export const TICKET_RANGE = 2 ** 48;

export interface RankedEntry {
  id: string;
  customer_id: string;
  ticket: number;
}

/** Every entry's ticket, fairInteger(seed, entry id, 2^48), and the entries in rank order: lowest ticket first, then entry id. */
export function rankEntries(seed: string, entries: readonly { id: string; customer_id: string }[]): RankedEntry[] {
  return entries
    .map((e) => ({ ...e, ticket: fairInteger(seed, e.id, TICKET_RANGE) }))
    .sort((a, b) => a.ticket - b.ticket || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Fills the tiers in rank order, `winners` customers each, one prize per customer: entry id → prize id. */
export function pickWinners(ranked: readonly RankedEntry[], tiers: readonly { id: string; winners: number }[]): Map<string, string> {
  const won = new Map<string, string>();
  const customers = new Set<string>();
  let next = 0;
  for (const tier of tiers) {
    let given = 0;
    while (given < tier.winners && next < ranked.length) {
      const entry = ranked[next++];
      if (customers.has(entry.customer_id)) continue;
      customers.add(entry.customer_id);
      won.set(entry.id, tier.id);
      given++;
    }
  }
  return won;
}

const uuidArray = (ids: readonly string[]) => `{${ids.join(',')}}`;

/**
 * Draws a lottery, once: the move to DRAWN (a conditional update — of several processes, or the
 * job, the sweep and an operator, one wins) and the draw are one transaction. Every entry gets its
 * ticket; the tiers are filled by rank; each tier's coupons are issued set-based (a tier whose
 * template cannot cover its winners — ended or sold out — keeps its winners recorded without coupons);
 * every entrant who won nothing gets the consolation coupon, if any. Returns whether it drew.
 */
export async function drawLottery(em: EntityManager, campaignId: string, force = false): Promise<boolean> {
  return em.transactional(async (tx) => {
    const claimed = await claimDraw(tx, campaignId, force ? ['draw', 'close'] : ['draw']);
    if (!claimed) return false;
    const entries = await run<{ id: string; customer_id: string }>(tx, 'select id, customer_id from lottery_entry where campaign_id = ?', [campaignId]);
    const tiers = await run<{ id: string; template_id: string; winners: number }>(
      tx,
      'select id, template_id, winners from lottery_prize where campaign_id = ? order by rank',
      [campaignId],
    );
    const ranked = rankEntries(claimed.seed, entries);
    const won = pickWinners(ranked, tiers);
    const coupons = new Map<string, string>();
    for (const tier of tiers) {
      const winners = ranked.filter((e) => won.get(e.id) === tier.id);
      const ids = await issueOrSkip(
        tx,
        tier.template_id,
        winners.map((e) => e.customer_id),
      );
      winners.forEach((e, i) => ids[i] && coupons.set(e.id, ids[i]));
    }
    if (ranked.length > 0)
      await run(
        tx,
        `update lottery_entry e set ticket = t.ticket, prize_id = t.prize_id, coupon_id = t.coupon_id
           from unnest(?::uuid[], ?::bigint[], ?::uuid[], ?::uuid[]) as t(id, ticket, prize_id, coupon_id) where e.id = t.id`,
        [
          uuidArray(ranked.map((e) => e.id)),
          `{${ranked.map((e) => e.ticket).join(',')}}`,
          `{${ranked.map((e) => won.get(e.id) ?? 'NULL').join(',')}}`,
          `{${ranked.map((e) => coupons.get(e.id) ?? 'NULL').join(',')}}`,
        ],
      );
    if (claimed.consolation_template_id) {
      const winners = new Set(ranked.filter((e) => won.has(e.id)).map((e) => e.customer_id));
      const losers = [...new Set(ranked.map((e) => e.customer_id))].filter((c) => !winners.has(c)).sort();
      const ids = await issueOrSkip(tx, claimed.consolation_template_id, losers);
      if (ids.length > 0)
        await run(
          tx,
          `update lottery_participant p set consolation_coupon_id = t.coupon_id from unnest(?::uuid[], ?::uuid[]) as t(customer_id, coupon_id)
            where p.campaign_id = ? and p.customer_id = t.customer_id`,
          [uuidArray(losers), uuidArray(ids), campaignId],
        );
    }
    return true;
  });
}

/** The coupons, or none when the template cannot cover them all (rolled back to before the attempt). */
async function issueOrSkip(tx: EntityManager, templateId: string, accountIds: string[]): Promise<string[]> {
  if (accountIds.length === 0) return [];
  await run(tx, 'savepoint lottery_coupons');
  try {
    const ids = await issueRewardCoupons(tx, templateId, accountIds);
    await run(tx, 'release savepoint lottery_coupons');
    return ids;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    await run(tx, 'rollback to savepoint lottery_coupons');
    return [];
  }
}

/** The sweep: draws every open lottery whose deadline has passed or whose cap is reached. */
export async function drawDueLotteries(fork: () => EntityManager): Promise<number> {
  let drawn = 0;
  for (const id of await dueLotteries(fork())) if (await drawLottery(fork(), id)) drawn++;
  return drawn;
}

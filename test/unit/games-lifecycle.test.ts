import { transitionsBetween, type Machine } from '../../src/lib/state-machine';
import { LotteryCampaignStatus as L } from '../../src/modules/lottery/entities';
import { LOTTERY } from '../../src/modules/lottery/lifecycle';
import { pickWinners, rankEntries, TICKET_RANGE } from '../../src/modules/lottery/draw';
import { WheelCampaignStatus as W } from '../../src/modules/wheel/entities';
import { WHEEL } from '../../src/modules/wheel/lifecycle';

function moves<S extends string, T extends string>(m: Machine<S, T>): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  for (const from of m.states)
    for (const to of m.states) if (transitionsBetween(m, from, to).length) found[`${from} → ${to}`] = transitionsBetween(m, from, to);
  return found;
}

describe('the games lifecycles', () => {
  it('the wheel: draft → running → ended, or ended straight from draft', () => {
    expect(moves(WHEEL)).toEqual({
      [`${W.DRAFT} → ${W.RUNNING}`]: ['start'],
      [`${W.DRAFT} → ${W.ENDED}`]: ['end'],
      [`${W.RUNNING} → ${W.ENDED}`]: ['end', 'expire'],
    });
  });

  it('the lottery: draft → open → drawn, or cancelled from draft', () => {
    expect(moves(LOTTERY)).toEqual({
      [`${L.DRAFT} → ${L.OPEN}`]: ['open'],
      [`${L.DRAFT} → ${L.CANCELLED}`]: ['cancel'],
      [`${L.OPEN} → ${L.DRAWN}`]: ['draw', 'close'],
    });
  });
});

describe('the lottery draw', () => {
  const seed = 'a'.repeat(64);
  const entries = Array.from({ length: 50 }, (_, i) => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, customer_id: `c${i % 20}` }));

  it('ranks by ticket below 2^48, the same for the same seed and different for another', () => {
    const ranked = rankEntries(seed, entries);
    expect(ranked.map((e) => e.id).sort()).toEqual(entries.map((e) => e.id).sort());
    for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1].ticket).toBeLessThanOrEqual(ranked[i].ticket);
    expect(ranked.every((e) => Number.isSafeInteger(e.ticket) && e.ticket >= 0 && e.ticket < TICKET_RANGE)).toBe(true);
    expect(rankEntries(seed, [...entries].reverse())).toEqual(ranked);
    expect(rankEntries('b'.repeat(64), entries).map((e) => e.id)).not.toEqual(ranked.map((e) => e.id));
  });

  it('fills the tiers in rank order, one prize per customer, as far as the entrants go', () => {
    const ranked = rankEntries(seed, entries);
    const won = pickWinners(ranked, [
      { id: 'gold', winners: 3 },
      { id: 'silver', winners: 30 },
    ]);
    expect(won.size).toBe(20);
    const winners = ranked.filter((e) => won.has(e.id));
    expect(new Set(winners.map((e) => e.customer_id)).size).toBe(20);
    expect(winners.slice(0, 3).every((e) => won.get(e.id) === 'gold')).toBe(true);
    expect(winners.slice(3).every((e) => won.get(e.id) === 'silver')).toBe(true);
    // The first entry in rank order wins gold.
    expect(won.get(ranked[0].id)).toBe('gold');
  });
});

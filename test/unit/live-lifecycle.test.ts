import { refusal, transitionsBetween } from '../../src/lib/state-machine';
import { LiveItemStatus as I, LiveSessionStatus as S } from '../../src/modules/live/entities';
import { ITEM, SESSION } from '../../src/modules/live/lifecycle';

function walk<St extends string>(m: { states: readonly St[] } & Parameters<typeof transitionsBetween>[0], allowed: Record<string, string[]>): string[] {
  const wrong: string[] = [];
  for (const from of m.states)
    for (const to of m.states) {
      const expected = allowed[`${from} → ${to}`] ?? [];
      const actual = transitionsBetween(m, from, to);
      if (JSON.stringify(actual) !== JSON.stringify(expected))
        wrong.push(`${from} → ${to}: ${actual.join(', ') || 'refused'}, expected ${expected.join(', ') || 'refused'}`);
    }
  return wrong;
}

describe('the live session lifecycle', () => {
  it('allows exactly SCHEDULED → LIVE ⇄ PAUSED → ENDED and SCHEDULED → CANCELLED', () => {
    expect(
      walk(SESSION, {
        [`${S.SCHEDULED} → ${S.LIVE}`]: ['start'],
        [`${S.LIVE} → ${S.PAUSED}`]: ['pause'],
        [`${S.PAUSED} → ${S.LIVE}`]: ['resume'],
        [`${S.LIVE} → ${S.ENDED}`]: ['end'],
        [`${S.PAUSED} → ${S.ENDED}`]: ['end'],
        [`${S.SCHEDULED} → ${S.CANCELLED}`]: ['cancel'],
      }),
    ).toEqual([]);
    expect([...SESSION.states].sort()).toEqual(Object.values(S).sort());
  });

  it('refuses from any other state, naming the current one', () => {
    expect(refusal(SESSION, 'start', S.ENDED)).toBe('The session is ENDED: it cannot start (only from SCHEDULED)');
    expect(refusal(SESSION, 'end', S.SCHEDULED)).toBe('The session is SCHEDULED: it cannot end (only from LIVE or PAUSED)');
    expect(refusal(SESSION, 'cancel', S.LIVE)).toBe('The session is LIVE: it cannot cancel (only from SCHEDULED)');
  });

  it('clears the pin when it ends; an item removed gives its whole quota back', () => {
    expect(SESSION.transitions.end.set).toEqual({ ended_at: 'now()', pinned_item_id: 'null' });
    expect(ITEM.transitions.remove.set).toMatchObject({ quota_left: '0' });
    expect(
      walk(ITEM, {
        [`${I.ON_SALE} → ${I.OFF_SALE}`]: ['delist'],
        [`${I.OFF_SALE} → ${I.ON_SALE}`]: ['relist'],
        [`${I.ON_SALE} → ${I.REMOVED}`]: ['remove'],
        [`${I.OFF_SALE} → ${I.REMOVED}`]: ['remove'],
      }),
    ).toEqual([]);
  });
});

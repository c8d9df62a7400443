import { AssistLinkStatus as L } from '../../src/modules/assist/entities';
import { ASSIST_LINK } from '../../src/modules/assist/lifecycle';
import { RedPacketStatus as P } from '../../src/modules/redpacket/entities';
import { RED_PACKET } from '../../src/modules/redpacket/lifecycle';
import { type Machine, transitionsBetween } from '../../src/lib/state-machine';

function wrongMoves<S extends string, T extends string>(m: Machine<S, T>, allowed: Record<string, string[]>): string[] {
  const wrong: string[] = [];
  for (const from of m.states) {
    for (const to of m.states) {
      const expected = allowed[`${from} → ${to}`] ?? [];
      const actual = transitionsBetween(m, from, to);
      if (JSON.stringify(actual) !== JSON.stringify(expected))
        wrong.push(`${from} → ${to}: ${actual.join(', ') || 'refused'}, expected ${expected.join(', ') || 'refused'}`);
    }
  }
  return wrong;
}

describe('the sharing games lifecycles', () => {
  it('a red packet only completes when full, or expires with shares left; both are final', () => {
    expect(
      wrongMoves(RED_PACKET, {
        [`${P.OPEN} → ${P.COMPLETED}`]: ['complete'],
        [`${P.OPEN} → ${P.EXPIRED}`]: ['expire'],
      }),
    ).toEqual([]);
    expect([...RED_PACKET.states].sort()).toEqual(Object.values(P).sort());
    expect(RED_PACKET.transitions.complete.guard?.sql).toBe('p.joins_count = p.shares');
    expect(RED_PACKET.transitions.expire.guard?.sql).toBe('p.expires_at <= now() and p.joins_count < p.shares');
  });

  it('an assist link is refunded only from COMPLETED, completes only in time, and ends when its order had money back another way', () => {
    expect(
      wrongMoves(ASSIST_LINK, {
        [`${L.OPEN} → ${L.COMPLETED}`]: ['complete'],
        [`${L.OPEN} → ${L.EXPIRED}`]: ['expire'],
        [`${L.OPEN} → ${L.ENDED}`]: ['end'],
        [`${L.COMPLETED} → ${L.REFUNDED}`]: ['refund'],
        [`${L.COMPLETED} → ${L.ENDED}`]: ['void'],
      }),
    ).toEqual([]);
    expect([...ASSIST_LINK.states].sort()).toEqual(Object.values(L).sort());
    expect(ASSIST_LINK.transitions.complete.guard?.sql).toBe('l.assists_count = l.helpers_needed and l.expires_at > now()');
  });
});

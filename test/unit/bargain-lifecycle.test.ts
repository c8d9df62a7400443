import { BargainStatus as B } from '../../src/modules/bargain/entities';
import { BARGAIN, refuseOrder } from '../../src/modules/bargain/lifecycle';
import { refusal, transitionsBetween } from '../../src/lib/state-machine';

describe('the bargain lifecycle', () => {
  it('allows exactly the listed moves between its states', () => {
    const allowed: Record<string, string[]> = {
      [`${B.ACTIVE} → ${B.ORDERED}`]: ['order'],
      [`${B.ACTIVE} → ${B.EXPIRED}`]: ['expire'],
      [`${B.ORDERED} → ${B.PURCHASED}`]: ['purchase'],
      [`${B.ORDERED} → ${B.ACTIVE}`]: ['reopen'],
      [`${B.ORDERED} → ${B.EXPIRED}`]: ['lapse'],
    };
    const wrong: string[] = [];
    for (const from of BARGAIN.states) {
      for (const to of BARGAIN.states) {
        const expected = allowed[`${from} → ${to}`] ?? [];
        const actual = transitionsBetween(BARGAIN, from, to);
        if (JSON.stringify(actual) !== JSON.stringify(expected))
          wrong.push(`${from} → ${to}: ${actual.join(', ') || 'refused'}, expected ${expected.join(', ') || 'refused'}`);
      }
    }
    expect(wrong).toEqual([]);
    expect([...BARGAIN.states].sort()).toEqual(Object.values(B).sort());
  });

  it('refuses a transition from any other state, naming the current one', () => {
    for (const [name, t] of Object.entries(BARGAIN.transitions) as [keyof typeof BARGAIN.transitions, (typeof BARGAIN.transitions)['order']][]) {
      for (const current of BARGAIN.states.filter((s) => !t.from.includes(s))) {
        expect(refusal(BARGAIN, name, current)).toBe(
          `The bargain is ${current.toUpperCase()}: it cannot ${name} (only from ${t.from.map((s) => s.toUpperCase()).join(' or ')})`,
        );
      }
    }
  });

  it('is bought only while going, in time, and at its floor when the campaign sells only there — with the codes the API answers', () => {
    const going = { status: B.ACTIVE, expired: false, current_price: 500, floor_price: 100, buy_at_floor_only: true };
    expect(refuseOrder({ ...going, current_price: 100 })).toBeNull();
    expect(refuseOrder({ ...going, buy_at_floor_only: false })).toBeNull();
    expect(refuseOrder(going)).toMatchObject({ code: 'FLOOR_NOT_REACHED', field: ['input', 'bargainId'] });
    expect(refuseOrder({ ...going, current_price: 100, expired: true })).toMatchObject({
      code: 'BARGAIN_NOT_ACTIVE',
      message: 'The bargain is past its time: it cannot be bought',
    });
    for (const status of [B.ORDERED, B.PURCHASED, B.EXPIRED]) {
      for (const expired of [false, true]) {
        expect(refuseOrder({ ...going, status, expired, current_price: 100 })).toMatchObject({
          code: 'BARGAIN_NOT_ACTIVE',
          message: `The bargain is ${status.toUpperCase()}: it cannot be bought`,
        });
      }
    }
  });

  it('reopens or lapses by its time when its order is cancelled, and only the sweep expires a going bargain', () => {
    expect(BARGAIN.transitions.reopen.guard?.sql).toBe('b.expires_at > now()');
    expect(BARGAIN.transitions.lapse.guard?.sql).toBe('b.expires_at <= now()');
    expect(BARGAIN.transitions.expire.from).toEqual([B.ACTIVE]);
  });
});

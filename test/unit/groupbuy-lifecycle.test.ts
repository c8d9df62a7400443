import { MemberStatus as M, SessionStatus as S } from '../../src/modules/groupbuy/entities';
import { afterPayment, SEAT, SESSION, takesPayments } from '../../src/modules/groupbuy/lifecycle';
import { type Machine, refusal, transitionsBetween } from '../../src/lib/state-machine';

/** Every pair of states, with the transitions the table allows between them; a pair not listed allows none. */
function walk<St extends string, T extends string>(m: Machine<St, T>, allowed: Record<string, T[]>): string[] {
  const wrong: string[] = [];
  for (const from of m.states) {
    for (const to of m.states) {
      const expected = allowed[`${from} → ${to}`] ?? [];
      const actual = transitionsBetween(m, from, to);
      if (JSON.stringify([...actual].sort()) !== JSON.stringify([...expected].sort()))
        wrong.push(`${from} → ${to}: ${actual.join(', ') || 'refused'}, expected ${expected.join(', ') || 'refused'}`);
    }
  }
  return wrong;
}

describe('the group-buy session lifecycle', () => {
  it('allows exactly the listed moves between its states', () => {
    expect(
      walk(SESSION, {
        [`${S.OPENING} → ${S.OPEN}`]: ['open'],
        [`${S.OPENING} → ${S.FAILED}`]: ['fail'],
        [`${S.OPENING} → ${S.CANCELLED}`]: ['cancel'],
        [`${S.OPEN} → ${S.SUCCEEDED}`]: ['succeed', 'autoFill'],
        [`${S.OPEN} → ${S.FAILED}`]: ['fail'],
      }),
    ).toEqual([]);
  });

  it('knows every state of the session', () => {
    expect([...SESSION.states].sort()).toEqual(Object.values(S).sort());
  });

  it('refuses a transition from any other state, naming the current one', () => {
    for (const [name, t] of Object.entries(SESSION.transitions) as [keyof typeof SESSION.transitions, (typeof SESSION.transitions)['open']][]) {
      for (const current of SESSION.states.filter((s) => !t.from.includes(s))) {
        expect(refusal(SESSION, name, current)).toBe(
          `The session is ${current.toUpperCase()}: it cannot ${name} (only from ${t.from.map((s) => s.toUpperCase()).join(' or ')})`,
        );
      }
    }
    expect(refusal(SESSION, 'succeed', S.OPEN)).toBe('The session is OPEN: it cannot succeed unless its paid seats reach its size');
  });

  it('guards success with the paid seats reaching the size, and failure with the deadline', () => {
    expect(SESSION.transitions.succeed.guard?.sql).toBe('s.paid >= s.size');
    expect(SESSION.transitions.fail.guard?.sql).toBe('s.expires_at <= now()');
    expect(SESSION.transitions.autoFill.guard?.sql).toMatch(/^s\.expires_at <= now\(\) and /);
  });

  it('after a counted payment: the leader opens the session, the size-th payment makes it succeed, others change nothing', () => {
    expect(afterPayment({ status: S.OPENING, paid: 1, size: 3 })).toEqual(['open']);
    expect(afterPayment({ status: S.OPEN, paid: 2, size: 3 })).toEqual([]);
    expect(afterPayment({ status: S.OPEN, paid: 3, size: 3 })).toEqual(['succeed']);
  });

  it('takes payments while opening or open and before the deadline', () => {
    for (const status of Object.values(S)) {
      expect(takesPayments({ status, expired: false })).toBe(status === S.OPENING || status === S.OPEN);
      expect(takesPayments({ status, expired: true })).toBe(false);
    }
  });
});

describe('the group-buy seat lifecycle', () => {
  it('allows exactly the listed moves between its states', () => {
    expect(
      walk(SEAT, {
        [`${M.RESERVED} → ${M.PAID}`]: ['pay'],
        [`${M.RESERVED} → ${M.CANCELLED}`]: ['cancel'],
        [`${M.RESERVED} → ${M.LATE_PAYMENT_REFUNDED}`]: ['payLate'],
        [`${M.CANCELLED} → ${M.LATE_PAYMENT_REFUNDED}`]: ['payLate'],
        [`${M.PAID} → ${M.REFUND_DUE}`]: ['owe'],
        [`${M.REFUND_DUE} → ${M.REFUNDED}`]: ['refund'],
      }),
    ).toEqual([]);
  });

  it('knows every state of the seat', () => {
    expect([...SEAT.states].sort()).toEqual(Object.values(M).sort());
  });

  it('refuses a transition from any other state, naming the current one', () => {
    for (const [name, t] of Object.entries(SEAT.transitions) as [keyof typeof SEAT.transitions, (typeof SEAT.transitions)['pay']][]) {
      for (const current of SEAT.states.filter((s) => !t.from.includes(s))) {
        expect(refusal(SEAT, name, current)).toBe(
          `The seat is ${current.toUpperCase()}: it cannot ${name} (only from ${t.from.map((s) => s.toUpperCase()).join(' or ')})`,
        );
      }
    }
  });

  it('leaves the open set whenever a seat stops being held or paid', () => {
    for (const name of ['cancel', 'owe', 'payLate'] as const) expect(SEAT.transitions[name].set?.active).toBe('false');
    expect(SEAT.transitions.pay.set?.active).toBeUndefined();
  });
});

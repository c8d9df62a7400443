import { machine, setStatus, whereAllowed } from '../../src/lib/state-machine';

type St = 'new' | 'live' | 'won' | 'lost';
const GAME = machine<St, 'start' | 'win' | 'lose'>({
  noun: 'game',
  states: ['new', 'live', 'won', 'lost'],
  alias: 'g',
  enumType: 'game_status',
  transitions: {
    start: { from: ['new'], to: 'live' },
    win: { from: ['live'], to: 'won', guard: { says: 'the score is reached', sql: 'g.score >= g.goal' } },
    lose: { from: ['new', 'live'], to: 'lost', guard: { says: 'time is up', sql: 'g.ends_at <= now()' }, set: { ended_at: 'now()' } },
  },
});

describe('the state-machine table', () => {
  it('makes one transition a plain conditional update', () => {
    expect(setStatus(GAME, ['lose'])).toBe(`status = 'lost'::game_status, ended_at = now()`);
    expect(whereAllowed(GAME, ['lose'])).toBe(`((g.status in ('new', 'live') and (g.ends_at <= now())))`);
  });

  it('gives each row the first transition that applies, for the status and every column set', () => {
    const live = `g.status in ('live') and (g.score >= g.goal)`;
    const lost = `g.status in ('new', 'live') and (g.ends_at <= now())`;
    expect(setStatus(GAME, ['win', 'lose'])).toBe(
      `status = (case when ${live} then 'won'::game_status when ${lost} then 'lost'::game_status else g.status end), ` +
        // A won row keeps its ended_at: win claims it before lose could set it.
        `ended_at = (case when ${live} then g.ended_at when ${lost} then now() else g.ended_at end)`,
    );
    expect(whereAllowed(GAME, ['win', 'lose'])).toBe(`((${live}) or (${lost}))`);
  });

  it('refuses a table with an unknown state, a move to the state it leaves, or a status column among its sets', () => {
    const base = { noun: 'game', states: ['new', 'live'] as St[], alias: 'g', enumType: 'game_status' };
    expect(() => machine({ ...base, transitions: { start: { from: ['new'], to: 'won' } } })).toThrow(/unknown state/);
    expect(() => machine({ ...base, transitions: { start: { from: ['live'], to: 'live' } } })).toThrow(/other states/);
    expect(() => machine({ ...base, transitions: { start: { from: ['new'], to: 'live', set: { status: "'x'" } } } })).toThrow(/cannot set/);
    expect(() => machine<string, never>({ ...base, states: ["new'"], transitions: {} })).toThrow(/plain name/);
  });
});

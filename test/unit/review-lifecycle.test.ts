import { refusal, setStatus, transitionsBetween, whereAllowed } from '../../src/lib/state-machine';
import { ReviewStatus as R } from '../../src/modules/reviews/entities';
import { REVIEW } from '../../src/modules/reviews/lifecycle';
import { ratingSummaryView } from '../../src/modules/reviews/views';

describe('the review lifecycle', () => {
  it('allows exactly the listed moves between its states', () => {
    const allowed: Record<string, string[]> = {
      [`${R.PUBLISHED} → ${R.HIDDEN}`]: ['hide'],
      [`${R.HIDDEN} → ${R.PUBLISHED}`]: ['unhide'],
    };
    const wrong: string[] = [];
    for (const from of REVIEW.states) {
      for (const to of REVIEW.states) {
        const expected = allowed[`${from} → ${to}`] ?? [];
        const actual = transitionsBetween(REVIEW, from, to);
        if (JSON.stringify(actual) !== JSON.stringify(expected))
          wrong.push(`${from} → ${to}: ${actual.join(', ') || 'refused'}, expected ${expected.join(', ') || 'refused'}`);
      }
    }
    expect(wrong).toEqual([]);
    expect([...REVIEW.states].sort()).toEqual(Object.values(R).sort());
  });

  it('refuses a transition from any other state, naming the current one', () => {
    expect(refusal(REVIEW, 'hide', R.HIDDEN)).toBe('The review is HIDDEN: it cannot hide (only from PUBLISHED)');
    expect(refusal(REVIEW, 'unhide', R.PUBLISHED)).toBe('The review is PUBLISHED: it cannot unhide (only from HIDDEN)');
    expect(refusal(REVIEW, 'hide', null)).toBe('No such review: it cannot hide');
  });

  it('moves in one conditional update that stamps the hide and clears it on the way back', () => {
    expect(whereAllowed(REVIEW, ['hide'])).toBe(`((r.status in ('published')))`);
    expect(setStatus(REVIEW, ['hide'])).toBe(`status = 'hidden'::review_status, hidden_at = now()`);
    expect(setStatus(REVIEW, ['unhide'])).toBe(`status = 'published'::review_status, hidden_reason = null, hidden_at = null`);
  });
});

describe('the rating summary as shown', () => {
  it('has no average without counted reviews, and always five star counts, five first', () => {
    expect(ratingSummaryView(null)).toEqual({
      count: 0,
      average: null,
      stars: [5, 4, 3, 2, 1].map((stars) => ({ stars, count: 0 })),
    });
  });

  it('averages the integer counts, rounded to 2 decimals', () => {
    const row = { product_id: 'p', one_star: 1, two_stars: 0, three_stars: 0, four_stars: 1, five_stars: 1 };
    expect(ratingSummaryView(row)).toMatchObject({ count: 3, average: 3.33 });
    expect(ratingSummaryView({ ...row, one_star: 0, four_stars: 1, five_stars: 1 })).toMatchObject({ count: 2, average: 4.5 });
    expect(ratingSummaryView({ ...row, one_star: 0, four_stars: 7, five_stars: 1 }).average).toBe(4.13);
  });
});

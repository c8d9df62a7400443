import { refusal, transitionsBetween } from '../../src/lib/state-machine';
import { ArticleStatus as A } from '../../src/modules/content/entities';
import { ARTICLE } from '../../src/modules/content/lifecycle';

describe('the article lifecycle', () => {
  it('allows exactly the listed moves between its states', () => {
    const allowed: Record<string, string[]> = {
      [`${A.DRAFT} → ${A.PUBLISHED}`]: ['publish'],
      [`${A.UNPUBLISHED} → ${A.PUBLISHED}`]: ['publish'],
      [`${A.PUBLISHED} → ${A.UNPUBLISHED}`]: ['unpublish'],
      [`${A.PUBLISHED} → ${A.HIDDEN}`]: ['hide'],
      [`${A.HIDDEN} → ${A.PUBLISHED}`]: ['unhide'],
    };
    const wrong: string[] = [];
    for (const from of ARTICLE.states) {
      for (const to of ARTICLE.states) {
        const expected = allowed[`${from} → ${to}`] ?? [];
        const actual = transitionsBetween(ARTICLE, from, to);
        if (JSON.stringify(actual) !== JSON.stringify(expected))
          wrong.push(`${from} → ${to}: ${actual.join(', ') || 'refused'}, expected ${expected.join(', ') || 'refused'}`);
      }
    }
    expect(wrong).toEqual([]);
    expect([...ARTICLE.states].sort()).toEqual(Object.values(A).sort());
  });

  it('refuses a transition from any other state, naming the current one', () => {
    for (const [name, t] of Object.entries(ARTICLE.transitions) as [keyof typeof ARTICLE.transitions, (typeof ARTICLE.transitions)['publish']][]) {
      for (const current of ARTICLE.states.filter((s) => !t.from.includes(s))) {
        expect(refusal(ARTICLE, name, current)).toBe(
          `The article is ${current.toUpperCase()}: it cannot ${name} (only from ${t.from.map((s) => s.toUpperCase()).join(' or ')})`,
        );
      }
    }
    expect(refusal(ARTICLE, 'publish', A.DRAFT)).toBe('The article is DRAFT: it cannot publish unless it has at least one block');
  });

  it('keeps the first publication time and clears the reason when unhidden', () => {
    expect(ARTICLE.transitions.publish.set).toEqual({ published_at: 'coalesce(a.published_at, now())' });
    expect(ARTICLE.transitions.unhide.set).toEqual({ hidden_reason: 'null', hidden_at: 'null' });
  });
});

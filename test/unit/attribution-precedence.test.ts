import { LineSourceKind, LineSourceReason } from '../../src/modules/attribution/entities';
import { decideLineSources, orderLink, type SourceCandidate } from '../../src/modules/attribution/precedence';

const card = (reason: SourceCandidate['reason'], products: string[], position: number): SourceCandidate => ({
  reason,
  kind: LineSourceKind.CONTENT_CARD,
  shareTokenId: `card-${position}`,
  sharerId: 'author',
  sharerName: 'Guide',
  productIds: new Set(products),
  card: { articleId: 'article', blockId: `block-${position}`, position, articleTitle: 'Teas' },
  touchedAt: '2026-12-06T00:00:00Z',
});
const shop: SourceCandidate = {
  reason: LineSourceReason.LAST_TOUCH,
  kind: LineSourceKind.SHOP_LINK,
  shareTokenId: 'shop-link',
  sharerId: 'owner',
  sharerName: 'Owner',
  productIds: null,
  card: null,
  touchedAt: '2026-12-05T00:00:00Z',
};
const lines = [
  { id: 'l1', productId: 'p1' },
  { id: 'l2', productId: 'p2' },
];
const decided = (candidates: SourceCandidate[], inviter: { id: string; name: string } | null = null, given: 'none' | 'valid' | 'invalid' = 'valid') =>
  decideLineSources(lines, candidates, inviter, 7, given).map((l) => [l.kind, l.reason, l.sharerId, l.reasonText]);

describe("the precedence of an order line's sources", () => {
  it('gives the token at checkout the lines it covers, and the others to the newest touch covering them', () => {
    expect(decided([card(LineSourceReason.TOKEN_AT_CHECKOUT, ['p1'], 2), shop])).toEqual([
      ['content_card', 'token_at_checkout', 'author', 'token given at checkout: article "Teas", card 2'],
      ['shop_link', 'last_touch', 'owner', 'not featured by the article "Teas", card 2 given at checkout; last touch within 7 days: shop link shared by Owner'],
    ]);
  });

  it('falls back to the bound inviter, then to nothing', () => {
    expect(decided([card(LineSourceReason.LAST_TOUCH, ['p2'], 1)], { id: 'mentor', name: 'Mentor' }, 'none')).toEqual([
      ['inviter', 'bound_inviter', 'mentor', "no share link within 7 days covers it: the buyer's bound inviter, Mentor"],
      ['content_card', 'last_touch', 'author', 'last touch within 7 days: article "Teas", card 1'],
    ]);
    expect(
      decided([], null, 'invalid').map(([kind, , , text]) => [kind, (text as string).startsWith('the token given at checkout attributes nothing')]),
    ).toEqual([
      ['none', true],
      ['none', true],
    ]);
  });

  it('gives the buy button the lines no link covers, before the bound inviter (who still earns: the line names no sharer)', () => {
    const button = { siteName: 'Tea blog', placement: 'sidebar' };
    const withButton = (candidates: SourceCandidate[], inviter: { id: string; name: string } | null) =>
      decideLineSources(lines, candidates, inviter, 7, 'valid', button).map((l) => [l.kind, l.reason, l.sharerId, l.reasonText]);
    expect(withButton([card(LineSourceReason.TOKEN_AT_CHECKOUT, ['p1'], 2)], { id: 'mentor', name: 'Mentor' })).toEqual([
      ['content_card', 'token_at_checkout', 'author', 'token given at checkout: article "Teas", card 2'],
      [
        'buy_button',
        'token_at_checkout',
        null,
        'not featured by the article "Teas", card 2 given at checkout; bought through the buy button on Tea blog/sidebar; the buyer\'s bound inviter, Mentor, earns on it',
      ],
    ]);
    // A touch covering every line leaves the button nothing.
    expect(withButton([shop], null).map(([kind]) => kind)).toEqual(['shop_link', 'shop_link']);
    expect(withButton([], null)[0]).toEqual(['buy_button', 'token_at_checkout', null, 'bought through the buy button on Tea blog/sidebar']);
  });

  it('gives the order as a whole to the first candidate covering one of its lines', () => {
    const other = card(LineSourceReason.TOKEN_AT_CHECKOUT, ['p9'], 3);
    expect(orderLink([other, shop], ['p1', 'p2'])).toBe(shop);
    expect(orderLink([other], ['p1'])).toBeNull();
  });
});

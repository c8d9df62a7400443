import { EntryPoint, LineSourceKind, LineSourceReason } from './entities';

/**
 * Which source an order line comes from — the precedence, written in this one place (the docs'
 * "Where a sale comes from" in members-shops-referrals.md says the same in words). For each line of
 * an order, the first of these that covers the line wins:
 *
 * 1. TOKEN_AT_CHECKOUT — the share token the storefront gives at checkout, when valid: a content
 *    card's link (its article published, the card still in it), or a shop or product link whose
 *    sharer is still a member. It also counts as a touch now.
 * 2. LAST_TOUCH — the buyer's most recent touch within the attribution window whose link is valid
 *    and covers the line (touches are looked at newest first).
 * 3. BOUND_INVITER — the buyer's bound inviter: the line has no share, commission goes up the
 *    inviter's chain.
 * 4. NO_SOURCE — none of these.
 *
 * What a link covers: a content card's link the lines of the products its card (or grid) features;
 * a shop or product link every line (the buyer came into the shop, or to the platform, through it).
 *
 * The order as a whole (order_attribution: its shop, whose prices apply, and its sharer) goes to
 * the first link in this order that covers at least one of its lines; the lines record their own.
 *
 * Sources to come plug in as candidates without changing the ranks: a live session's link (entry
 * LIVE, kind LIVE_SESSION) is given or touched like any link and covers the lines of its lineup; a
 * buy button (kind BUY_BUTTON: a storefront app and its placement label) is given at checkout, so it
 * ranks with TOKEN_AT_CHECKOUT — but it names no person, so it takes only the lines no link (given or
 * touched) covers, before rank 3 (`BuyButton` below). A candidate says what it covers (`productIds`, or null for all) and
 * how it is described; `decideLineSources` needs nothing else.
 *
 * A content author who is not a member (a KOL) still wins the lines of their cards — the funnel and
 * the explanations count them — but commission rules pay only members (earnings skips a level whose
 * account is not a member now).
 */

/** A source that may win lines, as the checkout read it, in precedence order (the token first, then touches newest first). */
export interface SourceCandidate {
  reason: LineSourceReason.TOKEN_AT_CHECKOUT | LineSourceReason.LAST_TOUCH;
  kind: LineSourceKind;
  shareTokenId: string;
  sharerId: string;
  /** The sharer's public name (a name they never chose shows masked). */
  sharerName: string;
  /** The products whose lines it covers; null: every line. */
  productIds: ReadonlySet<string> | null;
  card: { articleId: string; blockId: string; position: number; articleTitle: string } | null;
  touchedAt: string;
}

/** What a line's source is, as order_line_attribution records it. */
export interface LineSource {
  orderLineId: string;
  kind: LineSourceKind;
  reason: LineSourceReason;
  reasonText: string;
  shareTokenId: string | null;
  sharerId: string | null;
  articleId: string | null;
  blockId: string | null;
  cardPosition: number | null;
  articleTitle: string | null;
  touchedAt: string | null;
}

/** The kind of source a share link's entry point makes. */
export function kindOfEntry(entry: EntryPoint): LineSourceKind {
  switch (entry) {
    case EntryPoint.CONTENT:
      return LineSourceKind.CONTENT_CARD;
    case EntryPoint.SHOP:
      return LineSourceKind.SHOP_LINK;
    case EntryPoint.PRODUCT:
      return LineSourceKind.PRODUCT_LINK;
    case EntryPoint.LIVE:
      return LineSourceKind.LIVE_SESSION;
  }
}

export const covers = (candidate: SourceCandidate, productId: string): boolean => candidate.productIds === null || candidate.productIds.has(productId);

/**
 * The buy button the checkout came through (a site — storefront app — and the label it gave the
 * button): given at checkout, it names no person, so it wins only the lines that no share link,
 * given or touched, covers — before the bound inviter, whose chain still earns on them (earnings
 * start from the order's inviter when a line names no sharer).
 */
export interface BuyButton {
  siteName: string;
  placement: string;
}

/** A candidate in words: 'article "Spring teas", card 3', 'shop link shared by 小茶'. */
function what(c: SourceCandidate): string {
  if (c.card) return `article "${c.card.articleTitle}", card ${c.card.position}`;
  const link = c.kind === LineSourceKind.SHOP_LINK ? 'shop link' : c.kind === LineSourceKind.PRODUCT_LINK ? 'product link' : 'link';
  return `${link} shared by ${c.sharerName}`;
}

/** How the token given at checkout came to be passed over for a line. */
export type GivenToken = 'none' | 'valid' | 'invalid';

/**
 * Each line's source by the precedence above. `lines` in the order's order; `candidates` in
 * precedence order; `inviter` the buyer's bound inviter; `given` what became of the token given at
 * checkout, so a line another source won says why the token did not.
 */
export function decideLineSources(
  lines: readonly { id: string; productId: string }[],
  candidates: readonly SourceCandidate[],
  inviter: { id: string; name: string } | null,
  windowDays: number,
  given: GivenToken,
  buyButton: BuyButton | null = null,
): LineSource[] {
  const token = candidates.find((c) => c.reason === LineSourceReason.TOKEN_AT_CHECKOUT) ?? null;
  return lines.map((line) => {
    const won = candidates.find((c) => covers(c, line.productId));
    const passedOver =
      given === 'invalid'
        ? 'the token given at checkout attributes nothing (unknown, its card no longer published, or its sharer no longer a member); '
        : token && won !== token
          ? `not featured by the ${what(token)} given at checkout; `
          : '';
    if (won) {
      const how = won.reason === LineSourceReason.TOKEN_AT_CHECKOUT ? 'token given at checkout' : `last touch within ${windowDays} days`;
      return {
        orderLineId: line.id,
        kind: won.kind,
        reason: won.reason,
        reasonText: `${passedOver}${how}: ${what(won)}`,
        shareTokenId: won.shareTokenId,
        sharerId: won.sharerId,
        articleId: won.card?.articleId ?? null,
        blockId: won.card?.blockId ?? null,
        cardPosition: won.card?.position ?? null,
        articleTitle: won.card?.articleTitle ?? null,
        touchedAt: won.touchedAt,
      };
    }
    const none = { shareTokenId: null, articleId: null, blockId: null, cardPosition: null, articleTitle: null, touchedAt: null };
    if (buyButton) {
      return {
        ...none,
        orderLineId: line.id,
        kind: LineSourceKind.BUY_BUTTON,
        reason: LineSourceReason.TOKEN_AT_CHECKOUT,
        reasonText: `${passedOver}bought through the buy button on ${buyButton.siteName}/${buyButton.placement}${inviter ? `; the buyer's bound inviter, ${inviter.name}, earns on it` : ''}`,
        sharerId: null,
      };
    }
    if (inviter) {
      return {
        ...none,
        orderLineId: line.id,
        kind: LineSourceKind.INVITER,
        reason: LineSourceReason.BOUND_INVITER,
        reasonText: `${passedOver}no share link within ${windowDays} days covers it: the buyer's bound inviter, ${inviter.name}`,
        sharerId: inviter.id,
      };
    }
    return {
      ...none,
      orderLineId: line.id,
      kind: LineSourceKind.NONE,
      reason: LineSourceReason.NO_SOURCE,
      reasonText: `${passedOver}no share link within ${windowDays} days covers it and the buyer has no inviter`,
      sharerId: null,
    };
  });
}

/** The link the order as a whole goes to: the first in precedence order that covers one of its lines. */
export function orderLink(candidates: readonly SourceCandidate[], productIds: readonly string[]): SourceCandidate | null {
  return candidates.find((c) => productIds.some((p) => covers(c, p))) ?? null;
}

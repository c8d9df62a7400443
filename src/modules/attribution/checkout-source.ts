import type { Fen } from '../../lib/money';
import type { CheckoutSite } from '../orders/pricing';
import { q, sql, uuids, type StatementPart } from '../../lib/sql';
import { ACCOUNTS } from '../accounts/queries';
import { SKUS } from '../catalog/queries';
import { ATTRIBUTION_WINDOW_DAYS } from '../members/queries';
import { boundInviterSql } from '../referrals/queries';
import { shopCarryingSql, shopPricesSql } from '../shops/queries';
import { EntryPoint, LineSourceReason } from './entities';
import { decideLineSources, kindOfEntry, orderLink, type GivenToken, type SourceCandidate } from './precedence';
import { wellFormedToken } from './rules';

/**
 * Where a checkout's sale came from, read inside the checkout's one read statement and written in
 * its one write statement, by the precedence of precedence.ts: every candidate link (the token
 * given at checkout, the buyer's touches within the window) is read with what it covers, and each
 * line's winner is recorded in order_line_attribution, the order's in order_attribution with the buy
 * button's placement (the site is the order's storefront app; a buy button wins the lines no link
 * covers). An unknown
 * or lapsed token never fails a purchase. The shop: a shop link's shop; for a product link, or a
 * content card's, the sharer's shop when its selection carries the product (a card's: one of its
 * products) — its prices then apply (the shop-price step).
 */

/** How many of the buyer's most recently touched links within the window are candidates (each link once). */
export const MAX_TOUCHED_LINKS = 20;

/**
 * The content cards the checkout's source reads, as a relation of the content module (listed after
 * this one, so the composition root hands it in): (article_id, block_id, position, product_ids,
 * article_title) for the product cards and grids of published articles, position 1-based among them.
 */
export type ContentCardsRelation = string;

interface FoundLink {
  id: string;
  sharer_id: string;
  sharer_name: string;
  entry: EntryPoint;
  target_id: string;
  by_token: boolean;
  touched_at: string;
  product_ids: string[] | null;
  article_id: string | null;
  article_title: string | null;
  card_position: number | null;
  shop_id: string | null;
}

interface FoundSource {
  given: GivenToken;
  links: FoundLink[];
  order_product_ids: string[];
  inviter: { id: string; name: string } | null;
  window_days: number;
  shop_prices: Record<string, Fen>;
}

/** What the order records of its source as a whole (order_attribution). */
export interface AttributionDraft {
  shareTokenId: string | null;
  sharerId: string | null;
  entry: EntryPoint | null;
  targetId: string | null;
  /** The shop the order goes through: its prices apply, and it counts for the shop's customers and statistics. */
  shopId: string | null;
  inviterId: string | null;
  selfPurchase: boolean;
}

/** What the checkout learnt of the sale's source: what the order records, the shop's prices by product, and what decides each line. */
export interface CheckoutSource {
  draft: AttributionDraft;
  shopPrices?: Map<string, Fen>;
  /** The link of the token given at checkout, when it was valid: recorded as the buyer's touch. */
  touchedLinkId: string | null;
  candidates: SourceCandidate[];
  inviter: { id: string; name: string } | null;
  windowDays: number;
  given: GivenToken;
}

const NO_LINK = sql(
  'select null::uuid as id, null::uuid as sharer_id, null::entry_point as entry, null::uuid as target_id, null::uuid as article_id, true as by_token, null::timestamptz as touched_at where false',
);

/** The checkout's source, over the content cards relation the composition root gives (src/server/pricing.ts). */
export function checkoutSource(contentCards: ContentCardsRelation) {
  /** The source, as one JSON value of the checkout's read statement. */
  function sourceQuery(buyerId: string, token: string | null, skuIds: readonly string[]): StatementPart {
    const given =
      token && wellFormedToken(token)
        ? q`select t.id, t.sharer_id, t.entry, t.target_id, t.article_id, true as by_token, now() as touched_at from share_token t where t.token = ${token}`
        : NO_LINK;
    return {
      result: q`(with touched as (
                   select * from (select distinct on (t.id) t.id, t.sharer_id, t.entry, t.target_id, t.article_id, false as by_token, st.touched_at
                                    from share_touch st join share_token t on t.id = st.share_token_id
                                   where st.customer_id = ${buyerId} and st.touched_at > now() - make_interval(days => ${ATTRIBUTION_WINDOW_DAYS})
                                   order by t.id, st.touched_at desc) d
                    order by d.touched_at desc, d.id desc limit ${MAX_TOUCHED_LINKS}),
                 links as (
                   select l.id, l.sharer_id, a.public_name as sharer_name, l.entry, l.target_id, l.by_token, l.touched_at,
                          c.product_ids, c.article_id, c.article_title, c.position as card_position
                     from (${given} union all select * from touched) l
                     join ${sql(ACCOUNTS)} a on a.id = l.sharer_id
                     left join ${sql(contentCards)} c on c.article_id = l.article_id and c.block_id = l.target_id
                    -- A card's link is valid while its card is in a published article (its author need not be a member);
                    -- any other link while its sharer is a member.
                    where case when l.entry = 'content' then c.block_id is not null else a.role = 'member' end),
                 order_products as (select coalesce(array_agg(distinct k.product_id), '{}') as ids from ${sql(SKUS)} k where k.id = any(${uuids(skuIds)})),
                 ranked as (
                   select l.*, (l.product_ids is null or l.product_ids && (select ids from order_products)) as covers_order,
                          case l.entry when 'shop' then l.target_id
                                       when 'product' then ${shopCarryingSql(sql('l.sharer_id'), sql('l.target_id'))}
                                       when 'content' then (select x.id from unnest(l.product_ids) as p(id)
                                                              cross join lateral (select ${shopCarryingSql(sql('l.sharer_id'), sql('p.id'))} as id) x
                                                             where x.id is not null limit 1) end as shop_id
                     from links l),
                 order_link as (select * from ranked where covers_order order by by_token desc, touched_at desc, id desc limit 1)
               select json_build_object(
                 'given', ${token ? sql(`case when exists (select 1 from links where by_token) then 'valid' else 'invalid' end`) : sql(`'none'`)},
                 'links', (select coalesce(json_agg(r order by r.by_token desc, r.touched_at desc, r.id desc), '[]') from ranked r),
                 'order_product_ids', (select ids from order_products),
                 'inviter', (select json_build_object('id', i.id, 'name', i.public_name) from ${sql(ACCOUNTS)} i where i.id = ${boundInviterSql(buyerId)}),
                 'window_days', ${ATTRIBUTION_WINDOW_DAYS},
                 'shop_prices', ${shopPricesSql(sql('(select shop_id from order_link)'), skuIds)}))`,
    };
  }

  function readSource(found: unknown, buyerId: string): CheckoutSource {
    const f = found as FoundSource;
    const links = new Map(f.links.map((l) => [l, candidateOf(l)]));
    const candidates = [...links.values()];
    const won = orderLink(candidates, f.order_product_ids);
    const link = won ? f.links.find((l) => links.get(l) === won)! : null;
    const common = { candidates, inviter: f.inviter, windowDays: f.window_days, given: f.given };
    const touchedLinkId = f.links.find((l) => l.by_token)?.id ?? null;
    if (!link) {
      return {
        ...common,
        draft: { shareTokenId: null, sharerId: null, entry: null, targetId: null, shopId: null, inviterId: f.inviter?.id ?? null, selfPurchase: false },
        touchedLinkId,
      };
    }
    return {
      ...common,
      draft: {
        shareTokenId: link.id,
        sharerId: link.sharer_id,
        entry: link.entry,
        targetId: link.target_id,
        shopId: link.shop_id,
        inviterId: f.inviter?.id ?? null,
        selfPurchase: link.sharer_id === buyerId,
      },
      shopPrices: link.shop_id ? new Map(Object.entries(f.shop_prices)) : undefined,
      touchedLinkId,
    };
  }

  /**
   * The touch of the token given at checkout, the order's attribution and each line's: parts of the
   * checkout's write statement. None of them changes after.
   */
  function sourceParts(
    source: CheckoutSource,
    orderId: string,
    buyerId: string,
    lines: readonly { id: string; productId: string }[],
    site: CheckoutSite,
  ): StatementPart[] {
    const d = source.draft;
    const touch: StatementPart[] = source.touchedLinkId
      ? [
          {
            with: [
              [
                'source_touch',
                q`insert into share_touch (id, customer_id, share_token_id, touched_at) values (uuid_v7(), ${buyerId}, ${source.touchedLinkId}, now()) returning 1`,
              ],
            ],
            result: sql('null'),
          },
        ]
      : [];
    const buyButton = site.placement ? { siteName: site.name, placement: site.placement } : null;
    const decided = decideLineSources(lines, source.candidates, source.inviter, source.windowDays, source.given, buyButton);
    return [
      ...touch,
      {
        with: [
          [
            'source_recorded',
            q`insert into order_attribution (order_id, share_token_id, sharer_id, entry, target_id, shop_id, inviter_id, self_purchase, placement, created_at)
              values (${orderId}, ${d.shareTokenId}, ${d.sharerId}, ${d.entry}, ${d.targetId}, ${d.shopId}, ${d.inviterId}, ${d.selfPurchase}, ${site.placement}, now())
              returning 1`,
          ],
          [
            'source_lines',
            q`insert into order_line_attribution (order_line_id, order_id, kind, reason, reason_text, share_token_id, sharer_id, article_id, block_id,
                                                  card_position, article_title, touched_at)
              select l.order_line_id, ${orderId}, l.kind::line_source_kind, l.reason::line_source_reason, l.reason_text, l.share_token_id, l.sharer_id,
                     l.article_id, l.block_id, l.card_position, l.article_title, l.touched_at
                from json_to_recordset(${JSON.stringify(decided.map(lineRecord))}::json)
                  as l(order_line_id uuid, kind text, reason text, reason_text text, share_token_id uuid, sharer_id uuid, article_id uuid, block_id uuid,
                       card_position int, article_title text, touched_at timestamptz)
              returning 1`,
          ],
        ],
        result: sql('null'),
      },
    ];
  }

  return { sourceQuery, readSource, sourceParts };
}

function candidateOf(l: FoundLink): SourceCandidate {
  return {
    reason: l.by_token ? LineSourceReason.TOKEN_AT_CHECKOUT : LineSourceReason.LAST_TOUCH,
    kind: kindOfEntry(l.entry),
    shareTokenId: l.id,
    sharerId: l.sharer_id,
    sharerName: l.sharer_name,
    productIds: l.product_ids ? new Set(l.product_ids) : null,
    card:
      l.entry === EntryPoint.CONTENT && l.article_id
        ? { articleId: l.article_id, blockId: l.target_id, position: l.card_position!, articleTitle: l.article_title ?? '' }
        : null,
    touchedAt: l.touched_at,
  };
}

function lineRecord(s: ReturnType<typeof decideLineSources>[number]) {
  return {
    order_line_id: s.orderLineId,
    kind: s.kind,
    reason: s.reason,
    reason_text: s.reasonText,
    share_token_id: s.shareTokenId,
    sharer_id: s.sharerId,
    article_id: s.articleId,
    block_id: s.blockId,
    card_position: s.cardPosition,
    article_title: s.articleTitle,
    touched_at: s.touchedAt,
  };
}

import type { Fen } from '../../lib/money';
import { q, sql, type StatementPart } from '../../lib/sql';
import { ACCOUNTS } from '../accounts/queries';
import { ATTRIBUTION_WINDOW_DAYS } from '../members/queries';
import { boundInviterSql } from '../referrals/queries';
import { shopCarryingSql, shopPricesSql } from '../shops/queries';
import { EntryPoint } from './entities';
import { wellFormedToken } from './rules';
import type { AttributionDraft } from './service';

/**
 * Where a checkout's sale came from, read inside the checkout's one read statement and written in
 * its one write statement. The rules are attributeCheckout's (service.ts): the token given at
 * checkout counts when its sharer is still a member (and is recorded as a touch now); otherwise
 * the buyer's last touch within the window whose sharer is still a member. An unknown or lapsed
 * token never fails a purchase. The shop: a shop link's shop, or for a product link the sharer's
 * shop when its selection carries the product — its prices then apply (the shop-price step).
 */

interface FoundSource {
  link: { id: string; sharer_id: string; entry: EntryPoint; target_id: string; by_token: boolean } | null;
  shop_id: string | null;
  inviter_id: string | null;
  shop_prices: Record<string, Fen>;
}

/** What the checkout learnt of the sale's source: what the order records, and the shop's prices by product. */
export interface CheckoutSource {
  draft: AttributionDraft;
  shopPrices?: Map<string, Fen>;
  /** The link of the token given at checkout, when it was valid: recorded as the buyer's touch. */
  touchedLinkId: string | null;
}

/** The source, as one JSON value of the checkout's read statement. */
export function checkoutSourceQuery(buyerId: string, token: string | null, skuIds: readonly string[]): StatementPart {
  const byToken =
    token && wellFormedToken(token)
      ? q`select t.id, t.sharer_id, t.entry, t.target_id, true as by_token, null::timestamptz as touched_at, null::uuid as touch_id
            from share_token t join ${sql(ACCOUNTS)} a on a.id = t.sharer_id where t.token = ${token} and a.role = 'member'`
      : sql(
          'select null::uuid as id, null::uuid as sharer_id, null::entry_point as entry, null::uuid as target_id, true as by_token, null::timestamptz as touched_at, null::uuid as touch_id where false',
        );
  return {
    result: q`(with source_link as (
                 select * from (${byToken}) given
                 union all
                 (select t.id, t.sharer_id, t.entry, t.target_id, false, st.touched_at, st.id
                    from share_touch st join share_token t on t.id = st.share_token_id join ${sql(ACCOUNTS)} a on a.id = t.sharer_id
                   where st.customer_id = ${buyerId} and st.touched_at > now() - make_interval(days => ${ATTRIBUTION_WINDOW_DAYS}) and a.role = 'member'
                   order by st.touched_at desc, st.id desc limit 1)
                 order by by_token desc limit 1),
               source_shop as (
                 select case l.entry when 'shop' then l.target_id
                                     when 'product' then ${shopCarryingSql(sql('l.sharer_id'), sql('l.target_id'))} end as id
                   from source_link l)
               select json_build_object(
                 'link', (select json_build_object('id', id, 'sharer_id', sharer_id, 'entry', entry, 'target_id', target_id, 'by_token', by_token) from source_link),
                 'shop_id', (select id from source_shop),
                 'inviter_id', ${boundInviterSql(buyerId)},
                 'shop_prices', ${shopPricesSql(sql('(select id from source_shop)'), skuIds)}))`,
  };
}

export function readCheckoutSource(found: unknown, buyerId: string): CheckoutSource {
  const { link, shop_id: shopId, inviter_id: inviterId, shop_prices: prices } = found as FoundSource;
  if (!link) {
    return {
      draft: { shareTokenId: null, sharerId: null, entry: null, targetId: null, shopId: null, inviterId, selfPurchase: false },
      touchedLinkId: null,
    };
  }
  return {
    draft: {
      shareTokenId: link.id,
      sharerId: link.sharer_id,
      entry: link.entry,
      targetId: link.target_id,
      shopId,
      inviterId,
      selfPurchase: link.sharer_id === buyerId,
    },
    shopPrices: shopId ? new Map(Object.entries(prices)) : undefined,
    touchedLinkId: link.by_token ? link.id : null,
  };
}

/** The touch of the token given at checkout, and the order's attribution: parts of the checkout's write statement. Attribution never changes after. */
export function checkoutSourceParts(source: CheckoutSource, orderId: string, buyerId: string): StatementPart[] {
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
  return [
    ...touch,
    {
      with: [
        [
          'source_recorded',
          q`insert into order_attribution (order_id, share_token_id, sharer_id, entry, target_id, shop_id, inviter_id, self_purchase, created_at)
            values (${orderId}, ${d.shareTokenId}, ${d.sharerId}, ${d.entry}, ${d.targetId}, ${d.shopId}, ${d.inviterId}, ${d.selfPurchase}, now()) returning 1`,
        ],
      ],
      result: sql('null'),
    },
  ];
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { run } from '../../lib/sql';
import { ORDER_LINES } from '../orders/queries';
import type { LineSourceKind } from './entities';

/**
 * What other modules may read of the attribution tables: relations to join under an alias of their
 * own, and functions over ids. Their SQL never names an attribution table.
 */

/**
 * Each order line's source as frozen at checkout (order_line_attribution): (order_line_id, order_id,
 * kind, reason, reason_text, share_token_id, sharer_id, article_id, block_id, card_position,
 * article_title, touched_at). Earnings name the article and card in their explanations; the content
 * funnel counts orders and sales per card from it.
 */
export const LINE_SOURCES = `(select order_line_id, order_id, kind, reason, reason_text, share_token_id, sharer_id, article_id, block_id, card_position,
  article_title, touched_at from order_line_attribution)`;

export interface LineSourceRow {
  order_line_id: string;
  kind: LineSourceKind;
  share_token_id: string | null;
  sharer_id: string | null;
}

/** An order's lines' sources, by line, inside the caller's transaction (empty for orders placed before lines had one). */
export async function lineSourcesOf(em: EntityManager, orderId: string): Promise<Map<string, LineSourceRow>> {
  const found = await run<LineSourceRow>(em, 'select order_line_id, kind, share_token_id, sharer_id from order_line_attribution where order_id = ?', [orderId]);
  return new Map(found.map((r) => [r.order_line_id, r]));
}

/**
 * Each order's source as the operators' reports count it, for the orders the caller's `orderIds`
 * SQL selects (its `?` values come first): (order_id, kind, detail). An order counts under ONE
 * source — that of its line that paid the most (the first line on a tie) — so the figures of the
 * sources add up to the whole. `detail` names the source within its kind: a content card
 * "article id:block id", a live session its id, a buy button its placement ('' when none was given),
 * the bound inviter its referral level ("1": the buyer's direct inviter); '' for the others. An order
 * with no line sources (placed before lines had them) is absent: the caller counts it as direct.
 */
export function orderReportSources(orderIds: string): string {
  return `(select distinct on (la.order_id) la.order_id, la.kind::text as kind,
            case la.kind when 'content_card' then la.article_id::text || ':' || la.block_id::text
                         when 'live_session' then coalesce(st.target_id::text, '')
                         when 'buy_button' then coalesce(oa.placement, '')
                         when 'inviter' then '1' else '' end as detail
       from order_line_attribution la
       join ${ORDER_LINES} ol on ol.id = la.order_line_id
       left join share_token st on st.id = la.share_token_id
       left join order_attribution oa on oa.order_id = la.order_id
      where la.order_id in (${orderIds})
      order by la.order_id, ol.total desc, la.order_line_id)`;
}

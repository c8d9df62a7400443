import type { EntityManager } from '@mikro-orm/postgresql';
import { run } from '../../lib/sql';
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

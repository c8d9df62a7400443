import { toGlobalId } from '../../lib/ids';
import { EntryPoint } from './entities';
import { fromEntryPoint, ShareEntry } from './entry';
import type { LineSourceViewRow, OrderAttributionRow } from './reads';
import type { ShareLinkRow } from './service';
import type { OrderAttributionType, OrderLineSourceType, ShareLink } from './types';

/** A content card's target is its block in the article (ArticleBlock.id). */
const targetType = (entry: string) => (entry === EntryPoint.SHOP ? 'Shop' : entry === EntryPoint.CONTENT ? 'ArticleBlock' : 'Product');

export function shareLinkView(row: ShareLinkRow): ShareLink {
  return {
    dbId: row.id,
    sharerDbId: row.sharer_id,
    targetDbId: row.target_id,
    token: row.token,
    entry: fromEntryPoint(row.entry) as ShareEntry,
    targetId: toGlobalId(targetType(row.entry), row.target_id),
    createdAt: new Date(row.created_at),
  };
}

export function orderAttributionView(row: OrderAttributionRow): OrderAttributionType {
  return {
    shopDbId: row.shop_id,
    entry: fromEntryPoint(row.entry),
    targetId: row.entry && row.target_id ? toGlobalId(targetType(row.entry), row.target_id) : null,
    sharer: row.sharer_id ? { id: toGlobalId('Account', row.sharer_id), displayName: row.sharer_name ?? '' } : null,
    inviter: row.inviter_id ? { id: toGlobalId('Account', row.inviter_id), displayName: row.inviter_name ?? '' } : null,
    selfPurchase: row.self_purchase,
    site: row.site_id ? { id: toGlobalId('StorefrontApp', row.site_id), name: row.site_name ?? '' } : null,
    placement: row.placement,
    attributedAt: new Date(row.created_at),
  };
}

export function lineSourceView(row: LineSourceViewRow): OrderLineSourceType {
  return {
    articleDbId: row.article_id,
    kind: row.kind,
    reason: row.reason,
    reasonText: row.reason_text,
    sharerName: row.sharer_name,
    articleTitle: row.article_title,
    cardId: row.block_id && toGlobalId('ArticleBlock', row.block_id),
    cardPosition: row.card_position,
    touchedAt: row.touched_at == null ? null : new Date(row.touched_at),
    placement: row.placement,
  };
}

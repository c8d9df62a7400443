import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { one, rows } from '../../lib/sql';
import { ACCOUNTS } from '../accounts/queries';
import { ORDERS } from '../orders/queries';
import { STOREFRONT_APPS } from '../storefronts/queries';
import type { Timestamp } from '../catalog/reads';
import type { RequestContext } from '../../lib/request-context';
import type { LineSourceKind, LineSourceReason } from './entities';

export interface OrderAttributionRow {
  order_id: string;
  entry: string | null;
  target_id: string | null;
  shop_id: string | null;
  sharer_id: string | null;
  sharer_name: string | null;
  inviter_id: string | null;
  inviter_name: string | null;
  self_purchase: boolean;
  placement: string | null;
  site_id: string | null;
  site_name: string | null;
  created_at: Timestamp;
}

/** An order line's source as frozen at checkout, with the public name of whom it is attributed to. */
export interface LineSourceViewRow {
  order_line_id: string;
  kind: LineSourceKind;
  reason: LineSourceReason;
  reason_text: string;
  sharer_name: string | null;
  article_id: string | null;
  article_title: string | null;
  block_id: string | null;
  card_position: number | null;
  touched_at: Timestamp | null;
  placement: string | null;
}

/** Orders' attributions, batched per request: a page of orders costs one statement. */
export class AttributionLoaders {
  constructor(private readonly em: EntityManager) {}

  readonly byOrder = new DataLoader<string, OrderAttributionRow | null>(async (orderIds) => {
    const knex = this.em.getKnex();
    const found = await rows<OrderAttributionRow>(
      this.em,
      knex('order_attribution as oa')
        .leftJoin(knex.raw(`${ACCOUNTS} as s`), 's.id', 'oa.sharer_id')
        .leftJoin(knex.raw(`${ACCOUNTS} as i`), 'i.id', 'oa.inviter_id')
        .leftJoin(knex.raw(`${ORDERS} as o`), 'o.id', 'oa.order_id')
        .leftJoin(knex.raw(`${STOREFRONT_APPS} as site`), 'site.id', 'o.storefront_app_id')
        .select(
          'oa.order_id',
          'oa.entry',
          'oa.target_id',
          'oa.shop_id',
          'oa.sharer_id',
          's.display_name as sharer_name',
          'oa.inviter_id',
          'i.display_name as inviter_name',
          'oa.self_purchase',
          'oa.placement',
          'site.id as site_id',
          'site.name as site_name',
          'oa.created_at',
        )
        .whereIn('oa.order_id', orderIds as string[]),
    );
    const byId = new Map(found.map((r) => [r.order_id, r]));
    return orderIds.map((id) => byId.get(id) ?? null);
  });

  /** Order lines' sources: the lines of a page of orders cost one statement. */
  readonly byLine = new DataLoader<string, LineSourceViewRow | null>(async (lineIds) => {
    const knex = this.em.getKnex();
    const found = await rows<LineSourceViewRow>(
      this.em,
      knex('order_line_attribution as la')
        .leftJoin(knex.raw(`${ACCOUNTS} as s`), 's.id', 'la.sharer_id')
        .leftJoin('order_attribution as oa', 'oa.order_id', 'la.order_id')
        .select(
          'la.order_line_id',
          'la.kind',
          'la.reason',
          'la.reason_text',
          's.public_name as sharer_name',
          'la.article_id',
          'la.article_title',
          'la.block_id',
          'la.card_position',
          'la.touched_at',
          'oa.placement',
        )
        .whereIn('la.order_line_id', lineIds as string[]),
    );
    const byId = new Map(found.map((r) => [r.order_line_id, r]));
    return lineIds.map((id) => byId.get(id) ?? null);
  });
}

/** One set per request (`ctx.use`): a DataLoader's cache must not outlive the request. */
export const attributionLoaders = (ctx: RequestContext): AttributionLoaders => new AttributionLoaders(ctx.em);

/** An order's frozen attribution for earnings, inside the caller's transaction; null when none was recorded. */
export async function orderAttribution(
  em: EntityManager,
  orderId: string,
): Promise<{ sharer_id: string | null; inviter_id: string | null; shop_id: string | null; entry: string | null; self_purchase: boolean } | null> {
  return one(em, 'select sharer_id, inviter_id, shop_id, entry, self_purchase from order_attribution where order_id = ?', [orderId]);
}

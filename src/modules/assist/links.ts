import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { uuidv7 } from '../../lib/ids';
import { one, run } from '../../lib/sql';
import { ORDER_LINES, ORDERS } from '../orders/queries';
import type { OrderHooks } from '../orders/hooks';
import { sharingGamesOf } from '../storefronts/queries';
import { endLinkOfOrder } from './lifecycle';

/**
 * An order paid holding a product of a running assist campaign (on the order's storefront app,
 * whose sharing games are on) gets its buyer an assist link, in the payment's own transaction:
 * one per order (unique), within the campaign's links per customer (a conditional upsert). The
 * oldest matching campaign wins when several do.
 */
async function giveLink(tx: EntityManager, orderId: string): Promise<void> {
  const c = await one<{
    id: string;
    helpers_needed: number;
    time_limit_seconds: number;
    links_per_customer: number;
    customer_id: string;
    storefront_app_id: string;
  }>(
    tx,
    `select c.id, c.helpers_needed, c.time_limit_seconds, c.links_per_customer, o.customer_id, o.storefront_app_id
       from ${ORDERS} o join ${ORDER_LINES} l on l.order_id = o.id join assist_campaign c on c.product_id = l.product_id
      where o.id = ? and o.total > 0 and c.status = 'active' and c.starts_at <= now() and c.ends_at > now()
        and (cardinality(c.storefront_app_ids) = 0 or o.storefront_app_id::text = any(c.storefront_app_ids))
      order by c.created_at, c.id limit 1`,
    [orderId],
  );
  if (!c || !(await sharingGamesOf(tx, c.storefront_app_id)).on) return;
  if (await one(tx, 'select 1 from assist_link where order_id = ?', [orderId])) return;
  const counted = await one(
    tx,
    `insert into assist_usage (campaign_id, customer_id, links) values (?, ?, 1)
       on conflict (campaign_id, customer_id) do update set links = assist_usage.links + 1 where assist_usage.links < ? returning links`,
    [c.id, c.customer_id, c.links_per_customer],
  );
  if (!counted) return;
  await run(
    tx,
    `insert into assist_link (id, campaign_id, order_id, buyer_id, share_token, helpers_needed, assists_count, status, expires_at, created_at)
     values (?, ?, ?, ?, ?, ?, 0, 'open', now() + make_interval(secs => ?), now())`,
    [uuidv7(), c.id, orderId, c.customer_id, randomBytes(16).toString('base64url'), c.helpers_needed, c.time_limit_seconds],
  );
}

/** The assist link follows its order (declared in the manifest, index.ts). */
export const assistOrderHooks: OrderHooks = {
  async paid(tx, orderId) {
    await giveLink(tx, orderId);
  },
  async cancelled(tx, orderId) {
    await endLinkOfOrder(tx, orderId);
  },
  // Money went back on the order (an operator's refund, an after-sale request): an open link ends.
  // The link's own refund finds it COMPLETED and leaves it to the refunder, which marks it REFUNDED.
  async refunded(tx, orderId) {
    await endLinkOfOrder(tx, orderId);
  },
};

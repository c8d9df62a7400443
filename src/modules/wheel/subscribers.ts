import type { OrderEventSubscriber } from '../orders/events';
import { ORDERS } from '../orders/queries';
import { one, run } from '../../lib/sql';
import { operatorDay } from '../coupons/queries';
import { earnChance, type PlayableWheel } from './chances';

/**
 * `order.paid`: the buyer earns one chance on every running wheel of the order's storefront app that
 * gives chances for orders, within its daily cap. Idempotent by order id (wheel_order_credit's
 * primary key), as delivery is at least once; an order past the cap earns nothing, and a replay
 * nothing again.
 */
export const earnWheelChanceForPaidOrder: OrderEventSubscriber = async (event, em) => {
  await em.transactional(async (tx) => {
    const order = await one<{ customer_id: string | null; storefront_app_id: string }>(
      tx,
      `select customer_id, storefront_app_id from ${ORDERS} o where id = ?`,
      [event.orderId],
    );
    if (!order?.customer_id) return;
    const campaigns = await run<PlayableWheel>(
      tx,
      `select id, seed, daily_chances, sign_in_chances, order_chances_per_day, share_chances_per_day from wheel_campaign
        where status = 'running' and starts_at <= now() and ends_at > now() and order_chances_per_day > 0
          and (cardinality(storefront_app_ids) = 0 or ? = any(storefront_app_ids)) order by id`,
      [order.storefront_app_id],
    );
    if (campaigns.length === 0) return;
    const day = await operatorDay(tx);
    for (const campaign of campaigns) {
      const credited = await one(
        tx,
        'insert into wheel_order_credit (campaign_id, order_id, created_at) values (?, ?, now()) on conflict do nothing returning order_id',
        [campaign.id, event.orderId],
      );
      if (credited) await earnChance(tx, campaign, order.customer_id, day, 'orders');
    }
  });
};

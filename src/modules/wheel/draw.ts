import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { fairChoice } from '../../lib/fair-draw';
import { idempotent } from '../../lib/idempotency';
import { one, run } from '../../lib/sql';
import { issueCoupon } from '../coupons/issuing';
import { operatorDay, rewardTemplate } from '../coupons/queries';
import { playableWheel, takeChance } from './chances';

interface PrizeSlot {
  id: string;
  slot: number;
  weight: number;
  template_id: string | null;
}

/**
 * One draw of the wheel, in one transaction: a chance is taken (conditional update), the draw id is
 * a fresh UUID, the slot is fairChoice(seed, draw id, weights in slot order). A prize slot takes one
 * of its stock by a conditional update (`awarded < stock`) and issues its coupon in the same
 * transaction; when the stock is gone (or the coupon cannot be issued) the draw falls to slot 0,
 * no prize — the record keeps both the slot drawn and the slot awarded, so the recompute shows
 * either. With an idempotency key, a replay answers the same draw. Returns the draw's id.
 */
export async function drawWheel(em: EntityManager, customerId: string, campaignId: string | null, appId: string | null, key?: string | null): Promise<string> {
  return idempotent(em, { operation: 'draw-wheel', callerId: customerId, key, input: { campaignId } }, async (tx) => {
    const campaign = await playableWheel(tx, campaignId, appId);
    const day = await operatorDay(tx);
    await takeChance(tx, campaign, customerId, day);
    const prizes = await run<PrizeSlot>(tx, 'select id, slot, weight, template_id from wheel_prize where campaign_id = ? order by slot', [campaign.id]);
    const drawId = randomUUID();
    const slotDrawn = fairChoice(
      campaign.seed,
      drawId,
      prizes.map((p) => p.weight),
    );
    const drawn = prizes[slotDrawn];
    let awarded = prizes[0];
    let couponId: string | null = null;
    if (drawn.template_id) {
      await run(tx, 'savepoint wheel_award');
      try {
        const taken = await one(tx, 'update wheel_prize set awarded = awarded + 1 where id = ? and awarded < stock returning id', [drawn.id]);
        const template = taken ? await rewardTemplate(tx, drawn.template_id) : null;
        if (template) {
          couponId = await issueCoupon(tx, template, customerId);
          awarded = drawn;
        }
        await run(tx, 'release savepoint wheel_award');
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        await run(tx, 'rollback to savepoint wheel_award');
        couponId = null;
      }
    }
    await run(
      tx,
      'insert into wheel_draw (id, campaign_id, customer_id, slot_drawn, slot_awarded, prize_id, coupon_id, created_at) values (?, ?, ?, ?, ?, ?, ?, now())',
      [drawId, campaign.id, customerId, slotDrawn, awarded.slot, awarded.id, couponId],
    );
    return drawId;
  });
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { run } from '../../lib/sql';
import { isFullyRefunded } from '../orders/queries';

/**
 * A coupon follows its order through the order's events. Each step is a conditional update keyed on
 * the order and the coupon's expected status, so a repeated event changes nothing, and an event of
 * an old order never touches a coupon since locked by another.
 */
export class CouponRedemption {
  constructor(private readonly em: EntityManager) {}

  /** The order was paid: its locked coupon is used. */
  async use(orderId: string): Promise<number> {
    return this.changed(`update coupon set status = 'used', used_at = now() where order_id = ? and status = 'locked' returning id`, [orderId]);
  }

  /**
   * The order was cancelled or refunded in full: its coupon comes back, or expires if its validity
   * has passed, or is REVOKED if it was taken back meanwhile (`revoked_at`: takeBackCoupons sets it
   * for a full-reduction gift or a membership gift taken back).
   */
  async giveBack(orderId: string): Promise<number> {
    return this.changed(
      `update coupon set status = (case when revoked_at is not null then 'revoked'
                                      when valid_until <= now() then 'expired' else 'available' end)::coupon_status, order_id = null, locked_at = null, used_at = null
        where order_id = ? and status in ('locked', 'used') returning id`,
      [orderId],
    );
  }

  /** After a refund: the coupon comes back only once the whole order has been refunded. */
  async giveBackIfFullyRefunded(orderId: string): Promise<number> {
    return (await isFullyRefunded(this.em, orderId)) ? this.giveBack(orderId) : 0;
  }

  /** Available coupons whose validity has passed become EXPIRED, in batches (the periodic sweep). */
  async expireDue(batch = 1000): Promise<number> {
    return this.changed(
      `update coupon set status = 'expired' where id in (select id from coupon where status = 'available' and valid_until <= now() order by valid_until limit ? for update skip locked) returning id`,
      [batch],
    );
  }

  private async changed(sql: string, params: unknown[]): Promise<number> {
    return (await run(this.em, sql, params)).length;
  }
}

import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { issueCoupon, takeBackCoupons } from '../coupons/issuing';
import { rewardTemplate } from '../coupons/queries';
import { ORDERS } from '../orders/queries';

/**
 * The full-reduction gift coupon follows its order. Paid: issued once (the order's row is locked and
 * remembers the coupon). Cancelled or refunded in full: taken back once — REVOKED if the buyer has
 * not used it; a gift already spent stays spent. A sold-out or ended gift template gives nothing.
 */
export async function issueGift(em: EntityManager, orderId: string): Promise<string | null> {
  return em.transactional(async (tx) => {
    const conn = tx.getConnection();
    const ctx = tx.getTransactionContext<Knex.Transaction>();
    const [row] = await conn.execute<{ gift_template_id: string; customer_id: string }[]>(
      `select f.gift_template_id, o.customer_id from full_reduction_order f join ${ORDERS} o on o.id = f.order_id
        where f.order_id = ? and f.gift_template_id is not null and f.gift_coupon_id is null and f.gift_taken_back_at is null for update of f`,
      [orderId],
      'all',
      ctx,
    );
    if (!row) return null;
    const template = await rewardTemplate(tx, row.gift_template_id);
    if (!template) return null;
    await conn.execute('savepoint gift', [], 'run', ctx);
    try {
      const couponId = await issueCoupon(tx, template, row.customer_id);
      await conn.execute('update full_reduction_order set gift_coupon_id = ? where order_id = ?', [couponId, orderId], 'run', ctx);
      return couponId;
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      await conn.execute('rollback to savepoint gift', [], 'run', ctx);
      return null;
    }
  });
}

/** The order is cancelled or refunded in full: its gift is taken back once (see takeBackCoupons: a gift locked by an unpaid order does not come back if that order is cancelled). */
export async function takeBackGift(em: EntityManager, orderId: string): Promise<number> {
  return em.transactional(async (tx) => {
    const [row] = await tx
      .getConnection()
      .execute<{ gift_coupon_id: string | null }[]>(
        'update full_reduction_order set gift_taken_back_at = now() where order_id = ? and gift_taken_back_at is null returning gift_coupon_id',
        [orderId],
        'all',
        tx.getTransactionContext(),
      );
    return row?.gift_coupon_id ? takeBackCoupons(tx, 'id', row.gift_coupon_id) : 0;
  });
}

/** The order that had the buyer's new-customer prices was cancelled: they are the buyer's again. */
export async function releaseNewCustomerPrice(em: EntityManager, orderId: string): Promise<void> {
  await em.getConnection().execute('delete from new_customer_redemption where order_id = ?', [orderId]);
}

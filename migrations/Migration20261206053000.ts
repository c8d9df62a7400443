import { Migration } from '@mikro-orm/migrations';

/**
 * Full-reduction gifts taken back before coupons remembered it (`coupon.revoked_at` came after
 * `full_reduction_order.gift_taken_back_at`) get their `revoked_at` from the gift's take-back, so a
 * coupon given back by a cancelled or refunded order looks at its own row only (coupons/redemption.ts)
 * and no longer at the promotions' table. Since `revoked_at` exists, taking a gift back sets both in
 * one transaction (promotions/gifts.ts through coupons' takeBackCoupons).
 */
export const BACKFILL_GIFT_REVOCATIONS = `update coupon c set revoked_at = f.gift_taken_back_at
  from full_reduction_order f
 where f.gift_coupon_id = c.id and f.gift_taken_back_at is not null and c.revoked_at is null`;

export class Migration20261206053000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(BACKFILL_GIFT_REVOCATIONS);
  }

  override async down(): Promise<void> {
    // Nothing to undo: the older code reads the same answer from either column.
  }
}

import type { AccountRegisteredHook } from '../accounts/hooks';
import type { MembershipEndedHook, MembershipOpenedHook } from '../members/hooks';
import { registrationInviterId } from '../referrals/queries';
import { CouponDistribution } from './entities';
import { issueByDistribution, takeBackCoupons } from './issuing';

/**
 * On registration, in its transaction: the new customer gets one coupon of every running
 * NEW_CUSTOMER template, and the inviter whose code they registered with gets one of every running
 * INVITE_REWARD template ("enter my code, I get ¥50"). Likewise, a membership opening (bought,
 * granted or approved) gives its member one coupon of every running MEMBERSHIP_GIFT template, taken
 * back if the order that bought the membership is cancelled or refunded.
 * Sold-out or ended templates are skipped, so neither ever fails for a coupon. Hooked in by the
 * manifest (index.ts).
 */
export const giveWelcomeCoupons: AccountRegisteredHook = async (tx, accountId) => {
  await issueByDistribution(tx, CouponDistribution.NEW_CUSTOMER, accountId);
  const inviterId = await registrationInviterId(tx, accountId);
  if (inviterId) await issueByDistribution(tx, CouponDistribution.INVITE_REWARD, inviterId);
};

export const giveMembershipGiftCoupons: MembershipOpenedHook = async (tx, accountId, membershipId) => {
  await issueByDistribution(tx, CouponDistribution.MEMBERSHIP_GIFT, accountId, membershipId);
};

/** A membership ended because its order was cancelled or refunded: its gift coupons are taken back (see takeBackCoupons). */
export const takeBackMembershipGiftCoupons: MembershipEndedHook = async (tx, _accountId, membershipId) => {
  await takeBackCoupons(tx, 'membership_id', membershipId);
};

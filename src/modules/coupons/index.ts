import type { ModuleManifest } from '../manifest';
import { Coupon, CouponClaimCount, CouponTemplate, PromotionSettings, SharePack, SharePackCampaign, SharePackClaim, SignIn, SignInReward } from './entities';
import { registerCouponJobs } from './jobs';
import { CouponOptionResolver, CouponResolver, CouponTemplateResolver, OrderCouponResolver, couponNode, couponTemplateNode } from './resolver';
import { SharePackCampaignResolver, SharePackResolver, sharePackCampaignNode } from './share-pack-resolver';
import { SignInResolver, SignInRewardResolver } from './sign-in-resolver';
import { giveBackCouponOfCancelledOrder, giveBackCouponOfRefundedOrder, useCouponOfPaidOrder } from './subscribers';
import { giveMembershipGiftCoupons, giveWelcomeCoupons, takeBackMembershipGiftCoupons } from './welcome-gifts';

/** Coupon templates and coupons (claimed, issued, used at checkout), sign-in rewards and share packs. */
export const couponsModule: ModuleManifest = {
  name: 'coupons',
  entities: [CouponTemplate, CouponClaimCount, Coupon, PromotionSettings, SignIn, SignInReward, SharePackCampaign, SharePack, SharePackClaim],
  resolvers: [
    CouponTemplateResolver,
    CouponResolver,
    CouponOptionResolver,
    OrderCouponResolver,
    SignInResolver,
    SignInRewardResolver,
    SharePackCampaignResolver,
    SharePackResolver,
  ],
  nodeTypes: { CouponTemplate: couponTemplateNode, Coupon: couponNode, SharePackCampaign: sharePackCampaignNode },
  orderEventSubscribers: [
    { event: 'order.paid', handler: useCouponOfPaidOrder },
    { event: 'order.cancelled', handler: giveBackCouponOfCancelledOrder },
    { event: 'order.refunded', handler: giveBackCouponOfRefundedOrder },
  ],
  accountRegistered: giveWelcomeCoupons,
  membershipOpened: giveMembershipGiftCoupons,
  membershipEndedForOrder: takeBackMembershipGiftCoupons,
  jobs: ({ queue, fork }) => registerCouponJobs(queue, fork),
};

import { IdempotencyRecord } from '../lib/idempotency';
import { Account, AccountSession, RefreshToken } from '../modules/accounts/entities';
import { Category, Product, ProductImage, Sku, StockMovement } from '../modules/catalog/entities';
import { Cart, CartLine, Order, OrderEvent, OrderLine, OrderSettings } from '../modules/orders/entities';
import { AfterSaleRequest, Payment, Refund, RefundLine } from '../modules/payments/entities';
import { StorefrontApp } from '../modules/storefronts/entities';
import { Membership, MembershipApplication, MembershipPlan, MemberProgramSettings } from '../modules/members/entities';
import { InviteCode, ReferralBinding, ReferralPath } from '../modules/referrals/entities';
import { Shop, ShopProduct, ShopVisitDay } from '../modules/shops/entities';
import { OrderAttribution, ShareToken, ShareTouch } from '../modules/attribution/entities';
import { CommissionOverride, CommissionRuleVersion, EarningEntry, EarningOrder, EarningRefund, MemberBalance, Withdrawal } from '../modules/earnings/entities';
import { Bargain, BargainCampaign, BargainCut, BargainUsage } from '../modules/bargain/entities';
import { GroupBuyCampaign, GroupBuyCampaignSku, GroupBuyMember, GroupBuySession, GroupBuyUsage, GroupBuyNewCustomerClaim } from '../modules/groupbuy/entities';
import { Coupon, CouponClaimCount, CouponTemplate, PromotionSettings, SharePack, SharePackCampaign, SharePackClaim, SignIn, SignInReward } from '../modules/coupons/entities';
import { Discount, FlashSale, FlashSaleCustomer, FlashSalePurchase, FlashSlot, FullReduction, FullReductionOrder, NewCustomerPrice, NewCustomerRedemption, PriceCampaignOrder } from '../modules/promotions/entities';

/** Every MikroORM entity of every module; the migrations are generated from these. */
export const entities = [IdempotencyRecord, StorefrontApp, Account, AccountSession, RefreshToken, Category, Product, ProductImage, Sku, StockMovement, Cart, CartLine, Order, OrderLine, OrderEvent, OrderSettings, Payment, Refund, RefundLine, AfterSaleRequest,
  MemberProgramSettings, MembershipPlan, Membership, MembershipApplication, InviteCode, ReferralBinding, ReferralPath,
  Shop, ShopProduct, ShopVisitDay, ShareToken, ShareTouch, OrderAttribution,
  CommissionRuleVersion, CommissionOverride, EarningOrder, EarningRefund, EarningEntry, MemberBalance, Withdrawal,
  GroupBuyCampaign, GroupBuyCampaignSku, GroupBuySession, GroupBuyMember, GroupBuyUsage, GroupBuyNewCustomerClaim,
  BargainCampaign, Bargain, BargainCut, BargainUsage,
  CouponTemplate, CouponClaimCount, Coupon, PromotionSettings, SignIn, SignInReward, SharePackCampaign, SharePack, SharePackClaim, FlashSlot, FlashSale, FlashSaleCustomer, FlashSalePurchase,
  Discount, FullReduction, FullReductionOrder, NewCustomerPrice, NewCustomerRedemption, PriceCampaignOrder,
];

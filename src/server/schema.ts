import { buildSchema, getMetadataStorage } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { authChecker } from './auth';
import { NodeResolver } from './node';
import { AccountResolver } from '../modules/accounts/resolver';
import { OrderAttributionResolver, OrderAttributionShopResolver, ShareLinkResolver } from '../modules/attribution/resolver';
import { CategoryResolver, ProductResolver, SkuResolver, StockMovementResolver } from '../modules/catalog/resolver';
import { CartLineResolver, CartResolver, OrderResolver } from '../modules/orders/resolver';
import { AccountMembershipResolver, MemberProgramResolver, MembershipApplicationResolver, MembershipPlanResolver, MembershipResolver } from '../modules/members/resolver';
import { CommissionSettingsResolver, EarningsOperatorResolver, MyEarningsResolver, WithdrawalResolver } from '../modules/earnings/resolver';
import { CouponOptionResolver, CouponResolver, CouponTemplateResolver, OrderCouponResolver } from '../modules/coupons/resolver';
import { SignInResolver, SignInRewardResolver } from '../modules/coupons/sign-in-resolver';
import { SharePackCampaignResolver, SharePackResolver } from '../modules/coupons/share-pack-resolver';
import { PreviewLineResolver, PricePreviewResolver } from '../modules/promotions/resolver';
import { FlashSaleResolver, FlashSlotResolver } from '../modules/promotions/flash-resolver';
import { DiscountResolver, FullReductionResolver, FullReductionTierResolver, NewCustomerPriceResolver } from '../modules/promotions/campaign-resolver';
import { AfterSaleResolver, OrderPaymentsResolver, PaymentResolver } from '../modules/payments/resolver';
import { AccountInviterResolver, ReferralResolver, TeamResolver } from '../modules/referrals/resolver';
import { MyShopResolver, ShopOrderResolver, ShopResolver } from '../modules/shops/resolver';
import { StorefrontAppResolver } from '../modules/storefronts/resolver';
import { GroupBuyCampaignResolver, GroupBuySessionResolver } from '../modules/groupbuy/resolver';
import { BargainCampaignResolver, BargainResolver } from '../modules/bargain/resolver';
import { pgPubSub } from '../lib/pg-pubsub';

export const resolvers = [NodeResolver, AccountResolver, StorefrontAppResolver, ProductResolver, SkuResolver, StockMovementResolver, CategoryResolver, CartResolver, CartLineResolver, OrderResolver, OrderPaymentsResolver, PaymentResolver, AfterSaleResolver,
  MemberProgramResolver, MembershipPlanResolver, MembershipResolver, MembershipApplicationResolver, AccountMembershipResolver,
  ReferralResolver, TeamResolver, AccountInviterResolver,
  ShopResolver, MyShopResolver, ShopOrderResolver, ShareLinkResolver, OrderAttributionResolver, OrderAttributionShopResolver,
  CommissionSettingsResolver, MyEarningsResolver, WithdrawalResolver, EarningsOperatorResolver,
  GroupBuyCampaignResolver, GroupBuySessionResolver, BargainCampaignResolver, BargainResolver,
  CouponTemplateResolver, CouponResolver, CouponOptionResolver, OrderCouponResolver, PricePreviewResolver, FlashSlotResolver, FlashSaleResolver,
  DiscountResolver, FullReductionResolver, NewCustomerPriceResolver, SignInResolver, SignInRewardResolver,
  SharePackCampaignResolver, SharePackResolver, FullReductionTierResolver, PreviewLineResolver] as const;

let built: Promise<GraphQLSchema> | undefined;

/**
 * Plain object fields resolve with graphql-js's default resolver instead of type-graphql's
 * middleware wrapper: a product listing resolves about 1,600 fields per request, and the wrapper
 * is most of their cost. Authorization therefore lives on field resolvers only; a plain field
 * carrying @Authorized or middleware would be silently unguarded, so it stops the start.
 */
function useSimpleResolvers(): void {
  const storage = getMetadataStorage();
  for (const field of storage.fields) {
    if (field.roles?.length || field.middlewares?.length) {
      throw new Error(`${field.target.name}.${field.name}: put @Authorized and middleware on a @FieldResolver, not on a plain @Field`);
    }
  }
  for (const type of storage.objectTypes) type.simpleResolvers = true;
}

/** The schema, built once per process from the resolver classes. */
export function schema(): Promise<GraphQLSchema> {
  useSimpleResolvers();
  return (built ??= buildSchema({ resolvers, authChecker, validate: false, pubSub: pgPubSub }).then((s) => {
    s.getQueryType()!.description = 'Reads. Every request names its storefront app (X-Storefront-Key header) or comes from a signed-in operator.';
    s.getSubscriptionType()!.description = 'Live updates over WebSocket (graphql-ws, same port and path as HTTP): authenticated from connectionParams, with the same limits.';
    s.getMutationType()!.description = 'Writes. Business failures come back in each payload\'s userErrors with a code; nothing is changed when there are any.';
    return s;
  }));
}

/** The SDL committed as schema/schema.graphql. */
export async function printedSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await schema()))}\n`;
}

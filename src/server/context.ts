import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../config';
import type { JobQueue } from '../lib/jobs';
import { Role } from '../lib/roles';
import type { AccessTokens } from '../modules/accounts/tokens';
import type { StorefrontCaller, Viewer } from '../lib/caller';
import { AccountService } from '../modules/accounts/service';
import { AttributionLoaders } from '../modules/attribution/reads';
import { AttributionService } from '../modules/attribution/service';
import { CatalogService } from '../modules/catalog/service';
import { CatalogLoaders } from '../modules/catalog/loaders';
import { ApplicationService } from '../modules/members/applications';
import { MemberLoaders } from '../modules/members/loaders';
import { PlanService } from '../modules/members/plans';
import { MemberService } from '../modules/members/service';
import { CouponLoaders } from '../modules/coupons/reads';
import { CartService } from '../modules/orders/cart';
import { CheckoutService } from '../modules/orders/checkout';
import { OrderLoaders } from '../modules/orders/reads';
import { OrderService } from '../modules/orders/service';
import { AfterSaleService } from '../modules/payments/after-sale';
import type { PaymentProviders } from '../modules/payments/providers';
import { PaymentLoaders, PaymentReads } from '../modules/payments/reads';
import { RefundService } from '../modules/payments/refunds';
import { PaymentService } from '../modules/payments/service';
import { ReferralReads } from '../modules/referrals/reads';
import { ReferralService } from '../modules/referrals/service';
import { ShopLoaders } from '../modules/shops/reads';
import { ShopService } from '../modules/shops/service';
import { StorefrontService, type StorefrontKeyCache } from '../modules/storefronts/service';
import { orderPricing, type PricedOrder } from './pricing';
import type { RateLimits } from './rate-limits';

/** What the whole process shares: built once at start. */
export interface AppDeps {
  config: Config;
  /** The job queue; absent where no worker runs (tests), in which case the sweeps still cover every timer. */
  jobs?: JobQueue;
  tokens: AccessTokens;
  storefrontKeys: StorefrontKeyCache;
  paymentProviders: PaymentProviders;
  rateLimits: RateLimits;
}

/** One per request: its own EntityManager fork, DataLoaders and services over them. */
export class Context {
  readonly accounts: AccountService;
  readonly referrals: ReferralService;
  readonly referralReads: ReferralReads;
  readonly catalog: CatalogService;
  readonly storefronts: StorefrontService;
  readonly catalogLoaders: CatalogLoaders;
  readonly orders: OrderService;
  readonly checkout: CheckoutService<PricedOrder>;
  readonly carts: CartService;
  readonly orderLoaders: OrderLoaders;
  readonly refunds: RefundService;
  readonly payments: PaymentService;
  readonly afterSales: AfterSaleService;
  readonly paymentReads: PaymentReads;
  readonly paymentLoaders: PaymentLoaders;
  readonly shops: ShopService;
  readonly shopLoaders: ShopLoaders;
  readonly attribution: AttributionService;
  readonly attributionLoaders: AttributionLoaders;
  readonly members: MemberService;
  readonly memberApplications: ApplicationService;
  readonly membershipPlans: PlanService;
  readonly memberLoaders: MemberLoaders;
  readonly couponLoaders: CouponLoaders;

  constructor(
    readonly deps: AppDeps,
    readonly em: EntityManager,
    readonly requestId: string,
    /** The signed-in customer, member or operator; null when anonymous. */
    readonly viewer: Viewer | null,
    /** The storefront app (sales channel) the request came through; null for operator consoles. */
    readonly storefront: StorefrontCaller | null,
    /** The client's address (see client-address.ts): what per-address rate limits count by. */
    readonly clientAddress: string,
  ) {
    this.referrals = new ReferralService(em);
    this.referralReads = new ReferralReads(em);
    this.accounts = new AccountService(em, deps.tokens, deps.config.refreshTokenTtlSeconds, this.referrals);
    this.catalog = new CatalogService(em);
    this.storefronts = new StorefrontService(em, deps.storefrontKeys);
    this.catalogLoaders = new CatalogLoaders(em);
    this.orders = new OrderService(em, this.catalog);
    this.checkout = new CheckoutService(em, this.catalog, orderPricing, deps.jobs);
    this.carts = new CartService(em, orderPricing);
    this.orderLoaders = new OrderLoaders(em);
    this.refunds = new RefundService(em, this.orders, deps.paymentProviders);
    this.payments = new PaymentService(em, this.orders, this.refunds, deps.paymentProviders);
    this.afterSales = new AfterSaleService(em, this.orders, this.refunds);
    this.paymentReads = new PaymentReads(em);
    this.paymentLoaders = new PaymentLoaders(em);
    this.shops = new ShopService(em);
    this.shopLoaders = new ShopLoaders(em);
    this.attribution = new AttributionService(em);
    this.attributionLoaders = new AttributionLoaders(em);
    this.members = new MemberService(em);
    this.memberApplications = new ApplicationService(em, this.members);
    this.membershipPlans = new PlanService(em);
    this.memberLoaders = new MemberLoaders(em);
    this.couponLoaders = new CouponLoaders(em);
  }

  get isOperator(): boolean {
    return this.viewer?.role === Role.OPERATOR;
  }
}

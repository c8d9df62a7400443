import type { Config } from '../config';
import { Supplied } from '../lib/dependency';
import { JOB_QUEUE, type JobQueue } from '../lib/jobs';
import { RATE_LIMITS } from '../lib/throttle';
import { PHONE_SIGN_IN, signInCodeKey } from '../modules/accounts/phone-codes';
import { INVITE_BINDING } from '../modules/accounts/service';
import type { SmsProvider } from '../modules/accounts/sms';
import { ACCOUNT_TOKENS, type AccessTokens } from '../modules/accounts/tokens';
import { referralService } from '../modules/referrals/service';
import { ORDER_PRICING } from '../modules/orders/pricing';
import { PAYMENT_PROVIDERS, type PaymentProviders } from '../modules/payments/providers';
import { STOREFRONT_KEYS, type StorefrontKeyCache } from '../modules/storefronts/service';
import { WEBHOOK_SETTINGS, webhookSettings } from '../modules/webhooks/delivery';
import { orderPricing } from './pricing';
import type { RateLimits } from './rate-limits';

/** What the whole process shares: built once at start. */
export interface AppDeps {
  config: Config;
  /** The job queue; absent where no worker runs (tests), in which case the sweeps still cover every timer. */
  jobs?: JobQueue;
  tokens: AccessTokens;
  storefrontKeys: StorefrontKeyCache;
  paymentProviders: PaymentProviders;
  /** Who sends phone sign-in codes; null when SMS_PROVIDER=off. */
  sms: SmsProvider | null;
  rateLimits: RateLimits;
}

/**
 * What the modules need of the process, each under the name the module declared (`ctx.need(X)`),
 * supplied once per app and shared by every request's RequestContext (src/lib/request-context.ts).
 * Services over a request's EntityManager are not built here: each module builds its own when a
 * request first asks for it (`ctx.use(factory)`).
 */
export function moduleDependencies(deps: AppDeps): Supplied {
  return (
    new Supplied()
      .supply(JOB_QUEUE, deps.jobs)
      .supply(RATE_LIMITS, deps.rateLimits)
      .supply(ACCOUNT_TOKENS, { access: deps.tokens, refreshTtlSeconds: deps.config.refreshTokenTtlSeconds })
      .supply(STOREFRONT_KEYS, deps.storefrontKeys)
      .supply(PAYMENT_PROVIDERS, deps.paymentProviders)
      .supply(PHONE_SIGN_IN, { sms: deps.sms, codeKey: signInCodeKey(deps.config.jwtSecret) })
      .supply(ORDER_PRICING, orderPricing)
      // Registration binds the inviter through the referrals module, which sits above accounts.
      .supply(INVITE_BINDING, referralService)
      .supply(WEBHOOK_SETTINGS, webhookSettings(deps.config))
  );
}

import { accountsModule } from './accounts';
import { assistModule } from './assist';
import { attributionModule } from './attribution';
import { bargainModule } from './bargain';
import { catalogModule } from './catalog';
import { contentModule } from './content';
import { couponsModule } from './coupons';
import { earningsModule } from './earnings';
import { groupBuyModule } from './groupbuy';
import { liveModule } from './live';
import { lotteryModule } from './lottery';
import type { ModuleManifest } from './manifest';
import { membersModule } from './members';
import { ordersModule } from './orders';
import { paymentsModule } from './payments';
import { promotionsModule } from './promotions';
import { redPacketModule } from './redpacket';
import { referralsModule } from './referrals';
import { reportsModule } from './reports';
import { reviewsModule } from './reviews';
import { shopsModule } from './shops';
import { storefrontsModule } from './storefronts';
import { wheelModule } from './wheel';
import { webhooksModule } from './webhooks';

/**
 * Every module of the API, in dependency order: a module comes after the modules whose seams it
 * plugs into and whose data it builds on. The ORM's entities, the schema's resolvers, `node(id:)`,
 * the order hooks, the outbox subscribers, the account and membership hooks and the background
 * jobs are all read from this list, in this order (src/server/modules.ts installs them; nothing
 * registers itself by being imported).
 *
 * This is the one place where the order of the subscribers of an event, and of the order hooks, is
 * written: for each event they run module by module in the order below, each module's own in the
 * order of its manifest (test/unit/modules.test.ts asserts the result). The order that matters:
 * members before earnings, because on `order.paid` of a membership package the inviter's bonus
 * looks for the membership its order opened. The rest (then coupons, then promotions on each order
 * event; group-buy's order hooks before bargain's) is the order these ran in when they registered
 * themselves on import; no rule is known to depend on it, but check before changing it. Content's
 * funnel counters (before earnings) read only attribution's frozen line sources. The games come
 * after coupons, whose issuing they use: the sharing games (red packet, assist) build on coupons,
 * orders and payments, and assist's order hooks give a paid order its link and end it when the
 * order is refunded another way; then the wheel and the lottery, which on `order.paid` only add
 * chances, which nothing else reads. Reviews come last: on `order.refunded` they only mark
 * reviews, which nothing before them reads. Reports read every module's figures and come after
 * them all.
 * Webhooks sit right after orders: their outbox subscriber runs first on every order event and
 * writes only their own table, and the modules after them publish their events with
 * `publishWebhookEvent` in their own transactions.
 */
export const modules: readonly ModuleManifest[] = [
  storefrontsModule,
  accountsModule,
  catalogModule,
  ordersModule,
  webhooksModule,
  paymentsModule,
  membersModule,
  referralsModule,
  shopsModule,
  attributionModule,
  contentModule,
  liveModule,
  earningsModule,
  groupBuyModule,
  bargainModule,
  couponsModule,
  promotionsModule,
  redPacketModule,
  assistModule,
  wheelModule,
  lotteryModule,
  reviewsModule,
  reportsModule,
];

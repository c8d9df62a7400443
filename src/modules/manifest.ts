import type { EntityClass } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { ClassType } from 'type-graphql';
import type { JobQueue } from '../lib/jobs';
import type { RequestContext } from '../lib/request-context';
import type { AccountRegisteredHook } from './accounts/hooks';
import type { MembershipEndedHook, MembershipOpenedHook } from './members/hooks';
import type { OrderEventBatchSubscriber, OrderEventSubscriber } from './orders/events';
import type { OrderHooks } from './orders/hooks';
import type { PaymentProviders } from './payments/providers';
import type { WebhookSettings } from './webhooks/delivery';

/**
 * How `node(id:)` fetches one type of a module, with the same visibility rules as the module's own
 * queries: null when the object does not exist or the caller may not see it.
 */
export type NodeFetcher = (ctx: RequestContext, id: string) => Promise<object | null>;

/** One outbox subscriber: `event` is an order event type such as "order.paid", or "*" for all; `many`, its form for a round's events at once. */
export interface OrderEventSubscription {
  event: string;
  handler: OrderEventSubscriber;
  many?: OrderEventBatchSubscriber;
}

/** What a module's background jobs are given when the process starts them (main.ts). */
export interface ModuleJobDeps {
  queue: JobQueue;
  fork: () => EntityManager;
  paymentProviders: PaymentProviders;
  logger: Logger;
  /** How webhooks are delivered (from the configuration). */
  webhookSettings: WebhookSettings;
}

/**
 * Everything a module brings to the process, declared in its own `index.ts`; only the composition
 * root (src/server/modules.ts, the ORM config, the schema, main.ts) reads these, in the order of
 * src/modules/index.ts. A module lists only what it has. The hook contracts stay with the module
 * that runs them (orders, accounts, members); these imports are types only.
 */
export interface ModuleManifest {
  /** Short name, used in messages and in the test of the subscribers' order. */
  readonly name: string;
  /** The MikroORM entities of the tables this module owns. */
  readonly entities?: readonly EntityClass<object>[];
  /** Its type-graphql resolver classes. */
  readonly resolvers?: readonly ClassType[];
  /** Its node types by GraphQL type name: what `node(id:)` answers for their global IDs. */
  readonly nodeTypes?: Readonly<Record<string, NodeFetcher>>;
  /** What it does inside the order's own transactions (payment, cancellation, refund). */
  readonly orderHooks?: OrderHooks;
  /** Its outbox subscribers; those of one module run in the order written here. */
  readonly orderEventSubscribers?: readonly OrderEventSubscription[];
  /** What it does inside the registration transaction of a new account. */
  readonly accountRegistered?: AccountRegisteredHook;
  /** What it does inside the transaction that opens a membership. */
  readonly membershipOpened?: MembershipOpenedHook;
  /** What it does inside the transaction that ends a membership because its order was cancelled or refunded. */
  readonly membershipEndedForOrder?: MembershipEndedHook;
  /**
   * People's avatars as referral profiles (team listings, the inviter) show them: a SQL relation of
   * (account_id, avatar_url) over this module's tables, joined by the referrals module's statements
   * (referrals/profiles.ts). One module declares it.
   */
  readonly profileAvatars?: string;
  /** Registers its background jobs (and their schedules) on the queue. */
  readonly jobs?: (deps: ModuleJobDeps) => Promise<void>;
}

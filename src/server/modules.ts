import { modules } from '../modules';
import type { ModuleJobDeps } from '../modules/manifest';
import { onAccountRegistered } from '../modules/accounts/hooks';
import { onMembershipEndedForOrder, onMembershipOpened } from '../modules/members/hooks';
import { provideProfileAvatars } from '../modules/referrals/profiles';
import { subscribeToOrderEvents } from '../modules/orders/events';
import { registerOrderHooks } from '../modules/orders/hooks';
import { registerNodeType } from './node';

let installed = false;

/**
 * Wires what the module manifests declare into the registries that run it: node types (for
 * `node(id:)`), order hooks, outbox subscribers, account and membership hooks, the referral
 * profiles' avatars — each in the order of src/modules/index.ts, which is therefore the order they
 * run in. The registries stay where their callers are (orders/hooks.ts, orders/events.ts,
 * accounts/hooks.ts, members/hooks.ts, referrals/profiles.ts, server/node.ts): the services that
 * run them are built in many places (resolvers, jobs, tests), and one module list per process is
 * all there is to pass.
 *
 * Called by createApp and by main.ts before the dispatcher and the jobs start; once per process,
 * later calls do nothing.
 */
export function installModules(): void {
  if (installed) return;
  installed = true;
  for (const m of modules) {
    for (const [type, fetch] of Object.entries(m.nodeTypes ?? {})) registerNodeType(type, fetch);
    if (m.orderHooks) registerOrderHooks(m.orderHooks);
    for (const { event, handler, many } of m.orderEventSubscribers ?? []) subscribeToOrderEvents(event, handler, many);
    if (m.accountRegistered) onAccountRegistered(m.accountRegistered);
    if (m.membershipOpened) onMembershipOpened(m.membershipOpened);
    if (m.membershipEndedForOrder) onMembershipEndedForOrder(m.membershipEndedForOrder);
    if (m.profileAvatars) provideProfileAvatars(m.profileAvatars);
  }
}

/** Registers every module's background jobs on the queue, in the order of src/modules/index.ts (main.ts). */
export async function registerModuleJobs(deps: ModuleJobDeps): Promise<void> {
  for (const m of modules) await m.jobs?.(deps);
}

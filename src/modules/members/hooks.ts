import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * What other modules do when a membership opens (bought, granted or approved), inside the
 * transaction that opens it (e.g. the membership gift coupons). Hooks only do what cannot fail for
 * business reasons: one that throws refuses the opening. Modules declare theirs as
 * `membershipOpened` and `membershipEndedForOrder` in their manifests; the install step
 * (src/server/modules.ts) adds them here in the order of src/modules/index.ts.
 */
export type MembershipOpenedHook = (tx: EntityManager, accountId: string, membershipId: string) => Promise<void>;

const hooks: MembershipOpenedHook[] = [];

/** Called by the install step only. */
export function onMembershipOpened(hook: MembershipOpenedHook): void {
  hooks.push(hook);
}

export async function membershipOpened(tx: EntityManager, accountId: string, membershipId: string): Promise<void> {
  for (const hook of hooks) await hook(tx, accountId, membershipId);
}

/**
 * What other modules do when a membership ends because the order that bought it was cancelled or
 * refunded, inside the transaction that ends it (e.g. taking back its gift coupons).
 */
export type MembershipEndedHook = (tx: EntityManager, accountId: string, membershipId: string) => Promise<void>;

const endedHooks: MembershipEndedHook[] = [];

/** Called by the install step only. */
export function onMembershipEndedForOrder(hook: MembershipEndedHook): void {
  endedHooks.push(hook);
}

export async function membershipEndedForOrder(tx: EntityManager, accountId: string, membershipId: string): Promise<void> {
  for (const hook of endedHooks) await hook(tx, accountId, membershipId);
}

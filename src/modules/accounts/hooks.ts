import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * What other modules do when an account registers, inside the registration transaction (e.g.
 * coupons for new customers and for the inviter). A hook that throws refuses the registration, so
 * hooks only do what cannot fail for business reasons. Modules declare theirs as
 * `accountRegistered` in their manifests; the install step (src/server/modules.ts) adds them here
 * in the order of src/modules/index.ts.
 */
export type AccountRegisteredHook = (tx: EntityManager, accountId: string) => Promise<void>;

const hooks: AccountRegisteredHook[] = [];

/** Called by the install step only. */
export function onAccountRegistered(hook: AccountRegisteredHook): void {
  hooks.push(hook);
}

export async function accountRegistered(tx: EntityManager, accountId: string): Promise<void> {
  for (const hook of hooks) await hook(tx, accountId);
}

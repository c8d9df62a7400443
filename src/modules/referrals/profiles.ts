/**
 * What others see of a person in a referral tree is a name and an avatar. A member's avatar is their
 * shop's, and shops come after referrals in the module list (src/modules/index.ts), so this module
 * names no shops table: the module that keeps avatars declares them in its manifest as
 * `profileAvatars`, a SQL relation of (account_id, avatar_url), and the install step
 * (src/server/modules.ts) hands it here. The team listings join it, in their one statement.
 */

/** No module declared avatars: nobody has one. */
const NO_AVATARS = '(select null::uuid as account_id, null::text as avatar_url where false)';

let avatars = NO_AVATARS;

/** Called by the install step only. */
export function provideProfileAvatars(relation: string): void {
  avatars = relation;
}

/** The relation of (account_id, avatar_url) to join under an alias. */
export function profileAvatars(): string {
  return avatars;
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { one, q, run, type SqlPart } from '../../lib/sql';

/** What other modules may read of the referral tree; inside a transaction each reads through it, so it sees that transaction's own binding. */

/** The inviter a customer is bound to now, or null when unbound (attribution records it on each order). */
export async function boundInviterId(em: EntityManager, customerId: string): Promise<string | null> {
  return (await one<{ inviter_id: string }>(em, 'select inviter_id from referral_binding where invitee_id = ?', [customerId]))?.inviter_id ?? null;
}

/** The inviter whose code the customer registered with; null when they registered without one (or were bound later). */
export async function registrationInviterId(em: EntityManager, customerId: string): Promise<string | null> {
  const row = await one<{ inviter_id: string }>(em, "select inviter_id from referral_binding where invitee_id = ? and source = 'registration'", [customerId]);
  return row?.inviter_id ?? null;
}

/** The account's ancestors in the referral tree, nearest first (its inviter, the inviter's inviter…), at most `depth` of them. */
export async function ancestorsOf(em: EntityManager, accountId: string, depth: number): Promise<string[]> {
  const found = await run<{ ancestor_id: string }>(em, 'select ancestor_id from referral_path where descendant_id = ? and depth <= ? order by depth', [
    accountId,
    depth,
  ]);
  return found.map((r) => r.ancestor_id);
}

/** boundInviterId as a SQL expression, for a composed statement. */
export function boundInviterSql(customerId: string): SqlPart {
  return q`(select inviter_id from referral_binding where invitee_id = ${customerId})`;
}

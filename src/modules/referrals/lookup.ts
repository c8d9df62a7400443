import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * The inviter a customer is bound to now, or null when unbound. For other modules (attribution
 * records it on each order): inside a transaction it reads through it, so it sees that
 * transaction's own binding.
 */
export async function boundInviterId(em: EntityManager, customerId: string): Promise<string | null> {
  const [row] = await em
    .getConnection()
    .execute<{ inviter_id: string }[]>('select inviter_id from referral_binding where invitee_id = ?', [customerId], 'all', em.getTransactionContext());
  return row?.inviter_id ?? null;
}

/** The account's ancestors in the referral tree, nearest first (its inviter, the inviter's inviter…), at most `depth` of them. */
export async function ancestorsOf(em: EntityManager, accountId: string, depth: number): Promise<string[]> {
  const found = await em
    .getConnection()
    .execute<{ ancestor_id: string }[]>(
      'select ancestor_id from referral_path where descendant_id = ? and depth <= ? order by depth',
      [accountId, depth],
      'all',
      em.getTransactionContext(),
    );
  return found.map((r) => r.ancestor_id);
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { Role } from '../../lib/roles';

/**
 * An account's role changes only with its membership (the members module), inside that module's
 * transaction. These are the two statements it needs, kept here so the account table is written by
 * the accounts module alone.
 */

/** Locks the account row (FOR UPDATE) for the rest of the caller's transaction; null when there is no such account. */
export async function lockAccount(tx: EntityManager, accountId: string): Promise<{ id: string; role: Role } | null> {
  const [row] = await tx
    .getConnection()
    .execute<{ id: string; role: Role }[]>('select id, role from account where id = ? for update', [accountId], 'all', tx.getTransactionContext());
  return row ?? null;
}

/**
 * Moves accounts from one role to another, conditionally: an account not in `from` (an operator,
 * or one already moved) is left alone. Returns the ids that changed.
 */
export async function changeRole(tx: EntityManager, accountIds: string[], from: Role, to: Role): Promise<string[]> {
  if (accountIds.length === 0) return [];
  const changed = await tx
    .getConnection()
    .execute<{ id: string }[]>(
      `update account set role = ?, updated_at = now() where id in (${accountIds.map(() => '?').join(', ')}) and role = ? returning id`,
      [to, ...accountIds, from],
      'all',
      tx.getTransactionContext(),
    );
  return changed.map((r) => r.id);
}

/**
 * The account's role now, read under a share lock inside the caller's transaction: prices that
 * depend on membership follow the database, not the access token (which may be up to its lifetime
 * old), and a membership change waits for the checkout that read it.
 */
export async function currentRole(tx: EntityManager, accountId: string): Promise<Role | null> {
  const [row] = await tx
    .getConnection()
    .execute<{ role: Role }[]>('select role from account where id = ? for share', [accountId], 'all', tx.getTransactionContext());
  return row?.role ?? null;
}

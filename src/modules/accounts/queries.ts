import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { normalizePhone } from '../../lib/phone';
import { q, run, type SqlPart } from '../../lib/sql';
import type { Role } from '../../lib/roles';

/**
 * What other modules may read of the account table. Their SQL never names the table: it joins
 * ACCOUNTS under an alias of its own, or calls one of the functions below.
 */

/**
 * A customer's name as public listings (group-buy leaders, bargain starters and helpers) show it.
 * An account that never chose a display name has the default made from its email (service.ts: the
 * part before the @); shown as it is, that is part of the email, so it is masked to its first
 * character and "**". Names the customer chose, and the phone default (用户 and the last four
 * digits), show as they are.
 */
const PUBLIC_NAME = `case when email is not null and display_name = left(split_part(email, '@', 1), 40) then left(display_name, 1) || '**' else display_name end`;

/**
 * Accounts as other modules' statements join them (`join ${ACCOUNTS} a on a.id = …`, or
 * `knex.raw(\`${ACCOUNTS} as a\`)` in a knex join): id, role, display name and public name, never a
 * login, password or contact detail. PostgreSQL pulls the subquery up into the statement, so the
 * plan is the one a join of the table would get, and `for update of a` locks the account rows.
 */
export const ACCOUNTS = `(select id, role, display_name, ${PUBLIC_NAME} as public_name from account)`;

/** Which of these accounts exist (with one of `roles`, when given), inside the caller's transaction if any. */
export async function existingAccountIds(em: EntityManager, accountIds: string[], roles?: Role[]): Promise<Set<string>> {
  if (accountIds.length === 0) return new Set();
  const found = await run<{ id: string }>(
    em,
    `select id from account where id in (${accountIds.map(() => '?').join(', ')})${roles ? ` and role in (${roles.map(() => '?').join(', ')})` : ''}`,
    [...accountIds, ...(roles ?? [])],
  );
  return new Set(found.map((r) => r.id));
}

/** The storefront app an account registered through (null: none, e.g. made by an operator's hand): where events of no order, such as a member's withdrawal, are told. */
export async function registrationAppOf(em: EntityManager, accountId: string): Promise<string | null> {
  const [row] = await run<{ registered_via_id: string | null }>(em, 'select registered_via_id from account where id = ?', [accountId]);
  return row?.registered_via_id ?? null;
}

/**
 * Locks these accounts FOR NO KEY UPDATE, in id order (so two lockers never deadlock), and answers
 * their roles. NO KEY UPDATE, not UPDATE: rows referencing the accounts can still be inserted meanwhile.
 */
export async function lockAccountsForNoKeyUpdate(tx: EntityManager, accountIds: string[]): Promise<{ id: string; role: Role }[]> {
  return run<{ id: string; role: Role }>(
    tx,
    `select id, role from account where id in (${accountIds.map(() => '?').join(', ')}) order by id for no key update`,
    accountIds,
  );
}

/**
 * Share-locks accounts (FOR SHARE, in id order): it waits for, and holds off, whatever locks them FOR
 * NO KEY UPDATE — a referral binding locks the roots of the trees it changes so — while other share
 * lockers pass. The ids of the accounts found.
 */
export async function lockAccountsForShare(tx: EntityManager, accountIds: string[]): Promise<string[]> {
  const found = await run<{ id: string }>(tx, `select id from account where id in (${accountIds.map(() => '?').join(', ')}) order by id for share`, accountIds);
  return found.map((r) => r.id);
}

/** The ids of the accounts an operator's search text names by login: the email (any case) or the phone number, as a subquery. */
export function accountIdsByLogin(knex: Knex, text: string): Knex.QueryBuilder {
  return knex('account').select('id').where('email', text.toLowerCase()).orWhere('phone', normalizePhone(text));
}

/**
 * One of the account's saved addresses as checkout copies it onto an order — JSON `{ name, phone,
 * region, detail }`, null when the account has no address with this id — as a SQL expression for a
 * composed statement.
 */
export function savedAddressSql(accountId: string, addressId: string): SqlPart {
  return q`(select json_build_object('name', recipient_name, 'phone', phone, 'region', region, 'detail', detail)
            from account_address where id = ${addressId} and account_id = ${accountId})`;
}

/**
 * The account's role as a SQL expression for a composed statement: checkout prices member prices
 * by it. Inside a transaction (`inTransaction`) the row is share-locked until it ends, so a role
 * change waits for it. Outside one the lock would end with the statement and guard nothing, and it
 * would cost the read a transaction id, a WAL record and a commit flushed to disk.
 */
export function roleSql(accountId: string, inTransaction: boolean): SqlPart {
  return inTransaction ? q`(select role from account where id = ${accountId} for share)` : q`(select role from account where id = ${accountId})`;
}

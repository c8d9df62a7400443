import type { EntityManager } from '@mikro-orm/postgresql';
import { Account, SessionEndReason } from './entities';
import { Role } from '../../lib/roles';
import { hashPassword } from './passwords';
import { checkedLogins, checkPassword, defaultDisplayName, loginTaken, MAX_DISPLAY_NAME_LENGTH, normalizeLogin, AccountErrorCode } from './service';
import { endAccountSessions } from './sessions';
import { DomainError } from '../../lib/errors';

/**
 * Operators are made and given new passwords from the command line (src/tools/), never through
 * the API: a production database starts with none, and the demo operator's password is published.
 * The rules are the customers' (accounts/service.ts): the same logins, the same password strength.
 */

/** `login` is an email address (it has an @) or a phone number. */
export async function createOperator(em: EntityManager, login: string, password: string, displayName?: string): Promise<Account> {
  const { email, phone } = checkedLogins(login.includes('@') ? { email: login } : { phone: login });
  checkPassword(password, email, phone);
  const name = displayName?.trim() || defaultDisplayName(email, phone);
  if (name.length > MAX_DISPLAY_NAME_LENGTH) {
    throw new DomainError(AccountErrorCode.INVALID_DISPLAY_NAME, `Display name must be at most ${MAX_DISPLAY_NAME_LENGTH} characters`, ['displayName']);
  }
  const account = em.create(Account, { email, phone, passwordHash: await hashPassword(password), displayName: name, role: Role.OPERATOR } as never);
  try {
    await em.flush();
  } catch (err) {
    throw loginTaken(err) ?? err;
  }
  return account;
}

/**
 * Sets an operator's password and ends all its sessions, in one transaction: whoever held a
 * session is signed out. Null when no operator has this login (nothing is written).
 */
export async function resetOperatorPassword(em: EntityManager, login: string, password: string): Promise<{ account: Account; endedSessions: number } | null> {
  const normalized = normalizeLogin(login);
  const account = await em.findOne(Account, normalized.includes('@') ? { email: normalized } : { phone: normalized });
  if (!account || account.role !== Role.OPERATOR) return null;
  checkPassword(password, account.email, account.phone);
  const passwordHash = await hashPassword(password);
  return em.transactional(async (tx) => {
    await tx.nativeUpdate(Account, { id: account.id }, { passwordHash, updatedAt: new Date() });
    const ended = await endAccountSessions(tx, account.id, SessionEndReason.PASSWORD_RESET);
    return { account, endedSessions: ended.length };
  });
}

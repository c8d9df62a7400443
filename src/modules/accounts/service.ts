import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { normalizePhone, PHONE } from '../../lib/phone';
import { retryDeadlocks } from '../../lib/retry';
import { Account, AccountSession, RefreshToken, SessionEndReason } from './entities';
import { Role } from '../../lib/roles';
import { Dependency } from '../../lib/dependency';
import { decoyHash, hashPassword, passwordWeakness, verifyPassword } from './passwords';
import { AccessTokens, hashRefreshToken, newRefreshToken, ACCOUNT_TOKENS } from './tokens';
import { accountRegistered } from './hooks';
import { announcingEndings } from './sessions';
import type { RequestContext } from '../../lib/request-context';

export enum AccountErrorCode {
  LOGIN_REQUIRED = 'LOGIN_REQUIRED',
  INVALID_EMAIL = 'INVALID_EMAIL',
  INVALID_PHONE = 'INVALID_PHONE',
  EMAIL_TAKEN = 'EMAIL_TAKEN',
  PHONE_TAKEN = 'PHONE_TAKEN',
  WEAK_PASSWORD = 'WEAK_PASSWORD',
  INVALID_DISPLAY_NAME = 'INVALID_DISPLAY_NAME',
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  INVALID_REFRESH_TOKEN = 'INVALID_REFRESH_TOKEN',
  INVALID_INVITE_CODE = 'INVALID_INVITE_CODE',
  CODE_INVALID = 'CODE_INVALID',
  CODE_EXPIRED = 'CODE_EXPIRED',
  TOO_MANY_ATTEMPTS = 'TOO_MANY_ATTEMPTS',
  TOO_MANY_CODES = 'TOO_MANY_CODES',
  SMS_UNAVAILABLE = 'SMS_UNAVAILABLE',
}

export interface RegistrationInput {
  email?: string | null;
  phone?: string | null;
  password: string;
  displayName?: string | null;
  /** A member's invite code: the new customer is bound to that member in the same transaction. */
  inviteCode?: string | null;
}

export interface Session {
  account: Account;
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;
export const MAX_EMAIL_LENGTH = 254;
/** A phone as people type it: a number of lib/phone's rule with spaces or hyphens between its digits. */
export const MAX_PHONE_LENGTH = 30;
export const MAX_DISPLAY_NAME_LENGTH = 40;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A login as accounts store it: an email address (it has an @) in lower case, or a phone number. */
export function normalizeLogin(login: string): string {
  const trimmed = login.trim();
  return trimmed.includes('@') ? normalizeEmail(trimmed) : normalizePhone(trimmed);
}

/** The email and phone of a new account, normalised and checked: the rule for customers and operators alike. */
export function checkedLogins(input: { email?: string | null; phone?: string | null }): { email: string | null; phone: string | null } {
  const email = input.email ? normalizeEmail(input.email) : null;
  const phone = input.phone ? normalizePhone(input.phone) : null;
  if (!email && !phone) throw new DomainError(AccountErrorCode.LOGIN_REQUIRED, 'Give an email address or a phone number', ['input', 'email']);
  if (email && (email.length > MAX_EMAIL_LENGTH || !EMAIL.test(email)))
    throw new DomainError(AccountErrorCode.INVALID_EMAIL, `"${input.email}" is not an email address`, ['input', 'email']);
  if (phone && !PHONE.test(phone)) {
    throw new DomainError(
      AccountErrorCode.INVALID_PHONE,
      `"${input.phone}" is not a phone number: use 11 digits starting with 1, or +country code and number`,
      ['input', 'phone'],
    );
  }
  return { email, phone };
}

/** Refuses a password too weak for the account with these logins. */
export function checkPassword(password: string, email: string | null, phone: string | null): void {
  const weakness = passwordWeakness(password, [email?.split('@')[0], phone]);
  if (weakness) throw new DomainError(AccountErrorCode.WEAK_PASSWORD, weakness, ['input', 'password']);
}

/**
 * The answer to an insert the unique constraints refused (EMAIL_TAKEN or PHONE_TAKEN), or null for
 * any other error. The constraint decides, so two parallel sign-ups of one email give one account.
 */
export function loginTaken(err: unknown): DomainError | null {
  if (!(err instanceof UniqueConstraintViolationException)) return null;
  // The constraint's name, not the message: the message quotes the whole insert, phone column included.
  if ((err as { constraint?: string }).constraint === 'account_phone_unique')
    return new DomainError(AccountErrorCode.PHONE_TAKEN, 'An account with this phone number already exists', ['input', 'phone']);
  return new DomainError(AccountErrorCode.EMAIL_TAKEN, 'An account with this email address already exists', ['input', 'email']);
}

/**
 * What registration asks of the referral tree, which sits above accounts (the referrals module's
 * service is handed in): binding the new account under the owner of an invite code, in the
 * registration transaction; a DomainError when the code binds nobody.
 */
export interface InviteBinding {
  bindAtRegistration(tx: EntityManager, accountId: string, inviteCode: string): Promise<void>;
}

export class AccountService {
  constructor(
    private readonly em: EntityManager,
    private readonly tokens: AccessTokens,
    private readonly refreshTtlSeconds: number,
    private readonly referrals: InviteBinding,
  ) {}

  async register(input: RegistrationInput, storefrontAppId: string | null): Promise<Session> {
    const { email, phone } = checkedLogins(input);
    checkPassword(input.password, email, phone);
    const displayName = (input.displayName ?? '').trim() || defaultDisplayName(email, phone);
    if (displayName.length > MAX_DISPLAY_NAME_LENGTH)
      throw new DomainError(AccountErrorCode.INVALID_DISPLAY_NAME, `Display name must be at most ${MAX_DISPLAY_NAME_LENGTH} characters`, [
        'input',
        'displayName',
      ]);

    const passwordHash = await hashPassword(input.password);
    // Binding to the inviter locks rows of the referral tree: a rare deadlock victim runs again.
    return retryDeadlocks(() =>
      this.em.transactional(async (tx) => {
        const account = tx.create(Account, {
          email,
          phone,
          passwordHash,
          displayName,
          role: Role.CUSTOMER,
          registeredVia: storefrontAppId ? tx.getReference('StorefrontApp', storefrontAppId) : null,
        } as never);
        try {
          await tx.flush();
        } catch (err) {
          throw loginTaken(err) ?? err;
        }
        if (input.inviteCode != null) await this.bindToInviter(tx, account.id, input.inviteCode);
        // The `accountRegistered` hooks of the modules in src/modules/index.ts, in that order.
        await accountRegistered(tx, account.id);
        return this.startSession(tx, account);
      }),
    );
  }

  /** An invite code that binds nobody refuses the registration: the customer meant to be someone's invitee. Phone sign-in (phone-codes.ts) binds through it too. */
  async bindToInviter(tx: EntityManager, accountId: string, inviteCode: string, field = ['input', 'inviteCode']): Promise<void> {
    try {
      await this.referrals.bindAtRegistration(tx, accountId, inviteCode);
    } catch (err) {
      if (err instanceof DomainError) throw new DomainError(AccountErrorCode.INVALID_INVITE_CODE, err.message, field);
      throw err;
    }
  }

  async login(login: string, password: string): Promise<Session> {
    const normalized = normalizeLogin(login);
    const where = normalized.includes('@') ? { email: normalized } : { phone: normalized };
    const account = await this.em.findOne(Account, where, { populate: ['passwordHash'] });
    // An account without a password (made by phone sign-in) is checked against the decoy too: the same time, and refused.
    const ok = account?.passwordHash ? await verifyPassword(account.passwordHash, password) : (await verifyPassword(await decoyHash(), password)) && false;
    if (!account || !ok) throw new DomainError(AccountErrorCode.INVALID_CREDENTIALS, 'The login or the password is wrong', ['input']);
    return this.em.transactional((tx) => this.startSession(tx, tx.merge(account)));
  }

  /**
   * Consumes the refresh token with one conditional update (a token works exactly once, and only
   * while its session is live) and issues the next in the same session.
   *
   * A token refused because it was already used is a replay: two parties hold tokens of the session
   * and the server cannot tell the customer from a thief, so the whole session is ended — the token
   * the earlier refresh produced and the session's access tokens stop working too (RFC 9700,
   * §4.14.2). That holds for two parallel refreshes of one token as well: the conditional update lets
   * exactly one through, and the other, refused, is a replay like any other and ends the session
   * the winner just refreshed. The ending is its own statement, after the refused transaction, so it
   * is committed although the call answers INVALID_REFRESH_TOKEN.
   */
  async refresh(refreshToken: string): Promise<Session> {
    const tokenHash = hashRefreshToken(refreshToken);
    const next = await this.em.transactional(async (tx) => {
      const rows = await tx.getConnection().execute<{ account_id: string; session_id: string }[]>(
        `update refresh_token t set used_at = now()
         where t.token_hash = ? and t.used_at is null and t.expires_at > now()
           and exists (select 1 from account_session s where s.id = t.session_id and s.ended_at is null)
         returning t.account_id, t.session_id`,
        [tokenHash],
        'all',
        tx.getTransactionContext(),
      );
      if (rows.length === 0) return null;
      const account = await tx.findOneOrFail(Account, rows[0].account_id);
      return this.issueTokens(tx, account, rows[0].session_id);
    });
    if (next) return next;
    await this.endSessions(
      `update account_session s set ended_at = now(), end_reason = ?
       from refresh_token t where t.token_hash = ? and t.used_at is not null and s.id = t.session_id and s.ended_at is null
       returning s.id`,
      [SessionEndReason.REFRESH_TOKEN_REUSED, tokenHash],
    );
    throw new DomainError(
      AccountErrorCode.INVALID_REFRESH_TOKEN,
      'The refresh token is unknown, expired or already used, or its session has ended: sign in again',
      ['refreshToken'],
    );
  }

  /**
   * Ends a session: its refresh tokens stop working and its access tokens are refused. With a
   * refresh token, the session that token belongs to (any token of it, used or not); without one,
   * `sessionId` (the caller's bearer token's). Unknown tokens and ended sessions are ignored:
   * there is nothing to end.
   */
  async logout(end: { refreshToken: string } | { sessionId: string }): Promise<void> {
    if ('refreshToken' in end) {
      await this.endSessions(
        `update account_session s set ended_at = now(), end_reason = ?
         from refresh_token t where t.token_hash = ? and s.id = t.session_id and s.ended_at is null
         returning s.id`,
        [SessionEndReason.LOGOUT, hashRefreshToken(end.refreshToken)],
      );
    } else {
      await this.endSessions('update account_session set ended_at = now(), end_reason = ? where id = ? and ended_at is null returning id', [
        SessionEndReason.LOGOUT,
        end.sessionId,
      ]);
    }
  }

  /** Runs one committed statement that ends sessions (returning their ids), then tells this process's session cache. */
  private async endSessions(sql: string, params: unknown[]): Promise<void> {
    const ended = await this.em.getConnection().execute<{ id: string }[]>(announcingEndings(sql), params);
    for (const { id } of ended) this.tokens.sessions.ended(id);
  }

  /** A sign-in (login, registration or phone code) starts a session; refreshes continue it. */
  async startSession(tx: EntityManager, account: Account): Promise<Session> {
    const session = tx.create(AccountSession, { account } as never);
    const issued = await this.issueTokens(tx, account, session.id);
    // A session just started is live: nobody else knows its id yet, so nothing can end it before its tokens are out.
    this.tokens.sessions.started(session.id);
    return issued;
  }

  private async issueTokens(tx: EntityManager, account: Account, sessionId: string): Promise<Session> {
    const refresh = newRefreshToken();
    const refreshTokenExpiresAt = new Date(Date.now() + this.refreshTtlSeconds * 1000);
    tx.create(RefreshToken, {
      account,
      session: tx.getReference(AccountSession, sessionId),
      tokenHash: refresh.hash,
      expiresAt: refreshTokenExpiresAt,
    } as never);
    await tx.flush();
    const access = await this.tokens.sign({ accountId: account.id, role: account.role, sessionId });
    return { account, accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken: refresh.token, refreshTokenExpiresAt };
  }
}

/** The referral tree's side of registration, supplied by the composition root: the referrals module's service for the request. */
export const INVITE_BINDING = new Dependency<(ctx: RequestContext) => InviteBinding>('the invite binding (the referrals module)');

export const accountService = (ctx: RequestContext): AccountService => {
  const tokens = ctx.need(ACCOUNT_TOKENS);
  return new AccountService(ctx.em, tokens.access, tokens.refreshTtlSeconds, ctx.use(ctx.need(INVITE_BINDING)));
};

export function defaultDisplayName(email: string | null, phone: string | null): string {
  if (email) return email.split('@')[0].slice(0, 40);
  return `用户${phone!.slice(-4)}`;
}

/** What each AccountErrorCode means, for the schema. */
export const accountErrorCodeDescriptions: Record<keyof typeof AccountErrorCode, { description: string }> = {
  LOGIN_REQUIRED: { description: 'Sign-up was given neither an email address nor a phone number.' },
  INVALID_EMAIL: { description: 'The email address given is not a valid email address.' },
  INVALID_PHONE: { description: 'The phone number given is not 11 digits starting with 1, nor + country code and number.' },
  EMAIL_TAKEN: { description: 'Another account already has this email address.' },
  PHONE_TAKEN: { description: 'Another account already has this phone number.' },
  WEAK_PASSWORD: { description: 'The password is too weak; the message says why.' },
  INVALID_DISPLAY_NAME: { description: 'The display name is longer than 40 characters.' },
  INVALID_CREDENTIALS: { description: 'Sign-in failed: the login or the password is wrong.' },
  INVALID_REFRESH_TOKEN: {
    description:
      'The refresh token is unknown, expired or already used, or its session has ended (signed out, or ended because a used refresh token of it was presented again): sign in again.',
  },
  INVALID_INVITE_CODE: { description: 'The invite code given at sign-up cannot be used (unknown, or its owner cannot invite); the message says why.' },
  CODE_INVALID: {
    description:
      'Phone sign-in: the code is not the one sent (the message says how many tries are left), is not 6 digits, was already used, or no code was sent to this number. Nothing signed in.',
  },
  CODE_EXPIRED: { description: 'Phone sign-in: the code is more than 5 minutes old. Ask for a new one (requestSignInCode).' },
  TOO_MANY_ATTEMPTS: { description: 'Phone sign-in: the code was tried 5 times (it works for 5 tries at most). Ask for a new one.' },
  TOO_MANY_CODES: {
    description:
      'Phone sign-in: too many codes were asked for this number or from this client address (rate limited); `retryAfterSeconds` says when to ask again. Nothing was sent.',
  },
  SMS_UNAVAILABLE: {
    description:
      'Phone sign-in: no SMS provider is configured on this server, or the provider did not take the message. Nothing was sent; sign in with a password or try later.',
  },
};

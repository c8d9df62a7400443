import { createHmac, randomInt } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Dependency } from '../../lib/dependency';
import { DomainError } from '../../lib/errors';
import { uuidv7 } from '../../lib/ids';
import { normalizePhone, PHONE } from '../../lib/phone';
import type { RequestContext } from '../../lib/request-context';
import { retryDeadlocks } from '../../lib/retry';
import { Role } from '../../lib/roles';
import { one, run } from '../../lib/sql';
import { RATE_LIMITS, type RateLimiter } from '../../lib/throttle';
import { Account, SIGN_IN_CODE_ATTEMPTS } from './entities';
import { accountRegistered } from './hooks';
import { AccountErrorCode as E, accountService, defaultDisplayName, type AccountService, type Session } from './service';
import { SmsProviderError, type SmsProvider } from './sms';

/** How long a sign-in code works. */
export const SIGN_IN_CODE_TTL_SECONDS = 300;
/** The sweep deletes codes this long after they expired (until then a late try is told CODE_EXPIRED rather than CODE_INVALID). */
const EXPIRED_CODES_KEPT_SECONDS = 3600;
const CODE = /^\d{6}$/;

/** What phone sign-in shares across the process, supplied by the composition root. */
export interface PhoneSignInDeps {
  /** Null when SMS_PROVIDER=off. */
  sms: SmsProvider | null;
  /** Keys the HMAC of the stored codes (derived from JWT_SECRET): a copy of the table alone cannot be searched for codes. */
  codeKey: Buffer;
}

export const PHONE_SIGN_IN = new Dependency<PhoneSignInDeps>('phone sign-in: the SMS provider and the code key');

/** The key of the codes' HMAC, derived from the access tokens' secret so that a deployment has one secret fewer to keep. */
export function signInCodeKey(jwtSecret: string): Buffer {
  return createHmac('sha256', jwtSecret).update('phone sign-in codes').digest();
}

/**
 * Signing in (and registering on first use) with a phone number and a one-time code sent by SMS.
 *
 * - A code is 6 digits, works for 5 minutes, may be tried 5 times and signs in once. A new code
 *   replaces the number's previous one.
 * - Asking for a code answers the same whether or not the number has an account (nor does it say
 *   whether a code went out to an operator's number: operators sign in with their password only,
 *   and their numbers are sent nothing). Sends are limited per number and per client address.
 * - The database decides whether a code signs in: one conditional update counts the try and, when
 *   the hash matches, consumes the code; of parallel tries of the right code exactly one starts a
 *   session.
 */
export class PhoneSignIn {
  constructor(
    private readonly em: EntityManager,
    private readonly accounts: AccountService,
    private readonly deps: PhoneSignInDeps,
    private readonly rateLimits: RateLimiter,
  ) {}

  /** Sends a new code to the number; its expiry, or TOO_MANY_CODES with the seconds to wait. */
  async requestCode(rawPhone: string, clientAddress: string): Promise<{ expiresAt: Date }> {
    const phone = checkedPhone(rawPhone);
    const sms = this.deps.sms;
    if (!sms) throw new DomainError(E.SMS_UNAVAILABLE, 'Signing in with a phone code is not available on this server: sign in with a password', null);
    const refused = await this.rateLimits.take([
      ['signInCodesPerPhone', phone],
      ['signInCodesPerAddress', clientAddress],
    ]);
    if (refused) throw new TooManyCodes(refused.retryAfter);

    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const expiresAt = new Date(Date.now() + SIGN_IN_CODE_TTL_SECONDS * 1000);
    // One statement: the number's account, if an operator's, keeps its previous code (none) and is sent nothing.
    const [sent] = await run<{ phone: string }>(
      this.em,
      `insert into phone_sign_in_code (phone, code_hash, attempts, expires_at, consumed_at, sent_at)
       select ?, ?, 0, ?, null, now()
       where not exists (select 1 from account where phone = ? and role = ?)
       on conflict (phone) do update set code_hash = excluded.code_hash, attempts = 0, expires_at = excluded.expires_at, consumed_at = null, sent_at = excluded.sent_at
       returning phone`,
      [phone, this.hash(phone, code), expiresAt, phone, Role.OPERATOR],
    );
    if (sent) {
      try {
        await sms.sendSignInCode({ phone, code, ttlMinutes: SIGN_IN_CODE_TTL_SECONDS / 60 });
      } catch (err) {
        if (!(err instanceof SmsProviderError)) throw err;
        throw new DomainError(E.SMS_UNAVAILABLE, 'The code could not be sent: try again in a minute', ['phone'], true);
      }
    }
    return { expiresAt };
  }

  /**
   * Signs in with the number's code: the account with this number, or a new customer account made
   * now through the calling storefront (bound to the owner of `inviteCode`, if given, under the
   * registration's binding rules). A wrong try is counted before the refusal is answered.
   */
  async signIn(rawPhone: string, code: string, inviteCode: string | null, storefrontAppId: string | null): Promise<Session> {
    const phone = checkedPhone(rawPhone);
    if (!CODE.test(code)) throw new DomainError(E.CODE_INVALID, 'The code is the 6 digits of the text message', ['code']);
    type Outcome = { session: Session } | { refused: 'no live code' } | { refused: 'wrong code'; attemptsLeft: number };
    const outcome = await retryDeadlocks(() =>
      this.em.transactional(async (tx): Promise<Outcome> => {
        const [tried] = await run<{ matched: boolean; attempts: number }>(
          tx,
          `update phone_sign_in_code set attempts = attempts + 1, consumed_at = case when code_hash = ? then now() end
           where phone = ? and consumed_at is null and expires_at > now() and attempts < ?
           returning consumed_at is not null as matched, attempts`,
          [this.hash(phone, code), phone, SIGN_IN_CODE_ATTEMPTS],
        );
        if (!tried) return { refused: 'no live code' };
        // The counted try commits with the refusal.
        if (!tried.matched) return { refused: 'wrong code', attemptsLeft: SIGN_IN_CODE_ATTEMPTS - tried.attempts };
        return { session: await this.sessionFor(tx, phone, inviteCode, storefrontAppId) };
      }),
    );
    if ('session' in outcome) return outcome.session;
    if (outcome.refused === 'wrong code') {
      const left =
        outcome.attemptsLeft === 0 ? 'no tries are left: ask for a new code' : `${outcome.attemptsLeft} more ${outcome.attemptsLeft === 1 ? 'try' : 'tries'}`;
      throw new DomainError(E.CODE_INVALID, `The code is wrong; ${left}`, ['code']);
    }
    throw await this.whyRefused(phone);
  }

  /** The account of the number, made now if it has none, and a session of it; in the caller's transaction. */
  private async sessionFor(tx: EntityManager, phone: string, inviteCode: string | null, storefrontAppId: string | null): Promise<Session> {
    const [made] = await run<{ id: string }>(
      tx,
      `insert into account (id, email, phone, password_hash, display_name, role, registered_via_id, created_at, updated_at)
       values (?, null, ?, null, ?, ?, ?, now(), now())
       on conflict (phone) do nothing returning id`,
      [uuidv7(), phone, defaultDisplayName(null, phone), Role.CUSTOMER, storefrontAppId],
    );
    if (made) {
      if (inviteCode != null) await this.accounts.bindToInviter(tx, made.id, inviteCode, ['inviteCode']);
      // The `accountRegistered` hooks of the modules in src/modules/index.ts, as registration runs them.
      await accountRegistered(tx, made.id);
    }
    const account = await tx.findOneOrFail(Account, made ? made.id : { phone });
    // An operator's number is sent no code; this is a number that became an operator's since.
    if (account.role === Role.OPERATOR) throw new DomainError(E.CODE_INVALID, 'Operators sign in with their password', ['code']);
    return this.accounts.startSession(tx, account);
  }

  /** Why no live code matched: used or never sent, tried too often, or expired — in that order. */
  private async whyRefused(phone: string): Promise<DomainError> {
    const row = await one<{ consumed: boolean; spent: boolean; expired: boolean }>(
      this.em,
      `select consumed_at is not null as consumed, attempts >= ? as spent, expires_at <= now() as expired from phone_sign_in_code where phone = ?`,
      [SIGN_IN_CODE_ATTEMPTS, phone],
    );
    if (!row || row.consumed)
      return new DomainError(E.CODE_INVALID, 'No code is waiting for this number (it was used, or none was sent): ask for a new one', ['code']);
    if (row.spent) return new DomainError(E.TOO_MANY_ATTEMPTS, `The code was tried ${SIGN_IN_CODE_ATTEMPTS} times: ask for a new one`, ['code']);
    return new DomainError(E.CODE_EXPIRED, `The code is more than ${SIGN_IN_CODE_TTL_SECONDS / 60} minutes old: ask for a new one`, ['code']);
  }

  private hash(phone: string, code: string): string {
    return createHmac('sha256', this.deps.codeKey).update(`${phone}:${code}`).digest('hex');
  }
}

/** TOO_MANY_CODES, with the seconds until the number or the address may be sent another code. */
export class TooManyCodes extends DomainError {
  constructor(readonly retryAfter: number) {
    super(E.TOO_MANY_CODES, `Too many codes were asked for this number or from your address: try again in ${retryAfter} s`, ['phone'], true);
  }
}

function checkedPhone(raw: string): string {
  const phone = normalizePhone(raw.trim());
  if (!PHONE.test(phone))
    throw new DomainError(E.INVALID_PHONE, `"${raw}" is not a phone number: use 11 digits starting with 1, or +country code and number`, ['phone']);
  return phone;
}

/** Deletes the codes that expired more than an hour ago, used or not (set-based; the accounts module's job runs it). Answers how many went. */
export async function sweepSignInCodes(em: EntityManager): Promise<number> {
  const gone = await run<{ phone: string }>(em, `delete from phone_sign_in_code where expires_at < now() - make_interval(secs => ?) returning phone`, [
    EXPIRED_CODES_KEPT_SECONDS,
  ]);
  return gone.length;
}

/** Built per request, over its EntityManager, when the request first asks (`ctx.use`). */
export const phoneSignIn = (ctx: RequestContext): PhoneSignIn =>
  new PhoneSignIn(ctx.em, ctx.use(accountService), ctx.need(PHONE_SIGN_IN), ctx.need(RATE_LIMITS));

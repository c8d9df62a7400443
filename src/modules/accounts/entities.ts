import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7 } from '../../lib/ids';
import { Role } from '../../lib/roles';
import { StorefrontApp } from '../storefronts/entities';

/** A person who signs in: a customer (who may become a member) or an operator. */
@Entity({ tableName: 'account' })
@Check({ name: 'account_has_login', expression: 'email is not null or phone is not null' })
export class Account {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** Stored lower-cased, so uniqueness ignores case. */
  @Property({ type: 'text', nullable: true, unique: true })
  email: string | null = null;

  /** Stored as digits with an optional leading +. */
  @Property({ type: 'text', nullable: true, unique: true })
  phone: string | null = null;

  /** Null for an account made by phone sign-in (phone-codes.ts): it signs in with codes until it has a password. */
  @Property({ type: 'text', lazy: true, nullable: true })
  passwordHash: string | null = null;

  @Property({ type: 'text' })
  displayName: string;

  @Enum({ items: () => Role, nativeEnumName: 'account_role', default: Role.CUSTOMER })
  role: Role = Role.CUSTOMER;

  /** The sales channel the customer registered through; null for operators created by hand. */
  @ManyToOne(() => StorefrontApp, { nullable: true, index: true, deleteRule: 'set null' })
  registeredVia: StorefrontApp | null = null;

  @Index()
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

/** Why a session ended. */
export enum SessionEndReason {
  /** The customer signed out. */
  LOGOUT = 'logout',
  /** A refresh token of the session that had already been used was presented again: it may have been copied. */
  REFRESH_TOKEN_REUSED = 'refresh_token_reused',
  /** The account's password was reset (npm run operator:reset-password): every session of it ended. */
  PASSWORD_RESET = 'password_reset',
}

/**
 * What one sign-in (login or registration) started: its refresh tokens follow each other, one
 * refresh at a time, and its access tokens name it (the `sid` claim). Ending it is final: every
 * refresh token of it stops working, and its access tokens are refused.
 */
@Entity({ tableName: 'account_session' })
@Check({ name: 'account_session_end', expression: '(ended_at is null) = (end_reason is null)' })
export class AccountSession {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Account, { index: true, deleteRule: 'cascade' })
  account: Account;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  endedAt: Date | null = null;

  @Enum({ items: () => SessionEndReason, nativeEnumName: 'session_end_reason', nullable: true })
  endReason: SessionEndReason | null = null;
}

/**
 * A refresh token, stored as a hash. Each is used once: refreshing consumes it with a conditional
 * update and issues the next in the same session. One presented again after it was used ends its
 * session (the token family of RFC 9700 §4.14.2), so a stolen token is worthless to the thief and
 * to whoever refreshed after them.
 */
@Entity({ tableName: 'refresh_token' })
export class RefreshToken {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Account, { index: true, deleteRule: 'cascade' })
  account: Account;

  @ManyToOne(() => AccountSession, { index: true, deleteRule: 'cascade' })
  session: AccountSession;

  @Property({ type: 'text', unique: true })
  tokenHash: string;

  @Property({ type: 'timestamptz' })
  expiresAt: Date;

  @Property({ type: 'timestamptz', nullable: true })
  usedAt: Date | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

/** How many times one sign-in code may be tried, the right try included. */
export const SIGN_IN_CODE_ATTEMPTS = 5;

/**
 * The sign-in code last sent to a phone number (phone-codes.ts): one row per number, replaced by
 * the next code. Only an HMAC of the code is kept. Verifying is one conditional update — it counts
 * the attempt and, when the hash matches, consumes the code — so a code signs in at most once,
 * whatever the concurrency, and is tried at most SIGN_IN_CODE_ATTEMPTS times.
 */
@Entity({ tableName: 'phone_sign_in_code' })
@Check({ name: 'phone_sign_in_code_attempts', expression: `attempts >= 0 and attempts <= ${SIGN_IN_CODE_ATTEMPTS}` })
export class PhoneSignInCode {
  /** Normalised as lib/phone.ts does. */
  @PrimaryKey({ type: 'text' })
  phone: string;

  /** HMAC-SHA256 of the phone number and the code (hex), keyed by a key derived from JWT_SECRET. */
  @Property({ type: 'text' })
  codeHash: string;

  @Property({ type: 'smallint', default: 0 })
  attempts: number = 0;

  /** Five minutes after it was sent; the sweep deletes rows an hour past it. */
  @Index()
  @Property({ type: 'timestamptz' })
  expiresAt: Date;

  /** When it signed someone in; a used code never works again. */
  @Property({ type: 'timestamptz', nullable: true })
  consumedAt: Date | null = null;

  @Property({ type: 'timestamptz' })
  sentAt: Date = new Date();
}

/** How many saved addresses one account may keep. */
export const MAX_ADDRESSES = 20;

/**
 * A shipping address an account saved (addresses.ts): lib/address.ts's rule. At most one per
 * account is the default — the partial unique index decides — and, while the account has any, one
 * is: the first saved becomes it, and removing it hands it to the newest left.
 */
@Entity({ tableName: 'account_address' })
@Index({
  name: 'account_address_one_default',
  expression: 'create unique index "account_address_one_default" on "account_address" ("account_id") where "is_default"',
})
export class AccountAddress {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Account, { index: true, deleteRule: 'cascade' })
  account: Account;

  @Property({ type: 'text' })
  recipientName: string;

  @Property({ type: 'text' })
  phone: string;

  @Property({ type: 'text' })
  region: string;

  @Property({ type: 'text' })
  detail: string;

  @Property({ type: 'boolean', default: false })
  isDefault: boolean = false;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();
}

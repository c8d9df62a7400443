import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { maxChars } from '../../lib/bounds';
import { UserError } from '../../lib/errors';
import { Node } from '../../lib/node';
import { Role } from '../../lib/roles';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwords';
import { AccountErrorCode, MAX_DISPLAY_NAME_LENGTH, MAX_EMAIL_LENGTH, MAX_PHONE_LENGTH, accountErrorCodeDescriptions } from './service';

/**
 * The longest invite code (MAX_CODE_LENGTH of referrals/codes.ts). Accounts cannot import the
 * referrals module, which imports accounts, so the number is repeated here.
 */
export const MAX_INVITE_CODE_LENGTH = 8;

registerEnumType(Role, {
  name: 'AccountRole',
  description: 'What an account may do.',
  valuesConfig: {
    CUSTOMER: { description: 'A buyer.' },
    MEMBER: { description: 'A customer with a membership: member prices and a shop of their own.' },
    OPERATOR: { description: 'A platform administrator.' },
  },
});
registerEnumType(AccountErrorCode, {
  name: 'AccountErrorCode',
  description: 'Why a sign-up, sign-in or token mutation was refused.',
  valuesConfig: accountErrorCodeDescriptions,
});

@ObjectType({ description: 'A signed-in person: a customer, member or operator.', implements: Node })
export class Account extends Node {
  /** The account of a sign-up or sign-in payload: the caller's own, though the request carries no token of it yet. */
  isSessionAccount?: boolean;

  @Field(() => String, { nullable: true, description: 'Email address (lower-case); null when signed up by phone.' })
  email: string | null;

  @Field(() => String, { nullable: true, description: 'Phone number; null when signed up by email.' })
  phone: string | null;

  @Field({ description: 'Name shown to others.' })
  displayName: string;

  @Field(() => Role, { description: 'What the account may do.' })
  role: Role;

  @Field(() => GraphQLDateTimeISO, { description: 'When the account was created.' })
  createdAt: Date;
}

@ObjectType({ description: 'Tokens of a signed-in session.' })
export class AuthTokens {
  @Field({ description: 'Send as "Authorization: Bearer <accessToken>". Short-lived, and refused as soon as its session ends (logout).' })
  accessToken: string;

  @Field(() => GraphQLDateTimeISO, { description: 'When the access token stops working.' })
  accessTokenExpiresAt: Date;

  @Field({ description: 'Exchange it for new tokens with refreshAccessToken before it expires; each works once.' })
  refreshToken: string;

  @Field(() => GraphQLDateTimeISO, { description: 'When the refresh token stops working.' })
  refreshTokenExpiresAt: Date;
}

@ObjectType({ description: 'A refused account mutation.', implements: UserError })
export class AccountUserError extends UserError {
  @Field(() => AccountErrorCode, { description: 'What kind of failure this is.' })
  code: AccountErrorCode;
}

@ObjectType({ description: 'Result of signing up, signing in or refreshing tokens.' })
export class AuthPayload {
  @Field(() => Account, { nullable: true, description: 'The signed-in account; null when refused.' })
  account: Account | null;

  @Field(() => AuthTokens, { nullable: true, description: "The session's tokens; null when refused." })
  tokens: AuthTokens | null;

  @Field(() => [AccountUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: AccountUserError[];
}

@ObjectType({ description: 'Result of asking for a sign-in code (requestSignInCode).' })
export class SignInCodePayload {
  @Field(() => GraphQLDateTimeISO, {
    nullable: true,
    description:
      'When the code stops working, 5 minutes from now; null when refused. The same answer whether or not the number has an account, so it never tells who has one.',
  })
  expiresAt: Date | null;

  @Field(() => Int, { nullable: true, description: 'With TOO_MANY_CODES: the seconds to wait before asking again; null otherwise.' })
  retryAfterSeconds: number | null;

  @Field(() => [AccountUserError], { description: 'Why it was refused (INVALID_PHONE, TOO_MANY_CODES, SMS_UNAVAILABLE); empty when the code is on its way.' })
  userErrors: AccountUserError[];
}

@ObjectType({ description: 'Result of signing out.' })
export class LogoutPayload {
  @Field({ description: 'Always true: the session no longer works (if it ever did).' })
  loggedOut: boolean;

  @Field(() => [AccountUserError], { description: 'Always empty; kept for the payload convention.' })
  userErrors: AccountUserError[];
}

@InputType({ description: 'A new customer account: an email address, a phone number, or both.' })
export class RegisterInput {
  @Field(() => String, { nullable: true, ...maxChars(MAX_EMAIL_LENGTH, 'Email address; unique.') })
  email?: string | null;

  @Field(() => String, {
    nullable: true,
    ...maxChars(MAX_PHONE_LENGTH, 'Mobile number: 11 digits starting with 1, or + and the international number; unique. Spaces and hyphens are dropped.'),
  })
  phone?: string | null;

  @Field(maxChars(MAX_PASSWORD_LENGTH, `At least ${MIN_PASSWORD_LENGTH} characters with letters and digits, not containing the email or phone.`))
  password: string;

  @Field(() => String, { nullable: true, ...maxChars(MAX_DISPLAY_NAME_LENGTH, 'Name shown to others; made from the email or phone when omitted.') })
  displayName?: string | null;

  @Field(() => String, {
    nullable: true,
    ...maxChars(
      MAX_INVITE_CODE_LENGTH,
      "A member's invite code (or invite-link token): the new customer is bound to that member as their inviter, in every binding mode. A code that binds nobody refuses the registration with INVALID_INVITE_CODE.",
    ),
  })
  inviteCode?: string | null;
}

@InputType({ description: 'Credentials to sign in.' })
export class LoginInput {
  @Field(maxChars(MAX_EMAIL_LENGTH, 'Email address or phone number.'))
  login: string;

  @Field(maxChars(MAX_PASSWORD_LENGTH, 'Password.'))
  password: string;
}

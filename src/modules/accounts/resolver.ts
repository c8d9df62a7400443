import { Arg, Ctx, Extensions, Mutation, Query, Resolver } from 'type-graphql';
import { maxChars } from '../../lib/bounds';
import { unauthenticated } from '../../lib/errors';
import { toGlobalId } from '../../lib/ids';
import { payload } from '../../lib/payload';
import type { RequestContext } from '../../lib/request-context';
import type { NodeFetcher } from '../manifest';
import { NO_STOREFRONT_NEEDED } from '../../lib/channel';
import { Account as AccountEntity } from './entities';
import { normalizeLogin, accountService, type Session } from './service';
import { MAX_REFRESH_TOKEN_LENGTH } from './tokens';
import { Account, AuthPayload, LoginInput, LogoutPayload, RegisterInput } from './types';
import { RATE_LIMITS } from '../../lib/throttle';

export function accountView(a: AccountEntity): Account {
  return {
    __typename: 'Account',
    id: toGlobalId('Account', a.id),
    email: a.email,
    phone: a.phone,
    displayName: a.displayName,
    role: a.role,
    createdAt: a.createdAt,
  } as Account;
}

export function sessionView(s: Session) {
  return {
    account: { ...accountView(s.account), isSessionAccount: true },
    tokens: {
      accessToken: s.accessToken,
      accessTokenExpiresAt: s.accessTokenExpiresAt,
      refreshToken: s.refreshToken,
      refreshTokenExpiresAt: s.refreshTokenExpiresAt,
    },
  };
}

/** An account is visible to itself and to operators. */
export const accountNode: NodeFetcher = async (ctx, id) => {
  if (!ctx.viewer || (ctx.viewer.accountId !== id && !ctx.isOperator)) return null;
  const account = await ctx.em.findOne(AccountEntity, id);
  return account ? accountView(account) : null;
};

@Resolver(() => Account)
export class AccountResolver {
  @Query(() => Account, { nullable: true, description: 'The signed-in account; null when the request carries no bearer token.' })
  @Extensions(NO_STOREFRONT_NEEDED)
  async me(@Ctx() ctx: RequestContext): Promise<Account | null> {
    if (!ctx.viewer) return null;
    const account = await ctx.em.findOne(AccountEntity, ctx.viewer.accountId);
    return account ? accountView(account) : null;
  }

  @Mutation(() => AuthPayload, {
    description:
      'Creates a customer account through the calling storefront (recorded as its sales channel) and signs it in. ' +
      'Rate limited per client address (default 30 an hour): past the limit the request fails with the top-level error THROTTLED (HTTP 429, Retry-After).',
  })
  async register(
    @Arg('input', () => RegisterInput, { description: "The new account's login and password." }) input: RegisterInput,
    @Ctx() ctx: RequestContext,
  ): Promise<AuthPayload> {
    await ctx.need(RATE_LIMITS).enforce([['registrationsPerAddress', ctx.clientAddress]]);
    return payload(async () => sessionView(await ctx.use(accountService).register(input, ctx.storefront?.appId ?? null)), { account: null, tokens: null });
  }

  @Mutation(() => AuthPayload, {
    description:
      'Signs in with an email address or phone number and a password. Also used by operators, without a storefront key. ' +
      'Rate limited per login (default 10 attempts in 15 minutes; signing in successfully starts the count again) and per client address (default 100 in 15 minutes). ' +
      'Every attempt counts, aliases of one request included; past a limit the attempt fails with the top-level error THROTTLED (HTTP 429, Retry-After) and the rest of the request is not run.',
  })
  @Extensions(NO_STOREFRONT_NEEDED)
  async login(@Arg('input', () => LoginInput, { description: 'The credentials.' }) input: LoginInput, @Ctx() ctx: RequestContext): Promise<AuthPayload> {
    const login = normalizeLogin(input.login);
    await ctx.need(RATE_LIMITS).enforce([
      ['signInPerLogin', login],
      ['signInPerAddress', ctx.clientAddress],
    ]);
    const result = await payload<AuthPayload>(async () => sessionView(await ctx.use(accountService).login(input.login, input.password)), {
      account: null,
      tokens: null,
    });
    // Signing in forgets the login's failed attempts; the address keeps its count.
    if (result.tokens) await ctx.need(RATE_LIMITS).reset('signInPerLogin', login);
    return result;
  }

  @Mutation(() => AuthPayload, {
    description:
      'Exchanges a refresh token for new tokens in the same session. Each refresh token works once. One presented again after it was used ends its whole session (it may have been copied): every token of the session stops working, those the earlier refresh returned included. Refresh one token at a time, even across tabs.',
  })
  @Extensions(NO_STOREFRONT_NEEDED)
  refreshAccessToken(
    @Arg('refreshToken', maxChars(MAX_REFRESH_TOKEN_LENGTH, 'The refreshToken of the current session.')) refreshToken: string,
    @Ctx() ctx: RequestContext,
  ): Promise<AuthPayload> {
    return payload(async () => sessionView(await ctx.use(accountService).refresh(refreshToken)), { account: null, tokens: null });
  }

  @Mutation(() => LogoutPayload, {
    description:
      'Signs out: ends the session of the refresh token given or, without one, the session of the bearer token. Every refresh token of the session stops working and its access tokens are refused at once (UNAUTHENTICATED). Other sessions of the account (other devices) go on. Without a refresh token, a bearer token is required.',
  })
  @Extensions(NO_STOREFRONT_NEEDED)
  logout(
    @Arg('refreshToken', () => String, {
      nullable: true,
      ...maxChars(MAX_REFRESH_TOKEN_LENGTH, 'A refresh token of the session to end. Omit it to end the session of the bearer token.'),
    })
    refreshToken: string | null | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<LogoutPayload> {
    if (refreshToken == null && !ctx.viewer) throw unauthenticated('Give the refreshToken of the session to end, or send its bearer token');
    return payload(
      async () => {
        await ctx.use(accountService).logout(refreshToken != null ? { refreshToken } : { sessionId: ctx.viewer!.sessionId });
        return { loggedOut: true };
      },
      { loggedOut: true },
    );
  }
}

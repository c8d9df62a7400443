import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { maxChars } from '../../lib/bounds';
import { payload } from '../../lib/payload';
import type { RequestContext } from '../../lib/request-context';
import { RATE_LIMITS } from '../../lib/throttle';
import { phoneSignIn, TooManyCodes } from './phone-codes';
import { sessionView } from './resolver';
import { MAX_PHONE_LENGTH } from './service';
import { AuthPayload, MAX_INVITE_CODE_LENGTH, SignInCodePayload } from './types';

/** Codes are 6 digits; a little more is accepted so that pasted spaces are trimmed rather than refused at the edge. */
const MAX_CODE_LENGTH = 12;

@Resolver()
export class PhoneSignInResolver {
  @Mutation(() => SignInCodePayload, {
    description:
      'Sends a one-time sign-in code by SMS to a phone number: 6 digits, working for 5 minutes, for 5 tries, once. A new code replaces the previous one. ' +
      'The answer is the same whether or not the number has an account. Operators sign in with their password: their numbers are sent nothing (the answer is the same). ' +
      'At most 5 codes an hour per number and 20 per client address by default; past that, TOO_MANY_CODES with retryAfterSeconds.',
  })
  async requestSignInCode(
    @Arg('phone', maxChars(MAX_PHONE_LENGTH, 'Mobile number: 11 digits starting with 1, or + and the international number. Spaces and hyphens are dropped.'))
    phone: string,
    @Ctx() ctx: RequestContext,
  ): Promise<SignInCodePayload> {
    let retryAfterSeconds: number | null = null;
    const answer = await payload<SignInCodePayload>(
      async () => {
        try {
          return { ...(await ctx.use(phoneSignIn).requestCode(phone, ctx.clientAddress)), retryAfterSeconds: null };
        } catch (err) {
          if (err instanceof TooManyCodes) retryAfterSeconds = err.retryAfter;
          throw err;
        }
      },
      { expiresAt: null, retryAfterSeconds: null },
    );
    return { ...answer, retryAfterSeconds };
  }

  @Mutation(() => AuthPayload, {
    description:
      'Signs in with a phone number and the code requestSignInCode sent to it; a number without an account gets a new customer account, registered through the calling storefront. ' +
      'Answers the same tokens as login. A wrong code counts as one of its 5 tries. ' +
      'Rate limited per client address like login (default 100 in 15 minutes; past it the top-level error THROTTLED, HTTP 429).',
  })
  async signInWithCode(
    @Arg('phone', maxChars(MAX_PHONE_LENGTH, 'The number the code was sent to, as given to requestSignInCode.')) phone: string,
    @Arg('code', maxChars(MAX_CODE_LENGTH, 'The 6 digits of the text message; spaces around them are ignored.')) code: string,
    @Arg('inviteCode', () => String, {
      nullable: true,
      ...maxChars(
        MAX_INVITE_CODE_LENGTH,
        "A member's invite code (or invite-link token): a new account is bound to that member as their inviter, under the registration's rules; a code that binds nobody refuses with INVALID_INVITE_CODE (the sign-in code stays usable). Ignored when the number already has an account.",
      ),
    })
    inviteCode: string | null | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<AuthPayload> {
    await ctx.need(RATE_LIMITS).enforce([['signInPerAddress', ctx.clientAddress]]);
    return payload(async () => sessionView(await ctx.use(phoneSignIn).signIn(phone, code.trim(), inviteCode ?? null, ctx.storefront?.appId ?? null)), {
      account: null,
      tokens: null,
    });
  }
}

import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { forbidden } from '../../lib/errors';
import { idOf, NO_SUCH_ID, toGlobalId } from '../../lib/ids';
import { mapConnection, PageArgs, pageCost } from '../../lib/pagination';
import { payload } from '../../lib/payload';
import type { RequestContext } from '../../lib/request-context';
import { Role } from '../../lib/roles';
import { Account } from '../accounts/types';
import { contentAuthors, type AuthorRow } from './authors';
import { contentLoaders } from './reads';
import { ContentAuthorConnection, ContentAuthorPayload, ContentAuthorType } from './types';

const authorView = (row: AuthorRow): ContentAuthorType => ({
  accountId: toGlobalId('Account', row.account_id),
  displayName: row.display_name,
  grantedAt: new Date(row.granted_at),
});

/** Who may write articles: operators make and unmake content authors. */
@Resolver(() => ContentAuthorType)
export class ContentAuthorResolver {
  @Authorized(Role.OPERATOR)
  @Query(() => ContentAuthorConnection, { complexity: pageCost, description: 'Every content author, latest made first. Operators only.' })
  async contentAuthors(@Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    return mapConnection(await ctx.use(contentAuthors).list(page), authorView);
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => ContentAuthorPayload, {
    description:
      'Makes an account (a member or a KOL) a content author: they may then write and publish articles. Granting again changes nothing. Operators only.',
  })
  grantAuthor(@Ctx() ctx: RequestContext, @Arg('accountId', () => ID, { description: 'The account.' }) accountId: string): Promise<ContentAuthorPayload> {
    return payload(async () => ({ author: authorView(await ctx.use(contentAuthors).grant(idOf('Account', accountId), ctx.viewer!.accountId)) }), {
      author: null,
    });
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => ContentAuthorPayload, {
    description:
      "Takes an account's right to write articles away (NOT_AN_AUTHOR when it has none). Its articles stay as they are: hide those that must go. Operators only.",
  })
  revokeAuthor(@Ctx() ctx: RequestContext, @Arg('accountId', () => ID, { description: 'The account.' }) accountId: string): Promise<ContentAuthorPayload> {
    return payload(
      async () => {
        await ctx.use(contentAuthors).revoke(idOf('Account', accountId));
        return { author: null };
      },
      { author: null },
    );
  }
}

@Resolver(() => Account)
export class AccountAuthorResolver {
  @FieldResolver(() => Boolean, {
    nullable: true,
    description: 'The account is a content author (may write articles). Seen by the account itself and by operators.',
  })
  async isContentAuthor(@Root() account: Account, @Ctx() ctx: RequestContext): Promise<boolean> {
    const accountId = idOf('Account', account.id) ?? NO_SUCH_ID;
    if (!account.isSessionAccount && !ctx.isOperator && ctx.viewer?.accountId !== accountId)
      throw forbidden('Only the account itself and operators may see whether it is a content author');
    return ctx.use(contentLoaders).isAuthor.load(accountId);
  }
}

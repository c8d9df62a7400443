import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { maxChars } from '../../lib/bounds';
import { idOf, NO_SUCH_ID, toGlobalId } from '../../lib/ids';
import { PageArgs, pageCost, mapConnection } from '../../lib/pagination';
import { payload } from '../../lib/payload';
import type { RequestContext } from '../../lib/request-context';
import type { NodeFetcher } from '../manifest';
import { Role } from '../../lib/roles';
import type { StorefrontApp as StorefrontAppEntity } from './entities';
import { MAX_NAME_LENGTH, storefrontService, type StorefrontAppRow } from './service';
import {
  allowedOriginsInput,
  StorefrontApp,
  StorefrontAppConnection,
  StorefrontAppPayload,
  StorefrontAppSecretPayload,
  StorefrontAppUpdateInput,
} from './types';

function appView(a: StorefrontAppEntity | StorefrontAppRow): StorefrontApp {
  if ('publicKey' in a) {
    return {
      __typename: 'StorefrontApp',
      id: toGlobalId('StorefrontApp', a.id),
      name: a.name,
      publicKey: a.publicKey,
      enabled: a.enabled,
      allowedOrigins: a.allowedOrigins,
      sharingGames: a.sharingGames,
      sharingGamesOffReason: a.sharingGamesOffReason,
      createdAt: a.createdAt,
    } as StorefrontApp;
  }
  return {
    __typename: 'StorefrontApp',
    id: toGlobalId('StorefrontApp', a.id),
    name: a.name,
    publicKey: a.public_key,
    enabled: a.enabled,
    allowedOrigins: a.allowed_origins,
    sharingGames: a.sharing_games,
    sharingGamesOffReason: a.sharing_games_off_reason,
    createdAt: new Date(a.created_at),
  } as StorefrontApp;
}

export const storefrontAppNode: NodeFetcher = async (ctx, id) => {
  if (!ctx.isOperator) return null;
  const app = await ctx.use(storefrontService).findById(id);
  return app ? appView(app) : null;
};

@Resolver(() => StorefrontApp)
export class StorefrontAppResolver {
  @Authorized(Role.OPERATOR)
  @Query(() => StorefrontAppConnection, { complexity: pageCost, description: 'All storefront apps, newest first. Operators only.' })
  async storefrontApps(@Args() page: PageArgs, @Ctx() ctx: RequestContext) {
    const connection = await ctx.use(storefrontService).list(page);
    return mapConnection(connection, appView);
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => StorefrontAppSecretPayload, { description: 'Creates a storefront app with a public and a secret key. Operators only.' })
  createStorefrontApp(
    @Arg('name', maxChars(MAX_NAME_LENGTH, 'Name shown to operators, not blank.')) name: string,
    @Arg('allowedOrigins', () => [String], { nullable: true, ...allowedOriginsInput('Omitted: none (servers only).') })
    allowedOrigins: string[] | null | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<StorefrontAppSecretPayload> {
    return payload(
      async () => {
        const { app, secretKey } = await ctx.use(storefrontService).create(name, allowedOrigins);
        return { storefrontApp: appView(app), secretKey };
      },
      { storefrontApp: null, secretKey: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => StorefrontAppPayload, {
    description: 'Renames, disables or re-enables a storefront app, or changes the browser origins it allows. Operators only.',
  })
  updateStorefrontApp(
    @Arg('id', () => ID, { description: 'The app.' }) id: string,
    @Arg('input', () => StorefrontAppUpdateInput, { description: 'The changes.' }) input: StorefrontAppUpdateInput,
    @Ctx() ctx: RequestContext,
  ): Promise<StorefrontAppPayload> {
    return payload(async () => ({ storefrontApp: appView(await ctx.use(storefrontService).update(idOf('StorefrontApp', id) ?? NO_SUCH_ID, input)) }), {
      storefrontApp: null,
    });
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => StorefrontAppSecretPayload, { description: "Replaces an app's secret key; the old one stops working at once. Operators only." })
  rotateStorefrontAppSecret(@Arg('id', () => ID, { description: 'The app.' }) id: string, @Ctx() ctx: RequestContext): Promise<StorefrontAppSecretPayload> {
    return payload(
      async () => {
        const { app, secretKey } = await ctx.use(storefrontService).rotateSecret(idOf('StorefrontApp', id) ?? NO_SUCH_ID);
        return { storefrontApp: appView(app), secretKey };
      },
      { storefrontApp: null, secretKey: null },
    );
  }
}

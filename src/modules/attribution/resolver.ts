import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { maxChars, MAX_SHARE_TOKEN_LENGTH } from '../../lib/bounds';
import { idOf } from '../../lib/ids';
import { payload } from '../../lib/payload';
import type { RequestContext } from '../../lib/request-context';
import { Role } from '../../lib/roles';
import { VISIBLE_STATUSES } from '../catalog/reads';
import { Product } from '../catalog/types';
import { productView } from '../catalog/views';
import { OrderLineType, OrderType } from '../orders/types';
import { shopCarrying } from '../shops/queries';
import { Shop } from '../shops/types';
import { shopView } from '../shops/views';
import { ShareEntry, toEntryPoint } from './entry';
import { OrderAttributionType, OrderLineSourceType, RecordShareTouchPayload, ShareLink, ShareLinkPayload } from './types';
import { lineSourceView, orderAttributionView, shareLinkView } from './views';
import { catalogLoaders } from '../catalog/loaders';
import { shopLoaders } from '../shops/reads';
import { attributionService } from './service';
import { attributionLoaders } from './reads';

async function openShop(ctx: RequestContext, shopId: string | null): Promise<Shop | null> {
  const row = shopId ? await ctx.use(shopLoaders).shop.load(shopId) : null;
  return row?.open ? shopView(row) : null;
}

@Resolver(() => ShareLink)
export class ShareLinkResolver {
  @Authorized(Role.MEMBER)
  @Mutation(() => ShareLinkPayload, {
    description: 'Your share link for your shop or a published product: the same token each time for the same target. Members only.',
  })
  createShareLink(
    @Ctx() ctx: RequestContext,
    @Arg('entry', () => ShareEntry, { description: 'What you share.' }) entry: ShareEntry,
    @Arg('targetId', () => ID, { description: "Your shop's id (myShop.shop.id) or the product's id." }) targetId: string,
  ): Promise<ShareLinkPayload> {
    return payload(
      async () => {
        const target = idOf(entry === ShareEntry.SHOP ? 'Shop' : 'Product', targetId);
        return { shareLink: shareLinkView(await ctx.use(attributionService).shareLink(ctx.viewer!.accountId, toEntryPoint(entry), target)) };
      },
      { shareLink: null },
    );
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => RecordShareTouchPayload, {
    description:
      'Records that the signed-in customer arrived through a share link (the token in the URL). Their orders within the attribution window go to the last link they arrived through; passing the token to checkout counts as arriving then.',
  })
  recordShareTouch(
    @Ctx() ctx: RequestContext,
    @Arg('token', maxChars(MAX_SHARE_TOKEN_LENGTH, 'The token from the share URL.')) token: string,
  ): Promise<RecordShareTouchPayload> {
    return payload(async () => ({ shareLink: shareLinkView(await ctx.use(attributionService).recordTouch(ctx.viewer!.accountId, token)) }), {
      shareLink: null,
    });
  }

  @FieldResolver(() => Shop, {
    nullable: true,
    description:
      "The shop the link sells through: the shared shop, or for a product the sharer's shop when it carries the product (then the shop's price applies). Null otherwise (content card links included) or when the sharer is no longer a member.",
  })
  async shop(@Root() link: ShareLink, @Ctx() ctx: RequestContext): Promise<Shop | null> {
    if (link.entry === ShareEntry.CONTENT) return null;
    const shopId = link.entry === ShareEntry.SHOP ? link.targetDbId : await shopCarrying(ctx.em, link.sharerDbId, link.targetDbId);
    return openShop(ctx, shopId);
  }

  @FieldResolver(() => Product, { nullable: true, description: 'The product shared; null for a shop link.' })
  async product(@Root() link: ShareLink, @Ctx() ctx: RequestContext): Promise<Product | null> {
    if (link.entry !== ShareEntry.PRODUCT) return null;
    const row = await ctx.use(catalogLoaders).product.load(link.targetDbId);
    const view = row && productView(row);
    return view && VISIBLE_STATUSES.includes(view.status) ? view : null;
  }
}

@Resolver(() => OrderType)
export class OrderAttributionResolver {
  @Authorized(Role.OPERATOR)
  @FieldResolver(() => OrderAttributionType, {
    nullable: true,
    description:
      'Who the order is attributed to (share link, shop, inviter), fixed at checkout and never changed. Operators only; a shop owner sees their share in myShop.orders. Null for orders placed before attribution existed.',
  })
  async attribution(@Root() order: OrderType, @Ctx() ctx: RequestContext): Promise<OrderAttributionType | null> {
    const row = await ctx.use(attributionLoaders).byOrder.load(order.dbId);
    return row && orderAttributionView(row);
  }
}

@Resolver(() => OrderAttributionType)
export class OrderAttributionShopResolver {
  @FieldResolver(() => Shop, {
    nullable: true,
    description: 'The shop the order went through (its customers and statistics count it, its prices applied); null when none.',
  })
  async shop(@Root() attribution: OrderAttributionType, @Ctx() ctx: RequestContext): Promise<Shop | null> {
    const row = attribution.shopDbId ? await ctx.use(shopLoaders).shop.load(attribution.shopDbId) : null;
    return row && shopView(row);
  }
}

@Resolver(() => OrderLineType)
export class OrderLineSourceResolver {
  @FieldResolver(() => OrderLineSourceType, {
    nullable: true,
    description:
      'Where this line came from and why (a content card, a shop or product link, the inviter, or nothing), frozen at checkout. Seen with the line: by its buyer and by operators. Null for lines placed before lines had their own source.',
  })
  async source(@Root() line: OrderLineType, @Ctx() ctx: RequestContext): Promise<OrderLineSourceType | null> {
    const row = await ctx.use(attributionLoaders).byLine.load(line.dbId);
    return row && lineSourceView(row);
  }
}

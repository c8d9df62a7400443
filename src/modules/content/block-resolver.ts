import { Arg, Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { mapConnection, PageArgs, pageCost } from '../../lib/pagination';
import type { RequestContext } from '../../lib/request-context';
import { Role } from '../../lib/roles';
import { Product } from '../catalog/types';
import { featuredView } from './featured';
import { ArticleReads, ArticleSort, contentLoaders, featuredKey } from './reads';
import { Article, ArticleBlock, ArticleConnection, ArticleProduct, ProductCardBlock, ProductGridBlock } from './types';
import { articleView, blockView } from './views';

const listCost =
  (n: number) =>
  ({ childComplexity }: { childComplexity: number }) =>
    1 + childComplexity * n;

const isMember = (ctx: RequestContext) => ctx.viewer?.role === Role.MEMBER;

/** A featured product, live for this viewer: read with the article page, or all of a listing's cards and grid items in one statement (ContentLoaders.featured). */
async function featured(ctx: RequestContext, authorId: string, productId: string, skuId: string | null): Promise<ArticleProduct> {
  return featuredView(await ctx.use(contentLoaders).featured.load(featuredKey(authorId, productId)), skuId, isMember(ctx));
}

/** The link token of a product block: storefronts pass it as `shareToken` (checkout) so the sale is traced to this card. */
async function linkToken(ctx: RequestContext, block: { articleDbId: string; blockDbId: string }): Promise<string | null> {
  return (await ctx.use(contentLoaders).linkTokens.load(block.articleDbId)).get(block.blockDbId) ?? null;
}

@Resolver(() => Article)
export class ArticleBodyResolver {
  // An article holds at most 100 blocks; 20 is what a page usually has, as for a product's SKUs.
  @FieldResolver(() => [ArticleBlock], { complexity: listCost(20), description: 'The body, in reading order.' })
  blocks(@Root() article: Article): ArticleBlock[] {
    return article.storedBlocks.map((block) => blockView(article, block));
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Why an operator hid the article; null when it is not hidden, and for anyone but its author and operators.',
  })
  hiddenReason(@Root() article: Article, @Ctx() ctx: RequestContext): string | null {
    return ctx.isOperator || ctx.viewer?.accountId === article.authorDbId ? article.storedHiddenReason : null;
  }
}

@Resolver(() => ProductCardBlock)
export class ProductCardBlockResolver {
  @FieldResolver(() => ArticleProduct, { description: 'The product (and SKU), live: status, stock and the price this viewer pays.' })
  item(@Root() card: ProductCardBlock, @Ctx() ctx: RequestContext): Promise<ArticleProduct> {
    return featured(ctx, card.authorDbId, card.productDbId, card.skuDbId);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      "The card's link token (a share link of entry CONTENT naming this article and card, shared by the author): pass it as checkout's `shareToken` so the sale is traced to this card.",
  })
  linkToken(@Root() card: ProductCardBlock, @Ctx() ctx: RequestContext): Promise<string | null> {
    return linkToken(ctx, card);
  }
}

@Resolver(() => ProductGridBlock)
export class ProductGridBlockResolver {
  @FieldResolver(() => [ArticleProduct], {
    complexity: listCost(6),
    description: 'The products, in order, live: status, stock and the price this viewer pays.',
  })
  items(@Root() grid: ProductGridBlock, @Ctx() ctx: RequestContext): Promise<ArticleProduct[]> {
    return Promise.all(grid.productDbIds.map((productId) => featured(ctx, grid.authorDbId, productId, null)));
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "The grid's link token (entry CONTENT, naming this article and grid): pass it as checkout's `shareToken` so the sale is traced to this grid.",
  })
  linkToken(@Root() grid: ProductGridBlock, @Ctx() ctx: RequestContext): Promise<string | null> {
    return linkToken(ctx, grid);
  }
}

/** A product page's "what people say": the published articles featuring it. */
@Resolver(() => Product)
export class ProductArticlesResolver {
  @FieldResolver(() => ArticleConnection, {
    complexity: pageCost,
    description: 'Published articles featuring this product in a card or grid, newest or most sold first.',
  })
  async articles(
    @Root() product: Product,
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('sort', () => ArticleSort, { defaultValue: ArticleSort.NEWEST, description: 'Order of the list.' }) sort: ArticleSort = ArticleSort.NEWEST,
  ) {
    return mapConnection(await new ArticleReads(ctx.em).published(page, { productId: product.dbId }, sort), articleView);
  }
}

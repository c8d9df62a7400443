import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { maxChars, maxItems } from '../../lib/bounds';
import { badInput } from '../../lib/errors';
import { idOf, NO_SUCH_ID } from '../../lib/ids';
import { mapConnection, PageArgs, pageCost } from '../../lib/pagination';
import { payload } from '../../lib/payload';
import type { RequestContext } from '../../lib/request-context';
import { Role } from '../../lib/roles';
import type { NodeFetcher } from '../manifest';
import type { BlockInput } from './blocks';
import { ArticleStatus } from './entities';
import { AllArticlesFilterInput, ArticleBlockInput, ArticleCreateInput, ArticleFilterInput, ArticleUpdateInput } from './input-types';
import { ArticleReads, ArticleSort, contentLoaders } from './reads';
import { MAX_REASON_LENGTH, MAX_SLUG_LENGTH } from './rules';
import { articleService, type ArticleDraft } from './service';
import { Article, ArticleConnection, ArticlePayload, ArticleStatusEnum } from './types';
import { articleView } from './views';

/** Storefronts see published articles; an author also their own in any state; operators all. */
export function maySee(ctx: RequestContext, row: { status: string; author_id: string }): boolean {
  return row.status === ArticleStatus.PUBLISHED || ctx.isOperator || ctx.viewer?.accountId === row.author_id;
}

export const articleNode: NodeFetcher = async (ctx, id) => {
  const row = await ctx.use(contentLoaders).article.load(id);
  return row && maySee(ctx, row) ? articleView(row) : null;
};

const decode = (type: string, id: string | null | undefined) => (id == null ? null : (idOf(type, id) ?? NO_SUCH_ID));

/** The author's blocks with their ids decoded: an id that is not one of the right type matches nothing. */
function blocksOf(blocks: ArticleBlockInput[]): BlockInput[] {
  return blocks.map((b) => ({
    ...b,
    id: decode('ArticleBlock', b.id),
    productCard: b.productCard && { ...b.productCard, productId: decode('Product', b.productCard.productId), skuId: decode('Sku', b.productCard.skuId) },
    productGrid: b.productGrid && { ...b.productGrid, productIds: b.productGrid.productIds.map((id) => decode('Product', id)) },
    review: b.review && { reviewId: idOf('Review', b.review.reviewId) },
  }));
}

function draftOf(input: ArticleCreateInput | ArticleUpdateInput): ArticleDraft {
  return { ...input, blocks: input.blocks ? blocksOf(input.blocks) : input.blocks };
}

async function articlePayload(ctx: RequestContext, articleId: string): Promise<{ article: Article }> {
  const [row] = await new ArticleReads(ctx.em).byIds([articleId]);
  return { article: articleView(row) };
}

const statusesOf = (statuses: ArticleStatusEnum[] | null | undefined) => statuses?.map((s) => s.toLowerCase() as ArticleStatus);

@Resolver(() => Article)
export class ArticleResolver {
  @Query(() => Article, {
    nullable: true,
    description: 'An article by its slug: published for storefronts; its author and operators also see it in any other state. Null otherwise.',
  })
  async article(@Ctx() ctx: RequestContext, @Arg('slug', maxChars(MAX_SLUG_LENGTH, "The article's slug.")) slug: string): Promise<Article | null> {
    const row = await new ArticleReads(ctx.em).page(slug.trim());
    if (!row || !maySee(ctx, row)) return null;
    ctx.use(contentLoaders).prime(row);
    return articleView(row);
  }

  @Query(() => ArticleConnection, { complexity: pageCost, description: 'Published articles, filtered, newest or most sold first, a page at a time.' })
  async articles(
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('filter', () => ArticleFilterInput, { nullable: true, description: 'Filters; all given must match.' }) filter?: ArticleFilterInput,
    @Arg('sort', () => ArticleSort, { defaultValue: ArticleSort.NEWEST, description: 'Order of the list.' }) sort: ArticleSort = ArticleSort.NEWEST,
  ) {
    if (filter?.publishedAfter && filter.publishedBefore && filter.publishedAfter >= filter.publishedBefore)
      throw badInput('filter.publishedAfter must be before filter.publishedBefore', 'filter.publishedAfter');
    const connection = await new ArticleReads(ctx.em).published(
      page,
      { ...filter, authorId: decode('ArticleAuthor', filter?.authorId), productId: decode('Product', filter?.productId) },
      sort,
    );
    return mapConnection(connection, articleView);
  }

  @Authorized()
  @Query(() => ArticleConnection, { complexity: pageCost, description: 'Your own articles in every state, latest written first. Signed-in authors.' })
  async myArticles(
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('statuses', () => [ArticleStatusEnum], { nullable: true, ...maxItems(4, 'Only articles in these states; omitted: all.') })
    statuses?: ArticleStatusEnum[],
  ) {
    const connection = await new ArticleReads(ctx.em).written(page, { authorId: ctx.viewer!.accountId, statuses: statusesOf(statuses) });
    return mapConnection(connection, articleView);
  }

  @Authorized(Role.OPERATOR)
  @Query(() => ArticleConnection, { complexity: pageCost, description: 'Every article of every author in every state, latest written first. Operators only.' })
  async allArticles(
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('filter', () => AllArticlesFilterInput, { nullable: true, description: 'Filters; all given must match.' }) filter?: AllArticlesFilterInput,
  ) {
    const connection = await new ArticleReads(ctx.em).written(page, {
      authorId: decode('ArticleAuthor', filter?.authorId),
      statuses: statusesOf(filter?.statuses),
    });
    return mapConnection(connection, articleView);
  }

  @Authorized()
  @Mutation(() => ArticlePayload, {
    description: 'Writes a new article, as a draft: publish it with publishArticle. Content authors only (NOT_AN_AUTHOR otherwise).',
  })
  createArticle(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ArticleCreateInput, { description: 'The article.' }) input: ArticleCreateInput,
  ): Promise<ArticlePayload> {
    return payload(
      async () =>
        articlePayload(
          ctx,
          await ctx.use(articleService).create(ctx.viewer!.accountId, { ...draftOf(input), title: input.title, blocks: blocksOf(input.blocks) }),
        ),
      { article: null },
    );
  }

  @Authorized()
  @Mutation(() => ArticlePayload, {
    description: 'Changes one of your articles, in any state (a published one changes for readers at once). Content authors only.',
  })
  updateArticle(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Your article.' }) id: string,
    @Arg('input', () => ArticleUpdateInput, { description: 'The changes.' }) input: ArticleUpdateInput,
  ): Promise<ArticlePayload> {
    return payload(async () => articlePayload(ctx, await ctx.use(articleService).update(ctx.viewer!.accountId, idOf('Article', id), draftOf(input))), {
      article: null,
    });
  }

  @Authorized()
  @Mutation(() => ArticlePayload, {
    description: 'Publishes one of your articles (a draft or one you unpublished): storefronts show it. Content authors only.',
  })
  publishArticle(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'Your article.' }) id: string): Promise<ArticlePayload> {
    return payload(async () => articlePayload(ctx, await ctx.use(articleService).publish(ctx.viewer!.accountId, idOf('Article', id))), { article: null });
  }

  @Authorized()
  @Mutation(() => ArticlePayload, { description: 'Takes one of your published articles down; you may publish it again. Content authors only.' })
  unpublishArticle(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'Your article.' }) id: string): Promise<ArticlePayload> {
    return payload(async () => articlePayload(ctx, await ctx.use(articleService).unpublish(ctx.viewer!.accountId, idOf('Article', id))), { article: null });
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => ArticlePayload, {
    description: 'Takes a published article down, with a reason its author sees; only unhideArticle brings it back. Operators only.',
  })
  hideArticle(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'The article.' }) id: string,
    @Arg('reason', maxChars(MAX_REASON_LENGTH, 'Why, for the author; not empty.')) reason: string,
  ): Promise<ArticlePayload> {
    return payload(async () => articlePayload(ctx, await ctx.use(articleService).hide(idOf('Article', id), reason)), { article: null });
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => ArticlePayload, { description: 'Publishes a hidden article again and clears its reason. Operators only.' })
  unhideArticle(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'The article.' }) id: string): Promise<ArticlePayload> {
    return payload(async () => articlePayload(ctx, await ctx.use(articleService).unhide(idOf('Article', id))), { article: null });
  }
}

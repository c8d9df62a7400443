import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../lib/request-context';
import { OrderLineSourceType } from '../attribution/types';
import { contentLoaders } from './reads';
import { maySee } from './resolver';
import { Article } from './types';
import { articleView } from './views';

/** The article of a line that came from a content card (attribution's OrderLineSource, listed before this module). */
@Resolver(() => OrderLineSourceType)
export class LineSourceArticleResolver {
  @FieldResolver(() => Article, {
    nullable: true,
    description:
      'CONTENT_CARD: the article as it is now, when this viewer may see it (published, or theirs, or to an operator); null otherwise — articleTitle and cardPosition keep what it was at checkout.',
  })
  async article(@Root() source: OrderLineSourceType, @Ctx() ctx: RequestContext): Promise<Article | null> {
    const row = source.articleDbId ? await ctx.use(contentLoaders).article.load(source.articleDbId) : null;
    return row && maySee(ctx, row) ? articleView(row) : null;
  }
}

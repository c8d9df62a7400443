import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { maxChars } from '../../lib/bounds';
import { forbidden } from '../../lib/errors';
import { idOf } from '../../lib/ids';
import { money } from '../../lib/money';
import { STATISTICS_COST } from '../../lib/pagination';
import { payload } from '../../lib/payload';
import type { RequestContext } from '../../lib/request-context';
import { isProductBlock } from './blocks';
import { articleFunnel, type FunnelCardRow, type FunnelDayRow } from './funnel';
import { ArticleFunnel as ArticleFunnelType } from './funnel-types';
import { MAX_SLUG_LENGTH, MAX_VISITOR_ID_LENGTH } from './rules';
import { Article, RecordContentEventPayload } from './types';
import { blockView } from './views';

const counts = (row: Omit<FunnelDayRow, 'day' | 'views' | 'unique_views'> | Omit<FunnelCardRow, 'block_id'>) => ({
  clicks: row.clicks,
  addToCarts: row.add_to_carts,
  orders: row.orders,
  paidSales: money(Number(row.paid_sales)),
  refundedSales: money(Number(row.refunded_sales)),
});

const NO_COUNTS: Omit<FunnelCardRow, 'block_id'> = { clicks: 0, add_to_carts: 0, orders: 0, paid_sales: '0', refunded_sales: '0' };

@Resolver(() => Article)
export class ArticleFunnelResolver {
  @FieldResolver(() => ArticleFunnelType, {
    nullable: true,
    complexity: STATISTICS_COST,
    description:
      'Views, clicks, add-to-carts and orders over a period of calendar days (China time; at most 366), in total, by day and by card. Seen by its author and by operators (others get FORBIDDEN and null, and the rest of the article).',
  })
  async funnel(
    @Root() article: Article,
    @Ctx() ctx: RequestContext,
    @Arg('from', () => GraphQLLocalDate, { description: 'First day.' }) from: string,
    @Arg('to', () => GraphQLLocalDate, { description: 'Last day (included).' }) to: string,
  ): Promise<ArticleFunnelType> {
    if (!ctx.isOperator && ctx.viewer?.accountId !== article.authorDbId) throw forbidden('Only the author of the article and operators may see its funnel');
    const funnel = ctx.use(articleFunnel);
    const [days, cards] = [await funnel.days(article.dbId, from, to), await funnel.cards(article.dbId, from, to)];
    const byBlock = new Map(cards.map((c) => [c.block_id, c]));
    const sum = (pick: (d: FunnelDayRow) => number) => days.reduce((s, d) => s + pick(d), 0);
    return {
      from,
      to,
      views: sum((d) => d.views),
      uniqueViews: sum((d) => d.unique_views),
      ...counts({
        clicks: sum((d) => d.clicks),
        add_to_carts: sum((d) => d.add_to_carts),
        orders: sum((d) => d.orders),
        paid_sales: String(sum((d) => Number(d.paid_sales))),
        refunded_sales: String(sum((d) => Number(d.refunded_sales))),
      }),
      days: days.map((d) => ({ day: d.day, views: d.views, uniqueViews: d.unique_views, ...counts(d) })),
      cards: article.storedBlocks.filter(isProductBlock).map((block) => ({ block: blockView(article, block), ...counts(byBlock.get(block.id) ?? NO_COUNTS) })),
    };
  }

  @Mutation(() => RecordContentEventPayload, {
    description:
      "Counts a view of a published article for its funnel: in the day's views, and in its unique views when it is the visitor's first that day. Storefronts call it when they show the article; a signed-in reader is counted by account, anyone else by `visitorId`.",
  })
  recordArticleView(
    @Ctx() ctx: RequestContext,
    @Arg('slug', maxChars(MAX_SLUG_LENGTH, "The article's slug.")) slug: string,
    @Arg('visitorId', maxChars(MAX_VISITOR_ID_LENGTH, 'The storefront\'s id of this visitor (a cookie or device id): letters, digits, "-", "_", "." and ":".'))
    visitorId: string,
  ): Promise<RecordContentEventPayload> {
    return payload(
      async () => {
        await ctx.use(articleFunnel).recordView(slug, ctx.viewer?.accountId ?? null, visitorId);
        return { recorded: true };
      },
      { recorded: false },
    );
  }

  @Mutation(() => RecordContentEventPayload, {
    description:
      'Counts a click on a product card or grid of a published article, for its funnel. Storefronts call it when a reader opens the product from the card.',
  })
  recordCardClick(
    @Ctx() ctx: RequestContext,
    @Arg('articleId', () => ID, { description: 'The article.' }) articleId: string,
    @Arg('blockId', () => ID, { description: 'The card or grid (ArticleBlock.id).' }) blockId: string,
  ): Promise<RecordContentEventPayload> {
    return this.cardEvent(ctx, articleId, blockId, 'clicks');
  }

  @Mutation(() => RecordContentEventPayload, {
    description:
      'Counts an add-to-cart from a product card or grid of a published article, for its funnel. Storefronts call it beside addCartLines when the reader adds from the card.',
  })
  recordCardAddToCart(
    @Ctx() ctx: RequestContext,
    @Arg('articleId', () => ID, { description: 'The article.' }) articleId: string,
    @Arg('blockId', () => ID, { description: 'The card or grid (ArticleBlock.id).' }) blockId: string,
  ): Promise<RecordContentEventPayload> {
    return this.cardEvent(ctx, articleId, blockId, 'add_to_carts');
  }

  private cardEvent(ctx: RequestContext, articleId: string, blockId: string, event: 'clicks' | 'add_to_carts'): Promise<RecordContentEventPayload> {
    return payload(
      async () => {
        await ctx.use(articleFunnel).recordCardEvent(idOf('Article', articleId), idOf('ArticleBlock', blockId), event);
        return { recorded: true };
      },
      { recorded: false },
    );
  }
}

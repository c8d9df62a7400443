import type { ModuleManifest } from '../manifest';
import { AccountAuthorResolver, ContentAuthorResolver } from './author-resolver';
import { ArticleBodyResolver, ProductArticlesResolver, ProductCardBlockResolver, ProductGridBlockResolver } from './block-resolver';
import { Article, ArticleDay, ArticleVisitorDay, ContentAuthor, ContentCardDay, ContentOrderEvent } from './entities';
import { ArticleFunnelResolver } from './funnel-resolver';
import { registerContentJobs } from './jobs';
import { ArticleResolver, articleNode } from './resolver';
import { countPaidOrder, countPlacedOrder, countPlacedOrders, countRefundedOrder } from './sales';
import { LineSourceArticleResolver } from './source-resolver';

/**
 * Content-guide pages (内容导购): authors' articles with product cards at live prices, each card with
 * its link token (attribution's share_token, entry CONTENT), and the funnel of views, clicks and
 * add-to-carts per article and card, with the orders, paid and refunded sales of the lines checkout
 * attributed to each card (sales.ts, from the order events).
 */
export const contentModule: ModuleManifest = {
  name: 'content',
  entities: [ContentAuthor, Article, ArticleVisitorDay, ArticleDay, ContentCardDay, ContentOrderEvent],
  resolvers: [
    ArticleResolver,
    ArticleBodyResolver,
    ProductCardBlockResolver,
    ProductGridBlockResolver,
    ProductArticlesResolver,
    ArticleFunnelResolver,
    ContentAuthorResolver,
    AccountAuthorResolver,
    LineSourceArticleResolver,
  ],
  nodeTypes: { Article: articleNode },
  orderEventSubscribers: [
    { event: 'order.created', handler: countPlacedOrder, many: countPlacedOrders },
    { event: 'order.paid', handler: countPaidOrder },
    { event: 'order.refunded', handler: countRefundedOrder },
  ],
  jobs: ({ queue, fork }) => registerContentJobs(queue, fork),
};

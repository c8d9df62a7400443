import type { ModuleManifest } from '../manifest';
import { AccountAuthorResolver, ContentAuthorResolver } from './author-resolver';
import { ArticleBodyResolver, ProductArticlesResolver, ProductCardBlockResolver, ProductGridBlockResolver } from './block-resolver';
import { Article, ArticleDay, ArticleVisitorDay, ContentAuthor, ContentCardDay, ContentOrderEvent } from './entities';
import { ArticleFunnelResolver } from './funnel-resolver';
import { registerContentJobs } from './jobs';
import { ArticleResolver, articleNode } from './resolver';

/**
 * Content-guide pages (内容导购): authors' articles with product cards at live prices, each card with
 * its link token (attribution's share_token, entry CONTENT), and the funnel of views, clicks and
 * add-to-carts per article and card.
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
  ],
  nodeTypes: { Article: articleNode },
  jobs: ({ queue, fork }) => registerContentJobs(queue, fork),
};

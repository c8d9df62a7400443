import DataLoader from 'dataloader';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import type { Fen } from '../../lib/money';
import { keysetPage, type PageArgs, type SortKey } from '../../lib/pagination';
import type { RequestContext } from '../../lib/request-context';
import { count, firstRow, rows, run } from '../../lib/sql';
import { ACCOUNTS } from '../accounts/queries';
import { CONTENT_LINKS, contentLinks } from '../attribution/content-links';
import { PRODUCT_COLUMNS, PRODUCTS, WITH_RELATIONS } from '../catalog/queries';
import type { ProductWithRelations, Timestamp } from '../catalog/reads';
import { OPEN_SHOP_PRICES, SHOP_OWNER_AVATARS } from '../shops/queries';
import { shopPriceApplies } from '../shops/rules';
import type { StoredBlock } from './blocks';
import { ArticleStatus } from './entities';

/** The content module's read path: plain rows; an article page is one statement, whatever its number of cards. */
export interface ArticleRow {
  id: string;
  author_id: string;
  author_name: string;
  author_avatar_url: string | null;
  slug: string;
  title: string;
  summary: string;
  cover_url: string | null;
  tags: string[];
  blocks: StoredBlock[];
  status: ArticleStatus;
  published_at: Timestamp | null;
  hidden_reason: string | null;
  hidden_at: Timestamp | null;
  paid_sales: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/**
 * An article page: the article with, built by PostgreSQL in the same statement, every product its
 * cards and grids feature (as ContentLoaders.featured reads them, for its author) and its link
 * tokens, so the whole page is one statement whatever its number of cards.
 */
export interface ArticlePageRow extends ArticleRow {
  featured_json: Omit<FeaturedProductRow, 'author_id'>[];
  links_json: Record<string, string>;
}

/** A product a card or grid features, with its SKUs, images and category, and the author's shop price when it applies now. */
export interface FeaturedProductRow extends ProductWithRelations {
  author_id: string;
  shop_price: Fen | null;
}

export enum ArticleSort {
  NEWEST = 'NEWEST',
  MOST_SOLD = 'MOST_SOLD',
}

export interface ArticleFilter {
  authorId?: string | null;
  tag?: string | null;
  productId?: string | null;
  publishedAfter?: Date | null;
  publishedBefore?: Date | null;
}

/** Storefront listings are of published articles: the partial indexes on (published_at, id) and (paid_sales, id) serve them. */
const PUBLISHED_SORTS: Record<ArticleSort, SortKey<ArticleRow>[]> = {
  [ArticleSort.NEWEST]: [
    { sql: 'a.published_at', direction: 'desc', value: (r) => r.published_at! },
    { sql: 'a.id', direction: 'desc', value: (r) => r.id },
  ],
  [ArticleSort.MOST_SOLD]: [
    { sql: 'a.paid_sales', direction: 'desc', value: (r) => r.paid_sales },
    { sql: 'a.id', direction: 'desc', value: (r) => r.id },
  ],
};

/** Authors' and operators' lists, every state: latest written first. */
const CREATED: SortKey<ArticleRow>[] = [
  { sql: 'a.created_at', direction: 'desc', value: (r) => r.created_at },
  { sql: 'a.id', direction: 'desc', value: (r) => r.id },
];

const ARTICLE_COLUMNS = [
  'a.id',
  'a.author_id',
  'u.public_name as author_name',
  'av.avatar_url as author_avatar_url',
  'a.slug',
  'a.title',
  'a.summary',
  'a.cover_url',
  'a.tags',
  'a.blocks',
  'a.status',
  'a.published_at',
  'a.hidden_reason',
  'a.hidden_at',
  'a.paid_sales',
  'a.created_at',
  'a.updated_at',
];

export class ArticleReads {
  constructor(private readonly em: EntityManager) {}

  private get knex(): Knex {
    return this.em.getKnex();
  }

  /** Articles with their author's public name and avatar (their shop's), one row each. */
  private articles(): Knex.QueryBuilder {
    return this.knex('article as a')
      .join(this.knex.raw(`${ACCOUNTS} as u`), 'u.id', 'a.author_id')
      .leftJoin(this.knex.raw(`${SHOP_OWNER_AVATARS} as av`), 'av.account_id', 'a.author_id');
  }

  /** The article page by slug, in one statement (ArticlePageRow). */
  async page(slug: string): Promise<ArticlePageRow | null> {
    const knex = this.knex;
    return firstRow<ArticlePageRow>(
      this.em,
      this.articles()
        .select([
          ...ARTICLE_COLUMNS,
          knex.raw(
            `(select coalesce(json_agg(f), '[]') from (select ${[...PRODUCT_COLUMNS, ...WITH_RELATIONS, featuredShopPrice('a.author_id')].join(', ')}
                from ${PRODUCTS} p where p.id = any(a.product_ids)) f) as featured_json`,
          ),
          knex.raw(`(select coalesce(json_object_agg(l.block_id, l.token), '{}') from ${CONTENT_LINKS} l where l.article_id = a.id) as links_json`),
        ])
        .where('a.slug', slug),
    );
  }

  async byIds(ids: readonly string[]): Promise<ArticleRow[]> {
    return rows<ArticleRow>(
      this.em,
      this.articles()
        .select(ARTICLE_COLUMNS)
        .whereIn('a.id', ids as string[]),
    );
  }

  /** Published articles, filtered, newest or most sold first. */
  published(args: PageArgs, filter: ArticleFilter, sort: ArticleSort) {
    const build = () => {
      const q = this.knex('article as a').where('a.status', ArticleStatus.PUBLISHED);
      if (filter.authorId) q.where('a.author_id', filter.authorId);
      if (filter.tag) q.whereRaw('a.tags @> array[?]::text[]', [filter.tag.trim().toLowerCase()]);
      if (filter.productId) q.whereRaw('a.product_ids @> array[?]::uuid[]', [filter.productId]);
      if (filter.publishedAfter) q.where('a.published_at', '>=', filter.publishedAfter);
      if (filter.publishedBefore) q.where('a.published_at', '<', filter.publishedBefore);
      return q;
    };
    const page = build()
      .join(this.knex.raw(`${ACCOUNTS} as u`), 'u.id', 'a.author_id')
      .leftJoin(this.knex.raw(`${SHOP_OWNER_AVATARS} as av`), 'av.account_id', 'a.author_id')
      .select(ARTICLE_COLUMNS);
    return keysetPage<ArticleRow>(this.em, page, args, PUBLISHED_SORTS[sort], () => count(this.em, build()));
  }

  /** Every article in these states (all when none given), of one author when given: for authors and operators. */
  written(args: PageArgs, filter: { authorId?: string | null; statuses?: ArticleStatus[] | null }) {
    const build = () => {
      const q = this.knex('article as a');
      if (filter.authorId) q.where('a.author_id', filter.authorId);
      if (filter.statuses?.length) q.whereIn('a.status', filter.statuses);
      return q;
    };
    const page = build()
      .join(this.knex.raw(`${ACCOUNTS} as u`), 'u.id', 'a.author_id')
      .leftJoin(this.knex.raw(`${SHOP_OWNER_AVATARS} as av`), 'av.account_id', 'a.author_id')
      .select(ARTICLE_COLUMNS);
    return keysetPage<ArticleRow>(this.em, page, args, CREATED, () => count(this.em, build()));
  }
}

/** Per-request batches: articles read in a listing cost one statement per relation, whatever their number of cards. */
export class ContentLoaders {
  constructor(private readonly em: EntityManager) {}

  readonly article = new DataLoader<string, ArticleRow | null>(async (ids) => {
    const found = await new ArticleReads(this.em).byIds(ids);
    const byId = new Map(found.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  });

  /** Whether each account is a content author. */
  readonly isAuthor = new DataLoader<string, boolean>(async (accountIds) => {
    const found = await run<{ account_id: string }>(
      this.em,
      `select account_id from content_author where account_id in (${accountIds.map(() => '?').join(', ')})`,
      [...accountIds],
    );
    const authors = new Set(found.map((r) => r.account_id));
    return accountIds.map((id) => authors.has(id));
  });

  /** The link tokens of each article's product blocks, by block id. */
  readonly linkTokens = new DataLoader<string, Map<string, string>>(async (articleIds) => {
    const byArticle = new Map(articleIds.map((id) => [id, new Map<string, string>()]));
    for (const link of await contentLinks(this.em, articleIds)) byArticle.get(link.article_id)?.set(link.block_id, link.token);
    return articleIds.map((id) => byArticle.get(id)!);
  });

  /**
   * Featured products by `authorId:productId`, whatever their status (the views decide what shows):
   * every card and grid item of a page in ONE statement, each product with its SKUs, images and
   * category, and the price of its author's shop when that shop is open, carries it and the price
   * is inside the product's band.
   */
  readonly featured = new DataLoader<string, FeaturedProductRow | null>(async (keys) => {
    const knex = this.em.getKnex();
    const pairs = keys.map((k) => k.split(':'));
    // Arrays as parameters: the statement's text is the same for any number of cards, so it is prepared once per connection.
    const found = await rows<FeaturedProductRow>(
      this.em,
      knex
        .select(['k.author_id', ...PRODUCT_COLUMNS, ...WITH_RELATIONS.map((sql) => knex.raw(sql)), knex.raw(featuredShopPrice('k.author_id'))])
        .from(knex.raw('unnest(?::uuid[], ?::uuid[]) as k(author_id, product_id)', [uuidArray(pairs.map(([a]) => a)), uuidArray(pairs.map(([, p]) => p))]))
        .join(knex.raw(`${PRODUCTS} as p`), 'p.id', 'k.product_id'),
    );
    const byKey = new Map(found.map((r) => [`${r.author_id}:${r.id}`, r]));
    return keys.map((k) => byKey.get(k) ?? null);
  });

  /** What a page read (ArticleReads.page) already holds: its products and tokens are then not read again. */
  prime(page: ArticlePageRow): void {
    for (const product of page.featured_json) this.featured.prime(featuredKey(page.author_id, product.id), { ...product, author_id: page.author_id });
    this.linkTokens.prime(page.id, new Map(Object.entries(page.links_json)));
  }
}

/** The author's shop price for product `p` where it applies now (their shop is open, carries it, the price is in band). */
function featuredShopPrice(authorId: string): string {
  return `(select o.shop_price from ${OPEN_SHOP_PRICES} o where o.owner_id = ${authorId} and o.product_id = p.id and ${shopPriceApplies('o.shop_price')}) as shop_price`;
}

/** One set per request (`ctx.use`): a DataLoader's cache must not outlive the request. */
export const contentLoaders = (ctx: RequestContext): ContentLoaders => new ContentLoaders(ctx.em);

export const featuredKey = (authorId: string, productId: string) => `${authorId}:${productId}`;

/** Ids as one PostgreSQL array literal, for `?::uuid[]` (the query builder would spread a JS array into a list). */
const uuidArray = (ids: readonly string[]) => `{${ids.join(',')}}`;

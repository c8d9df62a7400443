import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput, DomainError } from '../../lib/errors';
import type { RequestContext } from '../../lib/request-context';
import { run } from '../../lib/sql';
import { BlockKind } from './blocks';
import { ContentErrorCode as E } from './errors';
import { checkVisitorId, CONTENT_TIME_ZONE, MAX_FUNNEL_DAYS } from './rules';

/**
 * The funnel of an article: views (all, and unique per visitor and day), and per product block
 * clicks, add-to-carts and — from the order events (sales.ts) — orders, paid sales and refunds of
 * the lines checkout attributed to the block. Counting is set-based: every recording is ONE statement that inserts or adds to a
 * counter row (`insert … on conflict do update set n = n + excluded.n`), never a read followed by
 * a write, so parallel recordings are all counted exactly. A recording writes at most one row of
 * fixed size besides the counters, whatever it is sent: the edge bounds the visitor id, and a
 * visitor's second view of the day inserts nothing.
 */

const TODAY = `(now() at time zone '${CONTENT_TIME_ZONE}')::date`;

/** Who viewed: a signed-in account by its id, anyone else by a digest of the storefront's visitor id (16 bytes whatever was sent). */
export function visitorKey(accountId: string | null, visitorId: string): string {
  if (accountId) return accountId;
  const hex = createHash('md5').update(`visitor:${visitorId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface FunnelDayRow {
  day: string;
  views: number;
  unique_views: number;
  clicks: number;
  add_to_carts: number;
  orders: number;
  paid_sales: string;
  refunded_sales: string;
}

export interface FunnelCardRow {
  block_id: string;
  clicks: number;
  add_to_carts: number;
  orders: number;
  paid_sales: string;
  refunded_sales: string;
}

export class ArticleFunnel {
  constructor(private readonly em: EntityManager) {}

  /**
   * A view of a published article: counted in the day's views, and in its unique views when it is
   * the visitor's first that day (the visitor row's primary key decides, also between parallel views).
   */
  async recordView(slug: string, accountId: string | null, visitorId: string): Promise<void> {
    const visitor = visitorKey(accountId, checkVisitorId(visitorId, ['visitorId']));
    const counted = await run(
      this.em,
      `with a as (select id from article where slug = ? and status = 'published'),
            fresh as (insert into article_visitor_day (article_id, day, visitor) select a.id, ${TODAY}, ? from a on conflict do nothing returning 1)
       insert into article_day as d (article_id, day, views, unique_views) select a.id, ${TODAY}, 1, (select count(*) from fresh) from a
       on conflict (article_id, day) do update set views = d.views + excluded.views, unique_views = d.unique_views + excluded.unique_views
       returning d.article_id`,
      [slug.trim(), visitor],
    );
    if (counted.length === 0) throw new DomainError(E.ARTICLE_NOT_FOUND, 'No published article has this slug', ['slug']);
  }

  /** A click on (or an add-to-cart from) a product card or grid of a published article. */
  async recordCardEvent(articleId: string | null, blockId: string | null, event: 'clicks' | 'add_to_carts'): Promise<void> {
    if (!articleId) throw new DomainError(E.ARTICLE_NOT_FOUND, 'No published article has this id', ['articleId']);
    const counted = blockId
      ? await run(
          this.em,
          `insert into content_card_day as c (article_id, block_id, day, ${event})
           select a.id, ?::uuid, ${TODAY}, 1 from article a
            where a.id = ? and a.status = 'published'
              and exists (select 1 from jsonb_array_elements(a.blocks) b where b->>'id' = ? and b->>'kind' in ('${BlockKind.PRODUCT_CARD}', '${BlockKind.PRODUCT_GRID}'))
           on conflict (article_id, block_id, day) do update set ${event} = c.${event} + excluded.${event}
           returning c.article_id`,
          [blockId, articleId, blockId],
        )
      : [];
    if (counted.length > 0) return;
    const [published] = await run(this.em, `select 1 from article where id = ? and status = 'published'`, [articleId]);
    if (!published) throw new DomainError(E.ARTICLE_NOT_FOUND, 'No published article has this id', ['articleId']);
    throw new DomainError(E.NOT_A_PRODUCT_BLOCK, 'This is not a product card or grid of the article', ['blockId']);
  }

  /** Every day from `from` to `to` (China time, both included), days without anything as zeros. */
  async days(articleId: string, from: string, to: string): Promise<FunnelDayRow[]> {
    checkPeriod(from, to);
    return run<FunnelDayRow>(
      this.em,
      `with days as (select d::date as day from generate_series(?::date, ?::date, interval '1 day') d),
            cards as (select day, sum(clicks) as clicks, sum(add_to_carts) as add_to_carts, sum(orders) as orders,
                             sum(paid_sales) as paid_sales, sum(refunded_sales) as refunded_sales
                        from content_card_day where article_id = ? and day between ?::date and ?::date group by day)
       select to_char(days.day, 'YYYY-MM-DD') as day, coalesce(v.views, 0) as views, coalesce(v.unique_views, 0) as unique_views,
              coalesce(c.clicks, 0)::int as clicks, coalesce(c.add_to_carts, 0)::int as add_to_carts, coalesce(c.orders, 0)::int as orders,
              coalesce(c.paid_sales, 0)::text as paid_sales, coalesce(c.refunded_sales, 0)::text as refunded_sales
         from days left join article_day v on v.article_id = ? and v.day = days.day left join cards c on c.day = days.day
        order by days.day`,
      [from, to, articleId, from, to, articleId],
    );
  }

  /** Each product block's counts over the period (blocks without any are left out). */
  async cards(articleId: string, from: string, to: string): Promise<FunnelCardRow[]> {
    checkPeriod(from, to);
    return run<FunnelCardRow>(
      this.em,
      `select block_id, sum(clicks)::int as clicks, sum(add_to_carts)::int as add_to_carts, sum(orders)::int as orders,
              sum(paid_sales)::text as paid_sales, sum(refunded_sales)::text as refunded_sales
         from content_card_day where article_id = ? and day between ?::date and ?::date group by block_id`,
      [articleId, from, to],
    );
  }
}

export const articleFunnel = (ctx: RequestContext): ArticleFunnel => new ArticleFunnel(ctx.em);

function checkPeriod(from: string, to: string): void {
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
  if (!(days >= 0)) throw badInput('from must not be after to', 'from');
  if (days + 1 > MAX_FUNNEL_DAYS) throw badInput(`A period is at most ${MAX_FUNNEL_DAYS} days`, 'to');
}

/**
 * Forgets who viewed before yesterday: unique views are counted per day, and a day's count is in
 * article_day once the day is over, so only today's visitors (and yesterday's, for a view arriving
 * just after midnight in another process) need a row. Keeps the table to about a day of traffic.
 */
export async function forgetPastVisitors(em: EntityManager): Promise<void> {
  await run(em, `delete from article_visitor_day where day < ${TODAY} - 1`);
}

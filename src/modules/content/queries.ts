import { BlockKind } from './blocks';
import { ArticleStatus } from './entities';

/**
 * What other modules may read of the content tables: relations to join under an alias of their own
 * (PostgreSQL pulls the subquery up), never the tables by name.
 */

/**
 * The product cards and grids of published articles, as (article_id, block_id, position,
 * product_ids, article_title): position is 1-based among the article's cards and grids in reading
 * order (what "card 2" means to its author and in the funnel), product_ids the products the block
 * features. Checkout's source (attribution/checkout-source.ts) joins it by (article_id, block_id):
 * a card's link attributes while its card is in a published article.
 */
export const CONTENT_CARDS = `(select a.id as article_id, c.block_id, c.position, c.product_ids, a.title as article_title
   from article a cross join lateral (
     select (b.value->>'id')::uuid as block_id, (row_number() over (order by b.n))::int as position,
            case b.value->>'kind' when '${BlockKind.PRODUCT_CARD}' then array[(b.value->>'productId')::uuid]
                 else array(select jsonb_array_elements_text(b.value->'productIds')::uuid) end as product_ids
       from jsonb_array_elements(a.blocks) with ordinality as b(value, n)
      where b.value->>'kind' in ('${BlockKind.PRODUCT_CARD}', '${BlockKind.PRODUCT_GRID}')) c
  where a.status = '${ArticleStatus.PUBLISHED}')`;

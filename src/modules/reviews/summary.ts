import type { EntityManager } from '@mikro-orm/postgresql';
import { rows, run } from '../../lib/sql';

/** The summary's column for each number of stars (entities.ts, ReviewRatingSummary). */
const STAR_COLUMNS = ['one_star', 'two_stars', 'three_stars', 'four_stars', 'five_stars'] as const;

/** One review entering (+1) or leaving (−1) its product's rating summary. */
export interface SummaryChange {
  productId: string;
  rating: number;
  delta: 1 | -1;
}

/**
 * Adds the changes to the products' summaries inside the caller's transaction, in ONE statement that
 * adds to the columns (`one_star = one_star + excluded.one_star`): never a value read in JavaScript
 * and written back, so parallel reviews of one product queue on its row and each adds its own +1.
 * Products in id order, so two transactions touching several summaries never deadlock. Callers make
 * it the last statement of their transaction: the summary row is the one lock every review of a
 * product shares, held from here to the commit.
 */
export async function addToRatingSummaries(tx: EntityManager, changes: SummaryChange[]): Promise<void> {
  const byProduct = new Map<string, number[]>();
  for (const { productId, rating, delta } of changes) {
    const stars = byProduct.get(productId) ?? [0, 0, 0, 0, 0];
    stars[rating - 1] += delta;
    byProduct.set(productId, stars);
  }
  if (byProduct.size === 0) return;
  const products = [...byProduct.keys()].sort();
  await run(
    tx,
    `insert into review_rating_summary as s (product_id, ${STAR_COLUMNS.join(', ')}, updated_at)
     values ${products.map(() => '(?, ?, ?, ?, ?, ?, now())').join(', ')}
     on conflict (product_id) do update set ${STAR_COLUMNS.map((c) => `${c} = s.${c} + excluded.${c}`).join(', ')}, updated_at = now()`,
    products.flatMap((id) => [id, ...byProduct.get(id)!]),
  );
}

/** A product's summary row; a product without one has no counted review. */
export interface RatingSummaryRow {
  product_id: string;
  one_star: number;
  two_stars: number;
  three_stars: number;
  four_stars: number;
  five_stars: number;
}

/** The summaries of these products, in one statement (a batch of the per-request loader). */
export function ratingSummaries(em: EntityManager, productIds: readonly string[]): Promise<RatingSummaryRow[]> {
  return rows<RatingSummaryRow>(
    em,
    em
      .getKnex()('review_rating_summary')
      .select('product_id', ...STAR_COLUMNS)
      .whereIn('product_id', productIds as string[]),
  );
}

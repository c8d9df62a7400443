import { announceCatalogChange } from '../../lib/public-reads';
import type { EntityManager } from '@mikro-orm/postgresql';
import { rows, run } from '../../lib/sql';

/** The summary's column for each number of stars (entities.ts, ReviewRatingSummary). */
const STAR_COLUMNS = ['one_star', 'two_stars', 'three_stars', 'four_stars', 'five_stars'] as const;

/**
 * A new review's rating into its product's summary, inside the caller's transaction: ONE statement
 * that adds to the column (`five_stars = five_stars + 1`), creating the row with the product's first
 * review. Never a value read in JavaScript and written back, so parallel reviews of one product queue
 * on its row and each adds its own 1. Callers make it the last statement of their transaction: the
 * summary row is the one lock every review of a product shares, held from here to the commit.
 */
export async function countNewReview(tx: EntityManager, productId: string, rating: number): Promise<void> {
  // Product pages show reviews and the summary: every API process forgets its cached answers on commit.
  await announceCatalogChange(tx);
  const column = STAR_COLUMNS[rating - 1];
  await run(
    tx,
    `insert into review_rating_summary as s (product_id, ${column}, updated_at) values (?, 1, now())
     on conflict (product_id) do update set ${column} = s.${column} + 1, updated_at = now()`,
    [productId],
  );
}

/** A counted review leaving (−1: hidden, refunded) or a review coming back into (+1: shown again) its product's summary. */
export interface SummaryChange {
  productId: string;
  rating: number;
  delta: 1 | -1;
}

/**
 * Moves the summaries of reviews counted before (so their products have their row), in ONE statement
 * that adds to the columns, as countNewReview does; products in id order, so two transactions touching
 * several summaries never deadlock. Not an upsert: PostgreSQL checks an upsert's row to insert against
 * the table's checks even when it only updates, and a −1 there breaks `one_star >= 0`.
 */
export async function moveRatingSummaries(tx: EntityManager, changes: SummaryChange[]): Promise<void> {
  await announceCatalogChange(tx);
  const byProduct = new Map<string, number[]>();
  for (const { productId, rating, delta } of changes) {
    const stars = byProduct.get(productId) ?? [0, 0, 0, 0, 0];
    stars[rating - 1] += delta;
    byProduct.set(productId, stars);
  }
  if (byProduct.size === 0) return;
  const products = [...byProduct.keys()].sort();
  const moved = await run(
    tx,
    `update review_rating_summary s set ${STAR_COLUMNS.map((c) => `${c} = s.${c} + v.${c}`).join(', ')}, updated_at = now()
       from (values ${products.map(() => '(?::uuid, ?::int, ?::int, ?::int, ?::int, ?::int)').join(', ')}) as v(product_id, ${STAR_COLUMNS.join(', ')})
      where s.product_id = v.product_id returning s.product_id`,
    products.flatMap((id) => [id, ...byProduct.get(id)!]),
  );
  if (moved.length !== products.length) throw new Error('A rating summary to move is missing: its reviews were never counted');
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

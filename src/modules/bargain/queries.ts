import type { EntityManager } from '@mikro-orm/postgresql';
import { one } from '../../lib/sql';

/** What other modules may read of the bargain tables (the operators' campaign results). */

/** Bargains started in a window [from, to): how many, how many were bought (their order paid), how many reached their floor, and what friends cut off the bought ones. */
export interface BargainFigures {
  started: number;
  bought: number;
  reachedFloor: number;
  cutOfBought: number;
}

export async function bargainFigures(em: EntityManager, from: Date, to: Date): Promise<BargainFigures> {
  const row = await one<{ started: number; bought: number; floor: number; cut: string }>(
    em,
    `select count(*)::int as started, count(*) filter (where status = 'purchased')::int as bought,
            count(*) filter (where current_price = floor_price)::int as floor,
            coalesce(sum(cut_total) filter (where status = 'purchased'), 0) as cut
       from bargain where created_at >= ? and created_at < ?`,
    [from, to],
  );
  return { started: row?.started ?? 0, bought: row?.bought ?? 0, reachedFloor: row?.floor ?? 0, cutOfBought: Number(row?.cut ?? 0) };
}

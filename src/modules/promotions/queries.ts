import type { EntityManager } from '@mikro-orm/postgresql';
import { one } from '../../lib/sql';

/** What other modules may read of the promotions' tables (the operators' campaign results). */

/** Flash sales running at some time in a window: how many, units offered (sold + left) and sold. */
export interface FlashSaleFigures {
  sales: number;
  unitsOffered: number;
  unitsSold: number;
}

export async function flashSaleFigures(em: EntityManager, from: Date, to: Date): Promise<FlashSaleFigures> {
  const row = await one<{ sales: number; offered: string; sold: string }>(
    em,
    `select count(*)::int as sales, coalesce(sum(sold + flash_stock), 0) as offered, coalesce(sum(sold), 0) as sold
       from flash_sale where starts_at < ? and coalesce(least(ended_at, ends_at), ends_at) > ?`,
    [to, from],
  );
  return { sales: row?.sales ?? 0, unitsOffered: Number(row?.offered ?? 0), unitsSold: Number(row?.sold ?? 0) };
}

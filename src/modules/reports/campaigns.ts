import type { EntityManager } from '@mikro-orm/postgresql';
import { one } from '../../lib/sql';
import { bargainFigures, type BargainFigures } from '../bargain/queries';
import { couponWindowFigures, type CouponWindowFigures } from '../coupons/queries';
import { groupBuyFigures, type GroupBuyFigures } from '../groupbuy/queries';
import { adjustmentCosts, type AdjustmentCost } from '../orders/queries';
import { flashSaleFigures, type FlashSaleFigures } from '../promotions/queries';
import { checkWindow } from './figures';
import { REPORT_TIME_ZONE } from './rollup';

/**
 * Campaign results over a window of calendar days (operator's time zone), in one place: each figure
 * is read set-based by the module that owns the campaign's tables (their queries.ts), in parallel.
 * These read the campaigns' own tables, not the rollup: a window of a few weeks is what they are for.
 */
export interface CampaignFigures {
  coupons: CouponWindowFigures;
  flashSales: FlashSaleFigures;
  groupBuys: GroupBuyFigures;
  bargains: BargainFigures;
  costs: AdjustmentCost[];
}

export async function campaignFigures(em: EntityManager, from: string, to: string): Promise<CampaignFigures> {
  checkWindow(from, to);
  const bounds = (await one<{ f: Date; t: Date }>(
    em,
    `select (?::date)::timestamp at time zone ${REPORT_TIME_ZONE} as f, (?::date + 1)::timestamp at time zone ${REPORT_TIME_ZONE} as t`,
    [from, to],
  ))!;
  const [f, t] = [new Date(bounds.f), new Date(bounds.t)];
  const [coupons, flashSales, groupBuys, bargains, costs] = await Promise.all([
    couponWindowFigures(em, f, t),
    flashSaleFigures(em, f, t),
    groupBuyFigures(em, f, t),
    bargainFigures(em, f, t),
    adjustmentCosts(em, f, t),
  ]);
  return { coupons, flashSales, groupBuys, bargains, costs };
}

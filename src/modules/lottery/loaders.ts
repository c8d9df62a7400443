import DataLoader from 'dataloader';
import type { RequestContext } from '../../lib/request-context';
import { LotteryReads, type LotteryPrizeRow } from './reads';

/** Per-request batching of lotteries' prize tiers: a page of campaigns reads its tiers in one statement. */
const prizes = (ctx: RequestContext) =>
  new DataLoader<string, LotteryPrizeRow[]>(async (ids) => {
    const rows = await new LotteryReads(ctx.em).prizes(ids);
    return ids.map((id) => rows.filter((r) => r.campaign_id === id));
  });

export function lotteryPrizesLoader(ctx: RequestContext): DataLoader<string, LotteryPrizeRow[]> {
  return ctx.use(prizes);
}

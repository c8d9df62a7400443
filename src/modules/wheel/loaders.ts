import DataLoader from 'dataloader';
import type { RequestContext } from '../../lib/request-context';
import { WheelReads, type WheelPrizeRow } from './reads';

/** Per-request batching of wheels' prize slots: a page of campaigns reads its slots in one statement. */
const prizes = (ctx: RequestContext) =>
  new DataLoader<string, WheelPrizeRow[]>(async (ids) => {
    const rows = await new WheelReads(ctx.em).prizes(ids);
    return ids.map((id) => rows.filter((r) => r.campaign_id === id));
  });

export function wheelPrizesLoader(ctx: RequestContext): DataLoader<string, WheelPrizeRow[]> {
  return ctx.use(prizes);
}

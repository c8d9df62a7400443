import DataLoader from 'dataloader';
import type { Context } from '../../server/context';
import { GroupBuyReads, type CampaignSkuRow } from './reads';

/** Per-request batching of campaigns' SKUs: a page of campaigns reads its SKUs in one statement. */
const perRequest = new WeakMap<Context, DataLoader<string, CampaignSkuRow[]>>();

export function campaignSkusLoader(ctx: Context): DataLoader<string, CampaignSkuRow[]> {
  let loader = perRequest.get(ctx);
  if (!loader) {
    loader = new DataLoader(async (ids) => {
      const rows = await new GroupBuyReads(ctx.em).campaignSkus(ids);
      return ids.map((id) => rows.filter((r) => r.campaign_id === id));
    });
    perRequest.set(ctx, loader);
  }
  return loader;
}

import DataLoader from 'dataloader';
import type { RequestContext } from '../../lib/request-context';
import { GroupBuyReads, type CampaignSkuRow } from './reads';

/** Per-request batching of campaigns' SKUs: a page of campaigns reads its SKUs in one statement. */
const campaignSkus = (ctx: RequestContext) =>
  new DataLoader<string, CampaignSkuRow[]>(async (ids) => {
    const rows = await new GroupBuyReads(ctx.em).campaignSkus(ids);
    return ids.map((id) => rows.filter((r) => r.campaign_id === id));
  });

export function campaignSkusLoader(ctx: RequestContext): DataLoader<string, CampaignSkuRow[]> {
  return ctx.use(campaignSkus);
}

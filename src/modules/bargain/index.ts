import type { ModuleManifest } from '../manifest';
import { bargainOrderHooks } from './checkout';
import { Bargain, BargainCampaign, BargainCut, BargainUsage } from './entities';
import { registerBargainJobs } from './jobs';
import { BargainCampaignResolver, BargainResolver, bargainCampaignNode, bargainNode } from './resolver';

/** Bargain campaigns: friends cut the price, the starter buys at the price reached. */
export const bargainModule: ModuleManifest = {
  name: 'bargain',
  entities: [BargainCampaign, Bargain, BargainCut, BargainUsage],
  resolvers: [BargainCampaignResolver, BargainResolver],
  nodeTypes: { BargainCampaign: bargainCampaignNode, Bargain: bargainNode },
  orderHooks: bargainOrderHooks,
  jobs: ({ queue, fork }) => registerBargainJobs(queue, fork),
};

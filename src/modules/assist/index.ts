import type { ModuleManifest } from '../manifest';
import { Assist, AssistCampaign, AssistLink, AssistUsage } from './entities';
import { registerAssistJobs } from './jobs';
import { assistOrderHooks } from './links';
import { AssistCampaignResolver, AssistLinkResolver, assistCampaignNode, assistLinkNode } from './resolver';

/** Assist-for-free (助力享免单): enough friends assist in time and the buyer's paid order is refunded. */
export const assistModule: ModuleManifest = {
  name: 'assist',
  entities: [AssistCampaign, AssistLink, Assist, AssistUsage],
  resolvers: [AssistCampaignResolver, AssistLinkResolver],
  nodeTypes: { AssistCampaign: assistCampaignNode, AssistLink: assistLinkNode },
  orderHooks: assistOrderHooks,
  jobs: ({ queue, fork, paymentProviders, logger }) => registerAssistJobs(queue, fork, paymentProviders, logger),
};

import type { ModuleManifest } from '../manifest';
import { WheelCampaign, WheelChance, WheelDraw, WheelOrderCredit, WheelPrize } from './entities';
import { registerWheelJobs } from './jobs';
import { WheelCampaignResolver, WheelDrawResolver, wheelCampaignNode, wheelDrawNode } from './resolver';
import { earnWheelChanceForPaidOrder } from './subscribers';

/** Lucky wheels (幸运大转盘): weighted coupon prizes with exact stock, daily and earned chances, provably fair draws. */
export const wheelModule: ModuleManifest = {
  name: 'wheel',
  entities: [WheelCampaign, WheelPrize, WheelChance, WheelOrderCredit, WheelDraw],
  resolvers: [WheelCampaignResolver, WheelDrawResolver],
  nodeTypes: { WheelCampaign: wheelCampaignNode, WheelDraw: wheelDrawNode },
  orderEventSubscribers: [{ event: 'order.paid', handler: earnWheelChanceForPaidOrder }],
  jobs: ({ queue, fork }) => registerWheelJobs(queue, fork),
};

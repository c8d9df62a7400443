import type { ModuleManifest } from '../manifest';
import { RedPacket, RedPacketCampaign, RedPacketMember, RedPacketUsage } from './entities';
import { registerRedPacketJobs } from './jobs';
import { RedPacketCampaignResolver, RedPacketResolver, redPacketCampaignNode, redPacketNode } from './resolver';

/** Red-packet split (瓜分红包 / 天天拆红包): a packet split among the friends who join in time, paid in coupons. */
export const redPacketModule: ModuleManifest = {
  name: 'redpacket',
  entities: [RedPacketCampaign, RedPacket, RedPacketMember, RedPacketUsage],
  resolvers: [RedPacketCampaignResolver, RedPacketResolver],
  nodeTypes: { RedPacketCampaign: redPacketCampaignNode, RedPacket: redPacketNode },
  jobs: ({ queue, fork }) => registerRedPacketJobs(queue, fork),
};

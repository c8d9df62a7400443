import type { ModuleManifest } from '../manifest';
import { GroupBuyCampaign, GroupBuyCampaignSku, GroupBuyMember, GroupBuyNewCustomerClaim, GroupBuySession, GroupBuyUsage } from './entities';
import { registerGroupBuyJobs } from './jobs';
import { GroupBuyCampaignResolver, GroupBuySessionResolver, groupBuyCampaignNode, groupBuyMembershipNode, groupBuySessionNode } from './resolver';
import { groupBuyCancelled, groupBuyPaid, refuseGroupBuyPayment, refuseGroupBuyRefund } from './session-hooks';

/** Group-buy campaigns and their sessions: seats taken at checkout, paid for, won or refunded. */
export const groupBuyModule: ModuleManifest = {
  name: 'groupbuy',
  entities: [GroupBuyCampaign, GroupBuyCampaignSku, GroupBuySession, GroupBuyMember, GroupBuyUsage, GroupBuyNewCustomerClaim],
  resolvers: [GroupBuyCampaignResolver, GroupBuySessionResolver],
  nodeTypes: { GroupBuyMembership: groupBuyMembershipNode, GroupBuyCampaign: groupBuyCampaignNode, GroupBuySession: groupBuySessionNode },
  orderHooks: { refusePayment: refuseGroupBuyPayment, paid: groupBuyPaid, cancelled: groupBuyCancelled, refuseRefund: refuseGroupBuyRefund },
  jobs: ({ queue, fork, paymentProviders, logger }) => registerGroupBuyJobs(queue, fork, paymentProviders, logger),
};

import type { ModuleManifest } from '../manifest';
import { Membership, MembershipApplication, MembershipPlan, MemberProgramSettings } from './entities';
import { registerMemberJobs } from './jobs';
import {
  AccountMembershipResolver,
  MemberProgramResolver,
  MembershipApplicationResolver,
  MembershipPlanResolver,
  MembershipResolver,
  membershipApplicationNode,
  membershipNode,
  membershipPlanNode,
} from './resolver';
import { endMembershipOfCancelledOrder, endMembershipOfRefundedOrder, openMembershipOfPaidOrder } from './subscribers';

/** The member programme: plans, memberships bought as packages, granted or applied for. */
export const membersModule: ModuleManifest = {
  name: 'members',
  entities: [MemberProgramSettings, MembershipPlan, Membership, MembershipApplication],
  resolvers: [MemberProgramResolver, MembershipPlanResolver, MembershipResolver, MembershipApplicationResolver, AccountMembershipResolver],
  nodeTypes: { MembershipPlan: membershipPlanNode, Membership: membershipNode, MembershipApplication: membershipApplicationNode },
  orderEventSubscribers: [
    { event: 'order.paid', handler: openMembershipOfPaidOrder },
    { event: 'order.refunded', handler: endMembershipOfRefundedOrder },
    { event: 'order.cancelled', handler: endMembershipOfCancelledOrder },
  ],
  jobs: ({ queue, fork }) => registerMemberJobs(queue, fork),
};

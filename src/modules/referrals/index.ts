import type { ModuleManifest } from '../manifest';
import { InviteCode, ReferralBinding, ReferralPath, TeamOrder, TeamSalesHour, TeamSize } from './entities';
import { AccountInviterResolver, ReferralResolver, TeamResolver } from './resolver';
import { countInTeamSales } from './subscribers';

/** Invite codes, who referred whom, and the team tree. */
export const referralsModule: ModuleManifest = {
  name: 'referrals',
  entities: [InviteCode, ReferralBinding, ReferralPath, TeamSize, TeamOrder, TeamSalesHour],
  resolvers: [ReferralResolver, TeamResolver, AccountInviterResolver],
  orderEventSubscribers: [
    { event: 'order.paid', handler: countInTeamSales },
    { event: 'order.refunded', handler: countInTeamSales },
    { event: 'order.cancelled', handler: countInTeamSales },
  ],
};

import type { ModuleManifest } from '../manifest';
import { InviteCode, ReferralBinding, ReferralPath } from './entities';
import { AccountInviterResolver, ReferralResolver, TeamResolver } from './resolver';

/** Invite codes, who referred whom, and the team tree. */
export const referralsModule: ModuleManifest = {
  name: 'referrals',
  entities: [InviteCode, ReferralBinding, ReferralPath],
  resolvers: [ReferralResolver, TeamResolver, AccountInviterResolver],
};

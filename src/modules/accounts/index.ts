import type { ModuleManifest } from '../manifest';
import { AccountAddressesResolver, SavedAddressResolver, savedAddressNode } from './address-resolver';
import { Account, AccountAddress, AccountSession, PhoneSignInCode, RefreshToken } from './entities';
import { registerAccountJobs } from './jobs';
import { PhoneSignInResolver } from './phone-resolver';
import { AccountResolver, accountNode } from './resolver';

/** Accounts: customers, members and operators; registration, sign-in (password or phone code), sessions and address books. */
export const accountsModule: ModuleManifest = {
  name: 'accounts',
  entities: [Account, AccountSession, RefreshToken, PhoneSignInCode, AccountAddress],
  resolvers: [AccountResolver, PhoneSignInResolver, AccountAddressesResolver, SavedAddressResolver],
  nodeTypes: { Account: accountNode, SavedAddress: savedAddressNode },
  jobs: ({ queue, fork }) => registerAccountJobs(queue, fork),
};

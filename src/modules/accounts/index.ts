import type { ModuleManifest } from '../manifest';
import { Account, AccountSession, RefreshToken } from './entities';
import { AccountResolver, accountNode } from './resolver';

/** Accounts: customers, members and operators; registration, sign-in and sessions. */
export const accountsModule: ModuleManifest = {
  name: 'accounts',
  entities: [Account, AccountSession, RefreshToken],
  resolvers: [AccountResolver],
  nodeTypes: { Account: accountNode },
};

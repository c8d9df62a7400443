import type { ModuleManifest } from '../manifest';
import { StorefrontApp } from './entities';
import { StorefrontAppResolver, storefrontAppNode } from './resolver';

/** Storefront apps: the sales channels, their keys and allowed origins. */
export const storefrontsModule: ModuleManifest = {
  name: 'storefronts',
  entities: [StorefrontApp],
  resolvers: [StorefrontAppResolver],
  nodeTypes: { StorefrontApp: storefrontAppNode },
};

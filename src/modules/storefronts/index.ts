import type { ModuleManifest } from '../manifest';
import { StorefrontApp } from './entities';
import { PromotionGamesResolver } from './games';
import { StorefrontAppResolver, storefrontAppNode } from './resolver';

/** Storefront apps: the sales channels, their keys, allowed origins and whether the sharing games run on them (the games list). */
export const storefrontsModule: ModuleManifest = {
  name: 'storefronts',
  entities: [StorefrontApp],
  resolvers: [StorefrontAppResolver, PromotionGamesResolver],
  nodeTypes: { StorefrontApp: storefrontAppNode },
};

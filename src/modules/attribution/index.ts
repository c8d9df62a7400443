import type { ModuleManifest } from '../manifest';
import { OrderAttribution, ShareToken, ShareTouch } from './entities';
import { OrderAttributionResolver, OrderAttributionShopResolver, ShareLinkResolver } from './resolver';

/** Share links and which shop and member an order is attributed to. */
export const attributionModule: ModuleManifest = {
  name: 'attribution',
  entities: [ShareToken, ShareTouch, OrderAttribution],
  resolvers: [ShareLinkResolver, OrderAttributionResolver, OrderAttributionShopResolver],
};

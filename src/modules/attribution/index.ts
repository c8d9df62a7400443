import type { ModuleManifest } from '../manifest';
import { OrderAttribution, OrderLineAttribution, ShareToken, ShareTouch } from './entities';
import { MyShopInsightsResolver, ShopOrderResolver } from './insight-resolver';
import { PlacementReportResolver } from './placement-report-resolver';
import { OrderAttributionResolver, OrderAttributionShopResolver, OrderLineSourceResolver, ShareLinkResolver } from './resolver';

/** Share links, which shop and member an order (and each of its lines) is attributed to, the shop insights built on that, and sales per site and buy-button placement. */
export const attributionModule: ModuleManifest = {
  name: 'attribution',
  entities: [ShareToken, ShareTouch, OrderAttribution, OrderLineAttribution],
  resolvers: [
    ShareLinkResolver,
    OrderAttributionResolver,
    OrderAttributionShopResolver,
    OrderLineSourceResolver,
    MyShopInsightsResolver,
    ShopOrderResolver,
    PlacementReportResolver,
  ],
};

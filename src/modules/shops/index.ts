import type { ModuleManifest } from '../manifest';
import { Shop, ShopProduct, ShopVisitDay } from './entities';
import { SHOP_OWNER_AVATARS } from './queries';
import { MyShopResolver, ShopOrderResolver, ShopResolver, shopNode } from './resolver';

/** Members' shops: their selection, prices and insights. */
export const shopsModule: ModuleManifest = {
  name: 'shops',
  entities: [Shop, ShopProduct, ShopVisitDay],
  resolvers: [ShopResolver, MyShopResolver, ShopOrderResolver],
  nodeTypes: { Shop: shopNode },
  profileAvatars: SHOP_OWNER_AVATARS,
};

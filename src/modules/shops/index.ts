import type { ModuleManifest } from '../manifest';
import { Shop, ShopProduct, ShopVisitDay } from './entities';
import { SHOP_OWNER_AVATARS } from './queries';
import { MyShopResolver, ShopResolver, shopNode } from './resolver';

/** Members' shops: their selection and prices (their insights are attribution's report). */
export const shopsModule: ModuleManifest = {
  name: 'shops',
  entities: [Shop, ShopProduct, ShopVisitDay],
  resolvers: [ShopResolver, MyShopResolver],
  nodeTypes: { Shop: shopNode },
  profileAvatars: SHOP_OWNER_AVATARS,
};

import { toGlobalId } from '../../lib/ids';
import { money } from '../../lib/money';
import { productWithRelationsView } from '../catalog/views';
import { ShopPriceStatus, type ShopProductRow, type ShopRow } from './reads';
import type { MyShopProduct, Shop, ShopProduct } from './types';

export function shopView(row: ShopRow): Shop {
  return {
    __typename: 'Shop',
    id: toGlobalId('Shop', row.id),
    dbId: row.id,
    slug: row.slug,
    name: row.name,
    avatarUrl: row.avatar_url,
    intro: row.intro,
    createdAt: new Date(row.created_at),
  } as Shop;
}

export function shopProductView(row: ShopProductRow): ShopProduct {
  return { product: productWithRelationsView(row), shopPrice: row.shop_price_applies ? money(row.shop_price!) : null, position: row.shop_position };
}

export function myShopProductView(row: ShopProductRow): MyShopProduct {
  return {
    product: productWithRelationsView(row),
    position: row.shop_position,
    shopPrice: row.shop_price == null ? null : money(row.shop_price),
    shopPriceStatus: row.shop_price == null ? ShopPriceStatus.NONE : row.shop_price_applies ? ShopPriceStatus.APPLIED : ShopPriceStatus.OUT_OF_BAND,
    addedAt: new Date(row.added_at),
  };
}

import { money, type Fen } from '../../lib/money';
import { runPipeline } from '../../lib/pricing/pipeline';
import { ProductStatus } from '../catalog/rules';
import type { SkuRow } from '../catalog/reads';
import { unitPriceStep } from '../catalog/unit-price-step';
import { productWithRelationsView, skuView } from '../catalog/views';
import type { PriceReasonEnum } from '../orders/types';
import { shopPriceStep } from '../shops/shop-price-step';
import type { FeaturedProductRow } from './reads';
import { ArticleProductAvailability, type ArticleProduct } from './types';

/** The unit price of each SKU for this viewer, by the checkout's own steps 2 and 3 (member price, then the shop's price). */
function livePrices(skus: SkuRow[], buyerIsMember: boolean, shopPrice: Fen | null): { price: Fen; reason: string; retail: Fen }[] {
  const lines = skus.map((s) => ({ skuId: s.id, quantity: 1, retailPrice: s.price, memberPrice: s.member_price, shopPrice }));
  const priced = runPipeline<(typeof lines)[number], { buyerIsMember: boolean }, object>([unitPriceStep, shopPriceStep], { lines, buyerIsMember });
  return priced.lines.map((l, i) => ({ price: l.unitPrice, reason: l.priceReason, retail: skus[i].price }));
}

/**
 * A featured product as a card shows it, live: what this viewer would pay before promotions and
 * coupons (member price for members; the author's shop price where the author's shop carries the
 * product), whether it can be bought now, and the product itself unless it is not published — a
 * draft or a deleted product shows as UNAVAILABLE with nothing of it.
 */
export function featuredView(row: FeaturedProductRow | null, skuId: string | null, buyerIsMember: boolean): ArticleProduct {
  const product = row ? productWithRelationsView(row) : null;
  if (!row || !product || product.status === ProductStatus.DRAFT) {
    return {
      product: null,
      sku: null,
      availability: ArticleProductAvailability.UNAVAILABLE,
      price: null,
      priceReason: null,
      retailPrice: null,
      inStock: false,
    };
  }
  const sku = skuId ? (row.skus_json.find((s) => s.id === skuId) ?? null) : null;
  const skus = sku ? [sku] : row.skus_json;
  const offSale = product.status === ProductStatus.OFF_SALE || skus.length === 0;
  const inStock = !offSale && skus.some((s) => s.stock > 0);
  const availability = offSale
    ? ArticleProductAvailability.UNAVAILABLE
    : product.status === ProductStatus.PREVIEW
      ? ArticleProductAvailability.PREVIEW
      : inStock
        ? ArticleProductAvailability.AVAILABLE
        : ArticleProductAvailability.SOLD_OUT;
  // The lowest of the product's prices ("from ¥…"), or the card's SKU's.
  const lowest = offSale ? null : livePrices(skus, buyerIsMember, row.shop_price).reduce((a, b) => (b.price < a.price ? b : a));
  return {
    product,
    sku: sku ? skuView(sku) : null,
    availability,
    price: lowest && money(lowest.price),
    priceReason: lowest && (lowest.reason as PriceReasonEnum),
    retailPrice: lowest && money(lowest.retail),
    inStock,
  };
}

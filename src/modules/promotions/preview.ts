import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { ProductStatus } from '../catalog/rules';
import type { CouponRequest } from '../coupons/pricing-context';
import { loadPromotions } from './checkout';
import { OrderErrorCode as E } from '../orders/errors';
import type { PriceBreakdown } from '../orders/pricing/pipeline';
import { normalizeLines, priceLines, saleStatus, skusForSale, type LineInput } from '../orders/service';

/**
 * The price preview: the lines priced by the checkout pipeline with the same promotion data
 * checkout loads (flash sales, coupons), without writing anything. Shop prices need the share link the buyer
 * came through, which checkout resolves; the preview prices without them, as the cart does.
 */
export async function previewPrice(em: EntityManager, buyer: { accountId: string; isMember: boolean }, lines: LineInput[], coupon: Omit<CouponRequest, 'accountId'>): Promise<PriceBreakdown> {
  const normalized = normalizeLines(lines);
  const skus = await skusForSale(em, normalized.map((l) => l.skuId));
  normalized.forEach((line, i) => {
    const sku = skus.get(line.skuId);
    if (!sku) throw new DomainError(E.SKU_NOT_FOUND, 'No SKU has this id', ['input', 'lines', String(i), 'skuId']);
    if (saleStatus(sku) !== ProductStatus.ON_SALE) throw new DomainError(E.NOT_BUYABLE, `${sku.product_name} (${sku.code}) cannot be bought now`, ['input', 'lines', String(i), 'skuId']);
  });
  const promotions = await loadPromotions(em, { accountId: buyer.accountId, ...coupon }, normalized);
  return priceLines(em, normalized, skus, buyer.isMember, undefined, promotions);
}

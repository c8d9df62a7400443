import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { OrderErrorCode } from '../orders/errors';
import { loadCouponPricing, lockOrderCoupon, type CouponRequest } from '../coupons/pricing-context';
import type { PricedOrder, PricingPromotions } from '../orders/pricing/pipeline';
import { loadPriceCampaigns, recordPriceCampaigns } from './price-campaigns';
import { flashActivityPrices, liveFlashSales, takeFlashStock, type LiveFlashSale } from './flash-pricing';

/**
 * What every promotion needs before pricing, loaded in one place that checkout and the price
 * preview both call: live flash sales (a line's activity price), limited-time discounts,
 * new-customer prices, full-reduction campaigns and the buyer's coupons.
 *
 * `activitySkuIds`: the SKUs a campaign the buyer chose prices (group-buy, bargain): its price beats
 * a flash sale's, so their flash sales are neither looked up nor able to refuse the checkout.
 */
export async function loadPromotions(em: EntityManager, request: CouponRequest, lines: { skuId: string; quantity: number }[], activitySkuIds: Iterable<string> = []): Promise<PricingPromotions> {
  const skip = new Set(activitySkuIds);
  const flashLines = lines.filter((l) => !skip.has(l.skuId));
  const flash = await liveFlashSales(em, flashLines.map((l) => l.skuId));
  refuseSoldOut(flash, lines);
  return {
    activityPrices: flashActivityPrices(flash),
    ...(await loadPriceCampaigns(em, request.accountId, lines.map((l) => l.skuId))),
    ...(await loadCouponPricing(em, request)),
  };
}

function refuseSoldOut(flash: Map<string, LiveFlashSale>, lines: { skuId: string; quantity: number }[]): void {
  lines.forEach((line, i) => {
    const sale = flash.get(line.skuId);
    if (sale && sale.flash_stock < line.quantity) {
      throw new DomainError(OrderErrorCode.FLASH_SALE_SOLD_OUT, sale.flash_stock === 0 ? 'This flash sale is sold out' : `This flash sale has ${sale.flash_stock} left`, ['input', 'lines', String(i)]);
    }
  });
}

/**
 * Before the checkout transaction opens: a line in a sold-out flash sale is refused at once, in one
 * read. In a rush nearly every buyer ends here, so they cost one statement instead of a whole
 * checkout. The conditional decrement inside the transaction stays the guard.
 */
export async function refuseSoldOutFlashSales(em: EntityManager, lines: { skuId: string; quantity: number }[]): Promise<void> {
  refuseSoldOut(await liveFlashSales(em, lines.map((l) => l.skuId)), lines);
}

/** Inside the checkout transaction, once the order exists: the coupon locked by it, its new-customer prices and full-reduction tier recorded. */
export async function commitPromotions(tx: EntityManager, breakdown: PricedOrder, orderId: string, accountId: string): Promise<void> {
  await lockOrderCoupon(tx, breakdown, orderId, accountId);
  await recordPriceCampaigns(tx, breakdown, orderId, accountId);
}

/** Inside the checkout transaction, last before the SKU stock: the flash stock taken for the order (see takeFlashStock). */
export { takeFlashStock };

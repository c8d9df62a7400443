import type { ModuleManifest } from '../manifest';
import {
  Discount,
  FlashSale,
  FlashSaleCustomer,
  FlashSalePurchase,
  FlashSlot,
  FullReduction,
  FullReductionOrder,
  NewCustomerPrice,
  NewCustomerRedemption,
  PriceCampaignOrder,
} from './entities';
import {
  DiscountResolver,
  FullReductionResolver,
  FullReductionTierResolver,
  NewCustomerPriceResolver,
  discountNode,
  fullReductionNode,
  newCustomerPriceNode,
} from './campaign-resolver';
import { FlashSaleResolver, FlashSlotResolver, flashSaleNode, flashSlotNode } from './flash-resolver';
import { PreviewLineResolver, PricePreviewResolver } from './resolver';
import { issueGiftOfPaidOrder, releaseCancelledOrderPromotions, takeBackGiftOfRefundedOrder } from './subscribers';

/** Flash sales, discounts, full reductions, new-customer prices, and the price preview. */
export const promotionsModule: ModuleManifest = {
  name: 'promotions',
  entities: [
    FlashSlot,
    FlashSale,
    FlashSaleCustomer,
    FlashSalePurchase,
    Discount,
    FullReduction,
    FullReductionOrder,
    NewCustomerPrice,
    NewCustomerRedemption,
    PriceCampaignOrder,
  ],
  resolvers: [
    PricePreviewResolver,
    PreviewLineResolver,
    FlashSlotResolver,
    FlashSaleResolver,
    DiscountResolver,
    FullReductionResolver,
    FullReductionTierResolver,
    NewCustomerPriceResolver,
  ],
  nodeTypes: {
    FlashSlot: flashSlotNode,
    FlashSale: flashSaleNode,
    Discount: discountNode,
    FullReduction: fullReductionNode,
    NewCustomerPrice: newCustomerPriceNode,
  },
  orderEventSubscribers: [
    { event: 'order.cancelled', handler: releaseCancelledOrderPromotions },
    { event: 'order.paid', handler: issueGiftOfPaidOrder },
    { event: 'order.refunded', handler: takeBackGiftOfRefundedOrder },
  ],
};

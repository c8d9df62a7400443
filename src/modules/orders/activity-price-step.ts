import type { ActivityPrice, PricingStep } from '../../lib/pricing/step';
import { setUnitPrice } from '../../lib/pricing/unit-price';

/** What the activity-price step reads. */
export interface ActivityPriceLine {
  /** The price of a campaign chosen for this order (group-buy, bargain: a CheckoutActivity); absent for ordinary lines. */
  activityPrice?: ActivityPrice | null;
}
export interface ActivityPriceFacts {
  /** Prices of campaigns live on the lines' SKUs (flash sales), by SKU id; loaded before pricing. */
  activityPrices?: ReadonlyMap<string, ActivityPrice>;
}

/**
 * Step 1 of PIPELINE: a line in a campaign carries the campaign's price, which beats the member and
 * shop prices; a campaign chosen for this order beats one live on the SKU. The other lines stay at
 * their list price.
 */
export const activityPriceStep: PricingStep<ActivityPriceLine, ActivityPriceFacts> = {
  name: 'activity-price',
  apply(state, input) {
    input.lines.forEach((line, i) => {
      const activity = line.activityPrice ?? input.activityPrices?.get(line.skuId) ?? null;
      if (!activity) return;
      setUnitPrice(state.lines[i], activity.unitPrice, activity.kind);
      state.lines[i].activity = activity;
    });
  },
};

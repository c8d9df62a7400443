import { formatFen, type Fen } from '../../lib/money';
import { spreadDiscount } from '../../lib/pricing/spread';
import type { PricingStep } from '../../lib/pricing/step';

/** A full-reduction campaign live now; its tiers by amount (fen) or by item count. */
export interface FullReductionOffer {
  id: string;
  name: string;
  basis: 'AMOUNT' | 'COUNT';
  tiers: { threshold: number; amountOff: Fen; freeShipping: boolean; giftTemplateId: string | null }[];
}

/** What the full-reduction step reads, loaded before pricing (price-campaigns.ts). */
export interface FullReductionFacts {
  /** Full-reduction campaigns live now. */
  fullReductions?: readonly FullReductionOffer[];
}

export interface FullReductionOutcome {
  campaignId: string;
  tierIndex: number;
  amountOff: Fen;
  freeShipping: boolean;
  giftTemplateId: string | null;
}

const yuan = (fen: Fen) => `¥${formatFen(fen)}`;

/**
 * Step 5 of PIPELINE: full reduction (满减 / 满送). Over the lines not at an activity price, by what
 * they cost after discounts or by how many items they hold, the highest tier reached of each live
 * campaign counts, and of those the one taking the most off applies: its amount off spread over
 * those lines, free shipping, and a gift coupon issued when the order is paid. The breakdown's
 * `fullReduction` says which tier applied.
 */
export const fullReductionStep: PricingStep<object, FullReductionFacts, { fullReduction: FullReductionOutcome }> = {
  name: 'full-reduction',
  apply(state, input) {
    const campaigns = input.fullReductions ?? [];
    if (campaigns.length === 0) return;
    const eligible = state.lines.map((l) => !l.activity);
    const amount = state.lines.reduce((sum, l, i) => sum + (eligible[i] ? l.total : 0), 0);
    const count = state.lines.reduce((sum, l, i) => sum + (eligible[i] ? l.quantity : 0), 0);
    let best: (FullReductionOutcome & { label: string }) | null = null;
    for (const campaign of campaigns) {
      const basis = campaign.basis === 'AMOUNT' ? amount : count;
      let tierIndex = -1;
      campaign.tiers.forEach((tier, t) => {
        if (basis >= tier.threshold && (tierIndex < 0 || tier.threshold > campaign.tiers[tierIndex].threshold)) tierIndex = t;
      });
      if (tierIndex < 0) continue;
      const tier = campaign.tiers[tierIndex];
      const amountOff = Math.min(tier.amountOff, amount);
      const better = !best || amountOff > best.amountOff || (amountOff === best.amountOff && tier.freeShipping && !best.freeShipping);
      if (!better) continue;
      const reached = campaign.basis === 'AMOUNT' ? `满${yuan(tier.threshold)}` : `满${tier.threshold}件`;
      best = {
        campaignId: campaign.id,
        tierIndex,
        amountOff,
        freeShipping: tier.freeShipping,
        giftTemplateId: tier.giftTemplateId,
        label: `满减 Full reduction: ${campaign.name} (${reached})`,
      };
    }
    if (!best) return;
    if (best.amountOff > 0) spreadDiscount(state, 'FULL_REDUCTION', best.label, best.amountOff, eligible);
    if (best.freeShipping) state.freeShipping = true;
    const { label: _label, ...outcome } = best;
    state.fullReduction = outcome;
  },
};

import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '../../lib/errors';

/*
 * The error codes of the promotion mutations: the promotions module's flash sales and campaigns,
 * and the promotion settings (the operator's time zone) that coupons keep because daily sign-in
 * reads them. They sit here, in the lower of the two modules, so that both can name them.
 */

/** Why a flash-sale, discount, full-reduction, new-customer-price or promotion-settings mutation was refused. */
export enum PromotionErrorCode {
  SLOT_NOT_FOUND = 'SLOT_NOT_FOUND',
  SLOT_OVERLAP = 'SLOT_OVERLAP',
  SLOT_IN_USE = 'SLOT_IN_USE',
  INVALID_TIME = 'INVALID_TIME',
  INVALID_NAME = 'INVALID_NAME',
  SKU_NOT_FOUND = 'SKU_NOT_FOUND',
  SKU_BUSY = 'SKU_BUSY',
  INVALID_PRICE = 'INVALID_PRICE',
  INVALID_STOCK = 'INVALID_STOCK',
  INVALID_LIMIT = 'INVALID_LIMIT',
  INVALID_WINDOW = 'INVALID_WINDOW',
  CAMPAIGN_NOT_FOUND = 'CAMPAIGN_NOT_FOUND',
  CAMPAIGN_ENDED = 'CAMPAIGN_ENDED',
  INVALID_DISCOUNT = 'INVALID_DISCOUNT',
  INVALID_TIERS = 'INVALID_TIERS',
  INVALID_TIME_ZONE = 'INVALID_TIME_ZONE',
}

/** What each PromotionErrorCode means, for the schema. */
export const promotionErrorCodeDescriptions: Record<keyof typeof PromotionErrorCode, { description: string }> = {
  SLOT_NOT_FOUND: { description: 'No flash-sale slot has this id.' },
  SLOT_OVERLAP: { description: "The flash-sale slot's times overlap another slot." },
  SLOT_IN_USE: { description: 'Flash sales use this slot, so it cannot be deleted.' },
  INVALID_TIME: { description: 'A slot time is not HH:MM from 00:00 to 24:00, or the end is not after the start.' },
  INVALID_NAME: { description: 'The name is empty or too long.' },
  SKU_NOT_FOUND: { description: 'No SKU has this id.' },
  SKU_BUSY: { description: 'The SKU already has a flash sale or limited-time discount that has not ended: end it first.' },
  INVALID_PRICE: { description: "The price is below 0.01 or not below the SKU's retail price." },
  INVALID_STOCK: { description: 'The flash stock is out of range, not whole, or would go below what is left.' },
  INVALID_LIMIT: { description: 'perCustomerLimit is not from 1 to 999.' },
  INVALID_WINDOW: { description: 'endsAt is not after startsAt, or has already passed.' },
  CAMPAIGN_NOT_FOUND: { description: 'No flash sale, discount, full reduction or new-customer price has this id.' },
  CAMPAIGN_ENDED: { description: 'The flash sale or campaign has already ended.' },
  INVALID_DISCOUNT: { description: 'Give one of percentOffBasisPoints (1 to 9999) or amountOff (0.01 to below the retail price).' },
  INVALID_TIERS: { description: 'The full-reduction tiers are too few or many, repeat a threshold, or have an invalid threshold, amount or gift.' },
  INVALID_TIME_ZONE: { description: 'The time zone is not an IANA time zone such as Asia/Shanghai.' },
};

registerEnumType(PromotionErrorCode, {
  name: 'PromotionErrorCode',
  description: 'Why a flash-sale, discount, full-reduction, new-customer-price or promotion-settings mutation was refused.',
  valuesConfig: promotionErrorCodeDescriptions,
});

@ObjectType({ description: 'A refused flash-sale, discount, full-reduction or new-customer-price mutation.', implements: UserError })
export class PromotionUserError extends UserError {
  @Field(() => PromotionErrorCode, { description: 'What went wrong.' })
  code: PromotionErrorCode;
}

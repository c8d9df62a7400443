import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { maxChars, maxItems, range } from '../../lib/bounds';
import { UserError } from '../../lib/errors';
import { DecimalScalar, Money, type Fen } from '../../lib/money';
import { ConnectionType } from '../../lib/pagination';
import { Node } from '../../lib/node';
import { CouponDistribution, CouponKind, CouponScope, CouponStatus, CouponValidity } from './entities';
import { CouponErrorCode, couponErrorCodeDescriptions } from './errors';
import { MAX_GRANT_ACCOUNTS } from './issuing';
import { MAX_DESCRIPTION_LENGTH, MAX_NAME_LENGTH, MAX_PERCENT_OFF_BP, MAX_PER_CUSTOMER, MAX_SCOPE_IDS, MAX_TOTAL_QUANTITY, MAX_VALID_DAYS } from './templates';

/** The idempotency key rule of lib/idempotency: 8 to 128 letters, digits or ._:- characters. */
const MAX_IDEMPOTENCY_KEY_LENGTH = 128;

export enum CouponKindEnum {
  AMOUNT_OFF = 'AMOUNT_OFF',
  PERCENT_OFF = 'PERCENT_OFF',
}
export enum CouponScopeEnum {
  ALL = 'ALL',
  PRODUCTS = 'PRODUCTS',
  CATEGORIES = 'CATEGORIES',
}
export enum CouponValidityEnum {
  FIXED = 'FIXED',
  DAYS_AFTER_CLAIM = 'DAYS_AFTER_CLAIM',
}
export enum CouponDistributionEnum {
  CLAIMABLE = 'CLAIMABLE',
  GRANT_ONLY = 'GRANT_ONLY',
  NEW_CUSTOMER = 'NEW_CUSTOMER',
  INVITE_REWARD = 'INVITE_REWARD',
  MEMBERSHIP_GIFT = 'MEMBERSHIP_GIFT',
  SIGN_IN_REWARD = 'SIGN_IN_REWARD',
  SHARE_PACK = 'SHARE_PACK',
}
export enum CouponStatusEnum {
  AVAILABLE = 'AVAILABLE',
  LOCKED = 'LOCKED',
  USED = 'USED',
  EXPIRED = 'EXPIRED',
  REVOKED = 'REVOKED',
}
export enum CouponUnusableReasonEnum {
  NOT_STARTED = 'NOT_STARTED',
  EXPIRED = 'EXPIRED',
  NOT_IN_SCOPE = 'NOT_IN_SCOPE',
  BELOW_THRESHOLD = 'BELOW_THRESHOLD',
}

/** Database value ↔ GraphQL value of the enums (lower ↔ upper case). */
export const toDb = <T extends string>(value: string): T => value.toLowerCase() as T;
export const fromDb = <T extends string>(value: string): T => value.toUpperCase() as T;
export type DbEnums = CouponKind | CouponScope | CouponValidity | CouponDistribution | CouponStatus;

registerEnumType(CouponKindEnum, {
  name: 'CouponKind',
  description: 'How a coupon takes money off.',
  valuesConfig: {
    AMOUNT_OFF: { description: 'A fixed amount off when the eligible goods reach the threshold (满X减Y; threshold 0 = no threshold).' },
    PERCENT_OFF: { description: 'A percentage off the eligible goods (basis points), capped at maxDiscount when set.' },
  },
});
registerEnumType(CouponScopeEnum, {
  name: 'CouponScope',
  description: 'Which goods a coupon applies to.',
  valuesConfig: {
    ALL: { description: 'Everything.' },
    PRODUCTS: { description: 'The listed products.' },
    CATEGORIES: { description: 'The listed categories and every category below them.' },
  },
});
registerEnumType(CouponValidityEnum, {
  name: 'CouponValidityKind',
  description: 'When an issued coupon may be used.',
  valuesConfig: {
    FIXED: { description: 'From validFrom until validUntil of the template.' },
    DAYS_AFTER_CLAIM: { description: 'validDays days from the moment it is issued.' },
  },
});
registerEnumType(CouponDistributionEnum, {
  name: 'CouponDistribution',
  description: "Who may get a template's coupons, and how.",
  valuesConfig: {
    CLAIMABLE: { description: 'Any customer claims one with claimCoupon (within the claim window and limits).' },
    GRANT_ONLY: { description: 'Only operators grant it to listed customers (grantCoupons).' },
    NEW_CUSTOMER: { description: 'Issued to a new customer on registration.' },
    INVITE_REWARD: { description: 'Issued to the inviter when someone registers with their invite code.' },
    MEMBERSHIP_GIFT: { description: 'Issued when a membership opens.' },
    SIGN_IN_REWARD: { description: 'A daily sign-in streak reward.' },
    SHARE_PACK: { description: 'Handed out through share packs.' },
  },
});
registerEnumType(CouponStatusEnum, {
  name: 'CouponStatus',
  description: 'Where an issued coupon is.',
  valuesConfig: {
    AVAILABLE: { description: 'Can be used (inside its validity).' },
    LOCKED: { description: 'Held by an unpaid order; back to AVAILABLE if the order is cancelled.' },
    USED: { description: 'Spent by a paid order; back to AVAILABLE if the order is refunded in full.' },
    EXPIRED: { description: 'Its validity has passed unused.' },
    REVOKED: {
      description:
        "Taken back: a full-reduction gift whose order, or a membership gift whose membership's order, was cancelled or refunded in full (also when it was locked or used by an order then cancelled).",
    },
  },
});
registerEnumType(CouponUnusableReasonEnum, {
  name: 'CouponUnusableReason',
  description: 'Why a coupon cannot be used on an order.',
  valuesConfig: {
    NOT_STARTED: { description: 'Its validity has not started.' },
    EXPIRED: { description: 'Its validity has passed.' },
    NOT_IN_SCOPE: { description: 'It is not valid for any of these products.' },
    BELOW_THRESHOLD: { description: 'The goods it is valid for do not reach its threshold.' },
  },
});
registerEnumType(CouponErrorCode, {
  name: 'CouponErrorCode',
  description: 'Why a coupon template, claim or grant was refused.',
  valuesConfig: couponErrorCodeDescriptions,
});

@ObjectType('CouponTemplate', { description: 'A coupon template: the rule, validity, stock and limits of the coupons issued from it.', implements: Node })
export class CouponTemplateType extends Node {
  dbId: string;
  productDbIds: string[];
  categoryDbIds: string[];

  @Field({ description: 'Name shown to buyers, e.g. "满99减12".' })
  name: string;

  @Field({ description: 'Longer text for buyers.' })
  description: string;

  @Field(() => CouponKindEnum, { description: 'How it takes money off.' })
  kind: CouponKindEnum;

  @Field(() => Money, { nullable: true, description: 'The amount off (AMOUNT_OFF); null for PERCENT_OFF.' })
  amountOff: Money | null;

  @Field(() => Int, { nullable: true, description: 'Basis points off (PERCENT_OFF; 1500 = 15% off); null for AMOUNT_OFF.' })
  percentOffBasisPoints: number | null;

  @Field(() => Money, { nullable: true, description: 'The most a PERCENT_OFF coupon takes off; null: no cap.' })
  maxDiscount: Money | null;

  @Field(() => Money, { description: 'The eligible goods must cost at least this; 0 = no threshold.' })
  threshold: Money;

  @Field(() => CouponScopeEnum, { description: 'Which goods it applies to.' })
  scope: CouponScopeEnum;

  @Field(() => [ID], { description: 'The products (scope PRODUCTS); empty otherwise.' })
  productIds: string[];

  @Field(() => [ID], { description: 'The categories, descendants included (scope CATEGORIES); empty otherwise.' })
  categoryIds: string[];

  @Field(() => CouponValidityEnum, { description: 'How the validity of an issued coupon is set.' })
  validity: CouponValidityEnum;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'Start of a FIXED validity.' })
  validFrom: Date | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'End of a FIXED validity.' })
  validUntil: Date | null;

  @Field(() => Int, { nullable: true, description: 'Days a DAYS_AFTER_CLAIM coupon is valid from its issue.' })
  validDays: number | null;

  @Field(() => Int, { nullable: true, description: 'How many coupons may be issued in all; null: unlimited.' })
  totalQuantity: number | null;

  @Field(() => Int, { description: 'How many have been issued (claimed or granted).' })
  issuedCount: number;

  @Field(() => Int, { nullable: true, description: 'How many are left to issue; null: unlimited.' })
  remaining: number | null;

  @Field(() => Int, { description: 'How many coupons one customer may claim.' })
  perCustomerLimit: number;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'Claiming opens; null: at once.' })
  claimStartsAt: Date | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'Claiming closes; null: never.' })
  claimEndsAt: Date | null;

  @Field(() => CouponDistributionEnum, { description: 'Who may get it, and how.' })
  distribution: CouponDistributionEnum;

  @Field(() => GraphQLDateTimeISO, {
    nullable: true,
    description: 'When an operator ended it (no more are issued; issued ones stay valid); null while running.',
  })
  endedAt: Date | null;

  @Field(() => GraphQLDateTimeISO, { description: 'When it was created.' })
  createdAt: Date;
}

@ObjectType({ description: "What became of a template's coupons: how many were issued, and where they are now." })
export class CouponTemplateStats {
  @Field(() => Int, { description: 'Issued (claimed or granted).' })
  issued: number;

  @Field(() => Int, { description: 'Available to their owners now.' })
  available: number;

  @Field(() => Int, { description: 'Locked by unpaid orders.' })
  locked: number;

  @Field(() => Int, { description: 'Used by paid orders.' })
  used: number;

  @Field(() => Int, { description: 'Expired unused.' })
  expired: number;

  @Field(() => Int, { description: 'Gifts taken back (their order was cancelled or refunded).' })
  revoked: number;
}

@ObjectType('Coupon', { description: 'A coupon issued to a customer.', implements: Node })
export class CouponType extends Node {
  dbId: string;
  templateDbId: string;
  ownerDbId: string;

  @Field(() => CouponStatusEnum, { description: 'Where it is.' })
  status: CouponStatusEnum;

  @Field(() => GraphQLDateTimeISO, { description: 'Usable from.' })
  validFrom: Date;

  @Field(() => GraphQLDateTimeISO, { description: 'Usable until (exclusive).' })
  validUntil: Date;

  @Field(() => GraphQLDateTimeISO, { description: 'When it was issued.' })
  issuedAt: Date;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When a paid order used it; null otherwise.' })
  usedAt: Date | null;

  /** The order holding it or that used it (resolved to `order`). */
  orderDbId: string | null;

  @Field(() => Money, {
    nullable: true,
    description:
      "The coupon's own amount off when it is not its template's (a red-packet share: a no-threshold coupon of the share's amount); null: the template's amountOff applies.",
  })
  amountOff: Money | null;
}

@ObjectType({ description: 'One of your coupons as it stands for an order: its discount, or why it cannot be used.' })
export class CouponOption {
  couponDbId: string;

  @Field({ description: 'Whether it can be used on this order.' })
  usable: boolean;

  @Field({ description: 'Whether it is the one applied.' })
  applied: boolean;

  @Field(() => Money, { description: 'What it takes off this order (zero when unusable).' })
  discount: Money;

  @Field(() => CouponUnusableReasonEnum, { nullable: true, description: 'Why it cannot be used; null when usable.' })
  reasonCode: CouponUnusableReasonEnum | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Why it cannot be used, in words, e.g. "¥12.00 short of the ¥99.00 threshold", "not valid for these products", "starts tomorrow 10:00"; null when usable.',
  })
  reason: string | null;
}

@ObjectType({ description: 'A refused coupon template, claim or grant.', implements: UserError })
export class CouponUserError extends UserError {
  @Field(() => CouponErrorCode, { description: 'What went wrong.' })
  code: CouponErrorCode;
}

@ObjectType({ description: 'Result of a coupon template mutation.' })
export class CouponTemplatePayload {
  @Field(() => CouponTemplateType, { nullable: true, description: 'The template; null when refused.' })
  template: CouponTemplateType | null;

  @Field(() => [CouponUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: CouponUserError[];
}

@ObjectType({ description: 'Result of claiming a coupon.' })
export class ClaimCouponPayload {
  @Field(() => CouponType, { nullable: true, description: 'Your new coupon; null when refused.' })
  coupon: CouponType | null;

  @Field(() => [CouponUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: CouponUserError[];
}

@ObjectType({ description: 'Result of granting coupons.' })
export class GrantCouponsPayload {
  @Field(() => [CouponType], {
    nullable: true,
    description: 'The coupons issued, one per account in the order given; null when refused (then none was issued).',
  })
  coupons: CouponType[] | null;

  @Field(() => [CouponUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: CouponUserError[];
}

@InputType({ description: 'A new coupon template.' })
export class CouponTemplateCreateInput {
  @Field(maxChars(MAX_NAME_LENGTH, 'Name shown to buyers, not blank.'))
  name: string;

  @Field(() => String, { nullable: true, ...maxChars(MAX_DESCRIPTION_LENGTH, 'Longer text for buyers.') })
  description?: string | null;

  @Field(() => CouponKindEnum, { description: 'How it takes money off.' })
  kind: CouponKindEnum;

  @Field(() => DecimalScalar, { nullable: true, description: 'AMOUNT_OFF: the amount off (at most the threshold when there is one).' })
  amountOff?: Fen | null;

  @Field(() => Int, { nullable: true, ...range(1, MAX_PERCENT_OFF_BP, 'PERCENT_OFF: basis points off (1500 = 15% off).') })
  percentOffBasisPoints?: number | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'PERCENT_OFF: the most it takes off; omitted: no cap.' })
  maxDiscount?: Fen | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'The eligible goods must cost at least this; omitted or 0: no threshold.' })
  threshold?: Fen | null;

  @Field(() => CouponScopeEnum, { nullable: true, description: 'Which goods it applies to; omitted: ALL.' })
  scope?: CouponScopeEnum | null;

  @Field(() => [ID], { nullable: true, ...maxItems(MAX_SCOPE_IDS, 'Scope PRODUCTS: the products, at least one.') })
  productIds?: string[] | null;

  @Field(() => [ID], { nullable: true, ...maxItems(MAX_SCOPE_IDS, 'Scope CATEGORIES: the categories, at least one (their descendants count too).') })
  categoryIds?: string[] | null;

  @Field(() => CouponValidityEnum, { description: "How an issued coupon's validity is set." })
  validity: CouponValidityEnum;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'FIXED: start of validity.' })
  validFrom?: Date | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'FIXED: end of validity (after validFrom).' })
  validUntil?: Date | null;

  @Field(() => Int, { nullable: true, ...range(1, MAX_VALID_DAYS, 'DAYS_AFTER_CLAIM: days valid from issue.') })
  validDays?: number | null;

  @Field(() => Int, { nullable: true, ...range(1, MAX_TOTAL_QUANTITY, 'How many may be issued in all; omitted: unlimited.') })
  totalQuantity?: number | null;

  @Field(() => Int, { nullable: true, ...range(1, MAX_PER_CUSTOMER, 'How many one customer may claim; omitted: 1.') })
  perCustomerLimit?: number | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'Claiming opens; omitted: at once.' })
  claimStartsAt?: Date | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'Claiming closes; omitted: never.' })
  claimEndsAt?: Date | null;

  @Field(() => CouponDistributionEnum, { description: 'Who may get it, and how.' })
  distribution: CouponDistributionEnum;
}

@InputType({ description: 'Changes to a coupon template; omitted fields stay. Its rule and validity do not change once coupons exist.' })
export class CouponTemplateUpdateInput {
  @Field(() => String, { nullable: true, ...maxChars(MAX_NAME_LENGTH, 'New name, not blank.') })
  name?: string | null;

  @Field(() => String, { nullable: true, ...maxChars(MAX_DESCRIPTION_LENGTH, 'New description.') })
  description?: string | null;

  @Field(() => Int, { nullable: true, ...range(1, MAX_TOTAL_QUANTITY, 'New total (not below what is issued); null: unlimited.') })
  totalQuantity?: number | null;

  @Field(() => Int, { nullable: true, ...range(1, MAX_PER_CUSTOMER, 'New per-customer limit.') })
  perCustomerLimit?: number | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'New claim opening; null: at once.' })
  claimStartsAt?: Date | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'New claim closing; null: never.' })
  claimEndsAt?: Date | null;
}

@InputType({ description: 'Claim a coupon.' })
export class ClaimCouponInput {
  @Field(() => ID, { description: 'The coupon template (distribution CLAIMABLE).' })
  templateId: string;

  @Field(() => String, {
    nullable: true,
    ...maxChars(
      MAX_IDEMPOTENCY_KEY_LENGTH,
      'Idempotency key (at least 8 of letters, digits, ._:-): a retry with the same key returns the first answer instead of claiming again.',
    ),
  })
  idempotencyKey?: string | null;
}

@InputType({ description: 'Grant coupons to customers.' })
export class GrantCouponsInput {
  @Field(() => ID, {
    description: 'The coupon template (any distribution; not ended). Grants count toward its total quantity but are not refused by the per-customer limit.',
  })
  templateId: string;

  @Field(() => [ID], maxItems(MAX_GRANT_ACCOUNTS, 'The customers, at least one; one coupon each (an account listed twice gets two).'))
  accountIds: string[];

  @Field(() => String, {
    nullable: true,
    ...maxChars(
      MAX_IDEMPOTENCY_KEY_LENGTH,
      'Idempotency key (at least 8 of letters, digits, ._:-): a retry with the same key returns the first answer instead of granting again.',
    ),
  })
  idempotencyKey?: string | null;
}

@InputType({ description: 'Filters of coupon templates.' })
export class CouponTemplateFilterInput {
  @Field(() => [CouponDistributionEnum], { nullable: true, ...maxItems(Object.keys(CouponDistributionEnum).length, 'Only these distributions.') })
  distributions?: CouponDistributionEnum[] | null;

  @Field(() => Boolean, { nullable: true, description: 'true: running only; false: ended only.' })
  isActive?: boolean | null;
}

@InputType({ description: 'Filters of coupons.' })
export class CouponFilterInput {
  @Field(() => [CouponStatusEnum], { nullable: true, ...maxItems(Object.keys(CouponStatusEnum).length, 'Only these statuses.') })
  statuses?: CouponStatusEnum[] | null;

  @Field(() => ID, { nullable: true, description: 'Only coupons of this template.' })
  templateId?: string | null;

  @Field(() => ID, { nullable: true, description: "Only this customer's coupons (operators)." })
  ownerId?: string | null;
}

export const CouponTemplateConnection = ConnectionType(CouponTemplateType, 'CouponTemplate', 'coupon template');
export const CouponConnection = ConnectionType(CouponType, 'Coupon', 'coupon');

import { toGlobalId } from '../../lib/ids';
import { money } from '../../lib/money';
import type { CouponOption as PricedOption } from './coupon-step';
import type { CouponRow, TemplateRow } from './reads';
import {
  fromDb,
  type CouponDistributionEnum,
  type CouponKindEnum,
  type CouponOption,
  type CouponScopeEnum,
  type CouponStatusEnum,
  type CouponTemplateType,
  type CouponType,
  type CouponUnusableReasonEnum,
  type CouponValidityEnum,
} from './types';

const date = (value: string | null) => (value == null ? null : new Date(value));

export function templateView(row: TemplateRow): CouponTemplateType {
  return {
    __typename: 'CouponTemplate',
    id: toGlobalId('CouponTemplate', row.id),
    dbId: row.id,
    productDbIds: row.product_ids,
    categoryDbIds: row.category_ids,
    name: row.name,
    description: row.description,
    kind: fromDb<CouponKindEnum>(row.kind),
    amountOff: row.amount_off == null ? null : money(row.amount_off),
    percentOffBasisPoints: row.percent_off_bp,
    maxDiscount: row.max_discount == null ? null : money(row.max_discount),
    threshold: money(row.threshold),
    scope: fromDb<CouponScopeEnum>(row.scope),
    productIds: row.product_ids.map((id) => toGlobalId('Product', id)),
    categoryIds: row.category_ids.map((id) => toGlobalId('Category', id)),
    validity: fromDb<CouponValidityEnum>(row.validity),
    validFrom: date(row.valid_from),
    validUntil: date(row.valid_until),
    validDays: row.valid_days,
    totalQuantity: row.total_quantity,
    issuedCount: row.issued,
    remaining: row.total_quantity == null ? null : row.total_quantity - row.issued,
    perCustomerLimit: row.per_customer_limit,
    claimStartsAt: date(row.claim_starts_at),
    claimEndsAt: date(row.claim_ends_at),
    distribution: fromDb<CouponDistributionEnum>(row.distribution),
    endedAt: date(row.ended_at),
    createdAt: new Date(row.created_at),
  } as CouponTemplateType;
}

export function couponView(row: CouponRow): CouponType {
  return {
    __typename: 'Coupon',
    id: toGlobalId('Coupon', row.id),
    dbId: row.id,
    templateDbId: row.template_id,
    ownerDbId: row.owner_id,
    status: fromDb<CouponStatusEnum>(row.status),
    validFrom: new Date(row.valid_from),
    validUntil: new Date(row.valid_until),
    issuedAt: new Date(row.issued_at),
    usedAt: date(row.used_at),
    orderDbId: row.order_id,
    amountOff: row.amount_off == null ? null : money(row.amount_off),
  } as CouponType;
}

export function optionView(option: PricedOption, appliedCouponId: string | null): CouponOption {
  return {
    couponDbId: option.couponId,
    usable: option.usable,
    applied: option.couponId === appliedCouponId,
    discount: money(option.discount),
    reasonCode: option.reasonCode as CouponUnusableReasonEnum | null,
    reason: option.reason,
  };
}

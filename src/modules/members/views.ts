import { toGlobalId } from '../../lib/ids';
import type { ApplicationStatus, MemberProgramSettings, MembershipSource } from './entities';
import type { ApplicationRow, MembershipRow, PlanRow } from './reads';
import type { MemberProgramSettingsType, MembershipApplicationType, MembershipPlanType, MembershipType } from './types';

const date = (value: string | Date | null) => (value == null ? null : new Date(value));

export function settingsView(s: MemberProgramSettings): MemberProgramSettingsType {
  return { membershipMode: s.membershipMode, bindingMode: s.bindingMode, attributionWindowDays: s.attributionWindowDays };
}

export function planView(row: PlanRow): MembershipPlanType {
  return {
    __typename: 'MembershipPlan',
    id: toGlobalId('MembershipPlan', row.id),
    dbId: row.id,
    packageProductDbId: row.package_product_id,
    name: row.name,
    durationDays: row.duration_days,
    active: row.active,
    createdAt: new Date(row.created_at),
  } as MembershipPlanType;
}

export function membershipView(row: MembershipRow): MembershipType {
  return {
    __typename: 'Membership',
    id: toGlobalId('Membership', row.id),
    dbId: row.id,
    accountDbId: row.account_id,
    planDbId: row.plan_id,
    orderId: row.order_id && toGlobalId('Order', row.order_id),
    source: row.source as MembershipSource,
    startedAt: new Date(row.started_at),
    endsAt: date(row.ends_at),
    endedAt: date(row.ended_at),
    endReason: row.end_reason,
    isOpen: row.ended_at == null,
  } as MembershipType;
}

export function applicationView(row: ApplicationRow): MembershipApplicationType {
  return {
    __typename: 'MembershipApplication',
    id: toGlobalId('MembershipApplication', row.id),
    dbId: row.id,
    accountDbId: row.account_id,
    status: row.status as ApplicationStatus,
    message: row.message,
    rejectionReason: row.rejection_reason,
    createdAt: new Date(row.created_at),
    reviewedAt: date(row.reviewed_at),
  } as MembershipApplicationType;
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { settingsRow } from '../../lib/settings-row';
import { BindingMode, MemberProgramSettings, MembershipMode } from './entities';
import { MembershipErrorCode as E } from './errors';

export interface MemberProgramSettingsInput {
  membershipMode?: MembershipMode | null;
  bindingMode?: BindingMode | null;
  attributionWindowDays?: number | null;
}

export const MIN_ATTRIBUTION_WINDOW_DAYS = 1;
export const MAX_ATTRIBUTION_WINDOW_DAYS = 90;

/**
 * The member programme's single settings row, created with the defaults on first use. Referrals
 * (binding mode) and attribution (window) read it through here, never from the table.
 */
export function memberProgramSettings(em: EntityManager): Promise<MemberProgramSettings> {
  return settingsRow(em, MemberProgramSettings, 'member_program_settings');
}

/** Changes what is given; omitted fields stay. The database's check holds the window's range too. */
export async function updateMemberProgramSettings(em: EntityManager, input: MemberProgramSettingsInput): Promise<MemberProgramSettings> {
  const days = input.attributionWindowDays;
  if (days != null && (!Number.isInteger(days) || days < MIN_ATTRIBUTION_WINDOW_DAYS || days > MAX_ATTRIBUTION_WINDOW_DAYS)) {
    throw new DomainError(E.INVALID_SETTINGS, `attributionWindowDays must be from ${MIN_ATTRIBUTION_WINDOW_DAYS} to ${MAX_ATTRIBUTION_WINDOW_DAYS} days`, [
      'input',
      'attributionWindowDays',
    ]);
  }
  return em.transactional(async (tx) => {
    const settings = await memberProgramSettings(tx);
    if (input.membershipMode != null) settings.membershipMode = input.membershipMode;
    if (input.bindingMode != null) settings.bindingMode = input.bindingMode;
    if (days != null) settings.attributionWindowDays = days;
    return settings;
  });
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { settingsRow } from '../../lib/settings-row';
import { PromotionSettings } from './entities';
import { PromotionErrorCode as E } from './promotion-errors';

/** IANA zone names are at most about 30 characters (America/Argentina/ComodRivadavia). */
export const MAX_TIME_ZONE_LENGTH = 64;

export function promotionSettings(em: EntityManager): Promise<PromotionSettings> {
  return settingsRow(em, PromotionSettings, 'promotion_settings');
}

/** The operator's time zone, from the settings. */
export async function operatorTimeZone(em: EntityManager): Promise<string> {
  return (await promotionSettings(em)).timeZone;
}

export async function updatePromotionSettings(em: EntityManager, input: { timeZone?: string | null }): Promise<PromotionSettings> {
  const zone = input.timeZone?.trim();
  if (zone != null) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
    } catch {
      throw new DomainError(E.INVALID_TIME_ZONE, `"${zone}" is not an IANA time zone such as Asia/Shanghai`, ['input', 'timeZone']);
    }
  }
  return em.transactional(async (tx) => {
    const settings = await promotionSettings(tx);
    if (zone != null) settings.timeZone = zone;
    return settings;
  });
}

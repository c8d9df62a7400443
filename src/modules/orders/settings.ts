import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { MAX_FEN, type Fen } from '../../lib/money';
import { settingsRow } from '../../lib/settings-row';
import { sql, type StatementPart } from '../../lib/sql';
import { OrderSettings } from './entities';
import { OrderErrorCode as E } from './errors';

export const MAX_UNPAID_TIMEOUT_MINUTES = 7 * 24 * 60;
export const MAX_AUTO_RECEIVE_DAYS = 60;
export const MAX_AFTER_SALE_DAYS = 60;

export interface OrderSettingsInput {
  shippingFlatFee?: Fen | null;
  /** undefined keeps it; null turns free shipping off. */
  freeShippingThreshold?: Fen | null;
  unpaidTimeoutMinutes?: number | null;
  autoReceiveDays?: number | null;
  afterSaleDays?: number | null;
}

/** The single settings row, created with the defaults on first use. */
export function orderSettings(em: EntityManager): Promise<OrderSettings> {
  return settingsRow(em, OrderSettings, 'order_settings');
}

/** What a checkout needs of the settings, as read by orderSettingsQuery. */
export interface CheckoutSettings {
  shippingFlatFee: Fen;
  freeShippingThreshold: Fen | null;
  unpaidTimeoutMinutes: number;
}

/** The settings a checkout needs, as one JSON value of its one read statement (the row exists from the migrations on). */
export const orderSettingsQuery: StatementPart = {
  result: sql(
    `(select json_build_object('shippingFlatFee', shipping_flat_fee, 'freeShippingThreshold', free_shipping_threshold, 'unpaidTimeoutMinutes', unpaid_timeout_minutes)
        from order_settings where id = 1)`,
  ),
};

export async function updateOrderSettings(em: EntityManager, input: OrderSettingsInput): Promise<OrderSettings> {
  const ranges: [keyof OrderSettingsInput, number, number, string][] = [
    ['unpaidTimeoutMinutes', 1, MAX_UNPAID_TIMEOUT_MINUTES, 'minutes'],
    ['autoReceiveDays', 1, MAX_AUTO_RECEIVE_DAYS, 'days'],
    ['afterSaleDays', 0, MAX_AFTER_SALE_DAYS, 'days'],
  ];
  for (const [name, min, max, unit] of ranges) {
    const value = input[name];
    if (value != null && (value < min || value > max))
      throw new DomainError(E.INVALID_SETTINGS, `${name} must be from ${min} to ${max} ${unit}`, ['input', name]);
  }
  if (input.shippingFlatFee != null && input.shippingFlatFee > MAX_FEN)
    throw new DomainError(E.INVALID_SETTINGS, 'shippingFlatFee too large', ['input', 'shippingFlatFee']);
  return em.transactional(async (tx) => {
    const settings = await orderSettings(tx);
    if (input.shippingFlatFee != null) settings.shippingFlatFee = input.shippingFlatFee;
    if (input.freeShippingThreshold !== undefined) settings.freeShippingThreshold = input.freeShippingThreshold;
    if (input.unpaidTimeoutMinutes != null) settings.unpaidTimeoutMinutes = input.unpaidTimeoutMinutes;
    if (input.autoReceiveDays != null) settings.autoReceiveDays = input.autoReceiveDays;
    if (input.afterSaleDays != null) settings.afterSaleDays = input.afterSaleDays;
    return settings;
  });
}

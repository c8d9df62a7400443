import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import type { Fen } from '../../lib/money';
import { announceCatalogChange } from '../../lib/public-reads';
import { PromotionErrorCode as E } from '../coupons/promotion-errors';
import { skuPrice } from '../catalog/queries';
import { flashGate } from './flash-gate';

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;
/** HH:MM. */
export const TIME_LENGTH = 5;
export const MAX_SLOT_NAME_LENGTH = 40;
export const MAX_FLASH_STOCK = 1_000_000;
export const MAX_PER_CUSTOMER = 999;

/** "10:30" → 630 minutes after midnight; "24:00" is the end of the day. */
export function parseTime(value: string, field: string): number {
  if (!TIME.test(value)) throw new DomainError(E.INVALID_TIME, 'Times are HH:MM, 00:00 to 24:00', ['input', field]);
  const [h, m] = value.split(':').map(Number);
  return h * 60 + m;
}

export const formatTime = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

const pgCode = (err: unknown): string | undefined => (err as { code?: string }).code;

export interface FlashSaleInput {
  slotId: string | null;
  skuId: string | null;
  flashPrice: Fen;
  flashStock: number;
  perCustomerLimit?: number | null;
  startsAt: Date;
  endsAt: Date;
}

/** Operators' flash-sale slots and campaigns. The database refuses overlapping slots and a second running campaign on a SKU. */
export class FlashSaleAdmin {
  constructor(private readonly em: EntityManager) {}

  async createSlot(input: { name: string; startTime: string; endTime: string }): Promise<string> {
    const name = input.name.trim();
    if (name.length < 1 || name.length > MAX_SLOT_NAME_LENGTH)
      throw new DomainError(E.INVALID_NAME, `Name must be 1 to ${MAX_SLOT_NAME_LENGTH} characters`, ['input', 'name']);
    const start = parseTime(input.startTime, 'startTime');
    const end = parseTime(input.endTime, 'endTime');
    if (end <= start) throw new DomainError(E.INVALID_TIME, 'endTime must be after startTime (slots do not cross midnight)', ['input', 'endTime']);
    try {
      const [row] = await this.em
        .getConnection()
        .execute<{ id: string }[]>(
          'insert into flash_slot (id, name, start_minute, end_minute, created_at) values (gen_random_uuid(), ?, ?, ?, now()) returning id',
          [name, start, end],
        );
      return row.id;
    } catch (err) {
      if (pgCode(err) === '23P01') throw new DomainError(E.SLOT_OVERLAP, `${input.startTime}–${input.endTime} overlaps another slot`, ['input', 'startTime']);
      throw err;
    }
  }

  async deleteSlot(id: string | null): Promise<void> {
    try {
      const deleted = id ? await this.em.getConnection().execute<{ id: string }[]>('delete from flash_slot where id = ? returning id', [id]) : [];
      if (deleted.length === 0) throw new DomainError(E.SLOT_NOT_FOUND, 'No flash-sale slot has this id', ['id']);
    } catch (err) {
      if (pgCode(err) === '23503') throw new DomainError(E.SLOT_IN_USE, 'Flash sales use this slot: end and keep it, or move them first', ['id']);
      throw err;
    }
  }

  async createSale(input: FlashSaleInput): Promise<string> {
    const limit = input.perCustomerLimit ?? 1;
    if (!Number.isInteger(input.flashStock) || input.flashStock < 1 || input.flashStock > MAX_FLASH_STOCK)
      throw new DomainError(E.INVALID_STOCK, `flashStock must be from 1 to ${MAX_FLASH_STOCK}`, ['input', 'flashStock']);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PER_CUSTOMER)
      throw new DomainError(E.INVALID_LIMIT, `perCustomerLimit must be from 1 to ${MAX_PER_CUSTOMER}`, ['input', 'perCustomerLimit']);
    if (input.endsAt <= input.startsAt) throw new DomainError(E.INVALID_WINDOW, 'endsAt must be after startsAt', ['input', 'endsAt']);
    if (input.endsAt <= new Date()) throw new DomainError(E.INVALID_WINDOW, 'endsAt has already passed', ['input', 'endsAt']);
    const conn = this.em.getConnection();
    const [slot] = input.slotId ? await conn.execute<{ id: string }[]>('select id from flash_slot where id = ?', [input.slotId]) : [];
    if (!slot) throw new DomainError(E.SLOT_NOT_FOUND, 'No flash-sale slot has this id', ['input', 'slotId']);
    const price = input.skuId ? await skuPrice(this.em, input.skuId) : null;
    if (price == null) throw new DomainError(E.SKU_NOT_FOUND, 'No SKU has this id', ['input', 'skuId']);
    if (input.flashPrice < 1 || input.flashPrice >= price)
      throw new DomainError(E.INVALID_PRICE, "flashPrice must be at least 0.01 and below the SKU's retail price", ['input', 'flashPrice']);
    try {
      const [row] = await conn.execute<{ id: string }[]>(
        `insert into flash_sale (id, slot_id, sku_id, flash_price, flash_stock, sold, per_customer_limit, starts_at, ends_at, created_at)
         values (gen_random_uuid(), ?, ?, ?, ?, 0, ?, ?, ?, now()) returning id`,
        [input.slotId, input.skuId, input.flashPrice, input.flashStock, limit, input.startsAt, input.endsAt],
      );
      flashGate.forgetAll();
      // A flash price changes what the SKU costs in its slot; announced once the insert has committed.
      await announceCatalogChange(this.em);
      return row.id;
    } catch (err) {
      if (pgCode(err) === '23505') throw new DomainError(E.SKU_BUSY, 'This SKU already has a running flash sale: end it first', ['input', 'skuId']);
      throw err;
    }
  }

  /** Adds (or, negative, removes) flash stock and changes the per-customer limit; the check keeps the stock at zero or more. */
  async updateSale(id: string | null, input: { addFlashStock?: number | null; perCustomerLimit?: number | null }): Promise<string> {
    const add = input.addFlashStock ?? 0;
    if (!Number.isInteger(add) || Math.abs(add) > MAX_FLASH_STOCK)
      throw new DomainError(E.INVALID_STOCK, `addFlashStock must be a whole number of units from -${MAX_FLASH_STOCK} to ${MAX_FLASH_STOCK}`, [
        'input',
        'addFlashStock',
      ]);
    const limit = input.perCustomerLimit;
    if (limit != null && (!Number.isInteger(limit) || limit < 1 || limit > MAX_PER_CUSTOMER))
      throw new DomainError(E.INVALID_LIMIT, `perCustomerLimit must be from 1 to ${MAX_PER_CUSTOMER}`, ['input', 'perCustomerLimit']);
    const updated = id
      ? await this.em
          .getConnection()
          .execute<{ id: string }[]>(
            'update flash_sale set flash_stock = flash_stock + ?, per_customer_limit = coalesce(?, per_customer_limit) where id = ? and ended_at is null and flash_stock + ? >= 0 returning id',
            [add, limit ?? null, id, add],
          )
      : [];
    if (updated.length > 0) {
      flashGate.forgetAll();
      return id!;
    }
    const [row] = id
      ? await this.em
          .getConnection()
          .execute<{ ended_at: Date | null; flash_stock: number }[]>('select ended_at, flash_stock from flash_sale where id = ?', [id])
      : [];
    if (!row) throw new DomainError(E.CAMPAIGN_NOT_FOUND, 'No flash sale has this id', ['id']);
    if (row.ended_at) throw new DomainError(E.CAMPAIGN_ENDED, 'This flash sale has ended', ['id']);
    throw new DomainError(E.INVALID_STOCK, `Only ${row.flash_stock} left: cannot remove ${-add}`, ['input', 'addFlashStock']);
  }

  async endSale(id: string | null): Promise<string> {
    const ended = id
      ? await this.em.getConnection().execute<{ id: string }[]>('update flash_sale set ended_at = now() where id = ? and ended_at is null returning id', [id])
      : [];
    if (ended.length > 0) {
      flashGate.forgetAll();
      await announceCatalogChange(this.em);
      return id!;
    }
    const [row] = id ? await this.em.getConnection().execute<{ id: string }[]>('select id from flash_sale where id = ?', [id]) : [];
    throw row
      ? new DomainError(E.CAMPAIGN_ENDED, 'This flash sale has already ended', ['id'])
      : new DomainError(E.CAMPAIGN_NOT_FOUND, 'No flash sale has this id', ['id']);
  }
}

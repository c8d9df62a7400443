import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { announceCatalogChange } from '../../lib/public-reads';
import type { Fen } from '../../lib/money';
import { PromotionErrorCode as E } from '../coupons/promotion-errors';
import { skuPrice } from '../catalog/queries';
import { grantOnlyTemplateIds } from '../coupons/queries';

export interface DiscountInput {
  name: string;
  skuId: string | null;
  percentOffBp?: number | null;
  amountOff?: Fen | null;
  startsAt: Date;
  endsAt: Date;
}

export interface TierInput {
  thresholdAmount?: Fen | null;
  thresholdCount?: number | null;
  amountOff?: Fen | null;
  freeShipping?: boolean | null;
  giftTemplateId?: string | null;
}

export interface FullReductionInput {
  name: string;
  basis: 'amount' | 'count';
  tiers: TierInput[];
  startsAt: Date;
  endsAt: Date;
}

export const MAX_TIERS = 10;
export const MAX_NAME_LENGTH = 60;
/** Basis points off a discount: below 10000, a discount never makes goods free. */
export const MAX_PERCENT_OFF_BP = 9999;
/** A COUNT tier's threshold (满N件): far more items than one order holds. */
export const MAX_THRESHOLD_COUNT = 10_000;
const pgCode = (err: unknown): string | undefined => (err as { code?: string }).code;

function checkName(name: string): string {
  const clean = name.trim();
  if (clean.length < 1 || clean.length > MAX_NAME_LENGTH)
    throw new DomainError(E.INVALID_NAME, `Name must be 1 to ${MAX_NAME_LENGTH} characters`, ['input', 'name']);
  return clean;
}

function checkWindow(startsAt: Date, endsAt: Date): void {
  if (endsAt <= startsAt) throw new DomainError(E.INVALID_WINDOW, 'endsAt must be after startsAt', ['input', 'endsAt']);
  if (endsAt <= new Date()) throw new DomainError(E.INVALID_WINDOW, 'endsAt has already passed', ['input', 'endsAt']);
}

/** Operators' limited-time discounts, full-reduction campaigns and new-customer prices. */
export class PriceCampaignAdmin {
  constructor(private readonly em: EntityManager) {}

  /** One discount not ended per SKU: the database's partial unique index refuses a second (SKU_BUSY); one past its end is ended first. */
  async createDiscount(input: DiscountInput): Promise<string> {
    const name = checkName(input.name);
    const hasPercent = input.percentOffBp != null;
    if (hasPercent === (input.amountOff != null))
      throw new DomainError(E.INVALID_DISCOUNT, 'Give either percentOffBasisPoints or amountOff', ['input', 'percentOffBasisPoints']);
    if (hasPercent && (!Number.isInteger(input.percentOffBp) || input.percentOffBp! < 1 || input.percentOffBp! > MAX_PERCENT_OFF_BP))
      throw new DomainError(E.INVALID_DISCOUNT, `percentOffBasisPoints must be from 1 to ${MAX_PERCENT_OFF_BP}`, ['input', 'percentOffBasisPoints']);
    checkWindow(input.startsAt, input.endsAt);
    return this.em.transactional(async (tx) => {
      const conn = tx.getConnection();
      const ctx = tx.getTransactionContext<Knex.Transaction>();
      const price = input.skuId ? await skuPrice(tx, input.skuId) : null;
      if (price == null) throw new DomainError(E.SKU_NOT_FOUND, 'No SKU has this id', ['input', 'skuId']);
      if (input.amountOff != null && (input.amountOff < 1 || input.amountOff >= price))
        throw new DomainError(E.INVALID_DISCOUNT, "amountOff must be at least 0.01 and below the SKU's retail price", ['input', 'amountOff']);
      await conn.execute('update discount set ended_at = ends_at where sku_id = ? and ended_at is null and ends_at <= now()', [input.skuId], 'run', ctx);
      await conn.execute('savepoint discount_insert', [], 'run', ctx);
      try {
        const [row] = await conn.execute<{ id: string }[]>(
          'insert into discount (id, name, sku_id, percent_off_bp, amount_off, starts_at, ends_at, created_at) values (gen_random_uuid(), ?, ?, ?, ?, ?, ?, now()) returning id',
          [name, input.skuId, input.percentOffBp ?? null, input.amountOff ?? null, input.startsAt, input.endsAt],
          'all',
          ctx,
        );
        await announceCatalogChange(tx);
        return row.id;
      } catch (err) {
        if (pgCode(err) !== '23505') throw err;
        await conn.execute('rollback to savepoint discount_insert', [], 'run', ctx);
        throw new DomainError(E.SKU_BUSY, 'This SKU already has a limited-time discount that has not ended: end it first', ['input', 'skuId']);
      }
    });
  }

  async createFullReduction(input: FullReductionInput): Promise<string> {
    const name = checkName(input.name);
    checkWindow(input.startsAt, input.endsAt);
    if (input.tiers.length < 1 || input.tiers.length > MAX_TIERS) throw new DomainError(E.INVALID_TIERS, `Give 1 to ${MAX_TIERS} tiers`, ['input', 'tiers']);
    const giftIds = input.tiers.map((t) => t.giftTemplateId).filter((id): id is string => !!id);
    const known = await grantOnlyTemplateIds(this.em, giftIds);
    const tiers = input.tiers.map((tier, i) => {
      const field = (name: string) => ['input', 'tiers', String(i), name];
      const threshold = input.basis === 'amount' ? tier.thresholdAmount : tier.thresholdCount;
      if (threshold == null || !Number.isInteger(threshold) || threshold < 1) {
        throw new DomainError(
          E.INVALID_TIERS,
          input.basis === 'amount' ? 'An AMOUNT tier needs thresholdAmount of at least 0.01' : 'A COUNT tier needs thresholdCount of at least 1',
          field(input.basis === 'amount' ? 'thresholdAmount' : 'thresholdCount'),
        );
      }
      const amountOff = tier.amountOff ?? 0;
      if (input.basis === 'amount' && amountOff > threshold)
        throw new DomainError(E.INVALID_TIERS, "amountOff must not exceed the tier's threshold", field('amountOff'));
      if (amountOff === 0 && !tier.freeShipping && !tier.giftTemplateId)
        throw new DomainError(E.INVALID_TIERS, 'A tier gives an amount off, free shipping or a gift coupon', field('amountOff'));
      if (tier.giftTemplateId != null && !known.has(tier.giftTemplateId))
        throw new DomainError(
          E.INVALID_TIERS,
          'No GRANT_ONLY coupon template has this id (a gift coupon is given out, never claimed)',
          field('giftTemplateId'),
        );
      return { threshold, amountOff, freeShipping: !!tier.freeShipping, giftTemplateId: tier.giftTemplateId ?? null };
    });
    if (new Set(tiers.map((t) => t.threshold)).size !== tiers.length)
      throw new DomainError(E.INVALID_TIERS, 'Each tier needs its own threshold', ['input', 'tiers']);
    tiers.sort((a, b) => a.threshold - b.threshold);
    const [row] = await this.em
      .getConnection()
      .execute<{ id: string }[]>(
        'insert into full_reduction (id, name, basis, tiers, starts_at, ends_at, created_at) values (gen_random_uuid(), ?, ?, ?, ?, ?, now()) returning id',
        [name, input.basis, JSON.stringify(tiers), input.startsAt, input.endsAt],
      );
    return row.id;
  }

  /** Sets a SKU's new-customer price, ending the one it had. */
  async setNewCustomerPrice(skuId: string | null, price: Fen): Promise<string> {
    return this.em.transactional(async (tx) => {
      const conn = tx.getConnection();
      const ctx = tx.getTransactionContext<Knex.Transaction>();
      const retail = skuId ? await skuPrice(tx, skuId, { forUpdate: true }) : null;
      if (retail == null) throw new DomainError(E.SKU_NOT_FOUND, 'No SKU has this id', ['input', 'skuId']);
      if (price < 1 || price >= retail)
        throw new DomainError(E.INVALID_PRICE, 'The new-customer price must be at least 0.01 and below the retail price', ['input', 'price']);
      await conn.execute('update new_customer_price set ended_at = now() where sku_id = ? and ended_at is null', [skuId], 'run', ctx);
      const [row] = await conn.execute<{ id: string }[]>(
        'insert into new_customer_price (id, sku_id, price, created_at) values (gen_random_uuid(), ?, ?, now()) returning id',
        [skuId, price],
        'all',
        ctx,
      );
      await announceCatalogChange(tx);
      return row.id;
    });
  }

  /** Ends a discount, full reduction or new-customer price now. */
  async end(table: 'discount' | 'full_reduction' | 'new_customer_price', id: string | null): Promise<string> {
    const conn = this.em.getConnection();
    const ended = id ? await conn.execute<{ id: string }[]>(`update ${table} set ended_at = now() where id = ? and ended_at is null returning id`, [id]) : [];
    if (ended.length > 0) {
      // A discount or new-customer price ended changes what the SKU costs; announced once the update has committed.
      await announceCatalogChange(this.em);
      return id!;
    }
    const [row] = id ? await conn.execute<{ id: string }[]>(`select id from ${table} where id = ?`, [id]) : [];
    throw row
      ? new DomainError(E.CAMPAIGN_ENDED, 'It has already ended', ['id'])
      : new DomainError(E.CAMPAIGN_NOT_FOUND, 'Nothing of this kind has this id', ['id']);
  }
}

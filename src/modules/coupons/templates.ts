import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import type { Fen } from '../../lib/money';
import { CouponDistribution, CouponKind, CouponScope, CouponTemplate, CouponValidity } from './entities';
import { CouponErrorCode as E } from './errors';

export interface TemplateInput {
  name: string;
  description?: string | null;
  kind: CouponKind;
  amountOff?: Fen | null;
  percentOffBp?: number | null;
  maxDiscount?: Fen | null;
  threshold?: Fen | null;
  scope?: CouponScope | null;
  /** Decoded ids; null where an id did not decode. */
  productIds?: (string | null)[] | null;
  categoryIds?: (string | null)[] | null;
  validity: CouponValidity;
  validFrom?: Date | null;
  validUntil?: Date | null;
  validDays?: number | null;
  totalQuantity?: number | null;
  perCustomerLimit?: number | null;
  claimStartsAt?: Date | null;
  claimEndsAt?: Date | null;
  distribution: CouponDistribution;
}

export interface TemplateUpdate {
  name?: string | null;
  description?: string | null;
  totalQuantity?: number | null;
  perCustomerLimit?: number | null;
  claimStartsAt?: Date | null;
  claimEndsAt?: Date | null;
}

export const MAX_SCOPE_IDS = 100;
export const MAX_VALID_DAYS = 3650;
export const MAX_PER_CUSTOMER = 100;
export const MAX_NAME_LENGTH = 60;
export const MAX_DESCRIPTION_LENGTH = 500;
/** Basis points off a PERCENT_OFF coupon: below 10000, a coupon never makes goods free. */
export const MAX_PERCENT_OFF_BP = 9999;
/** The most coupons a template may issue in all: more than any campaign gives out. */
export const MAX_TOTAL_QUANTITY = 10_000_000;

const bad = (code: E, message: string, field: string) => new DomainError(code, message, ['input', field]);

function checkName(name: string): string {
  const clean = name.trim();
  if (clean.length < 1 || clean.length > MAX_NAME_LENGTH) throw bad(E.INVALID_NAME, `Name must be 1 to ${MAX_NAME_LENGTH} characters`, 'name');
  return clean;
}

function checkDescription(description: string): string {
  const clean = description.trim();
  if (clean.length > MAX_DESCRIPTION_LENGTH) throw bad(E.INVALID_NAME, `Description must be at most ${MAX_DESCRIPTION_LENGTH} characters`, 'description');
  return clean;
}

function checkQuantities(input: { totalQuantity?: number | null; perCustomerLimit?: number | null }): void {
  if (input.totalQuantity != null && (!Number.isInteger(input.totalQuantity) || input.totalQuantity < 1 || input.totalQuantity > MAX_TOTAL_QUANTITY)) {
    throw bad(E.INVALID_QUANTITY, `totalQuantity must be from 1 to ${MAX_TOTAL_QUANTITY}, or null for unlimited`, 'totalQuantity');
  }
  if (
    input.perCustomerLimit != null &&
    (!Number.isInteger(input.perCustomerLimit) || input.perCustomerLimit < 1 || input.perCustomerLimit > MAX_PER_CUSTOMER)
  ) {
    throw bad(E.INVALID_QUANTITY, `perCustomerLimit must be from 1 to ${MAX_PER_CUSTOMER}`, 'perCustomerLimit');
  }
}

function checkClaimWindow(starts: Date | null | undefined, ends: Date | null | undefined): void {
  if (starts && ends && ends <= starts) throw bad(E.INVALID_CLAIM_WINDOW, 'claimEndsAt must be after claimStartsAt', 'claimEndsAt');
}

/** Ids that exist in `table`; the first that does not is refused with its position. */
async function checkIds(em: EntityManager, table: 'product' | 'category', ids: (string | null)[], field: string): Promise<string[]> {
  if (ids.length === 0 || ids.length > MAX_SCOPE_IDS) throw bad(E.INVALID_SCOPE, `Give 1 to ${MAX_SCOPE_IDS} ${field}`, field);
  const given = ids.filter((id): id is string => !!id);
  const found = new Set(
    given.length === 0
      ? []
      : (
          await em
            .getConnection()
            .execute<{ id: string }[]>(`select id from ${table} where id in (${given.map(() => '?').join(', ')})`, given, 'all', em.getTransactionContext())
        ).map((r) => r.id),
  );
  const missing = ids.findIndex((id) => !id || !found.has(id));
  if (missing >= 0) throw new DomainError(E.INVALID_SCOPE, `No ${table} has this id`, ['input', field, String(missing)]);
  return [...new Set(ids as string[])];
}

/** Operators' coupon templates: create, change what may change, end. */
export class CouponTemplateService {
  constructor(private readonly em: EntityManager) {}

  async create(input: TemplateInput): Promise<string> {
    const name = checkName(input.name);
    const description = checkDescription(input.description ?? '');
    const threshold = input.threshold ?? 0;
    if (input.kind === CouponKind.AMOUNT_OFF) {
      if (input.amountOff == null || input.amountOff < 1) throw bad(E.INVALID_AMOUNT, 'An AMOUNT_OFF coupon needs amountOff of at least 0.01', 'amountOff');
      if (input.percentOffBp != null) throw bad(E.INVALID_AMOUNT, 'An AMOUNT_OFF coupon takes no percentOffBasisPoints', 'percentOffBasisPoints');
      if (threshold > 0 && input.amountOff > threshold) throw bad(E.INVALID_AMOUNT, 'amountOff must not exceed the threshold', 'amountOff');
    } else {
      if (input.percentOffBp == null || !Number.isInteger(input.percentOffBp) || input.percentOffBp < 1 || input.percentOffBp > MAX_PERCENT_OFF_BP) {
        throw bad(
          E.INVALID_AMOUNT,
          `A PERCENT_OFF coupon needs percentOffBasisPoints from 1 to ${MAX_PERCENT_OFF_BP} (1500 = 15% off)`,
          'percentOffBasisPoints',
        );
      }
      if (input.amountOff != null) throw bad(E.INVALID_AMOUNT, 'A PERCENT_OFF coupon takes no amountOff', 'amountOff');
    }
    if (input.maxDiscount != null && input.maxDiscount < 1) throw bad(E.INVALID_AMOUNT, 'maxDiscount must be at least 0.01, or null for no cap', 'maxDiscount');
    const scope = input.scope ?? CouponScope.ALL;
    if (input.validity === CouponValidity.FIXED) {
      if (!input.validFrom || !input.validUntil || input.validUntil <= input.validFrom)
        throw bad(E.INVALID_VALIDITY, 'A FIXED validity needs validFrom before validUntil', 'validUntil');
      if (input.validUntil <= new Date()) throw bad(E.INVALID_VALIDITY, 'validUntil has already passed', 'validUntil');
      if (input.validDays != null) throw bad(E.INVALID_VALIDITY, 'A FIXED validity takes no validDays', 'validDays');
    } else {
      if (input.validDays == null || !Number.isInteger(input.validDays) || input.validDays < 1 || input.validDays > MAX_VALID_DAYS) {
        throw bad(E.INVALID_VALIDITY, `A DAYS_AFTER_CLAIM validity needs validDays from 1 to ${MAX_VALID_DAYS}`, 'validDays');
      }
      if (input.validFrom || input.validUntil) throw bad(E.INVALID_VALIDITY, 'A DAYS_AFTER_CLAIM validity takes no validFrom or validUntil', 'validFrom');
    }
    checkQuantities(input);
    checkClaimWindow(input.claimStartsAt, input.claimEndsAt);
    return this.em.transactional(async (tx) => {
      const productIds = scope === CouponScope.PRODUCTS ? await checkIds(tx, 'product', input.productIds ?? [], 'productIds') : [];
      const categoryIds = scope === CouponScope.CATEGORIES ? await checkIds(tx, 'category', input.categoryIds ?? [], 'categoryIds') : [];
      if (scope === CouponScope.ALL && (input.productIds?.length || input.categoryIds?.length))
        throw bad(E.INVALID_SCOPE, 'Scope ALL takes no productIds or categoryIds', 'scope');
      const template = tx.create(CouponTemplate, {
        name,
        description,
        kind: input.kind,
        amountOff: input.amountOff ?? null,
        percentOffBp: input.percentOffBp ?? null,
        maxDiscount: input.maxDiscount ?? null,
        threshold,
        scope,
        productIds,
        categoryIds,
        validity: input.validity,
        validFrom: input.validFrom ?? null,
        validUntil: input.validUntil ?? null,
        validDays: input.validDays ?? null,
        totalQuantity: input.totalQuantity ?? null,
        perCustomerLimit: input.perCustomerLimit ?? 1,
        claimStartsAt: input.claimStartsAt ?? null,
        claimEndsAt: input.claimEndsAt ?? null,
        distribution: input.distribution,
      } as never);
      await tx.flush();
      return template.id;
    });
  }

  /** Changes name, description, quantities and claim window; the rule and validity of issued coupons never change. */
  async update(id: string | null, input: TemplateUpdate): Promise<string> {
    const name = input.name != null ? checkName(input.name) : null;
    const description = input.description != null ? checkDescription(input.description) : null;
    checkQuantities(input);
    return this.em.transactional(async (tx) => {
      const conn = tx.getConnection();
      const ctx = tx.getTransactionContext<Knex.Transaction>();
      const [row] = id
        ? await conn.execute<{ issued: number; claim_starts_at: Date | null; claim_ends_at: Date | null }[]>(
            'select issued, claim_starts_at, claim_ends_at from coupon_template where id = ? for update',
            [id],
            'all',
            ctx,
          )
        : [];
      if (!row) throw new DomainError(E.TEMPLATE_NOT_FOUND, 'No coupon template has this id', ['id']);
      if (input.totalQuantity != null && input.totalQuantity < row.issued)
        throw bad(E.INVALID_QUANTITY, `totalQuantity cannot go below the ${row.issued} already issued`, 'totalQuantity');
      const starts = input.claimStartsAt !== undefined ? input.claimStartsAt : row.claim_starts_at;
      const ends = input.claimEndsAt !== undefined ? input.claimEndsAt : row.claim_ends_at;
      checkClaimWindow(starts, ends);
      const sets: string[] = [];
      const values: unknown[] = [];
      const set = (column: string, value: unknown) => {
        sets.push(`${column} = ?`);
        values.push(value);
      };
      if (name != null) set('name', name);
      if (description != null) set('description', description);
      if (input.totalQuantity !== undefined) set('total_quantity', input.totalQuantity);
      if (input.perCustomerLimit != null) set('per_customer_limit', input.perCustomerLimit);
      if (input.claimStartsAt !== undefined) set('claim_starts_at', input.claimStartsAt);
      if (input.claimEndsAt !== undefined) set('claim_ends_at', input.claimEndsAt);
      await conn.execute(`update coupon_template set ${[...sets, 'updated_at = now()'].join(', ')} where id = ?`, [...values, id], 'run', ctx);
      return id!;
    });
  }

  /** Stops issuing; coupons already issued stay valid. Ending twice is refused. */
  async end(id: string | null): Promise<string> {
    const conn = this.em.getConnection();
    const ended = id
      ? await conn.execute<{ id: string }[]>('update coupon_template set ended_at = now(), updated_at = now() where id = ? and ended_at is null returning id', [
          id,
        ])
      : [];
    if (ended.length > 0) return id!;
    const [exists] = id ? await conn.execute<{ id: string }[]>('select id from coupon_template where id = ?', [id]) : [];
    throw exists
      ? new DomainError(E.TEMPLATE_ENDED, 'This coupon template has already ended', ['id'])
      : new DomainError(E.TEMPLATE_NOT_FOUND, 'No coupon template has this id', ['id']);
  }
}

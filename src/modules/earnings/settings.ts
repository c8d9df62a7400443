import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { uuidv7 } from '../../lib/ids';
import { formatFen, MAX_FEN, type Fen } from '../../lib/money';
import { lowestSkuPrice, productExists, skuOfProduct, skuPrice } from '../catalog/queries';
import { OverrideKind } from './entities';
import { BASIS_POINTS, EarningsErrorCode as E, MAX_FROZEN_DAYS, MAX_LEVELS, MAX_WITHDRAWAL_FEE_RATE, type OverrideRow, type RuleVersion } from './rules';
import { run } from '../../lib/sql';

/**
 * The commission rules with their history. Every change writes a new version effective from
 * now, copying what did not change (overrides included); nothing is ever edited, so an order
 * paid under an old version keeps earning by it. Writers take an advisory lock, so two changes
 * at once are applied one after the other and neither is lost.
 */

/** The defaults, used until an operator sets the rules: effective since long before any order. */
const DEFAULT_VERSION_ID = '00000000-0000-7000-8000-000000000001';
const WRITE_LOCK = 7_510_001;

export interface CommissionSettingsInput {
  levels?: number | null;
  level1Rate?: number | null;
  level2Rate?: number | null;
  level3Rate?: number | null;
  selfPurchase?: boolean | null;
  bonusLevel1?: Fen | null;
  bonusLevel2?: Fen | null;
  frozenDays?: number | null;
  withdrawalMinimum?: Fen | null;
  withdrawalFeeRate?: number | null;
}

export interface OverrideInput {
  productId: string | null;
  skuId: string | null;
  kind: OverrideKind;
  level1: number;
  level2: number;
  level3: number;
}

const COLUMNS =
  'id, levels, level1_rate, level2_rate, level3_rate, self_purchase, bonus_level1, bonus_level2, frozen_days, withdrawal_minimum, withdrawal_fee_rate, effective_from';

/** The version in force at `at` (now by default). */
export async function ruleVersionAt(em: EntityManager, at?: Date): Promise<RuleVersion> {
  const find = () =>
    run<RuleVersion>(
      em,
      `select ${COLUMNS} from commission_rule_version where effective_from <= coalesce(?::timestamptz, now()) order by effective_from desc, id desc limit 1`,
      [at ?? null],
    );
  const [found] = await find();
  if (found) return found;
  await run(em, `insert into commission_rule_version (id, effective_from) values (?, '2000-01-01T00:00:00Z') on conflict do nothing`, [DEFAULT_VERSION_ID]);
  return (await find())[0];
}

export async function ruleVersion(em: EntityManager, id: string): Promise<RuleVersion | null> {
  const [found] = await run<RuleVersion>(em, `select ${COLUMNS} from commission_rule_version where id = ?`, [id]);
  return found ?? null;
}

export function overridesOf(em: EntityManager, versionId: string): Promise<OverrideRow[]> {
  return run<OverrideRow>(
    em,
    'select product_id, sku_id, kind, level1, level2, level3 from commission_override where version_id = ? order by product_id, sku_id nulls first',
    [versionId],
  );
}

const bad = (field: string, message: string) => new DomainError(E.INVALID_SETTINGS, message, ['input', field]);

function validate(next: RuleVersion): void {
  const intIn = (v: number, min: number, max: number) => Number.isInteger(v) && v >= min && v <= max;
  if (!intIn(next.levels, 1, MAX_LEVELS)) throw bad('levels', `levels must be 1 to ${MAX_LEVELS}: deeper chains are pyramid selling`);
  for (const [field, v] of [
    ['level1Rate', next.level1_rate],
    ['level2Rate', next.level2_rate],
    ['level3Rate', next.level3_rate],
  ] as const) {
    if (!intIn(v, 0, BASIS_POINTS)) throw bad(field, `${field} must be 0 to ${BASIS_POINTS} basis points`);
  }
  if (next.level1_rate + next.level2_rate + next.level3_rate > BASIS_POINTS) throw bad('level1Rate', "The levels' rates together must not exceed 100%");
  if (!intIn(next.frozen_days, 0, MAX_FROZEN_DAYS)) throw bad('frozenDays', `frozenDays must be 0 to ${MAX_FROZEN_DAYS}`);
  if (!intIn(next.withdrawal_fee_rate, 0, MAX_WITHDRAWAL_FEE_RATE))
    throw bad('withdrawalFeeRate', `withdrawalFeeRate must be 0 to ${MAX_WITHDRAWAL_FEE_RATE} basis points`);
  if (next.withdrawal_minimum < 1) throw bad('withdrawalMinimum', 'withdrawalMinimum must be at least 0.01');
}

/** Writes a new version from the current one with `change` applied; `overrides` rewrites its overrides (else they are copied). */
async function writeVersion(
  tx: EntityManager,
  operatorId: string,
  change: (v: RuleVersion) => RuleVersion,
  overrides?: (current: OverrideRow[]) => OverrideRow[],
): Promise<string> {
  await run(tx, 'select pg_advisory_xact_lock(?)', [WRITE_LOCK]);
  const current = await ruleVersionAt(tx);
  const next = change({ ...current });
  validate(next);
  const id = uuidv7();
  await run(
    tx,
    `insert into commission_rule_version (id, levels, level1_rate, level2_rate, level3_rate, self_purchase, bonus_level1, bonus_level2, frozen_days, withdrawal_minimum, withdrawal_fee_rate, effective_from, created_by)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, greatest(clock_timestamp(), ?::timestamptz + interval '1 microsecond'), ?)`,
    [
      id,
      next.levels,
      next.level1_rate,
      next.level2_rate,
      next.level3_rate,
      next.self_purchase,
      next.bonus_level1,
      next.bonus_level2,
      next.frozen_days,
      next.withdrawal_minimum,
      next.withdrawal_fee_rate,
      new Date(current.effective_from).toISOString(),
      operatorId,
    ],
  );
  const rows = overrides ? overrides(await overridesOf(tx, current.id)) : null;
  if (rows == null) {
    await run(
      tx,
      'insert into commission_override (id, version_id, product_id, sku_id, kind, level1, level2, level3) select gen_random_uuid(), ?, product_id, sku_id, kind, level1, level2, level3 from commission_override where version_id = ?',
      [id, current.id],
    );
  } else if (rows.length > 0) {
    await run(
      tx,
      `insert into commission_override (id, version_id, product_id, sku_id, kind, level1, level2, level3) values ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      rows.flatMap((o) => [uuidv7(), id, o.product_id, o.sku_id, o.kind, o.level1, o.level2, o.level3]),
    );
  }
  return id;
}

/** Changes what is given (omitted fields stay): a new version, effective now. */
export function updateCommissionSettings(em: EntityManager, operatorId: string, input: CommissionSettingsInput): Promise<string> {
  return em.transactional((tx) =>
    writeVersion(tx, operatorId, (v) => ({
      ...v,
      levels: input.levels ?? v.levels,
      level1_rate: input.level1Rate ?? v.level1_rate,
      level2_rate: input.level2Rate ?? v.level2_rate,
      level3_rate: input.level3Rate ?? v.level3_rate,
      self_purchase: input.selfPurchase ?? v.self_purchase,
      bonus_level1: input.bonusLevel1 ?? v.bonus_level1,
      bonus_level2: input.bonusLevel2 ?? v.bonus_level2,
      frozen_days: input.frozenDays ?? v.frozen_days,
      withdrawal_minimum: input.withdrawalMinimum ?? v.withdrawal_minimum,
      withdrawal_fee_rate: input.withdrawalFeeRate ?? v.withdrawal_fee_rate,
    })),
  );
}

/** The product (and SKU, when given) an override is for, checked against the catalog. */
async function target(tx: EntityManager, productId: string | null, skuId: string | null): Promise<{ productId: string; skuId: string | null }> {
  if (!productId || !(await productExists(tx, productId))) throw new DomainError(E.PRODUCT_NOT_FOUND, 'No product has this id', ['input', 'productId']);
  if (skuId == null) return { productId, skuId: null };
  if (!(await skuOfProduct(tx, skuId, productId))) throw new DomainError(E.SKU_NOT_FOUND, 'No SKU of this product has this id', ['input', 'skuId']);
  return { productId, skuId };
}

/** Sets a product's or a SKU's own commission (replacing the one it had): a new version. */
export function setCommissionOverride(em: EntityManager, operatorId: string, input: OverrideInput): Promise<string> {
  const values = [input.level1, input.level2, input.level3];
  if (values.some((v) => !Number.isInteger(v) || v < 0 || v > MAX_FEN))
    throw new DomainError(E.INVALID_OVERRIDE, 'Override values must be whole, not negative', ['input']);
  if (input.kind === OverrideKind.PERCENT && values.reduce((a, b) => a + b, 0) > BASIS_POINTS) {
    throw new DomainError(E.INVALID_OVERRIDE, "A percentage override's levels together must not exceed 100%", ['input', 'level1']);
  }
  return em.transactional(async (tx) => {
    const t = await target(tx, input.productId, input.skuId);
    if (input.kind === OverrideKind.FIXED) {
      // Per unit, the levels together must not exceed the price: the SKU's, or the product's cheapest SKU's.
      const price = (t.skuId ? await skuPrice(tx, t.skuId) : await lowestSkuPrice(tx, t.productId)) ?? 0;
      if (values.reduce((a, b) => a + b, 0) > price) {
        throw new DomainError(
          E.INVALID_OVERRIDE,
          `A fixed override's levels together must not exceed the price (${formatFen(price)}${t.skuId ? '' : ", the product's cheapest SKU"})`,
          ['input', 'levelAmounts'],
        );
      }
    }
    return writeVersion(
      tx,
      operatorId,
      (v) => v,
      (current) => [
        ...current.filter((o) => !(o.product_id === t.productId && o.sku_id === t.skuId)),
        { product_id: t.productId, sku_id: t.skuId, kind: input.kind, level1: input.level1, level2: input.level2, level3: input.level3 },
      ],
    );
  });
}

/** Removes a product's or a SKU's override: a new version without it. */
export function removeCommissionOverride(em: EntityManager, operatorId: string, productId: string | null, skuId: string | null): Promise<string> {
  return em.transactional(async (tx) => {
    const t = await target(tx, productId, skuId);
    return writeVersion(
      tx,
      operatorId,
      (v) => v,
      (current) => {
        const kept = current.filter((o) => !(o.product_id === t.productId && o.sku_id === t.skuId));
        if (kept.length === current.length) throw new DomainError(E.OVERRIDE_NOT_FOUND, 'This product or SKU has no override', ['input']);
        return kept;
      },
    );
  });
}

import { ArrayType, Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7 } from '../../lib/ids';
import type { Fen } from '../../lib/money';
import { Account } from '../accounts/entities';

/**
 * One version of the commission rules. A change of the operator's settings or overrides writes a
 * new version (effective from then); an order earns by the version in force when it was paid, and
 * every entry names it. Percentages are basis points (1% = 100).
 */
@Entity({ tableName: 'commission_rule_version' })
@Check({ name: 'commission_levels', expression: 'levels >= 1 and levels <= 3' })
@Check({
  name: 'commission_rates',
  expression: 'level1_rate >= 0 and level2_rate >= 0 and level3_rate >= 0 and level1_rate + level2_rate + level3_rate <= 10000',
})
@Check({ name: 'commission_bonus', expression: 'bonus_level1 >= 0 and bonus_level2 >= 0' })
@Check({ name: 'commission_frozen_days', expression: 'frozen_days >= 0 and frozen_days <= 90' })
@Check({ name: 'commission_withdrawal', expression: 'withdrawal_minimum >= 1 and withdrawal_fee_rate >= 0 and withdrawal_fee_rate <= 5000' })
@Index({ name: 'commission_rule_version_effective', properties: ['effectiveFrom', 'id'] })
export class CommissionRuleVersion {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** How many levels earn commission: 1 or 2 usually, never more than 3. */
  @Property({ type: 'smallint', default: 2 })
  levels: number = 2;

  @Property({ type: 'integer', default: 0, fieldName: 'level1_rate' })
  level1Rate: number = 0;

  @Property({ type: 'integer', default: 0, fieldName: 'level2_rate' })
  level2Rate: number = 0;

  @Property({ type: 'integer', default: 0, fieldName: 'level3_rate' })
  level3Rate: number = 0;

  /** A member buying through their own shop or link earns level 1 on it. */
  @Property({ type: 'boolean', default: false })
  selfPurchase: boolean = false;

  /** Fixed amounts to the inviter (and their inviter) of a customer who buys a membership package. */
  @Property({ type: 'integer', default: 0 })
  bonusLevel1: Fen = 0;

  @Property({ type: 'integer', default: 0 })
  bonusLevel2: Fen = 0;

  /** Days after an order's completion before its earnings become available. */
  @Property({ type: 'integer', default: 7 })
  frozenDays: number = 7;

  @Property({ type: 'integer', default: 100 })
  withdrawalMinimum: Fen = 100;

  @Property({ type: 'integer', default: 0 })
  withdrawalFeeRate: number = 0;

  @Property({ type: 'timestamptz' })
  effectiveFrom: Date = new Date();

  /** The operator who wrote it; null for the defaults. */
  @Property({ type: 'uuid', nullable: true })
  createdBy: string | null = null;
}

export enum OverrideKind {
  PERCENT = 'percent',
  FIXED = 'fixed',
}

/**
 * A product's (or one SKU's) own commission, part of a rule version: a SKU's override beats its
 * product's, which beats the version's rates. Values per level: basis points (PERCENT) or fen per
 * unit (FIXED).
 */
@Entity({ tableName: 'commission_override' })
@Index({
  name: 'commission_override_product',
  expression: 'create unique index "commission_override_product" on "commission_override" ("version_id", "product_id") where "sku_id" is null',
})
@Index({
  name: 'commission_override_sku',
  expression: 'create unique index "commission_override_sku" on "commission_override" ("version_id", "sku_id") where "sku_id" is not null',
})
@Check({
  name: 'commission_override_values',
  expression: "level1 >= 0 and level2 >= 0 and level3 >= 0 and (kind = 'fixed' or level1 + level2 + level3 <= 10000)",
})
export class CommissionOverride {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => CommissionRuleVersion, { deleteRule: 'cascade' })
  version: CommissionRuleVersion;

  @Property({ type: 'uuid' })
  productId: string;

  @Property({ type: 'uuid', nullable: true })
  skuId: string | null = null;

  @Enum({ items: () => OverrideKind, nativeEnumName: 'commission_override_kind' })
  kind: OverrideKind;

  @Property({ type: 'integer', default: 0 })
  level1: number = 0;

  @Property({ type: 'integer', default: 0 })
  level2: number = 0;

  @Property({ type: 'integer', default: 0 })
  level3: number = 0;
}

/**
 * What earnings know of a paid order, recorded from its events so settlement never reads the
 * orders tables: the rule version, when it completed and from when its earnings settle.
 */
@Entity({ tableName: 'earning_order' })
@Index({
  name: 'earning_order_settle_due',
  expression: 'create index "earning_order_settle_due" on "earning_order" ("settle_after") where "settled_at" is null and "settle_after" is not null',
})
export class EarningOrder {
  @PrimaryKey({ type: 'uuid' })
  orderId: string;

  @Property({ type: 'text' })
  orderNumber: string;

  @Property({ type: 'uuid' })
  buyerId: string;

  @ManyToOne(() => CommissionRuleVersion, { index: true, deleteRule: 'restrict' })
  version: CommissionRuleVersion;

  @Property({ type: 'timestamptz' })
  paidAt: Date;

  @Property({ type: 'timestamptz', nullable: true })
  completedAt: Date | null = null;

  /** completedAt + the version's frozen days. */
  @Property({ type: 'timestamptz', nullable: true })
  settleAfter: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  settledAt: Date | null = null;
}

/** A refund of an order line as earnings saw it (refund id + line: at most once), for cumulative reversals. */
@Entity({ tableName: 'earning_refund' })
export class EarningRefund {
  @PrimaryKey({ type: 'uuid' })
  refundId: string;

  @PrimaryKey({ type: 'uuid' })
  orderLineId: string;

  @ManyToOne(() => EarningOrder, { fieldName: 'order_id', index: true, deleteRule: 'cascade' })
  order: EarningOrder;

  @Property({ type: 'integer' })
  amount: Fen;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

export enum EarningSource {
  MARGIN = 'margin',
  COMMISSION_L1 = 'commission_l1',
  COMMISSION_L2 = 'commission_l2',
  COMMISSION_L3 = 'commission_l3',
  MEMBERSHIP_BONUS = 'membership_bonus',
  ADJUSTMENT = 'adjustment',
  WITHDRAWAL = 'withdrawal',
}

/** How an entry moves money between a member's buckets. */
export enum EntryKind {
  /** Earned, frozen: into pending. */
  ACCRUAL = 'accrual',
  /** Pending → available (paying any debt first). */
  SETTLEMENT = 'settlement',
  /** Part or all of an accrual taken back: from pending, or once settled from available with any shortfall into debt. */
  REVERSAL = 'reversal',
  /** An operator's correction, positive or negative, on available (and debt). */
  ADJUSTMENT = 'adjustment',
  /** Available → withdrawing. */
  WITHDRAWAL_HOLD = 'withdrawal_hold',
  /** Withdrawing → available (rejected or failed), paying any debt first. */
  WITHDRAWAL_RELEASE = 'withdrawal_release',
  /** Withdrawing → withdrawn. */
  WITHDRAWAL_PAID = 'withdrawal_paid',
}

/**
 * The ledger: append-only — never updated, never deleted. Each entry carries its movement on each
 * bucket (delta_*), so every balance is the sum of its column over the member's entries, and
 * `amount` is what the entry is worth to the member (signed for accruals, reversals, adjustments;
 * the amount moved for transfers).
 */
@Entity({ tableName: 'earning_entry' })
@Index({ name: 'earning_entry_member', properties: ['member', 'createdAt', 'id'] })
@Index({ name: 'earning_entry_created', properties: ['createdAt', 'id'] })
@Index({
  name: 'earning_accrual_once',
  expression: `create unique index "earning_accrual_once" on "earning_entry" ("order_line_id", "member_id", "source") where "kind" = 'accrual'`,
})
@Index({
  name: 'earning_settled_once',
  expression: `create unique index "earning_settled_once" on "earning_entry" ("ref_entry_id") where "kind" = 'settlement'`,
})
@Index({
  name: 'earning_reversed_once',
  expression: `create unique index "earning_reversed_once" on "earning_entry" ("ref_entry_id", "cause") where "kind" = 'reversal'`,
})
// Settlement entries (most of the ledger) name no rule version and no withdrawal, and are never looked up by order: partial indexes skip them.
@Index({
  name: 'earning_entry_order',
  expression: `create index "earning_entry_order" on "earning_entry" ("order_id") where "kind" <> 'settlement'`,
})
@Index({ name: 'earning_entry_version', expression: 'create index "earning_entry_version" on "earning_entry" ("version_id") where "version_id" is not null' })
@Index({
  name: 'earning_entry_withdrawal',
  expression: 'create index "earning_entry_withdrawal" on "earning_entry" ("withdrawal_id") where "withdrawal_id" is not null',
})
@Check({ name: 'earning_entry_level', expression: 'level is null or (level >= 1 and level <= 3)' })
export class EarningEntry {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /**
   * The member, and below the order, without foreign keys: every entry is written by this module from
   * rows it has just read (accounts and earning orders, which are never deleted), and settling 10⁶
   * entries spent half its time checking the two keys, row by row.
   */
  @ManyToOne(() => Account, { createForeignKeyConstraint: false })
  member: Account;

  @Enum({ items: () => EntryKind, nativeEnumName: 'earning_entry_kind' })
  kind: EntryKind;

  @Enum({ items: () => EarningSource, nativeEnumName: 'earning_source' })
  source: EarningSource;

  @Property({ type: 'integer' })
  amount: Fen;

  @Property({ type: 'integer', default: 0 })
  deltaPending: Fen = 0;

  @Property({ type: 'integer', default: 0 })
  deltaAvailable: Fen = 0;

  @Property({ type: 'integer', default: 0 })
  deltaWithdrawing: Fen = 0;

  @Property({ type: 'integer', default: 0 })
  deltaWithdrawn: Fen = 0;

  @Property({ type: 'integer', default: 0 })
  deltaDebt: Fen = 0;

  /** No foreign key (see `member`); looked up by the partial index earning_entry_order, which leaves settlements out. */
  @ManyToOne(() => EarningOrder, { fieldName: 'order_id', nullable: true, createForeignKeyConstraint: false })
  order: EarningOrder | null = null;

  @Property({ type: 'uuid', nullable: true })
  orderLineId: string | null = null;

  /** What the buyer paid for the line (after every discount). */
  @Property({ type: 'integer', nullable: true })
  lineTotal: Fen | null = null;

  @Property({ type: 'integer', nullable: true })
  quantity: number | null = null;

  /** The amount the rate applied to (line total less the shop margin). */
  @Property({ type: 'integer', nullable: true })
  baseAmount: Fen | null = null;

  @ManyToOne(() => CommissionRuleVersion, { nullable: true, deleteRule: 'restrict' })
  version: CommissionRuleVersion | null = null;

  /** Basis points used (PERCENT). */
  @Property({ type: 'integer', nullable: true })
  rate: number | null = null;

  /** Fen per unit used (FIXED), or the bonus amount. */
  @Property({ type: 'integer', nullable: true })
  fixedAmount: Fen | null = null;

  @Property({ type: 'smallint', nullable: true })
  level: number | null = null;

  /** The buyer, then each member the earning came up through, ending with the earner. */
  @Property({ type: ArrayType, columnType: 'uuid[]', nullable: true })
  path: string[] | null = null;

  /** How the sale came: shop, product link, invitation. */
  @Property({ type: 'text', nullable: true })
  via: string | null = null;

  /**
   * The accrual a settlement or reversal moves: an earlier entry of this table, read by the statement
   * that writes this one; no foreign key (see `member`). Looked up through the partial unique
   * indexes earning_settled_once and earning_reversed_once.
   */
  @Property({ type: 'uuid', nullable: true })
  refEntryId: string | null = null;

  /** Why a reversal happened: the refund's id, or "cancelled". */
  @Property({ type: 'text', nullable: true })
  cause: string | null = null;

  @ManyToOne(() => Withdrawal, { nullable: true, deleteRule: 'restrict' })
  withdrawal: Withdrawal | null = null;

  /** An adjustment's reason. */
  @Property({ type: 'text', nullable: true })
  note: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  createdBy: string | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

/**
 * A member's balances, changed in the same transaction as each entry. The checks make the
 * database refuse any negative bucket: a withdrawal can never hold more than is available.
 */
@Entity({ tableName: 'member_balance' })
@Check({ name: 'member_balance_non_negative', expression: 'pending >= 0 and available >= 0 and withdrawing >= 0 and withdrawn >= 0 and debt >= 0' })
export class MemberBalance {
  @ManyToOne(() => Account, { primary: true, deleteRule: 'restrict' })
  member: Account;

  @Property({ type: 'bigint', default: 0 })
  pending: string = '0';

  @Property({ type: 'bigint', default: 0 })
  available: string = '0';

  @Property({ type: 'bigint', default: 0 })
  withdrawing: string = '0';

  @Property({ type: 'bigint', default: 0 })
  withdrawn: string = '0';

  @Property({ type: 'bigint', default: 0 })
  debt: string = '0';

  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();
}

export enum WithdrawalStatus {
  REQUESTED = 'requested',
  APPROVED = 'approved',
  REJECTED = 'rejected',
  PAID = 'paid',
  FAILED = 'failed',
}

/** A member's withdrawal: held from available when requested, then approved/rejected, then paid/failed. */
@Entity({ tableName: 'withdrawal' })
@Index({ name: 'withdrawal_member', properties: ['member', 'requestedAt', 'id'] })
@Index({ name: 'withdrawal_status', properties: ['status', 'requestedAt', 'id'] })
@Check({ name: 'withdrawal_amounts', expression: 'amount > 0 and fee >= 0 and fee <= amount' })
export class Withdrawal {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Account, { deleteRule: 'restrict' })
  member: Account;

  @Property({ type: 'integer' })
  amount: Fen;

  @Property({ type: 'integer' })
  fee: Fen;

  @Enum({ items: () => WithdrawalStatus, nativeEnumName: 'withdrawal_status', default: WithdrawalStatus.REQUESTED })
  status: WithdrawalStatus = WithdrawalStatus.REQUESTED;

  @Property({ type: 'text', nullable: true })
  reason: string | null = null;

  @Property({ type: 'timestamptz' })
  requestedAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true })
  decidedBy: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  closedAt: Date | null = null;
}

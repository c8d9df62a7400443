import { toGlobalId } from '../../lib/ids';
import { formatFen, money } from '../../lib/money';
import { EarningSource, EntryKind, OverrideKind } from './entities';
import type { BalanceRow, EntryRow, OverrideListRow, TopEarnerRow, WithdrawalRow } from './reads';
import type { RuleVersion } from './rules';
import type { BucketAmounts, CommissionOverrideType, CommissionSettingsType, EarningEntryType, TopEarner, WithdrawalType } from './types';

const date = (value: string | Date | null) => (value == null ? null : new Date(value));

export function settingsView(v: RuleVersion): CommissionSettingsType {
  return {
    versionDbId: v.id,
    versionId: toGlobalId('CommissionRuleVersion', v.id),
    levels: v.levels,
    level1Rate: v.level1_rate,
    level2Rate: v.level2_rate,
    level3Rate: v.level3_rate,
    selfPurchase: v.self_purchase,
    membershipBonusLevel1: money(v.bonus_level1),
    membershipBonusLevel2: money(v.bonus_level2),
    frozenDays: v.frozen_days,
    withdrawalMinimum: money(v.withdrawal_minimum),
    withdrawalFeeRate: v.withdrawal_fee_rate,
    effectiveFrom: new Date(v.effective_from),
  };
}

export function overrideView(o: OverrideListRow): CommissionOverrideType {
  const values = [o.level1, o.level2, o.level3];
  return {
    productId: toGlobalId('Product', o.product_id),
    skuId: o.sku_id && toGlobalId('Sku', o.sku_id),
    kind: o.kind,
    levelRates: o.kind === OverrideKind.PERCENT ? values : null,
    levelAmounts: o.kind === OverrideKind.FIXED ? values.map(money) : null,
  };
}

/** 800 → "8%", 850 → "8.5%". */
function percent(basisPoints: number): string {
  return `${(basisPoints / 100).toString()}%`;
}

const SOURCE_WORDS: Record<EarningSource, string> = {
  [EarningSource.MARGIN]: 'shop margin',
  [EarningSource.COMMISSION_L1]: 'L1 commission',
  [EarningSource.COMMISSION_L2]: 'L2 commission',
  [EarningSource.COMMISSION_L3]: 'L3 commission',
  [EarningSource.MEMBERSHIP_BONUS]: 'membership bonus',
  [EarningSource.ADJUSTMENT]: 'adjustment',
  [EarningSource.WITHDRAWAL]: 'withdrawal',
};

/** The article and card a line came from, as they were at checkout: 'article "Spring teas", card 2'. */
function card(e: EntryRow): string | null {
  return e.article_id && e.card_position != null ? `article "${e.article_title ?? ''}", card ${e.card_position}` : null;
}

function how(e: EntryRow): string {
  const fromCard = card(e);
  if (e.source === EarningSource.MARGIN) return `through your shop${fromCard ? `, from the ${fromCard}` : ''}`;
  if ((e.level ?? 1) > 1) return `through your team (level ${e.level})${fromCard ? `, from the ${fromCard}` : ''}`;
  if (e.via === 'content' && fromCard) return `through your ${fromCard}`;
  if (e.via === 'shop') return 'through your shop';
  if (e.via === 'link' || e.via === 'content') return 'through your share link';
  return 'whom you invited';
}

/**
 * The entry in words a member can read. The buyer is named by display name only — never a phone
 * number or an email.
 */
export function explain(e: EntryRow): string {
  const amount = formatFen(Math.abs(e.amount));
  const order = e.order_number ? `order ${e.order_number}` : 'an order';
  const units = e.quantity != null ? ` (${e.quantity} ${e.quantity === 1 ? 'unit' : 'units'}, ${formatFen(e.line_total ?? 0)} paid)` : '';
  const buyer = e.buyer_name ? `bought by ${e.buyer_name}` : 'bought';
  const what = SOURCE_WORDS[e.source];
  switch (e.kind) {
    case EntryKind.ACCRUAL:
      if (e.source === EarningSource.MARGIN)
        return `${amount} = shop margin of ${formatFen(e.fixed_amount ?? 0)} above the base price per unit on ${order}, line${units}, ${buyer} ${how(e)}`;
      if (e.source === EarningSource.MEMBERSHIP_BONUS) {
        return `${amount} = membership bonus (level ${e.level}): ${e.buyer_name ?? 'a customer'}, ${e.level === 1 ? 'whom you invited' : 'invited by your invitee'}, bought a membership package (${order})`;
      }
      if (e.rate != null) return `${amount} = ${percent(e.rate)} ${what} on ${formatFen(e.base_amount ?? 0)} of ${order}, line${units}, ${buyer} ${how(e)}`;
      return `${amount} = ${formatFen(e.fixed_amount ?? 0)} per unit ${what} on ${order}, line${units}, ${buyer} ${how(e)}`;
    case EntryKind.SETTLEMENT: {
      const repaid = -e.delta_debt;
      return `${amount} of your ${what} on ${order} became available${repaid > 0 ? ` (${formatFen(repaid)} of it paid off your debt)` : ''}`;
    }
    case EntryKind.REVERSAL: {
      const debt = e.delta_debt;
      const why = e.cause === 'cancelled' ? 'the order was cancelled' : 'a refund';
      const fromCard = card(e);
      return `-${amount} = ${what} on ${order}${fromCard ? ` (from the ${fromCard})` : ''} taken back after ${why}${debt > 0 ? ` (${formatFen(debt)} of it became debt)` : ''}`;
    }
    case EntryKind.ADJUSTMENT:
      return `${e.amount < 0 ? '-' : '+'}${amount} = adjustment by an operator: ${e.note ?? ''}${e.delta_debt !== 0 ? ` (debt ${e.delta_debt > 0 ? '+' : '-'}${formatFen(Math.abs(e.delta_debt))})` : ''}`;
    case EntryKind.WITHDRAWAL_HOLD:
      return `${amount} held from available for your withdrawal`;
    case EntryKind.WITHDRAWAL_RELEASE:
      return `${amount} back to available: your withdrawal was not paid${e.delta_debt < 0 ? ` (${formatFen(-e.delta_debt)} of it paid off your debt)` : ''}`;
    case EntryKind.WITHDRAWAL_PAID:
      return `${amount} withdrawn: paid out to you`;
    default:
      return `${amount} ${what}`;
  }
}

export function bucketAmounts(b: BalanceRow): BucketAmounts {
  return { pending: money(b.pending), available: money(b.available), withdrawing: money(b.withdrawing), withdrawn: money(b.withdrawn), debt: money(b.debt) };
}

export function entryView(e: EntryRow): EarningEntryType {
  return {
    __typename: 'EarningEntry',
    id: toGlobalId('EarningEntry', e.id),
    dbId: e.id,
    memberDbId: e.member_id,
    orderLineDbId: e.order_line_id,
    kind: e.kind,
    source: e.source,
    amount: money(Math.abs(e.amount)),
    isDebit: e.amount < 0,
    movements: bucketAmounts({
      pending: e.delta_pending,
      available: e.delta_available,
      withdrawing: e.delta_withdrawing,
      withdrawn: e.delta_withdrawn,
      debt: e.delta_debt,
    }),
    explanation: explain(e),
    state: e.kind !== EntryKind.ACCRUAL ? null : Number(e.reversed) >= e.amount ? 'reversed' : e.settled ? 'settled' : 'pending',
    reversedAmount: e.kind === EntryKind.ACCRUAL ? money(Number(e.reversed)) : null,
    orderNumber: e.order_number,
    orderLineId: e.order_line_id && toGlobalId('OrderLine', e.order_line_id),
    buyerName: e.buyer_name,
    level: e.level,
    rate: e.rate,
    fixedAmount: e.fixed_amount == null ? null : money(e.fixed_amount),
    baseAmount: e.base_amount == null ? null : money(e.base_amount),
    lineTotal: e.line_total == null ? null : money(e.line_total),
    quantity: e.quantity,
    ruleVersionId: e.version_id && toGlobalId('CommissionRuleVersion', e.version_id),
    earningEntryId: e.ref_entry_id && toGlobalId('EarningEntry', e.ref_entry_id),
    withdrawalId: e.withdrawal_id && toGlobalId('Withdrawal', e.withdrawal_id),
    note: e.note,
    createdAt: new Date(e.created_at),
  } as EarningEntryType;
}

export function withdrawalView(w: WithdrawalRow): WithdrawalType {
  return {
    __typename: 'Withdrawal',
    id: toGlobalId('Withdrawal', w.id),
    dbId: w.id,
    memberDbId: w.member_id,
    amount: money(w.amount),
    fee: money(w.fee),
    payout: money(w.amount - w.fee),
    status: w.status,
    reason: w.reason,
    requestedAt: new Date(w.requested_at),
    decidedAt: date(w.decided_at),
    closedAt: date(w.closed_at),
  } as WithdrawalType;
}

export function topEarnerView(r: TopEarnerRow): TopEarner {
  return { accountDbId: r.member_id, earned: money(Number(r.earned)) };
}

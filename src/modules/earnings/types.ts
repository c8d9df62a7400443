import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { maxChars, maxItems, range } from '../../lib/bounds';
import { UserError } from '../../lib/errors';
import { DecimalScalar, Money, type Fen } from '../../lib/money';
import { ConnectionType } from '../../lib/pagination';
import { Node } from '../../lib/node';
import { EarningSource, EntryKind, OverrideKind, WithdrawalStatus } from './entities';
import { BASIS_POINTS, EarningsErrorCode, MAX_FROZEN_DAYS, MAX_LEVELS, MAX_WITHDRAWAL_FEE_RATE, earningsErrorCodeDescriptions } from './rules';
import { MAX_REASON_LENGTH } from './withdrawals';

/** The idempotency key rule of lib/idempotency: 8 to 128 letters, digits or ._:- characters. */
const IDEMPOTENCY_KEY = maxChars(
  128,
  'Idempotency key (at least 8 of letters, digits, ._:-): the same key with the same input returns the first answer instead of doing it again; with other input it is refused with IDEMPOTENCY_KEY_REUSED.',
);

registerEnumType(EarningsErrorCode, {
  name: 'EarningsErrorCode',
  description: 'Why an earnings, commission-settings or withdrawal mutation was refused.',
  valuesConfig: earningsErrorCodeDescriptions,
});
registerEnumType(EarningSource, {
  name: 'EarningSource',
  description: 'What an entry of the earnings ledger is for.',
  valuesConfig: {
    MARGIN: { description: 'Your shop price above the base (retail) price, times the quantity: your own, separate from commission.' },
    COMMISSION_L1: { description: 'Level-1 commission: you shared the sale (or, with no share, you invited the buyer).' },
    COMMISSION_L2: { description: 'Level-2 commission: you invited the level-1 member.' },
    COMMISSION_L3: { description: 'Level-3 commission: you invited the level-2 member (only when the rules have 3 levels).' },
    MEMBERSHIP_BONUS: { description: 'A fixed bonus: someone you invited (or your invitee invited) bought a membership package.' },
    ADJUSTMENT: { description: "An operator's correction, with a reason." },
    WITHDRAWAL: { description: 'A withdrawal of yours: held, released or paid.' },
  },
});
registerEnumType(EntryKind, {
  name: 'EarningEntryKind',
  description: 'How an entry moves money between your buckets (pending, available, withdrawing, withdrawn, debt).',
  valuesConfig: {
    ACCRUAL: { description: 'Earned on a paid order: into pending (frozen until the order completes and the frozen days pass).' },
    SETTLEMENT: { description: 'Pending → available, paying any debt first.' },
    REVERSAL: { description: 'Taken back after a refund or cancellation: from pending, or once settled from available, with any shortfall becoming debt.' },
    ADJUSTMENT: { description: "An operator's correction on available (a debit beyond it becomes debt; a credit pays debt first)." },
    WITHDRAWAL_HOLD: { description: 'Available → withdrawing, when you request a withdrawal.' },
    WITHDRAWAL_RELEASE: { description: 'Withdrawing → available (paying any debt first), when a withdrawal is rejected or fails.' },
    WITHDRAWAL_PAID: { description: 'Withdrawing → withdrawn, when the withdrawal is paid out.' },
  },
});
registerEnumType(WithdrawalStatus, {
  name: 'WithdrawalStatus',
  description: 'Where a withdrawal is: REQUESTED → APPROVED → PAID or FAILED; or REQUESTED → REJECTED.',
  valuesConfig: {
    REQUESTED: { description: 'Held from available, waiting for an operator.' },
    APPROVED: { description: 'Approved; being paid out.' },
    REJECTED: { description: 'Rejected with a reason; the money went back to available.' },
    PAID: { description: 'Paid out (amount less fee).' },
    FAILED: { description: 'The payout failed; the money went back to available.' },
  },
});
registerEnumType(OverrideKind, {
  name: 'CommissionOverrideKind',
  description: "How a product's or SKU's own commission is given.",
  valuesConfig: {
    PERCENT: { description: 'A percentage (in basis points) of what was paid for the line.' },
    FIXED: { description: 'A fixed amount per unit sold.' },
  },
});

export enum EarningStateEnum {
  PENDING = 'pending',
  SETTLED = 'settled',
  REVERSED = 'reversed',
}
registerEnumType(EarningStateEnum, {
  name: 'EarningState',
  description: 'Where an earning (an ACCRUAL entry) stands.',
  valuesConfig: {
    PENDING: { description: 'Frozen: its order has not completed plus the frozen days yet.' },
    SETTLED: { description: 'Moved to available (what was not reversed of it).' },
    REVERSED: { description: 'Taken back in full by refunds or a cancellation.' },
  },
});

export enum StatementPeriod {
  DAY = 'day',
  MONTH = 'month',
}
registerEnumType(StatementPeriod, {
  name: 'StatementPeriod',
  description: "The length of each statement line, in the shops' time zone (Asia/Shanghai).",
  valuesConfig: { DAY: { description: 'One line per day.' }, MONTH: { description: 'One line per calendar month.' } },
});

const RULE_OF_WHO_EARNS =
  "Who earns on an order: with a share, the sharer is level 1, their inviter level 2, and that member's inviter level 3 (3 levels only); " +
  'a member buying through their own shop or link is level 1 only when selfPurchase is on — otherwise the order counts as one without a share; ' +
  "without a share, the buyer's bound inviter is level 1, their inviter level 2, and so on. Only current members earn: a level whose member is not a member now is skipped " +
  '(not paid, and the levels above keep their own level and rate). Commission is on what the buyer paid for the line after every discount, less the shop margin, rounded down to the fen.';

@ObjectType('CommissionSettings', { description: `The commission rules in force (one version of their history). ${RULE_OF_WHO_EARNS}` })
export class CommissionSettingsType {
  versionDbId: string;

  @Field(() => ID, {
    description:
      'This version of the rules, an opaque version number (not a node id); each earning names the version it was earned by in EarningEntry.ruleVersionId.',
  })
  versionId: string;

  @Field(() => Int, { description: 'How many levels earn commission: 1 to 3 (2 by default; never more than 3).' })
  levels: number;

  @Field(() => Int, { description: 'Level-1 commission in basis points (100 = 1%).' })
  level1Rate: number;

  @Field(() => Int, { description: 'Level-2 commission in basis points.' })
  level2Rate: number;

  @Field(() => Int, { description: 'Level-3 commission in basis points (paid only with 3 levels).' })
  level3Rate: number;

  @Field({ description: 'Whether a member buying through their own shop or link earns level 1 on it.' })
  selfPurchase: boolean;

  @Field(() => Money, { description: 'Paid to the inviter of a customer who buys a membership package.' })
  membershipBonusLevel1: Money;

  @Field(() => Money, { description: "Paid to the inviter's inviter on a membership package (0: none)." })
  membershipBonusLevel2: Money;

  @Field(() => Int, { description: 'Days after an order completes before its earnings become available.' })
  frozenDays: number;

  @Field(() => Money, { description: 'The smallest withdrawal.' })
  withdrawalMinimum: Money;

  @Field(() => Int, { description: 'The withdrawal fee in basis points of the amount, rounded to the nearest fen (halves up).' })
  withdrawalFeeRate: number;

  @Field(() => GraphQLDateTimeISO, { description: 'When this version took effect: orders paid from then on earn by it.' })
  effectiveFrom: Date;
}

@InputType({ description: 'Changes to the commission rules; omitted fields stay. Writes a new version, effective now.' })
export class CommissionSettingsInput {
  @Field(() => Int, { nullable: true, ...range(1, MAX_LEVELS, 'Levels that earn.') })
  levels?: number | null;

  @Field(() => Int, { nullable: true, ...range(0, BASIS_POINTS, `Level-1 rate in basis points (the levels together at most ${BASIS_POINTS}).`) })
  level1Rate?: number | null;

  @Field(() => Int, { nullable: true, ...range(0, BASIS_POINTS, 'Level-2 rate in basis points.') })
  level2Rate?: number | null;

  @Field(() => Int, { nullable: true, ...range(0, BASIS_POINTS, 'Level-3 rate in basis points.') })
  level3Rate?: number | null;

  @Field({ nullable: true, description: 'Self-purchase commission on or off.' })
  selfPurchase?: boolean;

  @Field(() => DecimalScalar, { nullable: true, description: 'Membership bonus to the inviter.' })
  membershipBonusLevel1?: Fen | null;

  @Field(() => DecimalScalar, { nullable: true, description: "Membership bonus to the inviter's inviter." })
  membershipBonusLevel2?: Fen | null;

  @Field(() => Int, { nullable: true, ...range(0, MAX_FROZEN_DAYS, 'Frozen days after completion.') })
  frozenDays?: number | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'The smallest withdrawal (at least 0.01).' })
  withdrawalMinimum?: Fen | null;

  @Field(() => Int, { nullable: true, ...range(0, MAX_WITHDRAWAL_FEE_RATE, 'Withdrawal fee in basis points.') })
  withdrawalFeeRate?: number | null;
}

@ObjectType('CommissionOverride', {
  description: "A product's or one SKU's own commission: a SKU's beats its product's, which beats the rates of the settings.",
})
export class CommissionOverrideType {
  @Field(() => ID, { description: 'The product.' })
  productId: string;

  @Field(() => ID, { nullable: true, description: 'The SKU; null when the override is for every SKU of the product.' })
  skuId: string | null;

  @Field(() => OverrideKind, { description: 'Percentage or fixed amount per unit.' })
  kind: OverrideKind;

  @Field(() => [Int], { nullable: true, description: 'PERCENT: the rates of levels 1, 2 and 3 in basis points; null for FIXED.' })
  levelRates: number[] | null;

  @Field(() => [Money], { nullable: true, description: 'FIXED: the amounts per unit of levels 1, 2 and 3; null for PERCENT.' })
  levelAmounts: Money[] | null;
}

@InputType({ description: "A product's or SKU's own commission. Give levelRates for PERCENT, levelAmounts for FIXED (levels 1, 2, 3; missing levels are 0)." })
export class CommissionOverrideInput {
  @Field(() => ID, { description: 'The product.' })
  productId: string;

  @Field(() => ID, { nullable: true, description: 'One SKU of the product; omit for every SKU.' })
  skuId?: string | null;

  @Field(() => OverrideKind, { description: 'Percentage or fixed amount per unit.' })
  kind: OverrideKind;

  @Field(() => [Int], {
    nullable: true,
    ...maxItems(MAX_LEVELS, `PERCENT: rates of levels 1–3 in basis points (together at most ${BASIS_POINTS}).`, { min: 0, max: BASIS_POINTS }),
  })
  levelRates?: number[] | null;

  @Field(() => [DecimalScalar], { nullable: true, ...maxItems(MAX_LEVELS, 'FIXED: amounts per unit of levels 1–3.') })
  levelAmounts?: Fen[] | null;
}

@InputType({ description: 'Which override to remove.' })
export class RemoveCommissionOverrideInput {
  @Field(() => ID, { description: 'The product.' })
  productId: string;

  @Field(() => ID, { nullable: true, description: "The SKU; omit for the product's own override." })
  skuId?: string | null;
}

@ObjectType({ description: 'A refused earnings mutation.', implements: UserError })
export class EarningsUserError extends UserError {
  @Field(() => EarningsErrorCode, { description: 'What kind of failure this is.' })
  code: EarningsErrorCode;
}

@ObjectType({ description: 'Result of a change to the commission rules.' })
export class CommissionSettingsPayload {
  @Field(() => CommissionSettingsType, { nullable: true, description: 'The new version of the rules; null when refused.' })
  settings: CommissionSettingsType | null;

  @Field(() => [EarningsUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: EarningsUserError[];
}

@ObjectType({
  description:
    "Money per bucket of a member's earnings: pending (frozen), available, withdrawing (held by withdrawals), withdrawn (paid out) and debt (owed back). As an entry's movements and a ledger's sums, signed: negative when the bucket went down.",
})
export class BucketAmounts {
  @Field(() => Money, { description: 'Pending: earned on orders not yet settled (frozen).' })
  pending: Money;

  @Field(() => Money, { description: 'Available: settled, free to withdraw.' })
  available: Money;

  @Field(() => Money, { description: 'Withdrawing: held by withdrawals not yet paid.' })
  withdrawing: Money;

  @Field(() => Money, { description: 'Withdrawn: paid out.' })
  withdrawn: Money;

  @Field(() => Money, { description: 'Debt: owed back (refunds after the money was available or withdrawn).' })
  debt: Money;
}

@ObjectType('MemberBalance', {
  description:
    "One member's balances beside the sum of their ledger entries, bucket by bucket: the two always agree (reconciles), so an operator can check the books from here.",
})
export class MemberBalanceType {
  memberDbId: string;

  @Field(() => BucketAmounts, { description: "The member's balances as they stand, changed with each ledger entry." })
  balances: BucketAmounts;

  @Field(() => BucketAmounts, { description: "The member's ledger entries' movements added up, bucket by bucket." })
  ledger: BucketAmounts;

  @Field({ description: 'Whether every balance equals its ledger sum.' })
  reconciles: boolean;
}

@ObjectType('EarningEntry', { description: 'One entry of the earnings ledger: never changed once written.', implements: Node })
export class EarningEntryType extends Node {
  dbId: string;
  memberDbId: string;
  orderLineDbId: string | null;

  @Field(() => EntryKind, { description: 'How it moves money between your buckets.' })
  kind: EntryKind;

  @Field(() => EarningSource, { description: 'What it is for.' })
  source: EarningSource;

  @Field(() => Money, { description: 'How much: always positive; see isDebit.' })
  amount: Money;

  @Field({ description: 'true when the entry takes earnings away (a reversal, a debit adjustment).' })
  isDebit: boolean;

  @Field(() => BucketAmounts, {
    description:
      "What the entry moved on each of the member's buckets, signed (e.g. a settlement: pending −2.40, available +2.40): a balance is the sum of its bucket over the member's entries.",
  })
  movements: BucketAmounts;

  @Field({
    description:
      'The entry in words, e.g. "2.40 = 8% L1 commission on order 2026… line 1 (2 × …), bought by Wang through your shop", and for a line that came from a content card it names the article and card: … through your article "Spring teas", card 2 (the title and position as they were at checkout).',
  })
  explanation: string;

  @Field(() => EarningStateEnum, { nullable: true, description: 'For an earning (ACCRUAL): pending, settled or reversed; null for the other kinds.' })
  state: EarningStateEnum | null;

  @Field(() => Money, { nullable: true, description: 'For an earning (ACCRUAL): how much of it refunds and cancellations took back so far.' })
  reversedAmount: Money | null;

  @Field(() => String, { nullable: true, description: 'The order it came from.' })
  orderNumber: string | null;

  @Field(() => ID, { nullable: true, description: 'The order line it came from.' })
  orderLineId: string | null;

  @Field(() => String, { nullable: true, description: "The buyer's display name." })
  buyerName: string | null;

  @Field(() => Int, { nullable: true, description: 'The commission level (1–3), or the bonus level.' })
  level: number | null;

  @Field(() => Int, { nullable: true, description: 'The rate used, in basis points (percentage commission).' })
  rate: number | null;

  @Field(() => Money, { nullable: true, description: 'The fixed amount used: per unit (fixed commission, shop margin per unit) or the bonus.' })
  fixedAmount: Money | null;

  @Field(() => Money, { nullable: true, description: 'What the rate applied to: the line total less the shop margin.' })
  baseAmount: Money | null;

  @Field(() => Money, { nullable: true, description: 'What the buyer paid for the line, after every discount.' })
  lineTotal: Money | null;

  @Field(() => Int, { nullable: true, description: 'Units of the line.' })
  quantity: number | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'The version of the commission rules it was earned by: an opaque version number, equal to CommissionSettings.versionId of that version (not a node id).',
  })
  ruleVersionId: string | null;

  @Field(() => ID, { nullable: true, description: 'The earning a settlement or reversal moves.' })
  earningEntryId: string | null;

  @Field(() => ID, { nullable: true, description: 'The withdrawal, for withdrawal entries.' })
  withdrawalId: string | null;

  @Field(() => String, { nullable: true, description: "An adjustment's reason." })
  note: string | null;

  @Field(() => GraphQLDateTimeISO, { description: 'When it was written.' })
  createdAt: Date;
}

export const EarningEntryConnection = ConnectionType(EarningEntryType, 'EarningEntry', 'earnings entry', 'earnings entries');

@InputType({ description: 'Which entries.' })
export class EarningEntryFilterInput {
  @Field(() => [EarningSource], { nullable: true, ...maxItems(Object.keys(EarningSource).length, 'Only these sources.') })
  sources?: EarningSource[] | null;

  @Field(() => [EntryKind], {
    nullable: true,
    ...maxItems(Object.keys(EntryKind).length, 'Only these kinds (how the entry moved money: ACCRUAL into pending, SETTLEMENT into available…).'),
  })
  kinds?: EntryKind[] | null;

  @Field(() => [EarningStateEnum], {
    nullable: true,
    ...maxItems(Object.keys(EarningStateEnum).length, 'Only earnings (ACCRUAL entries) in these states: still pending, settled, or reversed in full.'),
  })
  states?: EarningStateEnum[] | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'Written at or after this.' })
  from?: Date | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'Written before this.' })
  to?: Date | null;
}

@ObjectType({ description: 'Your earnings in figures.' })
export class EarningsSummary {
  @Field(() => Money, { description: "Earned today (shops' time zone), less what was reversed today; an estimate until the orders settle." })
  todayEstimate: Money;

  @Field(() => Money, { description: 'Frozen: earned on orders not yet completed plus their frozen days.' })
  pending: Money;

  @Field(() => Money, { description: 'Settled and free to withdraw.' })
  available: Money;

  @Field(() => Money, { description: 'Held by withdrawals not yet paid.' })
  withdrawing: Money;

  @Field(() => Money, { description: 'Paid out.' })
  withdrawn: Money;

  @Field(() => Money, {
    description: 'Owed from refunds after the money was available or withdrawn: later earnings pay it first, and withdrawals wait until it is 0.',
  })
  debt: Money;

  @Field(() => Money, { description: 'Everything earned, less reversals: pending + available + withdrawing + withdrawn − debt (0 when the debt is larger).' })
  lifetime: Money;
}

@ObjectType({ description: 'One line of a statement.' })
export class EarningStatement {
  @Field(() => GraphQLDateTimeISO, { description: 'Start of the day or month.' })
  periodStart: Date;

  @Field(() => Money, { description: 'Earned (accruals and credit adjustments).' })
  earned: Money;

  @Field(() => Money, { description: 'Taken back (reversals and debit adjustments).' })
  reversed: Money;

  @Field(() => Money, { description: 'Became available.' })
  settled: Money;

  @Field(() => Money, { description: 'Paid out by withdrawals.' })
  withdrawn: Money;
}

@ObjectType({ description: 'The rules of withdrawals now.' })
export class WithdrawalRules {
  @Field(() => Money, { description: 'The smallest withdrawal.' })
  minimum: Money;

  @Field(() => Int, { description: 'The fee in basis points of the amount, rounded to the nearest fen (halves up); you receive the amount less the fee.' })
  feeRate: number;
}

@ObjectType({ description: `Your earnings: summary, ledger and statements. ${RULE_OF_WHO_EARNS}` })
export class MyEarnings {
  memberDbId: string;
}

@ObjectType('Withdrawal', { description: 'A withdrawal of available earnings.', implements: Node })
export class WithdrawalType extends Node {
  dbId: string;
  memberDbId: string;

  @Field(() => Money, { description: 'The amount held and withdrawn.' })
  amount: Money;

  @Field(() => Money, { description: 'The fee kept.' })
  fee: Money;

  @Field(() => Money, { description: 'What is paid out: amount less fee.' })
  payout: Money;

  @Field(() => WithdrawalStatus, { description: 'Where it is.' })
  status: WithdrawalStatus;

  @Field(() => String, { nullable: true, description: 'Why it was rejected or failed.' })
  reason: string | null;

  @Field(() => GraphQLDateTimeISO, { description: 'When it was requested.' })
  requestedAt: Date;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When an operator approved or rejected it.' })
  decidedAt: Date | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When it ended (rejected, paid, failed).' })
  closedAt: Date | null;
}

export const WithdrawalConnection = ConnectionType(WithdrawalType, 'Withdrawal', 'withdrawal');

@InputType({ description: 'A withdrawal request.' })
export class RequestWithdrawalInput {
  @Field(() => DecimalScalar, { description: 'How much to withdraw from available: at least the minimum, at most what is available.' })
  amount: Fen;

  @Field(() => String, { nullable: true, ...IDEMPOTENCY_KEY })
  idempotencyKey?: string | null;
}

@InputType({ description: 'A withdrawal to approve or mark paid.' })
export class WithdrawalInput {
  @Field(() => ID, { description: 'The withdrawal.' })
  withdrawalId: string;

  @Field(() => String, { nullable: true, ...IDEMPOTENCY_KEY })
  idempotencyKey?: string | null;
}

@InputType({ description: 'A withdrawal to reject or mark failed, and why.' })
export class WithdrawalReasonInput {
  @Field(() => ID, { description: 'The withdrawal.' })
  withdrawalId: string;

  @Field(maxChars(MAX_REASON_LENGTH, 'Why, not blank; the member sees it.'))
  reason: string;

  @Field(() => String, { nullable: true, ...IDEMPOTENCY_KEY })
  idempotencyKey?: string | null;
}

@ObjectType({ description: 'Result of a withdrawal mutation.' })
export class WithdrawalPayload {
  @Field(() => WithdrawalType, { nullable: true, description: 'The withdrawal as it is now; null when refused.' })
  withdrawal: WithdrawalType | null;

  @Field(() => [EarningsUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: EarningsUserError[];
}

@InputType({ description: "An operator's correction of a member's earnings." })
export class AdjustEarningsInput {
  @Field(() => ID, { description: "The member's account." })
  accountId: string;

  @Field(() => DecimalScalar, { description: 'How much (more than 0).' })
  amount: Fen;

  @Field({ description: 'true takes the amount away (from available; beyond it, debt); false adds it (paying debt first).' })
  debit: boolean;

  @Field(maxChars(MAX_REASON_LENGTH, 'Why, not blank; the member sees it.'))
  reason: string;

  @Field(() => String, { nullable: true, ...IDEMPOTENCY_KEY })
  idempotencyKey?: string | null;
}

@ObjectType({ description: 'Result of an adjustment.' })
export class AdjustEarningsPayload {
  @Field(() => EarningEntryType, { nullable: true, description: 'The adjustment entry; null when refused.' })
  entry: EarningEntryType | null;

  @Field(() => [EarningsUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: EarningsUserError[];
}

@ObjectType({ description: 'What the platform owes its members, all balances added up.' })
export class EarningsLiabilities {
  @Field(() => Money, { description: 'Frozen earnings of orders not yet settled.' })
  pending: Money;

  @Field(() => Money, { description: 'Settled, not withdrawn.' })
  available: Money;

  @Field(() => Money, { description: 'Held by withdrawals not yet paid.' })
  withdrawing: Money;

  @Field(() => Money, { description: 'pending + available + withdrawing.' })
  total: Money;

  @Field(() => Money, { description: 'Owed back by members (refunds after settlement).' })
  debt: Money;

  @Field(() => Money, { description: 'Paid out so far.' })
  withdrawn: Money;

  @Field(() => Int, { description: 'Members with money in any bucket or a debt.' })
  members: number;
}

@ObjectType({ description: 'A member ranked by what they earned in a period.' })
export class TopEarner {
  accountDbId: string;

  @Field(() => Money, { description: 'Earned in the period: accruals less reversals.' })
  earned: Money;
}

@ArgsType()
export class StatementArgs {
  @Field(() => StatementPeriod, { description: 'One line per day or per month.' })
  period: StatementPeriod;

  @Field(() => GraphQLDateTimeISO, { description: 'From (inclusive).' })
  from: Date;

  @Field(() => GraphQLDateTimeISO, { description: 'To (exclusive); at most 366 days after from.' })
  to: Date;
}

@InputType({ description: 'Which withdrawals.' })
export class WithdrawalFilterInput {
  @Field(() => [WithdrawalStatus], { nullable: true, ...maxItems(Object.keys(WithdrawalStatus).length, 'Only these statuses, e.g. [REQUESTED] to review.') })
  statuses?: WithdrawalStatus[] | null;
}

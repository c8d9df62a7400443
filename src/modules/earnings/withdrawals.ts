import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { idempotent } from '../../lib/idempotency';
import { uuidv7 } from '../../lib/ids';
import { formatFen, type Fen } from '../../lib/money';
import { existingAccountIds } from '../accounts/queries';
import { EarningSource, EntryKind, WithdrawalStatus as S } from './entities';
import { credit, debit, lockBalances, post, type Deltas } from './ledger';
import { EarningsErrorCode as E, withdrawalFee } from './rules';
import { ruleVersionAt } from './settings';
import { run } from '../../lib/sql';
import { publishWithdrawalWebhook } from './webhooks';

export const MAX_REASON_LENGTH = 200;

function cleanReason(reason: string | null | undefined, field: string[]): string {
  const clean = (reason ?? '').trim();
  if (clean.length < 1 || clean.length > MAX_REASON_LENGTH)
    throw new DomainError(E.INVALID_REASON, `A reason of 1 to ${MAX_REASON_LENGTH} characters is required`, field);
  return clean;
}

/**
 * Withdrawals. A request holds the amount with one conditional update of the balance
 * (`available >= amount and debt = 0`), so parallel requests can never hold more than there is;
 * each later step is a conditional update of the withdrawal's status, so of two racing steps
 * exactly one happens:
 *
 *   REQUESTED ─approve─▶ APPROVED ─markPaid─▶ PAID
 *       │                   └─markFailed─▶ FAILED (money back)
 *       └─reject─▶ REJECTED (money back)
 *
 * Money back pays any debt first, like every arrival in available.
 */
export class WithdrawalService {
  constructor(private readonly em: EntityManager) {}

  /** The fee is the current rule's rate of the amount, to the nearest fen (halves up); the member receives amount − fee. */
  request(memberId: string, amount: Fen, key: string | null | undefined): Promise<{ withdrawalId: string }> {
    return idempotent(this.em, { operation: 'requestWithdrawal', callerId: memberId, key, input: { amount } }, async (tx) => {
      const rules = await ruleVersionAt(tx);
      if (amount < rules.withdrawal_minimum)
        throw new DomainError(E.BELOW_MINIMUM, `The minimum withdrawal is ${formatFen(rules.withdrawal_minimum)}`, ['input', 'amount']);
      await run(tx, 'insert into member_balance (member_id, updated_at) values (?, now()) on conflict do nothing', [memberId]);
      const held = await run(
        tx,
        'update member_balance set available = available - ?, withdrawing = withdrawing + ?, updated_at = now() where member_id = ? and available >= ? and debt = 0 returning member_id',
        [amount, amount, memberId, amount],
      );
      if (held.length === 0) {
        const [balance] = await run<{ available: string; debt: string }>(tx, 'select available, debt from member_balance where member_id = ?', [memberId]);
        if (Number(balance.debt) > 0)
          throw new DomainError(
            E.DEBT_OUTSTANDING,
            `Your earnings carry a debt of ${formatFen(Number(balance.debt))} from refunds: withdrawals wait until later earnings have paid it`,
            ['input', 'amount'],
          );
        throw new DomainError(E.INSUFFICIENT_AVAILABLE, `Only ${formatFen(Number(balance.available))} is available to withdraw`, ['input', 'amount']);
      }
      const id = uuidv7();
      await run(tx, 'insert into withdrawal (id, member_id, amount, fee, status, requested_at) values (?, ?, ?, ?, ?, now())', [
        id,
        memberId,
        amount,
        withdrawalFee(amount, rules.withdrawal_fee_rate),
        S.REQUESTED,
      ]);
      await post(
        tx,
        [
          {
            memberId,
            kind: EntryKind.WITHDRAWAL_HOLD,
            source: EarningSource.WITHDRAWAL,
            amount,
            deltas: { available: -amount, withdrawing: amount },
            withdrawalId: id,
          },
        ],
        { balancesMoved: true },
      );
      await publishWithdrawalWebhook(tx, id, 'withdrawal.requested');
      return { withdrawalId: id };
    });
  }

  approve(operatorId: string, withdrawalId: string | null, key?: string | null): Promise<void> {
    return idempotent(this.em, { operation: 'approveWithdrawal', callerId: operatorId, key, input: { withdrawalId } }, async (tx) => {
      const w = await this.step(tx, withdrawalId, S.REQUESTED, S.APPROVED, 'approve', operatorId, null);
      await publishWithdrawalWebhook(tx, w.id, 'withdrawal.approved');
    });
  }

  reject(operatorId: string, withdrawalId: string | null, reason: string, key?: string | null): Promise<void> {
    const clean = cleanReason(reason, ['input', 'reason']);
    return idempotent(this.em, { operation: 'rejectWithdrawal', callerId: operatorId, key, input: { withdrawalId, reason: clean } }, async (tx) => {
      const w = await this.step(tx, withdrawalId, S.REQUESTED, S.REJECTED, 'reject', operatorId, clean);
      await this.moneyBack(tx, w, operatorId);
      await publishWithdrawalWebhook(tx, w.id, 'withdrawal.rejected');
    });
  }

  markPaid(operatorId: string, withdrawalId: string | null, key?: string | null): Promise<void> {
    return idempotent(this.em, { operation: 'markWithdrawalPaid', callerId: operatorId, key, input: { withdrawalId } }, async (tx) => {
      const w = await this.step(tx, withdrawalId, S.APPROVED, S.PAID, 'be marked paid', operatorId, null);
      await lockBalances(tx, [w.member_id]);
      await post(tx, [
        {
          memberId: w.member_id,
          kind: EntryKind.WITHDRAWAL_PAID,
          source: EarningSource.WITHDRAWAL,
          amount: w.amount,
          deltas: { withdrawing: -w.amount, withdrawn: w.amount },
          withdrawalId: w.id,
          createdBy: operatorId,
        },
      ]);
      await publishWithdrawalWebhook(tx, w.id, 'withdrawal.paid');
    });
  }

  markFailed(operatorId: string, withdrawalId: string | null, reason: string, key?: string | null): Promise<void> {
    const clean = cleanReason(reason, ['input', 'reason']);
    return idempotent(this.em, { operation: 'markWithdrawalFailed', callerId: operatorId, key, input: { withdrawalId, reason: clean } }, async (tx) => {
      const w = await this.step(tx, withdrawalId, S.APPROVED, S.FAILED, 'be marked failed', operatorId, clean);
      await this.moneyBack(tx, w, operatorId);
      // The payout failed: for the app, the withdrawal is rejected after all (status FAILED says why).
      await publishWithdrawalWebhook(tx, w.id, 'withdrawal.rejected');
    });
  }

  private async moneyBack(tx: EntityManager, w: { id: string; member_id: string; amount: number }, operatorId: string): Promise<void> {
    const balance = (await lockBalances(tx, [w.member_id])).get(w.member_id)!;
    const deltas: Deltas = credit(balance, w.amount, { withdrawing: -w.amount });
    await post(tx, [
      {
        memberId: w.member_id,
        kind: EntryKind.WITHDRAWAL_RELEASE,
        source: EarningSource.WITHDRAWAL,
        amount: w.amount,
        deltas,
        withdrawalId: w.id,
        createdBy: operatorId,
      },
    ]);
  }

  /** One conditional update of the status; WITHDRAWAL_NOT_FOUND or ILLEGAL_TRANSITION (naming the status) when it matches nothing. */
  private async step(tx: EntityManager, withdrawalId: string | null, from: S, to: S, verb: string, operatorId: string, reason: string | null) {
    const closes = to !== S.APPROVED;
    const [w] = withdrawalId
      ? await run<{ id: string; member_id: string; amount: number }>(
          tx,
          `update withdrawal set status = ?, reason = coalesce(?, reason), ${closes ? 'closed_at = now()' : 'decided_at = now(), decided_by = ?'}${to === S.REJECTED ? ', decided_at = now(), decided_by = ?' : ''}
          where id = ? and status = ? returning id, member_id, amount`,
          [to, reason, ...(closes ? [] : [operatorId]), ...(to === S.REJECTED ? [operatorId] : []), withdrawalId, from],
        )
      : [];
    if (w) return w;
    const [current] = withdrawalId ? await run<{ status: string }>(tx, 'select status from withdrawal where id = ?', [withdrawalId]) : [];
    if (!current) throw new DomainError(E.WITHDRAWAL_NOT_FOUND, 'No withdrawal has this id', ['input', 'withdrawalId']);
    throw new DomainError(E.ILLEGAL_TRANSITION, `The withdrawal is ${current.status.toUpperCase()}: it cannot ${verb} now (only from ${from.toUpperCase()})`, [
      'input',
      'withdrawalId',
    ]);
  }
}

/** An operator's correction: a credit pays any debt first; a debit takes from available and puts any shortfall into debt. */
export function adjustEarnings(
  em: EntityManager,
  operatorId: string,
  input: { memberId: string | null; amount: Fen; debit: boolean; reason: string; key?: string | null },
): Promise<{ entryId: string }> {
  const reason = cleanReason(input.reason, ['input', 'reason']);
  if (!Number.isInteger(input.amount) || input.amount <= 0) throw new DomainError(E.INVALID_AMOUNT, 'The amount must be more than 0', ['input', 'amount']);
  return idempotent(em, { operation: 'adjustEarnings', callerId: operatorId, key: input.key, input: { ...input, key: undefined } }, async (tx) => {
    // The id as stored, which the balances are keyed by.
    const [memberId] = input.memberId ? await existingAccountIds(tx, [input.memberId]) : [];
    if (!memberId) throw new DomainError(E.ACCOUNT_NOT_FOUND, 'No account has this id', ['input', 'memberId']);
    const balance = (await lockBalances(tx, [memberId])).get(memberId)!;
    const deltas = input.debit ? debit(balance, input.amount) : credit(balance, input.amount);
    const [entryId] = await post(tx, [
      {
        memberId,
        kind: EntryKind.ADJUSTMENT,
        source: EarningSource.ADJUSTMENT,
        amount: input.debit ? -input.amount : input.amount,
        deltas,
        note: reason,
        createdBy: operatorId,
      },
    ]);
    return { entryId };
  });
}

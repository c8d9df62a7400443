import type { EntityManager } from '@mikro-orm/postgresql';
import { uuidv7 } from '../../lib/ids';
import type { Fen } from '../../lib/money';
import { ACCOUNTS } from '../accounts/queries';
import type { EarningSource, EntryKind } from './entities';
import { run } from '../../lib/sql';

/**
 * Posting to the ledger. An entry is inserted once and never changed; the member's balance row
 * changes by the entry's deltas in the same transaction, and its check constraint refuses any
 * bucket below zero. There is no UPDATE or DELETE of earning_entry anywhere in the code.
 */

export interface Deltas {
  pending?: Fen;
  available?: Fen;
  withdrawing?: Fen;
  withdrawn?: Fen;
  debt?: Fen;
}

export interface EntryDraft {
  memberId: string;
  kind: EntryKind;
  source: EarningSource;
  amount: Fen;
  deltas: Deltas;
  orderId?: string | null;
  orderLineId?: string | null;
  lineTotal?: Fen | null;
  quantity?: number | null;
  baseAmount?: Fen | null;
  versionId?: string | null;
  rate?: number | null;
  fixedAmount?: Fen | null;
  level?: number | null;
  path?: string[] | null;
  via?: string | null;
  refEntryId?: string | null;
  cause?: string | null;
  withdrawalId?: string | null;
  note?: string | null;
  createdBy?: string | null;
}

export interface Balance {
  pending: Fen;
  available: Fen;
  withdrawing: Fen;
  withdrawn: Fen;
  debt: Fen;
}

/** Creates the members' balance rows if missing and locks them (in id order, so two posters never deadlock). */
export async function lockBalances(tx: EntityManager, memberIds: string[]): Promise<Map<string, Balance>> {
  const ids = [...new Set(memberIds)].sort();
  const result = new Map<string, Balance>();
  if (ids.length === 0) return result;
  const list = ids.map(() => '?').join(', ');
  await run(
    tx,
    `insert into member_balance (member_id, updated_at) select a.id, now() from ${ACCOUNTS} a where a.id in (${list}) order by a.id on conflict do nothing`,
    ids,
  );
  const rows = await run<{ member_id: string; pending: string; available: string; withdrawing: string; withdrawn: string; debt: string }>(
    tx,
    `select member_id, pending, available, withdrawing, withdrawn, debt from member_balance where member_id in (${list}) order by member_id for update`,
    ids,
  );
  for (const r of rows) {
    result.set(r.member_id, {
      pending: Number(r.pending),
      available: Number(r.available),
      withdrawing: Number(r.withdrawing),
      withdrawn: Number(r.withdrawn),
      debt: Number(r.debt),
    });
  }
  return result;
}

/** Money arriving in available: it pays any debt first. Updates `balance` and returns the deltas. */
export function credit(balance: Balance, amount: Fen, from: Deltas = {}): Deltas {
  const repay = Math.min(balance.debt, amount);
  const deltas = { ...from, available: amount - repay, debt: -repay };
  apply(balance, deltas);
  return deltas;
}

/** Money taken from available: what is not there becomes debt. Updates `balance` and returns the deltas. */
export function debit(balance: Balance, amount: Fen): Deltas {
  const take = Math.min(balance.available, amount);
  const deltas = { available: -take, debt: amount - take };
  apply(balance, deltas);
  return deltas;
}

export function apply(balance: Balance, d: Deltas): void {
  balance.pending += d.pending ?? 0;
  balance.available += d.available ?? 0;
  balance.withdrawing += d.withdrawing ?? 0;
  balance.withdrawn += d.withdrawn ?? 0;
  balance.debt += d.debt ?? 0;
}

const ENTRY_COLUMNS = [
  'id',
  'member_id',
  'kind',
  'source',
  'amount',
  'delta_pending',
  'delta_available',
  'delta_withdrawing',
  'delta_withdrawn',
  'delta_debt',
  'order_id',
  'order_line_id',
  'line_total',
  'quantity',
  'base_amount',
  'version_id',
  'rate',
  'fixed_amount',
  'level',
  'path',
  'via',
  'ref_entry_id',
  'cause',
  'withdrawal_id',
  'note',
  'created_by',
  'created_at',
];

/**
 * Inserts the entries and moves the balances by their deltas, in the caller's transaction (whose
 * balance rows it has locked), unless the caller moved them already. Returns the entries' ids.
 */
export async function post(tx: EntityManager, drafts: EntryDraft[], options: { balancesMoved?: boolean } = {}): Promise<string[]> {
  if (drafts.length === 0) return [];
  const ids = drafts.map(() => uuidv7());
  const placeholders = drafts
    .map(() => `(${ENTRY_COLUMNS.map((c) => (c === 'path' ? '?::uuid[]' : c === 'created_at' ? 'clock_timestamp()' : '?')).join(', ')})`)
    .join(', ');
  const params = drafts.flatMap((d, i) => [
    ids[i],
    d.memberId,
    d.kind,
    d.source,
    d.amount,
    d.deltas.pending ?? 0,
    d.deltas.available ?? 0,
    d.deltas.withdrawing ?? 0,
    d.deltas.withdrawn ?? 0,
    d.deltas.debt ?? 0,
    d.orderId ?? null,
    d.orderLineId ?? null,
    d.lineTotal ?? null,
    d.quantity ?? null,
    d.baseAmount ?? null,
    d.versionId ?? null,
    d.rate ?? null,
    d.fixedAmount ?? null,
    d.level ?? null,
    d.path ? `{${d.path.join(',')}}` : null,
    d.via ?? null,
    d.refEntryId ?? null,
    d.cause ?? null,
    d.withdrawalId ?? null,
    d.note ?? null,
    d.createdBy ?? null,
  ]);
  await run(tx, `insert into earning_entry (${ENTRY_COLUMNS.join(', ')}) values ${placeholders}`, params);
  // A withdrawal's hold moves the balance by its own conditional update first.
  if (options.balancesMoved) return ids;
  const totals = new Map<string, Required<Deltas>>();
  for (const d of drafts) {
    const t = totals.get(d.memberId) ?? { pending: 0, available: 0, withdrawing: 0, withdrawn: 0, debt: 0 };
    t.pending += d.deltas.pending ?? 0;
    t.available += d.deltas.available ?? 0;
    t.withdrawing += d.deltas.withdrawing ?? 0;
    t.withdrawn += d.deltas.withdrawn ?? 0;
    t.debt += d.deltas.debt ?? 0;
    totals.set(d.memberId, t);
  }
  const members = [...totals.entries()];
  await run(
    tx,
    `update member_balance b set pending = b.pending + v.p, available = b.available + v.a, withdrawing = b.withdrawing + v.w, withdrawn = b.withdrawn + v.x, debt = b.debt + v.d, updated_at = now()
       from (values ${members.map(() => '(?::uuid, ?::bigint, ?::bigint, ?::bigint, ?::bigint, ?::bigint)').join(', ')}) as v(m, p, a, w, x, d)
      where b.member_id = v.m`,
    members.flatMap(([m, t]) => [m, t.pending, t.available, t.withdrawing, t.withdrawn, t.debt]),
  );
  return ids;
}

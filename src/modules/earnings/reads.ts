import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { keysetPage, type PageArgs } from '../../lib/pagination';
import { count, rows } from '../../lib/sql';
import { ACCOUNTS } from '../accounts/queries';
import { LINE_SOURCES } from '../attribution/queries';
import type { Timestamp } from '../catalog/reads';
import { SHOP_TIME_ZONE } from '../shops/rules';
import type { EarningSource, EntryKind, OverrideKind, WithdrawalStatus } from './entities';

/** Earnings' read path: plain rows; lists newest first with keyset pages. */
export interface EntryRow {
  id: string;
  member_id: string;
  kind: EntryKind;
  source: EarningSource;
  amount: number;
  delta_pending: number;
  delta_available: number;
  delta_withdrawing: number;
  delta_withdrawn: number;
  delta_debt: number;
  order_id: string | null;
  order_number: string | null;
  buyer_name: string | null;
  order_line_id: string | null;
  line_total: number | null;
  quantity: number | null;
  base_amount: number | null;
  version_id: string | null;
  rate: number | null;
  fixed_amount: number | null;
  level: number | null;
  path: string[] | null;
  via: string | null;
  ref_entry_id: string | null;
  cause: string | null;
  withdrawal_id: string | null;
  note: string | null;
  created_at: Timestamp;
  /** The source of the entry's order line as frozen at checkout (attribution's LINE_SOURCES); for a content card, its article and card. */
  line_source_kind: string | null;
  article_id: string | null;
  article_title: string | null;
  card_block_id: string | null;
  card_position: number | null;
  /** For accruals: whether their order settled, and how much of them was reversed. */
  settled: boolean;
  reversed: number;
}

/** Where an accrual stands. */
export type EarningState = 'pending' | 'settled' | 'reversed';

export interface WithdrawalRow {
  id: string;
  member_id: string;
  amount: number;
  fee: number;
  status: WithdrawalStatus;
  reason: string | null;
  requested_at: Timestamp;
  decided_at: Timestamp | null;
  closed_at: Timestamp | null;
}

export interface BalanceRow {
  pending: number;
  available: number;
  withdrawing: number;
  withdrawn: number;
  debt: number;
}

export interface EntryFilter {
  memberId?: string;
  sources?: EarningSource[] | null;
  kinds?: EntryKind[] | null;
  states?: EarningState[] | null;
  from?: Date | null;
  to?: Date | null;
}

export interface StatementRow {
  period_start: Timestamp;
  earned: number;
  reversed: number;
  settled: number;
  withdrawn: number;
}

export interface OverrideListRow {
  id: string;
  product_id: string;
  sku_id: string | null;
  kind: OverrideKind;
  level1: number;
  level2: number;
  level3: number;
}

export interface TopEarnerRow {
  member_id: string;
  earned: number;
}

const ENTRY_COLUMNS = [
  'e.id',
  'e.member_id',
  'e.kind',
  'e.source',
  'e.amount',
  'e.delta_pending',
  'e.delta_available',
  'e.delta_withdrawing',
  'e.delta_withdrawn',
  'e.delta_debt',
  'e.order_id',
  'eo.order_number',
  'b.display_name as buyer_name',
  'e.order_line_id',
  'e.line_total',
  'e.quantity',
  'e.base_amount',
  'e.version_id',
  'e.rate',
  'e.fixed_amount',
  'e.level',
  'e.path',
  'e.via',
  'e.ref_entry_id',
  'e.cause',
  'e.withdrawal_id',
  'e.note',
  'e.created_at',
  'ls.kind as line_source_kind',
  'ls.article_id',
  'ls.article_title',
  'ls.block_id as card_block_id',
  'ls.card_position',
];
const REVERSED = `coalesce((select -sum(r.amount) from earning_entry r where r.ref_entry_id = e.id and r.kind = 'reversal'), 0)`;
const STATE_SQL: Record<EarningState, string> = {
  pending: `(e.kind = 'accrual' and ${REVERSED} < e.amount and eo.settled_at is null)`,
  settled: `(e.kind = 'accrual' and ${REVERSED} < e.amount and eo.settled_at is not null)`,
  reversed: `(e.kind = 'accrual' and ${REVERSED} >= e.amount)`,
};
const WITHDRAWAL_COLUMNS = ['w.id', 'w.member_id', 'w.amount', 'w.fee', 'w.status', 'w.reason', 'w.requested_at', 'w.decided_at', 'w.closed_at'];
/** What counts as earning (or losing) money, as opposed to moving it between buckets. */
const EARNING_KINDS = ['accrual', 'reversal', 'adjustment'];

const num = (v: unknown) => Number(v ?? 0);

export class EarningsReads {
  constructor(private readonly em: EntityManager) {}

  private get knex() {
    return this.em.getKnex();
  }

  async balance(memberId: string): Promise<BalanceRow> {
    const [row] = await rows<BalanceRow>(
      this.em,
      this.knex('member_balance').select('pending', 'available', 'withdrawing', 'withdrawn', 'debt').where('member_id', memberId),
    );
    return {
      pending: num(row?.pending),
      available: num(row?.available),
      withdrawing: num(row?.withdrawing),
      withdrawn: num(row?.withdrawn),
      debt: num(row?.debt),
    };
  }

  /** What was earned (less what was reversed) since midnight in the shops' time zone. */
  async todayEstimate(memberId: string): Promise<number> {
    const [row] = await rows<{ total: string | null }>(
      this.em,
      this.knex('earning_entry')
        .select(this.knex.raw('sum(amount) as total'))
        .where('member_id', memberId)
        .whereIn('kind', EARNING_KINDS)
        .whereRaw(`created_at >= date_trunc('day', now() at time zone ?) at time zone ?`, [SHOP_TIME_ZONE, SHOP_TIME_ZONE]),
    );
    return num(row?.total);
  }

  async entry(id: string): Promise<EntryRow | null> {
    const [row] = await rows<EntryRow>(this.em, this.entryQuery().select(this.entryColumns()).where('e.id', id));
    return row ?? null;
  }

  private entryColumns() {
    return [
      ...ENTRY_COLUMNS,
      this.knex.raw('eo.settled_at is not null as settled'),
      this.knex.raw(`case when e.kind = 'accrual' then ${REVERSED} else 0 end::int as reversed`),
    ];
  }

  private entryQuery(): Knex.QueryBuilder {
    return this.knex('earning_entry as e')
      .leftJoin('earning_order as eo', 'eo.order_id', 'e.order_id')
      .leftJoin(this.knex.raw(`${ACCOUNTS} as b`), 'b.id', 'eo.buyer_id')
      .leftJoin(this.knex.raw(`${LINE_SOURCES} as ls`), 'ls.order_line_id', 'e.order_line_id');
  }

  entries(args: PageArgs, filter: EntryFilter) {
    const build = (q: Knex.QueryBuilder) => {
      if (filter.memberId) q.where('e.member_id', filter.memberId);
      if (filter.sources?.length) q.whereIn('e.source', filter.sources);
      if (filter.kinds?.length) q.whereIn('e.kind', filter.kinds);
      if (filter.states?.length) q.whereRaw(`(${filter.states.map((st) => STATE_SQL[st]).join(' or ')})`);
      if (filter.from) q.where('e.created_at', '>=', filter.from);
      if (filter.to) q.where('e.created_at', '<', filter.to);
      return q;
    };
    return keysetPage<EntryRow>(
      this.em,
      build(this.entryQuery().select(this.entryColumns())),
      args,
      [
        { sql: 'e.created_at', direction: 'desc', value: (r) => r.created_at },
        { sql: 'e.id', direction: 'desc', value: (r) => r.id },
      ],
      () =>
        count(
          this.em,
          build(
            filter.states?.length
              ? this.knex('earning_entry as e').leftJoin('earning_order as eo', 'eo.order_id', 'e.order_id')
              : this.knex('earning_entry as e'),
          ),
        ),
    );
  }

  /** Per day or month (in the shops' time zone) from `from` to `to`: earned, reversed, settled and withdrawn. */
  statements(memberId: string, period: 'day' | 'month', from: Date, to: Date): Promise<StatementRow[]> {
    const bucket = `date_trunc('${period}', created_at at time zone '${SHOP_TIME_ZONE}') at time zone '${SHOP_TIME_ZONE}'`;
    return rows<StatementRow>(
      this.em,
      this.knex('earning_entry')
        .select(
          this.knex.raw(`${bucket} as period_start`),
          this.knex.raw(`coalesce(sum(amount) filter (where kind in ('accrual', 'adjustment') and amount > 0), 0)::int as earned`),
          this.knex.raw(`coalesce(-sum(amount) filter (where kind in ('reversal', 'adjustment') and amount < 0), 0)::int as reversed`),
          this.knex.raw(`coalesce(sum(amount) filter (where kind = 'settlement'), 0)::int as settled`),
          this.knex.raw(`coalesce(sum(amount) filter (where kind = 'withdrawal_paid'), 0)::int as withdrawn`),
        )
        .where('member_id', memberId)
        .where('created_at', '>=', from)
        .where('created_at', '<', to)
        .groupByRaw(bucket)
        .orderByRaw(bucket),
    );
  }

  /** A rule version's overrides, by product then SKU (the product's own first). */
  overrides(versionId: string, args: PageArgs) {
    const build = () => this.knex('commission_override as o').where('o.version_id', versionId);
    return keysetPage<OverrideListRow>(
      this.em,
      build().select('o.id', 'o.product_id', 'o.sku_id', 'o.kind', 'o.level1', 'o.level2', 'o.level3'),
      args,
      [{ sql: 'o.id', direction: 'asc', value: (r) => r.id }],
      () => count(this.em, build()),
    );
  }

  async withdrawal(id: string): Promise<WithdrawalRow | null> {
    const [row] = await rows<WithdrawalRow>(this.em, this.knex('withdrawal as w').select(WITHDRAWAL_COLUMNS).where('w.id', id));
    return row ?? null;
  }

  withdrawals(args: PageArgs, filter: { memberId?: string; statuses?: WithdrawalStatus[] | null }) {
    const build = (q: Knex.QueryBuilder) => {
      if (filter.memberId) q.where('w.member_id', filter.memberId);
      if (filter.statuses?.length) q.whereIn('w.status', filter.statuses);
      return q;
    };
    // Operators review the oldest first; members see their newest first.
    const direction = filter.memberId ? 'desc' : 'asc';
    return keysetPage<WithdrawalRow>(
      this.em,
      build(this.knex('withdrawal as w').select(WITHDRAWAL_COLUMNS)),
      args,
      [
        { sql: 'w.requested_at', direction, value: (r) => r.requested_at },
        { sql: 'w.id', direction, value: (r) => r.id },
      ],
      () => count(this.em, build(this.knex('withdrawal as w'))),
    );
  }

  /** What the platform owes its members: every balance added up. */
  async liabilities(): Promise<BalanceRow & { members: number }> {
    const [row] = await rows<Record<string, string>>(
      this.em,
      this.knex('member_balance').select(
        this.knex.raw('coalesce(sum(pending), 0) as pending'),
        this.knex.raw('coalesce(sum(available), 0) as available'),
        this.knex.raw('coalesce(sum(withdrawing), 0) as withdrawing'),
        this.knex.raw('coalesce(sum(withdrawn), 0) as withdrawn'),
        this.knex.raw('coalesce(sum(debt), 0) as debt'),
        this.knex.raw('count(*) filter (where pending + available + withdrawing + debt > 0) as members'),
      ),
    );
    return {
      pending: num(row.pending),
      available: num(row.available),
      withdrawing: num(row.withdrawing),
      withdrawn: num(row.withdrawn),
      debt: num(row.debt),
      members: num(row.members),
    };
  }

  /**
   * The ledger added up per bucket: every entry's movements, of one member or of all. What the
   * balances must equal — the books reconcile when they do.
   */
  async ledgerSums(memberId?: string): Promise<BalanceRow> {
    const query = this.knex('earning_entry').select(
      this.knex.raw('coalesce(sum(delta_pending), 0) as pending'),
      this.knex.raw('coalesce(sum(delta_available), 0) as available'),
      this.knex.raw('coalesce(sum(delta_withdrawing), 0) as withdrawing'),
      this.knex.raw('coalesce(sum(delta_withdrawn), 0) as withdrawn'),
      this.knex.raw('coalesce(sum(delta_debt), 0) as debt'),
    );
    if (memberId) query.where('member_id', memberId);
    const [row] = await rows<Record<string, string>>(this.em, query);
    return { pending: num(row.pending), available: num(row.available), withdrawing: num(row.withdrawing), withdrawn: num(row.withdrawn), debt: num(row.debt) };
  }

  /** The members who earned most (accruals less reversals) in the period, most first. */
  topEarners(from: Date, to: Date, first: number): Promise<TopEarnerRow[]> {
    return rows<TopEarnerRow>(
      this.em,
      this.knex('earning_entry')
        .select('member_id', this.knex.raw('sum(amount)::bigint as earned'))
        .whereIn('kind', ['accrual', 'reversal'])
        .where('created_at', '>=', from)
        .where('created_at', '<', to)
        .groupBy('member_id')
        .havingRaw('sum(amount) > 0')
        .orderByRaw('sum(amount) desc, member_id')
        .limit(first),
    );
  }
}

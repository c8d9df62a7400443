import type { EntityManager, Knex } from '@mikro-orm/postgresql';

/**
 * Settlement: the earnings of orders completed more than their frozen days ago move from pending
 * to available — set-based, two statements per batch in one transaction:
 *
 *   1. LOCK_DUE_SQL: due orders are locked with SKIP LOCKED (several processes settle disjoint
 *      batches; a refund holding an order's row makes settlement pass it by until the next run)
 *      and marked settled;
 *   2. SETTLE_SQL, a separate statement so that it reads a snapshot taken after the locks: a
 *      refund reversal that committed while step 1 ran (after its snapshot, before it reached the
 *      order's row) is seen here, and none can commit after (the refund waits for the order's
 *      lock, then reverses from available since the order is settled). In it:
 *      each accrual settles what is left of it after reversals (a unique index allows one
 *      settlement per accrual); the members' balance rows are locked in id order and each
 *      member's settlements pay their debt first, entry by entry in id order (a running sum), the
 *      rest going to available; the entries are inserted and each balance is updated once with
 *      the member's totals.
 *
 * One statement for both steps would read every step from the snapshot taken before the locks,
 * and settle an accrual in full though a refund had just reversed part of it.
 */
export const SETTLEMENT_BATCH = 50_000;

export const LOCK_DUE_SQL = `
with due as materialized (
  select order_id from earning_order
   where settle_after <= now() and settled_at is null
   order by settle_after limit ? for no key update skip locked
)
update earning_order o set settled_at = now() from due where o.order_id = due.order_id returning o.order_id`;

export const SETTLE_SQL = `
with entries as materialized (
  -- The batch's entries through the order_id index: a join to the unnested ids was planned as a scan of the whole ledger.
  select e.id, e.kind, e.member_id, e.source, e.order_id, e.order_line_id, e.line_total, e.amount, e.ref_entry_id
    from earning_entry e where e.order_id = any(?::uuid[]) and e.kind in ('accrual', 'reversal')
), reversed as materialized (
  select r.ref_entry_id, -sum(r.amount) as amount from entries r where r.kind = 'reversal' group by r.ref_entry_id
), open as materialized (
  select e.id, e.member_id, e.source, e.order_id, e.order_line_id, e.line_total, e.amount - coalesce(rv.amount, 0) as remaining
    from entries e left join reversed rv on rv.ref_entry_id = e.id
   where e.kind = 'accrual' and e.amount - coalesce(rv.amount, 0) > 0
), balances as materialized (
  select b.member_id, b.debt from member_balance b
   where b.member_id in (select distinct member_id from open) order by b.member_id for update
), split as materialized (
  select o.*, greatest(0, least(o.remaining, bl.debt - (sum(o.remaining) over (partition by o.member_id order by o.id) - o.remaining)))::int as repay
    from open o join balances bl on bl.member_id = o.member_id
), inserted as (
  insert into earning_entry (id, member_id, kind, source, amount, delta_pending, delta_available, delta_withdrawing, delta_withdrawn, delta_debt, order_id, order_line_id, line_total, ref_entry_id, created_at)
  -- Time-ordered ids (uuid_v7(), from a migration), so the batch lands at the end of the primary-key index.
  select uuid_v7(),
         s.member_id, 'settlement', s.source, s.remaining, -s.remaining, s.remaining - s.repay, 0, 0, -s.repay, s.order_id, s.order_line_id, s.line_total, s.id, now()
    from split s
  returning 1
), totals as (
  select member_id, sum(remaining) as settled, sum(repay) as repaid from split group by member_id
), updated as (
  update member_balance b set pending = b.pending - t.settled, available = b.available + t.settled - t.repaid, debt = b.debt - t.repaid, updated_at = now()
    from totals t where b.member_id = t.member_id
  returning 1
)
select (select count(*) from inserted)::int as entries, (select count(*) from updated)::int as members`;

/**
 * One batch in its own transaction: how many orders and entries it settled. `afterLock` runs
 * between the two statements (tests use it to commit a refund in between).
 */
export async function settleBatch(em: EntityManager, limit = SETTLEMENT_BATCH, afterLock?: () => Promise<void>): Promise<{ orders: number; entries: number }> {
  return em.transactional(async (tx) => {
    const conn = tx.getConnection();
    const ctx = tx.getTransactionContext<Knex.Transaction>();
    const locked = await conn.execute<{ order_id: string }[]>(LOCK_DUE_SQL, [limit], 'all', ctx);
    if (locked.length === 0) return { orders: 0, entries: 0 };
    if (afterLock) await afterLock();
    // The per-member running sum sorts a whole batch: in memory, not on disk.
    await conn.execute(`set local work_mem = '64MB'`, [], 'run', ctx);
    const orders = `{${locked.map((r) => r.order_id).join(',')}}`;
    const [row] = await conn.execute<{ entries: number }[]>(SETTLE_SQL, [orders], 'all', ctx);
    return { orders: locked.length, entries: row.entries };
  });
}

/** Settles everything due, batch after batch, until a batch finds fewer than a full batch of orders. */
export async function settleDue(em: EntityManager, limit = SETTLEMENT_BATCH): Promise<{ orders: number; entries: number }> {
  const total = { orders: 0, entries: 0 };
  for (;;) {
    const batch = await settleBatch(em.fork(), limit);
    total.orders += batch.orders;
    total.entries += batch.entries;
    if (batch.orders < limit) return total;
  }
}

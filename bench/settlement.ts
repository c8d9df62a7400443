/**
 * `npm run bench:settlement`: writes 1,000,000 due pending earnings (250,000 completed orders of 4
 * entries each, over 10,000 members, a tenth of them carrying a debt) into a fresh database with
 * set-based SQL, then times one settlement run to completion — the same settleDue the
 * `earnings.settle` job runs — and checks that every balance equals the sums of its entries.
 *
 * Environment:
 *   DATABASE_URL      a PostgreSQL server to create the bench database on; without it an embedded
 *                     PostgreSQL is started in a temporary directory, deleted afterwards.
 *   BENCH_ENTRIES     how many entries (default 1,000,000; a multiple of 4).
 *   BENCH_BATCH       orders per settlement statement (default SETTLEMENT_BATCH).
 */
import 'reflect-metadata';
import { cpus } from 'node:os';
import { Client } from 'pg';
import { openOrm } from '../src/db/orm';
import { SETTLEMENT_BATCH, settleDue } from '../src/modules/earnings/settlement';
import { scratchDatabase } from './lib/database';
import { seconds } from './lib/print';

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 1_000_000);
const BATCH = Number(process.env.BENCH_BATCH ?? SETTLEMENT_BATCH);
const PER_ORDER = 4;
const MEMBERS = 10_000;

async function main(): Promise<void> {
  if (ENTRIES % PER_ORDER !== 0) throw new Error(`BENCH_ENTRIES must be a multiple of ${PER_ORDER}`);
  const orders = ENTRIES / PER_ORDER;
  const database = await scratchDatabase('bench_settlement');
  const { url } = database;
  const orm = await openOrm(url, 4);
  const sql = new Client({ connectionString: url });
  try {
    await orm.getMigrator().up();
    await sql.connect();
    let t = Date.now();
    await sql.query(`insert into commission_rule_version (id, effective_from) values ('00000000-0000-7000-8000-000000000001', '2000-01-01T00:00:00Z')`);
    await sql.query(
      `insert into account (id, email, password_hash, display_name, role, created_at, updated_at)
      select gen_random_uuid(), 'bench-' || i || '@settlement.example', 'x', 'Member ' || i, 'member', now(), now() from generate_series(1, $1) i`,
      [MEMBERS],
    );
    await sql.query('create temporary table bench_member as select row_number() over (order by id) as n, id from account');
    await sql.query('create unique index on bench_member (n)');
    await sql.query('analyze bench_member');
    await sql.query(
      `insert into earning_order (order_id, order_number, buyer_id, version_id, paid_at, completed_at, settle_after)
      select gen_random_uuid(), 'B' || lpad(i::text, 9, '0'), (select id from bench_member where n = 1 + i % $2), '00000000-0000-7000-8000-000000000001',
             now() - interval '20 days', now() - interval '10 days', now() - interval '3 days'
        from generate_series(1, $1) i`,
      [orders, MEMBERS],
    );
    await sql.query(`insert into earning_entry (id, member_id, kind, source, amount, delta_pending, order_id, order_line_id, line_total, quantity, base_amount, version_id, rate, level, created_at)
      select gen_random_uuid(), m.id, 'accrual', (array['commission_l1', 'commission_l2', 'margin', 'commission_l1'])[k]::earning_source, 100 + (o.n * k) % 900, 100 + (o.n * k) % 900,
             o.order_id, gen_random_uuid(), 10000, 1, 10000, o.version_id, 1000, case when k = 3 then null else least(k, 2) end, o.paid_at
        from (select row_number() over () as n, order_id, version_id, paid_at from earning_order) o
        cross join generate_series(1, ${PER_ORDER}) k
        join bench_member m on m.n = 1 + (o.n * 7 + k * 13) % ${MEMBERS}`);
    // A tenth of the members owe a debt from earlier refunds: their settlements pay it first.
    await sql.query(`insert into earning_entry (id, member_id, kind, source, amount, delta_debt, created_at)
      select gen_random_uuid(), id, 'adjustment', 'adjustment', -5000, 5000, now() - interval '30 days' from bench_member where n % 10 = 0`);
    await sql.query(`insert into member_balance (member_id, pending, debt, updated_at)
      select member_id, sum(delta_pending), sum(delta_debt), now() from earning_entry group by member_id`);
    await sql.query('analyze');
    const [{ n: due }] = (await sql.query(`select count(*)::int as n from earning_entry where kind = 'accrual'`)).rows;
    console.log(
      `seeded ${due.toLocaleString('en')} due pending entries (${orders.toLocaleString('en')} orders, ${MEMBERS.toLocaleString('en')} members) in ${seconds(Date.now() - t)}`,
    );

    t = Date.now();
    const settled = await settleDue(orm.em.fork(), BATCH);
    const took = Date.now() - t;
    console.log(
      `settlement: ${settled.entries.toLocaleString('en')} entries of ${settled.orders.toLocaleString('en')} orders in ${seconds(took)} ` +
        `(${Math.round(settled.entries / (took / 1000)).toLocaleString('en')} entries/s, batches of ${BATCH.toLocaleString('en')} orders; ${cpus().length} CPUs)`,
    );

    const [check] = (
      await sql.query(`
      select (select count(*) from member_balance where pending <> 0)::int as pending_left,
             (select count(*) from member_balance b join (select member_id, sum(delta_pending) p, sum(delta_available) a, sum(delta_debt) d from earning_entry group by member_id) s
                on s.member_id = b.member_id where b.pending <> s.p or b.available <> s.a or b.debt <> s.d)::int as mismatched,
             (select count(*) from member_balance where debt > 0)::int as in_debt`)
    ).rows;
    console.log(
      `check: ${check.pending_left} balances with pending left, ${check.mismatched} balances differing from their entries, ${check.in_debt} members still in debt`,
    );
    if (settled.entries !== due || check.pending_left !== 0 || check.mismatched !== 0) process.exitCode = 1;
  } finally {
    await sql.end().catch(() => undefined);
    await orm.close(true);
    await database.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

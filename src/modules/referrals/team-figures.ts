import type { EntityManager } from '@mikro-orm/postgresql';
import { run } from '../../lib/sql';
import { lockAccountsForShare } from '../accounts/queries';
import { ORDERS } from '../orders/queries';

/**
 * Team figures kept per member, so a team of 10⁵ answers from a few rows instead of a scan of its
 * closure rows and orders: `team_size` (how many people), `team_sales_hour` (sales per hour) and
 * `team_order` (what each order adds). All set-based, one statement each:
 *
 *  - the tree's writes (tree.ts attach/detach, under the binding's locks on both trees' roots)
 *    move a whole team's figures from its old ancestors to its new ones;
 *  - order events (subscribers.ts) count an order again from the orders module's figures and add
 *    the difference to each of the buyer's ancestors, holding the buyer's tree root FOR SHARE, so a
 *    binding that moves the buyer's team waits for them and they wait for it: an order is counted
 *    either before a move (and moved with the team) or after it (into the new ancestors).
 */

/** The hour a time falls in, as team_sales_hour keys it: truncated in UTC, whatever the session's time zone. */
export const hourOf = (column: string) => `date_trunc('hour', ${column}, 'UTC')`;

/** A team's sales per hour, the team's root included: its own orders plus its members' (the member's id twice). */
const TEAM_HOURS = `
  select hour, sum(sales) as sales from (
    select hour, sales from team_sales_hour where member_id = ?
    union all
    select ${hourOf('paid_at')}, counted from team_order where buyer_id = ? and paid_at is not null
  ) h group by hour`;

/**
 * Adds the team of `member` — its size plus one, and its sales per hour — to its ancestors, once its
 * paths to them are written (attach). Rows in key order, as every writer of these tables.
 */
export async function addTeamFigures(tx: EntityManager, member: string): Promise<void> {
  await run(
    tx,
    `insert into team_size (member_id, size)
     select p.ancestor_id, 1 + coalesce((select size from team_size where member_id = ?), 0)
       from referral_path p where p.descendant_id = ?
      order by p.ancestor_id
     on conflict (member_id) do update set size = team_size.size + excluded.size`,
    [member, member],
  );
  await run(
    tx,
    `insert into team_sales_hour (member_id, hour, sales)
     select p.ancestor_id, t.hour, t.sales
       from referral_path p cross join (${TEAM_HOURS}) t
      where p.descendant_id = ? and t.sales <> 0
      order by p.ancestor_id, t.hour
     on conflict (member_id, hour) do update set sales = team_sales_hour.sales + excluded.sales`,
    [member, member, member],
  );
}

/** Takes the team of `member` away from its ancestors, before its paths to them are deleted (detach). */
export async function removeTeamFigures(tx: EntityManager, member: string): Promise<void> {
  await run(
    tx,
    `update team_size s set size = s.size - 1 - coalesce((select size from team_size where member_id = ?), 0)
       from referral_path p where p.descendant_id = ? and s.member_id = p.ancestor_id`,
    [member, member],
  );
  await run(
    tx,
    `update team_sales_hour d set sales = d.sales - t.sales
       from referral_path p cross join (${TEAM_HOURS}) t
      where p.descendant_id = ? and d.member_id = p.ancestor_id and d.hour = t.hour`,
    [member, member, member],
  );
}

/** Thrown when the buyer's tree changed root while its lock was awaited: the event is delivered again. */
export class TreeMoved extends Error {}

interface Counted {
  paid_at: string | null;
  counted: string;
}

/**
 * Counts an order again: what it adds now (paid less refunded, in its hour of payment; nothing
 * unpaid) against what team_order says it added, and the difference to every ancestor of its
 * buyer. Idempotent; inside the caller's transaction.
 */
export async function countOrder(tx: EntityManager, orderId: string): Promise<void> {
  const [order] = await run<{ customer_id: string }>(tx, `select o.customer_id from ${ORDERS} o where o.id = ?`, [orderId]);
  if (!order) return;
  const buyer = order.customer_id;
  await lockBuyerTree(tx, buyer);
  // The row first, then its lock: a second count of the same order waits here and reads what the first one wrote.
  await run(tx, `insert into team_order (order_id, buyer_id, paid_at, counted) values (?, ?, null, 0) on conflict (order_id) do nothing`, [orderId, buyer]);
  const [before] = await run<Counted>(tx, 'select paid_at, counted from team_order where order_id = ? for update', [orderId]);
  const [now] = await run<Counted>(
    tx,
    `select o.paid_at, (case when o.paid_at is null then 0 else o.total - o.refunded_total end)::bigint as counted from ${ORDERS} o where o.id = ?`,
    [orderId],
  );
  if (before.paid_at === now.paid_at && Number(before.counted) === Number(now.counted)) return;
  await run(tx, 'update team_order set paid_at = ?, counted = ? where order_id = ?', [now.paid_at, now.counted, orderId]);
  await run(
    tx,
    `insert into team_sales_hour (member_id, hour, sales)
     select p.ancestor_id, m.hour, sum(m.sales)
       from referral_path p
      cross join (select ${hourOf('?::timestamptz')} as hour, -?::bigint as sales where ?::timestamptz is not null
                  union all
                  select ${hourOf('?::timestamptz')}, ?::bigint where ?::timestamptz is not null) m
      where p.descendant_id = ?
      group by p.ancestor_id, m.hour having sum(m.sales) <> 0
      order by p.ancestor_id, m.hour
     on conflict (member_id, hour) do update set sales = team_sales_hour.sales + excluded.sales`,
    [before.paid_at, before.counted, before.paid_at, now.paid_at, now.counted, now.paid_at, buyer],
  );
}

/** Holds the buyer's tree still (its root FOR SHARE) until the transaction ends. */
async function lockBuyerTree(tx: EntityManager, buyerId: string): Promise<void> {
  const rootOf = async () => {
    const [row] = await run<{ root: string }>(
      tx,
      `select coalesce((select ancestor_id from referral_path where descendant_id = ? order by depth desc limit 1), ?::uuid) as root`,
      [buyerId, buyerId],
    );
    return row.root;
  };
  const root = await rootOf();
  await lockAccountsForShare(tx, [root]);
  if ((await rootOf()) !== root) throw new TreeMoved(`the tree of ${buyerId} moved while its root was awaited`);
}

/**
 * Every team figure written afresh from the closure table and the orders, set-based, in this order:
 * for data written straight into the database (the bench's tree), as the migration that made the
 * tables did (Migration20261206065000).
 */
export const REBUILD_TEAM_FIGURES = [
  'delete from team_sales_hour',
  'delete from team_order',
  'delete from team_size',
  'insert into team_size (member_id, size) select ancestor_id, count(*) from referral_path group by ancestor_id',
  `insert into team_order (order_id, buyer_id, paid_at, counted)
   select o.id, o.customer_id, o.paid_at, case when o.paid_at is null then 0 else o.total - o.refunded_total end from ${ORDERS} o`,
  `insert into team_sales_hour (member_id, hour, sales)
   select p.ancestor_id, ${hourOf('t.paid_at')}, sum(t.counted)
     from team_order t join referral_path p on p.descendant_id = t.buyer_id
    where t.paid_at is not null
    group by 1, 2 having sum(t.counted) <> 0`,
];

import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { DEMO } from '../../src/db/demo-data';
import { REBUILD_TEAM_FIGURES } from '../../src/modules/referrals/team-figures';
import { register, sessionOf } from './accounts';
import type { Api } from './api';
import { RUN_TAG } from './settings';

/** Members per level below the root, and levels: 100,000 members with the root (the last level one short). */
export const TREE_WIDTH = 2_000;
export const TREE_DEPTH = 50;
export const TREE_MEMBERS = 100_000;

/** The number n of member k (from 0) of `level` (from 1); the root is member 0. */
export function treeMember(level: number, k: number): number {
  return (level - 1) * TREE_WIDTH + k + 1;
}

/**
 * The tree: level 1 is 2,000 direct invitees of the root; below that, member k of level L was
 * invited by member k/2 of level L-1, so the first members of each level carry deep teams (the
 * first of level 25 has about 32,000 people below it) and the last ones none. Its ancestor at
 * level j is member k >> (L - j) of level j, which gives the closure rows without a recursive walk.
 * Counted here the same way, independently of the API: the members below member k of `level`.
 */
export function teamSize(level: number, k: number): number {
  let size = 0;
  for (let below = level + 1; below <= TREE_DEPTH; below++) {
    const onLevel = Math.min(TREE_WIDTH, TREE_MEMBERS - 1 - (below - 1) * TREE_WIDTH);
    const span = 2 ** (below - level);
    size += Math.max(0, Math.min(onLevel, (k + 1) * span) - k * span);
  }
  return size;
}

/**
 * Writes the tree into the API's database: the root registers through the API, the other members
 * (each with the root's password hash, so any of them can sign in), their bindings, closure rows
 * and orders with set-based SQL. `email(n)`: member n's login.
 */
export async function writeReferralTree(api: Api): Promise<{ email: (n: number) => string; paths: number; orders: number }> {
  const tag = `bench-ref-${RUN_TAG}-`;
  const email = (n: number) => `${tag}${n}@example.com`;
  sessionOf(await register(api, email(0), 'Bench team root'), `register ${email(0)}`);

  const db = new Client({ connectionString: api.databaseUrl });
  await db.connect();
  let paths = 0;
  let orders = 0;
  try {
    await db.query('begin');
    // Loading as pg_restore --disable-triggers does: the rows below reference only accounts inserted first, and checking
    // 5 million foreign keys one by one would be two thirds of the time. Only a superuser may; anyone else waits longer.
    const [{ superuser }] = (await db.query<{ superuser: boolean }>(`select current_setting('is_superuser') = 'on' as superuser`)).rows;
    if (superuser) await db.query('set local session_replication_role = replica');
    const [root] = (
      await db.query<{ id: string; password_hash: string }>(`update account set role = 'member' where email = $1 returning id, password_hash`, [email(0)])
    ).rows;
    // Member n (1 … 99,999) is member k = (n-1) % 2000 of level (n-1) / 2000 + 1. Its id grows with n, as uuidv7 ids
    // grow with time, under a prefix of this run's own.
    const prefix = createHash('md5').update(tag).digest('hex').slice(0, 8);
    await db.query(
      `create function pg_temp.member_id(n int) returns uuid language sql immutable as $$ select ('${prefix}-0000-7000-8000-' || lpad(to_hex(n), 12, '0'))::uuid $$`,
    );
    await db.query(
      `create temp table bench_tree on commit drop as
         select n, pg_temp.member_id(n) as id, (n - 1) / ${TREE_WIDTH} + 1 as level, (n - 1) % ${TREE_WIDTH} as k
           from generate_series(1, ${TREE_MEMBERS - 1}) n`,
    );
    await db.query(
      `insert into account (id, email, password_hash, display_name, role, created_at, updated_at)
       select id, $1::text || n || '@example.com', $2, '团队成员 ' || n, 'member', now(), now() from bench_tree`,
      [tag, root.password_hash],
    );
    await db.query(
      `insert into referral_binding (invitee_id, inviter_id, source, bound_at)
       select id, case when level = 1 then $1::uuid else pg_temp.member_id((level - 2) * ${TREE_WIDTH} + k / 2 + 1) end, 'invite_link', now()
         from bench_tree`,
      [root.id],
    );
    paths =
      (
        await db.query(
          `insert into referral_path (ancestor_id, descendant_id, depth)
       select case when j = 0 then $1::uuid else pg_temp.member_id((j - 1) * ${TREE_WIDTH} + (t.k >> least(t.level - j, 20)) + 1) end, t.id, t.level - j
         from bench_tree t cross join lateral generate_series(0, t.level - 1) j`,
          [root.id],
        )
      ).rowCount ?? 0;
    // One row per member and ancestor: a member of level L has L ancestors (the root included).
    let expectedPaths = 0;
    for (let n = 1; n < TREE_MEMBERS; n++) expectedPaths += Math.floor((n - 1) / TREE_WIDTH) + 1;
    if (paths !== expectedPaths) throw new Error(`the tree has ${paths} closure rows, ${expectedPaths} expected`);
    // Every 4th member has a paid order of ¥50–¥500 in the last 60 days; every 10th of those is half refunded.
    orders =
      (
        await db.query(
          `insert into customer_order (id, number, customer_id, storefront_app_id, status, subtotal, discount_total, shipping_fee, total, refunded_total, adjustments,
                                   ship_name, ship_phone, ship_region, ship_detail, placed_at, payment_due_at, paid_at, updated_at)
       select gen_random_uuid(), 'B' || $1::text || n, id, (select id from storefront_app where public_key = $2), 'paid', amount, 0, 0, amount,
              case when n % 40 = 0 then amount / 2 else 0 end, '[]', 'Bench buyer', '13800138000', '浙江省 杭州市 西湖区', '文三路 100 号',
              paid - interval '5 minutes', paid + interval '25 minutes', paid, paid
         from (select n, id, 5000 + (n * 7919) % 45000 as amount, now() - ((n::bigint * 104729) % (60 * 86400)) * interval '1 second' as paid
                 from bench_tree where n % 4 = 0) o`,
          [RUN_TAG, DEMO.storefrontPublicKey],
        )
      ).rowCount ?? 0;
    // The team figures order events and bindings keep, written for this tree in the same transaction.
    for (const statement of REBUILD_TEAM_FIGURES) await db.query(statement);
    await db.query('commit');
    // Fresh statistics for the planner and a visibility map for index-only scans, as a database that lived with this data would have.
    await db.query('vacuum analyze account, referral_binding, referral_path, customer_order, team_size, team_order, team_sales_hour');
  } catch (err) {
    await db.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    await db.end();
  }
  return { email, paths, orders };
}

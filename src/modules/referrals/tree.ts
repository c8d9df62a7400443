import type { EntityManager } from '@mikro-orm/postgresql';
import type { Role } from '../../lib/roles';
import { lockAccountsForNoKeyUpdate } from '../accounts/queries';
import { BindingSource } from './entities';
import { run } from '../../lib/sql';
import { addTeamFigures, removeTeamFigures } from './team-figures';

/**
 * The referral tree's writes, inside the caller's transaction: the binding row and the closure
 * table (referral_path) beside it, always changed together and always set-based, so moving a team
 * of any size is a handful of statements.
 */

/** The root of each account's tree: its farthest ancestor, or the account itself when it has no inviter. */
async function rootsOf(tx: EntityManager, ids: string[]): Promise<string[]> {
  const found = await run<{ root: string }>(
    tx,
    `select coalesce((select p.ancestor_id from referral_path p where p.descendant_id = x.id order by p.depth desc limit 1), x.id) as root
       from (values ${ids.map(() => '(?::uuid)').join(', ')}) as x(id)`,
    ids,
  );
  return found.map((r) => r.root);
}

/**
 * Locks (FOR NO KEY UPDATE, in id order) the invitee, the inviter and the roots of both their
 * trees, and returns their roles (null for an id with no account). Locking the two accounts
 * alone is not enough: with A above A' and B above B', "A under B'" and "B under A'" lock
 * disjoint pairs, each sees no loop, and together they make one. Every change to a tree locks
 * that tree's root, so changes that could meet — a loop, or closure rows computed from ancestors
 * another transaction is changing — run one after the other. A root can stop being one while we
 * wait for its lock (its own binding committed): then the new root is locked too. NO KEY UPDATE,
 * not UPDATE, so orders and other rows referencing these accounts can still be inserted meanwhile.
 */
export async function lockTrees(tx: EntityManager, inviteeId: string, inviterId: string): Promise<Map<string, Role | null>> {
  const locked = new Map<string, Role | null>();
  const wanted = new Set([inviteeId, inviterId]);
  for (;;) {
    for (const root of await rootsOf(tx, [inviteeId, inviterId])) wanted.add(root);
    const missing = [...wanted].filter((id) => !locked.has(id));
    if (missing.length === 0) return locked;
    const rows = await lockAccountsForNoKeyUpdate(tx, missing);
    for (const id of missing) locked.set(id, rows.find((r) => r.id === id)?.role ?? null);
  }
}

export interface CurrentBinding {
  inviterId: string;
  source: BindingSource;
  boundAt: Date;
}

export async function currentBinding(tx: EntityManager, inviteeId: string): Promise<CurrentBinding | null> {
  const [row] = await run<{ inviter_id: string; source: BindingSource; bound_at: Date }>(
    tx,
    'select inviter_id, source, bound_at from referral_binding where invitee_id = ?',
    [inviteeId],
  );
  return row ? { inviterId: row.inviter_id, source: row.source, boundAt: new Date(row.bound_at) } : null;
}

/** Whether `accountId` is in the team (the subtree) of `ancestorId`. */
export async function inTeamOf(tx: EntityManager, ancestorId: string, accountId: string): Promise<boolean> {
  const found = await run(tx, 'select 1 from referral_path where ancestor_id = ? and descendant_id = ?', [ancestorId, accountId]);
  return found.length > 0;
}

/** Inserts the binding; false when the invitee has one already (the primary key decides). */
export async function insertBinding(tx: EntityManager, inviteeId: string, inviterId: string, source: BindingSource, boundAt: Date): Promise<boolean> {
  const inserted = await run(
    tx,
    'insert into referral_binding (invitee_id, inviter_id, source, bound_at) values (?, ?, ?, ?) on conflict (invitee_id) do nothing returning invitee_id',
    [inviteeId, inviterId, source, boundAt],
  );
  return inserted.length > 0;
}

/**
 * Cuts the invitee's whole team (itself included) loose from its current ancestors: every path
 * from an ancestor of the invitee into its team goes, and the team's figures with it; paths inside
 * the team stay.
 */
export async function detach(tx: EntityManager, inviteeId: string): Promise<void> {
  await removeTeamFigures(tx, inviteeId);
  await run(
    tx,
    `delete from referral_path
      where ancestor_id in (select ancestor_id from referral_path where descendant_id = ?)
        and descendant_id in (select descendant_id from referral_path where ancestor_id = ? union all select ?::uuid)`,
    [inviteeId, inviteeId, inviteeId],
  );
}

export async function moveBinding(tx: EntityManager, inviteeId: string, inviterId: string, source: BindingSource, boundAt: Date): Promise<void> {
  await run(tx, 'update referral_binding set inviter_id = ?, source = ?, bound_at = ? where invitee_id = ?', [inviterId, source, boundAt, inviteeId]);
}

/**
 * Adds the paths of the new edge inviter → invitee: every ancestor of the inviter (and the
 * inviter) to every member of the invitee's team (and the invitee), depths added up; the team's
 * figures are added to those ancestors.
 */
export async function attach(tx: EntityManager, inviteeId: string, inviterId: string): Promise<void> {
  await run(
    tx,
    `insert into referral_path (ancestor_id, descendant_id, depth)
     select a.ancestor_id, d.descendant_id, a.depth + d.depth + 1
       from (select ancestor_id, depth from referral_path where descendant_id = ? union all select ?::uuid, 0) a
      cross join (select descendant_id, depth from referral_path where ancestor_id = ? union all select ?::uuid, 0) d`,
    [inviterId, inviterId, inviteeId, inviteeId],
  );
  await addTeamFigures(tx, inviteeId);
}

import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { rows } from '../../lib/sql';
import { Account } from '../accounts/entities';
import { APPLICATION_COLUMNS, MEMBERSHIP_COLUMNS, PLAN_COLUMNS, type ApplicationRow, type MembershipRow, type PlanRow } from './reads';
import type { RequestContext } from '../../lib/request-context';

function pick<Row>(keys: readonly string[], found: Row[], keyOf: (row: Row) => string): (Row | null)[] {
  const byKey = new Map(found.map((r) => [keyOf(r), r]));
  return keys.map((k) => byKey.get(k) ?? null);
}

/** One set per request: a page of memberships or applications costs one query per relation. */
export class MemberLoaders {
  constructor(private readonly em: EntityManager) {}

  private get knex() {
    return this.em.getKnex();
  }

  /** The account's open membership (ended_at is null; at most one, by the partial unique index). */
  readonly openMembershipByAccount = new DataLoader<string, MembershipRow | null>(async (accountIds) =>
    pick(
      accountIds,
      await rows<MembershipRow>(
        this.em,
        this.knex('membership')
          .select(MEMBERSHIP_COLUMNS)
          .whereIn('account_id', accountIds as string[])
          .whereNull('ended_at'),
      ),
      (r) => r.account_id,
    ),
  );

  readonly latestApplicationByAccount = new DataLoader<string, ApplicationRow | null>(async (accountIds) =>
    pick(
      accountIds,
      await rows<ApplicationRow>(
        this.em,
        this.knex('membership_application')
          .distinctOn('account_id')
          .select(APPLICATION_COLUMNS)
          .whereIn('account_id', accountIds as string[])
          .orderBy([{ column: 'account_id' }, { column: 'id', order: 'desc' }]),
      ),
      (r) => r.account_id,
    ),
  );

  readonly plan = new DataLoader<string, PlanRow | null>(async (ids) =>
    pick(
      ids,
      await rows<PlanRow>(
        this.em,
        this.knex('membership_plan')
          .select(PLAN_COLUMNS)
          .whereIn('id', ids as string[]),
      ),
      (r) => r.id,
    ),
  );

  readonly account = new DataLoader<string, Account | null>(async (ids) => pick(ids, await this.em.find(Account, { id: { $in: [...ids] } }), (a) => a.id));
}

/** One set per request (`ctx.use`): a DataLoader's cache must not outlive the request. */
export const memberLoaders = (ctx: RequestContext): MemberLoaders => new MemberLoaders(ctx.em);

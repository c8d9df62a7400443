import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { keysetPage, type PageArgs } from '../../lib/pagination';
import { count, rows } from '../../lib/sql';
import { Role } from '../../lib/roles';
import { existingAccountIds } from '../accounts/queries';

/** Members' read path: plain rows. Lists are newest first by id (time-ordered UUIDs: the primary key index is the sort). */
export interface PlanRow {
  id: string;
  name: string;
  package_product_id: string | null;
  duration_days: number | null;
  active: boolean;
  created_at: string;
}

export interface MembershipRow {
  id: string;
  account_id: string;
  plan_id: string | null;
  source: string;
  order_id: string | null;
  started_at: string;
  ends_at: string | null;
  ended_at: string | null;
  end_reason: string | null;
}

export interface ApplicationRow {
  id: string;
  account_id: string;
  status: string;
  message: string;
  rejection_reason: string | null;
  created_at: string;
  reviewed_at: string | null;
}

export const PLAN_COLUMNS = ['id', 'name', 'package_product_id', 'duration_days', 'active', 'created_at'];
export const MEMBERSHIP_COLUMNS = ['id', 'account_id', 'plan_id', 'source', 'order_id', 'started_at', 'ends_at', 'ended_at', 'end_reason'];
export const APPLICATION_COLUMNS = ['id', 'account_id', 'status', 'message', 'rejection_reason', 'created_at', 'reviewed_at'];

export interface MembershipFilter {
  open?: boolean | null;
  sources?: string[] | null;
  accountId?: string | null;
  planId?: string | null;
}

const newestFirst = <Row extends { id: string }>() => [{ sql: 'id', direction: 'desc' as const, value: (r: Row) => r.id }];

export class MemberReads {
  constructor(private readonly em: EntityManager) {}

  private get knex() {
    return this.em.getKnex();
  }

  async plan(id: string): Promise<PlanRow | null> {
    return (await rows<PlanRow>(this.em, this.knex('membership_plan').select(PLAN_COLUMNS).where('id', id)))[0] ?? null;
  }

  async membership(id: string): Promise<MembershipRow | null> {
    return (await rows<MembershipRow>(this.em, this.knex('membership').select(MEMBERSHIP_COLUMNS).where('id', id)))[0] ?? null;
  }

  async application(id: string): Promise<ApplicationRow | null> {
    return (await rows<ApplicationRow>(this.em, this.knex('membership_application').select(APPLICATION_COLUMNS).where('id', id)))[0] ?? null;
  }

  planList(args: PageArgs, filter: { active?: boolean | null }) {
    return this.page<PlanRow>('membership_plan', PLAN_COLUMNS, args, (q) => {
      if (filter.active != null) q.where('active', filter.active);
    });
  }

  membershipList(args: PageArgs, filter: MembershipFilter) {
    return this.page<MembershipRow>('membership', MEMBERSHIP_COLUMNS, args, (q) => {
      if (filter.open === true) q.whereNull('ended_at');
      if (filter.open === false) q.whereNotNull('ended_at');
      if (filter.sources?.length) q.whereIn('source', filter.sources);
      if (filter.accountId) q.where('account_id', filter.accountId);
      if (filter.planId) q.where('plan_id', filter.planId);
    });
  }

  applicationList(args: PageArgs, filter: { statuses?: string[] | null; accountId?: string | null }) {
    return this.page<ApplicationRow>('membership_application', APPLICATION_COLUMNS, args, (q) => {
      if (filter.statuses?.length) q.whereIn('status', filter.statuses);
      if (filter.accountId) q.where('account_id', filter.accountId);
    });
  }

  private page<Row extends { id: string }>(table: string, columns: string[], args: PageArgs, where: (q: Knex.QueryBuilder) => void) {
    const build = () => {
      const q = this.knex(table);
      where(q);
      return q;
    };
    return keysetPage<Row>(this.em, build().select(columns), args, newestFirst<Row>(), () => count(this.em, build()));
  }
}

/** The package product of the membership an order opened (bought as a package); null when it opened none. */
export async function packageOpenedBy(em: EntityManager, orderId: string): Promise<string | null> {
  const [row] = await em
    .getConnection()
    .execute<{ package_product_id: string | null }[]>(
      'select p.package_product_id from membership m join membership_plan p on p.id = m.plan_id where m.order_id = ? limit 1',
      [orderId],
      'all',
      em.getTransactionContext(),
    );
  return row?.package_product_id ?? null;
}

/** Which of these accounts are members now (the account's role follows its membership). */
export function currentMembers(em: EntityManager, accountIds: string[]): Promise<Set<string>> {
  return existingAccountIds(em, accountIds, [Role.MEMBER]);
}

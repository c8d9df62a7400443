import DataLoader from 'dataloader';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { keysetPage, type Connection, type PageArgs } from '../../lib/pagination';
import { count, rows } from '../../lib/sql';
import { ACCOUNTS } from '../accounts/queries';
import { ORDERS } from '../orders/queries';
import type { BindingSource } from './entities';
import type { RequestContext } from '../../lib/request-context';
import { profileAvatars } from './profiles';
import { hourOf } from './team-figures';

/** Teams up to this size are summed from their orders, exact at once; larger ones from the figures order events keep. */
export const SMALL_TEAM = 1000;

/**
 * The referral tree's read path: plain rows, prepared statements, every team figure one indexed
 * statement on the closure table (referral_path), whatever the depth.
 */

export interface InviterRow {
  invitee_id: string;
  display_name: string;
  avatar_url: string | null;
  bound_at: Date;
  source: BindingSource;
}

export interface TeamMemberRow {
  id: string;
  display_name: string;
  avatar_url: string | null;
  role: string;
  depth: number;
  bound_at: Date;
  /** bound_at as PostgreSQL prints it, to the microsecond: a JavaScript Date would cut it to the millisecond and a cursor would skip rows. */
  bound_key: string;
}

/**
 * What others may see of a person in a referral tree: the name and the avatar (profiles.ts: their
 * shop's), never a login. Both are joined, not loaded apart: one statement per team page.
 */
function profile(knex: Knex, query: Knex.QueryBuilder, accountColumn: string): Knex.QueryBuilder {
  return query.join(knex.raw(`${ACCOUNTS} as a`), 'a.id', accountColumn).leftJoin(knex.raw(`${profileAvatars()} as s`), 's.account_id', accountColumn);
}

export class ReferralReads {
  constructor(private readonly em: EntityManager) {}

  private get knex(): Knex {
    return this.em.getKnex();
  }

  /**
   * Runs a team aggregate as a plain statement, planned for the account at hand, not as a prepared
   * one: teams range from nobody to 10⁵ people, and the generic plan PostgreSQL settles on for a
   * prepared statement fits the average team. On the bench's tree, team sales of the root took
   * 40 ms with the generic plan against 25 ms planned for it, and 100 ms once customer_order had
   * an index on (customer_id, paid_at) (a nested loop over 10⁵ members). Planning costs < 1 ms.
   */
  private planned<T>(query: Knex.QueryBuilder | Knex.Raw): Promise<T[]> {
    return this.em.getConnection().execute<T[]>(query);
  }

  /** Each invitee's inviter with the binding's time and source; null for the unbound. */
  readonly inviter = new DataLoader<string, InviterRow | null>(async (inviteeIds) => {
    const found = await rows<InviterRow>(
      this.em,
      profile(this.knex, this.knex('referral_binding as b'), 'b.inviter_id')
        .select('b.invitee_id', 'a.display_name', 's.avatar_url', 'b.bound_at', 'b.source')
        .whereIn('b.invitee_id', inviteeIds as string[]),
    );
    const byInvitee = new Map(found.map((r) => [r.invitee_id, r]));
    return inviteeIds.map((id) => byInvitee.get(id) ?? null);
  });

  /** How many people are in the team: one row of team_size (team-figures.ts), kept with the tree. */
  async teamSize(accountId: string): Promise<number> {
    const [row] = await rows<{ size: number | null }>(this.em, this.knex('team_size').select('size').where('member_id', accountId));
    return row?.size ?? 0;
  }

  /** Team members per level below the account (1 = direct invitees), shallowest first; empty levels left out. */
  async teamLevels(accountId: string): Promise<{ depth: number; count: number }[]> {
    const found = await this.planned<{ depth: number; n: string }>(
      this.knex('referral_path').select('depth').count({ n: '*' }).where('ancestor_id', accountId).groupBy('depth').orderBy('depth'),
    );
    return found.map((r) => ({ depth: r.depth, count: Number(r.n) }));
  }

  /**
   * What the team's members paid in [from, to), less what was refunded of those orders, in one
   * statement. A team of up to SMALL_TEAM people is summed from its orders (the orders module's
   * ORDERS), exact at once; a larger one from the figures order events keep (team-figures.ts): the
   * whole hours of the period from team_sales_hour, a row per hour, and the parts of an hour at
   * either end from team_order, the team's orders of those minutes only. Which one is decided
   * inside the statement, which PostgreSQL runs only the branch it takes of. `smallTeam` -1 reads
   * the figures whatever the size (the tests compare both ways).
   */
  async teamSales(accountId: string, from: Date, to: Date, smallTeam = SMALL_TEAM): Promise<number> {
    const [row] = await this.planned<{ sales: string }>(
      this.knex.raw(
        `select (case when coalesce((select size from team_size where member_id = :member), 0) <= :small then
           (select coalesce(sum(o.total - o.refunded_total), 0)
              from referral_path p join ${ORDERS} o on o.customer_id = p.descendant_id
             where p.ancestor_id = :member and o.paid_at >= :from and o.paid_at < :to)
         else
           (select coalesce((select sum(h.sales) from team_sales_hour h where h.member_id = :member and h.hour >= b.hours_from and h.hour < b.hours_to), 0)
                 + coalesce((select sum(t.counted) from team_order t join referral_path p on p.descendant_id = t.buyer_id and p.ancestor_id = :member
                               where (t.paid_at >= :from and t.paid_at < least(:to, b.hours_from))
                                  or (t.paid_at >= greatest(:from, b.hours_to) and t.paid_at < :to)), 0)
              from (select first_hour as hours_from, greatest(first_hour, last_hour) as hours_to
                      from (select ${hourOf(':from::timestamptz')} + case when ${hourOf(':from::timestamptz')} = :from::timestamptz then interval '0' else interval '1 hour' end as first_hour,
                                   ${hourOf(':to::timestamptz')} as last_hour) e) b)
         end)::bigint as sales`,
        { member: accountId, small: smallTeam, from, to },
      ),
    );
    return Number(row.sales);
  }

  /** The team, shallowest level first, or one level only. */
  teamMembers(accountId: string, args: PageArgs, depth: number | null): Promise<Connection<TeamMemberRow>> {
    const build = () => {
      const q = this.knex('referral_path as p').where('p.ancestor_id', accountId);
      if (depth != null) q.where('p.depth', depth);
      return q;
    };
    return keysetPage<TeamMemberRow>(
      this.em,
      profile(this.knex, build(), 'p.descendant_id')
        .join('referral_binding as b', 'b.invitee_id', 'p.descendant_id')
        .select('p.descendant_id as id', 'a.display_name', 's.avatar_url', 'a.role', 'p.depth', 'b.bound_at', this.knex.raw('b.bound_at::text as bound_key')),
      args,
      [
        { sql: 'p.depth', direction: 'asc', value: (r) => r.depth },
        { sql: 'p.descendant_id', direction: 'asc', value: (r) => r.id },
      ],
      () => count(this.em, build()),
    );
  }

  /** Direct invitees, most recently bound first. */
  invitees(accountId: string, args: PageArgs): Promise<Connection<TeamMemberRow>> {
    const build = () => this.knex('referral_binding as b').where('b.inviter_id', accountId);
    return keysetPage<TeamMemberRow>(
      this.em,
      profile(this.knex, build(), 'b.invitee_id').select(
        'b.invitee_id as id',
        'a.display_name',
        's.avatar_url',
        'a.role',
        this.knex.raw('1 as depth'),
        'b.bound_at',
        this.knex.raw('b.bound_at::text as bound_key'),
      ),
      args,
      [
        { sql: 'b.bound_at', direction: 'desc', value: (r) => r.bound_key },
        { sql: 'b.invitee_id', direction: 'desc', value: (r) => r.id },
      ],
      () => count(this.em, build()),
    );
  }
}

/** One set per request (`ctx.use`): a DataLoader's cache must not outlive the request. */
export const referralReads = (ctx: RequestContext): ReferralReads => new ReferralReads(ctx.em);

import type { EntityManager } from '@mikro-orm/postgresql';
import { keysetPage, type PageArgs } from '../../lib/pagination';
import { count, rows } from '../../lib/sql';
import { ACCOUNTS } from '../accounts/queries';
import { SKUS } from '../catalog/queries';

/** Group-buy read path: plain rows, keyset pages. */
export interface CampaignRow {
  id: string;
  product_id: string;
  name: string;
  size: number;
  session_seconds: number;
  starts_at: string;
  ends_at: string;
  per_customer_limit: number;
  max_quantity: number;
  new_customers_only: boolean;
  leader_discount: number;
  auto_fill_percent: number | null;
  status: string;
  created_at: string;
  ended_at: string | null;
}

export interface CampaignSkuRow {
  campaign_id: string;
  sku_id: string;
  group_price: number;
}

export interface SessionRow {
  id: string;
  campaign_id: string;
  product_id: string;
  share_token: string;
  size: number;
  paid: number;
  reserved: number;
  status: string;
  opened_at: string;
  expires_at: string;
  closed_at: string | null;
  leader_name: string;
  seconds_left: number;
}

export interface MembershipRow extends SessionRow {
  member_id: string;
  member_status: string;
  is_leader: boolean;
  order_id: string;
  joined_at: string;
}

export interface CampaignResultsRow {
  sessions: number;
  open: number;
  succeeded: number;
  failed: number;
  paid_members: number;
  refunded_members: number;
  refund_due_members: number;
}

const CAMPAIGN_COLUMNS = [
  'id',
  'product_id',
  'name',
  'size',
  'session_seconds',
  'starts_at',
  'ends_at',
  'per_customer_limit',
  'max_quantity',
  'new_customers_only',
  'leader_discount',
  'auto_fill_percent',
  'status',
  'created_at',
  'ended_at',
];

/** Never more than the leader's public name (accounts/public-name.ts) leaves here: no email, no phone. */
const SESSION_COLUMNS = [
  's.id',
  's.campaign_id',
  's.product_id',
  's.share_token',
  's.size',
  's.paid',
  's.reserved',
  's.status',
  's.opened_at',
  's.expires_at',
  's.closed_at',
];
const SECONDS_LEFT = `greatest(0, floor(extract(epoch from (s.expires_at - now()))))::int as seconds_left`;

export class GroupBuyReads {
  constructor(private readonly em: EntityManager) {}

  private get knex() {
    return this.em.getKnex();
  }

  private sessions() {
    return this.knex('group_buy_session as s')
      .join(this.knex.raw(`${ACCOUNTS} as a`), 'a.id', 's.leader_id')
      .select(...SESSION_COLUMNS, 'a.public_name as leader_name', this.knex.raw(SECONDS_LEFT));
  }

  async campaign(id: string): Promise<CampaignRow | null> {
    return (await rows<CampaignRow>(this.em, this.knex('group_buy_campaign').select(CAMPAIGN_COLUMNS).where('id', id)))[0] ?? null;
  }

  async campaignSkus(campaignIds: readonly string[]): Promise<CampaignSkuRow[]> {
    return rows<CampaignSkuRow>(
      this.em,
      this.knex('group_buy_campaign_sku as g')
        .join(this.knex.raw(`${SKUS} as s`), 's.id', 'g.sku_id')
        .select('g.campaign_id', 'g.sku_id', 'g.group_price')
        .whereIn('g.campaign_id', campaignIds as string[])
        .orderBy([{ column: 's.position' }, { column: 's.id' }]),
    );
  }

  /** Campaigns, newest first; `productId` narrows to one product's, `running` to those taking new sessions now. */
  campaigns(page: PageArgs, filter: { productId?: string | null; running?: boolean }) {
    const apply = (q: ReturnType<EntityManager['getKnex']>) => {
      const query = q('group_buy_campaign');
      if (filter.productId) query.where('product_id', filter.productId);
      if (filter.running) query.where('status', 'active').whereRaw('starts_at <= now() and ends_at > now()');
      return query;
    };
    return keysetPage<CampaignRow>(
      this.em,
      apply(this.knex).select(CAMPAIGN_COLUMNS),
      page,
      [
        { sql: 'created_at', direction: 'desc', value: (r) => new Date(r.created_at).toISOString() },
        { sql: 'id', direction: 'desc', value: (r) => r.id },
      ],
      () => count(this.em, apply(this.knex)),
    );
  }

  async sessionByToken(token: string): Promise<SessionRow | null> {
    return (await rows<SessionRow>(this.em, this.sessions().where('s.share_token', token)))[0] ?? null;
  }

  async session(id: string): Promise<SessionRow | null> {
    return (await rows<SessionRow>(this.em, this.sessions().where('s.id', id)))[0] ?? null;
  }

  /** A product's sessions that can be joined now, closest to their deadline first ("2 short, 03:12:09 left"). */
  joinable(productId: string, page: PageArgs) {
    const filter = (q: ReturnType<GroupBuyReads['sessions']>) =>
      q.where('s.product_id', productId).where('s.status', 'open').whereRaw('s.expires_at > now()').whereRaw('s.reserved < s.size');
    return keysetPage<SessionRow>(
      this.em,
      filter(this.sessions()),
      page,
      [
        { sql: 's.expires_at', direction: 'asc', value: (r) => new Date(r.expires_at).toISOString() },
        { sql: 's.id', direction: 'asc', value: (r) => r.id },
      ],
      () => count(this.em, filter(this.knex('group_buy_session as s') as never)),
    );
  }

  /** A campaign's sessions, newest first (operators). */
  campaignSessions(campaignId: string, page: PageArgs) {
    return keysetPage<SessionRow>(
      this.em,
      this.sessions().where('s.campaign_id', campaignId),
      page,
      [
        { sql: 's.opened_at', direction: 'desc', value: (r) => new Date(r.opened_at).toISOString() },
        { sql: 's.id', direction: 'desc', value: (r) => r.id },
      ],
      () => count(this.em, this.knex('group_buy_session as s').where('s.campaign_id', campaignId)),
    );
  }

  /** The customer's seats in sessions, newest first. */
  private memberships() {
    return this.sessions()
      .join('group_buy_member as m', 'm.session_id', 's.id')
      .select('m.id as member_id', 'm.status as member_status', 'm.is_leader', 'm.order_id', 'm.joined_at');
  }

  /** One seat; with a customer, only if it is theirs. */
  async membership(memberId: string, customerId: string | null): Promise<MembershipRow | null> {
    const query = this.memberships().where('m.id', memberId);
    if (customerId) query.where('m.customer_id', customerId);
    return (await rows<MembershipRow>(this.em, query))[0] ?? null;
  }

  mySessions(customerId: string, page: PageArgs) {
    const query = this.memberships().where('m.customer_id', customerId);
    return keysetPage<MembershipRow>(
      this.em,
      query,
      page,
      [
        { sql: 'm.joined_at', direction: 'desc', value: (r) => new Date(r.joined_at).toISOString() },
        { sql: 'm.id', direction: 'desc', value: (r) => r.member_id },
      ],
      () => count(this.em, this.knex('group_buy_member as m').where('m.customer_id', customerId)),
    );
  }

  async results(campaignId: string): Promise<CampaignResultsRow> {
    const [row] = await this.em.getConnection().execute<CampaignResultsRow[]>(
      `select (select count(*)::int from group_buy_session where campaign_id = ?) as sessions,
              (select count(*)::int from group_buy_session where campaign_id = ? and status in ('opening', 'open')) as open,
              (select count(*)::int from group_buy_session where campaign_id = ? and status = 'succeeded') as succeeded,
              (select count(*)::int from group_buy_session where campaign_id = ? and status = 'failed') as failed,
              count(*) filter (where m.paid_at is not null)::int as paid_members,
              count(*) filter (where m.status = 'refunded')::int as refunded_members,
              count(*) filter (where m.status = 'refund_due')::int as refund_due_members
         from group_buy_member m where m.campaign_id = ?`,
      [campaignId, campaignId, campaignId, campaignId, campaignId],
    );
    return row;
  }
}

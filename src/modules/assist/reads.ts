import type { EntityManager } from '@mikro-orm/postgresql';
import { keysetPage, type PageArgs } from '../../lib/pagination';
import { count, rows } from '../../lib/sql';
import { ACCOUNTS } from '../accounts/queries';

export interface AssistCampaignRow {
  id: string;
  product_id: string;
  name: string;
  helpers_needed: number;
  time_limit_seconds: number;
  new_customers_only: boolean;
  links_per_customer: number;
  storefront_app_ids: string[];
  starts_at: string;
  ends_at: string;
  status: string;
  created_at: string;
}

export interface AssistLinkRow {
  id: string;
  campaign_id: string;
  order_id: string;
  buyer_id: string;
  share_token: string;
  helpers_needed: number;
  assists_count: number;
  status: string;
  expires_at: string;
  completed_at: string | null;
  refund_amount: number | null;
  created_at: string;
  buyer_name: string;
  seconds_left: number;
}

export interface AssistRow {
  link_id: string;
  name: string;
  created_at: string;
}

export interface AssistResultsRow {
  created: number;
  open: number;
  completed: number;
  refunded: number;
  expired: number;
  ended: number;
  assists: number;
  refunded_amount: number;
}

const CAMPAIGN_COLUMNS = [
  'id',
  'product_id',
  'name',
  'helpers_needed',
  'time_limit_seconds',
  'new_customers_only',
  'links_per_customer',
  'storefront_app_ids',
  'starts_at',
  'ends_at',
  'status',
  'created_at',
];

export class AssistReads {
  constructor(private readonly em: EntityManager) {}

  private get knex() {
    return this.em.getKnex();
  }

  private links() {
    return this.knex('assist_link as l')
      .join(this.knex.raw(`${ACCOUNTS} as a`), 'a.id', 'l.buyer_id')
      .select(
        'l.id',
        'l.campaign_id',
        'l.order_id',
        'l.buyer_id',
        'l.share_token',
        'l.helpers_needed',
        'l.assists_count',
        'l.status',
        'l.expires_at',
        'l.completed_at',
        'l.refund_amount',
        'l.created_at',
        'a.public_name as buyer_name',
        this.knex.raw(`case when l.status = 'open' then greatest(0, floor(extract(epoch from (l.expires_at - now()))))::int else 0 end as seconds_left`),
      );
  }

  async campaign(id: string): Promise<AssistCampaignRow | null> {
    return (await rows<AssistCampaignRow>(this.em, this.knex('assist_campaign').select(CAMPAIGN_COLUMNS).where('id', id)))[0] ?? null;
  }

  campaigns(page: PageArgs) {
    return keysetPage<AssistCampaignRow>(
      this.em,
      this.knex('assist_campaign').select(CAMPAIGN_COLUMNS),
      page,
      [
        { sql: 'created_at', direction: 'desc', value: (r) => new Date(r.created_at).toISOString() },
        { sql: 'id', direction: 'desc', value: (r) => r.id },
      ],
      () => count(this.em, this.knex('assist_campaign')),
    );
  }

  async link(id: string): Promise<AssistLinkRow | null> {
    return (await rows<AssistLinkRow>(this.em, this.links().where('l.id', id)))[0] ?? null;
  }

  async linkByToken(token: string): Promise<AssistLinkRow | null> {
    return (await rows<AssistLinkRow>(this.em, this.links().where('l.share_token', token)))[0] ?? null;
  }

  async assists(linkIds: readonly string[]): Promise<AssistRow[]> {
    return rows<AssistRow>(
      this.em,
      this.knex('assist as x')
        .join(this.knex.raw(`${ACCOUNTS} as a`), 'a.id', 'x.friend_id')
        .select('x.link_id', 'a.public_name as name', 'x.created_at')
        .whereIn('x.link_id', linkIds as string[])
        .orderBy([{ column: 'x.created_at' }, { column: 'x.id' }]),
    );
  }

  myLinks(customerId: string, page: PageArgs) {
    return keysetPage<AssistLinkRow>(
      this.em,
      this.links().where('l.buyer_id', customerId),
      page,
      [
        { sql: 'l.created_at', direction: 'desc', value: (r) => new Date(r.created_at).toISOString() },
        { sql: 'l.id', direction: 'desc', value: (r) => r.id },
      ],
      () => count(this.em, this.knex('assist_link as l').where('l.buyer_id', customerId)),
    );
  }

  campaignLinks(campaignId: string, page: PageArgs) {
    return keysetPage<AssistLinkRow>(
      this.em,
      this.links().where('l.campaign_id', campaignId),
      page,
      [
        { sql: 'l.created_at', direction: 'desc', value: (r) => new Date(r.created_at).toISOString() },
        { sql: 'l.id', direction: 'desc', value: (r) => r.id },
      ],
      () => count(this.em, this.knex('assist_link as l').where('l.campaign_id', campaignId)),
    );
  }

  async results(campaignId: string): Promise<AssistResultsRow> {
    const [row] = await this.em.getConnection().execute<AssistResultsRow[]>(
      `select count(*)::int as created, count(*) filter (where status = 'open')::int as open,
              count(*) filter (where status in ('completed', 'refunded'))::int as completed, count(*) filter (where status = 'refunded')::int as refunded,
              count(*) filter (where status = 'expired')::int as expired, count(*) filter (where status = 'ended')::int as ended,
              coalesce(sum(assists_count), 0)::int as assists, coalesce(sum(refund_amount), 0)::bigint as refunded_amount
         from assist_link where campaign_id = ?`,
      [campaignId],
    );
    return { ...row, refunded_amount: Number(row.refunded_amount) };
  }
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { keysetPage, type PageArgs } from '../../lib/pagination';
import { count, rows } from '../../lib/sql';
import { ACCOUNTS } from '../accounts/queries';

export interface RedPacketCampaignRow {
  id: string;
  name: string;
  total_amount: number;
  shares: number;
  minimum_share: number;
  time_limit_seconds: number;
  opens_per_customer: number;
  joins_per_customer: number;
  share_template_id: string;
  consolation_template_id: string | null;
  storefront_app_ids: string[];
  starts_at: string;
  ends_at: string;
  status: string;
  seed_commitment: string;
  /** The seed once the campaign is over (ended or past its window) and no packet of it is open; else null. */
  revealed_seed: string | null;
  created_at: string;
}

export interface RedPacketRow {
  id: string;
  campaign_id: string;
  opener_id: string;
  share_token: string;
  total_amount: number;
  shares: number;
  minimum_share: number;
  joins_count: number;
  status: string;
  expires_at: string;
  completed_at: string | null;
  consolation_coupon_id: string | null;
  created_at: string;
  opener_name: string;
  seconds_left: number;
}

export interface MemberRow {
  packet_id: string;
  customer_id: string;
  position: number;
  share_amount: number | null;
  coupon_id: string | null;
  joined_at: string;
  name: string;
}

export interface RedPacketResultsRow {
  opened: number;
  open: number;
  completed: number;
  expired: number;
  joins: number;
  shares_paid: number;
  share_cost: number;
  consolations: number;
  consolation_cost: number;
}

const CAMPAIGN_COLUMNS = `c.id, c.name, c.total_amount, c.shares, c.minimum_share, c.time_limit_seconds, c.opens_per_customer, c.joins_per_customer,
  c.share_template_id, c.consolation_template_id, c.storefront_app_ids, c.starts_at, c.ends_at, c.status, c.seed_commitment, c.created_at,
  case when (c.status = 'ended' or c.ends_at <= now()) and not exists (select 1 from red_packet p where p.campaign_id = c.id and p.status = 'open')
       then c.seed end as revealed_seed`;

export class RedPacketReads {
  constructor(private readonly em: EntityManager) {}

  private get knex() {
    return this.em.getKnex();
  }

  private campaignsQuery() {
    return this.knex('red_packet_campaign as c').select(this.knex.raw(CAMPAIGN_COLUMNS));
  }

  private packets() {
    return this.knex('red_packet as p')
      .join(this.knex.raw(`${ACCOUNTS} as a`), 'a.id', 'p.opener_id')
      .select(
        'p.id',
        'p.campaign_id',
        'p.opener_id',
        'p.share_token',
        'p.total_amount',
        'p.shares',
        'p.minimum_share',
        'p.joins_count',
        'p.status',
        'p.expires_at',
        'p.completed_at',
        'p.consolation_coupon_id',
        'p.created_at',
        'a.public_name as opener_name',
        this.knex.raw(`case when p.status = 'open' then greatest(0, floor(extract(epoch from (p.expires_at - now()))))::int else 0 end as seconds_left`),
      );
  }

  async campaign(id: string): Promise<RedPacketCampaignRow | null> {
    return (await rows<RedPacketCampaignRow>(this.em, this.campaignsQuery().where('c.id', id)))[0] ?? null;
  }

  campaigns(page: PageArgs) {
    return keysetPage<RedPacketCampaignRow>(
      this.em,
      this.campaignsQuery(),
      page,
      [
        { sql: 'c.created_at', direction: 'desc', value: (r) => new Date(r.created_at).toISOString() },
        { sql: 'c.id', direction: 'desc', value: (r) => r.id },
      ],
      () => count(this.em, this.knex('red_packet_campaign')),
    );
  }

  async packet(id: string): Promise<RedPacketRow | null> {
    return (await rows<RedPacketRow>(this.em, this.packets().where('p.id', id)))[0] ?? null;
  }

  async packetByToken(token: string): Promise<RedPacketRow | null> {
    return (await rows<RedPacketRow>(this.em, this.packets().where('p.share_token', token)))[0] ?? null;
  }

  async members(packetIds: readonly string[]): Promise<MemberRow[]> {
    return rows<MemberRow>(
      this.em,
      this.knex('red_packet_member as m')
        .join(this.knex.raw(`${ACCOUNTS} as a`), 'a.id', 'm.customer_id')
        .select('m.packet_id', 'm.customer_id', 'm.position', 'm.share_amount', 'm.coupon_id', 'm.joined_at', 'a.public_name as name')
        .whereIn('m.packet_id', packetIds as string[])
        .orderBy([{ column: 'm.packet_id' }, { column: 'm.position' }]),
    );
  }

  /** Packets the customer opened or joined, newest first. */
  myPackets(customerId: string, page: PageArgs) {
    const mine = this.knex('red_packet_member').select('packet_id').where('customer_id', customerId);
    return keysetPage<RedPacketRow>(
      this.em,
      this.packets().whereIn('p.id', mine),
      page,
      [
        { sql: 'p.created_at', direction: 'desc', value: (r) => new Date(r.created_at).toISOString() },
        { sql: 'p.id', direction: 'desc', value: (r) => r.id },
      ],
      () => count(this.em, this.knex('red_packet_member').where('customer_id', customerId)),
    );
  }

  campaignPackets(campaignId: string, page: PageArgs) {
    return keysetPage<RedPacketRow>(
      this.em,
      this.packets().where('p.campaign_id', campaignId),
      page,
      [
        { sql: 'p.created_at', direction: 'desc', value: (r) => new Date(r.created_at).toISOString() },
        { sql: 'p.id', direction: 'desc', value: (r) => r.id },
      ],
      () => count(this.em, this.knex('red_packet as p').where('p.campaign_id', campaignId)),
    );
  }

  async results(campaignId: string): Promise<RedPacketResultsRow> {
    const [row] = await this.em.getConnection().execute<RedPacketResultsRow[]>(
      `select count(*)::int as opened, count(*) filter (where p.status = 'open')::int as open,
              count(*) filter (where p.status = 'completed')::int as completed, count(*) filter (where p.status = 'expired')::int as expired,
              coalesce(sum(p.joins_count - 1), 0)::int as joins,
              coalesce(sum(p.shares) filter (where p.status = 'completed'), 0)::int as shares_paid,
              coalesce(sum(p.total_amount) filter (where p.status = 'completed'), 0)::bigint as share_cost,
              count(p.consolation_coupon_id)::int as consolations, coalesce(sum(p.consolation_amount), 0)::bigint as consolation_cost
         from red_packet p where p.campaign_id = ?`,
      [campaignId],
    );
    return { ...row, share_cost: Number(row.share_cost), consolation_cost: Number(row.consolation_cost) };
  }
}

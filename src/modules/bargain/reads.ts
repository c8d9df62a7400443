import type { EntityManager } from '@mikro-orm/postgresql';
import { keysetPage, type PageArgs } from '../../lib/pagination';
import { count, rows } from '../../lib/sql';
import { ACCOUNTS } from '../accounts/queries';

export interface BargainCampaignRow {
  id: string;
  sku_id: string;
  name: string;
  start_price: number;
  floor_price: number;
  helpers_needed: number;
  time_limit_seconds: number;
  stock: number;
  per_customer_limit: number;
  buy_at_floor_only: boolean;
  new_helper_boost_percent: number;
  starts_at: string;
  ends_at: string;
  status: string;
  created_at: string;
}

export interface BargainRow {
  id: string;
  campaign_id: string;
  starter_id: string;
  share_token: string;
  start_price: number;
  floor_price: number;
  current_price: number;
  cut_total: number;
  helpers_needed: number;
  helpers_count: number;
  status: string;
  expires_at: string;
  order_id: string | null;
  created_at: string;
  starter_name: string;
  seconds_left: number;
}

export interface CutRow {
  bargain_id: string;
  amount: number;
  boosted: boolean;
  created_at: string;
  helper_name: string;
}

export interface BargainResultsRow {
  started: number;
  active: number;
  floor_reached: number;
  purchased: number;
  expired: number;
}

const CAMPAIGN_COLUMNS = [
  'id',
  'sku_id',
  'name',
  'start_price',
  'floor_price',
  'helpers_needed',
  'time_limit_seconds',
  'stock',
  'per_customer_limit',
  'buy_at_floor_only',
  'new_helper_boost_percent',
  'starts_at',
  'ends_at',
  'status',
  'created_at',
];
const BARGAIN_COLUMNS = [
  'b.id',
  'b.campaign_id',
  'b.starter_id',
  'b.share_token',
  'b.start_price',
  'b.floor_price',
  'b.current_price',
  'b.cut_total',
  'b.helpers_needed',
  'b.helpers_count',
  'b.status',
  'b.expires_at',
  'b.order_id',
  'b.created_at',
];

export class BargainReads {
  constructor(private readonly em: EntityManager) {}

  private get knex() {
    return this.em.getKnex();
  }

  private bargains() {
    return this.knex('bargain as b')
      .join(this.knex.raw(`${ACCOUNTS} as a`), 'a.id', 'b.starter_id')
      .select(
        ...BARGAIN_COLUMNS,
        'a.public_name as starter_name',
        this.knex.raw(`greatest(0, floor(extract(epoch from (b.expires_at - now()))))::int as seconds_left`),
      );
  }

  async campaign(id: string): Promise<BargainCampaignRow | null> {
    return (await rows<BargainCampaignRow>(this.em, this.knex('bargain_campaign').select(CAMPAIGN_COLUMNS).where('id', id)))[0] ?? null;
  }

  campaigns(page: PageArgs) {
    return keysetPage<BargainCampaignRow>(
      this.em,
      this.knex('bargain_campaign').select(CAMPAIGN_COLUMNS),
      page,
      [
        { sql: 'created_at', direction: 'desc', value: (r) => new Date(r.created_at).toISOString() },
        { sql: 'id', direction: 'desc', value: (r) => r.id },
      ],
      () => count(this.em, this.knex('bargain_campaign')),
    );
  }

  async bargain(id: string): Promise<BargainRow | null> {
    return (await rows<BargainRow>(this.em, this.bargains().where('b.id', id)))[0] ?? null;
  }

  async bargainByToken(token: string): Promise<BargainRow | null> {
    return (await rows<BargainRow>(this.em, this.bargains().where('b.share_token', token)))[0] ?? null;
  }

  async cuts(bargainIds: readonly string[]): Promise<CutRow[]> {
    return rows<CutRow>(
      this.em,
      this.knex('bargain_cut as c')
        .join(this.knex.raw(`${ACCOUNTS} as a`), 'a.id', 'c.helper_id')
        .select('c.bargain_id', 'c.amount', 'c.boosted', 'c.created_at', 'a.public_name as helper_name')
        .whereIn('c.bargain_id', bargainIds as string[])
        .orderBy([{ column: 'c.created_at' }, { column: 'c.id' }]),
    );
  }

  myBargains(customerId: string, page: PageArgs) {
    return keysetPage<BargainRow>(
      this.em,
      this.bargains().where('b.starter_id', customerId),
      page,
      [
        { sql: 'b.created_at', direction: 'desc', value: (r) => new Date(r.created_at).toISOString() },
        { sql: 'b.id', direction: 'desc', value: (r) => r.id },
      ],
      () => count(this.em, this.knex('bargain as b').where('b.starter_id', customerId)),
    );
  }

  campaignBargains(campaignId: string, page: PageArgs) {
    return keysetPage<BargainRow>(
      this.em,
      this.bargains().where('b.campaign_id', campaignId),
      page,
      [
        { sql: 'b.created_at', direction: 'desc', value: (r) => new Date(r.created_at).toISOString() },
        { sql: 'b.id', direction: 'desc', value: (r) => r.id },
      ],
      () => count(this.em, this.knex('bargain as b').where('b.campaign_id', campaignId)),
    );
  }

  async results(campaignId: string): Promise<BargainResultsRow> {
    const [row] = await this.em.getConnection().execute<BargainResultsRow[]>(
      `select count(*)::int as started, count(*) filter (where status = 'active')::int as active, count(*) filter (where current_price = floor_price)::int as floor_reached,
              count(*) filter (where status = 'purchased')::int as purchased, count(*) filter (where status = 'expired')::int as expired
         from bargain where campaign_id = ?`,
      [campaignId],
    );
    return row;
  }
}

import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { keysetPage, type PageArgs } from '../../lib/pagination';
import { count, one, rows, run } from '../../lib/sql';
import { couponFigures, type CouponFigures } from '../coupons/queries';

export interface WheelCampaignRow {
  id: string;
  name: string;
  status: string;
  starts_at: string;
  ends_at: string;
  storefront_app_ids: string[];
  daily_chances: number;
  sign_in_chances: number;
  order_chances_per_day: number;
  share_chances_per_day: number;
  no_prize_label: string;
  seed_commitment: string;
  /** Null until the campaign has ended. */
  revealed_seed: string | null;
  revealed_at: string | null;
  created_at: string;
}

export interface WheelPrizeRow {
  id: string;
  campaign_id: string;
  slot: number;
  name: string;
  template_id: string | null;
  weight: number;
  stock: number | null;
  awarded: number;
}

export interface WheelDrawRow {
  id: string;
  campaign_id: string;
  customer_id: string;
  slot_drawn: number;
  slot_awarded: number;
  coupon_id: string | null;
  created_at: string;
}

export interface WheelChancesRow {
  day: string;
  allowed: number;
  used: number;
  from_sign_in: number;
  from_orders: number;
  from_shares: number;
}

export interface WheelResultsRow {
  draws: number;
  players: number;
  won: number;
  chances_allowed: number;
  chances_used: number;
  prizes: { slot: number; name: string; awarded: number; drawn: number; stock: number | null }[];
  coupons: CouponFigures;
}

const CAMPAIGN_COLUMNS = [
  'id',
  'name',
  'status',
  'starts_at',
  'ends_at',
  'storefront_app_ids',
  'daily_chances',
  'sign_in_chances',
  'order_chances_per_day',
  'share_chances_per_day',
  'no_prize_label',
  'seed_commitment',
  'revealed_at',
  'created_at',
];
const DRAW_COLUMNS = ['id', 'campaign_id', 'customer_id', 'slot_drawn', 'slot_awarded', 'coupon_id', 'created_at'];

const newestFirst = <R extends { created_at: string; id: string }>() => [
  { sql: 'created_at', direction: 'desc' as const, value: (r: R) => new Date(r.created_at).toISOString() },
  { sql: 'id', direction: 'desc' as const, value: (r: R) => r.id },
];

export class WheelReads {
  constructor(private readonly em: EntityManager) {}

  private get knex() {
    return this.em.getKnex();
  }

  private campaigns() {
    // The seed leaves the database only once the campaign has ended.
    return this.knex('wheel_campaign').select(...CAMPAIGN_COLUMNS, this.knex.raw(`case when status = 'ended' then seed end as revealed_seed`));
  }

  async campaign(id: string): Promise<WheelCampaignRow | null> {
    return (await rows<WheelCampaignRow>(this.em, this.campaigns().where('id', id)))[0] ?? null;
  }

  allCampaigns(page: PageArgs) {
    return keysetPage<WheelCampaignRow>(this.em, this.campaigns(), page, newestFirst<WheelCampaignRow>(), () => count(this.em, this.knex('wheel_campaign')));
  }

  /** Campaigns running now on this storefront app (or on every app). */
  runningCampaigns(appId: string | null, page: PageArgs) {
    const running = (qb: ReturnType<WheelReads['campaigns']>) =>
      qb
        .where('status', 'running')
        .where('starts_at', '<=', this.knex.fn.now())
        .where('ends_at', '>', this.knex.fn.now())
        .where((w) => {
          w.whereRaw('cardinality(storefront_app_ids) = 0');
          if (appId) w.orWhereRaw('? = any(storefront_app_ids)', [appId]);
        });
    return keysetPage<WheelCampaignRow>(this.em, running(this.campaigns()), page, newestFirst<WheelCampaignRow>(), () =>
      count(this.em, running(this.knex('wheel_campaign'))),
    );
  }

  prizes(campaignIds: readonly string[]): Promise<WheelPrizeRow[]> {
    return rows<WheelPrizeRow>(
      this.em,
      this.knex('wheel_prize')
        .select('id', 'campaign_id', 'slot', 'name', 'template_id', 'weight', 'stock', 'awarded')
        .whereIn('campaign_id', campaignIds as string[])
        .orderBy(['campaign_id', 'slot']),
    );
  }

  async draw(id: string): Promise<WheelDrawRow | null> {
    return (await rows<WheelDrawRow>(this.em, this.knex('wheel_draw').select(DRAW_COLUMNS).where('id', id)))[0] ?? null;
  }

  campaignDraws(campaignId: string, page: PageArgs) {
    return keysetPage<WheelDrawRow>(
      this.em,
      this.knex('wheel_draw').select(DRAW_COLUMNS).where('campaign_id', campaignId),
      page,
      newestFirst<WheelDrawRow>(),
      () => count(this.em, this.knex('wheel_draw').where('campaign_id', campaignId)),
    );
  }

  myDraws(customerId: string, campaignId: string | null, page: PageArgs) {
    const mine = (qb: Knex.QueryBuilder): Knex.QueryBuilder => {
      const q = qb.where('customer_id', customerId);
      return campaignId ? q.where('campaign_id', campaignId) : q;
    };
    return keysetPage<WheelDrawRow>(this.em, mine(this.knex('wheel_draw').select(DRAW_COLUMNS)), page, newestFirst<WheelDrawRow>(), () =>
      count(this.em, mine(this.knex('wheel_draw'))),
    );
  }

  /** Today's chances (day in the operator's zone); before the first draw, the daily chances alone. */
  async chances(campaignId: string, customerId: string, day: string): Promise<WheelChancesRow> {
    const row = await one<WheelChancesRow>(
      this.em,
      `select to_char(day, 'YYYY-MM-DD') as day, allowed, used, from_sign_in, from_orders, from_shares from wheel_chance where campaign_id = ? and customer_id = ? and day = ?::date`,
      [campaignId, customerId, day],
    );
    if (row) return row;
    const c = await one<{ daily_chances: number }>(this.em, 'select daily_chances from wheel_campaign where id = ?', [campaignId]);
    return { day, allowed: c?.daily_chances ?? 0, used: 0, from_sign_in: 0, from_orders: 0, from_shares: 0 };
  }

  async results(campaignId: string): Promise<WheelResultsRow> {
    const [totals] = await run<{ draws: number; players: number; won: number }>(
      this.em,
      'select count(*)::int as draws, count(distinct customer_id)::int as players, count(*) filter (where slot_awarded > 0)::int as won from wheel_draw where campaign_id = ?',
      [campaignId],
    );
    const [chances] = await run<{ allowed: number; used: number }>(
      this.em,
      'select coalesce(sum(allowed), 0)::int as allowed, coalesce(sum(used), 0)::int as used from wheel_chance where campaign_id = ?',
      [campaignId],
    );
    const prizes = await run<WheelResultsRow['prizes'][number]>(
      this.em,
      `select p.slot, p.name, p.stock, (select count(*)::int from wheel_draw d where d.campaign_id = p.campaign_id and d.slot_awarded = p.slot) as awarded,
              (select count(*)::int from wheel_draw d where d.campaign_id = p.campaign_id and d.slot_drawn = p.slot) as drawn
         from wheel_prize p where p.campaign_id = ? order by p.slot`,
      [campaignId],
    );
    const couponIds = await run<{ coupon_id: string }>(this.em, 'select coupon_id from wheel_draw where campaign_id = ? and coupon_id is not null', [
      campaignId,
    ]);
    return {
      ...totals,
      chances_allowed: chances.allowed,
      chances_used: chances.used,
      prizes,
      coupons: await couponFigures(
        this.em,
        couponIds.map((r) => r.coupon_id),
      ),
    };
  }
}

import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { keysetPage, type PageArgs } from '../../lib/pagination';
import { count, one, rows, run } from '../../lib/sql';
import { couponFigures, type CouponFigures } from '../coupons/queries';

export interface LotteryCampaignRow {
  id: string;
  name: string;
  status: string;
  starts_at: string;
  deadline: string;
  entry_cap: number | null;
  entries: number;
  invite_entries_cap: number;
  consolation_template_id: string | null;
  storefront_app_ids: string[];
  seed_commitment: string;
  /** Null until drawn. */
  revealed_seed: string | null;
  drawn_at: string | null;
  created_at: string;
}

export interface LotteryPrizeRow {
  id: string;
  campaign_id: string;
  rank: number;
  name: string;
  template_id: string;
  winners: number;
  won: number;
}

export interface LotteryEntryRow {
  id: string;
  campaign_id: string;
  customer_id: string;
  number: number;
  ticket: string | null;
  prize_id: string | null;
  coupon_id: string | null;
  prize_rank: number | null;
  entrant: string;
  created_at: string;
}

export interface LotteryParticipationRow {
  allowed: number;
  used: number;
  invites: number;
  consolation_coupon_id: string | null;
}

export interface LotteryResultsRow {
  entries: number;
  entrants: number;
  invited: number;
  winners: number;
  consolation: CouponFigures;
  prizes: CouponFigures;
}

const CAMPAIGN_COLUMNS = [
  'id',
  'name',
  'status',
  'starts_at',
  'deadline',
  'entry_cap',
  'entries',
  'invite_entries_cap',
  'consolation_template_id',
  'storefront_app_ids',
  'seed_commitment',
  'drawn_at',
  'created_at',
];
const ENTRY_COLUMNS = ['id', 'campaign_id', 'customer_id', 'number', 'prize_id', 'coupon_id', 'created_at'];

const newestFirst = <R extends { created_at: string; id: string }>() => [
  { sql: 'created_at', direction: 'desc' as const, value: (r: R) => new Date(r.created_at).toISOString() },
  { sql: 'id', direction: 'desc' as const, value: (r: R) => r.id },
];

export class LotteryReads {
  constructor(private readonly em: EntityManager) {}

  private get knex() {
    return this.em.getKnex();
  }

  private campaigns() {
    // The seed leaves the database only once the lottery is drawn.
    return this.knex('lottery_campaign').select(...CAMPAIGN_COLUMNS, this.knex.raw(`case when status = 'drawn' then seed end as revealed_seed`));
  }

  private entries() {
    return this.knex('lottery_entry').select(
      ...ENTRY_COLUMNS,
      this.knex.raw('ticket::text as ticket'),
      this.knex.raw('(select p.rank from lottery_prize p where p.id = lottery_entry.prize_id) as prize_rank'),
      // The customer's first entry names them in public: entries sharing it are one customer's.
      this.knex.raw(
        '(select f.id from lottery_entry f where f.campaign_id = lottery_entry.campaign_id and f.customer_id = lottery_entry.customer_id and f.number = 1) as entrant',
      ),
    );
  }

  async campaign(id: string): Promise<LotteryCampaignRow | null> {
    return (await rows<LotteryCampaignRow>(this.em, this.campaigns().where('id', id)))[0] ?? null;
  }

  allCampaigns(page: PageArgs) {
    return keysetPage<LotteryCampaignRow>(this.em, this.campaigns(), page, newestFirst<LotteryCampaignRow>(), () =>
      count(this.em, this.knex('lottery_campaign')),
    );
  }

  /** Lotteries taking entries now on this storefront app (or on every app). */
  openCampaigns(appId: string | null, page: PageArgs) {
    const open = (qb: ReturnType<LotteryReads['campaigns']>) =>
      qb
        .where('status', 'open')
        .where('starts_at', '<=', this.knex.fn.now())
        .where('deadline', '>', this.knex.fn.now())
        .where((w) => {
          w.whereRaw('cardinality(storefront_app_ids) = 0');
          if (appId) w.orWhereRaw('? = any(storefront_app_ids)', [appId]);
        });
    return keysetPage<LotteryCampaignRow>(this.em, open(this.campaigns()), page, newestFirst<LotteryCampaignRow>(), () =>
      count(this.em, open(this.knex('lottery_campaign'))),
    );
  }

  prizes(campaignIds: readonly string[]): Promise<LotteryPrizeRow[]> {
    return run<LotteryPrizeRow>(
      this.em,
      `select p.id, p.campaign_id, p.rank, p.name, p.template_id, p.winners, (select count(*)::int from lottery_entry e where e.prize_id = p.id) as won
         from lottery_prize p where p.campaign_id = any(?::uuid[]) order by p.campaign_id, p.rank`,
      [`{${campaignIds.join(',')}}`],
    );
  }

  async entry(id: string): Promise<LotteryEntryRow | null> {
    return (await rows<LotteryEntryRow>(this.em, this.entries().where('id', id)))[0] ?? null;
  }

  campaignEntries(campaignId: string, page: PageArgs) {
    return keysetPage<LotteryEntryRow>(this.em, this.entries().where('campaign_id', campaignId), page, newestFirst<LotteryEntryRow>(), () =>
      count(this.em, this.knex('lottery_entry').where('campaign_id', campaignId)),
    );
  }

  myEntries(customerId: string, campaignId: string | null, page: PageArgs) {
    const mine = (qb: Knex.QueryBuilder): Knex.QueryBuilder => {
      const q = qb.where('customer_id', customerId);
      return campaignId ? q.where('campaign_id', campaignId) : q;
    };
    return keysetPage<LotteryEntryRow>(this.em, mine(this.entries()), page, newestFirst<LotteryEntryRow>(), () =>
      count(this.em, mine(this.knex('lottery_entry'))),
    );
  }

  /** A customer's entries in a lottery; before their first entry, the one free entry. */
  async participation(campaignId: string, customerId: string): Promise<LotteryParticipationRow> {
    return (
      (await one<LotteryParticipationRow>(
        this.em,
        'select allowed, used, invites, consolation_coupon_id from lottery_participant where campaign_id = ? and customer_id = ?',
        [campaignId, customerId],
      )) ?? { allowed: 1, used: 0, invites: 0, consolation_coupon_id: null }
    );
  }

  async results(campaignId: string): Promise<LotteryResultsRow> {
    const [entries] = await run<{ entries: number; winners: number }>(
      this.em,
      'select count(*)::int as entries, count(*) filter (where prize_id is not null)::int as winners from lottery_entry where campaign_id = ?',
      [campaignId],
    );
    const [people] = await run<{ entrants: number; invited: number }>(
      this.em,
      'select count(*)::int as entrants, count(*) filter (where invited_by_id is not null)::int as invited from lottery_participant where campaign_id = ?',
      [campaignId],
    );
    const prizeCoupons = await run<{ id: string }>(this.em, 'select coupon_id as id from lottery_entry where campaign_id = ? and coupon_id is not null', [
      campaignId,
    ]);
    const consolation = await run<{ id: string }>(
      this.em,
      'select consolation_coupon_id as id from lottery_participant where campaign_id = ? and consolation_coupon_id is not null',
      [campaignId],
    );
    return {
      ...entries,
      ...people,
      prizes: await couponFigures(
        this.em,
        prizeCoupons.map((r) => r.id),
      ),
      consolation: await couponFigures(
        this.em,
        consolation.map((r) => r.id),
      ),
    };
  }
}

import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { toGlobalId } from '../../lib/ids';
import { money } from '../../lib/money';
import { keysetPage, type PageArgs } from '../../lib/pagination';
import { count, rows } from '../../lib/sql';
import { ORDERS } from '../orders/queries';
import type { DiscountType, FullReductionBasisEnum, FullReductionType, NewCustomerPriceType } from './campaign-types';

interface DiscountRow {
  id: string;
  name: string;
  sku_id: string;
  percent_off_bp: number | null;
  amount_off: number | null;
  starts_at: string;
  ends_at: string;
  ended_at: string | null;
  live: boolean;
  order_count: string;
  sales: string;
}
interface ReductionRow {
  id: string;
  name: string;
  basis: string;
  tiers: { threshold: number; amountOff: number; freeShipping: boolean; giftTemplateId: string | null }[];
  starts_at: string;
  ends_at: string;
  ended_at: string | null;
  live: boolean;
  order_count: number;
  amount_off_total: number;
  gifts_issued: number;
}
interface NewPriceRow {
  id: string;
  sku_id: string;
  price: number;
  ended_at: string | null;
  order_count: string;
  sales: string;
}

/** A discount's or new-customer price's results: orders not cancelled that bought at it, and what those lines sold for. */
const results = (table: 'discount' | 'new_customer_price') => [
  `(select count(distinct p.order_id) from price_campaign_order p join ${ORDERS} o on o.id = p.order_id where p.campaign_id = ${table}.id and p.kind = '${table}' and o.status <> 'cancelled') as order_count`,
  `(select coalesce(sum(p.sales), 0) from price_campaign_order p join ${ORDERS} o on o.id = p.order_id where p.campaign_id = ${table}.id and p.kind = '${table}' and o.status <> 'cancelled') as sales`,
];
const LIVE = '(ended_at is null and starts_at <= now() and ends_at > now()) as live';
const newestFirst = <Row extends { id: string }>() => [{ sql: 'id', direction: 'desc' as const, value: (r: Row) => r.id }];

export const discountView = (r: DiscountRow): DiscountType =>
  ({
    __typename: 'Discount',
    id: toGlobalId('Discount', r.id),
    skuDbId: r.sku_id,
    name: r.name,
    percentOffBasisPoints: r.percent_off_bp,
    amountOff: r.amount_off == null ? null : money(r.amount_off),
    startsAt: new Date(r.starts_at),
    endsAt: new Date(r.ends_at),
    endedAt: r.ended_at == null ? null : new Date(r.ended_at),
    isLive: r.live,
    orderCount: Number(r.order_count),
    sales: money(Number(r.sales)),
  }) as DiscountType;

export const reductionView = (r: ReductionRow): FullReductionType =>
  ({
    __typename: 'FullReduction',
    id: toGlobalId('FullReduction', r.id),
    name: r.name,
    basis: r.basis.toUpperCase() as FullReductionBasisEnum,
    tiers: r.tiers.map((t) => ({
      thresholdAmount: r.basis === 'amount' ? money(t.threshold) : null,
      thresholdCount: r.basis === 'count' ? t.threshold : null,
      amountOff: money(t.amountOff),
      freeShipping: t.freeShipping,
      giftTemplateDbId: t.giftTemplateId ?? null,
    })),
    startsAt: new Date(r.starts_at),
    endsAt: new Date(r.ends_at),
    endedAt: r.ended_at == null ? null : new Date(r.ended_at),
    isLive: r.live,
    orderCount: Number(r.order_count),
    amountOffTotal: money(Number(r.amount_off_total)),
    giftsIssued: Number(r.gifts_issued),
  }) as FullReductionType;

export const newPriceView = (r: NewPriceRow): NewCustomerPriceType =>
  ({
    __typename: 'NewCustomerPrice',
    id: toGlobalId('NewCustomerPrice', r.id),
    skuDbId: r.sku_id,
    price: money(r.price),
    endedAt: r.ended_at == null ? null : new Date(r.ended_at),
    orderCount: Number(r.order_count),
    sales: money(Number(r.sales)),
  }) as NewCustomerPriceType;

/** Discounts, full reductions and new-customer prices as plain rows, newest first; a full reduction with its results. */
export class CampaignReads {
  constructor(private readonly em: EntityManager) {}

  private get knex() {
    return this.em.getKnex();
  }

  private discountQuery(): Knex.QueryBuilder {
    return this.knex('discount').select(
      'id',
      'name',
      'sku_id',
      'percent_off_bp',
      'amount_off',
      'starts_at',
      'ends_at',
      'ended_at',
      this.knex.raw(LIVE),
      ...results('discount').map((r) => this.knex.raw(r)),
    );
  }

  private reductionQuery(): Knex.QueryBuilder {
    return this.knex('full_reduction as r').select(
      'r.id',
      'r.name',
      'r.basis',
      'r.tiers',
      'r.starts_at',
      'r.ends_at',
      'r.ended_at',
      this.knex.raw('(r.ended_at is null and r.starts_at <= now() and r.ends_at > now()) as live'),
      this.knex.raw('(select count(*) from full_reduction_order f where f.full_reduction_id = r.id) as order_count'),
      this.knex.raw('(select coalesce(sum(f.amount_off), 0) from full_reduction_order f where f.full_reduction_id = r.id) as amount_off_total'),
      this.knex.raw('(select count(f.gift_coupon_id) from full_reduction_order f where f.full_reduction_id = r.id) as gifts_issued'),
    );
  }

  async discount(id: string) {
    return (await rows<DiscountRow>(this.em, this.discountQuery().where('id', id)))[0] ?? null;
  }

  async reduction(id: string) {
    return (await rows<ReductionRow>(this.em, this.reductionQuery().where('r.id', id)))[0] ?? null;
  }

  async newPrice(id: string) {
    return (
      (
        await rows<NewPriceRow>(
          this.em,
          this.knex('new_customer_price')
            .select('id', 'sku_id', 'price', 'ended_at', ...results('new_customer_price').map((r) => this.knex.raw(r)))
            .where('id', id),
        )
      )[0] ?? null
    );
  }

  discountList(args: PageArgs, live?: boolean | null) {
    const where = (q: Knex.QueryBuilder) => (live ? q.whereNull('ended_at').where('starts_at', '<=', new Date()).where('ends_at', '>', new Date()) : q);
    return keysetPage<DiscountRow>(this.em, where(this.discountQuery()), args, newestFirst<DiscountRow>(), () => count(this.em, where(this.knex('discount'))));
  }

  reductionList(args: PageArgs, live?: boolean | null) {
    const where = (q: Knex.QueryBuilder, prefix: string) =>
      live ? q.whereNull(`${prefix}ended_at`).where(`${prefix}starts_at`, '<=', new Date()).where(`${prefix}ends_at`, '>', new Date()) : q;
    return keysetPage<ReductionRow>(this.em, where(this.reductionQuery(), 'r.'), args, [{ sql: 'r.id', direction: 'desc', value: (r) => r.id }], () =>
      count(this.em, where(this.knex('full_reduction'), '')),
    );
  }

  newPriceList(args: PageArgs, active?: boolean | null) {
    const where = (q: Knex.QueryBuilder) => (active ? q.whereNull('ended_at') : q);
    return keysetPage<NewPriceRow>(
      this.em,
      where(this.knex('new_customer_price').select('id', 'sku_id', 'price', 'ended_at', ...results('new_customer_price').map((r) => this.knex.raw(r)))),
      args,
      newestFirst<NewPriceRow>(),
      () => count(this.em, where(this.knex('new_customer_price'))),
    );
  }
}

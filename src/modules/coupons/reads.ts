import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { keysetPage, type PageArgs } from '../../lib/pagination';
import { count, rows } from '../../lib/sql';
import type { RequestContext } from '../../lib/request-context';
import { ordersByIds } from '../orders/queries';
import type { OrderRow } from '../orders/reads';

export interface TemplateRow {
  id: string;
  name: string;
  description: string;
  kind: string;
  amount_off: number | null;
  percent_off_bp: number | null;
  max_discount: number | null;
  threshold: number;
  scope: string;
  product_ids: string[];
  category_ids: string[];
  validity: string;
  valid_from: string | null;
  valid_until: string | null;
  valid_days: number | null;
  total_quantity: number | null;
  issued: number;
  per_customer_limit: number;
  claim_starts_at: string | null;
  claim_ends_at: string | null;
  distribution: string;
  ended_at: string | null;
  created_at: string;
}

export interface CouponRow {
  id: string;
  template_id: string;
  owner_id: string;
  status: string;
  valid_from: string;
  valid_until: string;
  order_id: string | null;
  issued_at: string;
  used_at: string | null;
  amount_off: number | null;
}

const TEMPLATE_COLUMNS = [
  'id',
  'name',
  'description',
  'kind',
  'amount_off',
  'percent_off_bp',
  'max_discount',
  'threshold',
  'scope',
  'product_ids',
  'category_ids',
  'validity',
  'valid_from',
  'valid_until',
  'valid_days',
  'total_quantity',
  'issued',
  'per_customer_limit',
  'claim_starts_at',
  'claim_ends_at',
  'distribution',
  'ended_at',
  'created_at',
];
const COUPON_COLUMNS = ['id', 'template_id', 'owner_id', 'status', 'valid_from', 'valid_until', 'order_id', 'issued_at', 'used_at', 'amount_off'];

const newestFirst = <Row extends { id: string }>() => [{ sql: 'id', direction: 'desc' as const, value: (r: Row) => r.id }];

/** Coupons' read path: plain rows, newest first by id (time-ordered UUIDs). */
export class CouponReads {
  constructor(private readonly em: EntityManager) {}

  private get knex() {
    return this.em.getKnex();
  }

  async template(id: string): Promise<TemplateRow | null> {
    return (await rows<TemplateRow>(this.em, this.knex('coupon_template').select(TEMPLATE_COLUMNS).where('id', id)))[0] ?? null;
  }

  async coupon(id: string): Promise<CouponRow | null> {
    return (await rows<CouponRow>(this.em, this.knex('coupon').select(COUPON_COLUMNS).where('id', id)))[0] ?? null;
  }

  async coupons(ids: string[]): Promise<CouponRow[]> {
    if (ids.length === 0) return [];
    const found = await rows<CouponRow>(this.em, this.knex('coupon').select(COUPON_COLUMNS).whereIn('id', ids));
    const byId = new Map(found.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)!);
  }

  templateList(args: PageArgs, filter: { distributions?: string[] | null; active?: boolean | null; claimableNow?: boolean }) {
    return this.page<TemplateRow>('coupon_template', TEMPLATE_COLUMNS, args, (q) => {
      if (filter.distributions?.length) q.whereIn('distribution', filter.distributions);
      if (filter.active === true) q.whereNull('ended_at');
      if (filter.active === false) q.whereNotNull('ended_at');
      if (filter.claimableNow) {
        q.where('distribution', 'claimable')
          .whereNull('ended_at')
          .whereRaw('(total_quantity is null or issued < total_quantity)')
          .whereRaw('(claim_ends_at is null or claim_ends_at > now())')
          .whereRaw("(validity <> 'fixed' or valid_until > now())");
      }
    });
  }

  couponList(args: PageArgs, filter: { statuses?: string[] | null; templateId?: string | null; ownerId?: string | null }) {
    return this.page<CouponRow>('coupon', COUPON_COLUMNS, args, (q) => {
      if (filter.statuses?.length) q.whereIn('status', filter.statuses);
      if (filter.templateId) q.where('template_id', filter.templateId);
      if (filter.ownerId) q.where('owner_id', filter.ownerId);
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

/** Per-request batching: templates by id, and each template's coupon counts by status. */
export class CouponLoaders {
  readonly template: DataLoader<string, TemplateRow | null>;
  readonly stats: DataLoader<string, Record<string, number>>;
  readonly coupon: DataLoader<string, CouponRow | null>;
  readonly byOrder: DataLoader<string, CouponRow | null>;
  /** Orders by id (a coupon's order), in one statement per request. */
  readonly order: DataLoader<string, OrderRow | null>;

  constructor(em: EntityManager) {
    const knex = em.getKnex();
    this.template = new DataLoader(async (ids) => {
      const found = await rows<TemplateRow>(
        em,
        knex('coupon_template')
          .select(TEMPLATE_COLUMNS)
          .whereIn('id', ids as string[]),
      );
      const byId = new Map(found.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    });
    this.coupon = new DataLoader(async (ids) => {
      const found = await rows<CouponRow>(
        em,
        knex('coupon')
          .select(COUPON_COLUMNS)
          .whereIn('id', ids as string[]),
      );
      const byId = new Map(found.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    });
    this.byOrder = new DataLoader(async (orderIds) => {
      const found = await rows<CouponRow>(
        em,
        knex('coupon')
          .select(COUPON_COLUMNS)
          .whereIn('order_id', orderIds as string[]),
      );
      const byOrder = new Map(found.map((r) => [r.order_id, r]));
      return orderIds.map((id) => byOrder.get(id) ?? null);
    });
    this.order = new DataLoader(async (ids) => {
      const found = await ordersByIds(em, ids);
      const byId = new Map(found.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    });
    this.stats = new DataLoader(async (ids) => {
      const found = await rows<{ template_id: string; status: string; n: string }>(
        em,
        knex('coupon')
          .select('template_id', 'status')
          .count({ n: '*' })
          .whereIn('template_id', ids as string[])
          .groupBy('template_id', 'status'),
      );
      return ids.map((id) => Object.fromEntries(found.filter((r) => r.template_id === id).map((r) => [r.status, Number(r.n)])));
    });
  }
}

/** One set per request (`ctx.use`): a DataLoader's cache must not outlive the request. */
export const couponLoaders = (ctx: RequestContext): CouponLoaders => new CouponLoaders(ctx.em);

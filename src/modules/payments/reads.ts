import DataLoader from 'dataloader';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { keysetPage, type PageArgs } from '../../lib/pagination';
import { count, rows } from '../../lib/sql';
import { ORDERS } from '../orders/queries';
import type { AfterSaleLine } from './entities';
import type { RequestContext } from '../../lib/request-context';

/** Payments' read path: plain rows, batched per request by order. */
export interface PaymentRow {
  id: string;
  order_id: string;
  customer_id: string;
  provider: string;
  provider_payment_id: string;
  amount: number;
  refunded_amount: number;
  status: string;
  redirect_url: string;
  token: string;
  return_url: string | null;
  created_at: string;
  succeeded_at: string | null;
  failed_at: string | null;
}

export interface RefundRow {
  id: string;
  order_id: string;
  customer_id: string;
  payment_id: string;
  kind: string;
  amount: number;
  shipping_amount: number;
  reason: string;
  provider_refund_id: string;
  created_at: string;
  lines: { order_line_id: string; quantity: number; amount: number; restocked: boolean }[];
}

export interface AfterSaleRow {
  id: string;
  order_id: string;
  customer_id: string;
  status: string;
  lines: AfterSaleLine[] | null;
  reason: string;
  decision_reason: string | null;
  decided_at: string | null;
  refund_id: string | null;
  created_at: string;
}

function payments(knex: Knex) {
  return knex('payment as p')
    .join(knex.raw(`${ORDERS} as o`), 'o.id', 'p.order_id')
    .select(
      'p.id',
      'p.order_id',
      'o.customer_id',
      'p.provider',
      'p.provider_payment_id',
      'p.amount',
      'p.refunded_amount',
      'p.status',
      'p.redirect_url',
      'p.token',
      'p.return_url',
      'p.created_at',
      'p.succeeded_at',
      'p.failed_at',
    );
}

function refunds(knex: Knex) {
  return knex('refund as r')
    .join(knex.raw(`${ORDERS} as o`), 'o.id', 'r.order_id')
    .select(
      'r.id',
      'r.order_id',
      'o.customer_id',
      'r.payment_id',
      'r.kind',
      'r.amount',
      'r.shipping_amount',
      'r.reason',
      'r.provider_refund_id',
      'r.created_at',
    )
    .select(
      knex.raw(`coalesce((select json_agg(json_build_object('order_line_id', l.order_line_id, 'quantity', l.quantity, 'amount', l.amount, 'restocked', l.restocked) order by l.order_line_id)
                 from refund_line l where l.refund_id = r.id), '[]') as lines`),
    );
}

function afterSales(knex: Knex) {
  return knex('after_sale_request as a')
    .join(knex.raw(`${ORDERS} as o`), 'o.id', 'a.order_id')
    .select('a.id', 'a.order_id', 'o.customer_id', 'a.status', 'a.lines', 'a.reason', 'a.decision_reason', 'a.decided_at', 'a.refund_id', 'a.created_at');
}

function byOrder<Row extends { order_id: string }>(orderIds: readonly string[], found: Row[]): Row[][] {
  const grouped = new Map<string, Row[]>(orderIds.map((id) => [id, []]));
  for (const row of found) grouped.get(row.order_id)!.push(row);
  return orderIds.map((id) => grouped.get(id)!);
}

export class PaymentReads {
  constructor(private readonly em: EntityManager) {}

  async payment(id: string): Promise<PaymentRow | null> {
    return (await rows<PaymentRow>(this.em, payments(this.em.getKnex()).where('p.id', id)))[0] ?? null;
  }

  async refund(id: string): Promise<RefundRow | null> {
    return (await rows<RefundRow>(this.em, refunds(this.em.getKnex()).where('r.id', id)))[0] ?? null;
  }

  async afterSale(id: string): Promise<AfterSaleRow | null> {
    return (await rows<AfterSaleRow>(this.em, afterSales(this.em.getKnex()).where('a.id', id)))[0] ?? null;
  }

  /** After-sale requests, newest first, optionally only in some statuses. */
  afterSaleList(args: PageArgs, filter: { statuses?: string[] | null }) {
    const knex = this.em.getKnex();
    const build = () => {
      const q = knex('after_sale_request as a');
      if (filter.statuses?.length) q.whereIn('a.status', filter.statuses);
      return q;
    };
    const select = afterSales(knex);
    if (filter.statuses?.length) select.whereIn('a.status', filter.statuses);
    return keysetPage<AfterSaleRow>(
      this.em,
      select,
      args,
      [
        { sql: 'a.created_at', direction: 'desc', value: (r) => r.created_at },
        { sql: 'a.id', direction: 'desc', value: (r) => r.id },
      ],
      () => count(this.em, build()),
    );
  }
}

/** Built per request, over its EntityManager, when the request first asks (`ctx.use`). */
export const paymentReads = (ctx: RequestContext): PaymentReads => new PaymentReads(ctx.em);

/** One set per request: an order's payments, refunds and after-sale requests, each in one query per page of orders. */
export class PaymentLoaders {
  constructor(private readonly em: EntityManager) {}

  readonly paymentsByOrder = new DataLoader<string, PaymentRow[]>(async (orderIds) =>
    byOrder(
      orderIds,
      await rows<PaymentRow>(
        this.em,
        payments(this.em.getKnex())
          .whereIn('p.order_id', orderIds as string[])
          .orderBy('p.id'),
      ),
    ),
  );

  readonly refundsByOrder = new DataLoader<string, RefundRow[]>(async (orderIds) =>
    byOrder(
      orderIds,
      await rows<RefundRow>(
        this.em,
        refunds(this.em.getKnex())
          .whereIn('r.order_id', orderIds as string[])
          .orderBy('r.sequence'),
      ),
    ),
  );

  readonly afterSalesByOrder = new DataLoader<string, AfterSaleRow[]>(async (orderIds) =>
    byOrder(
      orderIds,
      await rows<AfterSaleRow>(
        this.em,
        afterSales(this.em.getKnex())
          .whereIn('a.order_id', orderIds as string[])
          .orderBy('a.id'),
      ),
    ),
  );
}

/** One set per request (`ctx.use`): a DataLoader's cache must not outlive the request. */
export const paymentLoaders = (ctx: RequestContext): PaymentLoaders => new PaymentLoaders(ctx.em);

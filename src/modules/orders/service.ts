import { randomInt } from 'node:crypto';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { checkAddress, type Address } from '../../lib/address';
import { CatalogService, catalogService } from '../catalog/service';
import { addProductSales, type SkuForSale } from '../catalog/queries';
import { productStatus, ProductStatus } from '../catalog/rules';
import { MAX_LINE_QUANTITY, OrderStatus } from './entities';
import { OrderErrorCode as E } from './errors';
import { recordEvent, transition } from './lifecycle';
import { orderHooks } from './hooks';
import { orderSettings } from './settings';
import type { RequestContext } from '../../lib/request-context';

/** Name of the per-order unpaid timer job (handled in jobs.ts). */
export const CANCEL_UNPAID = 'orders.cancel-unpaid';

export interface LineInput {
  skuId: string | null;
  quantity: number;
}

/** The inline shipping address of a checkout: lib/address.ts's rule. */
export type AddressInput = Address;

export interface PayableOrder {
  id: string;
  number: string;
  status: OrderStatus;
  total: number;
  paymentDueAt: Date;
}

/** An order with its lines as a refund sees them: what was bought, and what is already refunded. */
export interface RefundableOrder {
  id: string;
  number: string;
  customerId: string;
  status: OrderStatus;
  total: number;
  refundedTotal: number;
  shippingFee: number;
  receivedAt: Date | null;
  lines: {
    id: string;
    skuId: string;
    productName: string;
    skuCode: string;
    quantity: number;
    total: number;
    refundedQuantity: number;
    refundedAmount: number;
  }[];
}

export const MAX_ORDER_LINES = 50;
export const MAX_CANCEL_REASON_LENGTH = 200;
export const MAX_CARRIER_LENGTH = 40;
export const MAX_TRACKING_NUMBER_LENGTH = 40;
const TRACKING_NUMBER = new RegExp(`^[A-Za-z0-9-]{4,${MAX_TRACKING_NUMBER_LENGTH}}$`);
/** Sweeps handle at most this many orders per statement, so one run never holds locks for long. */
const SWEEP_BATCH = 500;

export function saleStatus(sku: SkuForSale): ProductStatus {
  return productStatus(sku.publication, sku.sale_starts_at == null ? null : new Date(sku.sale_starts_at));
}

/** Merges repeated SKUs and checks quantities; the field paths point into the input. */
export function normalizeLines(lines: LineInput[]): { skuId: string; quantity: number }[] {
  if (lines.length === 0) throw new DomainError(E.EMPTY_ORDER, 'Nothing to order: add at least one line', ['input', 'lines']);
  if (lines.length > MAX_ORDER_LINES) throw new DomainError(E.TOO_MANY_LINES, `At most ${MAX_ORDER_LINES} lines per order`, ['input', 'lines']);
  const merged = new Map<string, number>();
  lines.forEach((line, i) => {
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_LINE_QUANTITY) {
      throw new DomainError(E.INVALID_QUANTITY, `Quantity must be from 1 to ${MAX_LINE_QUANTITY}`, ['input', 'lines', String(i), 'quantity']);
    }
    if (!line.skuId) throw new DomainError(E.SKU_NOT_FOUND, 'No SKU has this id', ['input', 'lines', String(i), 'skuId']);
    merged.set(line.skuId, (merged.get(line.skuId) ?? 0) + line.quantity);
  });
  for (const [skuId, quantity] of merged) {
    if (quantity > MAX_LINE_QUANTITY) throw new DomainError(E.INVALID_QUANTITY, `At most ${MAX_LINE_QUANTITY} of one SKU per order`, ['input', 'lines', skuId]);
  }
  return [...merged].map(([skuId, quantity]) => ({ skuId, quantity }));
}

export function cleanAddress(address: AddressInput): AddressInput {
  const { clean, fault } = checkAddress(address);
  if (fault) throw new DomainError(E.INVALID_ADDRESS, fault.message, ['input', 'shippingAddress', fault.field]);
  return clean;
}

/** Lets held orders (a group-buy session that succeeded) go on to shipping; inside the caller's transaction. */
export async function releaseFulfilmentHolds(tx: EntityManager, orderIds: string[]): Promise<void> {
  if (orderIds.length === 0) return;
  await tx
    .getConnection()
    .execute(
      'update customer_order set fulfilment_hold = false, updated_at = now() where id = any(?::uuid[]) and fulfilment_hold',
      [`{${orderIds.join(',')}}`],
      'run',
      tx.getTransactionContext(),
    );
}

/**
 * Ends the time to pay these unpaid orders now (a group-buy seat that closed): no new payment can
 * start, and the unpaid-order sweep cancels them and returns their stock. Inside the caller's transaction.
 */
export async function closePaymentWindow(tx: EntityManager, orderIds: string[]): Promise<void> {
  if (orderIds.length === 0) return;
  await tx
    .getConnection()
    .execute(
      `update customer_order set payment_due_at = least(payment_due_at, now()), updated_at = now() where id = any(?::uuid[]) and status = 'pending_payment'`,
      [`{${orderIds.join(',')}}`],
      'run',
      tx.getTransactionContext(),
    );
}

export function orderNumber(now = new Date()): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '');
  return `${day}${String(randomInt(0, 1e10)).padStart(10, '0')}`;
}

/** Orders: every transition after checkout (checkout.ts). Each public method is one transaction. */
export class OrderService {
  constructor(
    private readonly em: EntityManager,
    private readonly catalog: CatalogService,
  ) {}

  /** The buyer cancels an unpaid order; its stock goes back. */
  async cancelByBuyer(orderId: string | null, customerId: string, reason: string | null): Promise<void> {
    await this.em.transactional(async (tx) => {
      if (!orderId) throw new DomainError(E.ORDER_NOT_FOUND, 'No order of yours has this id', ['orderId']);
      await transition(tx, orderId, 'cancel', { customerId, extra: { cancel_reason: reason?.trim() || 'cancelled by the buyer' }, payload: { by: 'buyer' } });
      await this.returnStock(tx, orderId);
      // Order hooks: the `orderHooks` of the modules in src/modules/index.ts, in that order.
      for (const hooks of orderHooks) await hooks.cancelled?.(tx, orderId);
    });
  }

  /**
   * Cancels unpaid orders whose payment time is up, returning their stock. Run by the per-order
   * timer and by the periodic sweep; safe to run anywhere at once: each order is claimed with
   * SKIP LOCKED and its transition is conditional. Returns how many it cancelled.
   */
  async cancelOverdue(orderIds?: string[]): Promise<number> {
    return this.em.transactional(async (tx) => {
      const due = await tx.getConnection().execute<{ id: string }[]>(
        `select id from customer_order where status = 'pending_payment' and payment_due_at <= now()
           ${orderIds ? `and id in (${orderIds.map(() => '?').join(', ')})` : ''}
          order by payment_due_at limit ${SWEEP_BATCH} for update skip locked`,
        orderIds ?? [],
        'all',
        tx.getTransactionContext(),
      );
      for (const { id } of due) {
        await transition(tx, id, 'cancel', { extra: { cancel_reason: 'not paid in time' }, payload: { by: 'timeout' } });
        await this.returnStock(tx, id);
        // Order hooks: the `orderHooks` of the modules in src/modules/index.ts, in that order.
        for (const hooks of orderHooks) await hooks.cancelled?.(tx, id);
      }
      return due.length;
    });
  }

  /** Payment confirmed (called by the payments module inside its transaction). */
  async markPaid(tx: EntityManager, orderId: string, payload: Record<string, unknown>): Promise<'paid' | 'not-payable'> {
    // Order hooks: the `orderHooks` of the modules in src/modules/index.ts, in that order.
    for (const hooks of orderHooks) {
      const refused = await hooks.refusePayment?.(tx, orderId);
      if (!refused) continue;
      // The campaign cannot take this payment (e.g. its group-buy session closed): the order is
      // cancelled here, and the caller gives the payment back as for any cancelled order.
      const cancelled = await transition(tx, orderId, 'cancel', {
        extra: { cancel_reason: refused.slice(0, 200) },
        payload: { by: 'campaign', reason: refused },
      }).then(
        () => true,
        (err) => {
          if (err instanceof DomainError && err.code === E.ILLEGAL_TRANSITION) return false;
          throw err;
        },
      );
      if (cancelled) await this.returnStock(tx, orderId);
      return 'not-payable';
    }
    try {
      // Writes `order.paid` to the outbox: after commit, events.ts delivers it to the
      // `orderEventSubscribers` of the modules in src/modules/index.ts, in that order.
      await transition(tx, orderId, 'pay', { payload });
    } catch (err) {
      if (err instanceof DomainError && err.code === E.ILLEGAL_TRANSITION) return 'not-payable';
      throw err;
    }
    await addProductSales(tx, tx.getKnex()('order_line').select('product_id').sum({ quantity: 'quantity' }).where('order_id', orderId).groupBy('product_id'));
    // Order hooks: the `orderHooks` of the modules in src/modules/index.ts, in that order.
    for (const hooks of orderHooks) await hooks.paid?.(tx, orderId);
    return 'paid';
  }

  /** The buyer's order as paying it needs it; null when there is no such order of this buyer. */
  async forPayment(tx: EntityManager, orderId: string, customerId: string): Promise<PayableOrder | null> {
    const [row] = await tx
      .getConnection()
      .execute<{ id: string; number: string; status: OrderStatus; total: number; payment_due_at: string }[]>(
        'select id, number, status, total, payment_due_at from customer_order where id = ? and customer_id = ?',
        [orderId, customerId],
        'all',
        tx.getTransactionContext(),
      );
    return row ? { id: row.id, number: row.number, status: row.status, total: row.total, paymentDueAt: new Date(row.payment_due_at) } : null;
  }

  /**
   * Locks the order (FOR UPDATE) and reads what a refund needs, lines included, inside the caller's
   * transaction: refunds of one order run one after the other, each seeing what the last one left.
   */
  async lockForRefund(tx: EntityManager, orderId: string): Promise<RefundableOrder | null> {
    const conn = tx.getConnection();
    const ctx = tx.getTransactionContext<Knex.Transaction>();
    const [order] = await conn.execute<
      {
        id: string;
        number: string;
        customer_id: string;
        status: OrderStatus;
        total: number;
        refunded_total: number;
        shipping_fee: number;
        received_at: string | null;
      }[]
    >(
      'select id, number, customer_id, status, total, refunded_total, shipping_fee, received_at from customer_order where id = ? for update',
      [orderId],
      'all',
      ctx,
    );
    if (!order) return null;
    const lines = await conn.execute<
      {
        id: string;
        sku_id: string;
        product_name: string;
        sku_code: string;
        quantity: number;
        total: number;
        refunded_quantity: number;
        refunded_amount: number;
      }[]
    >(
      'select id, sku_id, product_name, sku_code, quantity, total, refunded_quantity, refunded_amount from order_line where order_id = ? order by id',
      [orderId],
      'all',
      ctx,
    );
    return {
      id: order.id,
      number: order.number,
      customerId: order.customer_id,
      status: order.status,
      total: order.total,
      refundedTotal: order.refunded_total,
      shippingFee: order.shipping_fee,
      receivedAt: order.received_at == null ? null : new Date(order.received_at),
      lines: lines.map((l) => ({
        id: l.id,
        skuId: l.sku_id,
        productName: l.product_name,
        skuCode: l.sku_code,
        quantity: l.quantity,
        total: l.total,
        refundedQuantity: l.refunded_quantity,
        refundedAmount: l.refunded_amount,
      })),
    };
  }

  /**
   * Books a refund on an order locked by lockForRefund, inside the caller's transaction: conditional
   * updates of each line's and the order's refunded amounts (they change only while they stay within
   * what was bought and paid), the stock back when the goods never shipped, the `order.refunded`
   * event, and — refunded in full before shipping — the order closed (CANCELLED). Returns whether
   * stock went back, or null when an update found the amounts already taken: the caller must then
   * abandon its transaction.
   */
  async bookRefund(
    tx: EntityManager,
    order: RefundableOrder,
    refund: { refundId: string; amount: number; lines: { orderLineId: string; quantity: number; amount: number }[] },
  ): Promise<{ restocked: boolean } | null> {
    const conn = tx.getConnection();
    const ctx = tx.getTransactionContext<Knex.Transaction>();
    for (const line of refund.lines) {
      const updated = await conn.execute<{ id: string }[]>(
        `update order_line set refunded_quantity = refunded_quantity + ?, refunded_amount = refunded_amount + ?
          where id = ? and order_id = ? and refunded_quantity + ? <= quantity and refunded_amount + ? <= total returning id`,
        [line.quantity, line.amount, line.orderLineId, order.id, line.quantity, line.amount],
        'all',
        ctx,
      );
      if (updated.length === 0) return null;
    }
    const [booked] = await conn.execute<{ refunded_total: number; total: number }[]>(
      'update customer_order set refunded_total = refunded_total + ?, updated_at = now() where id = ? and refunded_total + ? <= total returning refunded_total, total',
      [refund.amount, order.id, refund.amount],
      'all',
      ctx,
    );
    if (!booked) return null;
    // Only a paid order's goods are still in the warehouse; once shipped they are with the buyer.
    const restocked = order.status === OrderStatus.PAID;
    if (restocked) {
      const skuOf = new Map(order.lines.map((l) => [l.id, l.skuId]));
      await this.catalog.returnStock(
        tx,
        refund.lines.map((l) => ({ skuId: skuOf.get(l.orderLineId)!, quantity: l.quantity })),
        `order ${order.number} refunded`,
      );
    }
    await recordEvent(tx, order.id, 'order.refunded', { refundId: refund.refundId, amount: refund.amount, lines: refund.lines, restocked });
    if (restocked && booked.refunded_total === booked.total) {
      await transition(tx, order.id, 'close', {
        extra: { cancel_reason: 'refunded in full before shipping' },
        payload: { by: 'refund', refundId: refund.refundId },
      });
    }
    const restockedUnits = restocked ? refund.lines.reduce((n, l) => n + l.quantity, 0) : 0;
    // Order hooks: the `orderHooks` of the modules in src/modules/index.ts, in that order.
    for (const hooks of orderHooks) await hooks.refunded?.(tx, order.id, restockedUnits);
    return { restocked };
  }

  async ship(orderId: string | null, shipment: { carrier: string; trackingNumber: string }): Promise<void> {
    const carrier = shipment.carrier.trim();
    const trackingNumber = shipment.trackingNumber.trim();
    if (carrier.length < 2 || carrier.length > MAX_CARRIER_LENGTH)
      throw new DomainError(E.INVALID_SHIPMENT, `Carrier must be 2 to ${MAX_CARRIER_LENGTH} characters`, ['input', 'carrier']);
    if (!TRACKING_NUMBER.test(trackingNumber))
      throw new DomainError(E.INVALID_SHIPMENT, `Tracking number must be 4 to ${MAX_TRACKING_NUMBER_LENGTH} letters, digits or hyphens`, [
        'input',
        'trackingNumber',
      ]);
    await this.em.transactional(async (tx) => {
      if (!orderId) throw new DomainError(E.ORDER_NOT_FOUND, 'No order has this id', ['orderId']);
      await transition(tx, orderId, 'ship', { extra: { carrier, tracking_number: trackingNumber }, payload: { carrier, trackingNumber } });
    });
  }

  async confirmReceipt(orderId: string | null, customerId: string): Promise<void> {
    await this.em.transactional(async (tx) => {
      if (!orderId) throw new DomainError(E.ORDER_NOT_FOUND, 'No order of yours has this id', ['orderId']);
      await transition(tx, orderId, 'receive', { customerId, payload: { by: 'buyer' } });
    });
  }

  /** Shipped orders the buyer never confirmed are received automatically after the set days. */
  async receiveOverdue(): Promise<number> {
    return this.sweep(
      `select o.id from customer_order o, order_settings s
        where s.id = 1 and o.status = 'shipped' and o.shipped_at + make_interval(days => s.auto_receive_days) <= now()`,
      'receive',
      { by: 'timeout' },
    );
  }

  /** Received orders complete when the after-sale window closes. */
  async completeDue(): Promise<number> {
    return this.sweep(
      `select o.id from customer_order o, order_settings s
        where s.id = 1 and o.status = 'received' and o.received_at + make_interval(days => s.after_sale_days) <= now()`,
      'complete',
      {},
    );
  }

  private async sweep(select: string, name: 'receive' | 'complete', payload: Record<string, unknown>): Promise<number> {
    await orderSettings(this.em);
    return this.em.transactional(async (tx) => {
      const due = await tx
        .getConnection()
        .execute<{ id: string }[]>(`${select} limit ${SWEEP_BATCH} for update of o skip locked`, [], 'all', tx.getTransactionContext());
      for (const { id } of due) await transition(tx, id, name, { payload });
      return due.length;
    });
  }

  private async returnStock(tx: EntityManager, orderId: string): Promise<void> {
    const [order] = await tx
      .getConnection()
      .execute<{ number: string }[]>('select number from customer_order where id = ?', [orderId], 'all', tx.getTransactionContext());
    const lines = await tx.getConnection().execute<{ sku_id: string; quantity: number }[]>(
      // A line whose units a sale channel holds (a live quota) is given back by that channel's `cancelled` hook.
      'select sku_id, quantity from order_line where order_id = ? and stock_from_sku',
      [orderId],
      'all',
      tx.getTransactionContext(),
    );
    await this.catalog.returnStock(
      tx,
      lines.map((l) => ({ skuId: l.sku_id, quantity: l.quantity })),
      `order ${order.number} cancelled`,
    );
  }
}

/** Built per request, over its EntityManager, when the request first asks (`ctx.use`). */
export const orderService = (ctx: RequestContext): OrderService => new OrderService(ctx.em, ctx.use(catalogService));

export { OrderStatus };

import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { idempotent } from '../../lib/idempotency';
import { JOB_QUEUE, type JobQueue } from '../../lib/jobs';
import type { ActivityPrice, PriceBreakdown } from '../../lib/pricing/step';
import { CatalogService, catalogService } from '../catalog/service';
import { ProductStatus } from '../catalog/rules';
import { Sku } from '../catalog/entities';
import { Account } from '../accounts/entities';
import { Role } from '../../lib/roles';
import { skusForSale } from '../catalog/queries';
import { currentRole } from '../accounts/roles';
import { StorefrontApp } from '../storefronts/entities';
import { Order, OrderLine } from './entities';
import { OrderErrorCode as E } from './errors';
import { recordEvent } from './lifecycle';
import { priceLines, ORDER_PRICING, type OrderPricing, type PricingRequest } from './pricing';
import { CANCEL_UNPAID, cleanAddress, normalizeLines, orderNumber, saleStatus, type AddressInput, type LineInput } from './service';
import { orderSettings } from './settings';
import type { RequestContext } from '../../lib/request-context';

export interface Buyer {
  accountId: string;
  role: Role;
  storefrontAppId: string;
}

/**
 * A campaign's part in a checkout (group-buy, bargain), run inside the checkout transaction: it
 * checks its rules and takes its seats or limits, sets the lines' activity prices, may hold the
 * order back from shipping, and links itself to the order once it exists. Its other fields are
 * part of the idempotency key's input.
 */
export interface CheckoutActivity {
  [input: string]: unknown;
  apply(
    tx: EntityManager,
    buyer: Buyer,
    lines: { skuId: string; quantity: number }[],
  ): Promise<{ prices: Map<string, ActivityPrice>; fulfilmentHold: boolean; attach(tx: EntityManager, orderId: string): Promise<void> }>;
}

/**
 * Checkout and its price preview, priced alike by the composed pricing the request context hands
 * in (src/server/pricing.ts): the steps, what they load and what a checkout commits for them.
 */
export class CheckoutService<Breakdown extends PriceBreakdown = PriceBreakdown> {
  constructor(
    private readonly em: EntityManager,
    private readonly catalog: CatalogService,
    private readonly pricing: OrderPricing<Breakdown>,
    private readonly jobs?: JobQueue,
  ) {}

  /**
   * Turns lines into an order: checks every SKU is on sale, prices the lines, takes the stock
   * atomically and writes the order, its lines, its attribution (share link, shop — whose prices
   * pricing uses — and inviter) and its `order.created` event — all in one transaction, so a
   * refusal anywhere leaves nothing behind.
   */
  async place(
    buyer: Buyer,
    input: {
      lines: LineInput[];
      shippingAddress: AddressInput;
      idempotencyKey?: string | null;
      cartId?: string | null;
      shareToken?: string | null;
      couponId?: string | null;
      noCoupon?: boolean | null;
      activity?: CheckoutActivity;
    },
  ): Promise<{ orderId: string }> {
    const lines = normalizeLines(input.lines);
    const address = cleanAddress(input.shippingAddress);
    // A replay must answer what the first call did, so only a checkout without a key is refused early.
    // A campaign checkout (group-buy, bargain) is priced by the campaign, so nothing else refuses it early.
    if (!input.idempotencyKey && !input.activity) await this.pricing.refuseEarly(this.em, lines);
    const placed = await idempotent(
      this.em,
      { operation: 'checkout', callerId: buyer.accountId, key: input.idempotencyKey, input: { ...input, lines, shippingAddress: address } },
      async (tx) => {
        const skus = await skusForSale(
          tx,
          lines.map((l) => l.skuId),
        );
        lines.forEach((line, i) => {
          const sku = skus.get(line.skuId);
          if (!sku) throw new DomainError(E.SKU_NOT_FOUND, 'No SKU has this id', ['input', 'lines', String(i), 'skuId']);
          const status = saleStatus(sku);
          if (status !== ProductStatus.ON_SALE) {
            throw new DomainError(
              E.NOT_BUYABLE,
              `${sku.product_name} (${sku.code}) cannot be bought: it is ${status === ProductStatus.PREVIEW ? `a preview, on sale from ${sku.sale_starts_at}` : 'off sale'}`,
              ['input', 'lines', String(i), 'skuId'],
            );
          }
        });
        const activity = input.activity ? await input.activity.apply(tx, buyer, lines) : null;
        const source = await this.pricing.attribute(tx, buyer.accountId, input.shareToken?.trim() || null, [
          ...new Set([...skus.values()].map((s) => s.product_id)),
        ]);
        const request: PricingRequest = {
          accountId: buyer.accountId,
          couponId: input.couponId,
          noCoupon: input.noCoupon,
          lines,
          activitySkuIds: activity ? new Set(activity.prices.keys()) : undefined,
        };
        const price = await this.pricing.load(tx, request);
        // A campaign the buyer chose for this order (group-buy, bargain) prices its lines: its price beats a flash sale's.
        const breakdown = await priceLines(
          tx,
          price,
          lines,
          skus,
          (await currentRole(tx, buyer.accountId)) === Role.MEMBER,
          source.shopPrices,
          activity?.prices,
        );
        const settings = await orderSettings(tx);
        const number = orderNumber();

        const order = tx.create(Order, {
          number,
          customer: tx.getReference(Account, buyer.accountId),
          storefrontApp: tx.getReference(StorefrontApp, buyer.storefrontAppId),
          subtotal: breakdown.subtotal,
          discountTotal: breakdown.discountTotal,
          shippingFee: breakdown.shippingFee,
          total: breakdown.total,
          adjustments: breakdown.adjustments,
          shipName: address.name,
          shipPhone: address.phone,
          shipRegion: address.region,
          shipDetail: address.detail,
          paymentDueAt: new Date(Date.now() + settings.unpaidTimeoutMinutes * 60_000),
          fulfilmentHold: activity?.fulfilmentHold ?? false,
        } as never);
        breakdown.lines.forEach((priced) => {
          const sku = skus.get(priced.skuId)!;
          tx.create(OrderLine, {
            order,
            sku: tx.getReference(Sku, sku.id),
            productId: sku.product_id,
            productName: sku.product_name,
            skuCode: sku.code,
            specs: sku.specs,
            unitPrice: priced.unitPrice,
            listPrice: sku.price,
            priceReason: priced.priceReason,
            quantity: priced.quantity,
            discount: priced.subtotal - priced.total,
            total: priced.total,
          } as never);
        });
        await tx.flush();
        await this.pricing.commit(tx, breakdown, order.id, buyer.accountId);
        await source.record(tx, order.id);
        await activity?.attach(tx, order.id);
        await recordEvent(tx, order.id, 'order.created', { number, total: order.total });
        if (input.cartId) {
          // What was bought leaves the cart; anything else in it stays.
          await tx
            .getConnection()
            .execute(
              `delete from cart_line where cart_id = ? and sku_id in (${lines.map(() => '?').join(', ')})`,
              [input.cartId, ...lines.map((l) => l.skuId)],
              'run',
              tx.getTransactionContext(),
            );
        }
        // Stock last: its row locks are held until commit, so taking it at the end keeps a hot SKU
        // locked for the fewest statements. A shortfall still rolls back everything above.
        await this.pricing.takeStock(tx, breakdown, order.id, buyer.accountId);
        await this.catalog.takeStock(tx, lines, `order ${number}`);
        return { orderId: order.id, paymentDueAt: order.paymentDueAt.toISOString() };
      },
    );
    // After the commit: the timer that cancels it unpaid. If this fails, the minute sweep does it.
    await this.jobs
      ?.send(CANCEL_UNPAID, { orderId: placed.orderId }, { startAfter: new Date(placed.paymentDueAt), singletonKey: placed.orderId })
      .catch(() => undefined);
    return { orderId: placed.orderId };
  }

  /**
   * The price preview (`priceCart`): the lines priced as checkout prices them — the same steps
   * over what the same loaders find (flash sales, price campaigns, coupons) — without writing
   * anything. Shop prices need the share link the buyer came through, which checkout resolves; the
   * preview prices without them, as the cart does.
   */
  async preview(
    buyer: { accountId: string; isMember: boolean },
    lines: LineInput[],
    coupon: Pick<PricingRequest, 'couponId' | 'noCoupon'>,
  ): Promise<Breakdown> {
    const normalized = normalizeLines(lines);
    const skus = await skusForSale(
      this.em,
      normalized.map((l) => l.skuId),
    );
    normalized.forEach((line, i) => {
      const sku = skus.get(line.skuId);
      if (!sku) throw new DomainError(E.SKU_NOT_FOUND, 'No SKU has this id', ['input', 'lines', String(i), 'skuId']);
      if (saleStatus(sku) !== ProductStatus.ON_SALE)
        throw new DomainError(E.NOT_BUYABLE, `${sku.product_name} (${sku.code}) cannot be bought now`, ['input', 'lines', String(i), 'skuId']);
    });
    const price = await this.pricing.load(this.em, { accountId: buyer.accountId, ...coupon, lines: normalized });
    return priceLines(this.em, price, normalized, skus, buyer.isMember);
  }
}

/** Built per request, over its EntityManager, when the request first asks (`ctx.use`). */
export const checkoutService = (ctx: RequestContext): CheckoutService =>
  new CheckoutService(ctx.em, ctx.use(catalogService), ctx.need(ORDER_PRICING), ctx.need(JOB_QUEUE));

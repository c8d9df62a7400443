import type { EntityManager } from '@mikro-orm/postgresql';
import { MAX_PLACEMENT_LENGTH, PLACEMENT_PATTERN } from '../../lib/bounds';
import { DomainError } from '../../lib/errors';
import { uuidv7 } from '../../lib/ids';
import { idempotent } from '../../lib/idempotency';
import { JOB_QUEUE, type JobQueue } from '../../lib/jobs';
import { ChoiceTaken } from '../../lib/pricing/choice-taken';
import type { ActivityPrice, PriceBreakdown } from '../../lib/pricing/step';
import type { RequestContext } from '../../lib/request-context';
import { Role } from '../../lib/roles';
import { runStatement, type StatementPart } from '../../lib/sql';
import { roleForShareSql, savedAddressSql } from '../accounts/queries';
import { firstShortSku, skusForSaleFound, skusForSaleQuery, takeStockPart, type SkuForSale } from '../catalog/queries';
import { ProductStatus } from '../catalog/rules';
import { OrderErrorCode as E } from './errors';
import { placementLineIds, placementPart, type Placed, type Placement } from './placement';
import { priceWith, ORDER_PRICING, type OrderPricing, type PricingRequest } from './pricing';
import { CANCEL_UNPAID, cleanAddress, normalizeLines, orderNumber, saleStatus, type AddressInput, type LineInput } from './service';
import { orderSettingsQuery, type CheckoutSettings } from './settings';

export interface Buyer {
  accountId: string;
  role: Role;
  storefrontAppId: string;
  /** The storefront app's name, for the explanation of a line the buy button won. */
  storefrontName?: string;
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
    private readonly pricing: OrderPricing<Breakdown>,
    private readonly jobs?: JobQueue,
  ) {}

  /**
   * Turns lines into an order: checks every SKU is on sale, prices the lines, takes the stock
   * atomically and writes the order, its lines, its attribution (share link, shop — whose prices
   * pricing uses — and inviter) and its `order.created` event — all in one transaction, so a
   * refusal anywhere leaves nothing behind. The transaction is two statements: one reads all that
   * the SKUs, pricing and the sale's source need, one writes the order with everything it decided
   * and takes the stock last (src/lib/sql.ts composes the modules' parts). When the coupon pricing
   * chose by itself was just taken by another order of the buyer, it prices again without it.
   */
  async place(buyer: Buyer, input: CheckoutInput): Promise<PlacedOrder> {
    const excludedCouponIds: string[] = [];
    for (;;) {
      try {
        return await this.placeOnce(buyer, input, excludedCouponIds);
      } catch (err) {
        if (!(err instanceof ChoiceTaken) || excludedCouponIds.length >= MAX_COUPON_RETRIES) throw err;
        excludedCouponIds.push(err.couponId);
      }
    }
  }

  private async placeOnce(buyer: Buyer, input: CheckoutInput, excludedCouponIds: readonly string[]): Promise<PlacedOrder> {
    const lines = normalizeLines(input.lines);
    const placement = input.placement ?? null;
    if (placement !== null && !PLACEMENT.test(placement)) {
      throw new DomainError(E.INVALID_PLACEMENT, `A placement is 1 to ${MAX_PLACEMENT_LENGTH} letters, digits, '_', '.' or '-' (e.g. "sidebar")`, [
        'input',
        'placement',
      ]);
    }
    if ((input.shippingAddress != null) === (input.addressId != null)) {
      throw new DomainError(E.ADDRESS_REQUIRED, 'Give either shippingAddress or addressId, not both and not neither', ['input', 'shippingAddress']);
    }
    const inline = input.shippingAddress ? cleanAddress(input.shippingAddress) : null;
    // A replay must answer what the first call did, so only a checkout without a key is refused early.
    // A campaign checkout (group-buy, bargain) is priced by the campaign, so nothing else refuses it early.
    if (!input.idempotencyKey && !input.activity) await this.pricing.refuseEarly(this.em, lines);
    let placed: Placed | null = null;
    const answer = await idempotent<{ orderId: string; paymentDueAt: string }>(
      this.em,
      { operation: 'checkout', callerId: buyer.accountId, key: input.idempotencyKey, input: { ...input, lines, shippingAddress: inline } },
      async (tx, record) => {
        const skuIds = lines.map((l) => l.skuId);
        const request: PricingRequest = { accountId: buyer.accountId, couponId: input.couponId, noCoupon: input.noCoupon, lines, excludedCouponIds };
        // A saved address (addressId) is read by the same statement, in its last part: no round trip of its own.
        const found = await runStatement(tx, [
          skusForSaleQuery(skuIds),
          { result: roleForShareSql(buyer.accountId) },
          orderSettingsQuery,
          this.pricing.sourceQuery(buyer.accountId, input.shareToken?.trim() || null, skuIds),
          ...this.pricing.loadParts(request),
          ...(input.addressId != null ? [savedAddressPart(buyer.accountId, input.addressId)] : []),
        ]);
        const address = inline ?? (found.pop() as AddressInput);
        const [foundSkus, role, settingsFound, foundSource, ...foundPricing] = found;
        const skus = skusForSaleFound(foundSkus);
        refuseUnbuyable(lines, skus, true);
        const activity = input.activity ? await input.activity.apply(tx, buyer, lines) : null;
        if (activity) request.activitySkuIds = new Set(activity.prices.keys());
        const source = this.pricing.readSource(foundSource, buyer.accountId);
        const price = this.pricing.pricer(foundPricing, request);
        const settings = settingsFound as CheckoutSettings;
        // A campaign the buyer chose for this order (group-buy, bargain) prices its lines: its price beats a flash sale's.
        const breakdown = priceWith(price, lines, skus, role === Role.MEMBER, settings, source.shopPrices, activity?.prices);
        const placedAt = new Date();
        const placement: Placement = {
          orderId: uuidv7(),
          number: orderNumber(),
          customerId: buyer.accountId,
          storefrontAppId: buyer.storefrontAppId,
          breakdown,
          skus,
          address,
          placedAt,
          paymentDueAt: new Date(placedAt.getTime() + settings.unpaidTimeoutMinutes * 60_000),
          fulfilmentHold: activity?.fulfilmentHold ?? false,
          cartId: input.cartId ?? null,
          lineIds: placementLineIds(breakdown),
        };
        const result = { orderId: placement.orderId, paymentDueAt: placement.paymentDueAt.toISOString() };
        const recordAnswer = record.part(result);
        const [written, stockTaken] = await runStatement(tx, [
          placementPart(placement),
          // The stock is taken last; its row locks are held until commit.
          takeStockPart(lines, `order ${placement.number}`),
          ...this.pricing.writeParts(breakdown, placement.orderId, buyer.accountId, request),
          ...this.pricing.sourceParts(
            source,
            placement.orderId,
            buyer.accountId,
            breakdown.lines.map((l, i) => ({ id: placement.lineIds[i], productId: skus.get(l.skuId)!.product_id })),
            { appId: buyer.storefrontAppId, name: buyer.storefrontName ?? '', placement: input.placement ?? null },
          ),
          ...(recordAnswer ? [recordAnswer] : []),
        ]);
        if (Number(stockTaken) < lines.length) {
          const short = await firstShortSku(tx, lines);
          throw new DomainError(
            E.INSUFFICIENT_STOCK,
            `SKU ${short?.code ?? '?'} has ${short?.stock ?? 0} left; ${lines.find((l) => l.skuId === short?.id)?.quantity ?? '?'} asked for`,
            ['input', 'lines'],
          );
        }
        await activity?.attach(tx, placement.orderId);
        placed = written as Placed;
        return result;
      },
      { sqlOnly: true },
    );
    // After the commit: the timer that cancels it unpaid, inserted with the other orders' of the
    // same few milliseconds. If it is lost, the minute sweep cancels the order.
    this.jobs?.sendSoon(CANCEL_UNPAID, { orderId: answer.orderId }, { startAfter: new Date(answer.paymentDueAt), singletonKey: answer.orderId });
    return { orderId: answer.orderId, placed };
  }

  /**
   * The price preview (`priceCart`): the lines priced as checkout prices them — the same steps
   * over what the same loaders find (flash sales, price campaigns, coupons) — without writing
   * anything, in one statement. Shop prices need the share link the buyer came through, which
   * checkout resolves; the preview prices without them, as the cart does.
   */
  async preview(
    buyer: { accountId: string; isMember: boolean },
    lines: LineInput[],
    coupon: Pick<PricingRequest, 'couponId' | 'noCoupon'>,
  ): Promise<Breakdown> {
    const normalized = normalizeLines(lines);
    const request: PricingRequest = { accountId: buyer.accountId, ...coupon, lines: normalized };
    const [foundSkus, settings, ...foundPricing] = await runStatement(this.em, [
      skusForSaleQuery(normalized.map((l) => l.skuId)),
      orderSettingsQuery,
      ...this.pricing.loadParts(request),
    ]);
    const skus = skusForSaleFound(foundSkus);
    refuseUnbuyable(normalized, skus, false);
    return priceWith(this.pricing.pricer(foundPricing, request), normalized, skus, buyer.isMember, settings as CheckoutSettings);
  }
}

/** The new order's id, and — unless the answer was a replay of an idempotency key — the order and its lines as written, so the answer reads nothing back. */
export interface PlacedOrder {
  orderId: string;
  placed: Placed | null;
}

const PLACEMENT = new RegExp(PLACEMENT_PATTERN);

/** How many times a checkout prices again when the coupon it chose by itself is taken meanwhile. */
const MAX_COUPON_RETRIES = 3;

export interface CheckoutInput {
  lines: LineInput[];
  /** Where to ship; or `addressId`, one of the buyer's saved addresses. Exactly one. */
  shippingAddress?: AddressInput | null;
  addressId?: string | null;
  idempotencyKey?: string | null;
  cartId?: string | null;
  shareToken?: string | null;
  /** The label the site gave its buy button (PLACEMENT_PATTERN); recorded with the order's source. */
  placement?: string | null;
  couponId?: string | null;
  noCoupon?: boolean | null;
  activity?: CheckoutActivity;
}

/** One of the buyer's saved addresses as a part of the checkout's read statement; ADDRESS_NOT_FOUND when it is not theirs. */
function savedAddressPart(accountId: string, addressId: string): StatementPart {
  return {
    result: savedAddressSql(accountId, addressId),
    check: (found) => {
      if (found == null) throw new DomainError(E.ADDRESS_NOT_FOUND, 'You have no saved address with this id', ['input', 'addressId']);
    },
  };
}

/** Every line's SKU exists and is on sale now. The checkout's refusal says what the product is instead; the preview's says only that it cannot be bought now. */
function refuseUnbuyable(lines: readonly { skuId: string }[], skus: Map<string, SkuForSale>, explain: boolean): void {
  lines.forEach((line, i) => {
    const sku = skus.get(line.skuId);
    if (!sku) throw new DomainError(E.SKU_NOT_FOUND, 'No SKU has this id', ['input', 'lines', String(i), 'skuId']);
    const status = saleStatus(sku);
    if (status === ProductStatus.ON_SALE) return;
    const what = status === ProductStatus.PREVIEW ? `a preview, on sale from ${sku.sale_starts_at}` : 'off sale';
    const message = explain ? `${sku.product_name} (${sku.code}) cannot be bought: it is ${what}` : `${sku.product_name} (${sku.code}) cannot be bought now`;
    throw new DomainError(E.NOT_BUYABLE, message, ['input', 'lines', String(i), 'skuId']);
  });
}

/** Built per request, over its EntityManager, when the request first asks (`ctx.use`). */
export const checkoutService = (ctx: RequestContext): CheckoutService => new CheckoutService(ctx.em, ctx.need(ORDER_PRICING), ctx.need(JOB_QUEUE));

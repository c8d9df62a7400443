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
import { roleSql, savedAddressSql } from '../accounts/queries';
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
 * A sale channel's part in a checkout (a live session's cart), composed into the checkout's two
 * statements so it costs no round trip of its own: its `readPart` reads, in the read statement, what
 * it sells at (the lines' activity prices); `terms` says, from what it found, which SKUs' units it
 * holds itself — carved out of the SKU's stock before, so the SKU's stock is not taken again and an
 * unpaid cancellation does not give them back to the SKU — and how long the buyer has to pay (the
 * shorter of it and the shop's setting); its `writeParts`, in the write statement, take its own
 * units by conditional updates and refuse what the database did not do. Its other fields are part
 * of the idempotency key's input.
 */
export interface CheckoutChannel {
  [input: string]: unknown;
  readPart(buyer: Buyer): StatementPart;
  terms(found: unknown): ChannelTerms;
  writeParts(order: { orderId: string; number: string; customerId: string; lineIds: readonly string[]; breakdown: PriceBreakdown }): StatementPart[];
}

/** What a sale channel decided from its read: the lines' prices by SKU, the SKUs whose units it holds, its time to pay. */
export interface ChannelTerms {
  prices: Map<string, ActivityPrice>;
  ownStockSkuIds: ReadonlySet<string>;
  paymentWindowMinutes: number | null;
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
   * pricing uses — and inviter) and its `order.created` event, so that a refusal anywhere leaves
   * nothing behind. It is two statements: one reads all that the SKUs, pricing and the sale's
   * source need, one writes the order with everything it decided and takes the stock last
   * (src/lib/sql.ts composes the modules' parts). Every refusal of the write is said in SQL
   * (StatementPart.refusedWhen), so the write is all or nothing by itself and, without a
   * campaign, runs with no transaction around it (an idempotency key's claim is a part of it): a hot SKU's or flash sale's
   * row is locked for the statement alone, never across a round trip to this process. When the
   * coupon pricing chose by itself was just taken by another order of the buyer, it prices again
   * without it.
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
    const refusesEarly = !input.idempotencyKey && !input.activity;
    if (refusesEarly) await this.pricing.refuseEarly(this.em, lines);
    // A rush's checkouts of one hot row wait their turn in memory (pricing's inTurn); once it comes, the early refusal looks again.
    return this.pricing.inTurn(lines, async () => {
      if (refusesEarly) await this.pricing.refuseEarly(this.em, lines);
      return this.placeInTurn(buyer, input, lines, inline, placement, excludedCouponIds);
    });
  }

  private async placeInTurn(
    buyer: Buyer,
    input: CheckoutInput,
    lines: { skuId: string; quantity: number }[],
    inline: AddressInput | null,
    placementLabel: string | null,
    excludedCouponIds: readonly string[],
  ): Promise<PlacedOrder> {
    let placed: Placed | null = null;
    const answer = await idempotent<{ orderId: string; paymentDueAt: string }>(
      this.em,
      { operation: 'checkout', callerId: buyer.accountId, key: input.idempotencyKey, input: { ...input, lines, shippingAddress: inline } },
      async (tx, record) => {
        const skuIds = lines.map((l) => l.skuId);
        const request: PricingRequest = { accountId: buyer.accountId, couponId: input.couponId, noCoupon: input.noCoupon, lines, excludedCouponIds };
        const channel = input.channel ?? null;
        // A saved address (addressId) is read by the same statement, in its last part: no round trip of its own; a sale channel's read just before it.
        const found = await runStatement(tx, [
          skusForSaleQuery(skuIds),
          { result: roleSql(buyer.accountId, tx.isInTransaction()) },
          orderSettingsQuery,
          this.pricing.sourceQuery(buyer.accountId, input.shareToken?.trim() || null, skuIds),
          ...this.pricing.loadParts(request),
          ...(channel ? [channel.readPart(buyer)] : []),
          ...(input.addressId != null ? [savedAddressPart(buyer.accountId, input.addressId)] : []),
        ]);
        const address = inline ?? (found.pop() as AddressInput);
        const terms = channel ? channel.terms(found.pop()) : null;
        const [foundSkus, role, settingsFound, foundSource, ...foundPricing] = found;
        const skus = skusForSaleFound(foundSkus);
        refuseUnbuyable(lines, skus, true);
        const activity = input.activity ? await input.activity.apply(tx, buyer, lines) : null;
        const activityPrices = terms ? new Map([...terms.prices, ...(activity?.prices ?? [])]) : activity?.prices;
        if (activityPrices) request.activitySkuIds = new Set(activityPrices.keys());
        const source = this.pricing.readSource(foundSource, buyer.accountId);
        const price = this.pricing.pricer(foundPricing, request);
        const settings = settingsFound as CheckoutSettings;
        // A campaign the buyer chose for this order (group-buy, bargain) prices its lines: its price beats a flash sale's.
        const breakdown = priceWith(price, lines, skus, role === Role.MEMBER, settings, source.shopPrices, activityPrices);
        const placedAt = new Date();
        const timeToPay = Math.min(settings.unpaidTimeoutMinutes, terms?.paymentWindowMinutes ?? Infinity);
        // The lines whose units a sale channel holds take nothing of the SKU's stock.
        const ownStock = terms?.ownStockSkuIds ?? new Set<string>();
        const stockLines = lines.filter((l) => !ownStock.has(l.skuId));
        const placement: Placement = {
          orderId: uuidv7(),
          number: orderNumber(),
          customerId: buyer.accountId,
          storefrontAppId: buyer.storefrontAppId,
          breakdown,
          skus,
          address,
          placedAt,
          paymentDueAt: new Date(placedAt.getTime() + timeToPay * 60_000),
          fulfilmentHold: activity?.fulfilmentHold ?? false,
          cartId: input.cartId ?? null,
          lineIds: placementLineIds(breakdown),
          ownStockSkuIds: ownStock,
        };
        const result = { orderId: placement.orderId, paymentDueAt: placement.paymentDueAt.toISOString() };
        const recordAnswer = record.part(result);
        const write = runStatement(tx, [
          // The key's claim first: a concurrent call with the same key waits on it before this statement locks any row.
          ...(recordAnswer ? [recordAnswer] : []),
          placementPart(placement),
          ...this.pricing.sourceParts(
            source,
            placement.orderId,
            buyer.accountId,
            breakdown.lines.map((l, i) => ({ id: placement.lineIds[i], productId: skus.get(l.skuId)!.product_id })),
            { appId: buyer.storefrontAppId, name: buyer.storefrontName ?? '', placement: placementLabel },
          ),
          // Stock last — the SKUs', then what pricing records and campaigns' own stock, then the sale
          // channel's: every buyer of a hot item queues on its row, which stays locked until commit, so
          // the rest of the order is written before it is taken. (The parts run in this order, and in
          // the same order in every checkout, so two checkouts never wait on each other crosswise.)
          ...(stockLines.length > 0
            ? [takeStockPart(stockLines, `order ${placement.number}`, () => new DomainError(E.INSUFFICIENT_STOCK, '', ['input', 'lines']))]
            : []),
          ...this.pricing.writeParts(breakdown, placement.orderId, buyer.accountId, request),
          ...(channel
            ? channel.writeParts({ orderId: placement.orderId, number: placement.number, customerId: buyer.accountId, lineIds: placement.lineIds, breakdown })
            : []),
        ]);
        const results = await write.catch(async (err: unknown) => {
          if (!(err instanceof DomainError) || err.code !== E.INSUFFICIENT_STOCK) throw err;
          // The refused statement left nothing behind (and may have ended the transaction): what is left is read outside it.
          const short = await firstShortSku(this.em, stockLines);
          throw new DomainError(
            E.INSUFFICIENT_STOCK,
            `SKU ${short?.code ?? '?'} has ${short?.stock ?? 0} left; ${stockLines.find((l) => l.skuId === short?.id)?.quantity ?? '?'} asked for`,
            ['input', 'lines'],
          );
        });
        await activity?.attach(tx, placement.orderId);
        placed = results[recordAnswer ? 1 : 0] as Placed;
        return result;
      },
      // A campaign's part (group-buy, bargain) reads and writes in statements of its own: it needs the transaction.
      { sqlOnly: true, oneWrite: !input.activity },
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
  /** A sale channel whose parts join the checkout's two statements (a live session's cart). */
  channel?: CheckoutChannel;
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

import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { maxChars, maxItems, range } from '../../lib/bounds';
import { forbidden, unauthenticated } from '../../lib/errors';
import { idOf, NO_SUCH_ID } from '../../lib/ids';
import { PageArgs, pageCost, mapConnection } from '../../lib/pagination';
import { payload } from '../../lib/payload';
import type { RequestContext } from '../../lib/request-context';
import type { NodeFetcher } from '../manifest';
import { Role } from '../../lib/roles';
import { Sku } from '../catalog/types';
import { skuView } from '../catalog/views';
import { MAX_LINE_QUANTITY } from './entities';
import { OrderErrorCode } from './errors';
import { DomainError } from '../../lib/errors';
import { OrderReads, orderLoaders } from './reads';
import { MAX_CANCEL_REASON_LENGTH, MAX_ORDER_LINES, orderService } from './service';
import { orderSettings, updateOrderSettings } from './settings';
import {
  Cart,
  CartLine,
  CartPayload,
  CheckoutInput,
  LineInputType,
  OrderConnection,
  OrderFilterInput,
  OrderLineType,
  OrderPayload,
  OrderSettingsInput,
  OrderSettingsPayload,
  OrderSettingsType,
  OrderType,
  ShipOrderInput,
} from './types';
import { cartView, orderLineView, orderView, settingsView } from './views';
import { catalogLoaders } from '../catalog/loaders';
import { checkoutService } from './checkout';
import { cartService } from './cart';

function storefrontOf(ctx: RequestContext): string {
  if (!ctx.storefront) throw new DomainError(OrderErrorCode.CART_NOT_FOUND, 'Carts and orders belong to a storefront app: send its key', null);
  return ctx.storefront.appId;
}

function owner(ctx: RequestContext) {
  return { customerId: ctx.viewer && ctx.viewer.role !== Role.OPERATOR ? ctx.viewer.accountId : null, storefrontAppId: storefrontOf(ctx) };
}

/** An order is visible to its buyer and to operators. */
export async function visibleOrder(ctx: RequestContext, id: string): Promise<OrderType | null> {
  if (!ctx.viewer) return null;
  const row = await new OrderReads(ctx.em).order(id);
  if (!row || (row.customer_id !== ctx.viewer.accountId && !ctx.isOperator)) return null;
  return orderView(row);
}

async function orderPayload(ctx: RequestContext, id: string) {
  return { order: orderView((await new OrderReads(ctx.em).order(id))!) };
}

export const cartNode: NodeFetcher = async (ctx, id) => {
  if (!ctx.storefront) return null;
  try {
    const cartId = await ctx.use(cartService).resolve(owner(ctx), id, false);
    return cartId ? cartView(await ctx.use(cartService).view(cartId, ctx.viewer?.role === Role.MEMBER)) : null;
  } catch {
    return null;
  }
};

@Resolver(() => CartLine)
export class CartLineResolver {
  @FieldResolver(() => Sku, { description: 'The SKU, with its current price and availability.' })
  async sku(@Root() line: CartLine, @Ctx() ctx: RequestContext): Promise<Sku> {
    return skuView((await ctx.use(catalogLoaders).sku.load(line.skuDbId))!);
  }
}

@Resolver(() => Cart)
export class CartResolver {
  @Query(() => Cart, {
    nullable: true,
    description: 'A cart: a guest cart by its id, or, signed in, your cart for this storefront app (id omitted). Null when there is none yet.',
  })
  async cart(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { nullable: true, description: 'The cart; omitted: your own.' }) id?: string,
  ): Promise<Cart | null> {
    const cartId = id != null ? (idOf('Cart', id) ?? NO_SUCH_ID) : null;
    if (!cartId && !ctx.viewer) return null;
    try {
      const resolved = await ctx.use(cartService).resolve(owner(ctx), cartId, false);
      return resolved ? cartView(await ctx.use(cartService).view(resolved, ctx.viewer?.role === Role.MEMBER)) : null;
    } catch (err) {
      if (err instanceof DomainError) return null;
      throw err;
    }
  }

  @Mutation(() => CartPayload, {
    description: `Adds SKUs to a cart (quantities add up; a line past ${MAX_LINE_QUANTITY} is refused with INVALID_QUANTITY). Without a cartId: your cart when signed in, else a new guest cart whose id you keep.`,
  })
  addCartLines(
    @Ctx() ctx: RequestContext,
    @Arg('lines', () => [LineInputType], maxItems(MAX_ORDER_LINES, 'SKUs and quantities to add.')) lines: LineInputType[],
    @Arg('cartId', () => ID, { nullable: true, description: 'The cart; omitted: yours, or a new guest cart.' }) cartId?: string,
  ): Promise<CartPayload> {
    return payload(
      async () => {
        const id = await ctx.use(cartService).addLines(
          owner(ctx),
          cartId != null ? (idOf('Cart', cartId) ?? NO_SUCH_ID) : null,
          lines.map((l) => ({ skuId: idOf('Sku', l.skuId), quantity: l.quantity })),
        );
        return { cart: cartView(await ctx.use(cartService).view(id, ctx.viewer?.role === Role.MEMBER)) };
      },
      { cart: null },
    );
  }

  @Mutation(() => CartPayload, { description: "Sets a cart line's quantity; 0 removes the line." })
  updateCartLine(
    @Ctx() ctx: RequestContext,
    @Arg('lineId', () => ID, { description: 'The line.' }) lineId: string,
    @Arg('quantity', () => Int, range(0, MAX_LINE_QUANTITY, 'The new quantity; 0 removes the line.')) quantity: number,
    @Arg('cartId', () => ID, { nullable: true, description: 'The cart; omitted: yours.' }) cartId?: string,
  ): Promise<CartPayload> {
    return payload(
      async () => {
        const id = await ctx
          .use(cartService)
          .setQuantity(owner(ctx), cartId != null ? (idOf('Cart', cartId) ?? NO_SUCH_ID) : null, idOf('CartLine', lineId), quantity);
        return { cart: cartView(await ctx.use(cartService).view(id, ctx.viewer?.role === Role.MEMBER)) };
      },
      { cart: null },
    );
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => CartPayload, {
    description: "After signing in: moves a guest cart's lines into your cart for this storefront app and deletes the guest cart.",
  })
  mergeCart(@Ctx() ctx: RequestContext, @Arg('guestCartId', () => ID, { description: 'The guest cart.' }) guestCartId: string): Promise<CartPayload> {
    return payload(
      async () => {
        const id = await ctx.use(cartService).merge(owner(ctx), idOf('Cart', guestCartId));
        return { cart: cartView(await ctx.use(cartService).view(id, ctx.viewer?.role === Role.MEMBER)) };
      },
      { cart: null },
    );
  }
}

@Resolver(() => OrderType)
export class OrderResolver {
  @Query(() => OrderType, { nullable: true, description: 'An order: yours, or any for operators. Null when it does not exist or is not yours.' })
  order(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'The order.' }) id: string): Promise<OrderType | null> {
    if (!ctx.viewer) throw unauthenticated();
    const dbId = idOf('Order', id);
    return dbId ? visibleOrder(ctx, dbId) : Promise.resolve(null);
  }

  @Authorized(Role.CUSTOMER)
  @Query(() => OrderConnection, { complexity: pageCost, description: 'Your orders, newest first.' })
  async myOrders(
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('filter', () => OrderFilterInput, { nullable: true, description: 'Filters.' }) filter?: OrderFilterInput,
  ) {
    if (filter?.query) throw forbidden('Searching orders by number or buyer is for operators');
    return this.page(ctx, page, { customerId: ctx.viewer!.accountId, statuses: filter?.statuses?.map((s) => s.toLowerCase()) });
  }

  @Authorized(Role.OPERATOR)
  @Query(() => OrderConnection, {
    complexity: pageCost,
    description: "All orders, newest first, filtered by status or searched by order number or the buyer's email or phone. Operators only.",
  })
  async orders(
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('filter', () => OrderFilterInput, { nullable: true, description: 'Filters.' }) filter?: OrderFilterInput,
  ) {
    return this.page(ctx, page, { statuses: filter?.statuses?.map((s) => s.toLowerCase()), query: filter?.query });
  }

  private async page(ctx: RequestContext, page: PageArgs, filter: { customerId?: string; statuses?: string[]; query?: string | null }) {
    const connection = await new OrderReads(ctx.em).list(page, filter);
    return mapConnection(connection, orderView);
  }

  @FieldResolver(() => [OrderLineType], { description: 'The lines, as bought.' })
  async lines(@Root() order: OrderType, @Ctx() ctx: RequestContext): Promise<OrderLineType[]> {
    return (await ctx.use(orderLoaders).linesByOrder.load(order.dbId)).map(orderLineView);
  }

  @Query(() => OrderSettingsType, { description: "Shipping fees and the order flow's timers." })
  async orderSettings(@Ctx() ctx: RequestContext): Promise<OrderSettingsType> {
    return settingsView(await orderSettings(ctx.em));
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => OrderPayload, {
    description:
      'Places an order from a cart or from lines ("buy now"): prices it, takes the stock (INSUFFICIENT_STOCK names the SKU and what is left) and waits for payment until paymentDueAt.',
  })
  checkout(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CheckoutInput, { description: 'What to buy and where to ship it.' }) input: CheckoutInput,
  ): Promise<OrderPayload> {
    return payload(
      async () => {
        const buyer = { accountId: ctx.viewer!.accountId, role: ctx.viewer!.role, storefrontAppId: storefrontOf(ctx), storefrontName: ctx.storefront!.name };
        if ((input.lines != null) === (input.cartId != null)) {
          throw new DomainError(OrderErrorCode.CART_OR_LINES_REQUIRED, 'Give either cartId or lines, not both and not neither', ['input', 'cartId']);
        }
        let lines = (input.lines ?? []).map((l) => ({ skuId: idOf('Sku', l.skuId), quantity: l.quantity }));
        let cartId: string | null = null;
        if (input.cartId != null) {
          cartId = await ctx.use(cartService).resolve(owner(ctx), idOf('Cart', input.cartId) ?? NO_SUCH_ID, false);
          const view = await ctx.use(cartService).view(cartId!, buyer.role === Role.MEMBER);
          const blocked = new Set(view.warnings.map((w) => w.lineId));
          lines = view.lines.filter((l) => !blocked.has(l.id)).map((l) => ({ skuId: l.sku_id, quantity: l.quantity }));
        }
        const { orderId, placed } = await ctx.use(checkoutService).place(buyer, {
          lines,
          shippingAddress: input.shippingAddress,
          addressId: input.addressId != null ? (idOf('SavedAddress', input.addressId) ?? NO_SUCH_ID) : null,
          idempotencyKey: input.idempotencyKey,
          cartId,
          shareToken: input.shareToken,
          placement: input.placement,
          couponId: input.couponId != null ? (idOf('Coupon', input.couponId) ?? NO_SUCH_ID) : null,
          noCoupon: input.noCoupon,
        });
        if (!placed) return orderPayload(ctx, orderId);
        // The order as the checkout wrote it: its lines are primed, so the answer reads nothing back.
        ctx.use(orderLoaders).linesByOrder.prime(orderId, placed.lines);
        return { order: orderView(placed.order) };
      },
      { order: null },
    );
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => OrderPayload, { description: 'Cancels your unpaid order; its stock goes back.' })
  cancelOrder(
    @Ctx() ctx: RequestContext,
    @Arg('orderId', () => ID, { description: 'The order.' }) orderId: string,
    @Arg('reason', () => String, { nullable: true, ...maxChars(MAX_CANCEL_REASON_LENGTH, 'Why.') }) reason?: string,
  ): Promise<OrderPayload> {
    return payload(
      async () => {
        const id = idOf('Order', orderId);
        await ctx.use(orderService).cancelByBuyer(id, ctx.viewer!.accountId, reason ?? null);
        return orderPayload(ctx, id!);
      },
      { order: null },
    );
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => OrderPayload, { description: 'Confirms you received your shipped order.' })
  confirmOrderReceipt(@Ctx() ctx: RequestContext, @Arg('orderId', () => ID, { description: 'The order.' }) orderId: string): Promise<OrderPayload> {
    return payload(
      async () => {
        const id = idOf('Order', orderId);
        await ctx.use(orderService).confirmReceipt(id, ctx.viewer!.accountId);
        return orderPayload(ctx, id!);
      },
      { order: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => OrderPayload, { description: 'Marks a paid order shipped with its carrier and tracking number. Operators only.' })
  shipOrder(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ShipOrderInput, { description: 'The order and its shipment.' }) input: ShipOrderInput,
  ): Promise<OrderPayload> {
    return payload(
      async () => {
        const id = idOf('Order', input.orderId);
        await ctx.use(orderService).ship(id, input);
        return orderPayload(ctx, id!);
      },
      { order: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => OrderSettingsPayload, { description: "Changes shipping fees and the order flow's timers. Operators only." })
  updateOrderSettings(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => OrderSettingsInput, { description: 'The changes.' }) input: OrderSettingsInput,
  ): Promise<OrderSettingsPayload> {
    return payload(async () => ({ settings: settingsView(await updateOrderSettings(ctx.em, input)) }), { settings: null });
  }
}

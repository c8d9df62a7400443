import { GraphQLError } from 'graphql';
import { Arg, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { DomainError } from '../../lib/errors';
import { idOf, NO_SUCH_ID } from '../../lib/ids';
import { money } from '../../lib/money';
import type { RequestContext } from '../../lib/request-context';
import { Role } from '../../lib/roles';
import { optionView } from '../coupons/views';
import { OrderErrorCode } from '../orders/errors';
import type { PriceReasonEnum } from '../orders/types';
import { breakdownView } from '../orders/views';
import { PreviewLine, PriceCartInput, PricePreview } from './types';
import { Sku } from '../catalog/types';
import { skuView } from '../catalog/views';
import { catalogLoaders } from '../catalog/loaders';
import { checkoutService } from '../orders/checkout';
import { cartService } from '../orders/cart';
import type { PriceBreakdown } from '../../lib/pricing/step';
import type { CouponOutcome } from '../coupons/coupon-step';

@Resolver(() => PricePreview)
export class PricePreviewResolver {
  @Authorized(Role.CUSTOMER)
  @Query(() => PricePreview, {
    description:
      "Prices a cart or lines as checkout would — same pipeline, same coupons — without placing an order; shows every coupon's discount or why it cannot be used. Refusals are BAD_USER_INPUT errors whose extensions.reason is an OrderErrorCode — CART_OR_LINES_REQUIRED, CART_NOT_FOUND, EMPTY_ORDER, TOO_MANY_LINES, INVALID_QUANTITY, SKU_NOT_FOUND, NOT_BUYABLE, FLASH_SALE_SOLD_OUT, COUPON_NOT_AVAILABLE, COUPON_UNUSABLE (also couponId with noCoupon) — and extensions.field the input path.",
  })
  async priceCart(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => PriceCartInput, { description: 'What to price.' }) input: PriceCartInput,
  ): Promise<PricePreview> {
    try {
      if ((input.lines != null) === (input.cartId != null))
        throw new DomainError(OrderErrorCode.CART_OR_LINES_REQUIRED, 'Give either cartId or lines, not both and not neither', ['input', 'cartId']);
      const isMember = ctx.viewer!.role === Role.MEMBER;
      let lines = (input.lines ?? []).map((l) => ({ skuId: idOf('Sku', l.skuId), quantity: l.quantity }));
      if (input.cartId != null) {
        if (!ctx.storefront) throw new DomainError(OrderErrorCode.CART_NOT_FOUND, 'Carts belong to a storefront app: send its key', ['input', 'cartId']);
        const cartId = await ctx
          .use(cartService)
          .resolve({ customerId: ctx.viewer!.accountId, storefrontAppId: ctx.storefront.appId }, idOf('Cart', input.cartId) ?? NO_SUCH_ID, false);
        const view = await ctx.use(cartService).view(cartId!, isMember);
        const blocked = new Set(view.warnings.map((w) => w.lineId));
        lines = view.lines.filter((l) => !blocked.has(l.id)).map((l) => ({ skuId: l.sku_id, quantity: l.quantity }));
      }
      const couponId = input.couponId != null ? (idOf('Coupon', input.couponId) ?? NO_SUCH_ID) : null;
      // The composed pricing (src/server/pricing.ts) runs the coupon step: its decision is on the breakdown.
      const breakdown: PriceBreakdown & Partial<{ coupon: CouponOutcome }> = await ctx
        .use(checkoutService)
        .preview({ accountId: ctx.viewer!.accountId, isMember }, lines, { couponId, noCoupon: input.noCoupon });
      const applied = breakdown.coupon?.appliedCouponId ?? null;
      return {
        cost: breakdownView(breakdown),
        lines: breakdown.lines.map((l) => ({
          skuDbId: l.skuId,
          quantity: l.quantity,
          unitPrice: money(l.unitPrice),
          priceReason: l.priceReason as PriceReasonEnum,
          discount: money(l.subtotal - l.total),
          total: money(l.total),
        })),
        couponOptions: (breakdown.coupon?.options ?? []).map((o) => optionView(o, applied)),
      };
    } catch (err) {
      if (err instanceof DomainError) throw new GraphQLError(err.message, { extensions: { code: 'BAD_USER_INPUT', reason: err.code, field: err.field } });
      throw err;
    }
  }
}

@Resolver(() => PreviewLine)
export class PreviewLineResolver {
  @FieldResolver(() => Sku, { description: 'The SKU, with its current price and availability.' })
  async sku(@Root() line: PreviewLine, @Ctx() ctx: RequestContext): Promise<Sku> {
    return skuView((await ctx.use(catalogLoaders).sku.load(line.skuDbId))!);
  }
}

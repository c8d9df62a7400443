import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { idOf } from '../../lib/ids';
import { PageArgs, pageCost, mapConnection } from '../../lib/pagination';
import { payload } from '../../lib/payload';
import type { RequestContext } from '../../lib/request-context';
import type { NodeFetcher } from '../manifest';
import { Role } from '../../lib/roles';
import { OrderReads } from '../orders/reads';
import { OrderType } from '../orders/types';
import { orderView } from '../orders/views';
import type { RefundRequestLine } from './refund-plan';
import {
  AfterSaleFilterInput,
  AfterSalePayload,
  AfterSaleRequestConnection,
  AfterSaleRequestInput,
  AfterSaleRequestType,
  ApproveAfterSaleInput,
  PaymentPayload,
  PaymentType,
  PayOrderInput,
  RefundLineInput,
  RefundOrderInput,
  RefundPayload,
  RefundType,
  RejectAfterSaleInput,
} from './types';
import { afterSaleView, paymentView, refundView } from './views';
import { refundService } from './refunds';
import { paymentService } from './service';
import { afterSaleService } from './after-sale';
import { paymentReads, paymentLoaders } from './reads';

/** Payments, refunds and after-sale requests are seen by the order's buyer and by operators. */
function visible<Row extends { customer_id: string }>(ctx: RequestContext, row: Row | null): Row | null {
  if (!row || !ctx.viewer) return null;
  return row.customer_id === ctx.viewer.accountId || ctx.isOperator ? row : null;
}

export const paymentNode: NodeFetcher = async (ctx, id) => {
  const row = visible(ctx, await ctx.use(paymentReads).payment(id));
  return row && paymentView(row);
};
export const refundNode: NodeFetcher = async (ctx, id) => {
  const row = visible(ctx, await ctx.use(paymentReads).refund(id));
  return row && refundView(row);
};
export const afterSaleRequestNode: NodeFetcher = async (ctx, id) => {
  const row = visible(ctx, await ctx.use(paymentReads).afterSale(id));
  return row && afterSaleView(row);
};

function requestLines(lines: RefundLineInput[] | null | undefined): RefundRequestLine[] | null {
  return lines == null ? null : lines.map((l) => ({ orderLineId: idOf('OrderLine', l.orderLineId), quantity: l.quantity }));
}

async function afterSalePayload(ctx: RequestContext, id: string) {
  return { afterSaleRequest: afterSaleView((await ctx.use(paymentReads).afterSale(id))!) };
}

/** An order's payments, refunds and after-sale requests; Order itself is only ever shown to its buyer and operators. */
@Resolver(() => OrderType)
export class OrderPaymentsResolver {
  @FieldResolver(() => [PaymentType], { description: 'Attempts to pay the order, oldest first; at most one SUCCEEDED.' })
  async payments(@Root() order: OrderType, @Ctx() ctx: RequestContext): Promise<PaymentType[]> {
    return (await ctx.use(paymentLoaders).paymentsByOrder.load(order.dbId)).map(paymentView);
  }

  @FieldResolver(() => [RefundType], { description: 'Money given back, oldest first.' })
  async refunds(@Root() order: OrderType, @Ctx() ctx: RequestContext): Promise<RefundType[]> {
    return (await ctx.use(paymentLoaders).refundsByOrder.load(order.dbId)).map(refundView);
  }

  @FieldResolver(() => [AfterSaleRequestType], { description: "The buyer's after-sale requests, oldest first." })
  async afterSaleRequests(@Root() order: OrderType, @Ctx() ctx: RequestContext): Promise<AfterSaleRequestType[]> {
    return (await ctx.use(paymentLoaders).afterSalesByOrder.load(order.dbId)).map(afterSaleView);
  }
}

@Resolver(() => PaymentType)
export class PaymentResolver {
  @Authorized(Role.CUSTOMER)
  @Mutation(() => PaymentPayload, {
    description:
      "Starts paying your order (PENDING_PAYMENT, before paymentDueAt): opens a payment of the order's total at the provider. Send the buyer to `payment.redirectUrl` (or hand `payment.token` to the provider's SDK); the order becomes PAID when the provider confirms, which may take a moment after the buyer returns.",
  })
  payOrder(@Ctx() ctx: RequestContext, @Arg('input', () => PayOrderInput, { description: 'The order.' }) input: PayOrderInput): Promise<PaymentPayload> {
    return payload(
      async () => {
        const { paymentId } = await ctx
          .use(paymentService)
          .pay(
            ctx.viewer!.accountId,
            { orderId: idOf('Order', input.orderId), idempotencyKey: input.idempotencyKey, returnUrl: input.returnUrl },
            ctx.storefront?.allowedOrigins ?? null,
          );
        return { payment: paymentView((await ctx.use(paymentReads).payment(paymentId))!) };
      },
      { payment: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => RefundPayload, {
    description:
      'Gives money of a paid order back through the provider that took it: the whole order (lines omitted: everything not yet refunded, shipping included) or lines and quantities, priced from the line totals. Units that never shipped go back into stock; an order refunded in full before shipping is CANCELLED. Operators only.',
  })
  refundOrder(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RefundOrderInput, { description: 'What to refund and why.' }) input: RefundOrderInput,
  ): Promise<RefundPayload> {
    return payload(
      async () => {
        const { refundId } = await ctx.use(refundService).refundOrder(ctx.viewer!.accountId, {
          orderId: idOf('Order', input.orderId),
          lines: requestLines(input.lines),
          reason: input.reason,
          idempotencyKey: input.idempotencyKey,
        });
        const refund = (await ctx.use(paymentReads).refund(refundId))!;
        return { refund: refundView(refund), order: orderView((await new OrderReads(ctx.em).order(refund.order_id))!) };
      },
      { refund: null, order: null },
    );
  }
}

@Resolver(() => AfterSaleRequestType)
export class AfterSaleResolver {
  @Authorized(Role.OPERATOR)
  @Query(() => AfterSaleRequestConnection, {
    complexity: pageCost,
    description: 'After-sale requests, newest first, e.g. the OPEN ones waiting for a decision. Operators only.',
  })
  async afterSaleRequests(
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('filter', () => AfterSaleFilterInput, { nullable: true, description: 'Filters.' }) filter?: AfterSaleFilterInput,
  ) {
    const connection = await ctx.use(paymentReads).afterSaleList(page, { statuses: filter?.statuses?.map((s) => s.toLowerCase()) });
    return mapConnection(connection, afterSaleView);
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => AfterSalePayload, {
    description:
      'Asks for money back on your order — the whole order, or lines and quantities — while it is PAID or SHIPPED, or RECEIVED within the after-sale window. An operator approves (and the refund is made) or rejects it; one open request per order.',
  })
  requestAfterSale(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => AfterSaleRequestInput, { description: 'What to ask back and why.' }) input: AfterSaleRequestInput,
  ): Promise<AfterSalePayload> {
    return payload(
      async () => {
        const { requestId } = await ctx.use(afterSaleService).request(ctx.viewer!.accountId, {
          orderId: idOf('Order', input.orderId),
          lines: requestLines(input.lines),
          reason: input.reason,
          idempotencyKey: input.idempotencyKey,
        });
        return afterSalePayload(ctx, requestId);
      },
      { afterSaleRequest: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => AfterSalePayload, {
    description:
      'Approves an open after-sale request: refunds what it asks, as refundOrder would. If that is no longer possible, nothing changes and the request stays open. Operators only.',
  })
  approveAfterSale(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ApproveAfterSaleInput, { description: 'The request.' }) input: ApproveAfterSaleInput,
  ): Promise<AfterSalePayload> {
    return payload(
      async () => {
        const { requestId } = await ctx.use(afterSaleService).approve(ctx.viewer!.accountId, {
          requestId: idOf('AfterSaleRequest', input.requestId),
          idempotencyKey: input.idempotencyKey,
        });
        return afterSalePayload(ctx, requestId);
      },
      { afterSaleRequest: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => AfterSalePayload, { description: 'Rejects an open after-sale request with a reason the buyer sees. Operators only.' })
  rejectAfterSale(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RejectAfterSaleInput, { description: 'The request and why.' }) input: RejectAfterSaleInput,
  ): Promise<AfterSalePayload> {
    return payload(
      async () => {
        const { requestId } = await ctx.use(afterSaleService).reject(ctx.viewer!.accountId, {
          requestId: idOf('AfterSaleRequest', input.requestId),
          reason: input.reason,
        });
        return afterSalePayload(ctx, requestId);
      },
      { afterSaleRequest: null },
    );
  }
}

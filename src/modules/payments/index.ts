import type { ModuleManifest } from '../manifest';
import { AfterSaleRequest, Payment, Refund, RefundLine } from './entities';
import { AfterSaleResolver, OrderPaymentsResolver, PaymentResolver, afterSaleRequestNode, paymentNode, refundNode } from './resolver';

/** Payments through the providers, refunds and after-sale requests. Its HTTP callbacks are mounted by the server (routes.ts). */
export const paymentsModule: ModuleManifest = {
  name: 'payments',
  entities: [Payment, Refund, RefundLine, AfterSaleRequest],
  resolvers: [OrderPaymentsResolver, PaymentResolver, AfterSaleResolver],
  nodeTypes: { Payment: paymentNode, Refund: refundNode, AfterSaleRequest: afterSaleRequestNode },
};

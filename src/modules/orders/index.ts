import type { ModuleManifest } from '../manifest';
import { Cart, CartLine, Order, OrderEvent, OrderLine, OrderSettings } from './entities';
import { registerOrderJobs } from './jobs';
import { CartLineResolver, CartResolver, OrderResolver, cartNode, visibleOrder } from './resolver';

/**
 * Carts, checkout and the order's lifecycle. Orders declare the seams others plug into: order hooks
 * (hooks.ts) and the outbox of order events (events.ts).
 */
export const ordersModule: ModuleManifest = {
  name: 'orders',
  entities: [Cart, CartLine, Order, OrderLine, OrderEvent, OrderSettings],
  resolvers: [CartResolver, CartLineResolver, OrderResolver],
  nodeTypes: { Order: visibleOrder, Cart: cartNode },
  jobs: ({ queue, fork }) => registerOrderJobs(queue, fork),
};

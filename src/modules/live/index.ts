import type { ModuleManifest } from '../manifest';
import {
  LiveCartLine,
  LiveEvent,
  LiveEventCounter,
  LiveItem,
  LiveItemAnnounced,
  LiveOrderLine,
  LivePurchase,
  LiveSession,
  LiveSessionApp,
  LiveSessionViewer,
  LiveViewer,
} from './entities';
import { giveBackLiveUnits, unsellRefundedLiveUnits } from './checkout';
import { LiveCheckoutResolver } from './checkout-resolver';
import { registerLiveJobs } from './jobs';
import { LiveItemResolver, LiveSessionResolver, liveItemNode, liveSessionNode } from './resolver';

/**
 * Live-stream commerce (直播带货): sessions run by their host (a member or a content author) or by
 * operators, as a state machine; a lineup of SKUs at live prices with live stock quotas carved out
 * of the SKUs' stock; the pinned item; numbered, resumable events delivered across processes; the
 * viewers watching. The stream itself is a provider's: the API keeps its URLs.
 */
export const liveModule: ModuleManifest = {
  name: 'live',
  entities: [
    LiveSession,
    LiveSessionApp,
    LiveItem,
    LiveEventCounter,
    LiveEvent,
    LiveViewer,
    LiveSessionViewer,
    LiveCartLine,
    LivePurchase,
    LiveOrderLine,
    LiveItemAnnounced,
  ],
  resolvers: [LiveSessionResolver, LiveItemResolver, LiveCheckoutResolver],
  nodeTypes: { LiveSession: liveSessionNode, LiveItem: liveItemNode },
  // An unpaid live order that is cancelled gives its units back to the lineup (or, the session over, to the SKU).
  // A refund before shipping restocks the SKU: its live units leave the items' sold counts.
  orderHooks: { cancelled: giveBackLiveUnits, refunded: unsellRefundedLiveUnits },
  jobs: ({ queue, fork, logger }) => registerLiveJobs(queue, fork, logger),
};

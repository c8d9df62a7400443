import type { ModuleManifest } from '../manifest';
import { LiveEvent, LiveEventCounter, LiveItem, LiveSession, LiveSessionApp, LiveSessionViewer, LiveViewer } from './entities';
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
  entities: [LiveSession, LiveSessionApp, LiveItem, LiveEventCounter, LiveEvent, LiveViewer, LiveSessionViewer],
  resolvers: [LiveSessionResolver, LiveItemResolver],
  nodeTypes: { LiveSession: liveSessionNode, LiveItem: liveItemNode },
  jobs: ({ queue, fork, logger }) => registerLiveJobs(queue, fork, logger),
};

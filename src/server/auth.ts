import type { AuthChecker } from 'type-graphql';
import { forbidden, unauthenticated } from '../lib/errors';
import { Role } from '../lib/roles';
import type { RequestContext } from '../lib/request-context';

/**
 * `@Authorized()` needs a signed-in caller; `@Authorized(Role.X, …)` one of those roles.
 * A member is also a customer: whatever a customer may do, a member may do.
 */
export const authChecker: AuthChecker<RequestContext, Role> = ({ context }, roles) => {
  const viewer = context.viewer;
  if (!viewer) throw unauthenticated();
  if (roles.length === 0) return true;
  if (roles.includes(viewer.role)) return true;
  if (viewer.role === Role.MEMBER && roles.includes(Role.CUSTOMER)) return true;
  throw forbidden(roles.includes(Role.OPERATOR) ? 'Only operators may do this' : `Only ${roles.join(' or ')} accounts may do this`);
};

import type { EntityManager } from '@mikro-orm/postgresql';
import type { StorefrontCaller, Viewer } from './caller';
import type { Dependency, Supplied } from './dependency';
import { Role } from './roles';

/**
 * One per request (and per WebSocket operation), built by the server (src/server/app.ts, ws.ts):
 * the caller, the request's own EntityManager fork, and what the modules build over it for this
 * request. Resolvers receive it with `@Ctx()`.
 *
 * Nothing is built up front: a module's DataLoaders and services over the request's
 * EntityManager come from factories it owns, `ctx.use(orderLoaders)`, built the first time the
 * request asks and shared for the rest of it (so a page's loads batch into one DataLoader).
 */
export class RequestContext {
  private readonly built = new Map<(ctx: RequestContext) => unknown, unknown>();

  constructor(
    /** What the composition root supplied for the whole process. */
    private readonly supplied: Supplied,
    readonly em: EntityManager,
    readonly requestId: string,
    /** The signed-in customer, member or operator; null when anonymous. */
    readonly viewer: Viewer | null,
    /** The storefront app (sales channel) the request came through; null for operator consoles. */
    readonly storefront: StorefrontCaller | null,
    /** The client's address (src/server/client-address.ts): what per-address rate limits count by. */
    readonly clientAddress: string,
    /**
     * What an anonymous client calls itself across its connections (the X-Visitor-Id connection
     * parameter of a WebSocket, src/server/ws.ts), so its tabs count as one live viewer; null when not given.
     */
    readonly visitorId: string | null = null,
  ) {}

  get isOperator(): boolean {
    return this.viewer?.role === Role.OPERATOR;
  }

  /**
   * What `factory` builds for this request, built at most once. The memo goes by the factory's
   * identity: pass a module-level constant, never an arrow written at the call site.
   */
  use<T>(factory: (ctx: RequestContext) => T): T {
    if (this.built.has(factory)) return this.built.get(factory) as T;
    const value = factory(this);
    this.built.set(factory, value);
    return value;
  }

  /** A process-wide dependency the composition root supplied (the job queue, rate limits, …). */
  need<T>(dependency: Dependency<T>): T {
    return this.supplied.get(dependency);
  }
}

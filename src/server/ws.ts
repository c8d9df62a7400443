import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { GraphQLError, parse, validate, type DocumentNode, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { Logger } from 'pino';
import type { Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Orm } from '../db/orm';
import { listenerScope, type ListenedChannel, type PgListener } from '../lib/pg-pubsub';
import type { StorefrontCaller, Viewer } from '../lib/caller';
import { SESSION_CHANNEL } from '../modules/groupbuy/notify';
import { SESSION_TOPIC } from '../modules/groupbuy/resolver';
import { LIVE_EVENT_CHANNEL, LIVE_EVENT_TOPIC } from '../modules/live/events';
import { StorefrontService } from '../modules/storefronts/service';
import { clientAddress, trustFunction } from './client-address';
import type { AppDeps } from './context';
import type { OriginPolicy } from './cors';
import { chargeOperation } from './cost-bucket';
import { formatError } from './errors';
import { sharingKey, subscribeSharing, type SharedSubscriber } from './shared-subscription-results';
import { checkDocumentSize, guardOperation, parseOptions } from './operation-guard';
import type { Supplied } from '../lib/dependency';
import { RequestContext } from '../lib/request-context';
import { requestScope } from '../lib/request-scope';

/** The PostgreSQL channels subscriptions listen to, and the subscription topics they feed. */
export const SUBSCRIPTION_CHANNELS: ListenedChannel[] = [
  { channel: SESSION_CHANNEL, topic: SESSION_TOPIC, topicId: (p) => String(p.shareToken) },
  { channel: LIVE_EVENT_CHANNEL, topic: LIVE_EVENT_TOPIC, topicId: (p) => String(p.sessionId) },
];

interface Caller {
  viewer: Viewer | null;
  storefront: StorefrontCaller | null;
  address: string;
  visitorId: string | null;
}

/** The X-Visitor-Id connection parameter: an id the client made up and keeps (e.g. in localStorage), URL-safe, 8 to 64 characters. */
const VISITOR_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** A connection refused for a malformed parameter: 4400, with the reason (graphql-ws's own refusal, 4403 Forbidden, would not say which). */
const BAD_CONNECTION_PARAMS = 4400;

export interface Subscriptions {
  stop(): Promise<void>;
}

/**
 * The frames sent to one client by one piece of work (a fan-out's chunk, say) leave in one write:
 * a sale's STOCK and SOLD events arrive together and go to every subscriber of the session, so on a
 * session with thousands of subscribers this halves the system calls of a fan-out. They leave as
 * soon as that work is done, not at the end of the event loop's turn: in a rush the rest of the
 * turn is other requests' work, and frames corked until then waited 2 to 66 ms for it (measured in
 * `npm run bench:live`).
 *
 * graphql-ws waits for each frame's send callback before it takes the subscriber's next event, and
 * a corked socket calls back only once the write is done, in a later turn: the SOLD frame would
 * then miss the STOCK frame's write and need one of its own. So the callback is called as soon as
 * the frame is queued on the socket. Waiting for the write bought nothing: the frames of a slow
 * client queue in memory either way (in the socket's buffer now, in the event stream's before), and
 * a socket whose write fails closes, which ends its subscriptions.
 */
function sendsOfAWorkTogether(socket: WebSocket, raw: Socket): void {
  const send = socket.send.bind(socket) as (data: unknown, options?: object) => void;
  socket.send = ((data: unknown, optionsOrCallback?: object | ((err?: Error) => void), callback?: (err?: Error) => void) => {
    const done = (typeof optionsOrCallback === 'function' ? optionsOrCallback : callback) as ((err?: Error) => void) | undefined;
    const options = typeof optionsOrCallback === 'function' ? undefined : optionsOrCallback;
    corkForThisWork(raw);
    send(data, options);
    if (done) queueMicrotask(() => done());
  }) as WebSocket['send'];
}

/** Sockets written to by the work running now: corked until it is done, then uncorked together (one callback for a fan-out's thousand). */
const corked = new Set<Socket>();

function corkForThisWork(raw: Socket): void {
  if (corked.has(raw)) return;
  raw.cork();
  corked.add(raw);
  // As soon as the work running now is done, before the event loop takes any other I/O.
  if (corked.size === 1) process.nextTick(uncorkAll);
}

function uncorkAll(): void {
  const sockets = [...corked];
  corked.clear();
  for (const raw of sockets) raw.uncork();
}

/** The largest message a client may send, as the largest HTTP body (express.json's 1mb); larger ones close the socket (1009). */
const MAX_MESSAGE_BYTES = 1024 * 1024;

/**
 * GraphQL over WebSocket (graphql-ws) on the HTTP server's port, path /graphql. A browser's upgrade
 * is refused (403) unless its Origin is one some enabled storefront app or an operator console
 * allows, or the API's own. The caller is authenticated once, at connection, from connectionParams
 * (`authorization: "Bearer …"` and the storefront key, as the HTTP headers), and that key's app
 * must allow the Origin, as over HTTP; every operation then passes the same checks as over HTTP —
 * depth and cost limits, text input, the channel rule, the query-cost bucket (charged once, when an
 * operation starts; no extensions.cost here) — and unexpected errors are masked the same.
 * Subscriptions read from the app's listening connection, which stop() closes.
 */
export function attachSubscriptions(
  http: Server,
  listener: PgListener,
  schema: GraphQLSchema,
  deps: AppDeps,
  dependencies: Supplied,
  orm: Orm,
  logger: Logger,
  origins: OriginPolicy,
  viewerOf: (authorization: string | undefined) => Promise<Viewer | null>,
): Subscriptions {
  const wss = new WebSocketServer({
    server: http,
    path: '/graphql',
    maxPayload: MAX_MESSAGE_BYTES,
    verifyClient: ({ req }, answer) => {
      origins.admits(req.headers.origin, req.headers.host).then(
        (admitted) => (admitted ? answer(true) : answer(false, 403, 'Origin not allowed')),
        (err) => {
          logger.error({ err }, 'WebSocket origin check failed');
          answer(false, 500);
        },
      );
    },
  });
  wss.on('connection', (socket, request) => sendsOfAWorkTogether(socket, request.socket));
  const format = formatError(logger);
  const callers = new WeakMap<object, Caller>();
  /** Per operation's context, when its subscribers share answers: the key, and where to send its frames (shared-subscription-results.ts). */
  const sharing = new WeakMap<object, SharedSubscriber>();
  const trust = trustFunction(deps.config.trustProxy);

  const server = useServer(
    {
      schema,
      async onConnect(ctx) {
        const params = ctx.connectionParams ?? {};
        const header = (name: string) => {
          const value = params[name] ?? params[name.toLowerCase()];
          return typeof value === 'string' ? value : undefined;
        };
        const visitorId = header('X-Visitor-Id')?.trim() || null;
        if (visitorId !== null && !VISITOR_ID.test(visitorId)) {
          ctx.extra.socket.close(BAD_CONNECTION_PARAMS, 'X-Visitor-Id must be 8 to 64 letters, digits, "-" or "_"');
          return false;
        }
        try {
          const viewer = await viewerOf(header('Authorization'));
          const key = header('X-Storefront-Key');
          const storefront = key ? await new StorefrontService(orm.em.fork(), deps.storefrontKeys).resolveKey(key.trim()) : null;
          if (origins.refusal(ctx.extra.request, storefront)) return false;
          callers.set(ctx.extra, { viewer, storefront, address: clientAddress(ctx.extra.request, trust), visitorId });
          return true;
        } catch {
          return false;
        }
      },
      async onSubscribe(ctx, id, payload): Promise<ExecutionArgs | readonly GraphQLError[]> {
        const caller = callers.get(ctx.extra) ?? { viewer: null, storefront: null, address: clientAddress(ctx.extra.request, trust), visitorId: null };
        let document: DocumentNode;
        try {
          checkDocumentSize(payload.query, deps.config);
          document = parse(payload.query, parseOptions(deps.config));
        } catch (err) {
          if (err instanceof GraphQLError && err.extensions.code) return [err];
          return [
            new GraphQLError(err instanceof GraphQLError ? err.message : 'The query could not be parsed', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } }),
          ];
        }
        const invalid = validate(schema, document);
        if (invalid.length) return invalid.map((e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
        const variables = payload.variables ?? undefined;
        const contextValue = new RequestContext(dependencies, orm.em.fork(), randomUUID(), caller.viewer, caller.storefront, caller.address, caller.visitorId);
        try {
          const measure = guardOperation(schema, document, payload.operationName, variables, contextValue, deps.config);
          await chargeOperation(deps.rateLimits, contextValue, measure?.cost ?? 1);
        } catch (err) {
          if (err instanceof GraphQLError) return [err];
          throw err;
        }
        const key = sharingKey(document, payload.query, variables, payload.operationName);
        if (key !== null) {
          const socket = ctx.extra.socket;
          // As graphql-ws sends: nothing to a socket no longer open.
          const send = (frame: string) => {
            if (socket.readyState === socket.OPEN) socket.send(frame);
          };
          sharing.set(contextValue, { key, id, send });
        }
        return { schema, document, variableValues: variables, operationName: payload.operationName, contextValue };
      },
      // Subscriptions read from this server's listening connection.
      subscribe: (args) => listenerScope.run(listener, () => subscribeSharing(args, sharing.get(args.contextValue as object) ?? null)),
      onNext(_ctx, _id, _payload, args, result) {
        if (!result.errors?.length) return;
        const requestId = (args.contextValue as RequestContext).requestId;
        return requestScope.run({ requestId, sqlStatements: 0 }, () => ({ ...result, errors: result.errors!.map((e) => format(e.toJSON(), e)) }));
      },
      onError(_ctx, _id, _payload, errors) {
        return errors.map((e) => format(e.toJSON(), e));
      },
    },
    wss,
  );

  return {
    async stop() {
      await server.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await listener.stop();
    },
  };
}

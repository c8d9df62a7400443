import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import express, { type RequestHandler } from 'express';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLError } from 'graphql';
import pino, { type Logger } from 'pino';
import type { Config } from '../config';
import type { Orm } from '../db/orm';
import type { JobQueue } from '../lib/jobs';
import { AccessTokens } from '../modules/accounts/tokens';
import { SESSION_ENDINGS } from '../modules/accounts/sessions';
import type { StorefrontCaller, Viewer } from '../lib/caller';
import { smsProviderFromConfig } from '../modules/accounts/sms';
import { SandboxSms } from '../modules/accounts/sms-sandbox';
import { sandboxSmsRoutes } from '../modules/accounts/sms-routes';
import { PaymentProviders } from '../modules/payments/providers';
import { paymentRoutes } from '../modules/payments/routes';
import { STOREFRONT_KEY_HEADER, StorefrontKeyCache, StorefrontService } from '../modules/storefronts/service';
import { unauthenticated } from '../lib/errors';
import { OriginSet } from '../lib/origins';
import { admission } from './admission';
import { trustFunction } from './client-address';
import { moduleDependencies, type AppDeps } from './context';
import { corsMiddleware, OriginPolicy } from './cors';
import { chargeOperation, reportCost } from './cost-bucket';
import { formatError } from './errors';
import { checkDocumentSize, guardOperation, inputBoundsOf, parseOptions } from './operation-guard';
import { httpErrorHandler, notFound } from './http-errors';
import { health } from './health';
import { EMBED_PATH, embedAssets } from './embed';
import { IDE_ASSETS_PATH } from './ide/assets';
import { ideAssets, idePageRoute } from './ide/routes';
import { DEMO, DEMO_FIRST_QUERY } from '../db/demo-data';
import { graphqlDuration, graphqlRequests, metricsEndpoint } from './metrics';
import { RateLimits } from './rate-limits';
import { RequestContext } from '../lib/request-context';
import { requestScope } from '../lib/request-scope';
import { installModules } from './modules';
import { roleGatedFields, schema } from './schema';
import { attachSubscriptions, SUBSCRIPTION_CHANNELS, type Subscriptions } from './ws';
import { PgListener } from '../lib/pg-pubsub';
import { ANNOUNCEMENT_GAP_MS, LIVE_FIGURES, LiveFigures } from '../modules/live/figures';
import { LIVE_PRESENCE, LivePresence } from '../modules/live/presence';
import { PublicOperations } from './public-operations';
import { CompiledReads } from './compiled-reads';
import { CATALOG_CHANGES, ResponseCache } from './response-cache';
import { directGraphqlPosts, expressMessages, graphqlHandler } from './graphql-http';

export interface App {
  http: Server;
  apollo: ApolloServer<RequestContext>;
  logger: Logger;
  /** GraphQL over WebSocket (subscriptions) on the same port; stop it before Apollo. */
  subscriptions: Subscriptions;
  /** /ready answers 503 from now on (SIGTERM): load balancers stop sending before the port closes. */
  startDraining(): void;
}

/** Limits, the channel rule, the query-cost bucket and metrics, applied to every operation before it runs. */
function guardPlugin(config: Config, rateLimits: RateLimits): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async didResolveOperation({ document, request, schema: s, contextValue }) {
          const measure = guardOperation(s, document, request.operationName, request.variables, contextValue, config);
          await chargeOperation(rateLimits, contextValue, measure?.cost ?? 1);
        },
        async willSendResponse({ response, operationName, contextValue }) {
          reportCost(contextValue, response);
          const name = operationName ?? 'anonymous';
          const failed = response.body.kind === 'single' && !!response.body.singleResult.errors?.length;
          graphqlRequests.inc({ operation: name, outcome: failed ? 'error' : 'ok' });
          graphqlDuration.observe({ operation: name }, Number(process.hrtime.bigint() - started) / 1e9);
        },
      };
    },
  };
}

async function viewerOf(authorization: string | undefined, tokens: AccessTokens): Promise<Viewer | null> {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match) throw unauthenticated('The Authorization header must be "Bearer <accessToken>"');
  const result = await tokens.verify(match[1]);
  if ('refused' in result) throw unauthenticated(result.refused);
  return result;
}

export async function createApp(config: Config, orm: Orm, logger: Logger = pino({ level: config.logLevel }), jobs?: JobQueue): Promise<App> {
  // Node types, order hooks and outbox subscribers from the module manifests (src/modules/index.ts); once per process.
  installModules();
  const deps: AppDeps = {
    config,
    jobs,
    tokens: new AccessTokens(config.jwtSecret, config.accessTokenTtlSeconds, () => orm.em.fork()),
    storefrontKeys: new StorefrontKeyCache(),
    paymentProviders: PaymentProviders.fromConfig(config),
    sms: smsProviderFromConfig(config),
    rateLimits: RateLimits.open(config.rateLimits, orm.config.get('clientUrl'), logger),
  };
  const dependencies = moduleDependencies(deps);
  // The viewers this process serves (live sessions): its timers and rows end with the subscriptions.
  const livePresence = new LivePresence(() => orm.em.fork(), logger);
  dependencies.supply(LIVE_PRESENCE, livePresence);
  // The STOCK and SOLD events of this process's live sales, coalesced per item.
  const liveFigures = new LiveFigures(() => orm.em.fork(), logger, ANNOUNCEMENT_GAP_MS, orm.config.get('clientUrl'));
  dependencies.supply(LIVE_FIGURES, liveFigures);
  if (!deps.rateLimits.enabled) logger.warn('RATE_LIMITS=off: no rate limit applies (for load benchmarks and tests, never for production)');
  const app = express();
  app.disable('x-powered-by');
  // No ETag: hashing every answer (a listing is 28 kB) costs CPU on each request, and POST answers are never revalidated.
  app.set('etag', false);
  app.set('trust proxy', trustFunction(config.trustProxy));
  // Its request listener is set once the routes are (directGraphqlPosts, at the end).
  const http = createServer(expressMessages(app));

  const builtSchema = await schema();
  // Every input's bounds are read now: an input without them stops the start, not a request.
  inputBoundsOf(builtSchema);
  // One listening connection per process: subscriptions' events, the catalog changes the response cache forgets on and the sessions' endings.
  const listener = new PgListener(orm.config.get('clientUrl'), [...SUBSCRIPTION_CHANNELS, CATALOG_CHANGES, SESSION_ENDINGS], logger);
  await listener.start();
  deps.tokens.sessions.hear(listener);
  const responseCache = config.responseCacheBytes > 0 ? new ResponseCache(config.responseCacheBytes, listener) : null;
  const publicReads = new PublicOperations(builtSchema, await roleGatedFields());
  const apollo = new ApolloServer<RequestContext>({
    schema: builtSchema,
    parseOptions: parseOptions(config),
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // main.ts owns shutdown (HTTP, then the database); Apollo's own signal handlers would race it.
    stopOnTerminationSignals: false,
    formatError: formatError(logger),
    // No HTTP cache hints are used: the cache-control plugin would wrap every field resolver for nothing.
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: http }),
      ApolloServerPluginCacheControlDisabled(),
      // Its landing page loads scripts from Apollo's CDN: GET /graphql serves our own IDE instead (ide/routes.ts).
      ApolloServerPluginLandingPageDisabled(),
      guardPlugin(config, deps.rateLimits),
      // Public catalog reads: answered from the cache when they can be, else by their compiled query (after the cache: it keeps what that answers).
      ...(responseCache ? [responseCache.plugin(publicReads)] : []),
      new CompiledReads(builtSchema, publicReads).plugin(),
      { serverWillStart: async () => ({ serverWillStop: () => deps.rateLimits.close() }) },
    ],
  });
  await apollo.start();

  const tagRequest: RequestHandler = (req, res, next) => {
    const header = req.header('x-request-id');
    const requestId = header && /^[\w.-]{1,64}$/.test(header) ? header : randomUUID();
    res.setHeader('x-request-id', requestId);
    requestScope.run({ requestId, sqlStatements: 0 }, next);
  };
  app.use(tagRequest);
  const probes = health(orm);
  app.get('/health', probes.alive);
  app.get('/ready', probes.ready);
  app.get('/metrics', metricsEndpoint(config.metricsToken));
  // The buy button's script for content sites (npm run build): <script src="…/embed/v1/buy-button.js">.
  app.use(EMBED_PATH, embedAssets());
  // Payment callbacks and the sandbox provider's pages: plain HTTP, each route parsing its own body.
  app.use(paymentRoutes({ fork: () => orm.em.fork(), providers: deps.paymentProviders, logger, rateLimits: deps.rateLimits }));
  // The sandbox SMS provider's outbox: the last code of a number, for development clients and tests (never in a real deployment).
  if (deps.sms instanceof SandboxSms) app.use(sandboxSmsRoutes(deps.sms));
  const origins = new OriginPolicy(new OriginSet(config.operatorConsoleOrigins), () =>
    new StorefrontService(orm.em.fork(), deps.storefrontKeys).enabledAppOrigins(),
  );
  const graphqlCors = corsMiddleware(origins);
  app.use('/graphql', graphqlCors);
  // A browser's GET /graphql: the IDE; with the demo data, it starts with the demo storefront key and the README's first query.
  app.get(
    '/graphql',
    idePageRoute(config.graphqlIde, {
      endpoint: '/graphql',
      assets: IDE_ASSETS_PATH,
      headers: config.seedDemoData ? { 'X-Storefront-Key': DEMO.storefrontPublicKey } : null,
      query: config.seedDemoData ? DEMO_FIRST_QUERY : null,
    }),
  );
  if (config.graphqlIde) app.use(IDE_ASSETS_PATH, ideAssets());
  const graphql: RequestHandler[] = [
    admission(config.graphqlConcurrency),
    express.json({ limit: '1mb' }),
    (req, res, next) => {
      try {
        checkDocumentSize(req.method === 'GET' ? req.query.query : (req.body as { query?: unknown } | undefined)?.query, config);
        next();
      } catch (err) {
        const error = err as GraphQLError;
        res
          .status(413)
          .json({ errors: [{ message: error.message, extensions: { code: error.extensions.code, correlationId: requestScope.getStore()?.requestId } }] });
      }
    },
    graphqlHandler(apollo, async ({ req }) => {
      const em = orm.em.fork();
      const viewer = await viewerOf(req.header('authorization'), deps.tokens);
      const key = req.header(STOREFRONT_KEY_HEADER);
      let storefront: StorefrontCaller | null = null;
      if (key) storefront = await new StorefrontService(em, deps.storefrontKeys).resolveKey(key.trim());
      const refused = origins.refusal(req, storefront);
      if (refused) throw refused;
      return new RequestContext(
        dependencies,
        em,
        requestScope.getStore()?.requestId ?? randomUUID(),
        viewer,
        storefront,
        req.ip ?? req.socket.remoteAddress ?? 'unknown',
      );
    }),
  ];
  app.use('/graphql', ...graphql);
  app.use(notFound);
  const answerError = httpErrorHandler(logger);
  app.use(answerError);
  http.on('request', directGraphqlPosts(app, [tagRequest, graphqlCors, ...graphql], answerError));
  const subscriptions = attachSubscriptions(http, listener, builtSchema, deps, dependencies, orm, logger, origins, (authorization) =>
    viewerOf(authorization, deps.tokens),
  );
  const stopSubscriptions = async () => {
    await subscriptions.stop();
    await livePresence.stop();
    liveFigures.stop();
  };
  return { http, apollo, logger, subscriptions: { stop: stopSubscriptions }, startDraining: probes.startDraining };
}

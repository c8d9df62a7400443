import { IncomingMessage, ServerResponse, type ServerOptions } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { ErrorRequestHandler, Express, Request, RequestHandler, Response } from 'express';

/**
 * Hands a request to Apollo and writes its answer: the request's headers, query string and body
 * (parsed by express.json before it) as Apollo's HTTPGraphQLRequest. The answer is written with
 * its length in one `end`, not through Express's `res.send`, whose charset, ETag and freshness
 * steps a GraphQL answer never needs; a streamed answer (incremental delivery) chunk by chunk.
 */
export function graphqlHandler<Context extends BaseContext>(
  apollo: ApolloServer<Context>,
  context: (args: { req: Request; res: Response }) => Promise<Context>,
): RequestHandler {
  return async (req, res) => {
    if (!('body' in req)) throw new Error('the JSON body parser must run before the GraphQL handler');
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const url = req.url;
    const query = url.indexOf('?');
    const answer = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method.toUpperCase(), headers, search: query < 0 ? '' : url.slice(query), body: req.body },
      context: () => context({ req, res }),
    });
    for (const [name, value] of answer.headers) res.setHeader(name, value);
    res.statusCode = answer.status ?? 200;
    if (answer.body.kind === 'complete') {
      res.setHeader('content-length', Buffer.byteLength(answer.body.string));
      res.end(req.method === 'HEAD' ? undefined : answer.body.string);
      return;
    }
    for await (const chunk of answer.body.asyncIterator) res.write(chunk);
    res.end();
  };
}

/**
 * The HTTP server's request and response classes, with Express's request and response methods
 * (req.ip, res.json, …) on their prototypes: Express gives every request and response these
 * prototypes one at a time with Object.setPrototypeOf, which V8 makes slow for the object ever
 * after. Set once here, on the classes, it costs nothing per request. For `createServer`.
 */
export function expressMessages(app: Express): ServerOptions {
  class ExpressRequest extends IncomingMessage {}
  Object.setPrototypeOf(ExpressRequest.prototype, app.request);
  class ExpressResponse extends ServerResponse {}
  Object.setPrototypeOf(ExpressResponse.prototype, app.response);
  return { IncomingMessage: ExpressRequest, ServerResponse: ExpressResponse as typeof ServerResponse };
}

/** POST /graphql, exactly, with or without a query string: what `directGraphqlPosts` takes past the router. */
function isGraphqlPost(method: string | undefined, url: string): boolean {
  return method === 'POST' && (url === '/graphql' || url.startsWith('/graphql?'));
}

/**
 * The HTTP server's request listener. POST /graphql, nearly every request the API serves, runs
 * `handlers` in order as Express would (an error or a rejected promise goes to `onError`), but
 * without Express's router: matching the app's dozen routes and middleware was about a tenth of a
 * small request's CPU. Everything else, /graphql under any other method or spelling included,
 * goes to `app` as before. The handlers are the ones the app mounts on /graphql, so both ways
 * answer alike.
 */
export function directGraphqlPosts(app: Express, handlers: RequestHandler[], onError: ErrorRequestHandler) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? '';
    if (!isGraphqlPost(req.method, url)) {
      app(req, res);
      return;
    }
    const request = req as Request;
    const response = res as Response;
    // What Express's app.handle does before its router: the request and response get Express's methods (req.ip, res.json, …),
    // already theirs when the server was made with expressMessages.
    request.res = response;
    response.req = request;
    if (!Object.prototype.isPrototypeOf.call(app.request, req)) Object.setPrototypeOf(req, app.request);
    if (!Object.prototype.isPrototypeOf.call(app.response, res)) Object.setPrototypeOf(res, app.response);
    response.locals ??= Object.create(null) as Record<string, unknown>;
    // And what its router sets (a middleware may log it).
    request.originalUrl ||= url;
    // A failure after the answer began cannot be answered: the connection is closed, as Express's last handler does.
    const closeConnection = () => req.socket.destroy();
    let i = 0;
    const next = (err?: unknown): void => {
      if (err) return void onError(err, request, response, closeConnection);
      const handler = handlers[i++];
      if (!handler) return void onError(new Error('no /graphql handler answered'), request, response, closeConnection);
      try {
        const result: unknown = handler(request, response, next);
        if (result instanceof Promise) result.then(undefined, (e: unknown) => next(e ?? new Error('Rejected promise')));
      } catch (e) {
        next(e);
      }
    };
    next();
  };
}

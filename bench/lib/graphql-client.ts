import { request, type Agent } from 'node:http';
import { DEMO } from '../../src/db/demo-data';

/**
 * A bare GraphQL POST to the API on 127.0.0.1:`port` over a keep-alive `agent`, as the demo
 * storefront (and with `token`, as a signed-in buyer): the rush benches send thousands at once
 * without autocannon. Resolves the parsed answer; an unparsable one rejects with its status.
 */
export function graphqlPost(agent: Agent, port: number, query: string, variables: Record<string, unknown>, token?: string): Promise<any> {
  return graphqlPostBody(agent, port, graphqlBody(query, variables), token);
}

/** A request's JSON body, serialized once: a rush's buyers often send the same one. */
export interface JsonBody {
  text: string;
  bytes: number;
}

export function jsonBody(value: unknown): JsonBody {
  const text = JSON.stringify(value);
  return { text, bytes: Buffer.byteLength(text) };
}

export function graphqlBody(query: string, variables: Record<string, unknown>): JsonBody {
  return jsonBody({ query, variables });
}

/** graphqlPost with the body serialized beforehand (graphqlBody). */
export function graphqlPostBody(agent: Agent, port: number, body: JsonBody, token?: string): Promise<any> {
  return postJson(agent, port, '/graphql', body, {
    'x-storefront-key': DEMO.storefrontPublicKey,
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  });
}

/** A JSON POST to 127.0.0.1:`port` over a keep-alive `agent`. Resolves the parsed answer; an unparsable one rejects with its status. */
export function postJson(agent: Agent, port: number, path: string, body: JsonBody, headers: Record<string, string> = {}): Promise<any> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': body.bytes, ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => {
          try {
            resolve(JSON.parse(text));
          } catch {
            reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`));
          }
        });
      },
    );
    req.on('error', reject);
    req.end(body.text);
  });
}

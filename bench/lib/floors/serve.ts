import { createServer, type IncomingMessage, type Server } from 'node:http';
import { Pool, types as pgTypes, type PoolClient } from 'pg';

/** What a floor server answers: an HTTP status and a JSON text. */
export interface Answer {
  status: number;
  json: string;
}

/**
 * The pool a floor server queries with: the API's database and pool size (FLOOR_DATABASE_URL,
 * FLOOR_POOL_SIZE, set by FloorProcess), and timestamps left as PostgreSQL's text, as MikroORM's
 * PostgreSQL connection leaves them for the API.
 */
export function floorPool(): Pool {
  const text = (value: string) => value;
  return new Pool({
    connectionString: process.env.FLOOR_DATABASE_URL,
    max: Number(process.env.FLOOR_POOL_SIZE),
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === pgTypes.builtins.TIMESTAMPTZ || oid === pgTypes.builtins.TIMESTAMP ? text : pgTypes.getTypeParser(oid, format)) as typeof pgTypes.getTypeParser,
    },
  });
}

/**
 * Serves `handle` on plain node:http at FLOOR_PORT: every request's body read in full, the answer
 * sent as JSON; "ready:" once listening. SIGTERM or SIGINT closes the server, lets the requests
 * under way finish, ends the pool and exits. Returns the server (a WebSocket server may share it).
 */
export function serve(pool: Pool, handle: (path: string, body: string) => Promise<Answer>): Server {
  const server = createServer((req, res) => {
    void readBody(req)
      .then((body) => handle(req.url ?? '/', body))
      .catch((err: unknown): Answer => ({ status: 500, json: JSON.stringify({ errors: [{ message: err instanceof Error ? err.message : String(err) }] }) }))
      .then(({ status, json }) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
        res.end(json);
      });
  });
  server.listen(Number(process.env.FLOOR_PORT), '127.0.0.1', () => console.log(`ready: ${process.env.FLOOR_PORT}`));
  const stop = () => {
    server.close(() => void pool.end().then(() => process.exit(0)));
    server.closeIdleConnections();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return server;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((done, fail) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => done(body));
    req.on('error', fail);
  });
}

/** Thrown by the work of `inTransaction` to roll back and answer with `answer` (a refusal). */
export class Rollback extends Error {
  constructor(readonly answer: Answer) {
    super('rolled back');
  }
}

/**
 * `work` on a pooled connection inside one transaction: committed when it returns its answer,
 * rolled back when it throws a Rollback (whose answer is given) or anything else (thrown again). A
 * connection whose transaction failed oddly is not handed to the next request.
 */
export async function inTransaction(pool: Pool, work: (client: PoolClient) => Promise<Answer>): Promise<Answer> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('begin');
    const answer = await work(client);
    await client.query('commit');
    return answer;
  } catch (err) {
    if (err instanceof Rollback) {
      await client.query('rollback');
      return err.answer;
    }
    broken = err instanceof Error ? err : new Error(String(err));
    await client.query('rollback').catch(() => undefined);
    throw broken;
  } finally {
    client.release(broken);
  }
}

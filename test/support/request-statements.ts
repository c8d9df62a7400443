import { requestScope, type RequestScope } from '../../src/lib/request-scope';

/**
 * The SQL statements one HTTP request ran itself — counted in its request scope, so background work
 * that runs meanwhile (the outbox dispatcher, live viewers' heartbeats, sweeps) is left out. Runs
 * `send` (which must make exactly one request to the app of this process) and returns that count.
 */
export async function requestStatements(send: () => Promise<unknown>): Promise<number> {
  const run = requestScope.run.bind(requestScope);
  const scopes: RequestScope[] = [];
  requestScope.run = (store: RequestScope, callback: (...args: unknown[]) => unknown, ...args: unknown[]) => {
    scopes.push(store);
    return run(store, callback, ...args);
  };
  try {
    await send();
  } finally {
    requestScope.run = run;
  }
  if (scopes.length !== 1) throw new Error(`expected one request, saw ${scopes.length}`);
  return scopes[0].sqlStatements;
}

import { Counter, Registry, collectDefaultMetrics } from 'prom-client';
import { requestScope } from './request-scope';

/**
 * The process's Prometheus registry, served at /metrics (src/server/metrics.ts adds the HTTP and
 * GraphQL series); `npm run bench` reads SQL statements per request from it.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

/** Counted where statements are sent (the SQL helper and the ORM's logger), below any server code. */
export const sqlStatements = new Counter({
  name: 'sql_statements_total',
  help: 'SQL statements sent to PostgreSQL',
  registers: [registry],
});

/** Counts statements sent past the ORM's logger (a pooled prepared statement, a two-statement query) in the process's and the request's figures. */
export function countStatements(n = 1): void {
  sqlStatements.inc(n);
  const scope = requestScope.getStore();
  if (scope) scope.sqlStatements += n;
}

import type { RequestHandler } from 'express';
import { pendingMigrations } from '../db/migration-status';
import type { Orm } from '../db/orm';

/** How long /ready waits for the database before it answers that it did not answer. */
const DATABASE_CHECK_MS = 2000;

export interface Health {
  /** GET /health. */
  alive: RequestHandler;
  /** GET /ready. */
  ready: RequestHandler;
  /** From now on /ready answers 503: the process is shutting down. */
  startDraining: () => void;
}

/**
 * What an orchestrator and a load balancer ask each API process. /health: the process is alive
 * (200 while it runs; restart it when this fails). /ready: send it traffic — 200 when the database
 * answers, no migration is pending and the process is not draining; otherwise 503 with the reason,
 * so a load balancer stops routing to it without anyone restarting it.
 */
export function health(orm: Orm): Health {
  let draining = false;
  return {
    alive: (_req, res) => {
      res.setHeader('cache-control', 'no-store');
      res.json({ status: 'ok' });
    },
    ready: async (_req, res) => {
      const reason = draining ? 'draining: the process is shutting down' : await notReadyBecause(orm);
      res.setHeader('cache-control', 'no-store');
      if (reason) res.status(503).json({ status: 'unavailable', reason });
      else res.json({ status: 'ready' });
    },
    startDraining: () => {
      draining = true;
    },
  };
}

async function notReadyBecause(orm: Orm): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`database: no answer within ${DATABASE_CHECK_MS} ms`), DATABASE_CHECK_MS);
  });
  const check = pendingMigrations(orm.em.fork()).then(
    (pending) => (pending.length ? `migrations pending: ${pending.join(', ')}` : null),
    (err: Error) => `database: ${err.message}`,
  );
  try {
    return await Promise.race([check, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

import type { RequestHandler } from 'express';

/**
 * At most `limit` GraphQL requests of this process run at once; later ones wait their turn in
 * arrival order, holding only their socket (their body is not read yet). A rush — a flash slot
 * opening, a live host pinning an item — brings hundreds of requests in the same instant: run all
 * at once, each one's parsing, token check and pricing would be interleaved with every other's,
 * and the first buyer's order would be answered only once the whole wave had been worked through.
 * In turns, the first comers finish first and the database's answers are not kept waiting behind
 * new arrivals. Requests here wait only on PostgreSQL and this process's CPU (no call leaves for
 * another service), so a few times the connection pool keeps both busy.
 */
export function admission(limit: number): RequestHandler {
  let running = 0;
  const waiting: (() => void)[] = [];
  return (_req, res, next) => {
    let state: 'waiting' | 'running' | 'done' = 'waiting';
    const begin = () => {
      state = 'running';
      next();
    };
    const end = () => {
      if (state === 'running') {
        // The place passes to the next in line.
        const following = waiting.shift();
        if (following) following();
        else running--;
      } else if (state === 'waiting') {
        // The client went away while waiting: it never runs.
        const i = waiting.indexOf(begin);
        if (i >= 0) waiting.splice(i, 1);
      }
      state = 'done';
    };
    res.once('finish', end);
    res.once('close', end);
    if (running < limit) {
      running++;
      begin();
    } else waiting.push(begin);
  };
}

import type { RequestHandler } from 'express';
import { Lanes } from '../lib/lanes';

/** How long one turn of the event loop goes on letting waiting requests in (lib/lanes.ts: turnMs). */
export const ADMISSION_TURN_MS = 1;

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
  // Waiting requests begin for at most ADMISSION_TURN_MS per turn of the event loop: the ones a rush
  // refuses from memory would otherwise run back to back as one turn, and a timer due (the live
  // figures' next announcement) or a database's answer would wait until the last was answered.
  const requests = new Lanes(limit, ADMISSION_TURN_MS);
  return (_req, res, next) => {
    // A request gives its place up once answered, or withdraws if its client goes away while waiting.
    const leave = requests.take('graphql', () => next());
    res.once('finish', leave);
    res.once('close', leave);
  };
}

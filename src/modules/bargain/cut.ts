import { createHash } from 'node:crypto';
import type { Fen } from '../../lib/money';

/**
 * How much one helper cuts. The amount still to cut (current − floor) is shared over the helpers
 * still needed: each cut is a bounded random amount around the even share — at least half of it
 * (and 1 fen), at most one and a half times it (more for a new customer with a boost) — and never
 * so much that a later helper would have less than 1 fen to cut. The last helper needed cuts
 * exactly what is left, so the floor is reached with them and never passed. Pure and deterministic:
 * `unit` is a number in [0, 1) derived from the bargain and the helper's position.
 */
export function cutAmount(remaining: Fen, helpersLeft: number, unit: number, boostPercent = 100): Fen {
  if (!Number.isInteger(remaining) || remaining < 0) throw new RangeError('remaining must be whole fen, not negative');
  if (!Number.isInteger(helpersLeft) || helpersLeft < 1) throw new RangeError('at least one helper must be left');
  if (remaining === 0) return 0;
  if (helpersLeft === 1) return remaining;
  // Every later helper keeps at least 1 fen to cut, when there is that much.
  const reserve = Math.min(helpersLeft - 1, remaining - 1);
  const most = remaining - reserve;
  const share = Math.floor(remaining / helpersLeft);
  const low = Math.min(most, Math.max(1, Math.floor(share / 2)));
  const high = Math.min(most, Math.max(low, Math.floor((share * 3 * boostPercent) / 200)));
  return low + Math.floor(unit * (high - low + 1));
}

/** The deterministic [0, 1) of a bargain's n-th cut. */
export function cutUnit(bargainId: string, position: number): number {
  return createHash('sha256').update(`${bargainId}:${position}`).digest().readUInt32BE(0) / 2 ** 32;
}

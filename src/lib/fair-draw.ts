import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Provably fair draws. Before a game starts its secret seed is drawn and only the seed's SHA-256
 * (the commitment) is published; every outcome is derived from HMAC-SHA256(seed, draw id), so it
 * is fixed the moment the draw id is, and nobody — operators included — can steer it without
 * breaking the commitment. When the game ends the seed is revealed and anyone can recompute every
 * outcome with these same functions (docs/games.md writes the recipe out for other languages).
 *
 * Integers are drawn by rejection sampling on 48-bit blocks, so every value of a range is exactly
 * equally likely: no modulo bias, and no bound that matches nothing.
 */

/** A fresh secret seed: 32 random bytes, hex. */
export function newSeed(): string {
  return randomBytes(32).toString('hex');
}

/** The published commitment to a seed: SHA-256 of its hex text, hex. */
export function seedCommitment(seed: string): string {
  return createHash('sha256').update(seed, 'utf8').digest('hex');
}

const BLOCK = 2 ** 48;

/**
 * A uniform integer in [0, n) for `label` (a draw id, or "packet id:share index"): the HMAC of
 * "label:counter" read as 48-bit blocks, skipping any block at or above the largest multiple of n.
 */
export function fairInteger(seed: string, label: string, n: number): number {
  if (!Number.isSafeInteger(n) || n < 1 || n > BLOCK) throw new RangeError(`fairInteger: n must be an integer in [1, 2^48], got ${n}`);
  const limit = Math.floor(BLOCK / n) * n;
  for (let counter = 0; ; counter++) {
    const digest = createHmac('sha256', seed).update(`${label}:${counter}`, 'utf8').digest();
    for (let offset = 0; offset + 6 <= digest.length; offset += 6) {
      const block = digest.readUIntBE(offset, 6);
      if (block < limit) return block % n;
    }
  }
}

/**
 * The index of the weighted choice for `label`: a uniform integer below the total weight, mapped
 * onto the cumulative weights, so a choice of weight w wins exactly w times in total. Weights are
 * non-negative integers with a positive total; a weight of 0 never wins.
 */
export function fairChoice(seed: string, label: string, weights: readonly number[]): number {
  const total = weights.reduce((sum, w) => {
    if (!Number.isSafeInteger(w) || w < 0) throw new RangeError(`fairChoice: weights must be non-negative integers, got ${w}`);
    return sum + w;
  }, 0);
  if (total < 1) throw new RangeError('fairChoice: the weights must add up to at least 1');
  let ticket = fairInteger(seed, label, total);
  for (let i = 0; i < weights.length; i++) {
    if (ticket < weights[i]) return i;
    ticket -= weights[i];
  }
  throw new Error('unreachable: the ticket is below the total weight');
}

/**
 * Splits `total` (whole fen) into `shares` amounts of at least `minimum` each that add up to it
 * exactly: every share starts at the minimum and the rest is cut at `shares - 1` uniform points
 * drawn from "label:cut:i". Deterministic for a seed and label, so the split can be recomputed.
 */
export function fairSplit(seed: string, label: string, total: number, shares: number, minimum: number): number[] {
  if (!Number.isSafeInteger(total) || !Number.isSafeInteger(shares) || !Number.isSafeInteger(minimum)) {
    throw new RangeError('fairSplit: total, shares and minimum must be integers');
  }
  if (shares < 1 || minimum < 0 || total < shares * minimum) throw new RangeError('fairSplit: the total does not cover every share its minimum');
  const rest = total - shares * minimum;
  const cuts: number[] = [];
  for (let i = 0; i < shares - 1; i++) cuts.push(fairInteger(seed, `${label}:cut:${i}`, rest + 1));
  cuts.sort((a, b) => a - b);
  const amounts: number[] = [];
  let previous = 0;
  for (const cut of [...cuts, rest]) {
    amounts.push(minimum + cut - previous);
    previous = cut;
  }
  return amounts;
}

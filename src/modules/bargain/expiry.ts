import type { EntityManager } from '@mikro-orm/postgresql';
import { expireDueBargains } from './lifecycle';

/** Bargains expired per statement. */
export const EXPIRY_BATCH = 1000;

/**
 * Bargains whose time ran out without being ordered fail (EXPIRED), set-based; safe anywhere at
 * once (the update is conditional on the status). An ORDERED bargain waits for its order instead:
 * paid, it is PURCHASED; cancelled after the time, EXPIRED.
 */
export async function expireBargains(em: EntityManager): Promise<number> {
  return expireDueBargains(em, EXPIRY_BATCH);
}

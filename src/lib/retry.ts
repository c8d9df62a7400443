import { DeadlockException } from '@mikro-orm/core';

/**
 * Runs a transaction again when PostgreSQL aborted it as the victim of a deadlock. Transactions
 * that lock several rows in id order rarely deadlock, but one that must lock more rows after a
 * first look (a referral tree that changed meanwhile) can: the victim's work was rolled back whole,
 * so running it again is safe.
 */
export async function retryDeadlocks<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (!(err instanceof DeadlockException) || attempt >= attempts) throw err;
    }
  }
}

import { DomainError } from './errors';

/**
 * Runs a mutation's work and shapes its payload: the result with empty userErrors, or — on a
 * DomainError — the empty result with the error. Anything else is unexpected and propagates.
 */
export async function payload<P extends { userErrors: unknown[] }>(work: () => Promise<Omit<P, 'userErrors'>>, empty: Omit<P, 'userErrors'>): Promise<P> {
  try {
    return { ...(await work()), userErrors: [] } as unknown as P;
  } catch (err) {
    if (err instanceof DomainError) return { ...empty, userErrors: [{ code: err.code as string, message: err.message, field: err.field }] } as unknown as P;
    throw err;
  }
}

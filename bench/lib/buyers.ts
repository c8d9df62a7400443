import { BENCH_PASSWORD, register, sessionOf, signIn, type Session } from './accounts';
import type { Api } from './api';
import { inParallel } from './parallel';

/** How many buyers take turns. */
export const BUYERS = 200;

/** What ensure() did, for the scenario to say. */
export interface BuyersReady {
  /** Signed in again (tokens that would expire), rather than set up the first time. */
  again: boolean;
  /** Registered now; the others were signed in (a database kept from an earlier benchmark). */
  registered: number;
  ms: number;
  /** How long the tokens that expire first last from now. */
  validMs: number;
}

/** BUYERS customers, bench-buyer-1@example.com and on, signed in through the API. */
export class Buyers {
  private sessions: Session[] = [];

  /** Buyer n, taking turns. */
  of(n: number): Session {
    return this.sessions[n % this.sessions.length];
  }

  /**
   * Buyers whose access tokens last `forMs` more (plus a minute): registered the first time, signed
   * in again later; null when the ones there are last long enough.
   */
  async ensure(api: Api, forMs: number): Promise<BuyersReady | null> {
    const until = Date.now() + forMs + 60_000;
    if (this.sessions.length === BUYERS && this.sessions.every((b) => b.expiresAt > until)) return null;
    const t0 = Date.now();
    const again = this.sessions.length > 0;
    let registered = 0;
    this.sessions = await inParallel(
      Array.from({ length: BUYERS }, (_, i) => i),
      16,
      async (i) => {
        const email = `bench-buyer-${i + 1}@example.com`;
        if (!again) {
          const payload = await register(api, email, `Bench buyer ${i + 1}`);
          // EMAIL_TAKEN: a database kept from an earlier benchmark (DATABASE_URL); sign in instead.
          if (payload.tokens || payload.userErrors[0]?.code !== 'EMAIL_TAKEN') {
            const session = sessionOf(payload, `register ${email}`);
            registered++;
            return session;
          }
        }
        return signIn(api, email, BENCH_PASSWORD, true);
      },
    );
    const expiry = Math.min(...this.sessions.map((b) => b.expiresAt));
    if (expiry <= until)
      throw new Error(`the buyers' access tokens expire in ${Math.round((expiry - Date.now()) / 1000)} s, before the runs end: raise ACCESS_TOKEN_TTL_SECONDS`);
    return { again, registered, ms: Date.now() - t0, validMs: expiry - Date.now() };
  }
}

/**
 * A short per-process cache of lookups that run on every request (a storefront key, a session).
 * It holds the lookup itself, not only its answer: requests that arrive while a key is being looked
 * up (or just after its entry expired) share that one lookup instead of each querying.
 * A change made through this process forgets the key at once; other processes see it within the TTL.
 */
export class LookupCache<V, K = string> {
  private readonly entries = new Map<K, { answer: Promise<V>; at: number }>();

  constructor(
    private readonly ttlMs = 5000,
    /** Past this many keys the whole cache is dropped: a burst of distinct keys cannot grow it without bound. */
    private readonly maxEntries = 10_000,
  ) {}

  /** The cached answer for `key`, or the answer of `lookup`, shared by every caller until the TTL passes. */
  answer(key: K, lookup: () => Promise<V>): Promise<V> {
    const entry = this.entries.get(key);
    if (entry && Date.now() - entry.at <= this.ttlMs) return entry.answer;
    if (this.entries.size > this.maxEntries) this.entries.clear();
    const answer = lookup();
    const fresh = { answer, at: Date.now() };
    this.entries.set(key, fresh);
    // A failed lookup (database down) is not an answer: the next request tries again.
    answer.catch(() => {
      if (this.entries.get(key) === fresh) this.entries.delete(key);
    });
    return answer;
  }

  /** Keeps `value` as the answer for `key` until the TTL passes, as if it had been looked up now. */
  remember(key: K, value: V): void {
    if (this.entries.size > this.maxEntries) this.entries.clear();
    this.entries.set(key, { answer: Promise.resolve(value), at: Date.now() });
  }

  /**
   * The next request for `key` looks it up again. A lookup still running keeps answering the callers
   * that already joined it, but is not kept: it may have read the database before the change.
   */
  forget(key: K): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

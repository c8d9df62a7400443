/** A Prometheus histogram's cumulative bucket counts, by upper bound in seconds (+Inf included). */
export type Buckets = Map<number, number>;

/** The buckets of histogram `name` in Prometheus text (no labels). */
export function bucketsOf(metricsText: string, name: string): Buckets {
  const buckets: Buckets = new Map();
  const pattern = new RegExp(`^${name}_bucket\\{le="([^"]+)"\\} ([\\d.e+-]+)$`);
  for (const line of metricsText.split('\n')) {
    const m = pattern.exec(line);
    if (m) buckets.set(m[1] === '+Inf' ? Infinity : Number(m[1]), Number(m[2]));
  }
  return buckets;
}

/** What was observed between two readings, summed over several processes' readings (before[i], after[i]). */
export function observedBetween(before: Buckets[], after: Buckets[]): Buckets {
  const sum: Buckets = new Map();
  after.forEach((a, i) => {
    for (const [le, n] of a) sum.set(le, (sum.get(le) ?? 0) + n - (before[i].get(le) ?? 0));
  });
  return new Map([...sum].sort(([x], [y]) => x - y));
}

/** The number of observations. */
export function countOf(buckets: Buckets): number {
  return buckets.get(Infinity) ?? 0;
}

/** The upper bound (ms) of the bucket holding the p-th percentile: "p99 ≤ this". */
export function percentileBoundMs(buckets: Buckets, p: number): string {
  const total = countOf(buckets);
  if (total === 0) return '—';
  const rank = Math.ceil((p / 100) * total);
  for (const [le, n] of buckets)
    if (n >= rank) return Number.isFinite(le) ? `≤ ${Math.round(le * 1000)}` : `> ${Math.round([...buckets.keys()].filter(Number.isFinite).pop()! * 1000)}`;
  return '—';
}

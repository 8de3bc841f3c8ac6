/**
 * Latency histogram from tens of nanoseconds to 100 ms: 10 ns buckets below
 * 100 µs, 1 µs buckets above, one overflow bucket past 100 ms. Recording is
 * an array increment.
 */
const FINE_NS = 10;
const FINE_BUCKETS = 10_000; // up to 100 µs
const COARSE_NS = 1000;
const COARSE_BUCKETS = 100_000; // up to 100 ms
const FINE_LIMIT_NS = FINE_NS * FINE_BUCKETS;

export class NanoHistogram {
  private readonly counts = new Uint32Array(FINE_BUCKETS + COARSE_BUCKETS + 1);
  private total = 0;

  record(ns: number): void {
    let b: number;
    if (ns < FINE_LIMIT_NS) b = Math.floor(ns / FINE_NS);
    else b = Math.min(FINE_BUCKETS + Math.floor((ns - FINE_LIMIT_NS) / COARSE_NS), FINE_BUCKETS + COARSE_BUCKETS);
    this.counts[b] = (this.counts[b] as number) + 1;
    this.total++;
  }

  get count(): number {
    return this.total;
  }

  /** Upper edge of the bucket holding quantile q, in µs (2 decimals); NaN when empty. */
  percentileUs(q: number): number {
    if (this.total === 0) return NaN;
    const rank = Math.ceil(q * this.total);
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i] as number;
      if (seen < rank) continue;
      const edgeNs = i < FINE_BUCKETS ? (i + 1) * FINE_NS : FINE_LIMIT_NS + (i - FINE_BUCKETS + 1) * COARSE_NS;
      return Math.round(edgeNs / 10) / 100;
    }
    return NaN;
  }
}

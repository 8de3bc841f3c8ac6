/**
 * Flat latency histogram with 1 µs buckets up to 100 ms (one overflow
 * bucket above): recording is an array increment, cheap enough for a driver
 * that shares the cores with the server it measures.
 */
const BUCKETS = 100_000;

export class LatencyHistogram {
  private readonly counts = new Uint32Array(BUCKETS + 1);
  private total = 0;

  record(ms: number): void {
    const us = Math.floor(ms * 1000);
    const i = us < BUCKETS ? us : BUCKETS;
    this.counts[i] = (this.counts[i] as number) + 1;
    this.total++;
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
  }

  get count(): number {
    return this.total;
  }

  /** Upper edge of the bucket holding quantile q, in ms; NaN when empty, 100 when in the overflow bucket. */
  percentileMs(q: number): number {
    if (this.total === 0) return NaN;
    const rank = Math.ceil(q * this.total);
    let seen = 0;
    for (let i = 0; i <= BUCKETS; i++) {
      seen += this.counts[i] as number;
      if (seen >= rank) return (i + 1) / 1000;
    }
    return BUCKETS / 1000;
  }
}

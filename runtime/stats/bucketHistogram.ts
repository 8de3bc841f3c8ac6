/**
 * A fixed-bucket histogram (Prometheus style: cumulative `le` buckets, sum,
 * count) cheap enough for hot paths and plain data when snapshotted, so it
 * crosses a worker boundary as-is.
 */
export interface HistogramSnapshot {
  /** Upper bounds, ascending; an implicit +Inf bucket follows. */
  bounds: number[];
  /** Observations per bucket (not cumulative); length bounds.length + 1. */
  counts: number[];
  sum: number;
  count: number;
}

export const LATENCY_MS_BOUNDS = [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];

export class BucketHistogram {
  private readonly counts: number[];
  private sum = 0;
  private count = 0;

  constructor(private readonly bounds: readonly number[] = LATENCY_MS_BOUNDS) {
    this.counts = new Array<number>(bounds.length + 1).fill(0);
  }

  observe(value: number): void {
    let i = 0;
    while (i < this.bounds.length && value > (this.bounds[i] as number)) i++;
    this.counts[i] = (this.counts[i] as number) + 1;
    this.sum += value;
    this.count++;
  }

  snapshot(): HistogramSnapshot {
    return { bounds: [...this.bounds], counts: [...this.counts], sum: this.sum, count: this.count };
  }
}

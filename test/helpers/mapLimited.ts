/**
 * `Promise.all(items.map(fn))` with at most `limit` calls in flight, results
 * in the order of `items`. For batches of child processes: started all at
 * once on a 2-core machine, each one's wall time is the whole batch's (18 CLI
 * runs together took over 20 s each under load), so a per-process time bound
 * measures the queue instead of the process.
 */
export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}

/**
 * Keep the process alive until `p` settles: the client's sockets and timers
 * are unref'd, so an application awaiting start-up or close() at top level
 * would otherwise exit mid-await.
 */
export async function holdOpen<T>(p: Promise<T>): Promise<T> {
  const keep = setInterval(() => undefined, 2 ** 30);
  try {
    return await p;
  } finally {
    clearInterval(keep);
  }
}

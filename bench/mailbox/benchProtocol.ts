/** Messages of the mailbox benchmark, shared by main thread and workers. */
export type BenchMsg = { type: 'inc'; n: number } | { type: 'ping'; seq: number } | { type: 'count' };

export interface BenchReplies {
  ping: number;
  count: number;
}

export type BenchMode = 'tell-batched' | 'tell-unbatched' | 'ask-sequential' | 'ask-pipelined';

export interface RunRequest {
  mode: BenchMode;
  count: number;
  concurrency: number;
}

export interface Measurement {
  mode: BenchMode;
  ops: number;
  elapsedMs: number;
  dropped: number;
}

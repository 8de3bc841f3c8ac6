/** Messages of the test counter actor; imported by the actor and by the tests that drive it. */
export type CounterMsg =
  | { type: 'add'; n: number }
  | { type: 'sum' }
  | { type: 'label' }
  | { type: 'crash'; reason: string }
  | { type: 'hang' }
  | { type: 'slow'; ms: number }
  | { type: 'relay'; to: string; n: number }
  | { type: 'peerSum'; to: string; index: number }
  /** Where and which incarnation: the worker thread's id and a number drawn at start. */
  | { type: 'whereami' }
  /** process.exit inside the actor's thread (a lost thread, not an actor crash). */
  | { type: 'exitThread'; code: number };

export interface CounterReplies {
  sum: number;
  label: string;
  crash: never;
  hang: never;
  slow: 'done';
  peerSum: number;
  whereami: { threadId: number; incarnation: number };
  exitThread: never;
}

export interface CounterArgs {
  label: string;
  crashOnStart?: boolean;
  /** Written by the stop hook: proves a graceful stop flushed. */
  flushFile?: string;
  /** Simulated slow flush in the stop hook. */
  stopDelayMs?: number;
}

/** The counter's control API (called by the supervisor over the control plane). */
export interface CounterControl {
  /** Its state as the supervisor sees it. */
  inspect(): { label: string; total: number; calls: number };
  /** Throws an error with this code: the call fails, the actor keeps running. */
  refuse(code: string): never;
  /** Never answers (the call must still settle on the supervisor's side). */
  stall(): never;
}

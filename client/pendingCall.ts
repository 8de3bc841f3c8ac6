/**
 * One call waiting for the agent. Its promise is made with a shared
 * executor, so a call allocates the promise and this record, no closures.
 */
import type { CallKind } from './clientStats.js';
import type { Deadline } from './deadlines.js';

export interface PendingCall extends Deadline {
  readonly kind: CallKind;
  readonly modid: number;
  readonly cmdid: number;
  /** The agent port the call went to (for messages). */
  readonly port: number;
  /** getHost only; 0 until sent. */
  seq: number;
  /** getHost only: the caller's tags, checked. */
  readonly tags: readonly string[];
  timeoutMs: number;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

const noop = (): void => {};

const NO_TAGS: readonly string[] = Object.freeze([]);

export function newPendingCall(kind: CallKind, modid: number, cmdid: number, port: number, timeoutMs: number, tags: readonly string[] = NO_TAGS): PendingCall {
  return { kind, modid, cmdid, port, seq: 0, tags, timeoutMs, deadline: 0, settled: false, nextDeadline: null, resolve: noop, reject: noop };
}

let capturing: PendingCall | undefined;
function executor(resolve: (value: unknown) => void, reject: (err: Error) => void): void {
  const p = capturing as PendingCall;
  p.resolve = resolve;
  p.reject = reject;
}

/** The promise the caller awaits, settled through `p.resolve` / `p.reject`. */
export function promiseOf<T>(p: PendingCall): Promise<T> {
  capturing = p;
  const promise = new Promise<unknown>(executor) as Promise<T>;
  capturing = undefined;
  return promise;
}

export function callName(p: Pick<PendingCall, 'kind' | 'modid' | 'cmdid'>): string {
  return `${p.kind === 0 ? 'getHost' : 'getRoute'}(${p.modid}, ${p.cmdid})`;
}
